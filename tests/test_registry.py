"""The benchmark and metric registries: shipped data, look-up, mention finding and validation."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.registry import (
    Benchmark,
    Metric,
    Registry,
    RegistryError,
    benchmarks,
    metrics,
    normalize,
)
from extractor.registry_files import load_registry

FIXTURES = Path(__file__).parent / "fixtures_registry"


def found(registry: Registry, text: str) -> list[tuple[str, str]]:
    """(surface, entry id) of each mention, checking that every span points at its surface."""
    out = []
    for m in registry.find(text):
        assert text[m.start : m.end] == m.surface
        out.append((m.surface, m.entry.id))
    return out


# --- shipped data ---------------------------------------------------------------------------------


def test_shipped_registries_load_with_enough_entries():
    assert len(benchmarks()) >= 300
    assert len(metrics()) >= 80
    assert all(isinstance(b, Benchmark) for b in benchmarks())
    assert all(isinstance(m, Metric) for m in metrics())
    assert benchmarks() is benchmarks()  # cached


def test_every_default_metric_is_a_known_metric():
    missing = {b.id: b.default_metric for b in benchmarks() if b.default_metric and b.default_metric not in metrics()}
    assert not missing


def test_every_benchmark_has_an_area_and_every_name_finds_itself():
    for registry in (benchmarks(), metrics()):
        for entry in registry:
            assert registry.lookup(entry.name) is entry, entry.name
            for alias in entry.aliases + entry.exact_case_aliases:
                assert registry.lookup(alias) is entry, alias
                assert [m.entry for m in registry.find(f"We report results on {alias} today.")] in ([entry], []), alias
    assert all(b.area for b in benchmarks())


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("K400", "Kinetics-400"),
        ("Kinetics400", "Kinetics-400"),
        ("K600", "Kinetics-600"),
        ("IN-1K", "ImageNet-1K"),
        ("ImageNet", "ImageNet-1K"),
        ("ImageNet-1k", "ImageNet-1K"),
        ("ImageNet1K", "ImageNet-1K"),
        ("ImageNet-21K", "ImageNet-21K"),
        ("LFW", "LFW"),
        ("Labeled Faces in the Wild", "LFW"),
        ("COCO", "COCO"),
        ("MS-COCO", "COCO"),
        ("MS COCO", "COCO"),
        ("MSCOCO", "COCO"),
        ("MSRVTT", "MSR-VTT"),
        ("msr vtt", "MSR-VTT"),
        ("Librispeech", "LibriSpeech"),
        ("SSv2", "Something-Something V2"),
        ("Something-Something-V2", "Something-Something V2"),
        ("long-range-arena", "Long Range Arena"),
        ("EnWik8", "enwik8"),
        ("CSN", "CodeSearchNet"),
        ("CoSQA^+", "CoSQA+"),
        ("Ubuntu Dialogue Corpus v2", "Ubuntu V2"),
        ("WMT'14 English-German", "WMT14 En-De"),
        ("SQuAD 2.0", "SQuAD v2.0"),
        ("PHOENIX-2014T", "PHOENIX-2014T"),
        ("  GSM8K ", "GSM8K"),
    ],
)
def test_benchmark_aliases(surface, expected):
    entry = benchmarks().lookup(surface)
    assert entry is not None and entry.id == expected


def test_labeled_faces_in_the_wild_is_the_display_name_of_lfw():
    assert benchmarks()["LFW"].name == "Labeled Faces in the Wild"


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("top-1 accuracy", "top1_accuracy"),
        ("Top1 Acc", "top1_accuracy"),
        ("F1-score", "f1"),
        ("macro-F1", "macro_f1"),
        ("F_{0.5}", "f05"),
        ("F_0.5", "f05"),
        ("R@1", "r_at_1"),
        ("Recall@1", "r_at_1"),
        ("R10@1", "r10_at_1"),
        ("mIOU", "miou"),
        ("box AP", "box_ap"),
        ("AP50", "ap50"),
        ("bpc", "bpc"),
        ("bits per byte", "bpb"),
        ("pass@1", "pass_at_1"),
        ("EM", "exact_match"),
        ("IS", "inception_score"),
        ("mAP", "map"),
        ("MAP", "map"),
    ],
)
def test_metric_aliases(surface, expected):
    entry = metrics().lookup(surface)
    assert entry is not None and entry.id == expected


LOWER_IS_BETTER = [
    "WER", "CER", "error rate", "top-1 error", "perplexity", "FID", "FVD", "LPIPS", "loss",
    "training loss", "validation loss", "latency", "inference time", "memory", "FLOPs", "parameters",
    "MAE", "MSE", "RMSE", "EER", "DER", "HD95", "NME", "ADE", "FDE", "ECE", "BPB", "bits per character",
]
HIGHER_IS_BETTER = [
    "accuracy", "BLEU", "F1", "ROUGE-L", "METEOR", "CIDEr", "SPICE", "SPIDEr", "chrF", "mIoU", "PSNR",
    "SSIM", "pass@1", "win rate", "Elo", "AUROC", "nDCG@10", "MRR", "throughput", "speedup", "MOS",
    "Dice", "success rate", "GLUE score", "Semantic Score", "Dynamic Degree", "Total Agreement",
    "Harmonic mean", "Pearson correlation", "Spearman correlation", "average precision", "average return",
    "CLIP score", "Inception Score",
]


@pytest.mark.parametrize("surface", LOWER_IS_BETTER)
def test_lower_is_better(surface):
    entry = metrics().lookup(surface)
    assert entry is not None, surface
    assert entry.higher_is_better is False


@pytest.mark.parametrize("surface", HIGHER_IS_BETTER)
def test_higher_is_better(surface):
    entry = metrics().lookup(surface)
    assert entry is not None, surface
    assert entry.higher_is_better is True


def test_percent_scale_is_marked_where_papers_mix_fractions_and_percentages():
    for surface in ("accuracy", "F1", "R@1", "mAP", "mIoU", "WER"):
        assert metrics().lookup(surface).scale == "percent"
    assert metrics().lookup("PSNR").scale is None
    assert metrics().lookup("FID").scale is None


# --- finding mentions in sentences ------------------------------------------------------------------


def expect(*items: str) -> list[tuple[str, str]]:
    """Mentions written as "surface" (when it is the id) or "surface=id"."""
    return [tuple(item.split("=")) if "=" in item else (item, item) for item in items]


SENTENCES = [
    pytest.param(
        "Pre-trained on ImageNet-21K and fine-tuned on ImageNet-1K, our model reaches 88.5% top-1 "
        "accuracy, 58.7 box AP on COCO test-dev and 53.5 mIoU on ADE20K.",
        expect("ImageNet-21K", "ImageNet-1K", "COCO", "ADE20K"),
        expect("top-1 accuracy=top1_accuracy", "box AP=box_ap", "mIoU=miou"),
        id="vision",
    ),
    pytest.param(
        "It improves text-to-video R@1 on MSR-VTT by 4.1 points and on MSVD, DiDeMo and LSMDC, "
        "reaches 84.2% on K400 and 71.0% on SSv2, a WER of 1.9/3.9 on LibriSpeech test-clean/test-other, "
        "and 29.3 BLEU on WMT'14 En-De.",
        expect("MSR-VTT", "MSVD", "DiDeMo", "LSMDC", "K400=Kinetics-400", "SSv2=Something-Something V2",
               "LibriSpeech", "WMT'14 En-De=WMT14 En-De"),
        expect("R@1=r_at_1", "WER=wer", "BLEU=bleu"),  # the direction stays prose, not the metric
        id="video-speech-translation",
    ),
    pytest.param(
        "Our 7B model scores 71.2 on MMLU, 84.0 on GSM8K, 52.3 on MATH and 40.0% on AIME 2024, "
        "and 65.9 pass@1 on HumanEval; on the GPQA Diamond set it matches larger models.",
        expect("MMLU", "GSM8K", "MATH", "AIME 2024", "HumanEval", "GPQA Diamond"),
        expect("pass@1=pass_at_1"),
        id="llm",
    ),
    pytest.param(
        "F_{0.5} of 65.1 on CoNLL-2014 and BEA-2019; 24.3 BLEU-4 on PHOENIX-2014T; MRR 0.41 on CoSQA^+.",
        expect("CoNLL-2014", "BEA-2019", "PHOENIX-2014T", "CoSQA^+=CoSQA+"),
        expect("F_{0.5}=f05", "BLEU-4=bleu", "MRR=mrr"),
        id="punctuated-names",
    ),
    pytest.param(
        "R10@1 of 0.91 on Ubuntu V2 and Recall@1 of 45.3% on Flickr30K.",
        expect("Ubuntu V2", "Flickr30K"),
        expect("R10@1=r10_at_1", "Recall@1=r_at_1"),
        id="retrieval",
    ),
]


@pytest.mark.parametrize(("text", "bench", "metric"), SENTENCES)
def test_find_in_real_sentences(text, bench, metric):
    assert found(benchmarks(), text) == bench
    assert found(metrics(), text) == metric


def test_longest_match_wins_and_no_match_inside_a_longer_name():
    assert found(benchmarks(), "SQuAD v1.1 and SQuAD v2.0") == expect("SQuAD v1.1", "SQuAD v2.0")
    assert found(benchmarks(), "on CIFAR-100 and CIFAR-10") == expect("CIFAR-100", "CIFAR-10")
    assert found(metrics(), "top-5 accuracy and accuracy") == expect("top-5 accuracy=top5_accuracy", "accuracy")
    # "ImageNet" never matches as the head of an unlisted variant such as ImageNet-O or CIFAR-10-C.
    assert found(benchmarks(), "We test on ImageNet-O and CIFAR-10-C.") == []
    # ...and a match never starts inside a hyphenated word.
    assert found(metrics(), "DeepSeek-R1 and Qwen-R1 models") == []


def test_possessive_and_sentence_punctuation():
    assert found(benchmarks(), "COCO's val split. Results on ImageNet.") == expect("COCO", "ImageNet=ImageNet-1K")


def test_ambiguous_words_do_not_fire_in_prose():
    prose = (
        "The math behind the arc of this story is simple: in a multiple choice setting, a race to "
        "drop the spider from the replica is what we record; in 100 trials the bird is in c."
    )
    assert found(benchmarks(), prose) == []
    assert found(metrics(), "This is the map we em-dash.") == []
    assert found(benchmarks(), "ARC, MATH, DROP, RACE and Spider") == expect("ARC", "MATH", "DROP", "RACE", "Spider")


def test_spaces_join_only_name_like_words_or_where_an_alias_has_a_space():
    # "in a" must not spell the exact-case alias IN-A, nor "a de" the alias ADE.
    assert found(benchmarks(), "trained in a de novo way") == []
    assert found(benchmarks(), "MSR VTT and Natural Questions and natural questions") == expect(
        "MSR VTT=MSR-VTT", "Natural Questions", "natural questions=Natural Questions"
    )
    assert found(benchmarks(), "an AC/DC converter") == []


def test_find_on_empty_and_plain_text():
    assert benchmarks().find("") == []
    assert metrics().find(" ") == []
    assert benchmarks().find("No names here, only 42 numbers.") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["COCO", "MS", "ImageNet", "-", "1K", " ", "in", "a", "K400", ",", "R@1", "/", "of"])))
def test_mentions_are_ordered_non_overlapping_slices(pieces):
    text = "".join(pieces)
    for registry in (benchmarks(), metrics()):
        mentions = registry.find(text)
        for m in mentions:
            assert text[m.start : m.end] == m.surface and m.start < m.end
        assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_alternating_texts_and_registries_give_the_same_answers():
    one, two = "58.7 box AP on COCO", "WER 2.1 on LibriSpeech"
    first = [found(r, t) for r in (benchmarks(), metrics()) for t in (one, two)]
    again = [found(r, t) for t in (two, one) for r in (metrics(), benchmarks())]
    assert first == [again[3], again[1], again[2], again[0]]
    assert first == [expect("COCO"), expect("LibriSpeech"), expect("box AP=box_ap"), expect("WER=wer")]


def test_find_is_fast_enough():
    sentence = (
        "On ImageNet-1K our ViT-B reaches 85.3% top-1 accuracy, while on COCO it obtains 54.1 box AP "
        "and 47.0 mask AP, and on ADE20K it improves mIoU by 2.1 points over the Swin-B baseline, with "
        "30% fewer FLOPs and a latency of 12 ms per image on an A100 GPU."
    )
    registry = benchmarks()
    registry.find(sentence)
    runs = 2000
    start = time.process_time()
    for _ in range(runs):
        registry.find(sentence)
    per_call = (time.process_time() - start) / runs
    assert per_call < 300e-6  # about 30 us on a busy 2-core box; the bound leaves room for slow CI


def test_normalize():
    assert normalize("MSR-VTT") == normalize("msr vtt") == normalize("MSRVTT") == "msrvtt"
    assert normalize("F_{0.5}") == normalize("F0.5")
    assert normalize("WMT'14") == normalize("WMT14")


# --- validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "kind", "fragments"),
    [
        ("syntax_error.toml", "benchmark", ["syntax_error.toml:5", "TOML syntax error", "LVIS"]),
        ("unknown_field.toml", "benchmark", ["unknown_field.toml:4", "'LVIS'", "unknown field 'alias'"]),
        ("missing_field.toml", "metric", ["missing_field.toml:5", "'wer'", "missing required field"]),
        ("wrong_type.toml", "benchmark", ["wrong_type.toml:4", "'Kinetics-400'", "'aliases' must be a list"]),
        ("wrong_type_bool.toml", "metric", ["wrong_type_bool.toml:1", "'fid'", "'higher_is_better' must be a boolean"]),
        ("duplicate_key.toml", "benchmark", ["duplicate_key.toml:7", "duplicate entry", "COCO"]),
        ("alias_clash.toml", "benchmark", ["alias_clash.toml:7", "'MSR-VTT-QA'", "'msr vtt'", "'MSR-VTT'"]),
        ("empty_alias.toml", "benchmark", ["empty_alias.toml:4", "'SVHN'", "empty alias"]),
        ("unknown_area.toml", "benchmark", ["unknown_area.toml:1", "'COCO'", "unknown area 'vision'"]),
        ("not_a_table.toml", "benchmark", ["not_a_table.toml:1", "'COCO'", "expected a table"]),
        ("unfindable_alias.toml", "benchmark", ["unfindable_alias.toml:1", "'PASCAL VOC'", "Pascal VOC (2012)"]),
    ],
)
def test_broken_files_raise_registry_error_naming_file_and_entry(fixture, kind, fragments):
    with pytest.raises(RegistryError) as info:
        load_registry(FIXTURES / fixture, kind)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_missing_file_and_bad_kind():
    with pytest.raises(RegistryError, match="no_such.toml"):
        load_registry(FIXTURES / "no_such.toml", "benchmark")
    with pytest.raises(ValueError):
        load_registry(FIXTURES / "unknown_area.toml", "dataset")  # type: ignore[arg-type]


def test_alias_listed_twice_in_one_entry_is_an_error(tmp_path):
    path = tmp_path / "twice.toml"
    path.write_text('["COCO"]\narea = "cv"\naliases = ["MS-COCO", "MS COCO"]\n')
    with pytest.raises(RegistryError, match=r"twice.toml:1: benchmark 'COCO': alias 'MS COCO'.*twice in the entry"):
        load_registry(path, "benchmark")


def test_exact_case_aliases_may_share_a_key_when_their_case_differs(tmp_path):
    path = tmp_path / "metrics.toml"
    path.write_text(
        '[map]\nname = "mean average precision"\nhigher_is_better = true\nexact_case_aliases = ["mAP", "MAP"]\n'
        '[mape]\nname = "MAPE"\nhigher_is_better = false\n'
    )
    registry = load_registry(path, "metric")
    assert registry.lookup("mAP").id == registry.lookup("MAP").id == "map"
    assert registry.lookup("map") is None
    assert len(registry) == 2 and [e.id for e in registry] == ["map", "mape"]


def test_a_person_may_type_an_exact_case_alias_in_any_case(tmp_path):
    path = tmp_path / "benchmarks.toml"
    path.write_text('["ImageNet-1K"]\narea = "cv"\nexact_case_aliases = ["IN-1K"]\n'
                    '["Upper"]\narea = "nlp"\nexact_case_aliases = ["ABC"]\n["Lower"]\narea = "nlp"\nexact_case_aliases = ["abc"]\n')
    registry = load_registry(path, "benchmark")
    assert registry.lookup("in-1k") is None  # a paper's text keeps the alias's case
    assert registry.lookup("in-1k", any_case=True).id == "ImageNet-1K"
    assert registry.lookup("Abc", any_case=True) is None  # two entries have the name: none is guessed
    assert registry.lookup("abc", any_case=True).id == "Lower"  # the exact case still decides


# Inflected metric names: plurals, an exact-case acronym's plural in its own case, "<name> score(s)".
INFLECTED = [("AUCs", "auc"), ("accuracies", "accuracy"), ("exact matches", "exact_match"), ("BLEU scores", "bleu"),
             ("IoU score", "iou"), ("error rates", "error_rate"), ("MAEs", "mae"), ("maes", None),
             ("mAPs", "map"), ("maps", None)]


@pytest.mark.parametrize(("surface", "expected"), INFLECTED)
def test_metric_inflections(surface, expected):
    entry = metrics().lookup(surface)
    assert (entry.id if entry else None) == expected
    if expected:
        assert found(metrics(), f"It reports {surface} of 0.9 on the test set.") == [(surface, expected)]


def test_ascii_token_split_is_the_unicode_split_on_ascii_text() -> None:
    from extractor import registry
    from extractor.readers import read_papers

    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "papers"
    texts = [p.abstract for p in read_papers([fixtures]) if hasattr(p, "abstract")]
    texts += ["WMT'16 and F_{0.5}, R@1, RGB+D, ScanNet++ and CoSQA^+ (v1.1) on SQuAD's dev set", ""]
    checked = 0
    for text in texts:
        if text.isascii():
            checked += 1
            assert registry._SPLIT_ASCII.split(text) == registry._SPLIT.split(text)
    assert checked > 10


SPLIT_AWKWARD = ["C++ and C#", "X's", "it\u2019s a+.b", "a.'s", "ScanNet++.", "x^+}^", "R@1@5 v1.1.2.", "F_{0.5}}", "''a''", "a'b's c",
                 "Mod\u00e8le-2 \u00e9t\u00e9's", "e.g. the WMT'16 en-de", "9.2.? +.+ a.+b", "\u2019s \u2019t a\u2019\u2019b"]


def _plain_split(text: str) -> list[str]:
    import re

    from extractor import registry

    return re.split(f"({registry._TOKEN.pattern})", text)


def test_token_split_is_the_token_patterns_split() -> None:
    from extractor import registry
    from extractor.readers import read_papers

    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "papers"
    texts = [p.abstract for p in read_papers([fixtures]) if hasattr(p, "abstract")] + SPLIT_AWKWARD
    for text in texts:
        assert registry._SPLIT.split(text) == _plain_split(text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aBs1_.@+{}^'\u2019 -/&\u00e9", max_size=40))
def test_token_split_is_the_token_patterns_split_on_any_text(text: str) -> None:
    from extractor import registry

    assert registry._SPLIT.split(text) == _plain_split(text)
