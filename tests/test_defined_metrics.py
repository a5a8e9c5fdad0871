"""Metrics an abstract defines with an acronym: found from the definition, used wherever written."""

import pytest

from extractor import defined_metrics
from extractor.pipeline import extract

# text -> the (surface, higher_is_better) pairs it defines
DEFINITIONS = [
    ("We report the attack success rate (ASR) of each jailbreak.", [("attack success rate", True), ("ASR", True)]),
    ("It lowers the mean target registration error (mTRE).", [("mean target registration error", False), ("mTRE", False)]),
    ("Unweighted Average Recall (UAR) is the main measure.", [("Unweighted Average Recall", True), ("UAR", True)]),
    ("We use a learning rate (LR) of 0.1.", []),  # a setting, not a result
    ("The word error rate (WER) is reported.", []),  # the registry knows it already
    ("Scores follow the Mean over Frames (MoF) protocol.", []),  # no measuring head noun
    ("We study the (ASR) in isolation.", []),  # no phrase to spell the acronym
]


@pytest.mark.parametrize(("text", "expected"), DEFINITIONS)
def test_definitions(text, expected):
    assert [(d.surface, d.higher_is_better) for d in defined_metrics.find(text)] == expected


# The acronym is a metric in later sentences, so its numbers are read as results of that metric.
USES = [
    ("We measure the attack success rate (ASR). Our attack reaches an ASR of 93.1% on AdvBench.", 93.1, "ASR"),
    ("We report the mean target registration error (mTRE). The method achieves an mTRE of 0.79 mm.", 0.79, "mTRE"),
]


@pytest.mark.parametrize(("text", "value", "metric"), USES)
def test_defined_metric_is_used(text, value, metric):
    hits = [c for c in extract(text) if c.value == value]
    assert hits and hits[0].kind.value == "score" and hits[0].metric == metric


def test_occurrences_respect_word_bounds_and_case():
    defined = defined_metrics.find("the attack success rate (ASR) matters")
    spans = defined_metrics.occurrences("ASR and asr and LASR and Attack Success Rate", defined)
    assert [(a, b) for a, b, _ in spans] == [(25, 44), (0, 3)]


# A measure at a cut-off is a metric by its shape, with its base's registry entry when known.
@pytest.mark.parametrize(("surface", "metric_id"), [("Precision@3", "precision"), ("A@0.25", None), ("HR@10", None)])
def test_cutoff_metrics(surface, metric_id):
    from extractor.attribution import find_metric_names

    spans = [(sp.surface, sp.id) for sp in find_metric_names(f"It reaches 0.41 {surface} on the hard split.")]
    assert (surface, metric_id) in [(a, b if metric_id else None) for a, b in spans]


def test_address_is_no_cutoff_metric():
    from extractor.attribution import find_metric_names

    assert not find_metric_names("Write to user@example.com for data.")
