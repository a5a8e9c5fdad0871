"""Cues that abstracts outside the gold sets write often: evaluation thresholds and training
targets are settings, a drop 'in' a metric or a closeness 'within' one is a difference, 'Relative' inside a method name is no relative gain, a parenthesis can say
a gain is relative, numbers with their own 'on ... NAME' do not pair with an earlier list, and a
sized model variant after 'on' is no benchmark."""

import pytest

from extractor.pipeline import extract


def _claims(text):
    return {c.value: c for c in extract(text)}


@pytest.mark.parametrize(
    "text, value",
    [
        ("Recall is averaged over overlap thresholds from 0.3 to 0.7 and rises from 51.0% to 55.4%.", 0.3),
        ("Recall is averaged over overlap thresholds from 0.3 to 0.7 and rises from 51.0% to 55.4%.", 0.7),
        ("Hits are counted at an IoU threshold of 0.6, where our detector gets 48.2 AP on the val split.", 0.6),
        ("The steps needed to reach 85% validation accuracy on CIFAR-10 drop by 40%.", 85),
        ("For a small ResNet to reach 90% accuracy on SVHN, our schedule saves 25% of the updates.", 90),
    ],
)
def test_settings_are_not_claims(text, value):
    assert value not in _claims(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Recall is averaged over overlap thresholds from 0.3 to 0.7 and rises from 51.0% to 55.4%.", 55.4),
        ("The steps needed to reach 85% validation accuracy on CIFAR-10 drop by 40%.", 40),
        ("Our compact model is able to reach 91.3% accuracy on SVHN.", 91.3),
    ],
)
def test_results_next_to_settings_stay(text, value):
    assert value in _claims(text)


@pytest.mark.parametrize(
    "text, value, kind",
    [
        ("Our agent beats agents trained with Group Relative Policy Optimization by +9.2% on the maze suite.", 9.2, "delta"),
        ("The planner beats the baselines by 21% (relative gain in success rate) on the unseen maps.", 21, "relative"),
        ("It improves the error by 12% relative on the test set.", 12, "relative"),
        ("Under blur the two trackers drop 6-9% in AUC on the night clips.", 6, "delta"),
        ("The distilled tagger keeps its scores within 0.9% F1.", 0.9, "delta"),
    ],
)
def test_relative_cue(text, value, kind):
    assert _claims(text)[value].kind.value == kind


def test_numbers_with_their_own_benchmark_do_not_pair_with_an_earlier_list():
    text = ("We test on FooFaces, BarFaces, BazFaces and QuxFaces and our detector gets APs of 91.5, 88.0 "
            "and 80.2 on the easy, medium and hard QuxFaces val subsets respectively.")
    got = _claims(text)
    assert [got[v].benchmark for v in (91.5, 88.0, 80.2)] == ["QuxFaces"] * 3


def test_equal_lists_still_pair_in_order():
    got = _claims("On CIFAR-10, CIFAR-100 and SVHN, our method reaches 95.1%, 78.2% and 97.0% accuracy respectively.")
    assert [got[v].benchmark for v in (95.1, 78.2, 97.0)] == ["CIFAR-10", "CIFAR-100", "SVHN"]


def test_sized_model_variant_is_not_a_benchmark():
    got = _claims("On SQuAD-PT the adapter keeps 96.1% of full fine-tuning performance on Bertoldo-Large.")
    assert got[96.1].benchmark != "Bertoldo-Large"
