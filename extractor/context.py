"""Benchmarks from outside a number's sentence: named inside its metric ("GLUE score"), listed by
the sentences before it ("... on these datasets"), the one the paper is about, or the one it trains
and tests on. Attribution asks here only when the sentence itself names no benchmark."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from extractor import registry
from extractor.attribution import EntityTable, Span

if TYPE_CHECKING:
    from extractor.claims import Sentence


# "... on CAMUS and EchoNet-Dynamic. It achieves Dice scores of 0.962 and 0.939 on these datasets":
# a list of numbers that points back at named data sets pairs with the list the sentence before names.
_BACK_REFERENCE = regex.compile(
    r"\b(?:these|those|both|the\s+(?:two|three|four|five|six|above))\s+(?:[\w-]+\s+)?"
    r"(?:datasets|data\s+sets|benchmarks|corpora|test\s+sets|tasks|settings)\b|\brespectively\b", regex.I)


def listed_before(sent: "Sentence", members: list[int], pos: int, table: EntityTable | None = None) -> Span | None:
    """For a list of numbers in a sentence that names no benchmark but refers back to some, the
    member's benchmark from the nearest sentence before that names as many, in order."""
    if table is None or len(members) < 2 or sent.doc is None or not _BACK_REFERENCE.search(sent.text):
        return None
    for start, end in sent.before:
        named = table.benchmarks_between(start, end)
        if named:
            if len(named) != len(members):
                return None
            _, _, surface, entry_id = named[pos]
            return Span(-1, -1, surface, "bench", entry_id)
    return None


def context_benchmark(sent: "Sentence", metric: Span | None, table: EntityTable | None = None) -> Span | None:
    """No benchmark in the sentence: one named inside a metric ('GLUE score'), else the last
    registry benchmark named in the nearest of the three sentences before, else the one
    benchmark the paper is about, else the last one the paper evaluates on that those sentences
    write, else the one it trains and tests on (offsets -1: the name is not in this sentence)."""
    metrics = [metric] if metric is not None else []
    metrics += [s for s in sent.names if s.kind == "metric" and s is not metric]
    for met in metrics:
        inner = _benchmarks_inside(met.surface)
        if inner:
            m = inner[0]
            return Span(met.start + m.start, met.start + m.end, m.surface, "bench", m.entry.id)
    before = sent.before if sent.doc is not None else ()
    for start, end in before:
        # Names the registry knows first: a name found by its slot alone is a weaker cue.
        benches = [b for b in sent.doc.benchmarks_in(start, end) if table is None
                   or table.is_benchmark(sent.doc.text, Span(b.start, b.end, b.surface, "bench", b.entry.id))]
        if benches:
            if len({b.entry.id for b in benches}) > 1:
                # "on both PASCAL VOC and COCO. It achieves a 76.9% mAP": which one is unsaid
                return None
            b = benches[-1]
            return Span(-1, -1, b.surface, "bench", b.entry.id)
    paper = table.evaluation_benchmark if table is not None else None
    if paper is not None:
        return Span(-1, -1, paper.surface, "bench", paper.entry_id)
    for start, end in before if table is not None else ():
        # Then the last name the paper as a whole evaluates on that the sentence writes.
        hit = table.last_evaluated_in(sent.doc.text[start:end])
        if hit is not None:
            return Span(-1, -1, hit.surface, "bench", hit.entry_id)
    return _trained_and_tested(sent, table)


# "When trained on ImageNet-1K, FooNet reaches 81.9% top-1": a benchmark the sentence (or the one
# before) trains on, not pre-trains on, is what its number is on, when the paper evaluates on
# nothing else.
_TRAINED_ON = regex.compile(r"(?<!pre-)(?<!pre)\b(?:trained|training)\s+(?:\w+\s+){0,2}?on\s+(?:the\s+)?$", regex.I)


def _trained_and_tested(sent: "Sentence", table: EntityTable | None) -> Span | None:
    if table is None or table.evaluation_benchmark is not None or sent.doc is None:
        return None
    text = sent.doc.text
    for start, end in ((sent.start, sent.start + len(sent.text)), *sent.before):
        # this sentence first, then the nearest before it
        found = {b.entry.id: b for b in sent.doc.benchmarks_in(start, end)
                 if _TRAINED_ON.search(text, max(0, b.start - 40), b.start)}
        if len(found) == 1:
            b = next(iter(found.values()))
            return Span(-1, -1, b.surface, "bench", b.entry.id)
        if found:
            return None
    paper = table.trained_and_tested
    return Span(-1, -1, paper.surface, "bench", paper.entry_id) if paper is not None else None


@lru_cache(maxsize=256)
def _benchmarks_inside(metric_surface: str) -> tuple:
    """Benchmarks named inside a metric's name ("GLUE score"); asked again for every claim."""
    return tuple(registry.benchmarks().find(metric_surface))
