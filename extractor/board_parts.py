"""Sub-measures of a benchmark: the parts its leaderboards report one by one.

Some benchmarks are scored part by part, each part a column of their leaderboards: BraTS's Dice
of the whole tumour, the tumour core and the enhancing tumour; LoCoMo's single-hop, multi-hop,
temporal, open-domain and adversarial questions; an anomaly data set's image-level detection and
pixel-level localization. A number said of one part is on that part's board ("BraTS 2020 whole
tumour"), not on the benchmark's, where it would outrank every mean. The parts and the words that
name them are data (``[parts]`` in ``data/boards.toml``); ``main`` names the benchmark's own
measure where papers write it out ("image-level AUROC").

Which part a number is of, read from its sentence:

* a list of numbers paired in order with a list of parts ("95, 92 and 90 percent for the whole
  tumour, tumour core and enhancing tumour, respectively"): the part in the number's place;
* else a part written right after the number ("0.9229 for the whole tumor") or before it with no
  other number between ("tumor core region (0.8651)");
* else none: the benchmark's own board.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "boards.toml"
MAIN = "main"
# A number as it stands in a list: not inside a name ("BraTS2020", "R@1").
_NUMBER = re.compile(r"(?<![\w.@-])[+-]?\d+(?:[.,]\d+)?(?![\w.]*\d)(?![A-Za-z])")
# What may stand between two numbers of one list: a unit, a comma or "and".
_NUMBER_GLUE = re.compile(r"\s*(?:%|\\%|percent\b)?\s*(?:,|/|and\b|, and\b|or\b)?\s*", re.I)
# What may stand between two parts of one list.
_PART_GLUE = re.compile(r"[\s,)]*(?:\([^()]{0,12}\))?[\s,)]*(?:(?:and|or|&)\s+)?(?:the\s+)?", re.I)
# Between a number and a part written after it: a unit, a metric's name, "for the".
_AFTER_GLUE = re.compile(r"\s*(?:%|\\%|percent\b)?\s*\(?\s*(?:(?:[A-Z][\w-]{1,7}|[Dd]ice|scores?)\s+)?(?:for|on|in|of)?\s*(?:the\s+)?")
# Between a part written before a number and the number: a short stretch of one clause.
_BEFORE_GAP = 40
_OWN_NUMBER = re.compile(r"\s*\)?\s*[=:]\s*[+-]?\d")
_BEFORE_BREAK = re.compile(r"\d|;|\b(?:and|but|while|whereas|than|over|vs)\b", re.I)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    part: str  # a part's name, or MAIN


@cache
def _parts() -> dict[str, tuple[tuple[str, re.Pattern], ...]]:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8")).get("parts", {})
    return {bench: tuple((name, re.compile(words, re.I)) for name, words in body.items()) for bench, body in data.items()}


def has_parts(bench_id: str) -> bool:
    return bench_id in _parts()


def _mentions(patterns: tuple[tuple[str, re.Pattern], ...], sentence: str) -> list[Mention]:
    """Part mentions in reading order; overlapping ones keep the longest, and a name followed by its
    abbreviation ("whole tumor (WT)") is one mention."""
    found = sorted((Mention(m.start(), m.end(), name) for name, p in patterns for m in p.finditer(sentence)),
                   key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        if kept and kept[-1].part == m.part and re.fullmatch(r"\s*\(?\s*", sentence[kept[-1].end:m.start]):
            kept[-1] = Mention(kept[-1].start, m.end, m.part)
            continue
        kept.append(m)
    return kept


def _runs(items: list, text: str, glue: re.Pattern, span) -> list[list]:
    """``items`` (in reading order) grouped into lists: neighbours joined only by ``glue``."""
    runs: list[list] = []
    for item in items:
        if runs:
            gap = text[span(runs[-1][-1])[1]:span(item)[0]]
            if glue.fullmatch(gap) or re.fullmatch(r"\s*\)?\s*(?:,|and|, and)?\s*", gap):
                runs[-1].append(item)
                continue
        runs.append([item])
    return runs


def number_at(sentence: str, value_text: str) -> int:
    """Where the claim's number starts in its sentence (the first stand-alone occurrence), or -1."""
    # The occurrences re.finditer(re.escape(value_text)) would give, found with str.find: a pattern
    # per number filled the regex cache and had most of them compiled again.
    n = len(value_text)
    start = sentence.find(value_text)
    while start >= 0:
        end = start + n
        before = sentence[start - 1 : start]
        after = sentence[end : end + 1]
        if not (before.isdigit() or before == ".") and not (after.isdigit() or (after == "." and sentence[end + 1 : end + 2].isdigit())):
            return start
        start = sentence.find(value_text, end if n else end + 1)
    return -1


def _number_spans(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _NUMBER.finditer(sentence)]


def part_of(bench_id: str, sentence: str, at: int, value_text: str) -> str | None:
    """The part of ``bench_id`` that the number at offset ``at`` of ``sentence`` is said of, or None
    (the benchmark's own measure, or no part named)."""
    patterns = _parts().get(bench_id)
    if not patterns or at < 0:
        return None
    mentions = _mentions(patterns, sentence)
    if not any(m.part != MAIN for m in mentions):
        return None
    place, count = number_place(sentence, at, value_text)
    if count > 1:
        # One of a list of numbers: the part in its place of a list of as many parts, else none
        # (a part written after the list is the last number's only when paired in order).
        lists = [r for r in _runs(mentions, sentence, _PART_GLUE, lambda m: (m.start, m.end)) if len(r) == count]
        if not lists:
            return None
        nearest = min(lists, key=lambda r: abs(r[0].start - at))
        return _named(nearest[place].part)
    return _named(_adjacent(mentions, sentence, at, at + len(value_text)))


def number_place(sentence: str, at: int, value_text: str) -> tuple[int, int]:
    """(place, length) of the list of numbers ("95, 92 and 90 percent") that the number at offset
    ``at`` is one of; (0, 1) for a number on its own."""
    end = at + len(value_text)
    numbers = _number_spans(sentence)
    mine = next((i for i, (s, e) in enumerate(numbers) if s <= at < e or at <= s < end), None)
    if mine is not None:
        for run in _runs(list(range(len(numbers))), sentence, _NUMBER_GLUE, lambda i: numbers[i]):
            if mine in run:
                return run.index(mine), len(run)
    return 0, 1


# A coordinated list of names around a benchmark's name ("on the Synapse, ACDC, Kvasir, and Skin Lesion
# Segmentation (ISIC2017) datasets"): items of up to five words joined by commas or "and", each with a
# capital or a digit, none a number or a preposition (prose is not a list of names).
_TOKEN = r"(?:(?![\d.,%/\\]+(?:\s|$))(?!(?:and|or|respectively|on|in|of|for|with|at|by|from|to|over|than|via|using|under)\b)[\w'./+@-]+|\([^()]{0,20}\))"
_NAMED = r"(?=[\w'./+@()-]*[A-Z0-9])" + _TOKEN
_ITEM = rf"(?:the\s+)?(?:{_TOKEN}\s+)?{_NAMED}(?:\s+{_TOKEN}){{0,3}}?"
_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_LEFT = re.compile(rf"(?:{_ITEM}{_SEP})+$")
_RIGHT = re.compile(rf"(?:\s+{_TOKEN}){{0,3}}?((?:{_SEP}{_ITEM}(?=\s*(?:,|\band\b|\bor\b|\s(?:datasets?|benchmarks?|tasks?|sets?|splits?|subsets?|data)\b|\s*respectively\b|[.;:)]|$)))+)")


@lru_cache(maxsize=8192)
def whole_name(surface: str) -> re.Pattern:
    """``surface`` as a whole word, any case (compiled once a name: a board's names recur, and
    compiling them anew for each claim churned the regex cache)."""
    return re.compile(rf"(?<![\w+-]){re.escape(surface)}(?![\w+])", re.I)


@lru_cache(maxsize=8192)
def any_case(text: str) -> re.Pattern:
    """``text`` itself, any case (compiled once, as :func:`whole_name`)."""
    return re.compile(re.escape(text), re.I)


def name_places(sentence: str, surface: str) -> list[tuple[int, int]]:
    """(place, length) of the coordinated list of names that each occurrence of ``surface`` in
    ``sentence`` is one of ((0, 1) for one on its own). An occurrence is a whole word ("RefCOCO" is
    not in "RefCOCO+") and may begin a longer item ("Caltech" of "Caltech Pedestrian")."""
    if not surface:
        return []
    places = []
    for found in whole_name(surface).finditer(sentence):
        left = _LEFT.search(sentence[:found.start()])
        right = _RIGHT.match(sentence, found.end())
        before = len(re.findall(_SEP, left.group(0))) if left else 0
        after = len(re.findall(_SEP, right.group(1) or "")) if right else 0
        places.append((before, before + 1 + after))
    return places


def _adjacent(mentions: list[Mention], sentence: str, at: int, end: int) -> str | None:
    """The part written right after the number, else the nearest before it with no number between."""
    for m in mentions:
        # "(ET= 0.873": a part followed by its own number is that number's, not this one's
        if m.start >= end and _AFTER_GLUE.fullmatch(sentence[end:m.start]) and not _OWN_NUMBER.match(sentence, m.end):
            return m.part
    before = [m for m in mentions if m.end <= at and at - m.end <= _BEFORE_GAP
              and not _BEFORE_BREAK.search(sentence[m.end:at])]
    return before[-1].part if before else None


def _named(part: str | None) -> str | None:
    return None if part == MAIN else part
