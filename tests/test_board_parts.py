"""Sub-measures: a number said of one part of a benchmark (BraTS's whole tumour, LoCoMo's
adversarial questions, pixel-level anomaly localization) is on that part's board."""

from __future__ import annotations

import pytest

from extractor.board_keys import board_key
from extractor.board_parts import number_at, part_of

GCSER = ("In the BraTS 2020 dataset, the ensemble yielded dice scores of 95 percent, 92 percent, and 90 percent for "
         "the tumor regions - Whole Tumor (W), Tumor Core (T), and Enhancing Tumor (E), respectively.")
ADRU = ("On BraTS 2020, it achieves dice scores of 0.9229 for the whole tumor, 0.8432 for the tumor core, and 0.8004 "
        "for the enhancing tumor.")
MGML = ("On BraTS2020 our method obtained scores of 87.55, 79.36, and 62.67 for the whole tumor (WT), the tumor core "
        "(TC), and the enhancing tumor (ET), respectively.")


@pytest.mark.parametrize(("bench", "sentence", "number", "part"), [
    ("BraTS", GCSER, "95", "whole tumour"),
    ("BraTS", GCSER, "90", "enhancing tumour"),
    ("BraTS", ADRU, "0.9229", "whole tumour"),
    ("BraTS", ADRU, "0.8004", "enhancing tumour"),
    ("BraTS", MGML, "62.67", "enhancing tumour"),
    ("BraTS", "For BraTS 2020, it reached the highest DSC value for the tumor core region (0.8651).", "0.8651", "tumour core"),
    # a mean, with its parts in brackets after it, is the benchmark's own number
    ("BraTS", "It achieves mean Dice of 0.905 (ET= 0.873, TC=0.906, WT=0.935) on BraTS2021.", "0.905", None),
    # a list of numbers with no list of as many parts: no part
    ("BraTS", "Dice scores of 0.91, 0.85 and 0.80 on BraTS 2019, 2020 and 2021 for the whole tumor.", "0.80", None),
    ("BraTS", "It reaches a Dice of 0.91 on BraTS 2020, improving the enhancing tumor most.", "0.91", None),
    ("LoCoMo", "It achieves 0.565 overall F1 including 97.5% adversarial refusal accuracy.", "97.5", "adversarial"),
    # a VBench dimension is its own board, not the total score
    ("VBench", "On VBench, it achieves the highest Background Consistency (88.94) and Subject Consistency (82.11).", "88.94",
     "background consistency"),
    ("LoCoMo", "It achieves F1 of 63.50 (single-hop), 55.32 (multi-hop), and 58.57 (temporal).", "55.32", "multi-hop"),
    ("MVTec AD", "It shows AUROC = 99.8% pixel-level, 99.3% image-level on MVTec AD.", "99.8", "pixel-level"),
    ("MVTec AD", "It shows AUROC = 99.8% pixel-level, 99.3% image-level on MVTec AD.", "99.3", None),
    ("MVTec AD", "A detection AUROC up to 99.7% and a localization AUROC of 98.8% on MVTec AD.", "98.8", "pixel-level"),
    ("MVTec AD", "Image-level and pixel-level AUROC of 98.0% and 97.6% on MVTec-AD.", "97.6", "pixel-level"),
    ("COCO", "It gets 54.0 AP for the whole tumor.", "54.0", None),  # a benchmark without parts
])
def test_part_of(bench, sentence, number, part):
    assert part_of(bench, sentence, number_at(sentence, number), number) == part


def test_a_part_is_its_own_board_after_the_edition():
    claim = {"benchmark": "BraTS 2020", "benchmark_id": "BraTS", "metric_id": "dice", "value_text": "0.9229", "sentence": ADRU}
    assert board_key(claim)[:2] == ("BraTS 2020 whole tumour", "dice")
    claim = {**claim, "value_text": "0.91", "sentence": "It reaches a mean Dice of 0.91 on BraTS 2020."}
    assert board_key(claim)[:2] == ("BraTS 2020", "dice")
