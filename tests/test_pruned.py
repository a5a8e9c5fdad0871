"""A pattern searched without the alternatives that match nowhere in the text finds what the whole
pattern finds: on crafted texts (an alternative alive, text the witness cannot read), on every
bundled fixture abstract and title, and, when ../shared is there, on corpus abstracts."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from extractor import attribution, prefilter, pruned, textnorm
from extractor.readers import read_papers
from schemas import BadRecord

REPO = Path(__file__).resolve().parent.parent
FIXTURES = [REPO / "fixtures" / name for name in ("papers", "formats", "seeds", "demo")]

CRAFTED = [
    "",
    "We test on e-CARE and COPA.",  # the look-behind alternative matches
    "multi-GPU training on ImageNet-1K and k-NN probes (x-ABC, e-SNLI).",
    "On the Mod\u00e8le-BENCH split, a-BCD holds.",  # not ASCII: every alternative is searched
    "The m-RNA set\x1c of e-CARE.",  # a control character \\s reads differently in the engines
    "no names at all here",
    "GPT-4 and LLaMA 2 on SQuAD 2.0, MS-COCO v1.1 and HotpotQA/TriviaQA.",
]


def _finds(pattern, text: str) -> list:
    return [(m.span(), m.group(), m.groups()) for m in pattern.finditer(text)]


def _texts() -> list[str]:
    out = []
    for p in read_papers(FIXTURES):
        if not isinstance(p, BadRecord):
            out += [p.abstract or "", p.title or "", textnorm.normalise(p.abstract or "").text]
    return out


def test_the_generic_name_pattern_is_pruned() -> None:
    made = pruned.pruned(attribution.lexicon().bench_name)
    assert isinstance(made, pruned.Pruned)
    assert [i for i, _ in made._witnesses] == [2]  # the alternative that opens with a look-behind


@pytest.mark.parametrize("text", CRAFTED)
def test_pruned_search_is_the_patterns_own(text: str) -> None:
    pattern = attribution.lexicon().bench_name
    assert _finds(pruned.pruned(pattern), text) == _finds(pattern, text)


def test_pruned_search_on_fixture_texts() -> None:
    pattern = attribution.lexicon().bench_name
    made = pruned.pruned(pattern)
    texts = _texts()
    assert len(texts) > 100
    assert all(_finds(made, t) == _finds(pattern, t) for t in texts)


@pytest.mark.parametrize("src, flags", [
    (r"(?:[A-Z]\w+|(?<!-)(x)-\d)\s", 0),  # the look-behind alternative holds a group: kept whole
    (r"[A-Z]\w+|(?<!-)x-\d", 0),  # no opening group
    (r"(?:[A-Z]\w+|[a-z]-\d)", 0),  # no alternative opens with a look-around
    (r"(?:[A-Z]\w+|(?<!-)x-\d)", re.M),  # a flag the rewrite does not carry
])
def test_patterns_that_are_not_pruned(src: str, flags: int) -> None:
    pattern = re.compile(src, flags)
    assert pruned.pruned(pattern) is pattern


def test_a_pattern_with_groups_elsewhere_keeps_their_numbers() -> None:
    pattern = re.compile(r"(?:(?<![\w-])[a-z]-[A-Z]{2,}|([A-Z][a-z]+))(\s+\d+)?")
    made = pruned.pruned(pattern)
    assert isinstance(made, pruned.Pruned)
    for text in ["On Foo 12 and bar", "e-CARE 3 and Foo", "x-AB Bar 1", "Über 2 and e-CARE"]:
        assert _finds(made, text) == _finds(pattern, text)


def test_prefilter_off_gives_the_pattern() -> None:
    pattern = attribution.lexicon().bench_name
    prefilter.ENABLED = False
    try:
        assert pruned.pruned(pattern) is pattern
    finally:
        prefilter.ENABLED = True


@pytest.mark.corpus
def test_pruned_search_on_corpus_abstracts(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus" / "arxiv-2025-2026.jsonl.gz"
    if not corpus.is_file():
        pytest.skip(f"no corpus at {corpus}")
    pattern = attribution.lexicon().bench_name
    made = pruned.pruned(pattern)
    for p in itertools.islice(read_papers([corpus]), 5000):
        if isinstance(p, BadRecord):
            continue
        text = textnorm.normalise(p.abstract).text
        assert _finds(made, text) == _finds(pattern, text), p.paper_id
