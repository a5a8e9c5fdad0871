"""lbx eval agrees with the reference scorer, and the quality floors on both gold sets hold."""

import json
import subprocess
import sys

import pytest

from extractor.evaluate import compatible, evaluate
from extractor.pipeline import extract_stream
from extractor.readers import read_papers
from schemas import BadRecord

# Scores reached on each gold set when these floors were set, minus a small margin:
# (strict F1, value-only F1, efficiency F1). dev: 0.939 / 0.996 / 0.942; train: 0.856 / 0.944 / 0.933.
FLOORS = {"dev": (0.92, 0.98, 0.92), "train": (0.845, 0.93, 0.915)}


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


def _predictions(tmp_path_factory, name: str):
    from pathlib import Path

    shared = (Path(__file__).resolve().parent.parent / ".." / "shared").resolve()
    gold = shared / "gold" / f"{name}.jsonl"
    if not gold.is_file():
        pytest.skip(f"gold {name} set not found at {gold}")
    preds = [c.model_dump(mode="json") for item in extract_stream(read_papers([gold]))
             if not isinstance(item, BadRecord) for c in item.claims]
    out = tmp_path_factory.mktemp(name) / "pred.jsonl"
    out.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    return shared, gold, out, preds


@pytest.fixture(scope="module")
def dev_predictions(tmp_path_factory):
    return _predictions(tmp_path_factory, "dev")


@pytest.fixture(scope="module", params=["dev", "train"])
def gold_predictions(request, tmp_path_factory):
    return request.param, _predictions(tmp_path_factory, request.param)


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


def test_gold_set_floors(gold_predictions):
    name, (_, gold, _, preds) = gold_predictions
    ev = evaluate([json.loads(l) for l in gold.open(encoding="utf-8")], preds)
    strict, value, efficiency = FLOORS[name]
    assert ev.strict.f1 >= strict, f"{name}: strict F1 {ev.strict.f1:.3f} fell below {strict}"
    assert ev.value_only.f1 >= value, f"{name}: value F1 {ev.value_only.f1:.3f} fell below {value}"
    assert ev.efficiency.f1 >= efficiency, f"{name}: efficiency F1 {ev.efficiency.f1:.3f} fell below {efficiency}"
