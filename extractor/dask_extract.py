"""Extraction on a Dask cluster: inputs cut into partitions, records out as a Parquet dataset.

Each partition is a range of one input file (a byte range of a plain JSONL file, a line range of
a gzipped one, a row range of a Parquet file, or a whole file of any other format). A worker reads
its range as the line batches (or groups of papers) the local worker driver extracts, runs the
driver's own :func:`extractor.driver.extract_batch` on each, and writes the Arrow tables it builds
to ``records/part-NNNNN.parquet`` and ``papers/part-NNNNN.parquet`` under the output folder: first
to a hidden temporary name, then renamed, so a failed or retried partition never leaves half a
file. Partitions are numbered in input order, so reading the parts in name order
gives the records in the same order as ``lbx extract -o records.parquet``.

The workers must see the output folder (one machine, or a shared file system on a cluster).
"""

from __future__ import annotations

import functools
import glob
import json
import os
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.readers.jsonl import LineBatch
from schemas import BadRecord, Paper

if TYPE_CHECKING:  # the driver (and the extraction code with it) is loaded on the workers only
    from extractor.driver import BatchResult, PaperRows

LINES_PER_PARTITION = 20_000
_WRITE_ROWS = 5_000  # rows buffered before a Parquet row group is written
_SPLITTABLE = {"jsonl", "parquet"}
RECORDS_COLUMN = "records"  # the papers files' one column beyond the Paper fields: its record count


@dataclass(frozen=True)
class Partition:
    """One piece of the input: lines (or rows) ``first``..``last`` of one file, 1-based, inclusive.
    ``last`` 0 means the whole file; ``offset`` is the byte where line ``first`` starts in a plain
    file (-1 when the file must be read from its start, as gzip must)."""

    index: int
    path: str
    source: str
    format: str
    first: int = 1
    last: int = 0
    offset: int = -1

    def describe(self) -> str:
        if self.last == 0:
            return self.source
        unit = "rows" if self.format == "parquet" else "lines"
        return f"{self.source} {unit} {self.first}-{self.last}"


@dataclass
class PartitionResult:
    index: int
    papers: int = 0
    with_claims: int = 0
    records: int = 0
    issues: int = 0
    bad: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    peak_mb: float = 0.0  # the worker process's peak resident memory so far


@dataclass
class DaskReport:
    partitions: int = 0
    papers: int = 0
    with_claims: int = 0
    records: int = 0
    issues: int = 0
    bad: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)  # {"partition", "input", "error"}
    worker_peak_mb: float = 0.0
    seconds: float = 0.0
    dashboard: str | None = None

    def summary_line(self) -> str:
        line = (f"papers read: {self.papers}; papers with claims: {self.with_claims}; records: {self.records}; "
                f"bad records skipped: {len(self.bad)}; extraction issues: {self.issues}")
        if self.failed:
            line += f"; partitions failed: {len(self.failed)} of {self.partitions}"
        return line


# -- planning ----------------------------------------------------------------------------------

def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Globs expanded (in name order); other paths kept as given."""
    out: list[str] = []
    for given in inputs:
        text = os.fspath(given)
        if any(ch in text for ch in "*?["):
            hits = sorted(glob.glob(text))
            if not hits:
                from extractor.readers import ReaderError

                raise ReaderError(f"{text}: no file matches")
            out += hits
        else:
            out.append(text)
    return out


def _line_starts(path: Path, every: int) -> tuple[int, list[int]]:
    """The number of lines of a plain file and the byte offsets of lines 1, 1+every, 1+2*every..."""
    offsets = [0]
    lines = 0
    pos = 0
    with open(path, "rb") as fh:
        for line in fh:
            lines += 1
            pos += len(line)
            if lines % every == 0:
                offsets.append(pos)
    return lines, offsets


def plan_partitions(inputs: Iterable[str | os.PathLike[str]], format: str | None = None,
                    partitions: int | None = None, lines_per_partition: int = LINES_PER_PARTITION) -> list[Partition]:
    """Cut the inputs into partitions of about ``lines_per_partition`` records, or into about
    ``partitions`` pieces in all when that is given (split across files by their size)."""
    from extractor.readers import detect_format, input_files
    from extractor.readers import parquet as parquet_reader
    from extractor.readers.files import count_lines, is_gzip

    files = []
    for path, source, fmt in input_files(expand_inputs(inputs), format):
        fmt = fmt or detect_format(path)
        if fmt == "jsonl":
            size = count_lines(path)
        elif fmt == "parquet":
            size = parquet_reader.row_count(path)
        else:
            size = 0
        files.append((path, source, fmt, size))
    if partitions:
        total = sum(size for *_, size in files if size) or 1
        splittable = sum(1 for *_, fmt, size in files if fmt in _SPLITTABLE and size)
        pieces = max(1, partitions - (len(files) - splittable))
        lines_per_partition = max(1, -(-total // pieces))
    out: list[Partition] = []
    for path, source, fmt, size in files:
        if fmt not in _SPLITTABLE or size == 0:
            out.append(Partition(len(out), str(path), source, fmt))
            continue
        every = lines_per_partition
        offsets: list[int] = []
        if fmt == "jsonl" and not is_gzip(path):
            _, offsets = _line_starts(path, every)
        for k, first in enumerate(range(1, size + 1, every)):
            last = min(size, first + every - 1)
            offset = offsets[k] if k < len(offsets) else -1
            out.append(Partition(len(out), str(path), source, fmt, first, last, offset))
    return out


# -- one partition, on a worker -----------------------------------------------------------------

def _numbered_lines(part: Partition) -> Iterator[tuple[int, bytes]]:
    from extractor.readers.files import numbered_lines_from

    if part.offset >= 0:
        with open(part.path, "rb") as fh:
            fh.seek(part.offset)
            yield from zip(range(part.first, part.last + 1), fh)
        return
    for number, line in numbered_lines_from(Path(part.path), part.first):
        if number > part.last:
            return
        yield number, line


def read_partition(part: Partition) -> Iterator[Paper | BadRecord]:
    """The papers (and bad records) of one partition, as the local readers give them."""
    from extractor.readers import READERS, parquet
    from extractor.readers.jsonl import decode_batch

    if part.format == "jsonl" and part.last:
        for batch in _line_batches(part):
            yield from decode_batch(batch)
    elif part.last == 0:
        yield from READERS[part.format](Path(part.path), part.source)
    else:
        yield from parquet.read(Path(part.path), part.source, part.first, part.last)


LINES_PER_BATCH = 2_000  # lines of a partition decoded and extracted as one unit of work


def partition_units(part: Partition) -> Iterator[LineBatch | list]:
    """The partition as the units of work the local driver extracts: line batches that carry their
    first line number for a JSON Lines range, groups of papers' fields for any other input."""
    from extractor.driver import batches

    if part.format == "jsonl" and part.last:
        return _line_batches(part)
    return batches(read_partition(part))


def _line_batches(part: Partition) -> Iterator[LineBatch]:
    # A seek into a plain file iterates its lines with their line ends, as the local reader does;
    # lines counted from the file's start (gzip) come without them, as the local reader splits them.
    with_ends = part.offset >= 0
    lines: list[bytes] = []
    first = part.first
    for number, line in _numbered_lines(part):
        if not lines:
            first = number
        lines.append(line)
        if len(lines) >= LINES_PER_BATCH:
            yield _line_batch(part.source, first, lines, with_ends)
            lines = []
    if lines:
        yield _line_batch(part.source, first, lines, with_ends)


def _line_batch(source: str, first: int, lines: list[bytes], with_ends: bool) -> LineBatch:
    data = b"".join(lines) if with_ends else b"\n".join(lines) + b"\n"
    return LineBatch(source, first, data, with_ends)


@functools.cache
def _schemas():
    """The Arrow schemas of the papers files (without the record count) and the records files."""
    from extractor.outputs import arrow_schema

    return arrow_schema("papers"), arrow_schema("claims")


def papers_schema():
    import pyarrow as pa

    return _schemas()[0].append(pa.field(RECORDS_COLUMN, pa.int64()))


def dataset_tables(rows: list[PaperRows]):
    """A batch's papers (with how many records each has) and its records, as the dataset's Arrow
    tables; the records built as ``lbx extract -o records.parquet`` builds them."""
    import pyarrow as pa

    paper_schema, claim_schema = _schemas()
    papers = pa.Table.from_pylist([paper for paper, _ in rows], schema=paper_schema)
    papers = papers.append_column(pa.field(RECORDS_COLUMN, pa.int64()), pa.array([len(r) for _, r in rows], pa.int64()))
    records = pa.Table.from_pylist([rec for _, recs in rows for rec in recs], schema=claim_schema)
    return papers, records


def extract_unit(work: LineBatch | list) -> BatchResult:
    """One unit of a partition, extracted by the local driver's per-paper code, out as dataset tables."""
    from extractor.driver import extract_batch

    return extract_batch(work, tables=dataset_tables)


class _PartWriter:
    """Arrow tables to a Parquet file under a temporary name, renamed into place on :meth:`commit`;
    tables are gathered into row groups of about ``_WRITE_ROWS`` rows."""

    def __init__(self, final: Path, schema):
        self.final = final
        self.tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        self.schema = schema
        self.tables: list = []
        self.rows = 0
        self.writer = None

    def add(self, table) -> None:
        self.tables.append(table)
        self.rows += table.num_rows
        if self.rows >= _WRITE_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.concat_tables(self.tables) if self.tables else self.schema.empty_table()
        if self.writer is None:
            self.writer = pq.ParquetWriter(str(self.tmp), self.schema)
        self.writer.write_table(table)
        self.tables, self.rows = [], 0

    def commit(self) -> None:
        if self.rows or self.writer is None:
            self._flush()
        self.writer.close()
        os.replace(self.tmp, self.final)

    def abandon(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.tmp.unlink(missing_ok=True)


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def run_partition(part: Partition, out_dir: str, extract_fn: Callable[[LineBatch | list], BatchResult] | None = None) -> PartitionResult:
    """Extract one partition and write its records and papers; returns its counts. ``extract_fn``
    extracts one unit of work (default :func:`extract_unit`)."""
    extract_fn = extract_fn or extract_unit
    started = time.perf_counter()
    result = PartitionResult(index=part.index)
    base = Path(out_dir)
    records = _PartWriter(base / "records" / part_name(part.index), _schemas()[1])
    papers = _PartWriter(base / "papers" / part_name(part.index), papers_schema())
    try:
        for unit in partition_units(part):
            done = extract_fn(unit)
            result.papers += done.papers
            result.with_claims += done.with_claims
            result.records += done.n_records
            result.issues += done.n_issues
            result.bad += [bad.model_dump(mode="json") for bad in done.bad]
            paper_table, record_table = done.tables
            papers.add(paper_table)
            records.add(record_table)
        records.commit()
        papers.commit()
    except BaseException:
        records.abandon()
        papers.abandon()
        raise
    result.seconds = time.perf_counter() - started
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# -- the driver -------------------------------------------------------------------------------

def _prepare(out_dir: Path) -> None:
    """Make the output folders and drop the parts of an earlier run (nothing else is touched)."""
    for sub in ("records", "papers"):
        folder = out_dir / sub
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("part-*.parquet"):
            old.unlink()


def extract_with_dask(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    format: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    partitions: int | None = None,
    retries: int = 2,
    extract_fn: Callable | None = None,
    on_start: Callable[[DaskReport], None] | None = None,
    on_done: Callable[[int, int], None] | None = None,
) -> DaskReport:
    """Extract every input on a Dask cluster into ``out_dir``; see the module docstring.

    Without ``scheduler`` a ``distributed.LocalCluster`` of ``workers`` single-threaded processes
    runs on this machine. A partition that raises is retried ``retries`` times; one that still
    fails is listed in the report with its input range, and every other partition's output stays.
    ``on_start`` gets the report once the cluster is up (its dashboard link set);
    ``on_done(finished, total)`` is called as partitions finish.
    """
    import dask
    from distributed import Client, LocalCluster, as_completed

    from extractor.pipeline import default_workers

    started = time.perf_counter()
    out = Path(out_dir)
    parts = plan_partitions(inputs, format=format, partitions=partitions)
    _prepare(out)
    report = DaskReport(partitions=len(parts))
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # The workers' statistical profiler samples the running task's stack every 10 ms for the
        # dashboard's profile page alone; on this pure-Python work it costs about 2% of the rate.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                                   dashboard_address="127.0.0.1:0")
        client = Client(cluster)
    try:
        report.dashboard = client.dashboard_link
        if on_start:
            on_start(report)
        futures = client.map(run_partition, parts, out_dir=str(out.resolve()), extract_fn=extract_fn,
                             retries=retries, pure=False, key=[f"lbx-partition-{p.index}" for p in parts])
        by_key = {f.key: p for f, p in zip(futures, parts)}
        results: list[PartitionResult] = []
        for n, fut in enumerate(as_completed(futures), start=1):
            part = by_key[fut.key]
            try:
                results.append(fut.result())
            except Exception as exc:  # a partition that failed for good: named, the rest kept
                report.failed.append({"partition": part.index, "input": part.describe(),
                                      "error": f"{type(exc).__name__}: {exc}"})
            if on_done:
                on_done(n, len(parts))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for res in sorted(results, key=lambda r: r.index):
        report.papers += res.papers
        report.with_claims += res.with_claims
        report.records += res.records
        report.issues += res.issues
        report.bad += res.bad
        report.worker_peak_mb = max(report.worker_peak_mb, res.peak_mb)
    report.failed.sort(key=lambda f: f["partition"])
    report.seconds = time.perf_counter() - started
    (out / "_summary.json").write_text(json.dumps(asdict(report), indent=1) + "\n", encoding="utf-8")
    return report


# -- reading a dataset back ---------------------------------------------------------------------

def is_dataset(path: str | os.PathLike[str]) -> bool:
    """Is this folder a records dataset written by :func:`extract_with_dask`?"""
    return (Path(path) / "records").is_dir() and (Path(path) / "papers").is_dir()


def read_dataset(path: str | os.PathLike[str]) -> Iterator:
    """The papers of a dataset with their records, as :class:`PaperExtraction` in input order,
    for the store to ingest without extracting again."""
    import pyarrow.parquet as pq

    from extractor.pipeline import PaperExtraction
    from schemas import Claim

    base = Path(path)
    for paper_file in sorted((base / "papers").glob("part-*.parquet")):
        record_file = base / "records" / paper_file.name
        # Records were written paper by paper in the papers' order, and each paper row says how
        # many it has: a paper takes the next that many.
        records = iter(pq.read_table(record_file).to_pylist()) if record_file.exists() else iter(())
        for batch in pq.ParquetFile(paper_file).iter_batches(batch_size=_WRITE_ROWS):
            for row in batch.to_pylist():
                count = row.pop(RECORDS_COLUMN)
                claims = [Claim.model_validate(rec) for rec in islice(records, count)]
                yield PaperExtraction(paper=Paper.model_validate(row), claims=claims)
