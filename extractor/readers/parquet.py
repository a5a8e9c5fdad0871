"""Parquet files of papers (one row a paper, columns named as in any other input), read one
row group at a time so memory stays flat. A row's "line" is its 1-based row number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extractor.readers.fields import record_to_paper
from schemas import BadRecord, Paper

_BATCH_ROWS = 4096


def read(path: Path, source: str, first_row: int = 1, last_row: int | None = None) -> Iterator[Paper | BadRecord]:
    """Papers of rows ``first_row``..``last_row`` (1-based, inclusive; all rows by default)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    row = 0
    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=_BATCH_ROWS)
    except pa.ArrowException as exc:
        yield BadRecord(source=source, line=None, error=f"not a readable Parquet file: {exc}")
        return
    for batch in batches:
        if last_row is not None and row >= last_row:
            return
        if row + batch.num_rows < first_row:
            row += batch.num_rows
            continue
        for record in batch.to_pylist():
            row += 1
            if row < first_row:
                continue
            if last_row is not None and row > last_row:
                return
            yield record_to_paper(record, source, row)


def row_count(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows
