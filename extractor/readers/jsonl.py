"""JSON Lines: one JSON object a line (also an arXiv metadata snapshot, and the shared corpora).

Streams the file line by line as bytes and decodes each with orjson; a line that is not a JSON
object becomes a BadRecord with its line number and the next line is read as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from extractor.readers.fields import record_to_paper
from extractor.readers.files import iter_lines
from schemas import BadRecord, Paper


def describe_json_error(exc: orjson.JSONDecodeError) -> str:
    return f"not valid JSON: {exc.msg} (column {exc.colno})"


def read(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    return read_lines(enumerate(iter_lines(path), start=1), source)


def read_lines(lines: Iterable[tuple[int, bytes]], source: str) -> Iterator[Paper | BadRecord]:
    """Papers from numbered raw lines: the whole file, or one partition of it."""
    for number, raw in lines:
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
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
        yield record_to_paper(record, source, number)
