"""Conflicts: the same model on the same board partition claimed with different values."""

from __future__ import annotations

from typer.testing import CliRunner

import extractor.cli.store_cmds  # noqa: F401  (registers the store commands)
from extractor.cli import app
from extractor.conflicts import conflicts
from extractor.store import Store
from test_store import acc, item, paper, store, wer  # noqa: F401  (store is a fixture)


def test_two_papers_disagreeing_on_one_model_are_a_conflict_with_both_sentences(store):
    store.ingest([
        item(paper("p1"), acc("p1", 81.2, "ViT-B"), acc("p1", 75.0, "ResNet")),
        item(paper("p2"), acc("p2", 79.9, "vit-b"), acc("p2", 75.0, "ResNet")),
    ])
    found = conflicts(store)
    assert [(c["model"], c["paper_a"], c["value_a"], c["paper_b"], c["value_b"]) for c in found] == [
        ("ViT-B", "p1", 81.2, "p2", 79.9),
    ]
    assert found[0]["evidence_a"] == "ViT-B reaches 81.2 on the benchmark."
    assert found[0]["evidence_b"] == "vit-b reaches 79.9 on the benchmark."


def test_a_fraction_and_its_percentage_different_partitions_and_unnamed_rows_are_not_conflicts(store):
    store.ingest([
        item(paper("p1"), acc("p1", 81.2, "ViT-B"), acc("p1", 70.0, None), wer("p1", 2.0, "S", split="test-clean")),
        item(paper("p2"), acc("p2", 0.812, "ViT-B", unit=None), acc("p2", 60.0, None), wer("p2", 4.0, "S", split="test-other")),
    ])
    assert conflicts(store) == []


def test_conflicts_command_filters_by_benchmark(tmp_path):
    db = tmp_path / "c.duckdb"
    with Store(db) as s:
        s.ingest([item(paper("p1"), acc("p1", 81.2, "ViT-B"), wer("p1", 2.0, "S")),
                  item(paper("p2"), acc("p2", 79.9, "ViT-B"), wer("p2", 3.0, "S"))])
    out = CliRunner().invoke(app, ["conflicts", "--benchmark", "LibriSpeech", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0] == "S on LibriSpeech / WER"
    assert "2%" in out.stdout and "3%" in out.stdout and "ViT-B" not in out.stdout


def test_conflicts_as_json_name_the_board_and_both_sides(tmp_path):
    import json

    db = tmp_path / "c.duckdb"
    with Store(db) as s:
        s.ingest([item(paper("p1"), wer("p1", 2.0, "S")), item(paper("p2"), wer("p2", 3.0, "S"))])
    out = CliRunner().invoke(app, ["conflicts", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    (pair,) = json.loads(out.stdout)
    assert (pair["benchmark"], pair["metric"], pair["model"]) == ("LibriSpeech", "WER", "S")
    assert {pair["value_a"], pair["value_b"]} == {2.0, 3.0}
    assert pair["evidence_a"].startswith("S reaches") and pair["evidence_b"].startswith("S reaches")
    as_csv = CliRunner().invoke(app, ["conflicts", "--db", str(db), "-o", str(tmp_path / "c.csv")])
    assert as_csv.exit_code == 0 and (tmp_path / "c.csv").read_text().startswith("benchmark,metric,split,setting,model")
