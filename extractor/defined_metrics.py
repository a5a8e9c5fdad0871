"""Metrics an abstract defines for itself: "attack success rate (ASR)", "mean target registration
error (mTRE)", "Unweighted Average Recall (UAR)".

The metric registry cannot list every task's measure. An abstract that names one writes it once
in full with its acronym in brackets; the phrase ends in a word that measures something (rate,
error, score, recall, ...) and the acronym's letters are the initials of the phrase's words. Both
are then metric names wherever the abstract uses them, so that "an mTRE of 0.79" reads like "a WER
of 5.1". Found once per abstract, from the brackets alone: text without one costs a substring test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor import registry

# An acronym in brackets: two or more capitals, perhaps a lower-case lead ("mTRE") or digits.
_BRACKETED = re.compile(r"\(\s*([a-z]?[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*)\s*\)")
# The words a phrase may be made of (letters, inner hyphens), read backwards from the bracket.
_WORD = re.compile(r"[A-Za-z][A-Za-z]*(?:-[A-Za-z]+)*")
# The last word of the phrase: a noun that measures how well something went.
_HEAD = frozenset(
    "rate rates error errors score scores accuracy recall precision distance ratio index coefficient similarity "
    "correlation deviation loss likelihood measure fidelity consistency coverage agreement success quality "
    "gain overlap displacement".split()
)
# Heads of settings, not results: "learning rate (LR)", "sampling rate", "aspect ratio".
_SETTING = frozenset("learning sampling frame bit dropout masking mask mutation aspect compression refresh".split())
# Heads whose smaller value is the better result.
_LOWER_BETTER = frozenset("error errors distance deviation loss displacement".split())
_STOP = frozenset("the a an of our its their this that and or with for in on to by from".split())
_MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class DefinedMetric:
    surface: str  # the phrase or the acronym, as written in the definition
    case_sensitive: bool  # acronyms match only in their own case
    higher_is_better: bool


def _initials(words: list[str]) -> str:
    return "".join(part[0].lower() for w in words for part in w.split("-"))


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether the acronym's letters are the initials of the words, in order, each word giving one
    letter (a hyphenated word gives one per part)."""
    letters = "".join(c.lower() for c in acronym if c.isalpha())
    if acronym.endswith("s") and acronym[-2:-1].isupper():
        letters = letters[:-1]  # a plural acronym: "EERs" for "Equal Error Rates"
    return letters == _initials(words)


_last: tuple[str, object, object, tuple] = ("", None, None, ())  # the last text asked about and its answer


def find(text: str) -> tuple[DefinedMetric, ...]:
    """The metrics ``text`` defines with an acronym in brackets, phrase and acronym each (the
    last answer is kept: claim finding and the paper's entity table both ask of one abstract)."""
    global _last
    if "(" not in text:
        return ()
    metrics, benches = registry.metrics(), registry.benchmarks()
    last = _last
    if last[0] == text and last[1] is metrics and last[2] is benches:
        return last[3]
    found = _find(text, metrics, benches)
    _last = (text, metrics, benches, found)
    return found


def _find(text: str, metrics, benches) -> tuple[DefinedMetric, ...]:
    out: list[DefinedMetric] = []
    for m in _BRACKETED.finditer(text):
        acronym = m.group(1)
        words = _WORD.findall(text[max(0, m.start() - 80) : m.start()])[-_MAX_WORDS:]
        if not words or words[-1].lower() not in _HEAD:
            continue
        if metrics.lookup(acronym) is not None or benches.lookup(acronym) is not None:
            continue  # a name the registries know is found as such
        for k in range(1, len(words) + 1):
            phrase = words[-k:]
            if phrase[0].lower() in _STOP:
                break
            if _spells(acronym, phrase):
                if not _SETTING.isdisjoint(w.lower() for w in phrase):
                    break
                lower = phrase[-1].lower() in _LOWER_BETTER
                out.append(DefinedMetric(" ".join(phrase), False, not lower))
                out.append(DefinedMetric(acronym, True, not lower))
                break
    return tuple(out)


def occurrences(text: str, defined: tuple[DefinedMetric, ...]) -> list[tuple[int, int, DefinedMetric]]:
    """Where the defined metrics are written in ``text`` (a sentence), as (start, end, metric)."""
    out = []
    low = text.lower()
    for d in defined:
        hay, needle = (text, d.surface) if d.case_sensitive else (low, d.surface.lower())
        i = hay.find(needle)
        while i >= 0:
            j = i + len(needle)
            if (i == 0 or not text[i - 1].isalnum()) and (j == len(text) or not text[j].isalnum()):
                out.append((i, j, d))
            i = hay.find(needle, j)
    return out
