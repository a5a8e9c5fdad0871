"""The dashboard's "this entry is wrong": the flagged entry leaves the leaderboard and the flag is in the store."""

from __future__ import annotations

import pytest

pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest  # noqa: E402

from test_dashboard_apptest import APP, TIMEOUT, _open, build_fixture_store  # noqa: E402


def test_flagging_an_entry_removes_it_from_the_board(tmp_path, monkeypatch):
    from extractor.store import Store

    path = build_fixture_store(tmp_path / "flag.duckdb")
    monkeypatch.setenv("LBX_DB", str(path))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at = _open(at, "leaderboard")
    at.text_input(key="lb_query").input("mathvista").run()
    before = list(at.dataframe[0].value["model"])
    assert before[0] == "VL-Rethinker"
    entry = at.selectbox(key="lb_flag_entry_MathVista")
    assert entry.options[0].startswith("#1 VL-Rethinker")
    at.text_input(key="lb_flag_reason").input("number of another model").run()
    at.button(key="lb_flag").click().run()
    assert not at.exception, [e.value for e in at.exception]
    after = list(at.dataframe[0].value["model"])
    assert "VL-Rethinker" not in after and after == before[1:]
    with Store(path, read_only=True) as store:
        assert [r["reason"] for r in store.records("SELECT reason FROM corrections")] == ["number of another model"]
