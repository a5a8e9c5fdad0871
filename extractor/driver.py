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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import orjson

from extractor.pipeline import paper_records, warm_up
from extractor.readers.jsonl import LineBatch, decode_batch
from schemas import BadRecord, Paper

PAPERS_PER_BATCH = 256  # papers read in the main process (formats other than JSON Lines) per batch
Texts = tuple[str, str, str]  # what a worker needs of a paper: id, title, abstract


@dataclass(slots=True)
class BatchResult:
    """What one batch of input gave, in input order."""

    records: bytes = b""  # every claim record as one JSON line
    papers: int = 0
    with_claims: int = 0
    n_records: int = 0
    bad: list[BadRecord] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)  # {"type": "bad-record" | "issue", ...} in input order
    n_issues: int = 0  # extraction issues (bad records not included)


def extract_batch(work: LineBatch | list[Texts | BadRecord]) -> BatchResult:
    """Worker side: decode a line batch (or take the texts given) and extract every paper."""
    items = decode_batch(work) if isinstance(work, LineBatch) else work
    out = BatchResult()
    lines: list[bytes] = []
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    for item in items:
        if isinstance(item, BadRecord):
            out.bad.append(item)
            out.issues.append({"type": "bad-record", **item.model_dump(mode="json")})
            continue
        if isinstance(item, Paper):
            claims, issues = paper_records(item.paper_id, item.title, item.abstract)
        else:
            claims, issues = paper_records(*item)
        out.papers += 1
        if claims:
            out.with_claims += 1
            out.n_records += len(claims)
            lines.extend(dumps(c, option=newline) for c in claims)
        if issues:
            out.n_issues += len(issues)
            out.issues.extend({"type": "issue", **i} for i in issues)
    out.records = b"".join(lines)
    return out


def batches(items: Iterable[Paper | BadRecord | LineBatch], size: int = PAPERS_PER_BATCH) -> Iterator[LineBatch | list[Texts | BadRecord]]:
    """Units of work in input order: a line batch as it is, consecutive papers ``size`` at a time."""
    group: list[Texts | BadRecord] = []
    for item in items:
        if isinstance(item, LineBatch):
            if group:
                yield group
                group = []
            yield item
        else:
            group.append(item if isinstance(item, BadRecord) else (item.paper_id, item.title, item.abstract))
            if len(group) >= size:
                yield group
                group = []
    if group:
        yield group


def extract_batches(items: Iterable[Paper | BadRecord | LineBatch], workers: int = 1) -> Iterator[BatchResult]:
    """One result per unit of work, in input order; ``items`` as ``readers.read_batches`` gives them."""
    work = batches(items)
    if workers <= 1:
        for unit in work:
            yield extract_batch(unit)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    warm_up()  # forked workers inherit the loaded rules and registries
    with ctx.Pool(workers) as pool:
        # Pool.imap would read the whole input ahead; a bounded queue keeps memory flat.
        pending: deque = deque()
        for unit in work:
            pending.append(pool.apply_async(extract_batch, (unit,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
