"""End to end: bundled fixture files -> readers -> extraction, against a table of expected records."""

from pathlib import Path

import pytest

from extractor.pipeline import extract_stream
from extractor.readers import read_papers
from schemas import BadRecord

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUTS = [FIXTURES / "papers", FIXTURES / "seeds"]

# (paper title starts with, value, kind, unit, benchmark_id or surface, metric_id or None)
EXPECTED = [
    ("VL-Rethinker", 80.3, "score", "%", "MathVista", None),
    ("VL-Rethinker", 61.8, "score", "%", "MathVerse", None),
    ("VL-Rethinker", 43.9, "score", "%", "MathVision", None),
    ("LXMERT", 22.0, "delta", "%", "NLVR2", None),
    ("LXMERT", 54.0, "score", "%", "NLVR2", None),
    ("LXMERT", 76.0, "score", "%", "NLVR2", None),
    ("CiCo", 13.7, "delta", None, "PHOENIX-2014T", "r_at_1"),
    ("CiCo", 17.1, "delta", None, "PHOENIX-2014T", "r_at_1"),
    ("CiCo", 22.4, "delta", None, "How2Sign", "r_at_1"),
    ("Uni-Encoder", 4.0, "efficiency", "x", None, None),
    ("Uni-Encoder", 2.9, "delta", "%", None, "r10_at_1"),
    ("GECToR", 65.3, "score", None, "CoNLL-2014", "f05"),
    ("GECToR", 66.5, "score", None, "CoNLL-2014", "f05"),
    ("GECToR", 72.4, "score", None, "BEA-2019", "f05"),
    ("CoCa", 91.0, "score", "%", "ImageNet", "top1_accuracy"),
    ("CSWin Transformer", 85.4, "score", "%", "ImageNet-1K", "top1_accuracy"),
    ("CSWin Transformer", 53.9, "score", None, "COCO", "box_ap"),
    ("Megalodon", 1.70, "score", None, None, "loss"),
    ("TESTA", 75.0, "efficiency", "%", None, None),
    ("Rethinking Patch Dependence", 2.5, "efficiency", "x", None, None),
]

# (paper title starts with, value text that must not become a record)
NOT_CLAIMS = [
    ("MEGAVERSE", "81"),
    ("MEGAVERSE", "22"),
    ("M6: A Chinese Multimodal Pretrainer", "1.9TB"),
    ("M6: A Chinese Multimodal Pretrainer", "10"),
    ("MosaicBERT", "30%"),
    ("CSWin Transformer", "1K"),
    ("Chinese ModernBERT", "1,024"),
    ("Chinese ModernBERT", "30%"),
]


@pytest.fixture(scope="module")
def extracted():
    out = {}
    for item in extract_stream(read_papers(INPUTS)):
        if isinstance(item, BadRecord):
            continue
        out.setdefault(item.paper.title, item.claims)
    return out


def _claims_of(extracted, title_start):
    found = [claims for title, claims in extracted.items() if title.startswith(title_start)]
    assert found, f"no fixture paper titled {title_start!r}"
    return found[0]


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").lower().replace("-", "") == (b or "").lower().replace("-", "")


@pytest.mark.parametrize(("title", "value", "kind", "unit", "bench", "metric"), EXPECTED,
                         ids=[f"{t[:16]}-{v:g}" for t, v, *_ in EXPECTED])
def test_expected_record(extracted, title, value, kind, unit, bench, metric):
    claims = _claims_of(extracted, title)
    same_value = [c for c in claims if abs(c.value - value) < 1e-9]
    assert same_value, f"{title}: no record with value {value}; got {[c.value_text for c in claims]}"
    ok = [c for c in same_value if c.kind == kind and c.unit == unit]
    assert ok, f"{title} {value}: kind/unit {[(c.kind.value, c.unit) for c in same_value]}, expected {kind}/{unit}"
    if bench is not None:
        assert any(_same(c.benchmark_id, bench) or _same(c.benchmark, bench) for c in ok), \
            f"{title} {value}: benchmark {[(c.benchmark, c.benchmark_id) for c in ok]}, expected {bench}"
    if metric is not None:
        assert any(c.metric_id == metric for c in ok), f"{title} {value}: metric {[c.metric_id for c in ok]}, expected {metric}"


@pytest.mark.parametrize(("title", "text"), NOT_CLAIMS, ids=[f"{t[:16]}-{x}" for t, x in NOT_CLAIMS])
def test_not_a_claim(extracted, title, text):
    claims = _claims_of(extracted, title)
    assert not [c for c in claims if c.value_text.strip() == text or c.value_text.startswith(text + " ")], \
        f"{title}: {text!r} was extracted as a claim"


def test_evidence_points_at_the_number(extracted):
    # Offsets index the abstract as written; the sentence holds the value text.
    papers = {item.paper.title: item.paper for item in extract_stream(read_papers(INPUTS)) if not isinstance(item, BadRecord)}
    checked = 0
    for title, claims in extracted.items():
        for c in claims:
            abstract = papers[title].abstract
            assert abstract[c.start : c.end] == c.value_text
            assert c.value_text in c.sentence
            checked += 1
    assert checked > 40
