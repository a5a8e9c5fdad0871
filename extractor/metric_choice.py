"""The metric a number is given in: the nearest metric name in its clause, paired in order for
"respectively", and the right name of a slash-joined pair ("AUROC/AURC of 0.98/2.49").
An efficiency claim takes only a metric of cost or speed (FLOPs, latency)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from extractor import registry
from extractor.attribution import Span, clause_bounds
from extractor.bench_choice import _NEXT_ITEM, slash_tuples

if TYPE_CHECKING:
    from extractor.claims import Sentence


def _slot_in_tuple(sent: "Sentence", members: list[int], pos: int) -> tuple[int, int]:
    """The member's place within its slash tuple, and the tuple's size."""
    _, item = slash_tuples(sent, members)
    mine = [i for i, t in enumerate(item) if t == item[pos]]
    return mine.index(pos), len(mine)


_SLASH_NEXT = regex.compile(r"/([A-Za-z][\w@-]*)")
_SLASH_PREV = regex.compile(r"([A-Za-z][\w@-]*)/$")


def _slashed_metric(sent: "Sentence", metric: Span, members: list[int], pos: int) -> Span:
    """'AUROC/AURC of 0.98/2.49', 'Rank-1/mAP=96.6%/94.2%': the i-th number of each slash tuple
    is given in the i-th name of the slash-joined metric names."""
    slot, size = _slot_in_tuple(sent, members, pos)
    if size < 2:
        return metric
    chain = [(metric.start, metric.end, metric.surface)]
    while (m := _SLASH_PREV.search(sent.text, 0, chain[0][0])) is not None and len(chain) < size:
        chain.insert(0, (m.start(1), m.end(1), m.group(1)))
    while (m := _SLASH_NEXT.match(sent.text, chain[-1][1])) is not None and len(chain) < size:
        chain.append((m.start(1), m.end(1), m.group(1)))
    if len(chain) != size:
        return metric
    start, end, surface = chain[slot]
    if (start, end) == (metric.start, metric.end):
        return metric
    known = registry.metrics().lookup(surface)
    return Span(start, end, surface, metric.kind, known.id if known else None,
                known.higher_is_better if known else None)


def pick_metric(
    sent: "Sentence", members: list[int], pos: int, respectively: bool, efficiency: bool = False
) -> "Span | None":
    """The metric a number is given in: the nearest one in its clause, paired in order for
    'respectively'. An efficiency claim takes only a metric of cost or speed (FLOPs, latency)."""
    wanted = "cost" if efficiency else "metric"
    num = sent.numbers[members[pos]]
    if not efficiency:
        named = _set_equal(sent, num)
        if named is not None:
            return named
    metrics = [s for s in sent.names if s.kind == wanted]
    if not metrics:
        return None
    last = sent.numbers[members[-1]]
    if respectively and len(members) > 1 and len(metrics) == len(members):
        return metrics[pos]
    # A metric written before the list governs every member of it: measure from the first.
    best = _nearest_metric(sent, metrics, num, last, sent.numbers[members[0]])
    return _slashed_metric(sent, best, members, pos) if best is not None and len(members) > 1 else best


# "ACR=0.958", "t-DCF = 0.0239": the quantity a number is set equal to is its metric, known or not.
_SET_EQUAL = regex.compile(r"(?<![\w@-])((?:[A-Z]|[a-z]-(?=[A-Z]))[A-Za-z0-9@-]*[A-Z0-9@][A-Za-z0-9@-]*)\s*=\s*\$?$")


def _set_equal(sent: "Sentence", num) -> "Span | None":
    m = _SET_EQUAL.search(sent.text, max(0, num.start - 24), num.start)
    if m is None:
        return None
    known = next((s for s in sent.names if s.kind == "metric" and s.start <= m.start(1) and m.end(1) <= s.end), None)
    return known or Span(m.start(1), m.end(1), m.group(1), "metric", None)


def _nearest_metric(sent: "Sentence", metrics: list[Span], num, last, first) -> Span | None:
    lo, hi = clause_bounds(sent.text, num.start, last.end)
    best, best_d = None, 10**9
    reach_lo = min(first.start, num.start) - _METRIC_REACH - 5
    for m in metrics:
        # Penalties only add to the distance: a name farther than the reach can never be taken,
        # and in a long sentence pricing every name for every number would grow with its square.
        if m.end < reach_lo:
            continue
        if m.start > last.end + _METRIC_REACH:
            continue
        if m.start >= last.end:
            between = sent.text[last.end : m.start]
            d = m.start - last.end
            if "\ue002" in between or any(ch.isdigit() for ch in between):
                d += 60
            if _NEXT_ITEM.search(between):
                d += 40  # "accuracy of 94.1% and Jaccard of 85.3%": the metric after "and" is the next one's
        elif m.end <= first.start:
            d = first.start - m.end + 5
            if m.end < lo:
                d += 80
        elif m.end <= num.start:
            d = num.start - m.end + 5
            if m.end < lo:
                d += 80
        else:
            continue
        if d < best_d:
            best, best_d = m, d
    return best if best_d <= _METRIC_REACH else None


_METRIC_REACH = 120  # characters between a number and its metric name, penalties included
