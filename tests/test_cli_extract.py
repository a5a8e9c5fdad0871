"""lbx parse / extract / eval / rules from the command line."""

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from extractor.cli import _register, app

FIX = Path(__file__).resolve().parent.parent / "fixtures"
_register()


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".parquet"])
def test_extract_writes_each_format(tmp_path, suffix):
    out = tmp_path / f"records{suffix}"
    res = run("extract", FIX / "papers", "-o", out, "--workers", "1")
    assert res.exit_code == 0, res.output
    if suffix == ".jsonl":
        rows = [json.loads(l) for l in out.read_text().splitlines()]
    elif suffix == ".json":
        rows = json.loads(out.read_text())
    elif suffix == ".csv":
        import csv

        rows = list(csv.DictReader(out.open()))
    else:
        rows = pq.read_table(out).to_pylist()
    assert len(rows) > 20
    vl = [r for r in rows if str(r["paper_id"]).startswith("vl-rethinker") and float(r["value"]) == 80.3]
    assert vl and vl[0]["benchmark"] == "MathVista"


def test_extract_to_stdout_and_summary(tmp_path):
    res = run("extract", FIX / "papers" / "abstracts.jsonl", "-o", "-", "--workers", "1")
    assert res.exit_code == 0
    lines = [l for l in res.stdout.splitlines() if l.startswith("{")]
    assert lines and all(json.loads(l)["rule"] for l in lines)
    assert "papers read: 10; papers with claims:" in res.output


def test_bad_records_are_reported_with_file_and_line_and_the_rest_is_read(tmp_path):
    out = tmp_path / "r.jsonl"
    res = run("extract", FIX / "formats" / "bad_line.jsonl", "-o", out, "--issues", tmp_path / "issues.jsonl")
    assert res.exit_code == 0
    assert "bad_line.jsonl:2" in res.output
    assert "papers read: " in res.output and "papers read: 0" not in res.output
    issues = [json.loads(l) for l in (tmp_path / "issues.jsonl").read_text().splitlines()]
    assert any(i["type"] == "bad-record" and i["line"] == 2 for i in issues)


def test_parallel_extraction_matches_serial(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("extract", FIX / "papers", FIX / "seeds", "-o", a, "--workers", "1").exit_code == 0
    assert run("extract", FIX / "papers", FIX / "seeds", "-o", b, "--workers", "2").exit_code == 0
    assert a.read_text() == b.read_text()


def test_parse_writes_papers(tmp_path):
    out = tmp_path / "papers.jsonl"
    res = run("parse", FIX / "seeds", "-o", out)
    assert res.exit_code == 0
    papers = [json.loads(l) for l in out.read_text().splitlines()]
    assert len(papers) == 24 + 7 + 209 + 1 + 2
    assert all(p["source"] and p["line"] for p in papers)


def test_unknown_output_extension_is_a_clear_error(tmp_path):
    res = run("extract", FIX / "papers", "-o", tmp_path / "out.xlsx")
    assert res.exit_code == 2
    assert "out.xlsx" in res.stderr and "Traceback" not in res.output


def test_missing_input_is_a_clear_error(tmp_path):
    res = run("extract", tmp_path / "nope.jsonl", "-o", tmp_path / "o.jsonl")
    assert res.exit_code == 2
    assert "nope.jsonl" in res.output


def test_eval_against_gold_like_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "p1", "title": "T", "abstract": "Our model reaches 80.3% on MathVista.",
                                "claims": [{"value": 80.3, "kind": "score", "benchmark": "MathVista"}]}) + "\n")
    res = run("eval", gold)
    assert res.exit_code == 0, res.output
    assert "strict      P=1.000 R=1.000 F1=1.000" in res.output


def test_rules_list_and_check():
    res = run("rules", "list")
    assert res.exit_code == 0 and "delta-signed" in res.output
    res = run("rules", "check")
    assert res.exit_code == 0 and "0 failing" in res.output


def test_rules_check_names_a_broken_file(tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rules]]\nid = "x"\nkind = "nope"\nsign = "+"\nmatch = [["+1", 1]]\n')
    res = run("rules", "check", bad)
    assert res.exit_code == 1
    assert "rules.toml" in res.output and "rule 'x'" in res.output
