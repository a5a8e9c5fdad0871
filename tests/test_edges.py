"""The edge-character tests in front of anchored patterns change nothing but speed.

- What a pattern's match can begin or end with, on small patterns (case, look-arounds, blanks,
  placeholders, characters outside ASCII).
- Superset: wherever a rule's ``before`` or ``after`` pattern matches a context of any rule's own
  examples, its edge characters admit that context, and the narrowed rule list keeps the rule.
- Window searches: an end-anchored pattern behind its test finds what the pattern finds, over
  windows of the bundled fixtures and awkward texts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex

from extractor import attribution, claims, edges, prefilter
from extractor.readers import read_papers
from extractor.rules import default_rules
from schemas import BadRecord

REPO = Path(__file__).resolve().parent.parent
FIXTURES = [REPO / "fixtures" / name for name in ("papers", "formats", "seeds", "demo")]


@pytest.mark.parametrize(
    "src, ends, starts",
    [
        (r"by\s+", {"y"}, {"b"}),
        (r"(?:of|by)\s*", {"f", "y"}, {"o", "b"}),
        (r"\s*to", {"o"}, {"t"}),
        (r"x(?=y)", {"x"}, {"x"}),  # a look-ahead is no character of the match
        (r"(?<!a)b", {"b"}, {"b"}),
        (r"AB", {"b"}, {"a"}),  # case is ignored
        (r"\u212a", {"k"}, {"k"}),  # the Kelvin sign stands for "k" when case is ignored
        (r"\ue001 of", {"f"}, {"\ue001"}),  # placeholders count
        (r"a(?:b|\s)", {"a", "b"}, {"a"}),
        (r"[a-c]x?", {"a", "b", "c", "x"}, {"a", "b", "c"}),
        (r"(?:about\s+)?", None, None),  # can match nothing
        (r"\s+", None, None),  # can match only blanks
        (r"(a)\1", None, {"a"}),  # a back-reference is not read: only what comes before it
        (r"\p{L}", None, None),  # not the standard parser's syntax
        ("\u00e9t\u00e9", set(), set()),  # outside ASCII: a text's edge there is never ruled out
    ],
)
def test_edge_characters(src: str, ends, starts) -> None:
    pattern = regex.compile(src, regex.I)
    got_ends, got_starts = edges.end_chars(pattern), edges.start_chars(pattern)
    assert got_ends == (None if ends is None else frozenset(ends))
    assert got_starts == (None if starts is None else frozenset(starts))


def test_visible_edges_of_texts() -> None:
    assert edges.last_visible("improves by  ", 0, 13) == "y"
    assert edges.last_visible("improves by \n", 0, 13) == "y"
    assert edges.last_visible("   ", 0, 3) is None
    assert edges.last_visible("caf\u00e9 ", 0, 5) is None  # outside ASCII: never ruled out
    assert edges.last_visible("ab cd", 0, 2) == "b"
    assert edges.last_visible("ab cd", 3, 4) == "c"
    assert edges.first_visible("  % on") == "%"
    assert edges.first_visible(" \ue001 of") == "\ue001"
    assert edges.first_visible("") is None


def _example_contexts(rules) -> list[tuple[str, str, str]]:
    out = []
    for rule in rules:
        for text in [t for t, _ in rule.match] + list(rule.no_match):
            _, sents = claims.analyse(text, rules)
            for sent in sents:
                if sent.gated_by is None:
                    for members in claims.candidate_groups(sent).values():
                        out.append((*claims.group_contexts(sent, members), sent.shadow))
    return out


def test_edges_never_reject_what_a_rule_matches() -> None:
    rules = default_rules()
    pf = prefilter.for_rules(rules)
    everything = tuple((r, pf.rule(r)) for r in rules)
    contexts = _example_contexts(rules)
    checked = 0
    for left, right, shadow in contexts:
        lc, rc = edges.last_visible(left, 0, len(left)), edges.first_visible(right)
        kept = {id(r) for r, _ in claims._narrowed(everything, left, right)}
        for rule in rules:
            place = pf.rule(rule)
            if rule.before is not None and rule.before.match(left):
                checked += 1
                assert lc is None or place.ends is None or lc in place.ends, (rule.id, left[-40:])
            if rule.after is not None and rule.after.match(right):
                checked += 1
                assert rc is None or place.starts is None or rc in place.starts, (rule.id, right[:40])
            if rule.fires(left, right, shadow):
                assert id(rule) in kept, (rule.id, left[-40:], right[:40])
    assert checked > 500


def test_most_rule_patterns_have_edges() -> None:
    rules = default_rules()
    pf = prefilter.for_rules(rules)
    befores = [pf.rule(r).ends for r in rules if r.before is not None]
    assert sum(e is not None for e in befores) >= 0.6 * len(befores)


def _end_anchored_patterns():
    lex = attribution.lexicon()
    seen = []
    for value in vars(lex).values():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            for p in (item if isinstance(item, tuple) else (item,)):
                if isinstance(p, (re.Pattern, regex.Pattern)) and edges.end_anchored(p):
                    seen.append(p)
    return [*seen, attribution._LIST_PREV]


AWKWARD = ["than BaseNet (", "up to\n", "over Mod\u00e9le2 (", "beats X1\x0bY (", "on the ", "A, B and ",
           "roughly ~", "   ", "", "at least \ue002 "]


@pytest.mark.parametrize("pattern", _end_anchored_patterns(), ids=lambda p: p.pattern[:30])
def test_end_guarded_search_is_the_patterns_search(pattern) -> None:
    guard = edges.end_guarded(pattern)
    assert isinstance(guard, edges.EndGuarded)
    texts = [p.abstract for p in read_papers(FIXTURES) if not isinstance(p, BadRecord)][:120] + AWKWARD
    for text in texts:
        n = len(text)
        windows = {(0, n), (max(0, n // 2 - 45), n // 2), (1, n), (n // 3, max(n // 3, n - 1))}
        windows |= {(max(0, m.start() - 60), m.start()) for m in re.finditer(r"[A-Z\d]", text)}
        for lo, hi in windows:
            want = pattern.search(text, lo, hi)
            got = guard.search(text, lo, hi)
            assert (got and got.span()) == (want and want.span()), (pattern.pattern[:40], text[lo:hi])


@pytest.mark.parametrize(
    "src, sure",
    [
        (r"[\ue001\ue003]|\bscores?\b", {"\ue001", "\ue003"}),
        (r"x|y(?=z)|[ab]", {"x", "a", "b"}),  # an alternative with a look-ahead is no sure thing
        (r"[a-c]", set()),  # a range is not read
        (r"\d|[^a]", set()),
        (r"(?:x)", {"x"}),  # the parser reads a bare group as its contents
    ],
)
def test_sure_characters(src: str, sure: set[str]) -> None:
    assert edges.sure_chars(regex.compile(src, regex.I)) == frozenset(sure)


def test_sure_characters_make_the_whole_text_search_match() -> None:
    for rule in default_rules():
        if rule.sentence_without is None:
            continue
        for ch in edges.sure_chars(rule.sentence_without):
            for text, _ in rule.match:
                for at in (0, len(text) // 2, len(text)):
                    assert rule.sentence_without.search(text[:at] + ch + text[at:]), (rule.id, ch)
