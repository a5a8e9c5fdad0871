"""One CSV policy for every CSV lbx writes: each writer's real output, read back with the csv module,
has its formula-like text cells neutralised and its number columns still numbers.

Writers: ``lbx extract -o .csv`` and ``lbx parse -o .csv`` (the streaming writer), ``lbx export``,
``lbx board``/``lbx boards`` (the read commands' ``--format csv``) and the dashboard's downloads.
"""

from __future__ import annotations

import csv
import io
import json
import string
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import extractor.exports
import extractor.outputs
from extractor.cli import _register, app
from extractor.csv_policy import FORMULA_START, neutralise
from extractor.pipeline import warm_up
from extractor.store import Store
from test_store import item, paper, wer

_register()

TITLE = '=HYPERLINK("http://x","y")'
CMD = "=cmd|' /C calc'!A0"
ABSTRACT = (f"{CMD} Our method reduces WER by -1.5 points on LibriSpeech test-clean, reaching 2.1% WER. "
            "Accuracy changes by -1.5% on ImageNet compared to the baseline.")
NUMERIC = {"value", "value_high", "start", "end", "authors_count", "line", "rank"}
# What a left-alone cell that starts like a formula may hold: a number's characters, no name or call.
NUMBER_CHARS = set(string.digits + ".,eE+-% \t\n\r\x0b\x0c")


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def read_csv(path: Path | str | bytes) -> list[dict[str, str]]:
    text = path.decode("utf-8") if isinstance(path, bytes) else Path(path).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def assert_safe(rows: list[dict[str, str]], numeric: set[str] = NUMERIC) -> None:
    """No cell or header name starts like a formula unless it is a plain number; number columns parse."""
    assert rows
    for name in rows[0]:
        assert not name.startswith(FORMULA_START), name
    for row in rows:
        for name, cell in row.items():
            if name in numeric:
                assert cell == "" or isinstance(float(cell), float), (name, cell)
            elif cell.startswith(FORMULA_START):
                assert set(cell) <= NUMBER_CHARS, (name, cell)


@pytest.fixture
def hostile_jsonl(tmp_path) -> Path:
    # One worker loads the rules inside the first paper's 0.5 s budget; on a busy machine that can
    # cost the paper its claims, so load them first.
    warm_up()
    path = tmp_path / "papers.jsonl"
    row = {"id": "p1", "title": TITLE, "abstract": ABSTRACT, "authors": ["@evil", "B. Two"]}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def hostile_db(tmp_path) -> Path:
    """A store whose records carry hostile text and a negative value (-1.5)."""
    db = tmp_path / "lbx.duckdb"
    with Store(db) as s:
        s.ingest([item(paper("p1", title=TITLE, authors=["@evil"]),
                       wer("p1", -1.5, TITLE, paper_title=TITLE, kind="delta", text="-1.5",
                           sentence=f"{CMD} gains -1.5 on LibriSpeech."),
                       wer("p1", 3.4, TITLE, text="3.4%"),
                       wer("p1", 2.1, "-minus", text="2.1%", sentence="+SUM(A1) reaches 2.1% on LibriSpeech."))])
    return db


def test_one_policy_function():
    assert extractor.exports.neutralise is neutralise and extractor.outputs.neutralise is neutralise


def test_extract_csv(tmp_path, hostile_jsonl):
    out = tmp_path / "records.csv"
    run("extract", hostile_jsonl, "-o", out, "--workers", "1")
    rows = read_csv(out)
    assert_safe(rows)
    assert {r["paper_title"] for r in rows} == {"'" + TITLE}
    assert rows[0]["sentence"].startswith("'" + CMD)
    by_text = {r["value_text"]: r for r in rows}
    assert set(by_text) == {"'-1.5 points", "2.1%", "-1.5%"}  # "-1.5%" is a plain number: left alone
    assert float(by_text["'-1.5 points"]["value"]) == 1.5 and by_text["'-1.5 points"]["kind"] == "delta"
    assert by_text["'-1.5 points"]["value_high"] == ""  # None stays empty
    assert int(by_text["2.1%"]["start"]) < int(by_text["2.1%"]["end"])


def test_parse_csv(tmp_path, hostile_jsonl):
    out = tmp_path / "papers.csv"
    run("parse", hostile_jsonl, "-o", out)
    (row,) = read_csv(out)
    assert_safe([row])
    assert row["title"] == "'" + TITLE and row["abstract"].startswith("'" + CMD)
    assert row["authors"] == "'@evil; B. Two" and row["authors_count"] == "2" and row["date"] == ""


def test_streaming_writer_keeps_a_negative_float_a_number(tmp_path):
    out = tmp_path / "records.csv"
    with extractor.outputs.open_writer(out, kind="claims") as writer:
        writer.write({"paper_id": "p1", "paper_title": "-minus", "value": -1.5, "value_text": "-1.5", "start": 0, "end": 4})
    (row,) = read_csv(out)
    assert row["value"] == "-1.5" and float(row["value"]) == -1.5 and row["value_text"] == "-1.5"
    assert row["paper_title"] == "'-minus" and row["value_high"] == ""


@pytest.mark.parametrize("what", ["records", "boards"])
def test_export_csv(tmp_path, hostile_db, what):
    out = tmp_path / f"{what}.csv"
    run("export", "--db", hostile_db, "--what", what, "-o", out)
    rows = read_csv(out)
    assert_safe(rows)
    assert "'" + TITLE in {r["paper_title"] for r in rows}
    if what == "records":
        (delta,) = (r for r in rows if r["kind"] == "delta")
        assert delta["model"] == "'" + TITLE and delta["value"] == "-1.5" and float(delta["value"]) == -1.5
        assert delta["sentence"].startswith("'" + CMD) and delta["value_text"] == "-1.5" and delta["value_high"] == ""
        (minus,) = (r for r in rows if r["model"] == "'-minus")
        assert minus["sentence"].startswith("'+SUM") and float(minus["value"]) == 2.1


def test_read_commands_csv(tmp_path, hostile_db):
    board = tmp_path / "board.csv"
    run("board", "LibriSpeech", "--db", hostile_db, "-o", board)
    rows = read_csv(board)
    assert_safe(rows)
    assert "'-minus" in {r["model"] for r in rows} and all(r["evidence"].startswith("'") for r in rows)
    boards = tmp_path / "boards.csv"
    run("boards", "--db", hostile_db, "-o", boards)
    assert_safe(read_csv(boards), {"entries", "held", "claims"})


def test_dashboard_downloads(hostile_db):
    from dashboard.compare import compare_matrix
    from dashboard.data import claims_export, export_bytes
    from dashboard.model_data import claims_of_models

    rows = read_csv(claims_export(str(hostile_db), "csv"))  # the Claims page's download
    assert_safe(rows)
    assert {r["model"] for r in rows} == {"'" + TITLE, "'-minus"}
    assert -1.5 in {float(r["value"]) for r in rows}
    # The compare page's matrix has a column per model, so a hostile model name is a header cell.
    matrix = compare_matrix(claims_of_models(str(hostile_db), (TITLE, "-minus")), [TITLE, "-minus"])
    (row,) = read_csv(export_bytes(matrix, "csv"))
    assert_safe([row], {"'" + TITLE, "'-minus"})
    assert float(row["'" + TITLE]) == 3.4 and float(row["'-minus"]) == 2.1
    assert json.loads(export_bytes(matrix, "json"))[0].keys() >= {TITLE, "-minus"}  # only CSV is neutralised


def test_frame_and_rows_writers_agree():
    frame = pd.DataFrame({"=a": [TITLE, None, "-2.5%"], "value": [-1.5, None, 3.0]})
    via_frame = io.StringIO()
    extractor.exports.write_frame(frame, "csv", via_frame)
    via_rows = io.StringIO()
    extractor.exports.write_records(frame.to_dict("records"), list(frame.columns), "csv", via_rows)
    assert via_frame.getvalue() == via_rows.getvalue() == f"""'=a,value\n"'{TITLE.replace('"', '""')}",-1.5\n,\n-2.5%,3.0\n"""


# -- the policy itself -----------------------------------------------------------------------------
RISKY = st.tuples(st.sampled_from(FORMULA_START), st.text()).map("".join)
NUMBER_TEXT = st.floats(allow_nan=False, allow_infinity=False).flatmap(
    lambda f: st.sampled_from([f"{f:+g}", f"{f:g}", f"{f:+.2f}%", repr(f)]))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), RISKY, NUMBER_TEXT))
def test_policy_properties(text):
    out = neutralise(text)
    assert out in (text, "'" + text)  # nothing but the one prefix, so the text is kept whole
    assert neutralise(out) == out  # a neutralised cell is safe as it is
    if out.startswith(FORMULA_START):  # left alone: only a number's characters, ASCII
        assert set(out) <= NUMBER_CHARS and any(c.isdigit() for c in out) and out.isascii()
    if not text.startswith(FORMULA_START):
        assert out == text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FORMULA_START), st.text(), st.sampled_from(list('(|!=@"A:')), st.text())
def test_policy_neutralises_formula_text(start, before, marker, after):
    text = start + before + marker + after
    assert neutralise(text) == "'" + text


@settings(max_examples=200, deadline=None)
@given(st.one_of(NUMBER_TEXT, st.floats(allow_nan=False), st.integers(), st.none(), st.booleans()))
def test_policy_keeps_numbers_and_non_text(value):
    assert neutralise(value) == value
