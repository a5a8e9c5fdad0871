"""Benchmarks a number is paired with by the shape of its sentence, before nearest-name attribution.

These shapes decide where the nearest name would mislead:

- a number's own slot: "0.99 on en-wiki8, 1.08 on text8, 18.3 on WikiText-103" gives 1.08 to
  text8 even though no pattern found "text8" as a name, because the number says where it was
  measured; the nearest known name (WikiText-103) belongs to the next number;
- "respectively" across separately written numbers: "47.9 PQ and 62.5 PQ respectively on
  MS-COCO and Cityscapes" pairs the numbers in order with the list, although each number is a
  claim of its own (a list of numbers is handled by :func:`extractor.bench_choice.pick_benchmark`);
- the two ends of a change ("accuracy on AQuA rises from 53.5% to 63.8%") are on one benchmark, and
  a conjunct ("Market-1501 by 17% in mAP and 6% in rank-1") is on its claim's, unless it names a
  place of its own;
- a bracketed aside on a number ("52.44% (+3.2%) on SciERC") is on that number's benchmark, and a
  list of numbers whose clause names none pairs in order with the results before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from extractor.attribution import Span, clause_bounds, lexicon
from extractor.bench_choice import _LIST_GLUE, pick_benchmark
from extractor.claims import group_contexts, is_aside

if TYPE_CHECKING:
    from extractor.claims import Sentence

# Right after a number (and up to two words, its metric's name): "on" and one token.
_OWN_SLOT = regex.compile(r"(?:\s+[\w@/-]+){0,2}?\s+on\s+(?:the\s+)?([A-Za-z][\w.+'-]*[\w+'])(?=\s*(?:,|;|\.(?:\s|$)|\band\b|\(|$))")
# A token that is a data set's name even in lower case: letters with a digit ("text8", "enwik8").
_CODED_LOWER = regex.compile(r"(?!v\d+(?:\.\d+)?$)[a-z][a-z-]*\d[\w-]*")  # not a version: "93.3 PDMS on v1"
_RESPECTIVELY = regex.compile(r"\brespectively\b", regex.I)
_JOINED = regex.compile(r",|\band\b")
_VERSUS_GAP = regex.compile(r"\s*(?:vs\.?|versus)\s*")
# "on" right after a number: the number says where it was measured.
_ON_AFTER = regex.compile(r"\s*%?\s+on\s+(?:the\s+)?")


def own_slot(sent: "Sentence", index: int, benches: list[Span]) -> Span | None:
    """The name in the number's own "on X" slot when no known name is there: a lower-case name
    with a digit, or any name when another number of the sentence is written "on" a known one
    (the sentence lists results by data set)."""
    num = sent.numbers[index]
    m = _OWN_SLOT.match(sent.shadow_between(num.end, min(len(sent.text), num.end + 60)))
    if m is None:
        return None
    # the shadow may hold placeholders: find the token in the sentence itself
    token = m.group(1)
    at = sent.text.find(token, num.end)
    if at < 0 or at - num.end > 60 or any(b.start <= at < b.end for b in sent.names):
        return None
    if token.lower() in lexicon().not_slot_names or token[:1].isupper():
        return None  # a capitalised name was for the name finders to find; they passed it over
    if not _CODED_LOWER.fullmatch(token) and not _listed_by_data_set(sent, index, benches):
        return None
    return Span(at, at + len(token), token, "bench", None)


def _listed_by_data_set(sent: "Sentence", index: int, benches: list[Span]) -> bool:
    starts = {b.start for b in benches}
    for i, other in enumerate(sent.numbers):
        if i == index or other.role is not None:
            continue
        m = _ON_AFTER.match(sent.text[other.end : other.end + 12])
        if m and other.end + m.end() in starts:
            return True
    return False


def respectively_run(sent: "Sentence", index: int, benches: list[Span]) -> Span | None:
    """For a number of a run of separately written numbers that a "respectively" closes, the
    benchmark at its place in the list of names after "respectively" (or, failing that, in the
    list of names just before the run), when both have as many items."""
    num = sent.numbers[index]
    r = _RESPECTIVELY.search(sent.text, num.end, min(len(sent.text), num.end + 120))
    if r is None:
        return None
    lo, _ = clause_bounds(sent.text, num.start, num.end)
    before_r = [i for i, n in enumerate(sent.numbers)
                if n.role is None and lo <= n.start and n.end <= r.start() and n.unit == num.unit]
    # the run: the numbers before "respectively", each joined to the next by a short gap with
    # "and" or a comma ("top-1 error of 16.37% and top-5 error of 7.4% respectively")
    # "(96.3% vs. 90.6% and 96.9% vs. 88% on A and B, respectively)": a pair compared is one item
    run = before_r[-1:]
    item = [0]  # item of each number of the run, counted from the end
    for i in reversed(before_r[:-1]):
        gap = sent.text[sent.numbers[i].end : sent.numbers[run[0]].start]
        if _VERSUS_GAP.fullmatch(gap):
            run.insert(0, i)
            item.insert(0, item[0])
            continue
        if len(gap) > 40 or not _JOINED.search(gap):
            break
        run.insert(0, i)
        item.insert(0, item[0] + 1)
    if len(run) < 2 or index not in run:
        return None
    items = item[0] + 1
    if items < 2:
        return None
    first = sent.numbers[run[0]]
    last = sent.numbers[run[-1]]
    after = _name_list([b for b in benches if b.start >= r.end()], sent.text)
    # "... on the Campus and Shelf datasets, respectively": the names between the run and the word
    between = _name_list([b for b in benches if last.end <= b.start and b.end <= r.start()], sent.text)
    before = _name_list([b for b in reversed(benches) if b.end <= first.start], sent.text, backwards=True)
    for names in (after, between, before):
        if len(names) == items:
            return names[items - 1 - item[run.index(index)]]
    return None


def _name_list(benches: list[Span], text: str, backwards: bool = False) -> list[Span]:
    """The names that follow one another as a list ("A, B and C"), starting from the first."""
    out: list[Span] = []
    for b in benches:
        if out:
            a, c = (b, out[-1]) if backwards else (out[-1], b)
            if not _LIST_GLUE.fullmatch(text, a.end, c.start):
                break
        if not out or out[-1].surface != b.surface:
            out.append(b)
    return list(reversed(out)) if backwards else out


# "On synthetic, DALS achieves 98.0%": a sentence that opens by saying where its numbers were
# measured, with a word the name finders did not take, takes no benchmark from the sentences before.
_OPENING_SLOT = regex.compile(r"\s*On\s+(?:the\s+|a\s+|an\s+|our\s+)?([a-z][\w+'-]*(?:\s+[a-z][\w+'-]*){0,3})\s*(?:\([^()]{0,20}\)\s*)?,")


def opens_with_own_place(sent: "Sentence") -> bool:
    """Whether the sentence opens with "On x," for a lower-case place of its own ("On synthetic,"),
    not a phrase that points back or sums up ("On average,", "On these datasets,")."""
    m = _OPENING_SLOT.match(sent.text)
    if m is None or any(b.start < m.end() for b in sent.names):
        return False
    phrase = m.group(1).lower()
    lex = lexicon()
    return phrase not in lex.not_places and phrase.split(" ", 1)[0] not in lex.pointing_words


def earlier_results(sent: "Sentence", members: list[int], pos: int, benches: list[Span], table=None) -> Span | None:
    """For a list of numbers that a "respectively" pairs with as many results named before it in
    the sentence ("85.4% on ImageNet, 53.9 box AP on COCO and 52.2 mIoU on ADE20K, surpassing X
    by +1.2, +2.0 and +2.0 respectively"), the benchmark of the result at the member's place."""
    first = sent.numbers[members[0]].start
    earlier = [i for i, n in enumerate(sent.numbers) if n.role is None and n.end <= first]
    if len(earlier) != len(members):
        return None
    index = earlier[pos]
    return own_slot(sent, index, benches) or pick_benchmark(sent, [index], 0, False, table)


def unnamed_list(sent: "Sentence", members: list[int], pos: int, benches: list[Span], table=None) -> Span | None:
    """A list of numbers whose clause names no benchmark, after as many results each on its own
    ("97.35% on CIFAR-10 and 83.25% on CIFAR-100 ..., maintaining 93.44% and 76.23% at batch size
    1"): each member goes with the result at its place, not all with the nearest name."""
    first, last = sent.numbers[members[0]], sent.numbers[members[-1]]
    earlier = [i for i, n in enumerate(sent.numbers) if n.role is None and n.end <= first.start]
    if len(earlier) != len(members):
        return None
    places = [own_slot(sent, i, benches) or pick_benchmark(sent, [i], 0, False, table) for i in earlier]
    if any(p is None for p in places) or len({p.surface for p in places}) != len(places):
        return None  # the earlier results are not on a benchmark each
    # no name of its own: none but the earlier results' places after the last of them, in its clause
    after_prev = sent.numbers[earlier[-1]].end
    hi = clause_bounds(sent.text, first.start, last.end)[1]
    taken = {(p.start, p.end) for p in places}
    if any(after_prev <= b.start < hi and (b.start, b.end) not in taken for b in benches):
        return None
    return places[pos]


# The two ends of a change written "from x to y" or "x -> y" are on one benchmark.
CHANGE_STARTS = frozenset({"score-from-to", "score-chain-from", "score-arrow-start"})
CHANGE_ENDS = frozenset({"score-to-end", "score-chain-to", "score-arrow-end"})


def change_start(sent, d, starts: dict) -> Span | None:
    """The benchmark of the start of the change ``d`` ends, when the number before it in the
    sentence started one and had a benchmark."""
    if d.rule.id not in CHANGE_ENDS:
        return None
    prev = next((i for i in range(d.index - 1, -1, -1) if sent.numbers[i].role is None), None)
    return starts.get((id(sent), prev)) if prev is not None else None


def aside_head(sent, d, last: tuple) -> Span | None:
    """The benchmark of the number an aside is written on: "+3.2%" of "52.44% (+3.2%) on SciERC"
    is on SciERC with its head, not on the next place named after the bracket."""
    sid, index, bench = last
    if bench is None or sid != id(sent) or index != d.index - 1:
        return None
    return bench if is_aside(*group_contexts(sent, [d.index])) else None


_PLACE_BEFORE = regex.compile(r"\b(?:on|in|at|for|over)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")


def conjunct_benchmark(sent, d, benches: list, last: tuple) -> Span | None:
    """The benchmark of the claim a conjunct is joined to ("Market-1501 by 17% in mAP and 6% in
    rank-1"), when that benchmark was named before the claim's number, no benchmark is named
    between the two numbers, the two are no slash pair, and the conjunct names no place of its
    own in its clause ("80.3% on A and 61.8% on B" keeps B)."""
    sid, index, bench = last
    if bench is None or bench.start < 0 or sid != id(sent) or index >= d.index:
        return None
    prev, num = sent.numbers[index], d.number
    if bench.end > prev.start or sent.text[prev.end : num.start].strip() == "/":
        return None
    # its stretch: up to the next number written apart (not "95" of "mAP50:95"), within its clause
    after = clause_bounds(sent.text, num.start, num.end)[1]
    after = next((n.start for n in sent.numbers[d.index + 1 :]
                  if n.role is None and n.start < after and sent.text[n.start - 1 : n.start] in " ($~"), after)
    for b in benches:
        if prev.end <= b.start < num.start:
            return None
        if num.end <= b.start < after and _PLACE_BEFORE.search(sent.text, num.end, b.start):
            return None
    return bench


_NEXT_TO_CHANGE = regex.compile(r"\s*(?:\(|,\s*(?:a|an|i\.e\.,?)?\s*|;\s*)\s*(?:a\s+|an\s+)?$")


def relative_by_arithmetic(sent: "Sentence", d, change: tuple | None) -> bool:
    """Whether a percentage change written right after a change it sums up ("from 0.114 to 0.328
    (+187%)") is relative: it equals the change over the start, and not the change itself (in the
    values' own scale or, for fractions, in points)."""
    if d.number.unit != "%" or d.number.value_high is not None:
        return False
    ahead = _change_after(sent, d.index)
    if ahead is not None:
        return _relative_not_absolute(d.number.value, *ahead)
    if change is None:
        return False
    sid, end_index, a, b = change
    if sid != id(sent) or d.index <= end_index:
        return False
    end = sent.numbers[end_index]
    if any(n.role is None for n in sent.numbers[end_index + 1 : d.index]):
        return False
    if not _NEXT_TO_CHANGE.match(sent.text[end.end : d.number.start]):
        return False
    return _relative_not_absolute(d.number.value, a, b)


_CHANGE_BRACKET_OPEN = regex.compile(r"[^()\d.;]{0,60}?\(\s*(?:(?:e\.g\.|i\.e\.|for\s+example|for\s+instance),?\s*)?(?:from\s+)?$")
_CHANGE_TO = regex.compile(r"\s*(?:%|\\%)?\s*(?:to|->|→|\\rightarrow|\$\\rightarrow\$)\s*$")


def change_in_bracket(sent: "Sentence", index: int, opener: regex.Pattern | None = None) -> tuple[int, int] | None:
    """The number indices of the change a claim sums up in a bracket after it: "a 95% reduction
    in abstention (from 40% to 2%)", "by about 69 percent (for example, from 16.0 to 4.9)"."""
    if index + 2 >= len(sent.numbers):
        return None
    a, b = sent.numbers[index + 1], sent.numbers[index + 2]
    if a.role is not None or b.role is not None or a.value_high is not None:  # "(40-2%)" is a range
        return None
    num = sent.numbers[index]
    if not (opener or _CHANGE_BRACKET_OPEN).fullmatch(sent.text, num.end, a.start):
        return None
    if not _CHANGE_TO.fullmatch(sent.text, a.end, b.start):
        return None
    return index + 1, index + 2


# A cost's own change right after it, past at most three words of its own: "by about 69 percent
# (for example, from 16.0 to 4.9)", "25x fewer attempts ($3200 → 128)"; not "12x faster decoding and
# a drop in word error rate (from 6.07 to 3.01)".
COST_BRACKET_OPEN = regex.compile(r"(?:\s*(?!(?:and|or|while|with|but)\b)[^\s()\d.;,]+){0,3}\s*\(\s*(?:(?:e\.g\.|i\.e\.|for\s+example|for\s+instance),?\s*)?(?:from\s+)?\$?$")


def _change_after(sent: "Sentence", index: int) -> tuple[float, float] | None:
    """The values of :func:`change_in_bracket`: (40, 2)."""
    at = change_in_bracket(sent, index)
    return None if at is None else (sent.numbers[at[0]].value, sent.numbers[at[1]].value)


def _relative_not_absolute(v: float, a: float, b: float) -> bool:
    if a == 0:
        return False
    diff = abs(b - a)

    def near(x: float) -> bool:
        return abs(x - v) <= max(0.6, 0.02 * v)

    absolute = near(diff) or (max(abs(a), abs(b)) <= 1 and near(diff * 100))
    return not absolute and near(diff / abs(a) * 100)
