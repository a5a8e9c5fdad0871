"""The benchmark registry grown from Papers with Code leaderboards: its data file, how it joins the
hand registry, what it finds in text and what it leaves alone, and the generator behind it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extractor.registry import AREAS, DATA_DIR, RegistryError, benchmarks, metrics
from extractor.registry_files import load_registries, load_registry

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts import grow_benchmark_registry as grow  # noqa: E402

GROWN = DATA_DIR / "benchmarks_pwc.toml"
HAND = DATA_DIR / "benchmarks.toml"


def test_grown_file_loads_and_validates():
    grown = load_registry(GROWN, "benchmark")
    assert len(grown) >= 1000
    assert all(b.area in AREAS and b.task for b in grown)
    assert all(b.default_metric in metrics() for b in grown if b.default_metric)


def test_shipped_registry_is_both_files_with_the_hand_one_first():
    hand, grown, both = load_registry(HAND, "benchmark"), load_registry(GROWN, "benchmark"), benchmarks()
    assert [b.id for b in both][: len(hand)] == [b.id for b in hand]
    assert len(both) > len(hand) + 1000
    assert all(both[b.id] == b for b in hand)
    # every grown entry is there unless the hand registry already has its name
    assert all(b.id in both for b in grown if hand.lookup(b.name) is None)


def test_hand_registry_wins_on_shared_names(tmp_path):
    hand, grown = tmp_path / "hand.toml", tmp_path / "grown.toml"
    hand.write_text('[FooBench]\narea = "nlp"\naliases = ["FB-1"]\n', encoding="utf-8")
    grown.write_text(
        '[FooBench]\narea = "cv"\n\n[BarSet]\narea = "cv"\naliases = ["FB-1", "Bar Set v2"]\n\n'
        '[FB1]\narea = "cv"\n',
        encoding="utf-8",
    )
    reg = load_registries([hand, grown], "benchmark")
    assert reg["FooBench"].area == "nlp"
    assert reg["BarSet"].aliases == ("Bar Set v2",)  # the alias the hand entry has is left out
    assert "FB1" not in reg  # its name is a spelling of a hand entry
    assert reg.lookup("fb-1").id == "FooBench"


def test_an_invalid_grown_file_names_the_file_and_the_entry(tmp_path):
    grown = tmp_path / "grown.toml"
    grown.write_text('[Good]\narea = "cv"\n\n[Broken]\narea = "astrology"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match=r"grown\.toml:4: benchmark 'Broken': unknown area 'astrology'"):
        load_registries([HAND, grown], "benchmark")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Our tagger reaches 81.0 F1 on GENIA, a corpus of biomedical abstracts.", [("GENIA", "GENIA")]),
        ("It tops the TuSimple lane benchmark with 96.9% accuracy.", [("TuSimple", "TuSimple")]),
        ("Trained once, it adapts across Office-31 domains.", [("Office-31", "Office-31")]),
        ("Tracking on MOT20 improves by 2 MOTA points.", [("MOT20", "MOT20")]),
        ("We report recall on CIRR and zero-shot results on Flowers.", [("CIRR", "CIRR"), ("Flowers", "Flowers")]),
        ("Scene recognition on Places and SUN stays strong.", [("Places", "Places"), ("SUN", "SUN")]),
        ("Pedestrian trajectories on ETH/UCY are forecast 10% better.", [("ETH/UCY", "ETH/UCY")]),
        ("Clips from Moments in Time are classified.", [("Moments in Time", "Moments in Time")]),
        ("Action recognition on Kinetics-400 and Kinetics.", [("Kinetics-400", "Kinetics-400"), ("Kinetics", "Kinetics")]),
    ],
)
def test_grown_names_are_found(sentence, expected):
    assert [(m.surface, m.entry.id) for m in benchmarks().find(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The flowers and cars in these places are rendered by the model.",  # lower-case words
        "Flowers were photographed under changing light.",  # a capitalised word starting a sentence
        "Places with heavy traffic are hard to map.",
        "Supervised training on General text from Wikipedia and Amazon reviews.",  # dropped as mostly prose
        "We saw a squirrel near the campus in spring.",
        "The kinetics of the reaction are modelled with sun exposure as input.",
        "Entries to SemEval-2020 were ranked.",  # a family of data sets, not one
    ],
)
def test_prose_words_are_not_benchmarks(sentence):
    assert benchmarks().find(sentence) == []


@pytest.mark.parametrize(
    ("dataset", "base", "split"),
    [
        ("Cityscapes test", "Cityscapes", "test"),
        ("Cityscapes val", "Cityscapes", "val"),
        ("DAVIS 2017 (test-dev)", "DAVIS 2017", "test-dev"),
        ("CIFAR-10, 40 Labels", "CIFAR-10", None),
        ("BSD100 - 4x upscaling", "BSD100", None),
        ("CBSD68 sigma50", "CBSD68", None),
        ("mini-ImageNet 5-way (1-shot)", "mini-ImageNet", None),
        ("EPIC-KITCHENS-55 (Unseen test set (S2)", "EPIC-KITCHENS-55", None),
        ("HumanEval", "HumanEval", None),  # "val" glued to a word is not a split
    ],
)
def test_fold_name(dataset, base, split):
    folded = grow.fold_name(dataset)
    assert (folded.base, folded.split) == (base, split)


@pytest.mark.parametrize("dataset", ["Cityscapes to ACDC", "DukeMTMC-reID->MSMT17", "CIFAR-10 vs CIFAR-100"])
def test_pairs_of_data_sets_are_not_one_data_set(dataset):
    assert grow.fold_name(dataset) is None


def test_name_without_a_sibling_keeps_its_suffix():
    rows = [("Children's Book Test", "Question Answering", "Accuracy", 3), ("CoLA Dev", "Linguistic Acceptability", "Accuracy", 2)]
    assert sorted(g.name for g in grow.group_datasets(rows).values()) == ["Children's Book Test", "CoLA"]


@pytest.mark.parametrize(
    ("task", "area"),
    [
        ("Medical Image Segmentation", "medical"),
        ("Visual Question Answering (VQA)", "multimodal"),
        ("Dialog Relation Extraction", "nlp"),  # "action" inside "extraction" is not a video word
        ("Node Classification", "graph"),
        ("Atari Games", "rl"),
        ("Image-to-Image Translation", "cv"),
        ("Hate Speech Detection", "nlp"),
        ("Speech Recognition", "speech"),
    ],
)
def test_area_of_task(task, area):
    assert grow.area_of(task) == area


@pytest.mark.skipif(not grow.TSV.exists(), reason="needs ../shared/data/pwc-leaderboards.tsv")
def test_generator_rebuilds_the_committed_file(tmp_path):
    out = tmp_path / "benchmarks_pwc.toml"
    assert grow.main(["--from-evidence", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == GROWN.read_text(encoding="utf-8")
