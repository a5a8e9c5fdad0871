"""The first-run demo (`make run`: `lbx ingest fixtures/seeds fixtures/demo`) draws timelines: the
demo file dates seed papers, adding no paper of its own, and their boards get dated entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import BadRecord

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEMO = FIXTURES / "demo" / "dated-seed-papers.jsonl"


def _seed_papers() -> dict[str, str]:
    from extractor.readers import read_papers

    return {p.title: p.abstract for p in read_papers([FIXTURES / "seeds"]) if not isinstance(p, BadRecord)}


def test_every_demo_line_is_a_seed_paper_with_its_arxiv_id_and_date():
    from extractor.boards import paper_link

    seeds = _seed_papers()
    lines = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    assert len(lines) >= 10
    for line in lines:
        assert seeds.get(line["title"]) == line["abstract"], line["title"]
        assert paper_link(line["id"]) == f"https://arxiv.org/abs/{line['id']}"
        # An arXiv id says the month it was submitted: the date agrees with it.
        assert line["date"][2:7].replace("-", "") == line["id"][:4], line["id"]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    from extractor.pipeline import extract_stream
    from extractor.readers import read_papers
    from extractor.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as store:
        store.ingest(extract_stream(read_papers([FIXTURES / "seeds", FIXTURES / "demo"])))
    return path


def test_the_demo_boards_have_dated_entries_and_a_timeline(demo_store):
    from extractor.boards import board, sota_progression
    from extractor.store import Store

    with Store(demo_store, read_only=True) as store:
        lines = len(DEMO.read_text(encoding="utf-8").splitlines())
        assert store.scalar("SELECT count(*) FROM paper_links") == lines  # each seed copy points to its dated one
        coco = board(store, "COCO", metric="box_ap")
    ranked = coco.rows[coco.rows["rank"].notna()]
    assert ranked["date"].notna().sum() >= 2
    assert ranked["paper_id"].str.match(r"^\d{4}\.\d{5}$").all()  # the arXiv copies are the ones shown
    assert len(sota_progression(ranked, coco.higher_is_better)) >= 2


def test_the_demo_leaderboard_draws_its_timeline(demo_store, monkeypatch):
    pytest.importorskip("streamlit.testing.v1")
    from streamlit.testing.v1 import AppTest
    from test_dashboard_apptest import APP, TIMEOUT

    monkeypatch.setenv("LBX_DB", str(demo_store))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["benchmark"] = "COCO"
    at.switch_page("views/leaderboard.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("vega_lite_chart")) == 2 and not any("no timeline" in i.value for i in at.info)
    assert at.dataframe[0].value["paper"].str.startswith("https://arxiv.org/abs/").all()
