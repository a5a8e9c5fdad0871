"""Attribution: benchmark, split, metric, model and qualifiers of extracted numbers, as a table."""

import pytest

from extractor.pipeline import extract

# (title, abstract, value, expected fields; a field absent from the dict is not checked)
CASES = [
    ("", "Our model achieves 2.1% WER on LibriSpeech test-clean and 4.3% WER on test-other.",
     2.1, {"benchmark_id": "LibriSpeech", "split": "test-clean", "metric_id": "wer", "higher_is_better": False}),
    ("", "Our model achieves 2.1% WER on LibriSpeech test-clean and 4.3% WER on test-other.",
     4.3, {"split": "test-other"}),
    ("", "It reaches 55.7 box AP on COCO test-dev.", 55.7, {"benchmark_id": "COCO", "split": "test-dev", "metric_id": "box_ap"}),
    ("VL-Rethinker: Incentivizing Self-Reflection",
     "Our model advances the state of the art on MathVista, MathVerse, and MathVision to achieve 80.3%, 61.8%, and 43.9% respectively.",
     61.8, {"benchmark": "MathVerse", "model": "VL-Rethinker", "kind": "score"}),
    ("", "We report 16.20% and 25.6% top-1 error when transferred to CIFAR-100 and ImageNet.",
     25.6, {"benchmark_id": "ImageNet-1K", "metric_id": "top1_error"}),
    ("", "MEGA outperforms prior methods on MovieNet for scene segmentation (with an Average Precision improvement of +1.19%) and on TRIPOD for act segmentation.",
     1.19, {"benchmark": "MovieNet", "kind": "delta"}),
    ("", "Our tuned model yields a 15.92% improvement of F1 score over Qwen3Guard-8B-Strict on our benchmark.",
     15.92, {"benchmark": None, "kind": "delta", "metric_id": "f1"}),
    ("", "We evaluate on ImageNet-1K. Our method outperforms the baseline by 2.3% in top-1 accuracy.",
     2.3, {"benchmark_id": "ImageNet-1K", "kind": "delta"}),
    ("", "The model is 3.2x faster and uses 40% less memory than FlashAttention at 80.1% accuracy.",
     40.0, {"kind": "efficiency", "metric_id": "memory"}),
    ("", "CoCa obtains 86.3% zero-shot top-1 accuracy on ImageNet.",
     86.3, {"qualifiers": ["zero-shot"], "model": "CoCa", "metric_id": "top1_accuracy"}),
    ("", "It improves accuracy by up to 5% over SimCSE on the sentence similarity benchmarks.",
     5.0, {"qualifiers": ["up to"], "kind": "delta"}),
    ("", "We achieve a training loss of 1.70, landing mid-way between Llama2-7B (1.75) and 13B (1.67).",
     1.75, {"model": "Llama2-7B", "kind": "score", "metric_id": "loss"}),
    ("", "It relatively reduces the word error rate (WER) by 19.2% on LibriSpeech.",
     19.2, {"kind": "relative", "qualifiers": ["relative"], "benchmark_id": "LibriSpeech"}),
]


@pytest.mark.parametrize(("title", "abstract", "value", "expected"), CASES,
                         ids=[f"{c[2]:g}-{'-'.join(c[3])}" for c in CASES])
def test_attribution(title, abstract, value, expected):
    claims = [c for c in extract(abstract, title=title) if abs(c.value - value) < 1e-9]
    assert claims, f"no record for {value} in {[c.value_text for c in extract(abstract, title=title)]}"
    got = claims[0].model_dump(mode="json")
    for field, want in expected.items():
        if field == "qualifiers":
            assert set(want) <= set(got["qualifiers"]), got["qualifiers"]
        else:
            assert got[field] == want, f"{field}: got {got[field]!r}, want {want!r}"


def test_attribution_lexicon_errors_name_file_and_entry(tmp_path):
    from extractor.attribution import LEXICON_PATH, LexiconError, load_lexicon

    text = LEXICON_PATH.read_text(encoding="utf-8")
    broken = text.replace('"zero-shot" = \'\'\'', '"zero-shot" = \'\'\'(unclosed', 1)
    path = tmp_path / "attribution.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert str(path) in str(err.value) and "qualifiers.zero-shot" in str(err.value)

    path.write_text(text.replace("[cost_metrics]", "[costs]"), encoding="utf-8")
    with pytest.raises(LexiconError, match="sections must be"):
        load_lexicon(path)
