"""One board per real leaderboard: task variants, editions, years, default metrics, synonyms,
metrics a benchmark's leaderboards do not use, open boards for benchmarks the registry lacks."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from extractor.board_keys import board_key, open_key
from extractor.boards import board, board_list
import extractor.cli.store_cmds  # noqa: F401  (registers the store commands)
from extractor.cli import app
from test_store import claim, item, paper, store  # noqa: F401  (store is a fixture)


def key(benchmark, benchmark_id, metric_id, sentence):
    return board_key({"benchmark": benchmark, "benchmark_id": benchmark_id, "metric_id": metric_id, "sentence": sentence})


@pytest.mark.parametrize(("args", "expected"), [
    (("COCO", "COCO", "ap", "The pose model scores 75.1 AP on COCO keypoint detection."), ("COCO keypoints", "ap")),
    (("COCO", "COCO", "ap", "The detector scores 58.2 AP on COCO test-dev."), ("COCO", "box_ap")),
    (("COCO", "COCO", "mask_ap", "It gets 49.0 mask AP on COCO."), ("COCO instance segmentation", "mask_ap")),
    (("COCO", "COCO", "cider", "It reaches 140.2 CIDEr on COCO."), ("COCO captioning", "cider")),
    (("ImageNet", "ImageNet-1K", "fid", "An FID of 1.9 on class-conditional ImageNet 256x256."),
     ("ImageNet-1K generation 256", "fid")),
    (("ImageNet 512x512", "ImageNet-1K", "fid", "An FID of 2.3 on ImageNet 512x512."), ("ImageNet-1K generation 512", "fid")),
    (("ImageNet", "ImageNet-1K", "accuracy", "It reaches 84.0% accuracy on ImageNet."), ("ImageNet-1K", "top1_accuracy")),
    (("ImageNet", "ImageNet-1K", None, "It reaches 84.0% on ImageNet."), ("ImageNet-1K", "top1_accuracy")),
    (("ImageNet", "ImageNet-1K", "error_rate", "An error of 15.2% on ImageNet."), ("ImageNet-1K", "top1_error")),
    (("ImageNet", "ImageNet-1K", "accuracy", "It reaches 90.9% on ImageNet-ReaL."), ("ImageNet-1K-ReaL", "top1_accuracy")),
    (("CIFAR-10", "CIFAR-10", "auroc", "An AUROC of 96.0 with CIFAR-10 as in-distribution data."),
     ("CIFAR-10 OOD detection", "auroc")),
    (("MMMU", "MMMU", "accuracy", "It scores 51.2 on MMMU-Pro."), ("MMMU-Pro", "accuracy")),
    (("SWE-bench", "SWE-bench", None, "It resolves 41% of SWE-bench Lite."), ("SWE-bench Lite", "resolve_rate")),
    (("SWE-bench", "SWE-bench", None, "It resolves 55% of SWE-bench Verified."), ("SWE-bench Verified", "resolve_rate")),
    (("MATH", "MATH", None, "It solves 52% of MATH Level 5."), ("MATH Level 5", "accuracy")),
    (("LongBench v2", "LongBench", None, "It scores 45.1 on LongBench v2."), ("LongBench v2", "accuracy")),
    (("BraTS 2021", "BraTS", "dice", "A Dice of 0.91 on BraTS 2021."), ("BraTS 2021", "dice")),
    (("BraTS", "BraTS", "dice", "A Dice of 0.91 on BraTS."), ("BraTS", "dice")),
    (("MyBench-v1", None, "accuracy", "It scores 70 on MyBench-v1."), ("open:mybench", "accuracy")),
    # a temporal localization data set's recognition results are their own board; localization stays
    (("THUMOS14", "THUMOS14", None, "It leads four action recognition benchmarks: UCF101 (94.9%), THUMOS14 (80.1%)."),
     ("THUMOS14 action recognition", None)),
    (("THUMOS14", "THUMOS14", "map", "Without an action recognition classifier, it gets an average mAP of 59.1% on THUMOS14."),
     ("THUMOS14", "map")),
    (("ImageNet", "ImageNet-1K", "accuracy", "Pre-trained for action recognition, it gets 84.0% accuracy on ImageNet."),
     ("ImageNet-1K", "top1_accuracy")),
    # an mAP at one IoU threshold is mAP50
    (("THUMOS14", "THUMOS14", "map", "It achieves 71.0% mAP at tIoU=0.5 on THUMOS14."), ("THUMOS14", "map50")),
    (("THUMOS14", "THUMOS14", "map", "It gets 66.8% mAP (0.3:0.7 average) on THUMOS14."), ("THUMOS14", "map")),
    # a code benchmark's programs translated to another language; a pose data set used for retrieval
    (("HumanEval", "HumanEval", None, "Transpiling HumanEval programs to RISC-V, it is correct on 99% of them."),
     ("HumanEval code translation", None)),
    (("Human3.6M", "Human3.6M", "mpjpe", "For pose retrieval on Human3.6M, the retrieval error is 9.24mm in MPJPE."),
     ("Human3.6M retrieval", "mpjpe")),
    (("Human3.6M", "Human3.6M", "mpjpe", "A retrieval-augmented lifter gets 38.2mm MPJPE on Human3.6M."), ("Human3.6M", "mpjpe")),
    # a detection data set's semantic segmentation results; PASCAL VOC's is the VOC 2012 leaderboard
    (("PASCAL VOC", "PASCAL VOC", None, "It reaches 83.6% and 88.5% on the three semantic segmentation sets, PASCAL VOC test."),
     ("PASCAL VOC 2012", "miou")),
    (("COCO", "COCO", "miou", "It achieves 51.9% mIoU on COCO."), ("COCO semantic segmentation", "miou")),
    (("PASCAL VOC", "PASCAL VOC", None, "The detector reaches 82.7% on PASCAL VOC."), ("PASCAL VOC", "map")),
    # a version after the name is an edition, one board however it is joined; not where every version is one data set
    (("Terminal-Bench", "Terminal-Bench", None, "It solves 51.0% on Terminal-Bench 2.0."), ("Terminal-Bench 2.0", "success_rate")),
    (("NAVSIM-v2", "NAVSIM", "pdms", "It scores 88.1 PDMS on NAVSIM-v2."), ("NAVSIM v2", "pdms")),
    (("NAVSIM", "NAVSIM", "pdms", "It scores 88.1 PDMS on NAVSIM v2."), ("NAVSIM v2", "pdms")),
    (("OntoNotes", "OntoNotes", "f1", "It gets 91.2 F1 on OntoNotes 5.0."), ("OntoNotes", "f1")),
    (("CIFAR-10", "CIFAR-10", "error_rate", "It gets an error of 2.0% on CIFAR-10 2.0 times faster."), ("CIFAR-10", "top1_error")),
    # synonyms one way only: accuracy is the default success or resolve rate, not the reverse
    (("SWE-bench", "SWE-bench", "accuracy", "It reaches 41% accuracy on SWE-bench Lite."), ("SWE-bench Lite", "resolve_rate")),
    (("OSWorld", "OSWorld", "accuracy", "It gets 60.8% accuracy on OSWorld."), ("OSWorld", "success_rate")),
    (("MVTec AD", "MVTec AD", "auc", "It gets an AUC of 99.1% on MVTec AD."), ("MVTec AD", "auroc")),
    # an open name that spells a registry entry another way is that entry, when the metric fits it
    (("TVSum", None, "f1", "FooNet gets 61.1 F1 on TVSum."), ("TvSum", "f1")),
    (("Diving48", None, "top1_accuracy", "FooNet gets 86.2% top-1 on Diving48."), ("Diving-48", "accuracy")),
    (("SPIDER", None, "dice", "FooNet gets a Dice of 79.4% on SPIDER."), ("open:spider", "dice")),
    (("CoNLL", None, "f1", "FooNet gets 93.1 F1 on CoNLL."), ("open:conll", "f1")),
    # a name followed by a word that makes it another thing is not the data set
    (("Synapse", "Synapse", "dice", "Our result was 97.91%, lower due to the challenge's Synapse platform."), (None, None)),
    (("Synapse", "Synapse", "dice", "It reaches a Dice of 87.1% on Synapse."), ("Synapse", "dice")),
])
def test_board_key(args, expected):
    board_id, metric, reason = key(*args)
    assert (board_id, metric) == expected and reason is None


def test_an_attack_success_rate_is_not_an_accuracy():
    assert key("MNIST", "MNIST", "success_rate", "The attack has a 90% success rate on MNIST.")[:2] == ("MNIST", "success_rate")


def test_the_title_names_a_code_translation_paper():
    claim = {"benchmark": "HumanEval", "benchmark_id": "HumanEval", "metric_id": None, "value_text": "99",
             "sentence": "It achieves functional correctness of 99% on HumanEval programs.",
             "paper_title": "A Language Modeling Approach for CISC-to-RISC Transpilation"}
    assert board_key(claim)[:2] == ("HumanEval code translation", None)


def test_a_metric_the_leaderboards_do_not_use_is_a_reason_to_hold():
    assert key("ImageNet", "ImageNet-1K", "mrr", "An MRR of 0.5 on ImageNet.")[2] == (
        "mrr is not a metric of ImageNet-1K leaderboards"
    )


@pytest.mark.parametrize(("surface", "expected"), [
    ("MyBench", "open:mybench"), ("MyBench-v1", "open:mybench"), ("MYBENCH", "open:mybench"),
    ("the MyBench benchmark", "open:mybench"), ("MyBench-v2", "open:mybenchv2"),
    ("four datasets", None), ("CT", None), ("MRI", None), ("", None), (None, None),
    ("BEA 2026 Shared Task 1", "open:bea2026sharedtask1"), ("a very long name of five words", None),
])
def test_open_key(surface, expected):
    assert open_key(surface) == expected


def score(paper_id, value, model, benchmark, benchmark_id=None, **fields):
    return claim(paper_id, value, model=model, benchmark=benchmark, benchmark_id=benchmark_id, unit="%",
                 sentence=f"{model} reaches {value:g}% accuracy on {benchmark}.", metric="accuracy",
                 metric_id="accuracy", higher_is_better=True, **fields)


def test_open_boards_cluster_spellings_and_are_listed_as_open(store):
    store.ingest([
        item(paper("p1"), score("p1", 70.0, "Alpha", "MyBench")),
        item(paper("p2"), score("p2", 72.0, "Beta", "MyBench-v1")),
        item(paper("p3"), score("p3", 68.0, "Gamma", "MYBENCH")),
    ])
    b = board(store, "mybench")
    assert (b.benchmark_id, b.name) == ("open:mybench", "MyBench")
    assert [(r["rank"], r["model"]) for r in b.records] == [(1, "Beta"), (2, "Alpha"), (3, "Gamma")]
    listed = [r for r in board_list(store) if r["benchmark_id"] == "open:mybench"]
    assert [(r["open"], r["entries"], r["papers"]) for r in listed] == [(True, 3, 3)]


def test_boards_unregistered_lists_open_benchmarks_of_several_papers(tmp_path):
    from extractor.store import Store

    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        s.ingest([
            item(paper("p1"), score("p1", 70.0, "Alpha", "MyBench")),
            item(paper("p2"), score("p2", 72.0, "Beta", "MyBench-v1")),
            item(paper("p3"), score("p3", 68.0, "Gamma", "LoneBench")),
        ])
    result = CliRunner().invoke(app, ["boards", "--unregistered", "--db", str(db)])
    assert result.exit_code == 0, result.output
    body = result.stdout.splitlines()[2:]
    assert len(body) == 1 and body[0].split()[:3] == ["MyBench", "2", "2"]
    listing = CliRunner().invoke(app, ["boards", "--db", str(db)])
    assert [line.split()[:2] for line in listing.stdout.splitlines()[2:4]] == [["MyBench", "open"], ["LoneBench", "open"]]


def test_the_metric_less_partition_is_reachable(store):
    store.ingest([item(paper("p1"), claim("p1", 70.0, model="Alpha", benchmark="OddSet", unit="%"),
                       claim("p1", 0.5, model="Alpha", benchmark="OddSet", metric="MRR", metric_id="mrr"))])
    assert board(store, "OddSet").metric_id == "mrr"
    none = board(store, "OddSet", metric="none")
    assert none.metric_id is None and [r["value"] for r in none.records] == [70.0]


def test_the_default_metric_does_not_apply_where_the_sentence_names_another():
    reason = key("COCO", "COCO", None, "On COCO it gets BLEU scores of 0.89 (B-1) and 0.72 (B-4).")[2]
    assert reason == "the sentence names a metric the number may be in; the board's default does not apply"
    assert key("COCO", "COCO", None, "It scores 58.2 on COCO.")[2] is None


NAMED_ELSEWHERE = "the sentence names a metric the number may be in; the board's default does not apply"


# (sentence, the claimed number as written, whether the board's default metric is held back)
PERCENT_OF_A_QUANTITY = [
    ("On ImageNet the attack reaches 61.0% success against VGG and 72.5% against DenseNet.", "72.5%", True),
    ("On ImageNet the probe reaches 88% agreement with human labels.", "88%", True),
    ("The student keeps 97.1% the performance of its teacher on ImageNet.", "97.1%", True),
    ("Our model reaches 84.5% on ImageNet.", "84.5%", False),
    ("Our model reaches 84.5% while using half the compute on ImageNet.", "84.5%", False),
    ("After 300 epochs our model reaches 84.5% on ImageNet, 6.3% fewer errors.", "84.5%", False),
    ("On ImageNet it reaches 84.5% (only 12.0% labelled) with the same recipe.", "84.5%", False),  # other clause
    ("It reaches 52.0%, compared to 49.8% achieved by the baseline on ImageNet.", "49.8%", False),
    # a measured quality written before the number is never the board's default metric
    ("On the search space we achieve correlations of 0.921 for CIFAR-10 and 0.929 for ImageNet.", "0.929", True),
]


@pytest.mark.parametrize(("sentence", "number", "held"), PERCENT_OF_A_QUANTITY, ids=[c[0][:40] for c in PERCENT_OF_A_QUANTITY])
def test_a_percentage_of_a_quantity_the_registry_lacks_keeps_the_default_off(sentence, number, held):
    got = board_key({"benchmark": "ImageNet", "benchmark_id": "ImageNet-1K", "metric_id": None, "sentence": sentence,
                     "value_text": number})
    assert got[:2] == ("ImageNet-1K", "top1_accuracy")
    assert (got[2] == NAMED_ELSEWHERE) is held


def test_the_default_metrics_own_word_after_a_percentage_keeps_the_default():
    sentence = "It resolves more issues on SWE-bench Verified (61.2% vs. 58.0% resolution), at 9.0% cost savings."
    got = board_key({"benchmark": "SWE-bench Verified", "benchmark_id": "SWE-bench Verified", "metric_id": None,
                     "sentence": sentence, "value_text": "58.0%"})
    assert got == ("SWE-bench Verified", "resolve_rate", None)


@pytest.mark.parametrize(("benchmark", "metric", "sentence", "title", "expected"), [
    # the title names the variant and the sentence names no task: the title decides
    ("COCO", "ap", "Our network reaches 75.9 AP on COCO test-dev.", "Fast Multi-Person Pose Estimation", "COCO keypoints"),
    ("COCO", "ap", "It reaches 41.0 AP on COCO.", "Real-time Instance Segmentation", "COCO instance segmentation"),
    # the sentence names the benchmark's own task: the title does not override it
    ("COCO", "ap", "For object detection it reaches 52.0 AP on COCO.", "Pose Estimation and Detection", "COCO"),
    # titles do not move numbers to generation, retrieval or OOD boards
    ("ImageNet-1K", "accuracy", "It reaches 84.0% on ImageNet.", "Better Retrieval for Image Generation", "ImageNet-1K"),
    # a data set whose main task is the variant is not split
    ("MPII", "pckh", "It reaches 92.3 PCKh on MPII with pose refinement.", "Pose Estimation", "MPII"),
])
def test_a_papers_title_may_choose_the_task_variant(benchmark, metric, sentence, title, expected):
    got = board_key({"benchmark": benchmark, "benchmark_id": benchmark, "metric_id": metric, "sentence": sentence,
                     "paper_title": title})
    assert got[0] == expected


def _key(benchmark, benchmark_id, metric_id, sentence, value_text, title="", abstract=""):
    return board_key({"benchmark": benchmark, "benchmark_id": benchmark_id, "metric_id": metric_id, "sentence": sentence,
                      "value_text": value_text, "paper_title": title, "abstract": abstract})


TWO_IMAGENETS = ("It gets 88.5% top-1 accuracy on ImageNet validation set and the best 91.2% top-1 accuracy on "
                 "ImageNet real validation set.")


@pytest.mark.parametrize(("args", "expected"), [
    # a name written twice is read where it is nearest its number; an edition spelled out in words
    (("ImageNet", "ImageNet-1K", "top1_accuracy", TWO_IMAGENETS, "91.2%"), ("ImageNet-1K-ReaL", "top1_accuracy")),
    (("ImageNet", "ImageNet-1K", "top1_accuracy", TWO_IMAGENETS, "88.5%"), ("ImageNet-1K", "top1_accuracy")),
    # a language edition is its own leaderboard
    (("BrowseComp-ZH", "BrowseComp", None, "It scores 68.1 on BrowseComp and 73.3 on BrowseComp-ZH.", "73.3"),
     ("BrowseComp-ZH", "accuracy")),
    # the resolution in the name, or in LaTeX
    (("ImageNet-256", "ImageNet-1K", "fid", "A gFID of 1.06 in 80 epochs on ImageNet-256.", "1.06"),
     ("ImageNet-1K generation 256", "fid")),
    (("ImageNet", "ImageNet-1K", "fid", "On ImageNet $256{\\times}256$, it attains FID 1.45.", "1.45"),
     ("ImageNet-1K generation 256", "fid")),
    # an FID said of reconstruction is an rFID; one said of generation stays FID
    (("ImageNet", "ImageNet-1K", "fid", "It is best on ImageNet reconstruction, reaching 0.75 FID and 22.5 PSNR.", "0.75"),
     ("ImageNet-1K generation", "rfid")),
    (("ImageNet", "ImageNet-1K", "fid", "It gets 0.5 rFID in reconstruction and a generation FID of 1.8.", "1.8"),
     ("ImageNet-1K generation", "fid")),
    # conditional generation where the data set's leaderboard is unconditional
    (("CIFAR-10", "CIFAR-10", "fid", "FIDs of 1.475 for unconditional generation and 1.380 for conditional generation.",
      "1.380"), ("CIFAR-10 conditional generation", "fid")),
    (("CIFAR-10", "CIFAR-10", "fid", "FIDs of 1.475 for unconditional generation and 1.380 for conditional generation.",
      "1.475"), ("CIFAR-10 generation", "fid")),
    (("ImageNet", "ImageNet-1K", "fid", "An FID of 1.9 on class-conditional ImageNet 256x256.", "1.9"),
     ("ImageNet-1K generation 256", "fid")),
    # tracking, HD maps, continual learning, multi-label classification, unsupervised classification
    (("nuScenes", "nuScenes", None, "On nuScenes, we achieve SOTA performance with 77.6% AMOTA.", "77.6%"),
     ("nuScenes tracking", None)),
    (("nuScenes", "nuScenes", "map", "It reaches 73.8 mAP for online HD map construction on nuScenes.", "73.8"),
     ("nuScenes HD map construction", "map")),
    (("CIFAR-100", "CIFAR-100", "accuracy", "It gets 90.8% accuracy on the Split CIFAR-100 dataset.", "90.8%"),
     ("CIFAR-100 continual learning", "accuracy")),
    (("VOC2007", "PASCAL VOC 2007", "map", "It gets mAPs of 96.0% on VOC2007.", "96.0%", "Graphs for Multi-Label Image Recognition"),
     ("PASCAL VOC 2007 multi-label classification", "map")),
    (("CIFAR10", "CIFAR-10", "accuracy", "It is best on ten image classification benchmarks, with 99.3% on CIFAR10.", "99.3%",
      "Unsupervised Image Classification with Cluster Ensembles"), ("CIFAR-10 clustering", "accuracy")),
    # the abstract names pose estimation and none of COCO's own tasks: its COCO AP is keypoint AP
    (("COCO", "COCO", "ap", "In particular, P4 achieves 71.6% AP on COCO test-dev.", "71.6%", "Scale-Aware Search",
      "Applied to bottom-up human pose estimation, it beats HigherHRNet."), ("COCO keypoints", "ap")),
    (("COCO", "COCO", "ap", "In particular, P4 achieves 52.6% AP on COCO test-dev.", "52.6%", "Scale-Aware Search",
      "It helps object detection and human pose estimation alike."), ("COCO", "box_ap")),
])
def test_board_key_from_sentence_title_and_abstract(args, expected):
    assert _key(*args)[:2] == expected


@pytest.mark.parametrize(("benchmark", "sentence", "number", "held"), [
    ("nuScenes", "Attacks corrupt 96% of planned trajectories on nuScenes.", "96%", True),
    ("MATH-500", "The proof-winning answer is correct 96% of the time on MATH-500.", "96%", True),
    ("MATH-500", "It solves 96% of the problems in MATH-500.", "96%", False),
    ("LoCoMo", "On LoCoMo it achieves 88.1 LLM-as-a-Judge score.", "88.1", True),
    # re-identification results come in Rank-1 and mAP: a bare percentage could be either
    ("Market-1501", "It reaches Market1501 (95.31%) and Duke (88.1%).", "95.31%", True),
    # a math symbol after a percentage is a quantity the paper defines; a wrapped number or an arrow is not
    ("tau-bench", "On tau-bench, Kimi-K2 reaches 82.6\\% $S_{\\text{node}}$ and 94.7\\% $S_{\\text{dep}}$.", "94.7\\%", True),
    ("MathVista", "It improves Qwen from 66.3 %$\\rightarrow$72.9 % on MathVista.", "72.9 %", False),
    # a share of the benchmark's own cases is no NDS: only accuracy-like defaults count shares
    ("nuScenes", "It calibrates 88% of KITTI cases and 99% of nuScenes cases.", "99%", True),
])
def test_the_default_metric_does_not_go_on_a_share_of_other_things(benchmark, sentence, number, held):
    assert (_key(benchmark, benchmark, None, sentence, number)[2] is not None) == held


def test_a_metric_written_but_unknown_to_the_registry_keeps_the_default_off():
    claim = {"benchmark": "GSM8K", "benchmark_id": "GSM8K", "metric": "Pass@2", "metric_id": None,
             "sentence": "The pair reaches Pass@2 of 99.5% on GSM8K.", "value_text": "99.5%"}
    assert board_key(claim)[2] == NAMED_ELSEWHERE
