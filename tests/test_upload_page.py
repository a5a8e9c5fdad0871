"""The Upload page: binary files refused with a clear message; adding says how many papers are new
and how many replaced, and which boards changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from test_dashboard_apptest import build_fixture_store

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
LINE = {"id": "uploaded-1", "title": "An uploaded paper", "abstract": "Our model reaches 91.5% accuracy on MMLU."}


@pytest.fixture
def upload(tmp_path, monkeypatch):
    import streamlit as st

    st.cache_data.clear()
    monkeypatch.setenv("LBX_DB", str(build_fixture_store(tmp_path / "upload.duckdb")))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("views/upload.py")
    return at.run()


def _send(at, name: str, content: bytes):
    at.file_uploader[0].set_value((name, content, "application/octet-stream"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("name, content", [("paper.pdf", b"%PDF-1.7\n\x00\x01binary"), ("sheet.xlsx", b"PK\x03\x04" + bytes(64))])
def test_binary_upload_is_refused(upload, name, content):
    at = _send(upload, name, content)
    assert at.error and "is not a text file" in at.error[0].value and name in at.error[0].value
    assert not at.button  # nothing to add


def test_adding_twice_says_new_then_replaced_and_names_the_boards(upload):
    body = (json.dumps(LINE) + "\n").encode()
    at = _send(upload, "papers.jsonl", body)
    at.button(key="up_add").click().run()
    assert "1 new, 0 replaced" in at.success[0].value
    assert any("MMLU" in str(link.proto.label) for link in at.get("page_link"))
    at = _send(at, "again.jsonl", body)
    at.button(key="up_add").click().run()
    assert "0 new, 1 replaced" in at.success[0].value
