"""Every pattern extraction runs, on long hostile strings: none may backtrack catastrophically.

The patterns are collected, not listed: every rule's contexts (as the rules use them) and every
compiled pattern of the extraction stages and their lexicons. Each runs on strings made of
pieces that invite backtracking (spaces, words, placeholders, digits, brackets, separators) at
two lengths; the cost at the longer length may grow at most a little worse than linearly.
Comparing two measurements of the same pattern keeps the test free of wall-clock limits.
"""

from __future__ import annotations

import re
import time
from dataclasses import fields, is_dataclass

import pytest
import regex

from extractor import attribution, claims, entities, numbers, textnorm
from extractor.claims import _CONTEXT as CONTEXT
from extractor.rules import BENCH, COST, METRIC, NUM, default_rules
from extractor.textnorm import MAX_SENTENCE, normalise

PIECES = {
    "spaces": "a  ",  # normalisation leaves at most two whitespace characters in a row
    "words": "model and ",
    "numbers": f"{NUM} and ",
    "placeholders": f"{METRIC} of {NUM} on {BENCH} ",
    "cost": f"{COST} by {NUM}x ",
    "digits": "1.1.",
    "brackets": "((",
    "separators": ", ; / ",
    "capitals": "Foo-Bar ",
    "mixed": "acc\u200f\u0301 5% ",
}
# The lengths each pattern is tried at, and how much its cost may grow between them: linear
# work grows by the ratio of the lengths, quadratic by its square; anchored matches barely grow.
RULE_CONTEXT = (CONTEXT // 4, CONTEXT, 10)  # a rule sees this much text either side of a number
SENTENCE = (MAX_SENTENCE // 4, MAX_SENTENCE, 10)  # a rule that looks at the whole sentence
TEXT = (500, 4000, 24)  # stage patterns, some of which run over the whole text


def _piece_text(piece: str, size: int) -> str:
    """The piece repeated to about ``size`` characters, as normalisation hands text to the
    patterns. Whole pieces only, so both lengths end alike: a pattern anchored at the end (the
    rules' left contexts are matched backwards from the number) costs what the last characters
    let it try, and a cut piece would compare a text it stops at once with one it explores."""
    return normalise(piece * max(1, round(size / len(piece)))).text


def _seconds(call, text: str) -> float:
    """Per-call CPU time, the least of three rounds each long enough to measure."""
    best = float("inf")
    for _ in range(3):
        n, t0 = 0, time.process_time()
        while True:
            call(text)
            n += 1
            spent = time.process_time() - t0
            if spent > 0.002 or n >= 2000:
                break
        best = min(best, spent / n)
    return best


def _rule_calls():
    """(name, (call, lengths)) for each pattern of each rule, used as the rules use it."""
    for rule in default_rules():
        if rule.before is not None:
            yield f"{rule.id}.before", (rule.before.match, RULE_CONTEXT)  # matched backwards from the number
        if rule.after is not None:
            yield f"{rule.id}.after", (rule.after.match, RULE_CONTEXT)
        if rule.needs is not None:
            yield f"{rule.id}.needs", (rule.needs.search, RULE_CONTEXT)
        if rule.sentence_without is not None:
            yield f"{rule.id}.sentence_without", (rule.sentence_without.search, SENTENCE)


def _patterns_in(obj, name: str, depth: int = 0):
    if isinstance(obj, (re.Pattern, regex.Pattern)):
        yield name, obj
    elif depth < 3 and isinstance(obj, (tuple, list)):
        for i, item in enumerate(obj):
            yield from _patterns_in(item, f"{name}[{i}]", depth + 1)
    elif depth < 3 and is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            yield from _patterns_in(getattr(obj, f.name), f"{name}.{f.name}", depth + 1)


def _stage_calls():
    """(name, call) for every compiled pattern of the extraction stages: searched through the
    whole string, the most a stage ever asks of a pattern."""
    seen: set[int] = set()
    sources = [(m.__name__, vars(m)) for m in (textnorm, numbers, claims, attribution, entities)]
    sources.append(("attribution.lexicon()", {"": attribution.lexicon()}))
    sources.append(("entities.lexicon()", {"": entities.lexicon()}))
    for where, namespace in sources:
        for key, value in namespace.items():
            for name, pattern in _patterns_in(value, f"{where}.{key}".rstrip(".")):
                if id(pattern) not in seen:
                    seen.add(id(pattern))
                    yield name, (lambda text, p=pattern: sum(1 for _ in p.finditer(text)), TEXT)


CALLS = dict(_rule_calls()) | dict(_stage_calls())


def test_the_audit_finds_the_patterns():
    assert sum(1 for n in CALLS if "." in n and n.split(".")[0] in {r.id for r in default_rules()}) >= len(default_rules())
    assert len(CALLS) > 150


@pytest.mark.parametrize("name", sorted(CALLS))
def test_pattern_cost_grows_at_most_linearly(name):
    call, (short_len, long_len, bound) = CALLS[name]
    worst = []
    for piece_name, piece in PIECES.items():
        short = _seconds(call, _piece_text(piece, short_len))
        long = _seconds(call, _piece_text(piece, long_len))
        if long > 50e-6 and long > bound * short:  # under 50 µs a call is no danger at any growth
            worst.append(f"{piece_name}: {short * 1e6:.0f} -> {long * 1e6:.0f} µs")
    assert not worst, f"{name} grows faster than linearly on: " + "; ".join(worst)
