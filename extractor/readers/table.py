"""CSV and TSV with a header row, streamed row by row.

Both use the csv module's usual dialect (fields may be quoted with '"', doubled quotes inside),
which is what spreadsheet programs and pandas write. A row is a record; its line is the line it
starts on (a quoted field may span lines). A row with fewer fields than the header is cut short
and becomes a BadRecord, as does one with more (its columns no longer line up).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from extractor.readers.fields import ALIASES, record_to_paper, resolve_keys
from extractor.readers.files import open_text
from schemas import BadRecord, Paper

# An abstract is a few thousand characters; allow far more before calling a field broken.
csv.field_size_limit(min(sys.maxsize, 1 << 24))


def _read(path: Path, source: str, delimiter: str) -> Iterator[Paper | BadRecord]:
    with open_text(path) as handle:
        rows = csv.reader(handle, delimiter=delimiter)
        header: list[str] | None = None
        done = 0  # lines consumed so far
        while True:
            start = done + 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                yield BadRecord(source=source, line=start, error=f"unreadable row: {exc}")
                done = rows.line_num
                continue
            done = rows.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank line
            if header is None:
                header = [cell.strip() for cell in row]
                if resolve_keys(tuple(header)).abstract is None:
                    yield BadRecord(source=source, line=start, error=_no_abstract_column(header))
                    return
                continue
            if len(row) != len(header):
                what = "is cut short" if len(row) < len(header) else "has extra fields"
                yield BadRecord(
                    source=source,
                    line=start,
                    error=f"row {what}: {len(row)} fields where the header has {len(header)}",
                )
                continue
            yield record_to_paper(dict(zip(header, row)), source, start)


def _no_abstract_column(header: list[str]) -> str:
    looked = ", ".join(ALIASES["abstract"])
    shown = ", ".join(h for h in header if h) or "(no names)"
    return f"no abstract column: looked for {looked} (any case); the header has {shown}"


def read_csv(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    return _read(path, source, ",")


def read_tsv(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    return _read(path, source, "\t")
