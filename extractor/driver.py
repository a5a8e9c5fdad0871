"""Extraction of many papers over worker processes, in batches, for ``lbx extract`` and ``lbx ingest``.

The main process only reads and writes bytes: a JSON Lines input reaches the workers as raw line
batches that carry their first line number (so every file:line stays exact), and each batch comes
back as JSON Lines of its records plus the counts for the summary. Other formats are read into
papers in the main process and only their id, title and abstract travel. Output is byte for byte
what ``extract_paper`` and ``model_dump(mode="json")`` give, in input order; at most a few batches
per worker are in flight, so memory stays flat however long the input.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from extractor.budget import Watchdog
from extractor.pipeline import paper_location, paper_records, warm_up
from extractor.readers.jsonl import LineBatch, decode_batch
from schemas import BadRecord, Paper

PAPERS_PER_BATCH = 256  # papers read in the main process (formats other than JSON Lines) per batch
Fields = dict[str, Any]  # a paper read in the main process, as its fields (cheaper to send than the model)


@dataclass(slots=True)
class BatchResult:
    """What one batch of input gave, in input order."""

    records: bytes = b""  # every claim record as one JSON line (when extracting to a file)
    tables: Any = None  # papers and claims as the ``tables`` builder made them (the store's staged form, say)
    papers: int = 0
    with_claims: int = 0
    n_records: int = 0
    bad: list[BadRecord] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)  # {"type": "bad-record" | "issue", ...} in input order
    n_issues: int = 0  # extraction issues (bad records not included)


PaperRows = tuple[Fields, list[dict]]  # a paper's fields and its records (``model_dump(mode="json")`` dicts)


def extract_batch(work: LineBatch | list[Fields | BadRecord], for_store: bool = False,
                  tables: Callable[[list[PaperRows]], Any] | None = None, number: int = 0) -> BatchResult:
    """Worker side: decode a line batch (or take the papers given) and extract every paper; the
    records come as JSON Lines, or as ``tables(papers and their records, in order)`` gives them
    (``for_store``: the store's staged form, :class:`extractor.staging.Encoded`, numbered as batch
    ``number`` of the input)."""
    if for_store:
        from extractor.staging import SEQ_STRIDE, batch_tables, encode

        def tables(rows: list[PaperRows]) -> Any:
            return encode(*batch_tables(rows, number * SEQ_STRIDE))
    items = decode_batch(work, fields=True) if isinstance(work, LineBatch) else work
    out = BatchResult()
    lines: list[bytes] = []
    rows: list[PaperRows] = []
    for_tables = tables is not None
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    for item in items:
        if isinstance(item, BadRecord):
            out.bad.append(item)
            out.issues.append({"type": "bad-record", **item.model_dump(mode="json")})
            continue
        paper = item.__dict__ if isinstance(item, Paper) else item  # a model's field values live there
        where = paper_location(paper.get("source"), paper.get("line"))
        claims, issues = paper_records(paper["paper_id"], paper["title"], paper["abstract"], where)
        out.papers += 1
        if for_tables:
            rows.append((paper, claims))
        if claims:
            out.with_claims += 1
            out.n_records += len(claims)
            if not for_tables:
                lines.extend(dumps(c, option=newline) for c in claims)
        if issues:
            out.n_issues += len(issues)
            out.issues.extend({"type": "issue", **i} for i in issues)
    if for_tables:
        out.tables = tables(rows)
    else:
        out.records = b"".join(lines)
    return out


def batches(items: Iterable[Paper | BadRecord | LineBatch], size: int = PAPERS_PER_BATCH) -> Iterator[LineBatch | list[Fields | BadRecord]]:
    """Units of work in input order: a line batch as it is, consecutive papers ``size`` at a time."""
    group: list[Fields | BadRecord] = []
    for item in items:
        if isinstance(item, LineBatch):
            if group:
                yield group
                group = []
            yield item
        else:
            group.append(item if isinstance(item, BadRecord) else item.__dict__)
            if len(group) >= size:
                yield group
                group = []
    if group:
        yield group


def extract_batches(items: Iterable[Paper | BadRecord | LineBatch], workers: int = 1, for_store: bool = False,
                    first_batch: int = 0) -> Iterator[BatchResult]:
    """One result per unit of work, in input order; ``items`` as ``readers.read_batches`` gives them.
    ``for_store``: the units are numbered from ``first_batch`` (see :func:`extract_batch`)."""
    work = enumerate(batches(items), first_batch)
    if workers <= 1:
        if for_store:
            from extractor.staging import warm_up as tables_warm_up

            tables_warm_up()
        for number, unit in work:
            yield extract_batch(unit, for_store, number=number)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    if not for_store:
        warm_up()  # forked workers inherit the loaded rules and registries (an ingest's: _load_for_store)
    from extractor.workers import Workers

    pool = Workers(ctx, workers, extract_batch, initializer=Watchdog.install, shared=_load_for_store if for_store else None)
    done = False
    try:
        # At most two units per worker are in flight, so memory stays flat; each worker's results
        # come back in the order it was given its units, and a worker gets its next unit when its
        # oldest result is collected, so the results come back in input order.
        pending: deque[int] = deque()  # the worker of each unit in flight, oldest first
        for number, unit in work:
            result = None
            if len(pending) < 2 * workers:
                worker = len(pending) % workers
            else:
                worker = pending.popleft()
                result = pool.result(worker)
            pool.submit(worker, (unit, for_store, None, number))
            pending.append(worker)
            if result is not None:
                yield result
        while pending:
            yield pool.result(pending.popleft())
        done = True
    finally:
        pool.close(wait=done)


def _load_for_store() -> None:
    """What an ingest's workers share, loaded by the first of them before it forks the others: pyarrow
    and the rules. The main process goes on to write the store: rules it loaded for its workers
    stayed in it all through that write (~20 MB of its peak), and so did pyarrow, which it needs
    only for that write (~40 MB while the workers extract). The workers import as little of pyarrow
    as their batches need (staging.arrow_for_workers)."""
    from extractor.staging import arrow_for_workers
    from extractor.staging import warm_up as tables_warm_up

    arrow_for_workers()
    warm_up()
    tables_warm_up()
