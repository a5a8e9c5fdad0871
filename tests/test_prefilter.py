"""The RE2 prefilter in front of the claim rules changes nothing but speed.

- Superset: wherever a rule's own pattern matches a context, its relaxed pattern is among the
  prefilter's hits, over the contexts of every rule's own examples (every rule against every
  example's contexts, so each rule also meets the text of the others).
- Differential: extraction with the prefilter is byte-identical to extraction without it, over the
  bundled fixtures, the gold texts (dev and the tune half of train) and, when ../shared is there,
  the first 10,000 corpus abstracts.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import orjson
import pytest
import regex

from extractor import prefilter
from extractor.claims import analyse, candidate_groups, group_contexts
from extractor.pipeline import paper_records
from extractor.readers import read_papers
from extractor.rules import default_rules
from schemas import BadRecord

REPO = Path(__file__).resolve().parent.parent
FIXTURES = [REPO / "fixtures" / name for name in ("papers", "formats", "seeds", "demo")]


@pytest.fixture
def prefilter_off():
    """Every rule runs on every context while the fixture is active."""
    prefilter.ENABLED = False
    try:
        yield
    finally:
        prefilter.ENABLED = True


# -- the translation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src, matches, misses",
    [
        (r"a(?=b)", ["a", "ab"], ["b"]),  # a look-ahead is dropped: "a" alone now matches
        (r"(?<!x)a", ["xa", "a"], ["x"]),
        (r"(?>ab|a)c", ["ac", "abc"], ["c"]),
        (r"a++b", ["aab"], ["b"]),
        (r"a{,2}b", ["b", "aab"], ["c"]),
        (r"x\ue002y", ["x\ue002y"], ["xy"]),
        (r"end$", ["end", "the end", "ending"], ["en d"]),  # $ is dropped
        (r"(?-i:A)b", ["Ab", "AB"], ["ab"]),  # scoped case stays scoped
        (r"[^\s\d]", ["a"], [" ", "1"]),
    ],
)
def test_translation_is_a_relaxation(src: str, matches: list[str], misses: list[str]) -> None:
    import re2

    rx = prefilter.translate(src, prefilter._c.SRE_FLAG_IGNORECASE)
    compiled = re2.compile(rx)
    for text in matches:
        assert compiled.search(text), (src, rx, text)
    for text in misses:
        assert not compiled.search(text), (src, rx, text)
    original = regex.compile(src, regex.I | regex.ASCII)
    for text in matches + misses:
        if original.search(text):
            assert compiled.search(text), (src, rx, text)


@pytest.mark.parametrize("src", [r"\p{L}", r"[[:alpha:]]", r"(a)(?(1)b|c)", "a" + "{1,2000}"])
def test_untranslatable_patterns_have_no_prefilter(src: str) -> None:
    with pytest.raises(prefilter.Untranslatable):
        prefilter.translate(src)


def test_most_rule_patterns_are_prefiltered() -> None:
    rules = default_rules()
    places = [prefilter.for_rules(rules).rule(r) for r in rules]
    patterns = sum((r.before is not None) + (r.after is not None) for r in rules)
    filtered = sum((p.before >= 0) + (p.after >= 0) for p in places)
    assert filtered >= 0.9 * patterns


# -- the superset property over the rules' own examples ------------------------------------------


def _example_contexts(rules) -> list[tuple[str, str, str]]:
    """(left, right, sentence shadow) of every candidate group of every rule example."""
    out = []
    for rule in rules:
        for text in [t for t, _ in rule.match] + list(rule.no_match):
            _, sents = analyse(text, rules)
            for sent in sents:
                if sent.gated_by is not None:
                    continue
                for members in candidate_groups(sent).values():
                    out.append((*group_contexts(sent, members), sent.shadow))
    return out


def test_prefilter_never_rejects_what_its_rule_matches() -> None:
    rules = default_rules()
    pf = prefilter.for_rules(rules)
    contexts = _example_contexts(rules)
    assert len(contexts) > 200
    checked = 0
    for left, right, shadow in contexts:
        before, after, whole = pf.before.hits(left), pf.after.hits(right), pf.whole.hits(shadow)
        assert None not in (before, after, whole)  # these contexts are all prefiltered
        for rule in rules:
            place = pf.rule(rule)
            for pattern, index, hits, text, how in (
                (rule.before, place.before, before, left, "match"),
                (rule.after, place.after, after, right, "match"),
                (rule.sentence_without, place.without, whole, shadow, "search"),
            ):
                if pattern is None or index < 0:
                    continue
                if getattr(pattern, how)(text) is not None:
                    checked += 1
                    assert index in hits, (rule.id, text)
    assert checked > 500


def test_contexts_the_prefilter_cannot_read_run_every_rule() -> None:
    pf = prefilter.for_rules(default_rules())
    assert pf.after.hits("by\x0b\ue002 points") is None  # \s matches a vertical tab in regex only
    assert pf.before.hits("improves by\x0b") is None
    assert pf.after.hits("lone \ud800 surrogate") is None
    assert pf.after.hits("points") is not None


# -- differential runs ---------------------------------------------------------------------------


def _texts(paths: list[Path]) -> list[tuple[str, str, str]]:
    return [(p.paper_id, p.title, p.abstract) for p in read_papers(paths) if not isinstance(p, BadRecord)]


def _records(texts: list[tuple[str, str, str]]) -> bytes:
    out = []
    for pid, title, abstract in texts:
        claims, issues = paper_records(pid, title, abstract)
        out.extend(orjson.dumps(c) for c in claims)
        out.extend(orjson.dumps(i) for i in issues)
    return b"\n".join(out)


def _gold_texts(shared: Path) -> list[tuple[str, str, str]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from score_gold import half_of

    out = []
    for name in ("dev", "train"):
        path = shared / "gold" / f"{name}.jsonl"
        if not path.is_file():
            continue
        for line in path.read_bytes().splitlines():
            if not line.strip():
                continue
            row = orjson.loads(line)
            pid = str(row.get("paper_id") or row.get("id") or "")
            if name == "train" and half_of(pid) != "tune":
                continue  # the held half stands in for unseen text: not read here
            out.append((pid or "gold", row.get("title") or "", row.get("abstract") or ""))
    return out


def _both_ways(texts: list[tuple[str, str, str]]) -> tuple[bytes, bytes]:
    fast = _records(texts)
    prefilter.ENABLED = False
    try:
        reference = _records(texts)
    finally:
        prefilter.ENABLED = True
    return fast, reference


def test_fixtures_identical_without_prefilter() -> None:
    fast, reference = _both_ways(_texts(FIXTURES))
    assert reference.count(b'"rule"') > 100  # the fixtures do make records
    assert fast == reference


def test_gold_texts_identical_without_prefilter(shared_dir: Path) -> None:
    texts = _gold_texts(shared_dir)
    if not texts:
        pytest.skip("no gold files")
    fast, reference = _both_ways(texts)
    assert reference.count(b'"rule"') > 50
    assert fast == reference


@pytest.mark.corpus
def test_corpus_head_identical_without_prefilter(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus" / "arxiv-2025-2026.jsonl.gz"
    if not corpus.is_file():
        pytest.skip(f"no corpus at {corpus}")
    head = itertools.islice(read_papers([corpus]), 10_000)
    texts = [(p.paper_id, p.title, p.abstract) for p in head if not isinstance(p, BadRecord)]
    assert len(texts) == 10_000
    fast, reference = _both_ways(texts)
    assert fast == reference


# -- guarded lexicon patterns ----------------------------------------------------------------------


def _lexicon_patterns():
    from dataclasses import fields

    from extractor import attribution

    lex = attribution.lexicon()
    for f in fields(lex):
        value = getattr(lex, f.name)
        if isinstance(value, regex.Pattern):
            yield f.name, value


AWKWARD_TEXTS = [
    "than BaseNet (",
    "outperforming FooNet-7B (\n",  # a $ before a final newline
    "over Mod\u00e9le2 (",  # not ASCII: the pattern runs unfiltered
    "beats X1\x0bY (",
    "ReDeEP's token-level AUC of ",
    "(FooNet AUC=",
    "the previous best of ",
]


@pytest.mark.parametrize("name, pattern", list(_lexicon_patterns()))
def test_guarded_search_is_the_patterns_search(name: str, pattern) -> None:
    guard = prefilter.guarded(pattern)
    texts = [t for _, _, t in _texts(FIXTURES)][:150] + AWKWARD_TEXTS
    for text in texts:
        n = len(text)
        for lo, hi in {(0, n), (max(0, n // 2 - 40), n // 2), (1, n), (max(0, n - 160), n), (n // 3, n - 1)}:
            if lo > hi:
                continue
            want = pattern.search(text, lo, hi)
            got = guard.search(text, lo, hi)
            assert (got and got.span()) == (want and want.span()), (name, text[lo:hi])


def test_the_baseline_patterns_are_guarded() -> None:
    from extractor import attribution

    lex = attribution.lexicon()
    for pattern in (lex.baseline_paren, lex.baseline_possessive, lex.rival_paren):
        assert isinstance(prefilter.guarded(pattern), prefilter.Guarded)


# -- scanned whole-text patterns -------------------------------------------------------------------

SCAN_TEXTS = [
    "We propose FooNet (FN), a network for X. FooNet reaches 81.2%.",
    "we present a method, called BarNet, that ... The BarNet framework was proposed to ...",
    "We introduce the QuxBench benchmark. We release QuxBench, a benchmark for ...",
    "our new dataset, FooSet, with 10k images; a corpus named BazCorpus",
    "proposing cross-view distillation, a framework for ...",
    "Our system at SemEval-2024 Task 4 ranks first; see task 10 too.",
    "We propose FooNet.\n",  # a final newline: not scanned
    "We propose Mod\u00e9leNet (MN).",  # not ASCII: not scanned
    "We propose\x1cFooNet (FN).",  # \s in re, not in RE2: not scanned
    "",
]


def _scanned():
    from extractor import entities

    lex = entities.lexicon()
    return {"proposed": lex.proposed, "introducing": lex.introducing}


@pytest.mark.parametrize("name", sorted(_scanned()))
def test_scan_keeps_every_pattern_that_matches(name: str) -> None:
    """Superset: a pattern that matches anywhere in a text is among the scan's possible patterns,
    over the fixtures' titles and abstracts (as written and normalised) and awkward texts."""
    from extractor.textnorm import normalise

    patterns = _scanned()[name]
    texts = SCAN_TEXTS + [t for _, title, abstract in _texts(FIXTURES) for t in (title, abstract)]
    texts += [normalise(t).text for t in texts]
    matched = ruled_out = 0
    for text in texts:
        maybe = prefilter.possible(patterns, text)
        ruled_out += len(maybe) < len(patterns)
        for pattern in patterns:
            if pattern.search(text) is not None:
                matched += 1
                assert pattern in maybe, (name, pattern.pattern, text)
    assert matched > 10 and ruled_out > 100  # the property was put to the test, and the scan does rule out


def test_scanned_patterns_all_translate() -> None:
    for name, patterns in _scanned().items():
        assert all(place >= 0 for place in prefilter.Scan(patterns)._places), name


def test_scan_reads_no_text_it_cannot() -> None:
    patterns = _scanned()["proposed"]
    for text in ("We propose FooNet.\n", "We propose Mod\u00e9leNet.", "We\x0bpropose FooNet.", "We propose\x1fFooNet."):
        assert prefilter.possible(patterns, text) == patterns
    assert prefilter.possible(patterns, "No names here.") == ()
    prefilter.ENABLED = False
    try:
        assert prefilter.possible(patterns, "No names here.") == patterns
    finally:
        prefilter.ENABLED = True


def _sentences_and_texts() -> list[str]:
    from extractor.textnorm import normalise, sentences

    out = list(SCAN_TEXTS)
    for _, title, abstract in _texts(FIXTURES):
        text = normalise(abstract).text
        out += [title, f"{title} {text}", text] + [text[a:b] for a, b in sentences(text)]
    return out


def test_may_match_is_false_only_where_the_pattern_has_no_match() -> None:
    """Superset for the single patterns behind may_match: the sentence-subject pattern, the
    name-after-a-data-set-noun pattern, the entity table's data-set-noun and shared-task patterns
    (over titles, abstracts and sentences)."""
    from extractor import attribution, entities, name_cues

    texts = _sentences_and_texts()
    lex = attribution.lexicon()
    for pattern in (lex.subject, lex.bench_after_noun, name_cues._BEFORE_DATA_NOUN, entities.lexicon().shared_task):
        assert prefilter.Scan((pattern,))._places == (0,)  # it does translate
        matched = ruled_out = 0
        for text in texts:
            if pattern.search(text) is not None:
                matched += 1
                assert prefilter.may_match(pattern, text), (pattern.pattern, text)
            elif not prefilter.may_match(pattern, text):
                ruled_out += 1
        assert matched > 0 and ruled_out > 20, (pattern.pattern, matched, ruled_out)  # shared tasks are rare
