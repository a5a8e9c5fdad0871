"""extract() never raises on any text, and every span lies inside the text and holds the value."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.pipeline import extract
from extractor.textnorm import normalise

# Text built from the pieces that make extraction interesting, mixed with arbitrary unicode.
PIECES = st.sampled_from([
    "80.3%", "+13.7", "R@1", " on ", "MathVista", "4X faster", "\\%", "$", "$\\times$", "\\textbf{", "}", "{", "~",
    "\u2212", "\u2013", "\u00a0", " by ", "(", ")", " to ", ", and ", " respectively", ". ", "x", "times", "-fold",
    "GPT-4", "ImageNet-1K", "1,000", "0.5", "BLEU", "WER", " reduces FLOPs by ", "%", "e.g. ", "\\", "\n",
])
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(PIECES, st.text(alphabet=string.printable, max_size=5)), max_size=40).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_extract_never_raises_and_spans_are_inside(text):
    claims = extract(text, paper_id="p")
    for c in claims:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.value_text
        assert c.sentence and c.value_text in c.sentence


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalised_spans_map_into_the_original(text):
    norm = normalise(text)
    n = len(norm.text)
    for i in range(0, n, max(1, n // 7)):
        a, b = norm.span(i, min(n, i + 3))
        assert 0 <= a <= b <= len(text)


def test_extract_misuse_raises():
    import pytest

    with pytest.raises(TypeError):
        extract(None)  # type: ignore[arg-type]
