"""Highlighted abstracts: every claimed number marked by kind, every piece of paper text inert."""

from __future__ import annotations

import re

import pandas as pd

from dashboard import KIND_COLORS
from dashboard.highlight import escape, highlight_html, legend_html, spans, text_html

ABSTRACT = "Our model reaches 80.3% on MathVista, +4.1 points over the baseline, and runs 2x faster."


def _claim(value_text: str, kind: str, **extra) -> dict:
    start = ABSTRACT.index(value_text)
    return {"value_text": value_text, "kind": kind, "start": start, "end": start + len(value_text), **extra}


def _marks(out: str) -> list[tuple[str, str]]:
    return re.findall(r'<mark class="lbx-claim lbx-(\w+)"[^>]*>(.*?)</mark>', out)


def test_every_claimed_number_is_marked_with_its_kind():
    claims = [_claim("80.3%", "score", model="VL-Rethinker"), _claim("+4.1", "delta"), _claim("2x", "efficiency")]
    out = highlight_html(ABSTRACT, claims)
    assert _marks(out) == [("score", "80.3%"), ("delta", "+4.1"), ("efficiency", "2x")]
    assert KIND_COLORS["score"] in out and KIND_COLORS["efficiency"] in out
    # Nothing of the text is lost: stripping the markup gives the abstract back.
    assert re.sub(r"<[^>]+>", "", out) == ABSTRACT


def test_accepts_a_dataframe_and_orders_by_offset():
    claims = pd.DataFrame([_claim("2x", "efficiency"), _claim("80.3%", "score")])
    assert [m[1] for m in _marks(highlight_html(ABSTRACT, claims))] == ["80.3%", "2x"]


def test_same_number_claimed_twice_is_marked_once_and_overlaps_keep_the_first():
    twice = [_claim("80.3%", "score", benchmark_id="MathVista"), _claim("80.3%", "score", benchmark_id="Other")]
    assert len(spans(ABSTRACT, twice)) == 1
    inner = {"kind": "score", "start": ABSTRACT.index("80.3"), "end": ABSTRACT.index("80.3") + 2}
    assert [s[:2] for s in spans(ABSTRACT, [inner, _claim("80.3%", "score")])] == [(18, 23)]


def test_offsets_outside_the_text_or_missing_are_ignored():
    bad = [{"kind": "score", "start": 5, "end": 500}, {"kind": "score", "start": 3, "end": 3}, {"kind": "score"}]
    out = highlight_html(ABSTRACT, bad)
    assert "<mark" not in out
    assert highlight_html(None, None) == highlight_html("", [])


def test_abstract_text_is_escaped_not_interpreted():
    abstract = '<script>alert(1)</script> gets **42%** & [link](javascript:x) on "$x$".'
    start = abstract.index("42%")
    out = highlight_html(abstract, [{"kind": "score", "start": start, "end": start + 3, "model": '<img src=x onerror="y">'}])
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&amp;" in out and "&quot;$x$&quot;" in out
    # The only tags are the ones the highlighter writes.
    assert set(re.findall(r"<(\w+)", out)) == {"div", "mark"}
    # A hostile model name in the hover text cannot break out of its attribute.
    assert "<img" not in out and 'title="score · &lt;img src=x onerror=&quot;y&quot;&gt;"' in out


def test_escape_and_text_html():
    assert escape(None) == "" and escape(float("nan")) == ""
    assert escape("a<b>'c'") == "a&lt;b&gt;&#x27;c&#x27;"
    assert text_html("<script>alert(1)</script>", "h3") == "<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>"


def test_legend_names_each_kind_in_its_colour():
    out = legend_html()
    for kind, color in KIND_COLORS.items():
        assert kind in out and color in out
