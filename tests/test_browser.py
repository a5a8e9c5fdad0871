"""The dashboard in a real browser: `lbx dashboard` on a local port, driven in headless Chromium.

Playwright drives Debian's Chromium (installed by `make browser` and by .ci/run); it never downloads
a browser of its own. The test is skipped only when that Chromium is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_dashboard_apptest import fixture_items
from test_leaderboard_page import board_items

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 90
UI_TIMEOUT = 30_000  # ms


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lbx() -> list[str]:
    exe = Path(sys.executable).with_name("lbx")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "extractor.cli"]


def _wait_ready(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`lbx dashboard` exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"`lbx dashboard` was not ready after {START_TIMEOUT}s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    from extractor.store import Store

    db = tmp / "fixtures.duckdb"
    with Store(db) as store:  # the AppTest fixtures, and ImageNet-1K boards with two metrics and a val split
        store.ingest([*fixture_items(), *board_items()])
    port = _free_port()
    log = tmp / "dashboard.log"
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "HOME": str(tmp)}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*_lbx(), "dashboard", "--db", str(db), "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(f"http://localhost:{port}/_stcore/health", proc, log)
        yield f"http://localhost:{port}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"Debian Chromium is not installed at {CHROMIUM} (`make browser` could not install it)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1700},
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


def test_pick_mathvista_and_see_vl_rethinker_on_top(dashboard_url, page):
    from playwright.sync_api import expect

    # Start on another benchmark, so the pick below is what brings MathVista up.
    page.goto(f"{dashboard_url}/leaderboard?benchmark=MathVerse", wait_until="domcontentloaded")
    expect(page.get_by_text("Top: VL-Rethinker — 61.8%")).to_be_visible(timeout=UI_TIMEOUT)

    picker = page.get_by_role("combobox", name="Benchmark")
    picker.click()
    page.keyboard.type("MathVista")
    page.get_by_role("option", name=re.compile(r"^MathVista\b")).first.click()

    expect(page.get_by_text("Top: VL-Rethinker — 80.3%")).to_be_visible(timeout=UI_TIMEOUT)
    expect(picker).to_have_value(re.compile(r"^MathVista\b"))
    expect(page.get_by_test_id("stText").get_by_text("↑ higher is better")).to_be_visible()
    # The ranked table's first row, from the accessible copy the data grid keeps of its canvas.
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table.locator('th[aria-colindex="2"]')).to_have_text("model")
    expect(table.locator('th[aria-colindex="3"]')).to_have_text("value")
    expect(table.get_by_test_id("glide-cell-0-0")).to_have_text("1", timeout=UI_TIMEOUT)
    expect(table.get_by_test_id("glide-cell-1-0")).to_have_text("VL-Rethinker")
    expect(table.get_by_test_id("glide-cell-2-0")).to_have_text("80.3%")
    # Both charts drew.
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2, timeout=UI_TIMEOUT)
    picker.blur()
    page.wait_for_timeout(1500)  # let the charts finish their first paint

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "leaderboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def _shot(page, name: str) -> None:
    page.wait_for_timeout(800)  # let charts and tables finish their first paint
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_viewer_mode_has_no_deploy_button(dashboard_url, page):
    from playwright.sync_api import expect

    page.goto(dashboard_url, wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=UI_TIMEOUT)
    expect(page.get_by_test_id("stAppDeployButton")).to_have_count(0)
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    _shot(page, "overview")


def test_find_a_benchmark_by_alias_and_open_its_board(dashboard_url, page):
    from playwright.sync_api import expect

    page.goto(f"{dashboard_url}/browse", wait_until="domcontentloaded")
    box = page.get_by_label("Find a benchmark")
    expect(box).to_be_visible(timeout=UI_TIMEOUT)
    box.fill("ILSVRC-2012")
    box.press("Enter")
    link = page.get_by_role("link", name=re.compile(r"Open the board: ImageNet-1K"))
    expect(link).to_be_visible(timeout=UI_TIMEOUT)
    _shot(page, "browse-alias")
    link.click()
    expect(page.get_by_role("heading", name="Leaderboard")).to_be_visible(timeout=UI_TIMEOUT)
    expect(page.get_by_text("Top: ViT-H/14")).to_be_visible(timeout=UI_TIMEOUT)
    _shot(page, "board-from-alias")


def test_open_a_model_page_then_compare_two_models(dashboard_url, page):
    from playwright.sync_api import expect

    page.goto(f"{dashboard_url}/model", wait_until="domcontentloaded")
    box = page.get_by_label("Find a model")
    expect(box).to_be_visible(timeout=UI_TIMEOUT)
    box.fill("rethink")
    box.press("Enter")
    expect(page.get_by_text("5 records from 1 paper, on 3 benchmarks")).to_be_visible(timeout=UI_TIMEOUT)
    assert "model=VL-Rethinker" in page.url
    _shot(page, "model-page")

    page.goto(f"{dashboard_url}/compare?models=VL-Rethinker,OpenVLThinker", wait_until="domcontentloaded")
    expect(page.get_by_text(re.compile(r"with results from two or more of these models"))).to_be_visible(timeout=UI_TIMEOUT)
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table.get_by_test_id("glide-cell-0-0")).to_have_text("MathVista", timeout=UI_TIMEOUT)
    _shot(page, "compare")
    # The shared address reloads to the same comparison.
    page.reload(wait_until="domcontentloaded")
    expect(page.locator('[data-testid="stDataFrame"]').first.get_by_test_id("glide-cell-0-0")).to_have_text(
        "MathVista", timeout=UI_TIMEOUT)


def _grid_scrolls_sideways(page) -> bool:
    """Whether the first table needs a horizontal scroll bar to show its columns."""
    return page.locator('[data-testid="stDataFrame"] .dvn-scroller').first.evaluate(
        "el => el.scrollWidth > el.clientWidth + 1")


def test_board_at_1440_px_shared_with_metric_and_split_then_open_a_paper(dashboard_url, page):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1440, "height": 1300})
    page.goto(f"{dashboard_url}/leaderboard?benchmark=ImageNet-1K", wait_until="domcontentloaded")
    expect(page.get_by_text("Top: ViT-H/14 — 88.55%")).to_be_visible(timeout=UI_TIMEOUT)
    table = page.locator('[data-testid="stDataFrame"]').first
    headers = [table.locator(f'th[aria-colindex="{i}"]') for i in range(1, 10)]
    expect(headers[3]).to_have_text("top5_accuracy", timeout=UI_TIMEOUT)
    assert [h.inner_text() for h in headers] == [
        "rank", "model", "value", "top5_accuracy", "paper", "code", "date", "evidence", "abstract"]
    # The grid's accessible copy holds the links (the canvas draws the title and the code's host).
    expect(table.get_by_test_id("glide-cell-4-0")).to_have_text(re.compile(r"^https://arxiv\.org/abs/2010\.11929#An%20image"))
    expect(table.get_by_test_id("glide-cell-5-1")).to_have_text("https://gitlab.com/facebook/convnext")
    assert not _grid_scrolls_sideways(page), "the board's columns do not fit a 1440 px window"
    _shot(page, "board-1440")

    # Rank by top-5 on the val split... of which there is none for top-5: val has top-1 only.
    split = page.get_by_role("combobox", name="Split")
    split.click()
    page.get_by_role("option", name="val").click()
    expect(page.get_by_text("Top: Swin-L — 87.3%")).to_be_visible(timeout=UI_TIMEOUT)
    expect(page).to_have_url(re.compile(r"metric=top1_accuracy.*split=val|split=val.*metric=top1_accuracy"))
    shared = page.url
    _shot(page, "board-val-split")

    # The address is the board: opened afresh it shows the same one.
    page.goto(shared, wait_until="domcontentloaded")
    expect(page.get_by_text("Top: Swin-L — 87.3%")).to_be_visible(timeout=UI_TIMEOUT)
    expect(page.get_by_role("combobox", name="Split")).to_have_value("val")
    _shot(page, "board-shared-reloaded")

    # Open the first entry's paper view from the board.
    page.goto(f"{dashboard_url}/leaderboard?benchmark=MathVista", wait_until="domcontentloaded")
    expect(page.get_by_text("Top: VL-Rethinker — 80.3%")).to_be_visible(timeout=UI_TIMEOUT)
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid.get_by_test_id("glide-cell-7-0")).to_have_text("paper?paper=vl-rethinker", timeout=UI_TIMEOUT)
    # The grid is a canvas: click the first row's icon in the last column (abstract, 48 px wide).
    page.wait_for_timeout(1500)  # let the grid finish its first paint
    box = grid.locator("canvas").first.bounding_box()
    x, y = box["x"] + box["width"] - 24, box["y"] + 36 + 34
    page.mouse.move(x, y)
    with page.context.expect_page() as opened:
        page.mouse.click(x, y)
    paper = opened.value
    paper.wait_for_load_state("domcontentloaded")
    expect(paper.get_by_role("heading", name="Paper view")).to_be_visible(timeout=UI_TIMEOUT)
    expect(paper.locator("mark.lbx-claim", has_text="80.3%")).to_be_visible(timeout=UI_TIMEOUT)
    paper.wait_for_timeout(800)
    paper.screenshot(path=str(ARTIFACTS / "paper-from-board.png"), full_page=True)
    paper.close()


def test_an_unknown_benchmark_in_the_address_says_so(dashboard_url, page):
    from playwright.sync_api import expect

    page.goto(f"{dashboard_url}/leaderboard?benchmark=MathVistaa", wait_until="domcontentloaded")
    expect(page.get_by_text("No benchmark in this store is called “MathVistaa”")).to_be_visible(timeout=UI_TIMEOUT)
    expect(page.get_by_role("link", name=re.compile(r"^MathVista"))).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    _shot(page, "board-unknown")
