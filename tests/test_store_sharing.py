"""`lbx ingest` and a running dashboard share one store: neither dies on DuckDB's file lock, and the
dashboard shows new papers without a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from extractor.store import Store
from extractor.store_access import LingeringReader, StoreBusy, open_store, store_version, writer_waiting

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").iterdir())
APP = ROOT / "dashboard" / "app.py"


def _lbx() -> list[str]:
    exe = Path(sys.executable).with_name("lbx")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from extractor.cli import main; main()"]


def _ingest(db: Path, *inputs: Path, wait: str = "20") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LBX_LOCK_WAIT": wait}
    return subprocess.run([*_lbx(), "ingest", *map(str, inputs), "--db", str(db), "--workers", "1"],
                          capture_output=True, text=True, env=env, timeout=120)


def _papers(db: Path) -> int:
    with open_store(db, read_only=True) as store:
        return int(store.scalar("SELECT count(*) FROM papers"))


# The dashboard's data layer in a process of its own, querying without pause (every cache dropped
# before each page run), the worst case for a writer; it prints the papers count of each run.
DASHBOARD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from streamlit.testing.v1 import AppTest
    import streamlit as st
    stop = Path(sys.argv[1])
    at = AppTest.from_file(sys.argv[2], default_timeout=60)
    while not stop.exists():
        st.cache_data.clear()
        at.run()
        if at.exception:
            print("exception", at.exception[0].value, flush=True)
            sys.exit(1)
        print("papers", at.metric[0].value, flush=True)
        time.sleep(0.05)
    """
)


def test_ingest_while_the_dashboard_reads_both_succeed(tmp_path):
    db = tmp_path / "shared.duckdb"
    assert _ingest(db, SEEDS[0]).returncode == 0
    first = _papers(db)
    stop = tmp_path / "stop"
    script = tmp_path / "dashboard_loop.py"
    script.write_text(DASHBOARD)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LBX_DB": str(db), "LBX_LOCK_WAIT": "20"}
    dash = subprocess.Popen([sys.executable, str(script), str(stop), str(APP)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert dash.stdout.readline().split() == ["papers", f"{first:,}"]
        done = _ingest(db, *SEEDS[1:], wait="20")
        assert done.returncode == 0, done.stderr
        assert "stored in" in done.stderr and "Traceback" not in done.stderr
        after = _papers(db)
        assert after > first
        deadline = time.monotonic() + 30
        seen = None
        while time.monotonic() < deadline and seen != f"{after:,}":
            seen = dash.stdout.readline().split()[-1]
        assert seen == f"{after:,}", "the dashboard did not show the new papers"
    finally:
        stop.touch()
        out, err = dash.communicate(timeout=60)
    assert dash.returncode == 0, out[-2000:] + err[-2000:]


def test_the_dashboard_picks_up_new_papers_without_a_restart(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    db = tmp_path / "fresh.duckdb"
    assert _ingest(db, SEEDS[0]).returncode == 0
    monkeypatch.setenv("LBX_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    before = at.metric[0].value
    assert _ingest(db, *SEEDS[1:]).returncode == 0  # waits for the dashboard's connection to close
    at.run()
    assert not at.exception
    assert at.metric[0].value == f"{_papers(db):,}" != before


def test_a_reader_connection_closes_soon_after_its_last_query(tmp_path):
    db = tmp_path / "r.duckdb"
    Store(db).close()
    reader = LingeringReader(db, linger=0.2)
    with reader.use() as store:
        assert store.scalar("SELECT count(*) FROM papers") == 0
    assert reader.is_open
    time.sleep(0.5)
    assert not reader.is_open
    with Store(db):  # a writer gets in
        pass


def test_a_waiting_writer_makes_readers_step_aside(tmp_path):
    db = tmp_path / "w.duckdb"
    Store(db).close()
    reader = LingeringReader(db, linger=60, wait=0.3)
    with reader.use():
        pass
    assert reader.is_open
    note = Path(f"{db}.writer")
    note.write_text(str(os.getppid()))  # a live process that is not this one
    try:
        assert writer_waiting(db)
        with pytest.raises(StoreBusy, match="waiting to write"):
            with reader.use():
                pass
        assert not reader.is_open
    finally:
        note.unlink()


def test_a_note_left_by_a_dead_writer_is_ignored(tmp_path):
    db = tmp_path / "d.duckdb"
    Store(db).close()
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    Path(f"{db}.writer").write_text(proc.stdout.strip())
    assert not writer_waiting(db)
    with open_store(db, read_only=True, wait=0):
        pass


def test_store_version_moves_when_the_store_is_written(tmp_path):
    db = tmp_path / "v.duckdb"
    Store(db).close()
    before = store_version(db)
    time.sleep(0.01)
    assert _ingest(db, SEEDS[0]).returncode == 0
    assert store_version(db) != before
