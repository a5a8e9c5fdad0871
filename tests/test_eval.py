"""lbx eval agrees with the reference scorer, and the dev-set quality floor holds."""

import json
import subprocess
import sys

import pytest

from extractor.evaluate import compatible, evaluate
from extractor.pipeline import extract_stream
from extractor.readers import read_papers
from schemas import BadRecord

# Strict F1 reached on the dev gold set when this floor was set, minus a small margin.
STRICT_F1_FLOOR = 0.89
VALUE_F1_FLOOR = 0.96
EFFICIENCY_F1_FLOOR = 0.90


def test_compatible_names():
    assert compatible("Kinetics-400|K400", "K400")
    assert compatible("ImageNet", "ImageNet-1K")
    assert compatible(None, "anything")
    assert not compatible("COCO", None)
    assert not compatible("AC", "ACE")  # containment needs 3 characters


def test_small_case_by_hand():
    gold = [{"id": "p", "claims": [
        {"value": 80.3, "kind": "score", "benchmark": "MathVista"},
        {"value": 4, "kind": "efficiency", "benchmark": None},
    ], "borderline": [{"value": 7, "kind": "score"}]}]
    preds = [
        {"paper_id": "p", "value": 80.3, "kind": "score", "benchmark": "mathvista"},
        {"paper_id": "p", "value": 4.0, "kind": "efficiency"},
        {"paper_id": "p", "value": 7, "kind": "score"},  # borderline: neither credited nor penalised
        {"paper_id": "p", "value": 9, "kind": "delta"},  # a false positive
        {"paper_id": "other", "value": 1, "kind": "score"},  # not a gold paper: ignored
    ]
    ev = evaluate(gold, preds)
    assert (ev.strict.tp, ev.strict.pred, ev.strict.gold) == (1, 2, 1)
    assert (ev.efficiency.tp, ev.efficiency.pred, ev.efficiency.gold) == (1, 1, 1)
    assert sorted(fp["value"] for fp in ev.false_positives) == [7, 9]


@pytest.fixture(scope="module")
def dev_predictions(tmp_path_factory):
    from pathlib import Path

    shared = (Path(__file__).resolve().parent.parent / ".." / "shared").resolve()
    gold = shared / "gold" / "dev.jsonl"
    if not gold.is_file():
        pytest.skip(f"gold dev set not found at {gold}")
    preds = [c.model_dump(mode="json") for item in extract_stream(read_papers([gold]))
             if not isinstance(item, BadRecord) for c in item.claims]
    out = tmp_path_factory.mktemp("dev") / "pred.jsonl"
    out.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    return shared, gold, out, preds


def test_matches_reference_scorer(dev_predictions):
    shared, gold, pred_path, preds = dev_predictions
    scorer = shared / "tools" / "score.py"
    if not scorer.is_file():
        pytest.skip("reference scorer not present")
    ref = json.loads(subprocess.run([sys.executable, str(scorer), str(gold), str(pred_path)],
                                    capture_output=True, text=True, check=True).stdout)
    ours = evaluate([json.loads(l) for l in gold.open(encoding="utf-8")], preds).summary()
    for name in ("strict", "value_only", "efficiency"):
        for k in ("p", "r", "f1"):
            assert ours[name][k] == pytest.approx(ref[name][k], abs=1e-4), (name, k)
    for k, v in ref["on_value_matches"].items():
        assert ours["on_value_matches"][k] == pytest.approx(v, abs=1e-4), k


def test_dev_set_floor(dev_predictions):
    _, gold, _, preds = dev_predictions
    ev = evaluate([json.loads(l) for l in gold.open(encoding="utf-8")], preds)
    assert ev.strict.f1 >= STRICT_F1_FLOOR, f"strict F1 {ev.strict.f1:.3f} fell below {STRICT_F1_FLOOR}"
    assert ev.value_only.f1 >= VALUE_F1_FLOOR, f"value F1 {ev.value_only.f1:.3f} fell below {VALUE_F1_FLOOR}"
    assert ev.efficiency.f1 >= EFFICIENCY_F1_FLOOR, f"efficiency F1 {ev.efficiency.f1:.3f} fell below {EFFICIENCY_F1_FLOOR}"
