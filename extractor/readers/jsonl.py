"""JSON Lines: one JSON object a line (also an arXiv metadata snapshot, and the shared corpora).

Streams the file line by line as bytes and decodes each with orjson; a line that is not a JSON
object becomes a BadRecord with its line number and the next line is read as usual. For worker
processes the file is also read as :class:`LineBatch` es, chunks of whole lines that carry the number
of their first line: the main process only reads bytes, a worker decodes them (:func:`decode_batch`)
into exactly the papers and bad records that :func:`read` gives.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from extractor.readers.fields import record_to_fields, record_to_paper
from extractor.readers.files import is_gzip, iter_lines, line_chunks
from schemas import BadRecord, Paper

BOM = b"\xef\xbb\xbf"


def describe_json_error(exc: orjson.JSONDecodeError) -> str:
    return f"not valid JSON: {exc.msg} (column {exc.colno})"


def read(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    return read_lines(enumerate(iter_lines(path), start=1), source)


def read_lines(lines: Iterable[tuple[int, bytes]], source: str, make=record_to_paper) -> Iterator[Paper | BadRecord]:
    """Papers (as ``make`` builds them) from numbered raw lines: the whole file, or one partition of it."""
    for number, raw in lines:
        if number == 1 and raw.startswith(BOM):
            raw = raw[3:]
        if not raw or raw.isspace():
            continue
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield BadRecord(source=source, line=number, error=describe_json_error(exc))
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            yield BadRecord(source=source, line=number, error=f"expected a JSON object, got {kind}")
            continue
        yield make(record, source, number)


@dataclass(slots=True)
class LineBatch:
    """Whole lines of one JSON Lines file, as bytes, starting at line ``first_line`` (1-based)."""

    source: str
    first_line: int
    data: bytes
    # Lines keep their line end, as iterating a plain file gives them (a gzip file is split without
    # them, see iter_lines); it shows in the column orjson names for a line cut short.
    with_line_ends: bool

    @property
    def line(self) -> int | None:
        """The last line that holds a record (not blank), or None: where reading got to."""
        body = self.data.rstrip()
        if not body:
            return None
        last = self.first_line + body.count(b"\n")
        if last == 1 and body.startswith(BOM) and not body[3:].strip():
            return None
        return last


def read_batches(path: Path, source: str, size: int = 1 << 18) -> Iterator[LineBatch]:
    """The file as line batches of about ``size`` bytes; decode each with :func:`decode_batch`."""
    with_ends = not is_gzip(path)
    number = 1
    for chunk in line_chunks(path, size):
        yield LineBatch(source, number, chunk, with_ends)
        number += chunk.count(b"\n")


def decode_batch(batch: LineBatch, fields: bool = False) -> Iterator[Paper | BadRecord]:
    """A Paper or a BadRecord for every line of ``batch`` that is not blank, as :func:`read` gives them;
    with ``fields``, each paper as its field values (see ``record_to_fields``)."""
    if batch.with_line_ends:
        lines: Iterable[bytes] = io.BytesIO(batch.data)  # split as iterating the file splits it
    else:
        lines = batch.data.split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # after the last line end
    return read_lines(enumerate(lines, start=batch.first_line), batch.source, record_to_fields if fields else record_to_paper)
