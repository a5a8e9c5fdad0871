"""Plausibility at board time: values a metric cannot take, costs, bare 1s, hedges, collective
statements, names that are not methods, rescaling only with evidence, outliers held with a reason."""

from __future__ import annotations

import pytest

from extractor.boards import board
from extractor.plausibility import hold_reason
from test_store import claim, item, paper, store  # noqa: F401  (store is a fixture)


MSA2 = ("FooNet achieves Dice scores of 86.49%, 92.56%, 93.37%, and 92.98% on the Synapse, ACDC, Kvasir, and Skin "
        "Lesion Segmentation (ISIC2017) datasets, respectively.")
F2D = ("FooNet gets 8.7%, 2.2%, and 6.1% on City Persons, Caltech Pedestrian, and Euro City Person respectively and "
       "20.4% and 26.2% in the heavy occlusion setting of Caltech Pedestrian and City Persons datasets.")


def _claim(value, text=None, unit="%", model="FooNet", sentence=None, benchmark="ImageNet"):
    text = text or f"{value:g}"
    return {"value": value, "value_text": text, "unit": unit, "model": model, "benchmark": benchmark,
            "benchmark_id": "ImageNet-1K", "sentence": sentence or f"{model} gets {text}{unit or ''} top-1 accuracy."}


_HOLD_CASES = [  # (claim, board metric, reason)
    (_claim(512, unit=None), "top1_accuracy", "512 is not a possible percentage"),
    (_claim(-3.0), "top1_accuracy", "-3 is not a possible percentage"),
    (_claim(15000, "15,000", unit="GPU-hours"), "top1_accuracy", "a cost or count (GPU-hours), not a result"),
    (_claim(12, unit="ms"), "top1_accuracy", "a cost or count (ms), not a result"),
    (_claim(3.0, unit="x"), "top1_accuracy", "a multiple (x), not a result"),
    (_claim(40.0), "params", "a cost (params), not a result"),
    (_claim(1, unit=None), "top1_accuracy", "a bare 1: cannot tell 1% from 100%"),
    (_claim(1.3, unit=None), "ssim", "1.3 is above 1, the most ssim can be"),
    (_claim(100, sentence="All models achieve near 100% accuracy on the easy split."), "top1_accuracy",
     "hedged: 'near' a number"),
    (_claim(91, sentence="Current LLMs only reach 91% on this test."), "top1_accuracy",
     "said of many systems ('Current LLMs')"),
    (_claim(64, sentence="Baselines score up to 64% here."), "top1_accuracy", "a ceiling of other systems ('up to')"),
    (_claim(80.5, model=None), "top1_accuracy", "no model named"),
    (_claim(95, sentence="It helps a lot, with 33 models achieving over 95% accuracy."), "top1_accuracy",
     "said of many systems ('33 models')"),
    # the benchmark and the metric both came from other sentences of the abstract
    (_claim(99.0, sentence="On the balanced split, FooNet reaches 99%."), "top1_accuracy",
     "neither the benchmark nor the metric is named in the sentence"),
    (_claim(80.5, model="baseline"), "top1_accuracy", "no model named"),
    (_claim(80.5, model="MRI"), "top1_accuracy", "'MRI' is not a method"),
    (_claim(80.5, model="ImageNet"), "top1_accuracy", "'ImageNet' is the benchmark"),
    (_claim(80.5, model="CIFAR-100"), "top1_accuracy", "'CIFAR-100' is a benchmark"),
    (_claim(77, "77\\%", sentence="FooNet reaches a top-1 accuracy of $\\sim 77\\%$ here."), "top1_accuracy",
     "hedged: 'about' a number"),  # LaTeX is read before the word lists
    (_claim(65, sentence="Current taggers still get less than 65% accuracy on it."), "top1_accuracy",
     "a bound ('less than'), not a measured value"),
    (_claim(1.3, sentence="FooNet brings 4.1%, 2.2%, and 1.3% error rate reduction over BarNet."), "top1_accuracy",
     "a change ('rate reduction'), not a score"),
    (_claim(4.1, sentence="FooNet brings 4.1%, 2.2%, and 1.3% error rate reduction over BarNet."), "top1_accuracy",
     "a change ('rate reduction'), not a score"),
    (_claim(71.0, model="human performance"), "top1_accuracy", "'human performance' is not a method"),
    (_claim(90.0, model="strongest models", sentence="With the strongest models surpassing 90% accuracy, the benchmark is saturated."), "top1_accuracy",
     "'strongest models' describes systems, it names none"),
    (_claim(90.0, model="MVD models", sentence="Training leads to MVD models with 90% top-1 accuracy."), "top1_accuracy", None),
    (_claim(7.2, "-7.2", sentence="FooNet gets -7.2% perplexity over the plain baseline."), "perplexity",
     "a signed percentage is a change, not a score"),
    (_claim(0.1, unit=None, sentence="The change costs perplexity approx. 0.1 on the test set."), "perplexity",
     "hedged: 'approx.' a number"),
    (_claim(97.1, sentence="FooNet gets 97.1% accuracy (pass@64) on the text tasks."), "top1_accuracy",
     "a best of several attempts ('pass@64'), not one attempt"),
    (_claim(97, "97--99%", sentence="It passes 80--84% of the time (vs. 97--99% for clean data)."), "top1_accuracy",
     "a range (97--99%), not one value"),
    (_claim(0, "0-2%", sentence="FooNet cuts refusals (0-2%) with no perplexity change."), "perplexity",
     "a range (0-2%), not one value"),
    (_claim(3.1, sentence="FooNet changes perplexity by only 3.1% on the test set."), "perplexity",
     "a percentage is not a perplexity"),
    (_claim(1, unit=None, sentence="FooNet gets an FID of 1.52 with only 1 sampling step."), "fid",
     "a count ('sampling step'), not a score"),
    (_claim(2.92, unit=None, sentence="It explains 84% of the gain (2.45 of 2.92 PPL) by the new layer."), "perplexity",
     "a part of another number ('2.45 of'), not a score"),
    (_claim(97.09, "97.09", sentence="FooNet achieves 97.09% accuracy on the text-based tasks under pass@64."), "top1_accuracy",
     "a best of several attempts ('pass@64'), not one attempt"),
    (_claim(73.0, "73.0", sentence="FooNet reaches 73.0% EX upper bound with 32 candidates."), "top1_accuracy",
     "a bound ('upper bound'), not a measured value"),
    (_claim(91.5, "91.5\\%", sentence="FooNet gets only 29.7\\% test accuracy despite 91.5\\% train accuracy."), "top1_accuracy",
     "another quantity ('train accuracy'), not the board's"),
    (_claim(1.48, unit=None, sentence="FooNet outperforms the previous SoTA by 0.4%, 1.48 FID, and 1.5% on three tasks."), "fid",
     "a margin over another result ('by'), not a score"),
    (_claim(100, sentence="FooNet reaches 100% accuracy on the 15-item subset."), "top1_accuracy",
     "a perfect 100%: the metric's ceiling, seldom one model's result on the whole benchmark"),
    (_claim(99.89, "99.89", sentence="On Visual Sudoku, FooNet gets 99.89% cell accuracy on 1,000 boards."), "top1_accuracy",
     "a qualified accuracy ('cell accuracy'), another quantity than the board's"),
    (_claim(62.0, "62.0", sentence="FooNet keeps 62.0% robust accuracy under attack."), "top1_accuracy",
     "a qualified accuracy ('robust accuracy'), another quantity than the board's"),
    (_claim(98.6, "98.6", sentence="Its core memory fact accuracy reaches 98.6%."), "top1_accuracy",
     "a qualified accuracy ('fact accuracy'), another quantity than the board's"),
    (_claim(99.7, "99.7", sentence="On MNIST Addition, FooNet achieves digit accuracy above 99.7% across all scales."),
     "top1_accuracy", "a qualified accuracy ('digit accuracy'), another quantity than the board's"),
    (_claim(97.5, "97.5", sentence="FooNet gets 0.565 overall F1 including 97.5% adversarial refusal accuracy."), "top1_accuracy",
     "a qualified accuracy ('adversarial refusal accuracy'), another quantity than the board's"),
    (_claim(99.34, "99.34", sentence="FooNet achieves 99.34% and 97.69% query accuracy on average."), "top1_accuracy",
     "another quantity ('query accuracy'), not the board's"),
    (_claim(90, "90\\%", sentence="Our analysis shows even 90\\% correct knowledge yields only 41\\% execution success rate."),
     "top1_accuracy", "a condition of another result ('correct knowledge yields'), not a score"),
    (_claim(96.0, "96.0", sentence="Recovery of the target model's MMLU performance goes from 44.6% (naive) to 96.0% (+FooNet)."),
     "top1_accuracy", "relative to another result ('Recovery of'), not a score"),
    (_claim(92.0, "92", sentence="The student FooNet keeps 92% of the teacher's mIoU."), "top1_accuracy",
     "a share of another result ('of the teacher's'), not a score"),
    (_claim(93.37, "93.37", benchmark="Synapse", sentence=MSA2), "top1_accuracy",
     "number 3 of 4 is paired with name 3 of its list, not Synapse"),
    (_claim(26.2, "26.2", benchmark="Caltech", sentence=F2D), "top1_accuracy",
     "number 2 of 2 is paired with name 2 of its list, not Caltech"),
    (_claim(97.0, "97", benchmark="ModelNet40", sentence="FooNet gets 92.7% accuracy on ModelNet40, and excels in a "
            "real-world MFC anode structure problem with 97% accuracy."), "top1_accuracy",
     "on other data ('in a real-world MFC ...'), not the benchmark"),
    ({**_claim(70.1, "70.1", benchmark="ADE20K", sentence="It trades speed for accuracy on Cityscapes, e.g., 130 FPS/78.5% "
               "mIoU and 180 FPS/70.1% mIoU, and leading performance on ADE20K as well."), "benchmark_id": "ADE20K"}, "top1_accuracy",
     "named after it in a clause of its own; Cityscapes is its benchmark"),
    ({**_claim(86.11, "86.11", benchmark="ACDC", sentence="On the Synapse dataset, FooNet achieves a Dice score of 86.11%, "
               "and on the ACDC dataset, it reaches 92.64%."), "benchmark_id": "ACDC"}, "top1_accuracy",
     "named after it in a clause of its own; Synapse is its benchmark"),
    # Results that rank.
    ({**_claim(92.64, "92.64", benchmark="ACDC", sentence="On the Synapse dataset, FooNet achieves a Dice score of 86.11%, "
               "and on the ACDC dataset, it reaches 92.64%."), "benchmark_id": "ACDC"}, "top1_accuracy", None),
    ({**_claim(55.2, "55.2", benchmark="ADE20K", sentence="Pre-trained on COCO, FooNet gets 55.2% mIoU on ADE20K."),
      "benchmark_id": "ADE20K"}, "top1_accuracy", None),
    (_claim(70.41, "70.41", benchmark="HealthBench", sentence="FooNet achieves 90.47% Top-1 accuracy on the self-built "
            "dataset and 70.41% on HealthBench."), "top1_accuracy", None),
    (_claim(86.49, "86.49", benchmark="Synapse", sentence=MSA2), "top1_accuracy", None),
    (_claim(20.4, "20.4", benchmark="Caltech", sentence=F2D), "top1_accuracy", None),
    (_claim(0.9887, "0.9887", unit=None, benchmark="STARE",
            sentence="FooNet gets AUC of 0.9887, 0.9814, and 0.9887 on DRIVE, CHASE-DB1, and STARE, respectively."),
     "top1_accuracy", None),
    (_claim(3.91, "3.91", benchmark="RefCOCO",
            sentence="On RefCOCO, RefCOCO+ and RefCOCOg, FooNet gains up to 3.91% and 13.11% on RefCOCO for two tasks, respectively."),
     "top1_accuracy", None),
    (_claim(85.2, "85.2", sentence="FooNet gets 85.2% zero-shot transfer accuracy on ImageNet."), "top1_accuracy", None),
    (_claim(73.96, "73.96", sentence="FooNet gets a FEVER score of 73.96% and label accuracy of 77.25%."), "top1_accuracy", None),
    (_claim(2.4, "2.4", sentence="Moved to CIFAR-10, a state-of-the-art test error of 2.4% is yielded by FooNet."), "top1_error", None),
    (_claim(61.47, "61.47", sentence="On ImageNet, FooNet attains a recovery rate of 61.47%."), "recovery", None),
    (_claim(91.2, "91.2", sentence="The classification accuracy reaches 91.2% on the set."), "top1_accuracy", None),
    (_claim(86.0, "86.0", sentence="FooNet gets 86.0% ImageNet top-1 accuracy."), "top1_accuracy", None),
    (_claim(84.1, "84.1", sentence="FooNet gets 84.1% zero-shot accuracy."), "top1_accuracy", None),
    (_claim(72.1, "72.1", sentence="FooNet reaches 72.1% execution accuracy on BIRD."), "execution_accuracy", None),
    (_claim(0.0, sentence="FooNet gets 0.0% top-1 error on the easy split."), "top1_error", None),
    (_claim(80.5), "top1_accuracy", None),
    (_claim(80.1, "80.1", sentence="FooNet gets a top-1 of 80.1% on ImageNet."), "top1_accuracy", None),
    (_claim(1.3, unit=None, sentence="FooNet reaches 1.3 FID in 20 steps."), "fid", None),
    (_claim(85.0, "85.0", sentence="FooNet improves the baseline by training longer, reaching 85.0% on ImageNet."), "top1_accuracy", None),
    (_claim(7.2, "-7.2%", sentence="FooNet gets -7.2% perplexity over the plain baseline."), "perplexity",
     "a signed percentage is a change, not a score"),
    (_claim(85.3, sentence="FooNet reaches 85.3% top-1 accuracy, a 2.1% improvement over BarNet."), "top1_accuracy", None),
    (_claim(85.3, sentence="FooNet reaches over 85.3% top-1 accuracy under the new split."), "top1_accuracy", None),
    (_claim(61.0, sentence="FooNet gets 61.0% at pass@1, against BarNet at pass@1."), "top1_accuracy", None),
    (_claim(68.0, sentence="FooNet gets Pass@1 = 68.0% and Pass@3 = 83.0% on it."), "top1_accuracy", None),
    (_claim(0.853, unit=None), "top1_accuracy", None),
    (_claim(80.5, model="ResNet-50 baseline"), "top1_accuracy", None),
    (_claim(85.1, sentence="Unlike existing methods, FooNet reaches 85.1% top-1 accuracy."), "top1_accuracy", None),
    (_claim(85.1, sentence="FooNet reaches 85.1% accuracy, ahead of all prior methods."), "top1_accuracy", None),
    (_claim(0.91, unit=None), "ssim", None),
]


@pytest.mark.parametrize(("claim", "metric", "reason"), _HOLD_CASES)
def test_hold_reason(claim, metric, reason):
    assert hold_reason(claim, metric) == reason


CHILD = ("We render child poses with COCO-format keypoints. The FP16 model gains +12.5 AP over the COCO-pretrained "
         "adult baseline. After INT8 quantization the model retains 70.4 AP at 22 FPS.")
WHEAT = ("It is a state-of-the-art wheat head segmentation model with mAP@50 of 98.5%. Additionally, we assessed "
         "it on the COCO dataset, a gain of over 12.6%.")
DETR = "Experiments on MS COCO show it beats YOLO. FooNet-X achieves 58.4% AP even without the new module."
OWN = "FooNet achieves 42% on it, the best. We introduce LogiBench, a new optimization modeling benchmark."


@pytest.mark.parametrize(("abstract", "sentence", "benchmark", "bench_id", "value", "reason"), [
    (CHILD, "After INT8 quantization the model retains 70.4 AP at 22 FPS.", "COCO", "COCO", 70.4,
     "its benchmark (COCO) is not named as the data before this sentence"),
    (WHEAT, "It is a state-of-the-art wheat head segmentation model with mAP@50 of 98.5%.", "COCO", "COCO", 98.5,
     "its benchmark (COCO) is not named as the data before this sentence"),
    (DETR, "FooNet-X achieves 58.4% AP even without the new module.", "MS COCO", "COCO", 58.4, None),
    (OWN, "FooNet achieves 42% on it, the best.", "LogiBench", None, 42.0, None),
])
def test_a_benchmark_taken_from_the_abstract_must_be_named_there_as_the_data_before(
        abstract, sentence, benchmark, bench_id, value, reason):
    claim = {"value": value, "value_text": f"{value:g}", "unit": "%", "model": "FooNet", "benchmark": benchmark,
             "benchmark_id": bench_id, "metric_id": "ap", "sentence": sentence, "abstract": abstract}
    assert hold_reason(claim, "ap") == reason


def acc(paper_id, value, model, **fields):
    fields = {"benchmark": "CIFAR-10", "benchmark_id": "CIFAR-10", "metric": "accuracy", "metric_id": "accuracy",
              "higher_is_better": True, **fields}
    return claim(paper_id, value, model=model, **fields)


def test_only_a_fraction_written_as_one_is_rescaled_and_a_bare_1_is_held(store):
    store.ingest([
        item(paper("p1"), acc("p1", 91.0, "A", unit="%")),
        item(paper("p2"), acc("p2", 0.935, "B")),
        item(paper("p3"), acc("p3", 1.0, "C", text="1")),
    ])
    rows = {r["model"]: r for r in board(store, "CIFAR-10").records}
    assert (rows["B"]["rank"], rows["B"]["value"], rows["B"]["rescaled"]) == (1, 93.5, True)
    assert (rows["C"]["rank"], rows["C"]["held"]) == (None, "a bare 1: cannot tell 1% from 100%")


def test_an_outlier_is_held_with_its_reason_unless_another_paper_confirms_it(store):
    values = [90.1, 90.4, 90.8, 91.0, 91.3, 91.9]
    papers = [item(paper(f"p{i}"), acc(f"p{i}", v, f"M{i}", unit="%")) for i, v in enumerate(values)]
    store.ingest([*papers, item(paper("odd"), acc("odd", 99.9, "Odd", unit="%"))])
    top = board(store, "CIFAR-10").records
    odd = next(r for r in top if r["model"] == "Odd")
    assert odd["rank"] is None and odd["held"].startswith("outlier: 99.9 is over 3 IQR from the median")
    assert top[0]["model"] == "M5" and top[0]["rank"] == 1
    store.ingest([item(paper("again"), acc("again", 99.85, "Odd", unit="%"))])
    ranked = [r["model"] for r in board(store, "CIFAR-10").records if r["rank"] == 1]
    assert ranked == ["Odd"]


def test_held_rows_stay_on_the_board_after_the_ranked_ones(store):
    store.ingest([item(paper("p1"), acc("p1", 92.0, "A", unit="%"), acc("p1", 300.0, "B", unit="%"))])
    rows = board(store, "CIFAR-10").records
    assert [(r["rank"], r["model"], r["held"]) for r in rows] == [
        (1, "A", None), (None, "B", "300 is not a possible percentage"),
    ]


def test_board_facts_are_the_same_without_the_prefilter() -> None:
    """The hedge, bound and collective word lists are read only where their RE2 prefilter leaves
    them a chance to match (extractor.prefilter.possible): every claim's board and hold are those
    of reading them all."""
    from pathlib import Path

    from extractor import prefilter
    from extractor.derived import derive_columns
    from extractor.pipeline import extract_stream
    from extractor.readers import read_papers

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "papers"
    claims, abstracts = [], []
    for extraction in extract_stream(read_papers([folder])):
        for c in getattr(extraction, "claims", ()):
            claims.append(c.model_dump(mode="json"))
            abstracts.append(extraction.paper.abstract)
    claims += [dict(c, kind="score", metric_id=m) for c, m, _ in _HOLD_CASES]
    abstracts += [None] * len(_HOLD_CASES)
    fast = derive_columns(claims, abstracts)
    prefilter.ENABLED = False
    try:
        reference = derive_columns(claims, abstracts)
    finally:
        prefilter.ENABLED = True
    assert sum(h is not None for h in reference["hold"]) > 20
    assert fast == reference
