"""The curation loop: flag a record, it leaves the boards, survives re-ingest, exports as a gold case, unflag undoes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import extractor.cli.store_cmds  # noqa: F401  (registers the store commands)
from extractor.boards import board
from extractor.cli import app
from extractor.corrections import UnknownRecord, cases, flag, unflag
from extractor.store import Store
from test_store import acc, item, paper, store  # noqa: F401  (store is a fixture)


def papers():
    return [item(paper("p1", abstract="ViT-B reaches 99.9 on the benchmark. ResNet reaches 76 on the benchmark."),
                 acc("p1", 99.9, "ViT-B"), acc("p1", 76.0, "ResNet")),
            item(paper("p2"), acc("p2", 80.0, "Swin"))]


def models(store):
    return [r["model"] for r in board(store, "ImageNet").records]


def test_a_flagged_record_leaves_the_board_even_after_re_ingest_and_unflag_brings_it_back(store):
    store.ingest(papers())
    rid = next(r["record_id"] for r in board(store, "ImageNet").records if r["model"] == "ViT-B")
    flag(store, rid, "the value is a footnote")
    assert models(store) == ["Swin", "ResNet"]
    store.ingest(papers())  # the paper is replaced; the correction is keyed by paper, number and span
    assert models(store) == ["Swin", "ResNet"]
    assert unflag(store, rid) == 1
    assert models(store) == ["ViT-B", "Swin", "ResNet"]


def test_flagging_an_unknown_record_says_so(store):
    store.ingest(papers())
    with pytest.raises(UnknownRecord):
        flag(store, "p1#42", "x")
    with pytest.raises(UnknownRecord):
        flag(store, "not-an-id", "x")


def test_corrections_export_as_gold_format_cases(store):
    store.ingest(papers())
    flag(store, "p1#0", "not this model's result")
    (case,) = list(cases(store))
    assert set(case) >= {"id", "title", "abstract", "claims", "review"}
    assert case["id"] == "p1" and [c["value"] for c in case["claims"]] == [76.0]
    assert case["claims"][0]["subject"] == "ResNet" and "76" in case["claims"][0]["text"]
    assert case["review"] == "not a claim as extracted: 99.9 at 14-18 (not this model's result)"


def test_flag_unflag_and_export_commands(tmp_path):
    db, out = tmp_path / "f.duckdb", tmp_path / "corrections.jsonl"
    with Store(db) as s:
        s.ingest(papers())
    run = CliRunner().invoke
    assert run(app, ["flag", "p1#0", "--reason", "wrong", "--db", str(db)]).exit_code == 0
    shown = run(app, ["board", "ImageNet", "--db", str(db), "--format", "json"])
    assert [r["model"] for r in json.loads(shown.stdout)] == ["Swin", "ResNet"]
    exported = run(app, ["export", "--what", "corrections", "--format", "jsonl", "-o", str(out), "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["p1"]
    assert run(app, ["unflag", "p1#0", "--db", str(db)]).exit_code == 0
    shown = run(app, ["board", "ImageNet", "--db", str(db), "--format", "json"])
    assert [r["model"] for r in json.loads(shown.stdout)] == ["ViT-B", "Swin", "ResNet"]
    assert run(app, ["flag", "p9#0", "--reason", "x", "--db", str(db)]).exit_code == 1
