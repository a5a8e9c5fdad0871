"""The dashboard's chart builders, without Streamlit: DataFrames in, valid Vega-Lite out."""

from __future__ import annotations

import sys

import altair as alt
import pandas as pd
import pytest

from dashboard import charts


def _data(spec: dict) -> list[dict]:
    """The one inline data set of a compiled chart."""
    (rows,) = spec["datasets"].values()
    return rows


@pytest.fixture
def board_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rank": [1, 2, 3],
            "model": ["VL-Rethinker", "GPT-4o", None],
            "value": [80.3, 63.8, 61.0],
            "unit": ["%", "%", "%"],
            "paper_id": ["p1", "p2", "p3"],
            "paper_title": ["VL-Rethinker: self-reflection", "GPT-4o report", None],
            "date": ["2025-04-10", "2024", "2024-05"],
        }
    )


def test_ranking_chart_orders_by_rank_and_names_models(board_rows):
    chart = charts.ranking_chart(board_rows.iloc[::-1], metric="accuracy", unit="%")
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["sort"] == {"field": "rank", "order": "ascending"}
    assert spec["encoding"]["x"]["title"] == "accuracy (%)"
    rows = _data(spec)
    assert [r["label"] for r in rows] == ["1. VL-Rethinker", "2. GPT-4o", "3. (unnamed)"]
    assert rows[0]["value"] == 80.3
    # A missing title falls back to the paper id, for the tooltip.
    assert rows[2]["paper"] == "p3"
    assert {t["field"] for t in spec["encoding"]["tooltip"]} >= {"model", "paper", "value"}
    assert spec["title"]["subtitle"] == "↑ higher is better"


def test_ranking_chart_leaves_out_held_entries(board_rows):
    rows = board_rows.assign(rank=pd.array([1, None, 2], dtype="Int64"))
    spec = charts.ranking_chart(rows).to_dict()
    assert [r["label"] for r in _data(spec)] == ["1. VL-Rethinker", "2. (unnamed)"]
    assert spec["title"]["text"].startswith("Top 2 ")


def test_ranking_chart_shows_direction_and_top_n(board_rows):
    spec = charts.ranking_chart(board_rows, higher_is_better=False, top=2).to_dict()
    assert spec["title"]["subtitle"] == "↓ lower is better"
    assert len(_data(spec)) == 2


def test_sota_chart_is_a_step_line_over_points_with_model_and_paper_tooltips(board_rows):
    progression = board_rows.assign(is_sota=[True, True, False])
    chart = charts.sota_chart(progression, metric="accuracy", unit="%")
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    line, points, labels = spec["layer"]
    assert line["mark"]["type"] == "line" and line["mark"]["interpolate"] == "step-after"
    assert line["transform"] == [{"filter": "(datum.status === 'new best')"}]
    assert points["mark"]["type"] == "point"
    tooltip = {t["field"]: t["title"] for t in points["encoding"]["tooltip"]}
    assert tooltip["model"] == "model" and tooltip["paper"] == "paper"
    rows = _data(spec)
    # Every dated claim is a point, whatever its status.
    assert sorted(r["model"] for r in rows) == ["(unnamed)", "GPT-4o", "VL-Rethinker"]
    assert {r["status"] for r in rows} == {"new best", "claim"}
    assert next(r for r in rows if r["model"] == "VL-Rethinker")["paper"] == "VL-Rethinker: self-reflection"


def test_sota_chart_leaves_out_undated_claims(board_rows):
    progression = board_rows.assign(is_sota=True, date=["2025-01-01", None, "not a date"])
    rows = _data(charts.sota_chart(progression).to_dict())
    assert [r["model"] for r in rows] == ["VL-Rethinker"]


def test_sota_chart_caps_points_but_keeps_every_record(board_rows):
    n = 50
    progression = pd.DataFrame(
        {
            "date": [f"2020-01-{i % 28 + 1:02d}" for i in range(n)],
            "value": [float(i) for i in range(n)],
            "model": [f"m{i}" for i in range(n)],
            "paper_id": [f"p{i}" for i in range(n)],
            "paper_title": [f"t{i}" for i in range(n)],
            "is_sota": [i % 10 == 0 for i in range(n)],
        }
    )
    rows = _data(charts.sota_chart(progression, max_points=10).to_dict())
    assert len(rows) == 10
    assert {r["model"] for r in rows} >= {"m0", "m10", "m20", "m30", "m40"}
    # The rest are the best non-records: the highest values when higher is better.
    assert {r["model"] for r in rows} >= {"m49", "m48"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024", "2024-01-01"), ("2024-05", "2024-05-01"), ("2024-05-13", "2024-05-13")],
)
def test_to_datetime_reads_partial_dates(text, expected):
    assert charts.to_datetime(pd.Series([text]))[0] == pd.Timestamp(expected)


def test_to_datetime_turns_junk_into_nat():
    assert charts.to_datetime(pd.Series([None, "soon", ""])).isna().all()


def test_kind_chart_colours_kinds_and_accepts_a_frame():
    spec = charts.kind_chart({"score": 5, "delta": 2, "other": 1}).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"][:4] == ["score", "delta", "relative", "efficiency"] and "other" in scale["domain"]
    assert {r["kind"]: r["n"] for r in _data(spec)} == {"score": 5, "delta": 2, "other": 1}
    same = charts.kind_chart(pd.DataFrame({"kind": ["score", "delta", "other"], "n": [5, 2, 1]})).to_dict()
    assert _data(same) == _data(spec)


def test_boards_chart_keeps_the_most_populated():
    boards = pd.DataFrame(
        {
            "benchmark_id": ["MathVista", "MMLU", "GSM8K"],
            "metric_id": ["accuracy", None, "accuracy"],
            "split": [None, "test", None],
            "setting": [None, None, "5-shot"],
            "entries": [3, 9, 1],
        }
    )
    spec = charts.boards_chart(boards, top=2).to_dict()
    assert [r["board"] for r in _data(spec)] == ["MMLU [test]", "MathVista · accuracy"]
    assert spec["encoding"]["y"]["sort"] == "-x"


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.ranking_chart(pd.DataFrame()),
        lambda: charts.sota_chart(pd.DataFrame()),
        lambda: charts.kind_chart({}),
        lambda: charts.boards_chart(pd.DataFrame()),
    ],
)
def test_builders_accept_empty_input(build):
    spec = build().to_dict()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_charts_do_not_need_streamlit():
    assert "streamlit" not in getattr(charts, "__dict__", {})
    source = open(charts.__file__, encoding="utf-8").read()
    assert "import streamlit" not in source and "from streamlit" not in source
    assert sys.modules["dashboard.charts"] is charts
