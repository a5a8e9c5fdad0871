"""Claim detection end to end: one table of (sentence, value, expected kind or None for "not a
claim"), covering open-vocabulary results, number groups and the word that governs a kind."""

import math

import pytest

from extractor.pipeline import extract

CASES = [
    # open vocabulary: a result without a metric from the lexicon
    ("The fuzzer uncovers 91% of the seeded bugs.", 91, "score"),
    ("The policy succeeds in 64% of trials on the real robot.", 64, "score"),
    ("Our checker is right 77% of the time.", 77, "score"),
    ("Its raters give it Clarity (4.12) and Warmth (3.95).", 4.12, "score"),
    ("The decoder holds a win rate of 58% against the prior system.", 58, "score"),
    ("The tracker brings the mean position error down to 3.4 cm.", 3.4, "score"),
    ("The new system achieved 301/420 (71.7%; 95% CI, 67.1%-75.9%) accuracy.", 71.7, "score"),
    ("The new system achieved 301/420 (71.7%; 95% CI, 67.1%-75.9%) accuracy.", 301, None),
    ("The new system achieved 301/420 (71.7%; 95% CI, 67.1%-75.9%) accuracy.", 67.1, None),
    ("Recall stays high for the rare tags (T-2a 96.1%, T-3 90.4%).", 90.4, "score"),
    # kind from the governing word
    ("The small model is 2.9% more accurate on the clean split.", 2.9, "delta"),
    ("Our planner is 8.4% higher on the harder maps.", 8.4, "delta"),
    ("The reranker gives a 3.10 BLEU point gain over the cascade.", 3.1, "delta"),
    ("It shows performance gains upto 11.5% on the suite.", 11.5, "delta"),
    ("The student stays within 0.7 dB of the teacher network.", 0.7, "delta"),
    ("It lowers the word error by a relative 6%, 9%, and 4% on the three sets.", 9, "relative"),
    ("The scheduler reaches about 93% of the throughput ratio of the optimal plan.", 93, "relative"),
    ("The first model surpassing 85% accuracy on the suite is ours.", 85, "score"),
    ("Our encoder reaches 31.20 dB PSNR on the test scenes.", 31.2, "score"),
    ("The new loss gains up to 6.01 percentage points in F1 and 8.06 in F2 over the old one.", 8.06, "delta"),
    ("The tracker lifts IDF1 by 1.4% on the day split and 1.0 on the night split.", 1.0, "delta"),
    ("It reaches 87.3 AUC (+7.0 pp) and 75.1 AP on the two sets.", 75.1, "score"),
    ("It beats the baseline by 6% on the suite, and the sub-tasks (A: 0.677 for one, 0.499 for two).", 0.499, None),
    ("Pruning cuts the FLOPs by 35% with no loss of accuracy.", 35, "efficiency"),
    ("The token usage on long inputs is reduced by 44%.", 44, "efficiency"),
    ("It yields up to a 38% reduction in bitrate at equal quality.", 38, "efficiency"),
    ("The ranking step on a laptop CPU is slow, with the baseline taking 2.3 seconds per query.", 2.3, "efficiency"),
    # not claims
    ("The camera height was set at 40 m for the whole survey.", 40, None),
    ("The accuracy is reported on 19 LULC classes.", 19, None),
    ("Its accuracy rests on two parts: (1) a retriever and (2) a reranker.", 2, None),
]


@pytest.mark.parametrize(("text", "value", "kind"), CASES, ids=[f"{t[:40]}:{v}" for t, v, _ in CASES])
def test_claim_kind(text, value, kind):
    found = [c.kind.value for c in extract(text) if math.isclose(c.value, value)]
    if kind is None:
        assert found == [], f"{value} should not be a claim, got {found}"
    else:
        assert found == [kind], f"{value}: expected {kind}, got {found}"
