"""The SOTA chart tells the story: years on the x axis, every new best labelled with its model, and a
y scale that survives outliers (log for FID-like metrics). Built without Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts


def progression(values, sota=None, models=None):
    n = len(values)
    return pd.DataFrame({
        "date": [f"{2015 + i}-06-01" for i in range(n)], "value": values,
        "model": models or [f"M{i}" for i in range(n)], "paper_id": [f"p{i}" for i in range(n)],
        "paper_title": [f"Paper {i}" for i in range(n)], "is_sota": sota or [True] * n,
    })


def test_years_on_the_x_axis_and_new_bests_labelled_with_their_model():
    spec = charts.sota_chart(progression([70.0, 75.0, 74.0, 80.0], sota=[True, True, False, True])).to_dict()
    line, points, labels = spec["layer"]
    assert line["encoding"]["x"]["axis"]["format"] == "%Y" and line["encoding"]["x"]["title"] == "year"
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "model"
    assert labels["transform"] == [{"filter": "(datum.status === 'new best')"}]


@pytest.mark.parametrize(
    "values, higher, expected",
    [
        ([300.0, 120.0, 40.0, 12.0, 3.1], False, "log"),  # FID falling by a factor of 100
        ([30.0, 28.0, 25.0], False, None),  # lower is better, narrow range: linear
        ([0.5, 80.1, 80.5, 81.0, 81.3, 81.9, 82.4], True, "clipped"),  # one stray fraction among percentages
        ([70.0, 75.0, 80.0], True, None),
    ],
)
def test_y_scale_is_robust(values, higher, expected):
    scale = charts.value_scale(pd.Series(values), higher).to_dict()
    if expected == "log":
        assert scale["type"] == "log"
    elif expected == "clipped":
        low, high = scale["domain"]
        assert low > 10 and high < 90 and scale["clamp"] is True
    else:
        assert "domain" not in scale and scale.get("type") is None and scale["zero"] is False


def test_an_empty_progression_still_makes_a_chart():
    assert charts.sota_chart(progression([])).to_dict()["layer"]


def test_one_dated_result_still_reads_as_a_point_in_its_year():
    spec = charts.sota_chart(progression([87.5])).to_dict()
    line = spec["layer"][0]
    low, high = line["encoding"]["y"]["scale"]["domain"]
    assert low < 87.5 < high and line["encoding"]["y"]["axis"]["format"] == "~g"
    start, end = line["encoding"]["x"]["scale"]["domain"]
    assert start < "2015-06-01" < end and start[:4] == "2014" and end[:4] == "2015"
    # A timeline of many years keeps Vega's own domain.
    assert "scale" not in charts.sota_chart(progression([70.0, 80.0])).to_dict()["layer"][0]["encoding"]["x"]
