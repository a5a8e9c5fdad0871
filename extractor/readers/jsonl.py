"""JSON Lines: one JSON object a line (also an arXiv metadata snapshot, and the shared corpora).

The file is read as chunks of whole lines (:class:`LineBatch`, which carries the number of its first
line), and each chunk is decoded line by line with orjson; a line that is not a JSON object becomes a
BadRecord with its line number and the next line is read as usual. Reading chunks and decoding them
are apart so that a worker process can decode while the main process only reads bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from extractor.readers.fields import record_to_paper
from extractor.readers.files import is_gzip, line_chunks
from schemas import BadRecord, Paper

BOM = b"\xef\xbb\xbf"


def describe_json_error(exc: orjson.JSONDecodeError) -> str:
    return f"not valid JSON: {exc.msg} (column {exc.colno})"


@dataclass(slots=True)
class LineBatch:
    """Whole lines of one JSON Lines file, as bytes, starting at line ``first_line`` (1-based)."""

    source: str
    first_line: int
    data: bytes
    # Whether a line is decoded with its line end, as iterating a plain file gives it (a gzip file
    # is split without them). It only shows in where orjson says a truncated line ends.
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


def decode_batch(batch: LineBatch) -> Iterator[Paper | BadRecord]:
    """A Paper or a BadRecord for every line of ``batch`` that is not blank."""
    source, number = batch.source, batch.first_line
    lines = batch.data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # after the last line end
    if number == 1 and lines and lines[0].startswith(BOM):
        lines[0] = lines[0][3:]
    last = len(lines) - 1
    for i, raw in enumerate(lines):
        if not raw or raw.isspace():
            continue
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            if batch.with_line_ends and (i < last or batch.data.endswith(b"\n")):
                try:
                    orjson.loads(raw + b"\n")
                except orjson.JSONDecodeError as with_end:
                    exc = with_end
            yield BadRecord(source=source, line=number + i, error=describe_json_error(exc))
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            yield BadRecord(source=source, line=number + i, error=f"expected a JSON object, got {kind}")
            continue
        yield record_to_paper(record, source, number + i)


def read(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    for batch in read_batches(path, source):
        yield from decode_batch(batch)
