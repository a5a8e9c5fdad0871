"""Claim finding: which numbers of an abstract are claimed results, and of which kind.

For each sentence that holds a candidate number, benchmark and metric names are located, the
sentence is rewritten with placeholders for names and numbers, and the rules of
``data/rules.toml`` decide, per number or coordinated list of numbers, whether it is a claim.
Attribution (benchmark, metric, model, qualifiers) happens in :mod:`extractor.attribution`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import regex

from extractor import attribution, defined_metrics, edges, prefilter
from extractor.attribution import Span  # noqa: F401  (names found in a sentence; also imported from here)
from extractor.budget import Budget
from extractor.numbers import Number, find_numbers
from extractor.prefilter import Prefilter, RuleFilter
from extractor.rules import BENCH, COST, METRIC, NUM, Rule, default_rules, fold, unit_class
from extractor.textnorm import MAX_SENTENCE, NormText, normalise, sentences

_PLACEHOLDER = {"bench": BENCH, "metric": METRIC, "cost": COST}
_CONTEXT = 220  # characters of sentence either side of a number that rules may look at


class Doc:
    """The normalised abstract, with registry benchmarks found once and only when asked for."""

    __slots__ = ("text", "_benchmarks", "_starts", "_ends")

    def __init__(self, text: str):
        self.text = text
        self._benchmarks = None

    def benchmarks_in(self, start: int, end: int) -> list:
        """Registry benchmark mentions between two offsets of the normalised text."""
        if self._benchmarks is None:
            from extractor import registry

            self._benchmarks = registry.benchmarks().find(self.text)
            # Mentions do not overlap and come left to right, so starts and ends both ascend and
            # the mentions inside a span are one slice.
            self._starts = [m.start for m in self._benchmarks]
            self._ends = [m.end for m in self._benchmarks]
        return self._benchmarks[bisect_left(self._starts, start) : bisect_right(self._ends, end)]


@dataclass(slots=True)
class Sentence:
    """One sentence of the normalised text, with what was found in it."""

    start: int  # offset of the sentence in the normalised text
    text: str
    numbers: list[Number]
    names: list[Span]
    doc: "Doc | None" = None  # the whole normalised abstract
    before: tuple[tuple[int, int], ...] = ()  # spans of the sentences before, nearest first (up to three)
    gated_by: Rule | None = None  # set when one rule decides every number of the sentence
    subjects: list | None = None  # the sentence's subjects, worked out on first use (attribution)
    shadow: str = ""
    shadow_at: dict[int, tuple[int, int]] = field(default_factory=dict)  # number index -> span in shadow
    _starts: list[int] | None = None
    _benchmarks: tuple[object, list[Span]] | None = None  # (table, benchmark names it accepts)

    def number_starts(self) -> list[int]:
        """Where each number starts, in order (numbers are found left to right), for bisecting."""
        if self._starts is None:
            self._starts = [n.start for n in self.numbers]
        return self._starts

    def last_candidate_ending_by(self, offset: int) -> Number | None:
        """The last candidate number (no role) that ends at or before ``offset``."""
        i = bisect_left(self.number_starts(), offset)
        while i > 0:
            i -= 1
            num = self.numbers[i]
            if num.role is None and num.end <= offset:
                return num
        return None

    def benchmarks_for(self, table) -> list[Span]:
        """The sentence's benchmark names that ``table`` (the paper's entity table) accepts as
        benchmarks; worked out once, every number of the sentence asks."""
        if self._benchmarks is None or self._benchmarks[0] is not table:
            benches = [s for s in self.names if s.kind == "bench" and (table is None or table.is_benchmark(self.text, s))]
            self._benchmarks = (table, benches)
        return self._benchmarks[1]

    def shadow_between(self, start: int, end: int) -> str:
        """The text between two sentence offsets, with other candidate numbers as placeholders."""
        out = self.text[start:end]
        starts = self.number_starts()
        for i in range(bisect_left(starts, start), len(starts)):
            num = self.numbers[i]
            if num.start >= end:
                break
            if num.role is None and num.end <= end:
                out = out.replace(self.text[num.start : num.end], NUM, 1)
        return out


@dataclass(slots=True)
class Decision:
    """What the rules made of one number."""

    number: Number
    sentence: Sentence
    index: int  # index of the number in sentence.numbers
    rule: Rule | None  # the rule whose kind the number takes
    reason: str  # rule id, or why no rule applied
    via: str | None = None  # the rule that decided, when it is not ``rule`` (a conjunct)


_SPREAD = regex.compile(r"\s*(?:±|\+\s?/\s?-|\+-)\s*$")


def _build_shadow(sent: Sentence) -> None:
    """Rewrite the sentence with placeholders for names and candidate numbers."""
    marks: list[tuple[int, int, str, int]] = []  # start, end, placeholder, number index or -1
    for span in sent.names:
        marks.append((span.start, span.end, _PLACEHOLDER[span.kind], -1))
    for i, num in enumerate(sent.numbers):
        if num.role is None:
            marks.append((num.start, num.end, NUM, i))
        elif num.role == "deviation":
            # "85.2 ± 1.5 and 85.1": the spread is left out, so the list reads as one
            op = _SPREAD.search(sent.text, max(0, num.start - 8), num.start)
            marks.append((op.start() if op else num.start, num.end, "", -1))
        elif num.role == "interval":
            # "0.89 (95% CI, 0.84-0.92) for A and 0.88 ... for B": the bounds are left out too,
            # so that their decimal points do not read as the end of a clause
            marks.append((num.start, num.end, "", -1))
    marks.sort(key=lambda m: (m[0], -m[1]))
    out: list[str] = []
    pos = at = 0  # at: length of the shadow written so far
    for start, end, ph, idx in marks:
        if start < pos:
            continue
        out.append(sent.text[pos:start])
        at += start - pos
        out.append(ph)
        if idx >= 0:
            sent.shadow_at[idx] = (at, at + 1)
        at += len(ph)
        pos = end
    out.append(sent.text[pos:])
    sent.shadow = "".join(out)


def _drop_numbers_inside_names(numbers: list[Number], names: list[Span]) -> None:
    # "SQuAD 2.0", "Kinetics 400", "F_{0.5}", "R@1": a number inside a known name is the name.
    for num in numbers:
        if num.role is not None:
            continue
        # A name that only starts inside the number's unit ("4x" and a metric "x") keeps it.
        if any(span.start <= num.start and num.end <= span.end for span in names):
            num.role = "name"


def _with_defined(names: list[Span], own: list) -> list[Span]:
    """The sentence's names with the abstract's own metrics added: they replace a benchmark found
    only by its slot or shape, never a registry name."""
    keep = [n for n in names if not (n.kind == "bench" and n.id is None
                                      and any(a < n.end and n.start < b for a, b, _ in own))]
    for a, b, d in own:
        if not any(n.start < b and a < n.end for n in keep):
            keep.append(Span(a, b, d.surface, "metric", None, d.higher_is_better))
    keep.sort(key=lambda n: n.start)
    return keep


_GATES: dict[int, tuple[tuple[Rule, ...], Rule | None]] = {}


def _bare_gate(rules: tuple[Rule, ...]) -> Rule | None:
    """The rule that decides every bare, unsigned number when it applies, if there is one: the
    first rule that accepts such numbers, when it ignores them on a sentence-wide condition
    alone. Sentences whose candidates are all bare can then be judged without the full work.
    Cached by the identity of the rule set."""
    hit = _GATES.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = _GATES[id(rules)] = (rules, _find_gate(rules))
    return hit[1]


def _find_gate(rules: tuple[Rule, ...]) -> Rule | None:
    for rule in rules:
        if not rule.admits("none", None):
            continue
        if rule.before is None and rule.after is None and rule.sentence_without is not None and rule.kind == "ignore":
            return rule
        if rule.kind != "ignore":
            return None
    return None


def _gated_out(text: str, nums: list[Number], gate: Rule | None) -> bool:
    if gate is None or any(n.role is None and (n.unit is not None or n.sign is not None) for n in nums):
        return False
    lite = text
    for span in reversed(attribution.find_metric_names(text)):
        lite = lite[: span.start] + _PLACEHOLDER[span.kind] + lite[span.end :]
    if any(ch in lite for ch in prefilter.sure_chars(gate.sentence_without)):
        return False  # the pattern matches there (a metric placeholder, say): no need to search
    if prefilter.ruled_out(gate.sentence_without, lite):
        return True
    return not any(part.search(lite) is not None for part in gate.without_parts)


def analyse(text: str, rules: tuple[Rule, ...] | None = None, budget: Budget | None = None) -> tuple[NormText, list[Sentence]]:
    """Normalise ``text`` and find numbers and names in each sentence that may hold a claim.
    With a ``budget``, sentences cut for length are noted and the work stops when time is up."""
    gate = _bare_gate(rules if rules is not None else default_rules())
    norm = normalise(text)
    all_numbers = find_numbers(norm.text)
    out: list[Sentence] = []
    if not any(n.role is None for n in all_numbers):
        return norm, out
    k = 0
    cuts: list[int] = []
    spans = sentences(norm.text, cuts=cuts)
    if cuts and budget is not None:
        budget.note("sentence-cut", f"{len(cuts)} cut{'s' if len(cuts) > 1 else ''} in text with no sentence end for "
                    f"{MAX_SENTENCE} characters (first at character {norm.span(cuts[0], cuts[0])[0]})")
    doc = Doc(norm.text)
    defined = defined_metrics.find(norm.text)  # metrics the abstract names with an acronym
    ends = [end for _, end in spans]
    si = 0
    while k < len(all_numbers):
        # The next sentence that holds a number: the first to end after the next number starts
        # (the sentences before it take no number).
        si = bisect_right(ends, all_numbers[k].start, si)
        if si >= len(spans):
            break
        s_start, s_end = spans[si]
        si += 1
        if budget is not None and budget.out_of_time():
            break
        nums: list[Number] = []
        while k < len(all_numbers) and all_numbers[k].start < s_end:
            num = all_numbers[k]
            k += 1
            if num.start >= s_start:
                num.start -= s_start
                num.end = min(num.end, s_end) - s_start
                nums.append(num)
        if not any(n.role is None for n in nums):
            continue
        sent_text = norm.text[s_start:s_end]
        own = defined_metrics.occurrences(sent_text, defined) if defined else []
        if not own and _gated_out(sent_text, nums, gate):
            out.append(Sentence(start=s_start, text=sent_text, numbers=nums, names=[], gated_by=gate))
            continue
        names = list(attribution.find_names(sent_text))
        if own:
            names = _with_defined(names, own)
        _drop_numbers_inside_names(nums, names)
        if not any(n.role is None for n in nums):
            continue
        before = tuple(reversed(spans[max(0, si - 4) : si - 1]))
        sent = Sentence(start=s_start, text=sent_text, numbers=nums, names=names, doc=doc, before=before)
        _build_shadow(sent)
        out.append(sent)
    return norm, out


_APPLICABLE: dict[tuple[int, str, str | None], tuple[tuple[Rule, ...], tuple]] = {}


def _applicable(rules: tuple[Rule, ...], cls: str, sign: str | None, pf: Prefilter | None = None) -> tuple:
    """The rules, in order, whose unit and sign filters let a number of this kind through, each
    as (rule, its prefilter places or None). Keyed by the identity of the rule set (hashing every
    rule on each call would cost more) and whether a prefilter is given."""
    key = (id(rules), cls, sign, pf is not None)
    hit = _APPLICABLE.get(key)
    if hit is None or hit[0] is not rules:
        subset = tuple((r, pf.rule(r) if pf is not None else None) for r in rules if r.admits(cls, sign))
        hit = _APPLICABLE[key] = (rules, subset)
    return hit[1]


_NARROWED: dict[tuple, tuple[tuple, tuple]] = {}


def _narrowed(subset: tuple, left: str, right: str) -> tuple:
    """Of ``subset`` (see :func:`_applicable`, with a prefilter), the rules that can fire between
    these contexts by their edges: a ``before`` match ends with the left context's last visible
    character, an ``after`` match begins with the right context's first (see
    :mod:`extractor.edges`); a rule left out surely does not fire there. Kept per subset and pair
    of characters."""
    lc, rc = edges.last_visible(left, 0, len(left)), edges.first_visible(right)
    key = (id(subset), lc, rc)
    hit = _NARROWED.get(key)
    if hit is None or hit[0] is not subset:
        if len(_NARROWED) >= 50_000:  # bounded: a few thousand pairs occur on real text
            _NARROWED.clear()
        keep = tuple((rule, place) for rule, place in subset if rule.sentence_without is not None or not (
            (lc is not None and place.ends is not None and lc not in place.ends)
            or (rc is not None and place.starts is not None and rc not in place.starts)))
        hit = _NARROWED[key] = (subset, keep)
    return hit[1]


def _sentence_wide(rule: Rule, place: RuleFilter | None, pf: Prefilter | None, shadow: str,
                   sentence_wide: dict) -> bool:
    """Whether a rule that looks at the whole sentence fires there (decided once per sentence)."""
    hit = sentence_wide.get(rule.id)
    if hit is None:
        if any(ch in shadow for ch in prefilter.sure_chars(rule.sentence_without)):
            hit = sentence_wide[rule.id] = False  # the pattern surely occurs: the rule does not fire
            return hit
        if place is not None and place.without >= 0:
            whole = sentence_wide.get(None, False)
            if whole is False:
                whole = sentence_wide[None] = pf.whole.hits(shadow)
            if whole is not None and place.without not in whole:
                hit = sentence_wide[rule.id] = True  # its relaxed pattern is absent, so its own is too
                return hit
        hit = sentence_wide[rule.id] = rule.fires("", "", shadow)
    return hit


_UNSCANNED = object()  # a context not scanned yet


def _first_rule(rules: tuple[Rule, ...], cls: str, sign: str | None, left: str, right: str, shadow: str,
                numbers: list[Number], members: list[int], previous: tuple[Rule, str] | None,
                sentence_wide: dict, pf: Prefilter | None = None) -> tuple[Rule | None, str | None]:
    """The first rule that fires for a group with these contexts, and the conjunct rule through
    which it was taken (None when the rule decided itself). With a prefilter, a rule whose
    relaxed patterns miss a context is passed over without running its own."""
    folded = None
    # Which relaxed patterns match each context (None where the scan cannot tell), scanned when a
    # rule first asks: a group that a rule decides early may never need the other context's scan.
    before = after = _UNSCANNED
    candidates = _applicable(rules, cls, sign, pf)
    if pf is not None:
        candidates = _narrowed(candidates, left, right)
    for rule, place in candidates:
        if rule.sentence_without is not None:
            if not _sentence_wide(rule, place, pf, shadow, sentence_wide):
                continue
        else:
            if place is not None:
                if place.before >= 0:
                    if before is _UNSCANNED:
                        before = pf.before.hits(left)
                    if before is not None and place.before not in before:
                        continue
                if place.after >= 0:
                    if after is _UNSCANNED:
                        after = pf.after.hits(right)
                    if after is not None and place.after not in after:
                        continue
            if rule.needs_words is not None and folded is None:
                folded = fold(left)  # once for the group: the rules' literal needs look it up
            if not rule.fires(left, right, shadow, folded):  # unit and sign already admitted
                continue
        if rule.decimal_only and not rule.shape_ok([numbers[i] for i in members]):
            continue
        if rule.kind == "inherit":
            # "80.3% on X and 61.8% on Y": a conjunct takes the kind of the claim before it.
            if previous is None or (previous[1] != cls and not _unit_dropped(previous, cls, left, right, numbers, members)):
                continue
            return previous[0], rule.id
        if rule.kind == "inherit-next":
            return rule, _PENDING  # decided once the claim after it is (see decide)
        return rule, None
    return None, None


def _unit_dropped(previous: tuple[Rule, str], cls: str, left: str, right: str, numbers: list[Number],
                  members: list[int]) -> bool:
    """"gains of 6.01 percentage points in F1, 8.06 in F2": a decimal in a list of changes in
    percent or points is written without the unit the first one carries. Only a change's list,
    only a decimal naming where it was measured next, and not after a change set in brackets as an
    aside ("87.3 AUC (+7.0 pp) and 75.1 AP" is a score) or inside a bracket of its own; a version
    ("Llama 3.1 8B") names nothing."""
    rule, before = previous
    return (cls == "none" and rule.kind == "delta" and before in ("%", "pts")
            and all(numbers[i].decimal for i in members)
            and _PLACE_NEXT.match(right) is not None and _ASIDE_BEFORE.search(left) is None
            and _OPEN_BRACKET.search(left) is None)


_PLACE_NEXT = regex.compile(r"\s+(?:on|in|for)\s|\s*\((?=\s*[A-Za-z])")
_OPEN_BRACKET = regex.compile(r"\([^()]*$")  # "(ICM-Hard: 0.6774 for A, 0.4991 for B)" lists scores of its own
_ASIDE_BEFORE = regex.compile(r"\([^()]*" + NUM + r"[^()]*\)[^()" + NUM + r"]*$")


_PENDING = "pending"  # the ``via`` of a group that takes the kind of the claim after it


def is_aside(left: str, right: str) -> bool:
    """Whether a group's shadow contexts put it in brackets right after another number, as
    "+3.2%" of "52.44% (+3.2%) on SciERC": an aside on that number, not a claim of its own place."""
    return left.endswith("(") and right.lstrip().startswith(")") and left[:-1].rstrip().endswith(NUM)


def group_contexts(sent: Sentence, members: list[int]) -> tuple[str, str]:
    """What the rules see left and right of a group of numbers: the shadow around it."""
    at, end = sent.shadow_at[members[0]][0], sent.shadow_at[members[-1]][1]
    return sent.shadow[max(0, at - _CONTEXT) : at], sent.shadow[end : end + _CONTEXT]


def candidate_groups(sent: Sentence) -> dict[int, list[int]]:
    """The sentence's candidate numbers (with a place in the shadow), by list group, in order."""
    groups: dict[int, list[int]] = {}
    for i, num in enumerate(sent.numbers):
        if num.role is None and i in sent.shadow_at:
            groups.setdefault(num.group, []).append(i)
    return groups


def decide(sent: Sentence, rules: tuple[Rule, ...] | None = None) -> list[Decision]:
    """Run the rules over every candidate number of a sentence, one list of numbers at a time."""
    rules = rules if rules is not None else default_rules()
    pf = prefilter.for_rules(rules)
    decisions: list[Decision] = []
    if sent.gated_by is not None:
        gate = sent.gated_by
        return [Decision(n, sent, i, gate if n.role is None else None, gate.id if n.role is None else n.role)
                for i, n in enumerate(sent.numbers)]
    groups = candidate_groups(sent)
    for i, num in enumerate(sent.numbers):
        if not (num.role is None and i in sent.shadow_at):
            decisions.append(Decision(num, sent, i, None, num.role or "inside a name"))
    previous: tuple[Rule, str] | None = None  # the last claim's rule and unit class
    sentence_wide: dict[str, bool] = {}  # rules that look at the whole sentence decide once for it
    seen: dict[tuple, tuple[Rule | None, str | None]] = {}  # what the rules made of contexts seen before
    remember = len(groups) > 8  # only a long run of groups repeats itself enough to pay for the memo
    decided: list[tuple[list[int], Rule | None, str | None, str]] = []  # each group's rule, in order
    for members in groups.values():
        first, last = sent.numbers[members[0]], sent.numbers[members[-1]]
        left, right = group_contexts(sent, members)
        cls = unit_class(last.unit)
        # What the rules see of a group is its contexts in the shadow, where numbers are
        # placeholders: in a run of repeated phrasing ("by 1.2% and by 3.4% and ...") most groups
        # look the same, and deciding each once keeps the work linear in the text.
        if not remember:
            chosen, via = _first_rule(rules, cls, first.sign, left, right, sent.shadow, sent.numbers, members, previous,
                                      sentence_wide, pf)
        else:
            # The `bare = "decimal"` filter is the one thing besides the contexts a rule looks at.
            shape = all(sent.numbers[i].unit is not None or sent.numbers[i].decimal for i in members)
            key = (left, right, cls, first.sign, shape, previous[0].id if previous else None, previous[1] if previous else None)
            hit = seen.get(key)
            if hit is None:
                hit = seen[key] = _first_rule(rules, cls, first.sign, left, right, sent.shadow, sent.numbers, members,
                                              previous, sentence_wide, pf)
            chosen, via = hit
        if chosen is not None and chosen.kind not in ("ignore", "inherit-next") and not is_aside(left, right):
            previous = (chosen, cls)  # an aside ("52.4% (+3.2%) on A, 66.5% ...") is no conjunct's claim
        decided.append((members, chosen, via, cls))
    # "26% offline and 33% online performance improvement": a number joined to the claim after it
    # takes that claim's kind (same unit), found from the last group back.
    after: tuple[Rule | None, str] | None = None
    for n in range(len(decided) - 1, -1, -1):
        members, chosen, via, cls = decided[n]
        if via == _PENDING:
            # a bare number is mostly a count or a name's ("CoNLL-2014 10 annotation dataset and 62.42")
            bare = all(sent.numbers[i].unit is None for i in members)
            if not bare and after is not None and after[0] is not None and after[0].kind not in ("ignore", "inherit-next") \
                    and after[1] == cls:
                decided[n] = (members, after[0], chosen.id, cls)
            else:
                decided[n] = (members, None, None, cls)
        after = (decided[n][1], cls)
    for members, chosen, via, _ in decided:
        if via:
            reason = f"{via} (as {chosen.id})"
        else:
            reason = chosen.id if chosen else "no rule matched"
        for i in members:
            decisions.append(Decision(sent.numbers[i], sent, i, chosen, reason, via))
    decisions.sort(key=lambda d: d.number.start)
    return decisions
