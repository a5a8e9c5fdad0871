"""Boards: direction, ties, rescaling, one row per (model, paper), lookup, partitions, progression, CLI."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import extractor.cli.store_cmds as store_cmds
from extractor.boards import (
    UNNAMED, UnknownBenchmark, UnknownMetric, board, board_list, claimed_improvements, efficiency_claims, list_boards,
    paper_link, resolve_benchmark, sota_progression,
)
from extractor.cli import app
from extractor.store import Store
from test_store import acc, claim, item, paper, store, wer  # noqa: F401  (store is a fixture)


def rows_of(b) -> list[tuple]:
    return list(zip(b.rows["rank"], b.rows["model"], b.rows["value"]))


# -- direction, ties, one row per model and paper ------------------------------------------------
def test_lower_is_better_ranks_smallest_first(store):
    store.ingest([item(paper("p1"), wer("p1", 2.5, "A")), item(paper("p2"), wer("p2", 1.9, "B"), wer("p2", 3.1, "C"))])
    b = board(store, "LibriSpeech")
    assert b.higher_is_better is False
    assert rows_of(b) == [(1, "B", 1.9), (2, "A", 2.5), (3, "C", 3.1)]


def test_higher_is_better_ranks_largest_first_and_ties_share_a_rank(store):
    store.ingest([item(paper("p1"), acc("p1", 85.0, "A"), acc("p1", 90.0, "B")), item(paper("p2"), acc("p2", 90.0, "C"))])
    b = board(store, "ImageNet")
    assert b.higher_is_better is True
    assert list(b.rows["rank"]) == [1, 1, 3]
    assert list(b.rows["value"]) == [90.0, 90.0, 85.0]


def test_one_row_per_model_and_paper_with_its_best_claim(store):
    store.ingest([
        item(paper("p1"), wer("p1", 3.0, "A"), wer("p1", 2.0, "a"), wer("p1", 2.5, "A")),
        item(paper("p2"), wer("p2", 2.2, "A")),
    ])
    b = board(store, "librispeech")
    assert list(zip(b.rows["model"], b.rows["paper_id"], b.rows["value"])) == [("a", "p1", 2.0), ("A", "p2", 2.2)]
    assert b.rows.loc[0, "sentence"] == "a reaches 2 on the benchmark."


def test_a_claim_without_a_model_is_listed_unnamed_and_not_ranked(store):
    store.ingest([item(paper("p1"), acc("p1", 80.0, None), acc("p1", 82.0, None), acc("p1", 70.0, "ResNet"))])
    rows = board(store, "ImageNet").records
    assert [(r["rank"], r["model"], r["value"], r["held"]) for r in rows] == [
        (1, "ResNet", 70.0, None), (None, UNNAMED, 82.0, "no model named"), (None, UNNAMED, 80.0, "no model named"),
    ]


def test_only_score_claims_rank(store):
    store.ingest([item(paper("p1"), wer("p1", 2.0, "A"), wer("p1", 0.4, "A", kind="delta"),
                       wer("p1", 3.0, "A", kind="efficiency", unit="x"))])
    assert rows_of(board(store, "LibriSpeech")) == [(1, "A", 2.0)]


# -- scale -------------------------------------------------------------------------------------
def test_a_fraction_on_a_percent_board_is_rescaled_and_ties(store):
    store.ingest([item(paper("p1"), acc("p1", 87.1, "A"), acc("p1", 85.0, "B")),
                  item(paper("p2"), acc("p2", 0.871, "C", unit=None))])
    rows = board(store, "ImageNet").rows
    assert list(zip(rows["rank"], rows["model"], rows["value"], rows["rescaled"], rows["unit"])) == [
        (1, "A", 87.1, False, "%"), (1, "C", 87.1, True, "%"), (3, "B", 85.0, False, "%")]


def test_percent_values_on_a_board_of_fractions_are_rescaled_down(store):
    store.ingest([item(paper("p1"), acc("p1", 0.8, "A", unit=None), acc("p1", 0.7, "B", unit=None),
                       acc("p1", 90.0, "C"))])
    rows = board(store, "ImageNet").rows
    assert list(zip(rows["model"], rows["value"], rows["rescaled"])) == [("C", 0.9, True), ("A", 0.8, False),
                                                                         ("B", 0.7, False)]


def test_a_metric_that_is_not_a_percentage_is_never_rescaled(store):
    bleu = {"benchmark": "WMT14 En-De", "benchmark_id": "WMT14 En-De", "metric": "BLEU", "metric_id": "BLEU-x",
            "higher_is_better": True}
    store.ingest([item(paper("p1"), claim("p1", 28.4, model="A", **bleu), claim("p1", 0.3, model="B", **bleu))])
    rows = board(store, "wmt14 en-de").rows
    assert list(zip(rows["value"], rows["rescaled"])) == [(28.4, False), (0.3, False)]


# -- rows ----------------------------------------------------------------------------------------
def test_rows_carry_paper_title_date_link_evidence_and_qualifiers(store):
    store.ingest([
        item(paper("2503.01234v2", title="Arxiv one", date="2025-03"), acc("2503.01234v2", 80.0, "A", qualifiers=["average"])),
        item(paper("x1", title="Own site", url="https://example.org/x1"), acc("x1", 79.0, "B")),
        item(paper("x2", title=""), acc("x2", 78.0, "C", paper_title="From the claim")),
    ])
    rows = board(store, "ImageNet").rows
    assert list(rows.columns[:11]) == ["rank", "model", "value", "unit", "rescaled", "paper_id", "paper_title",
                                       "date", "link", "sentence", "qualifiers"]
    first = rows.iloc[0]
    assert (first["paper_title"], first["date"], first["link"]) == ("Arxiv one", "2025-03", "https://arxiv.org/abs/2503.01234v2")
    assert list(first["qualifiers"]) == ["average"] and first["sentence"] == "A reaches 80 on the benchmark."
    assert rows.iloc[1]["link"] == "https://example.org/x1"
    assert pd.isna(rows.iloc[2]["link"]) and rows.iloc[2]["paper_title"] == "From the claim"


@pytest.mark.parametrize(
    ("paper_id", "url", "link"),
    [
        ("2503.01234", None, "https://arxiv.org/abs/2503.01234"),
        ("arXiv:1706.03762v5", None, "https://arxiv.org/abs/1706.03762v5"),
        ("cs/0101001", None, "https://arxiv.org/abs/cs/0101001"),
        ("math.GT/0309136", None, "https://arxiv.org/abs/math.GT/0309136"),
        ("2503.01234", "https://venue.org/p", "https://venue.org/p"),
        ("3dv2025:05T81ScPFb", None, None),
        ("megaverse-benchmarking", None, None),
    ],
)
def test_paper_link(paper_id, url, link):
    assert paper_link(paper_id, url) == link


# -- partitions, metrics, lookup ------------------------------------------------------------------
def test_splits_are_ranked_apart_and_can_be_filtered(store):
    store.ingest([item(paper("p1"), wer("p1", 1.9, "A", split="test-clean"), wer("p1", 4.1, "A", split="test-other")),
                  item(paper("p2"), wer("p2", 2.0, "B", split="Test clean"), wer("p2", 3.9, "B", split="test-other"))])
    rows = board(store, "LibriSpeech").rows
    assert list(zip(rows["split"], rows["rank"], rows["model"])) == [
        ("test-clean", 1, "A"), ("test-clean", 2, "B"), ("test-other", 1, "B"), ("test-other", 2, "A")]
    clean = board(store, "LibriSpeech", split="test clean")
    assert clean.split == "test-clean" and rows_of(clean) == [(1, "A", 1.9), (2, "B", 2.0)]


def test_full_rows_keeps_every_rank_and_gives_text_to_the_top_of_each_partition(store):
    store.ingest([item(paper(f"p{i}"), wer(f"p{i}", 2.0 + i, f"M{i}", split=split))
                  for i, split in enumerate(["test-clean", "test-clean", "test-clean", "test-other", "test-other"])])
    whole = board(store, "LibriSpeech").rows
    top = board(store, "LibriSpeech", full_rows=2).rows
    text = ["link", "sentence", "qualifiers"]
    pd.testing.assert_frame_equal(top.drop(columns=text), whole.drop(columns=text))
    assert top["sentence"].notna().tolist() == [True, True, False, True, True]  # two per partition
    assert top["paper_title"].notna().all()  # titles stay for the SOTA chart
    pd.testing.assert_frame_equal(top[top["sentence"].notna()], whole[top["sentence"].notna()])


def test_setting_filter(store):
    store.ingest([item(paper("p1"), acc("p1", 70.0, "A", qualifiers=["zero-shot"]), acc("p1", 88.0, "A", qualifiers=["fine-tuned"]),
                       acc("p1", 76.0, "B", qualifiers=["linear probing"]))])
    assert rows_of(board(store, "ImageNet", setting="Zero Shot")) == [(1, "A", 70.0)]
    assert rows_of(board(store, "ImageNet", setting="linear probe")) == [(1, "B", 76.0)]
    assert set(board(store, "ImageNet").rows["setting"]) == {"zero-shot", "fine-tuned", "linear probe"}


def test_without_a_metric_the_most_populated_is_picked_and_said(store):
    top5 = {"metric": "top-5 accuracy", "metric_id": "top-5 accuracy"}
    store.ingest([item(paper("p1"), acc("p1", 80.0, "A"), acc("p1", 81.0, "B"), acc("p1", 95.0, "A", **top5))])
    b = board(store, "ImageNet")
    assert b.metric_id == "top-1 accuracy"
    assert b.note.startswith("picked metric top-1 accuracy (most populated of 2")
    chosen = board(store, "ImageNet", metric="TOP-5 Accuracy")
    assert (chosen.metric_id, chosen.note, rows_of(chosen)) == ("top-5 accuracy", None, [(1, "A", 95.0)])
    with pytest.raises(UnknownMetric):
        board(store, "ImageNet", metric="FID")


def test_a_metric_is_found_by_how_it_is_written(store):
    store.ingest([item(paper("p1"), wer("p1", 2.0, "A", metric="word error rate"))])
    assert board(store, "LibriSpeech", metric="Word Error Rate").metric_id == "WER"


def test_benchmark_lookup_by_name_surface_form_or_spelling(store):
    store.ingest([item(paper("p1"), acc("p1", 80.0, "A", benchmark="K400", benchmark_id="Kinetics-400"))])
    assert resolve_benchmark(store, "kinetics-400") == "Kinetics-400"
    assert resolve_benchmark(store, "k400") == "Kinetics-400"
    assert resolve_benchmark(store, "Kinetics 400") == "Kinetics-400"
    assert resolve_benchmark(store, "CIFAR-10") in (None, "CIFAR-10")  # the registry may know it
    with pytest.raises(UnknownBenchmark, match="Kinetics-400"):
        board(store, "Kinetics-401")


def test_benchmark_lookup_by_registry_alias(store):
    registry = pytest.importorskip("extractor.registry")
    try:
        entry = registry.benchmarks().lookup("K400")
    except Exception as exc:  # the registry's data may not be there yet
        pytest.skip(f"registry unavailable: {exc}")
    if entry is None:
        pytest.skip("the registry does not know K400")
    store.ingest([item(paper("p1"), acc("p1", 80.0, "A", benchmark="Kinetics400", benchmark_id=entry.id))])
    assert resolve_benchmark(store, "K400") == entry.id
    assert board(store, "k400").benchmark_id == entry.id


# -- listings ------------------------------------------------------------------------------------
def test_list_boards(store):
    store.ingest([
        item(paper("p1"), wer("p1", 1.9, "A", split="test-clean"), wer("p1", 2.0, "A", split="test-clean"),
             wer("p1", 4.0, "B", split="test-other"), acc("p1", 80.0, "A")),
        item(paper("p2"), wer("p2", 2.1, "C", split="test-clean"), acc("p2", 70.0, "D", qualifiers=["zero-shot"]),
             claim("p2", 5.0, benchmark_id="ImageNet", kind="delta")),
    ])
    boards = list_boards(store)
    got = [(r.benchmark_id, r.metric_id, r.split if isinstance(r.split, str) else None,
            r.setting if isinstance(r.setting, str) else None, r.entries, r.higher_is_better)
           for r in boards.itertuples()]
    assert got == [
        ("LibriSpeech", "WER", "test-clean", None, 2, False),
        ("LibriSpeech", "WER", "test-other", None, 1, False),
        ("ImageNet", "top-1 accuracy", None, None, 1, True),
        ("ImageNet", "top-1 accuracy", None, "zero-shot", 1, True),
    ]
    assert {"benchmark_id", "metric_id", "split", "setting", "entries", "higher_is_better"} <= set(boards.columns)


def test_board_rows_are_its_records_as_a_frame_and_board_list_is_list_boards(store):
    store.ingest([item(paper("p1"), acc("p1", 80.0, "A", qualifiers=["zero-shot"]), acc("p1", 0.7, "B", unit=None)),
                  item(paper("p2"), claim("p2", 5.0, benchmark_id="Bench", metric_id="made-up", model="M"))])
    b = board(store, "ImageNet")
    assert list(b.records[0]) == list(b.rows.columns)
    assert [(r["model"], r["value"], r["rescaled"], r["setting"]) for r in b.records] == [
        ("B", 70.0, True, None), ("A", 80.0, False, "zero-shot")]
    assert list(zip(b.rows["model"], b.rows["value"], b.rows["rescaled"])) == [("B", 70.0, True), ("A", 80.0, False)]
    assert b.rows["setting"].isna().tolist() == [True, False]
    dtypes = [str(b.rows[c].dtype) for c in ("rank", "value", "rescaled", "model")]
    assert dtypes == ["Int64", "float64", "boolean", "str"]
    first = b.records[0]
    b.rows = b.rows.head(1)  # the dashboard narrows a board's rows; the records follow
    assert len(b.rows) == 1 and b.records == [first]
    listed, rows = list_boards(store), board_list(store)
    assert [r["benchmark_id"] for r in rows] == list(listed["benchmark_id"])
    assert [r["higher_is_better"] for r in rows] == [True, True, None]
    assert listed["higher_is_better"].isna().tolist() == [False, False, True]


def test_improvements_and_efficiency_claims_are_listed_not_ranked(store):
    store.ingest([item(paper("p1", date="2024-01"), wer("p1", 2.0, "A"), wer("p1", 0.4, "A", kind="delta", text="0.4"),
                       wer("p1", 12.0, "A", kind="relative"), wer("p1", 3.0, "A", kind="efficiency", unit="x"))])
    improvements = claimed_improvements(store, "librispeech")
    assert list(zip(improvements["kind"], improvements["value"])) == [("delta", 0.4), ("relative", 12.0)]
    assert "rank" not in improvements.columns
    efficiency = efficiency_claims(store, "LibriSpeech")
    assert list(zip(efficiency["kind"], efficiency["value"], efficiency["unit"])) == [("efficiency", 3.0, "x")]


# -- SOTA progression ----------------------------------------------------------------------------
def test_sota_progression_marks_claims_that_set_a_new_best():
    rows = pd.DataFrame({
        "date": ["2021", "2022-03", "2022-01", "2023-06", "2023-06", None],
        "value": [3.0, 2.5, 3.5, 2.5, 2.1, 1.0],
        "model": ["A", "B", "C", "D", "E", "F"],
        "paper_id": ["a", "b", "c", "d", "e", "f"],
        "paper_title": ["a", "b", "c", "d", "e", "f"],
    })
    lower = sota_progression(rows, higher_is_better=False)
    assert list(lower.columns) == ["date", "value", "model", "paper_id", "paper_title", "is_sota"]
    assert list(zip(lower["model"], lower["is_sota"])) == [
        ("A", True), ("C", False), ("B", True), ("E", True), ("D", False)]
    higher = sota_progression(rows, higher_is_better=True)
    assert list(higher.loc[higher["is_sota"], "model"]) == ["A", "C"]


def test_sota_progression_of_a_board_runs_per_partition(store):
    store.ingest([item(paper("p1", date="2020"), wer("p1", 2.0, "A", split="test-clean"), wer("p1", 5.0, "A", split="test-other")),
                  item(paper("p2", date="2021"), wer("p2", 2.2, "B", split="test-clean"), wer("p2", 4.0, "B", split="test-other"))])
    b = board(store, "LibriSpeech")
    progression = sota_progression(b.rows, b.higher_is_better)
    assert list(zip(progression["split"], progression["model"], progression["is_sota"])) == [
        ("test-clean", "A", True), ("test-other", "A", True), ("test-clean", "B", False), ("test-other", "B", True)]
    assert sota_progression(b.rows.iloc[0:0], False).empty


# -- CLI -----------------------------------------------------------------------------------------
@pytest.fixture
def db(tmp_path):
    path = tmp_path / "lbx.duckdb"
    with Store(path) as s:
        s.ingest([
            item(paper("2401.00001", title="First", date="2024-01"), acc("2401.00001", 81.5, "Alpha"),
                 acc("2401.00001", 95.0, "Alpha", metric="top-5 accuracy", metric_id="top-5 accuracy")),
            item(paper("2402.00002", title="Second", date="2024-02"), acc("2402.00002", 0.83, "Beta", unit=None)),
        ])
    return str(path)


runner = CliRunner()


def test_cli_boards_lists_benchmarks_metrics_and_counts(db):
    result = runner.invoke(app, ["boards", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["benchmark", "source", "metric", "split", "setting", "entries", "held", "claims", "better"]
    assert lines[2].split() == ["ImageNet", "registry", "top-1", "accuracy", "2", "0", "2", "higher"]
    assert lines[3].split() == ["ImageNet", "registry", "top-5", "accuracy", "1", "0", "1", "higher"]


def test_cli_board_table_says_which_metric_it_picked(db):
    result = runner.invoke(app, ["board", "imagenet", "--db", db])
    assert result.exit_code == 0, result.output
    assert "note: picked metric top-1 accuracy (most populated of 2" in result.stderr
    out = result.stdout
    assert out.splitlines()[0] == "ImageNet / top-1 accuracy (higher is better)"
    assert out.index("Beta") < out.index("Alpha") and "83%*" in out and "rescaled" in out


def test_cli_board_table_without_units_or_dates(tmp_path):
    path = tmp_path / "lbx.duckdb"
    with Store(path) as s:
        s.ingest([item(paper("p1", title="Untimed"), claim("p1", 1234567.0, model="M", benchmark_id="Bench", metric_id="score"))])
    result = runner.invoke(app, ["board", "bench", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "Bench / score (direction unknown)" in result.stdout
    row = result.stdout.splitlines()[-1].split()
    assert row[:3] == ["1", "M", "1234567"] and "nan" not in result.stdout
    assert "note: direction unknown: ranked highest first" in result.stderr


def test_cli_board_json(db):
    result = runner.invoke(app, ["board", "ImageNet", "--metric", "top-1 accuracy", "--format", "json", "--db", db])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["rank"], r["model"], r["value"]) for r in rows] == [(1, "Beta", 83.0), (2, "Alpha", 81.5)]
    assert {"rank", "model", "value", "unit", "paper_id", "paper_title", "date", "evidence"} <= set(rows[0])
    assert rows[1]["evidence"] == "Alpha reaches 81.5 on the benchmark." and rows[1]["paper_title"] == "First"


def test_cli_board_csv(db):
    result = runner.invoke(app, ["board", "ImageNet", "--metric", "top-5 accuracy", "--format", "csv", "--db", db])
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.startswith("benchmark,metric,rank,model,value,unit,rescaled,paper_id,paper_title,date,link,evidence")
    assert row.startswith("ImageNet,top-5 accuracy,1,Alpha,95.0,%,False,2401.00001,First,2024-01,https://arxiv.org/abs/2401.00001,")


def test_cli_board_errors(db, tmp_path):
    unknown = runner.invoke(app, ["board", "ImageNot", "--db", db])
    assert unknown.exit_code == 1 and "did you mean ImageNet" in unknown.stderr
    missing = runner.invoke(app, ["board", "ImageNet", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no store" in missing.stderr


def test_cli_default_store_is_the_store_default():
    from extractor.store import DEFAULT_DB

    assert store_cmds.DEFAULT_DB == DEFAULT_DB


def test_cli_dashboard_serves_the_app_headless_on_localhost(db, monkeypatch):
    seen = []
    monkeypatch.setattr(store_cmds.os, "execv", lambda path, argv: seen.append(argv))
    result = runner.invoke(app, ["dashboard", "--db", db, "--port", "8999"])
    assert result.exit_code == 0, result.output
    argv = seen[0]
    assert argv[1:4] == ["-m", "streamlit", "run"] and argv[4].endswith("app.py")
    assert argv[argv.index("--server.headless") + 1] == "true"
    assert argv[argv.index("--server.address") + 1] == "localhost"
    assert argv[argv.index("--server.port") + 1] == "8999"
    assert argv[-3:] == ["--", "--db", db]
