"""The leaderboard table's pure builders (dashboard.board_table) and the store queries they read:
values as written, evidence cut around its marked number, title links, code links, other metrics."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from dashboard import board_table as bt


@pytest.mark.parametrize(
    ("value", "unit", "text", "rescaled", "shown"),
    [
        (91.0, "%", "91.0%", False, "91.0%"),  # the paper's precision, not 91%
        (85.3, "%", "0.853", True, "85.3%"),  # a fraction read as a percentage keeps its digits
        (2.0, "x", "2x", False, "2x"),
        (12.5, "ms", "12.5 ms", False, "12.5 ms"),
        (1234.5, None, "1,234.5", False, "1,234.5"),
        (0.5, None, ".5", False, "0.5"),
        (80.3, None, None, False, "80.3"),
        (None, "%", "n/a", False, "—"),
        (85.3, "%", "0.853", pd.array([True], dtype="boolean")[0], "85.3%"),  # a board frame's boolean
    ],
)
def test_values_read_as_the_paper_wrote_them(value, unit, text, rescaled, shown):
    assert bt.shown_value(value, unit, text, rescaled) == shown


def test_evidence_marks_the_number_and_cuts_around_it():
    sentence = ("In extensive experiments over many datasets and settings that we describe at length here, "
                "our model reaches 80.3\\% on MathVista, which is well above every baseline that came before it "
                "in the literature, including the strongest ones")
    cut = bt.evidence(sentence, "80.3\\%", width=80)
    assert "»80.3%«" in cut  # marked, and the LaTeX percent read as text
    assert cut.startswith("…") and cut.endswith("…") and len(cut) <= 82
    assert bt.evidence("It is 180.3 and 80.3 apart", "80.3") == "It is 180.3 and »80.3« apart"
    assert bt.evidence("A short one: 5.0", "5.0") == "A short one: »5.0«"
    assert bt.evidence(None, "1") == "" and bt.evidence("No number here", "7") == "No number here"
    assert bt.evidence("Missing: 4", pd.NA) == bt.evidence("Missing: 4", float("nan")) == "Missing: 4"


def _rows() -> pd.DataFrame:
    return pd.DataFrame({
        "rank": pd.array([1, 2, None], dtype="Int64"), "model": ["A-1", "B-2", "C-3"], "value": [80.0, 70.5, 99.0],
        "unit": ["%", "%", None], "value_text": ["80.0%", "70.5%", "99"], "rescaled": [False, False, False],
        "paper_id": ["2101.00001", "p#2", "p3"], "paper_title": ["First: a title", None, "Third $\\times$ title"],
        "link": ["https://arxiv.org/abs/2101.00001", None, "https://example.org/p3"], "date": ["2021-01", None, "2023"],
        "sentence": ["A-1 gets 80.0% on X", "B-2 gets 70.5% on X", "C-3 gets 99 on X"], "qualifiers": [["zero-shot"], None, []],
        "split": [None, None, None], "setting": [None, None, None], "held": [None, None, "outlier"],
        "record_id": ["2101.00001#0", "p#2#0", "p3#0"], "code": ["https://github.com/a/b", None, None],
    })


def test_the_table_links_titles_and_keeps_paper_text_as_text():
    table = bt.board_table(_rows())
    assert list(table["paper"]) == [
        "https://arxiv.org/abs/2101.00001#First%3A%20a%20title",
        "paper?paper=p%232#p%232",  # no link: the paper view, titled by its id
        "https://example.org/p3#Third%20%C3%97%20title",  # LaTeX read as text
    ]
    assert list(table["abstract"]) == ["paper?paper=2101.00001", "paper?paper=p%232", "paper?paper=p3"]
    assert list(table["value"]) == ["80.0%", "70.5%", "99"]
    assert list(table["qualifiers"].fillna("")) == ["zero-shot", "", ""]
    assert table.loc[0, "evidence"] == "A-1 gets »80.0%« on X"
    assert bt.default_columns(table, [])[-1] == "held"  # shown because an entry is held
    assert "held" not in bt.default_columns(table.assign(held=None), [])


def test_other_metrics_go_beside_the_value_for_the_same_model_and_paper():
    rows = _rows()
    others = pd.DataFrame({
        "metric_id": ["top5", "top5", "f1", "acc", "top5"], "model": ["a-1", "B-2", "A-1", "A-1", "C-3"],
        "paper_id": ["2101.00001", "p#2", "2101.00001", "2101.00001", "p3"], "value": [95.0, 90.0, 0.7, 80.0, 1.0],
        "unit": ["%", "%", None, "%", "%"], "rank": pd.array([1, 2, 1, 1, None], dtype="Int64"),
    })
    table, side = bt.metric_columns(bt.board_table(rows), rows, others, "acc")
    assert side == {"top5": "%", "f1": None}  # most often filled first; the ranked metric is not repeated
    assert list(table["top5"].fillna(-1)) == [95.0, 90.0, -1]  # model names compare in any case; held left out
    assert list(table["f1"].fillna(-1)) == [0.7, -1, -1]
    assert bt.default_columns(table, side)[:5] == ["rank", "model", "value", "top5", "paper"]  # one beside it
    assert bt.default_columns(table, side, side_shown=2)[3:5] == ["top5", "f1"]
    assert bt.metric_columns(table, rows, others.iloc[0:0], "acc")[1] == {}
    assert [bt.number_format(u) for u in ("%", "x", "ms", None)] == ["%g%%", "%gx", "%g ms", None]


def test_the_default_columns_fit_a_1440_px_window_and_the_evidence_takes_the_rest():
    shown = ["rank", "model", "value", "top5", "paper", "code", "date", "evidence", "abstract"]
    widths = bt.column_widths(shown, ["top5"])
    assert sum(widths.values()) <= bt.TABLE_PX and widths["evidence"] >= bt.EVIDENCE_MIN_PX
    assert bt.column_widths([*shown, "held", "title"], ["top5"])["evidence"] == bt.EVIDENCE_MIN_PX


def test_the_table_builders_do_not_need_streamlit():
    source = open(bt.__file__, encoding="utf-8").read()
    assert "import streamlit" not in source and "from streamlit" not in source
    assert sys.modules["dashboard.board_table"] is bt


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from test_leaderboard_page import board_items

    from extractor.store import Store

    with Store(tmp_path_factory.mktemp("cols") / "cols.duckdb") as store:
        store.ingest(board_items())
        yield store


def test_shown_rows_bring_the_number_as_written_and_the_code_the_abstract_links(store):
    from extractor.boards import ROW_COLUMNS, board, row_details

    rows = board(store, "ImageNet-1K").rows
    assert list(rows.columns) == ROW_COLUMNS  # what the CLI writes is unchanged
    details = row_details(store, rows["record_id"].tolist()).merge(rows[["record_id", "model"]], on="record_id")
    by_model = {r["model"]: r for r in details.to_dict("records")}
    assert by_model["CSWin-B"]["code"] == "https://github.com/microsoft/CSWin-Transformer"  # the sentence's dot left out
    assert by_model["ConvNeXt-XL"]["code"] == "https://gitlab.com/facebook/convnext"
    assert pd.isna(by_model["ViT-H/14"]["code"]) and by_model["ViT-H/14"]["value_text"] == "88.55%"
    assert len(details) == len(rows) and row_details(store, []).empty


def test_metric_values_give_the_papers_claims_on_every_metric(store):
    from extractor.boards import metric_values

    values = metric_values(store, "ImageNet-1K", ["2107.00652", "convnext"])
    got = sorted(zip(values["metric_id"], values["model"], values["value"], values["split"].fillna("")))
    assert got == [("top1_accuracy", "CSWin-B", 85.4, ""), ("top1_accuracy", "ConvNeXt-XL", 87.8, ""),
                   ("top5_accuracy", "CSWin-B", 97.5, ""), ("top5_accuracy", "ConvNeXt-XL", 98.6, "")]
    assert metric_values(store, "ImageNet-1K", ["2012.12877"], split="val")["model"].tolist() == ["DeiT-B"]
    assert metric_values(store, "ImageNet-1K", []).empty
