"""Exports: golden CSV and JSON of a small store, CSV injection, round trips, the export command.

Set LBX_UPDATE_GOLDEN=1 to rewrite the files in tests/golden/ after an intended change.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import extractor.cli.store_cmds  # noqa: F401  (registers the commands)
from extractor.cli import app
from extractor.exports import FORMATS, export, neutralise
from extractor.store import Store
from schemas import Claim, Paper
from test_store import acc, claim, item, paper, store, wer  # noqa: F401  (store is a fixture)

GOLDEN = Path(__file__).resolve().parent / "golden"
INJECTED = '=HYPERLINK("http://evil.example","click")'


def small_store(s: Store) -> Store:
    s.ingest([
        item(paper("2401.00001", title="Fast speech", date="2024-01", authors=["A. One", "B. Two"], authors_count=2,
                   categories=["cs.CL"], source="papers.jsonl", line=1),
             wer("2401.00001", 1.9, "Sonic", split="test-clean", qualifiers=["without language model"]),
             wer("2401.00001", 4.2, "Sonic", split="test-other"),
             wer("2401.00001", 13.7, "Sonic", kind="relative", text="+13.7", unit="%")),
        item(paper("2402.00002", title="Big vision", date="2024-02", url="https://example.org/big", source="papers.jsonl",
                   line=2),
             acc("2402.00002", 88.5, "ViT-Big", qualifiers=["fine-tuned"]),
             acc("2402.00002", 0.871, "ViT-Small", unit=None),
             claim("2402.00002", 3.0, unit="x", kind="efficiency", benchmark_id="ImageNet", model="ViT-Big")),
        item(paper("2402.00003", title="No results", date="2024-02", source="papers.jsonl", line=3)),
    ])
    return s


@pytest.mark.parametrize(("what", "fmt"), [("records", "csv"), ("records", "json"), ("papers", "csv"),
                                           ("boards", "csv"), ("boards", "json")])
def test_golden_exports(store, what, fmt):
    out = io.StringIO()
    export(small_store(store), what, fmt, out)
    golden = GOLDEN / f"{what}.{fmt}"
    if os.environ.get("LBX_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == golden.read_text(encoding="utf-8")


def test_jsonl_lines_are_valid_records_again(store):
    small_store(store)
    for what, model in (("records", Claim), ("papers", Paper)):
        out = io.StringIO()
        n = export(store, what, "jsonl", out)
        lines = out.getvalue().splitlines()
        assert len(lines) == n > 0
        assert all(model.model_validate_json(line) for line in lines)


def test_parquet_round_trip(store, tmp_path):
    small_store(store)
    target = tmp_path / "boards.parquet"
    n = export(store, "boards", "parquet", target)
    back = pd.read_parquet(target)
    assert len(back) == n and list(back["value"])[:2] == [87.1, 88.5] and back["rescaled"][0]
    with pytest.raises(ValueError):
        export(store, "boards", "parquet", io.StringIO())


# -- CSV injection -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("+13.7", "+13.7"),
        ("-0.5", "-0.5"),
        ("-2.5%", "-2.5%"),
        ("ResNet-50", "ResNet-50"),
        (13.7, 13.7),
        (None, None),
    ],
)
def test_neutralise(cell, shown):
    assert neutralise(cell) == shown


def test_csv_injection_is_neutralised_and_numbers_stay_numbers(store):
    store.ingest([item(paper("p1", title="@attack"),
                       wer("p1", 13.7, INJECTED, kind="delta", text="+13.7"),
                       wer("p1", 2.0, "-minus", sentence="=cmd reaches 2 on the benchmark."))])
    out = io.StringIO()
    export(store, "records", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["model"] == "'" + INJECTED
    assert rows[0]["value"] == "13.7" and float(rows[0]["value"]) == 13.7
    assert rows[0]["value_text"] == "+13.7"
    assert rows[1]["model"] == "'-minus" and rows[1]["sentence"].startswith("'=cmd")
    board_out = io.StringIO()
    export(store, "boards", "csv", board_out)
    (board_row,) = csv.DictReader(io.StringIO(board_out.getvalue()))
    assert board_row["paper_title"] == "'@attack" and board_row["value"] == "2.0" and board_row["rank"] == "1"
    json_out = io.StringIO()
    export(store, "records", "json", json_out)
    assert json.loads(json_out.getvalue())[0]["model"] == INJECTED  # only CSV is neutralised


# -- command ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command_writes_every_format(tmp_path, fmt):
    db = tmp_path / "lbx.duckdb"
    with Store(db) as s:
        small_store(s)
    target = tmp_path / f"records.{fmt}"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--what", "records", "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "6 records rows" in result.stderr
    assert target.stat().st_size > 0


def test_export_golden_through_the_command(tmp_path):
    db = tmp_path / "lbx.duckdb"
    with Store(db) as s:
        small_store(s)
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--what", "boards", "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "boards.json").read_text(encoding="utf-8")
