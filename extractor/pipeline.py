"""The one-way pipeline: papers in, claims out.

``extract(text)`` is the library's front door; ``extract_paper`` carries paper metadata and
``extract_stream`` streams many papers in input order, optionally over worker processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import regex

from extractor import attribution, bench_choice, conditions, context, metric_choice, pairing, prefilter, subjects
from extractor.budget import PAPER_SECONDS, Budget, PaperTimeout, Watchdog
from extractor.claims import Decision, analyse, decide
from extractor.entities import PaperEntities
from schemas import BadRecord, Claim, ExtractionIssue, Kind, Paper


@dataclass(slots=True)
class PaperExtraction:
    """What extraction made of one paper."""

    paper: Paper
    claims: list[Claim] = field(default_factory=list)
    issues: list[ExtractionIssue] = field(default_factory=list)


def _claims_from(paper_id: str, title: str, text: str, decisions: list[Decision], norm, table: PaperEntities,
                 make: Callable[[dict], Any], budget: Budget) -> list[Any]:
    """Each claim's fields (in :class:`Claim`'s field order), made into a record by ``make``."""
    claims: list[Any] = []
    by_group: dict[tuple[int, int], list[int]] = {}
    group_qualifiers: dict[tuple[int, int], list[str]] = {}
    from_context: dict[tuple, Any] = {}  # (sentence, metric) -> the benchmark its context gives
    starts: dict[tuple[int, int], Any] = {}  # (sentence, number index) -> benchmark of a change's start
    last_bench: tuple = (None, -1, None)  # the claim before: (sentence, number index, benchmark)
    change_from: dict[int, tuple[int, float]] = {}  # sentence -> (number index, value) of a change's start
    last_change: tuple | None = None  # (sentence, end's number index, start value, end value)
    cost_ends: set[tuple[int, int]] = set()  # (sentence, number index) of a cost change's ends
    for d in decisions:
        if d.rule is not None and d.rule.kind != "ignore":
            by_group.setdefault((id(d.sentence), d.number.group), []).append(d.index)
    for d in decisions:
        if d.rule is None or d.rule.kind == "ignore":
            continue
        if len(claims) >= budget.claims:
            budget.note("claims-capped", f"only the first {budget.claims} claims are kept")
            break
        if budget.out_of_time():
            break
        sent = d.sentence
        members = by_group[(id(sent), d.number.group)]
        pos = members.index(d.index)
        tail = sent.text[sent.numbers[members[-1]].end :]
        respectively = "respectively" in tail[:120].lower() or "respectively" in sent.text[: sent.numbers[members[0]].start].lower()[-40:]
        bench = None
        benches = sent.benchmarks_for(table)
        start = pairing.change_start(sent, d, starts) or pairing.aside_head(sent, d, last_bench)
        if start is None and d.via == "conjunct-of-previous" and not respectively:
            start = pairing.conjunct_benchmark(sent, d, benches, last_bench)
        if start is not None:
            # "accuracy on AQuA rises from 53.5% to 63.8%": the end is on the start's benchmark;
            # "Market-1501 by 17% in mAP and 6% in rank-1": a conjunct is on its claim's
            bench = start
        elif len(members) == 1:
            bench = pairing.own_slot(sent, d.index, benches) or (
                pairing.respectively_run(sent, d.index, benches) if respectively else None)
        if bench is None and len(members) > 1 and not respectively:
            bench = pairing.unnamed_list(sent, members, pos, benches, table)
        if bench is None:
            bench = bench_choice.pick_benchmark(sent, members, pos, respectively, table)
        if bench is None and respectively and len(members) > 1:
            bench = pairing.earlier_results(sent, members, pos, benches, table)
        metric = metric_choice.pick_metric(sent, members, pos, respectively, d.rule.kind == "efficiency")
        if bench is None and not pairing.opens_with_own_place(sent):
            bench = context.listed_before(sent, members, pos, table)
            if bench is None:
                # What a sentence's context gives depends on the sentence and the metric's name alone,
                # and the numbers of a sentence ask again and again.
                at = (id(sent), None if metric is None else (metric.start, metric.end, metric.surface, metric.kind))
                if at not in from_context:
                    from_context[at] = context.context_benchmark(sent, metric, table)
                bench = from_context[at]
        if d.rule.id in pairing.CHANGE_STARTS:
            starts[(id(sent), d.index)] = bench
            change_from[id(sent)] = (d.index, d.number.value)
        elif d.rule.id in pairing.CHANGE_ENDS and id(sent) in change_from and change_from[id(sent)][0] < d.index:
            last_change = (id(sent), d.index, change_from[id(sent)][1], d.number.value)
        kind = d.rule.kind
        if kind == "delta" and pairing.relative_by_arithmetic(sent, d, last_change):
            kind = "relative"  # "from 0.114 to 0.328 (+187%)": the change over the start
        elif kind == "efficiency" and (ends := pairing.change_in_bracket(sent, d.index, pairing.COST_BRACKET_OPEN)) is not None:
            cost_ends.update((id(sent), i) for i in ends)
        elif kind == "score" and (id(sent), d.index) in cost_ends:
            kind = "efficiency"  # "cuts model calls by 69% (from 16.0 to 4.9)": the cost's own values
        last_bench = (id(sent), d.index, bench)
        num = d.number
        split = conditions.pick_split(sent, bench if bench and bench.start >= 0 else None, num)
        key = (id(sent), num.group)
        if key not in group_qualifiers:  # a list of numbers shares its clause and its qualifiers
            group_qualifiers[key] = conditions.qualifiers(sent, d, members)
        qualifiers = list(group_qualifiers[key])
        if split and split not in qualifiers:
            qualifiers.append(split)  # a split is also a condition to compare by
        start, end = norm.span(sent.start + num.start, sent.start + num.end)
        s_start, s_end = norm.span(sent.start, sent.start + len(sent.text))
        claims.append(make({
            "paper_id": paper_id,
            "paper_title": title or None,
            "value": num.value,
            "value_text": text[start:end],
            "value_high": num.value_high,
            "unit": num.unit,
            "kind": Kind(kind),
            "benchmark": bench.surface if bench else None,
            "benchmark_id": bench.id if bench else None,
            "split": split,
            "metric": metric.surface if metric else None,
            "metric_id": metric.id if metric else None,
            "higher_is_better": metric.higher_is_better if metric else None,
            "model": subjects.model_for(sent, d, members, table, pos, respectively),
            "qualifiers": qualifiers,
            "sentence": text[s_start:s_end],
            "start": start,
            "end": end,
            "rule": d.rule.id,
        }))
    return claims


def _paper_claims(paper_id: str, title: str, abstract: str, make: Callable[[dict], Any], budget: Budget) -> list[Any]:
    norm, sents = analyse(abstract, budget=budget)
    if not sents:
        return []
    decisions: list[Decision] = []
    for sent in sents:
        if budget.out_of_time():
            break
        decisions.extend(decide(sent))
    if not any(d.rule is not None and d.rule.kind != "ignore" for d in decisions):
        return []
    # The paper's entity table (method, benchmarks, names that are not benchmarks) fills
    # itself in only as far as the claims ask.
    doc = next((s.doc for s in sents if s.doc is not None), None)
    known = (lambda: doc.benchmarks_in(0, len(norm.text))) if doc is not None else None
    table = PaperEntities(title, norm.text, known)
    return _claims_from(paper_id, title, abstract, decisions, norm, table, make, budget)


def _issue(paper_id: str, exc: Exception) -> ExtractionIssue:
    return ExtractionIssue(paper_id=paper_id, code="extraction-error", message=f"{type(exc).__name__}: {exc}")


def paper_location(source: str | None, line: int | None) -> str | None:
    """Where a paper was read from, as issues name it: "file:line", the file alone, or None."""
    if source is None:
        return None
    return f"{source}:{line}" if line is not None else source


def _note_issues(paper_id: str, where: str | None, notes: list) -> list[ExtractionIssue]:
    """The budget's notes as issues; the message says where the paper was read from."""
    at = f" ({where})" if where else ""
    return [ExtractionIssue(paper_id=paper_id, code=n.code, message=f"paper {paper_id}{at}: {n.message}") for n in notes]


def extract_paper(paper: Paper, seconds: float | None = PAPER_SECONDS) -> PaperExtraction:
    """Extract every claim of one paper. Never raises on content; problems become issues.
    ``seconds`` bounds the work (None: no time bound; see :mod:`extractor.budget`)."""
    result = PaperExtraction(paper=paper)
    warm_up()
    budget = Budget(seconds).start()
    try:
        result.claims = _paper_claims(paper.paper_id, paper.title, paper.abstract, lambda fields: Claim(**fields), budget)
    except Exception as exc:  # a bug must cost one paper's claims, never the run
        result.issues.append(_issue(paper.paper_id, exc))
    result.issues.extend(_note_issues(paper.paper_id, paper_location(paper.source, paper.line), budget.notes))
    return result


# -- records without the model where a cheap check proves the model would accept them ------------
_DIGIT = regex.compile(r"\d")  # the engine the number finder uses, so "a digit" means the same


def _has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit as ``_DIGIT`` reads one; on ASCII text (where that is 0-9)
    ten substring tests cost a tenth of the search."""
    if text.isascii():
        return ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text
                or "6" in text or "7" in text or "8" in text or "9" in text)
    return _DIGIT.search(text) is not None


_OPTIONAL_TEXT = ("paper_title", "unit", "benchmark", "benchmark_id", "split", "metric", "metric_id", "model")


def _claim_record(f: dict) -> dict:
    """``Claim(**f).model_dump(mode="json")``, without the model when every field already has the
    exact type and bounds the model checks (then the model would return the same values); anything
    else goes through the model, so a wrong value fails with the model's own error."""
    value, high, start, end, kind = f["value"], f["value_high"], f["start"], f["end"], f["kind"]
    if (
        type(value) is float and value - value == 0.0  # finite: inf - inf and nan - nan are nan
        and (high is None or (type(high) is float and high - high == 0.0))
        and type(start) is int and type(end) is int and 0 <= start < end
        and type(kind) is Kind
        and type(f["paper_id"]) is str and type(f["sentence"]) is str
        and type(f["value_text"]) is str and f["value_text"] != ""
        and type(f["rule"]) is str and f["rule"] != ""
        and (f["higher_is_better"] is None or type(f["higher_is_better"]) is bool)
        and type(f["qualifiers"]) is list and all(type(q) is str for q in f["qualifiers"])
        and all(f[name] is None or type(f[name]) is str for name in _OPTIONAL_TEXT)
    ):
        f["kind"] = kind.value
        return f
    return Claim(**f).model_dump(mode="json")


def paper_records(paper_id: str, title: str, abstract: str, where: str | None = None,
                  seconds: float | None = PAPER_SECONDS) -> tuple[list[dict], list[dict]]:
    """The claims and issues of one paper as JSON-ready dicts, exactly as ``extract_paper`` and
    ``model_dump(mode="json")`` give them, for less CPU: an abstract without a digit holds no
    number and so no claim, and records skip the model when a cheap check says it would agree.
    ``where`` (file:line) goes into the message of an issue."""
    if not _has_digit(abstract):
        return [], []
    warm_up()
    budget = Budget(seconds).start()
    try:
        try:
            Watchdog.arm()
            claims, issues = _paper_claims(paper_id, title, abstract, _claim_record, budget), []
        finally:
            Watchdog.disarm()  # the timer fires once at most: past this line nothing interrupts
    except PaperTimeout as exc:  # a worker's watchdog: nothing of the paper is kept
        claims, issues = [], []
        budget.note("time-budget", f"extraction {exc}; no claims kept")
    except Exception as exc:  # as in extract_paper
        claims, issues = [], [_issue(paper_id, exc).model_dump(mode="json")]
    if budget.notes:
        issues += [i.model_dump(mode="json") for i in _note_issues(paper_id, where, budget.notes)]
    return claims, issues


def extract(text: str, *, paper_id: str | None = None, title: str | None = None,
            seconds: float | None = PAPER_SECONDS) -> list[Claim]:
    """Extract claims from one abstract's text. Never raises on any string. ``seconds`` bounds
    the work on one text (None: no bound); past it, the claims found until then are returned."""
    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, got {type(text).__name__}")
    from extractor.readers import derive_paper_id

    pid = paper_id or derive_paper_id(title or "", text)
    return extract_paper(Paper(paper_id=pid, title=title or "", abstract=text), seconds).claims


Texts = tuple[str, str, str]  # what a worker needs of a paper: id, title, abstract


def _extract_texts(chunk: list[Texts | None]) -> list[tuple[list[dict], list[dict]] | None]:
    """Worker side: records as JSON-ready dicts (cheap to send back and to write)."""
    out: list[tuple[list[dict], list[dict]] | None] = []
    for texts in chunk:
        if texts is None:
            out.append(None)
            continue
        pid, title, abstract = texts
        res = extract_paper(Paper(paper_id=pid, title=title, abstract=abstract))
        out.append(([c.model_dump(mode="json") for c in res.claims],
                    [i.model_dump(mode="json") for i in res.issues]))
    return out


_warm = False


def warm_up() -> None:
    """Load and compile the rules, lexicons and registries now rather than on first use (and so
    never inside the first paper's time budget)."""
    global _warm
    if _warm:
        return
    from extractor import entities, registry
    from extractor.rules import default_rules

    prefilter.for_rules(default_rules())
    attribution.lexicon()
    entities.lexicon()
    registry.benchmarks()
    registry.metrics()
    _warm = True


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def extract_records(
    items: Iterable[Paper | BadRecord], workers: int = 1, chunk_size: int = 256
) -> Iterator[tuple[Paper | BadRecord, list[dict], list[dict]]]:
    """Extract from a stream of papers in input order, as (paper, record dicts, issue dicts);
    a bad record passes through with empty lists.

    With ``workers > 1`` chunks of papers go to worker processes as plain texts and come back
    as JSON-ready dicts; at most a few chunks per worker are in flight, so memory stays flat
    however long the stream.
    """
    if workers <= 1:
        for item in items:
            if isinstance(item, BadRecord):
                yield item, [], []
                continue
            res = extract_paper(item)
            yield item, [c.model_dump(mode="json") for c in res.claims], [i.model_dump(mode="json") for i in res.issues]
        return
    import multiprocessing as mp
    from collections import deque

    it = iter(items)
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    warm_up()  # forked workers inherit the loaded rules and registries
    with ctx.Pool(workers) as pool:
        # Pool.imap would read the whole input ahead; a bounded queue of chunks keeps memory flat.
        pending: deque = deque()
        while True:
            while len(pending) < 2 * workers:
                chunk = list(islice(it, chunk_size))
                if not chunk:
                    break
                texts = [None if isinstance(p, BadRecord) else (p.paper_id, p.title, p.abstract) for p in chunk]
                pending.append((chunk, pool.apply_async(_extract_texts, (texts,))))
            if not pending:
                return
            chunk, result = pending.popleft()
            for item, done in zip(chunk, result.get()):
                yield (item, [], []) if done is None else (item, *done)


def extract_stream(
    items: Iterable[Paper | BadRecord], workers: int = 1, chunk_size: int = 256
) -> Iterator[PaperExtraction | BadRecord]:
    """Extract from a stream of papers in input order; bad records pass through untouched."""
    if workers <= 1:
        for item in items:
            yield item if isinstance(item, BadRecord) else extract_paper(item)
        return
    for item, claims, issues in extract_records(items, workers, chunk_size):
        if isinstance(item, BadRecord):
            yield item
        else:
            yield PaperExtraction(paper=item, claims=[Claim.model_validate(c) for c in claims],
                                  issues=[ExtractionIssue.model_validate(i) for i in issues])
