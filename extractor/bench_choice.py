"""Which benchmark of a sentence a claimed number belongs to: paired in order for "respectively"
or for equally long lists of numbers and names, else the cheapest by distance and by what lies
between (a number of its own, a bracket, a clause break, a name another number owns).

The names themselves are found by :mod:`extractor.attribution`; what the paper as a whole
evaluates on is the entity table (``table``), which this module never imports.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

import regex

from extractor.attribution import EntityTable, Span, clause_bounds

if TYPE_CHECKING:
    from extractor.claims import Sentence
    from extractor.numbers import Number

_NEXT_ITEM = regex.compile(r",|;|\band\b|\bwhile\b|\bwhereas\b")
_LIST_GLUE = regex.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?|/")
_PREP = regex.compile(r"\b(?:on|in|for|at|over|across|of)\b")
_PAREN_OPEN = regex.compile(r"^\s*\((?:[^()\ue002]{0,25}?(?:of|=|:)?\s*)?$")
# The numbers' own "on [the] [easy, medium and hard] NAME": a few words, no other number or clause break.
_ON_NAME_AFTER = regex.compile(r"^\s*%?\s*(?:on|in|over|across)\s+(?:the\s+)?(?:[\w-]+(?:,\s*|\s+)){0,5}$")


def _bench_cost(sent: "Sentence", b: "Span", first: "Number", last: "Number", lo: int, hi: int) -> float:  # noqa: F821
    """How far a benchmark is from a number, in characters, weighted by what lies between."""
    if b.start >= last.end:
        gap = sent.shadow_between(last.end, b.start)
        cost = float(b.start - last.end)
        if _PREP.search(gap):
            cost /= 2
        if "\ue002" in gap:
            cost += 100
        if b.start > hi:
            cost += 60
        if ")" in gap and "(" not in gap:
            cost += 150  # the number sits in a parenthesis that closes before the name
        if _owned_by_later_number(sent, b):
            cost += 80
        return cost
    gap = sent.shadow_between(b.end, first.start)
    if _PAREN_OPEN.match(gap):
        return 0.0
    if _IN_BRACKET_AFTER.match(gap):
        return 0.5  # "the LEVIRCD (F1: 0.918, IoU: 0.848)": every number of the bracket is the name's
    cost = float(first.start - b.end) + 20
    if "(" in gap and ")" not in gap:
        cost -= 40  # the number is in a parenthesis opened after the name: it elaborates on it
    if "\ue002" in gap:
        cost += 120
    if b.end < lo:
        cost += 60
    if _owned_by_earlier_number(sent, b):
        cost += 100
    # only the name right before the bracket is free: "A, B and C (+5.76%)" is C's, however the
    # bracket bonus prices the names before it
    return max(cost, 1.0)


_IN_BRACKET_AFTER = regex.compile(r"\s*\([^()\ue000]{0,60}$")  # no other name inside
_LEADS_TO_NUMBER = regex.compile(r"^[^,;()\ue002]{0,40}?\b(?:by|of|with|at|to|reaching|achieving|scores?)\b[^,;()]{0,15}$|^\s*\($|^\s+$")


def _owned_by_later_number(sent: "Sentence", b: "Span") -> bool:
    """'... on A by 20.9% and on B by 40.8%', '... and for B 79.28': B leads to the number after it,
    not the one before."""
    nums = sent.numbers
    i = bisect_left(sent.number_starts(), b.end)
    while i < len(nums) and nums[i].role is not None:
        i += 1
    if i == len(nums):
        return False
    return _LEADS_TO_NUMBER.search(sent.text[b.end : nums[i].start]) is not None


def _owned_by_earlier_number(sent: "Sentence", b: "Span") -> bool:
    """'... +1.1% gain on GLUE and +1.75% on CoNLL': GLUE already belongs to the number before it."""
    prior = sent.last_candidate_ending_by(b.start)
    if prior is None:
        return False
    gap = sent.text[prior.end : b.start]
    return len(gap) <= 80 and _PREP.search(gap) is not None


_RESPECTIVELY_ON = regex.compile(r"\s*,?\s*respectively\s*,?\s+(?:on|in|over|across)\s+(?:the\s+)?$", regex.I)


def _place_after_respectively(sent: "Sentence", members: list[int], benches: list[Span]) -> Span | None:
    """"+1.9, +2.0 and +1.7 AP on Faster-RCNN, Cascade R-CNN and SABL respectively on MS COCO":
    the word pairs the numbers with the list before it; the place named right after it is where
    they all were measured."""
    last = sent.numbers[members[-1]]
    for b in benches:
        if b.start > last.end:
            i = sent.text.rfind("respectively", last.end, b.start)
            if i >= 0 and _RESPECTIVELY_ON.fullmatch(sent.text, i, b.start):
                return b
    return None


def _interleaved_own(sent: "Sentence", members: list[int], benches: list[Span]) -> Span | None:
    """"by 50.7% and 76.5% on KITTI, and 18.0% and 46.8% on VIGOR, respectively": when groups of
    numbers and benchmarks alternate, each group is on the name right after it (the word pairs the
    numbers of a group with something else, here two errors)."""
    first, last = sent.numbers[members[0]], sent.numbers[members[-1]]
    after = next((b for b in benches if b.start >= last.end), None)
    if after is None or not _ON_NAME_AFTER.match(sent.shadow_between(last.end, after.start)):
        return None
    following = next((b for b in benches if b.start >= after.end and b.surface != after.surface), None)
    stop = following.start if following is not None else len(sent.text)
    if any(after.end <= n.start < stop and n.role is None for n in sent.numbers):  # not "Birds-200"
        return after  # a group of numbers follows this name before the next name
    before = [b for b in benches if b.end <= first.start]
    if before:
        prev = before[-1]
        if any(n.end <= prev.start and _ON_NAME_AFTER.match(sent.shadow_between(n.end, prev.start))
               for n in sent.numbers if n.role is None and 0 <= prev.start - n.end < 40):
            return after  # the name before this group was the own name of the group before it
    return None


def pick_benchmark(
    sent: "Sentence", members: list[int], pos: int, respectively: bool, table: EntityTable | None = None
) -> Span | None:
    """The benchmark a number is measured on: paired in order for 'respectively' or for equally
    long lists, else the nearest. Names the paper uses as a model, a training set or its own
    method (``table``) are not benchmarks."""
    benches = sent.benchmarks_for(table)
    if not benches:
        return None
    # "x/y, z/w on A and B": slash tuples pair with the names, each tuple as one item.
    items, item = slash_tuples(sent, members)
    if respectively and len(members) > 1:
        placed = _place_after_respectively(sent, members, benches)
        if placed is not None:
            return placed
        own = _interleaved_own(sent, members, benches)
        if own is not None:
            return own
        distinct: list[Span] = []
        for b in benches:
            if not distinct or distinct[-1].surface != b.surface:
                distinct.append(b)
        if len(distinct) == len(members):
            return distinct[pos]
        if items > 1 and len(distinct) == items:
            return distinct[item[pos]]
        # "on A and B to x and y respectively, and on C and D to z and w respectively": the names
        # between the number before and this list are the ones it pairs with
        first = sent.numbers[members[0]]
        prior = sent.last_candidate_ending_by(first.start)
        local = [b for b in distinct if (prior is None or b.start >= prior.end) and b.end <= first.start]
        if len(local) == len(members):
            return local[pos]
        last = sent.numbers[members[-1]]
        tail = sent.text[last.end : last.end + 80]
        for b in distinct:
            # the numbers name their own: "of 91.5, 88.0 and 80.2 on the easy, medium and hard QuxFaces"
            at = tail.find(b.surface)
            if at >= 0 and _ON_NAME_AFTER.match(tail[:at]):
                return b
        if len(distinct) > 1:
            return None  # "..., which achieves 43.4%, 46.7%, 32.9%, and 75.0%, respectively": unsaid which is which
    first, last = sent.numbers[members[0]], sent.numbers[members[-1]]
    if len(members) > 1:
        # "16.2% and 25.6% on CIFAR-100 and ImageNet", "on A and B, it reaches 90.2% and 93.9%":
        # a list of numbers next to an equally long list of benchmarks pairs in order.
        after = [b for b in benches if b.start >= last.end][: len(members)]
        before = [b for b in benches if b.end <= first.start][-len(members):]
        if after and _ON_NAME_AFTER.match(sent.shadow_between(last.end, after[0].start)):
            # "on A, B, C and D, it reaches x, y and z on the easy, medium and hard E": the
            # numbers name their own benchmark, the list before is the evaluation's scope
            before = []
        ahead = [b for b in benches if b.end <= first.start][: -len(members)]
        if ahead and before and _LIST_GLUE.fullmatch(sent.text, ahead[-1].end, before[0].start):
            before = []  # the list before is longer than the numbers: which ones they go with is unsaid
        for side in (after, before):
            if len(side) == len(members) and all(
                _LIST_GLUE.fullmatch(sent.text, a.end, b.start) for a, b in zip(side, side[1:])
            ):
                return side[pos]
    lo, hi = clause_bounds(sent.text, first.start, last.end)
    return _cheapest(sent, benches, first, last, lo, hi)


def _cost_floor(sent: "Sentence", b: Span, first: "Number", last: "Number") -> float:
    """A lower bound of ``_bench_cost`` that needs no look at the text between: penalties only
    add, a preposition at most halves the distance after, the bracket bonus takes at most 40
    off the distance before, and only a bracket right after the name makes it free."""
    if b.start >= last.end:
        return (b.start - last.end) / 2
    if sent.text[b.end : first.start].lstrip().startswith("("):
        return 0.0
    return float(first.start - b.end) - 20


def _cheapest(sent: "Sentence", benches: list[Span], first: "Number", last: "Number", lo: int, hi: int) -> Span:
    """``min(benches, key=cost)`` (the first of equally cheap ones), looking at names in order of
    their cost floor and stopping once no name left can be cheaper: in a long sentence most
    names are far, and pricing each would make the work grow with the square of its length."""
    if len(benches) <= 8:  # the usual sentence: pricing every name costs less than ordering them
        return min(benches, key=lambda b: _bench_cost(sent, b, first, last, lo, hi))
    floors = sorted((_cost_floor(sent, b, first, last), i) for i, b in enumerate(benches))
    best_cost, best_i = None, -1
    for floor, i in floors:
        if best_cost is not None and floor > best_cost:
            break
        cost = _bench_cost(sent, benches[i], first, last, lo, hi)
        if best_cost is None or cost < best_cost or (cost == best_cost and i < best_i):
            best_cost, best_i = cost, i
    return benches[best_i]


def slash_tuples(sent: "Sentence", members: list[int]) -> tuple[int, list[int]]:
    """How many slash tuples a list of numbers forms ("0.91/2.4, 0.95/0.3" is two), and the
    tuple of each member; a list without slashes is one tuple a number."""
    item, k = [0], 0
    for a, b in zip(members, members[1:]):
        gap = sent.text[sent.numbers[a].end : sent.numbers[b].start]
        if gap.strip() != "/":
            k += 1
        item.append(k)
    return k + 1, item
