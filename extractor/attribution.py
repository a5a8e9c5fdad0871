"""Attribution: which benchmark, metric, model and qualifiers a claimed number belongs to.

Benchmark and metric names come from the registries (canonical names, aliases, direction) and,
for benchmarks the registry does not know, from patterns in ``data/attribution.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

import regex

from extractor import registry

if TYPE_CHECKING:
    from extractor.claims import Decision, Sentence, Span

LEXICON_PATH = Path(__file__).parent / "data" / "attribution.toml"
_CLAUSE_BREAK = regex.compile(r"[;:]|,\s+(?:and|while|whereas|but)\b|\bwhile\b|\bwhereas\b|\bbut\b")


class LexiconError(ValueError):
    """The attribution lexicon cannot be used; the message names the file and entry."""


@dataclass(frozen=True)
class Lexicon:
    qualifiers: tuple[tuple[str, regex.Pattern, tuple[str, ...]], ...]
    approximators: tuple[tuple[str, regex.Pattern], ...]
    backbone: regex.Pattern
    splits: regex.Pattern
    bench_name: regex.Pattern
    bench_after_prep: regex.Pattern
    bench_before_noun: regex.Pattern
    bench_after_noun: regex.Pattern
    bench_task_bracket: regex.Pattern
    stopwords: frozenset[str]
    anchor_nouns: tuple[str, ...]
    model_size: regex.Pattern
    comparison_before: regex.Pattern
    not_benchmark_after: regex.Pattern
    cost_metrics: frozenset[str]
    title_head: regex.Pattern
    named: regex.Pattern
    proposed: regex.Pattern
    subject: regex.Pattern
    recurring: regex.Pattern
    baseline_paren: regex.Pattern


def _compile(path: Path, where: str, src: object, flags: int = regex.I, engine=regex) -> regex.Pattern:
    # Patterns scanned over every sentence use the standard library's faster engine.
    if not isinstance(src, str):
        raise LexiconError(f"{path}: {where}: must be a pattern string")
    try:
        return engine.compile(src, flags)
    except (regex.error, re.error) as exc:
        raise LexiconError(f"{path}: {where}: bad pattern: {exc}") from exc


def load_lexicon(path: Path | str = LEXICON_PATH) -> Lexicon:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise LexiconError(f"{path}: cannot load: {exc}") from exc
    expected = {"qualifiers", "qualifier_hints", "approximators", "backbone", "splits", "generic_benchmark", "method",
                "cost_metrics"}
    if set(data) != expected:
        raise LexiconError(f"{path}: sections must be {sorted(expected)}, got {sorted(data)}")
    gb, method = data["generic_benchmark"], data["method"]
    hints = data["qualifier_hints"]
    if set(hints) != set(data["qualifiers"]):
        raise LexiconError(f"{path}: qualifier_hints must name exactly the qualifiers; differing: "
                           f"{sorted(set(hints) ^ set(data['qualifiers']))}")
    quals = tuple((k, _compile(path, f"qualifiers.{k}", v), tuple(hints[k])) for k, v in data["qualifiers"].items())
    return Lexicon(
        qualifiers=quals,

        approximators=tuple((k, _compile(path, f"approximators.{k}", v)) for k, v in data["approximators"].items()),
        backbone=_compile(path, "backbone.pattern", data["backbone"]["pattern"], 0),
        splits=_compile(path, "splits.pattern", data["splits"]["pattern"], 0),
        bench_name=_compile(path, "generic_benchmark.name", gb["name"], 0, re),
        bench_after_prep=_compile(path, "generic_benchmark.after_preposition", gb["after_preposition"], 0, re),
        bench_before_noun=_compile(path, "generic_benchmark.before_noun", gb["before_noun"], 0, re),
        bench_after_noun=_compile(path, "generic_benchmark.after_noun", gb["after_noun"], 0, re),
        bench_task_bracket=_compile(path, "generic_benchmark.task_bracket", gb["task_bracket"], 0, re),
        stopwords=frozenset(gb["stopwords"]),
        anchor_nouns=tuple(gb["anchor_nouns"]),
        model_size=_compile(path, "generic_benchmark.model_size", gb["model_size"], 0, re),
        comparison_before=_compile(path, "generic_benchmark.comparison_before", gb["comparison_before"], re.I, re),
        not_benchmark_after=_compile(path, "generic_benchmark.not_benchmark_after", gb["not_benchmark_after"], re.I, re),
        cost_metrics=frozenset(data["cost_metrics"]["ids"]),
        title_head=_compile(path, "method.title_head", method["title_head"], 0),
        named=_compile(path, "method.named", method["named"], 0),
        proposed=_compile(path, "method.proposed", method["proposed"], 0),
        subject=_compile(path, "method.subject", method["subject"], 0),
        recurring=_compile(path, "method.recurring", method["recurring"], 0, re),
        baseline_paren=_compile(path, "method.baseline_paren", method["baseline_paren"], 0),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon(LEXICON_PATH)


@lru_cache(maxsize=512)
def find_metric_names(text: str) -> tuple["Span", ...]:
    """Metric names in a sentence ("cost" for metrics of cost or speed), left to right."""
    from extractor.claims import Span

    lex = lexicon()
    out = []
    for m in registry.metrics().find(text):
        kind = "cost" if m.entry.id in lex.cost_metrics else "metric"
        out.append(Span(m.start, m.end, m.surface, kind, m.entry.id, m.entry.higher_is_better))
    return tuple(out)


@lru_cache(maxsize=512)
def find_names(text: str) -> tuple["Span", ...]:
    """Benchmark and metric names in a sentence, non-overlapping, left to right (cached: a
    sentence is looked at again when a later claim falls back on it)."""
    from extractor.claims import Span

    lex = lexicon()
    spans = list(find_metric_names(text))
    for m in registry.benchmarks().find(text):
        spans.append(Span(m.start, m.end, m.surface, "bench", m.entry.id))
    taken = [(s.start, s.end) for s in spans]
    low = text.lower()
    # The noun-anchored patterns only run where their nouns occur: most sentences have none.
    has_noun = any(k in low for k in lex.anchor_nouns)
    found = [(m.start(), m.group()) for m in lex.bench_name.finditer(text)
             if lex.bench_after_prep.search(text, max(0, m.start() - 45), m.start())]
    if has_noun:
        for pat in (lex.bench_before_noun, lex.bench_after_noun):
            found += [(m.start(1), m.group(1)) for m in pat.finditer(text)]
    if "(" in text:
        found += [(m.start(1), m.group(1)) for m in lex.bench_task_bracket.finditer(text)]
    for s, surface in found:
        surface = surface.rstrip(".-'")
        e = s + len(surface)
        if surface in lex.stopwords or surface.split("-")[0] in lex.stopwords or len(surface) < 2:
            continue
        if not _could_be_benchmark(text, s, e, surface, lex):
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        spans.append(Span(s, e, surface, "bench", None))
        taken.append((s, e))
    _extend_lists(text, spans, lex)
    # Longest first wins where a metric and a benchmark overlap.
    spans.sort(key=lambda sp: (sp.start, -(sp.end - sp.start)))
    out: list[Span] = []
    for sp in spans:
        if out and sp.start < out[-1].end:
            continue
        out.append(sp)
    return tuple(out)


def _could_be_benchmark(text: str, start: int, end: int, surface: str, lex: Lexicon) -> bool:
    """A name found by pattern is not a benchmark when it is a baseline ('over SFT', 'than X'),
    a sized model ('Qwen3-VL-8B'), a metric ('RRA@5') or a backbone."""
    if lex.model_size.search(surface) or lex.comparison_before.search(text, max(0, start - 40), start):
        return False
    return lex.not_benchmark_after.match(text, end) is None


_LIST_NEXT = regex.compile(
    r"(?:\s*\([^()]{0,30}\))?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?"
    r"((?:[A-Z][\w'^+.-]*[A-Z0-9][\w'^+-]*|[A-Z]{2,}[\w'^+-]*)(?:[\s-](?:[A-Z][\w'^+-]*|v?\d[\w.]*))?)"
)


def _extend_lists(text: str, spans: list["Span"], lex: Lexicon) -> None:
    """A benchmark followed by ", B, and C" names B and C too, known to the registry or not."""
    from extractor.claims import Span

    taken = [(s.start, s.end) for s in spans]
    queue = [s for s in spans if s.kind == "bench"]
    while queue:
        cur = queue.pop()
        m = _LIST_NEXT.match(text, cur.end)
        if not m:
            continue
        s, e = m.span(1)
        surface = m.group(1).rstrip(".-'")
        e = s + len(surface)
        if surface in lex.stopwords or any(a < e and s < b for a, b in taken):
            continue
        span = Span(s, e, surface, "bench", None)
        spans.append(span)
        taken.append((s, e))
        queue.append(span)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, start):
        lo = m.end()
    m = _CLAUSE_BREAK.search(text, end)
    hi = m.start() if m else len(text)
    return lo, hi


_NEXT_ITEM = regex.compile(r",|;|\band\b|\bwhile\b|\bwhereas\b")
_LIST_GLUE = regex.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?")
_PREP = regex.compile(r"\b(?:on|in|for|at|over|across|of)\b")
_PAREN_OPEN = regex.compile(r"^\s*\((?:[^()\ue002]{0,25}?(?:of|=|:)?\s*)?$")


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
    cost = float(first.start - b.end) + 20
    if "(" in gap and ")" not in gap:
        cost -= 40  # the number is in a parenthesis opened after the name: it elaborates on it
    if "\ue002" in gap:
        cost += 120
    if b.end < lo:
        cost += 60
    if _owned_by_earlier_number(sent, b):
        cost += 100
    return cost


_LEADS_TO_NUMBER = regex.compile(r"^[^,;()\ue002]{0,40}?\b(?:by|of|with|at|to|reaching|achieving|scores?)\b[^,;()]{0,15}$|^\s*\($")


def _owned_by_later_number(sent: "Sentence", b: "Span") -> bool:
    """'... on A by 20.9% and on B by 40.8%': B leads to the number after it, not the one before."""
    later = [n for n in sent.numbers if n.role is None and n.start >= b.end]
    if not later:
        return False
    return _LEADS_TO_NUMBER.search(sent.text[b.end : later[0].start]) is not None


def _owned_by_earlier_number(sent: "Sentence", b: "Span") -> bool:
    """'... +1.1% gain on GLUE and +1.75% on CoNLL': GLUE already belongs to the number before it."""
    prior = [n for n in sent.numbers if n.role is None and n.end <= b.start]
    if not prior:
        return False
    gap = sent.text[prior[-1].end : b.start]
    return len(gap) <= 80 and _PREP.search(gap) is not None


def pick_benchmark(
    sent: "Sentence", members: list[int], pos: int, respectively: bool, method: Callable[[], str | None] = lambda: None
) -> "Span | None":
    """The benchmark a number is measured on: paired in order for 'respectively', else the nearest.
    A name found only by pattern that is the paper's own method (``method()``) is not a benchmark."""
    benches = [s for s in sent.names if s.kind == "bench" and not (s.id is None and s.surface == method())]
    if not benches:
        return None
    if respectively and len(members) > 1:
        distinct: list[Span] = []
        for b in benches:
            if not distinct or distinct[-1].surface != b.surface:
                distinct.append(b)
        if len(distinct) == len(members):
            return distinct[pos]
    first, last = sent.numbers[members[0]], sent.numbers[members[-1]]
    if len(members) > 1:
        # "16.2% and 25.6% on CIFAR-100 and ImageNet": a list of numbers before an equally long
        # list of benchmarks pairs in order, "respectively" or not.
        after = [b for b in benches if b.start >= last.end]
        if len(after) == len(members) and all(
            _LIST_GLUE.fullmatch(sent.text, a.end, b.start) for a, b in zip(after, after[1:])
        ):
            return after[pos]
    lo, hi = _clause_bounds(sent.text, first.start, last.end)
    return min(benches, key=lambda b: _bench_cost(sent, b, first, last, lo, hi))


def context_benchmark(sent: "Sentence", metric: "Span | None") -> "Span | None":
    """No benchmark in the sentence: one named inside a metric ('GLUE score'), else the last
    registry benchmark named in the nearest of the three sentences before."""
    from extractor.claims import Span

    metrics = [metric] if metric is not None else []
    metrics += [s for s in sent.names if s.kind == "metric" and s is not metric]
    for met in metrics:
        inner = _benchmarks_inside(met.surface)
        if inner:
            m = inner[0]
            return Span(met.start + m.start, met.start + m.end, m.surface, "bench", m.entry.id)
    for start, end in sent.before if sent.doc is not None else ():
        # Only names the registry knows: a pattern-found name two sentences back is too weak a cue.
        benches = sent.doc.benchmarks_in(start, end)
        if benches:
            b = benches[-1]
            return Span(-1, -1, b.surface, "bench", b.entry.id)
    return None


@lru_cache(maxsize=256)
def _benchmarks_inside(metric_surface: str) -> tuple:
    """Benchmarks named inside a metric's name ("GLUE score"); asked again for every claim."""
    return tuple(registry.benchmarks().find(metric_surface))


def pick_metric(
    sent: "Sentence", members: list[int], pos: int, respectively: bool, efficiency: bool = False
) -> "Span | None":
    """The metric a number is given in: the nearest one in its clause, paired in order for
    'respectively'. An efficiency claim takes only a metric of cost or speed (FLOPs, latency)."""
    wanted = "cost" if efficiency else "metric"
    metrics = [s for s in sent.names if s.kind == wanted]
    if not metrics:
        return None
    num = sent.numbers[members[pos]]
    last = sent.numbers[members[-1]]
    if respectively and len(members) > 1 and len(metrics) == len(members):
        return metrics[pos]
    lo, hi = _clause_bounds(sent.text, num.start, last.end)
    best, best_d = None, 10**9
    for m in metrics:
        if m.start >= last.end:
            between = sent.text[last.end : m.start]
            d = m.start - last.end
            if "\ue002" in between or any(ch.isdigit() for ch in between):
                d += 60
            if _NEXT_ITEM.search(between):
                d += 40  # "accuracy of 94.1% and Jaccard of 85.3%": the metric after "and" is the next one's
        elif m.end <= num.start:
            d = num.start - m.end + 5
            if m.end < lo:
                d += 80
        else:
            continue
        if d < best_d:
            best, best_d = m, d
    return best if best_d <= 120 else None


def pick_split(sent: "Sentence", bench: "Span | None", num: "Number") -> str | None:  # noqa: F821
    """The split written nearest the number, within reach of it or of its benchmark name:
    "2.1% on test-clean and 4.3% on test-other" gives each number its own."""
    lex = lexicon()
    lo = min(bench.start, num.start) if bench else num.start
    hi = max(bench.end, num.end) if bench else num.end
    best, best_d = None, None
    for m in lex.splits.finditer(sent.text, max(0, lo - 30), min(len(sent.text), hi + 40)):
        d = m.start() - num.end if m.start() >= num.end else (num.start - m.end()) + 10
        if best_d is None or d < best_d:
            best, best_d = m, d
    if best is None:
        return None
    return (best.group(1) or best.group(2)).lower().replace(" ", "-")


def qualifiers(sent: "Sentence", decision: "Decision", members: list[int]) -> list[str]:
    """Condition words that matter to compare the number: written just before it ("up to"),
    anywhere in its clause ("zero-shot", "average"), a backbone, and the rule's own."""
    lex = lexicon()
    first, last = sent.numbers[members[0]], sent.numbers[members[-1]]
    lo, hi = _clause_bounds(sent.text, first.start, last.end)
    before = sent.text[max(0, first.start - 25) : first.start]
    found = [name for name, pat in lex.approximators if pat.search(before)]
    low = sent.text[lo:hi].lower()
    found += [name for name, pat, hints in lex.qualifiers
              if name not in found and any(h in low for h in hints) and pat.search(sent.text, lo, hi)]
    bb = lex.backbone.search(sent.text, lo, hi)
    if bb:
        found.append(f"with {bb.group(1)}")
    if decision.rule is not None:
        found += [q for q in decision.rule.qualifiers if q not in found]
    return found


def method_name(title: str, abstract: str) -> str | None:
    """The paper's own method name: the title's 'Name:' head, a name the abstract gives it, or
    the name-like word the abstract repeats most (not a benchmark, metric or common acronym)."""
    lex = lexicon()
    m = lex.title_head.match(title or "")
    if m and len(m.group(1).split()) <= 3:
        return m.group(1).strip()
    for pat in (lex.named, lex.proposed):
        m = pat.search(abstract or "")
        if m and m.group(1) not in lex.stopwords:
            return m.group(1).strip().rstrip(".,")
    counts: dict[str, int] = {}
    for w in lex.recurring.findall(f"{title} {abstract}"):
        if w in lex.stopwords:
            continue
        counts[w] = counts.get(w, 0) + 1
    datasets = _used_as_dataset(f"{title} {abstract}")
    best = [w for w, n in counts.items() if n >= 2 and w not in datasets
            and registry.benchmarks().lookup(w) is None and registry.metrics().lookup(w) is None]
    if best:
        return max(best, key=lambda w: counts[w])  # dicts keep first-seen order, so ties go to the first
    return None


_AFTER_PREP = re.compile(r"\b(?:on|in|over)\s+(?:the\s+)?([\w+-]+)")


def _used_as_dataset(text: str) -> set[str]:
    """Words written right after 'on', 'in' or 'over': a dataset's place, not a method's."""
    return set(_AFTER_PREP.findall(text))


def model_for(
    sent: "Sentence", decision: "Decision", members: list[int], method: Callable[[], str | None]
) -> str | None:
    """A baseline's name for a baseline's number; else the sentence's subject; else the paper's
    method (``method()``, worked out only when needed)."""
    lex = lexicon()
    first = sent.numbers[members[0]]
    m = lex.baseline_paren.search(sent.text, max(0, first.start - 60), first.start)
    if m:
        return m.group(1)
    if decision.rule is not None and decision.rule.id == "score-from-to":
        return "baseline"
    if sent.subjects is None:
        # Every subject of the sentence, found once: (end, name), in order.
        taken = {sp.surface for sp in sent.names}
        sent.subjects = [(m.end(1), m.group(1)) for m in lex.subject.finditer(sent.text)
                         if m.group(1).lower().startswith("our ") or (m.group(1) not in lex.stopwords
                                                                      and m.group(1) not in taken)]
    for end, name in sent.subjects:
        if end > first.start:
            break
        return name[4:] if name.lower().startswith("our ") else name
    return method()
