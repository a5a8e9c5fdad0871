"""A JSON document: an array of paper objects, one paper object, or an object holding the array.

A top-level array is streamed: a small scanner cuts it into its elements (tracking brackets,
strings and lines) and each element is decoded alone, so the file is never parsed whole, each
paper knows the line it starts on, and a broken element costs only itself. A raw line break
inside a string (which JSON forbids) ends the string and marks the element broken; a broken
element also ends where a line opens the next object, so a missing quote or brace cannot swallow
the rest of the file. Any other top-level value is decoded whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson

from extractor.readers.fields import record_to_paper
from extractor.readers.files import open_bytes
from extractor.readers.jsonl import describe_json_error
from schemas import BadRecord, Paper

# Keys under which a wrapping object may hold its list of papers.
LIST_KEYS = ("papers", "data", "records", "items", "entries", "results")

_STRUCTURE = re.compile(rb'[\[\]{}",\n]')
_IN_STRING = re.compile(rb'["\\\n]')
_NOT_BLANK = re.compile(rb"[^ \t\r]")
_CHUNK = 1 << 20

Element = tuple[int, bytes | None, str | None]  # start line, its bytes (None: nothing), problem


def _elements(handle, data: bytes) -> Iterator[Element]:
    """Cut a top-level array into its elements; `data` is the file's first chunk, from its '['."""
    line = 1 + data.count(b"\n", 0, data.index(b"["))
    pos = data.index(b"[") + 1
    depth = 1  # 1: directly inside the top-level array, between or in a scalar element
    in_string = escaped = False
    peek = False  # at a line start inside a broken element
    pieces: list[bytes] = []  # the current element's bytes from earlier chunks
    mark: int | None = None  # where the current element's bytes start in `data`
    start_line, broken = 0, None

    def take(end: int) -> Element:
        nonlocal mark, start_line, broken
        element = (start_line, b"".join(pieces) + data[mark:end], broken)
        pieces.clear()
        mark, start_line, broken = None, 0, None
        return element

    while data:
        size = len(data)
        while pos < size:
            if escaped:  # the byte after a backslash in a string
                escaped, pos = False, pos + 1
                continue
            if peek:  # a new line inside a broken element: does it open the next object?
                found = _NOT_BLANK.search(data, pos)
                if found is None:
                    pos = size
                    break
                peek = False
                if found.group() == b"{":  # then the broken element ends before it
                    yield take(found.start())
                    depth = 1
                    continue
            pattern = _IN_STRING if in_string else _NOT_BLANK if mark is None else _STRUCTURE
            found = pattern.search(data, pos)
            if found is None:
                pos = size
                break
            pos, char = found.end(), found.group()
            if in_string:
                if char == b"\\":
                    escaped = True
                    continue
                in_string = False
                if char == b"\n":  # JSON strings hold no raw line break: the quote is missing
                    broken = broken or f"unterminated string on line {line}"
                    line += 1
                    peek = depth > 1
                elif depth == 1:  # a string element ended
                    yield take(pos)
            elif mark is None:  # between elements
                if char == b"\n":
                    line += 1
                elif char == b"]":
                    return
                elif char != b",":
                    mark, start_line = found.start(), line
                    if char in b"[{":
                        depth += 1
                    elif char == b'"':
                        in_string = True
            elif char == b'"':
                in_string = True
            elif char in b"[{":
                depth += 1
            elif depth == 1:  # the end of a scalar element: ',', ']', '}' or a line break
                yield take(pos - 1)
                if char == b"\n":
                    line += 1
                elif char == b"]":
                    return
            elif char == b"\n":
                line += 1
                peek = broken is not None
            elif char in b"]}":
                depth -= 1
                if depth == 1:
                    yield take(pos)
        if mark is not None:
            pieces.append(data[mark:])
            mark = 0
        data, pos = handle.read(_CHUNK), 0
    if mark is not None and b"".join(pieces).strip():
        yield start_line, b"".join(pieces), broken or "the file ends inside this element"
    else:
        yield line, None, "the array is not closed: the file ends early"


def _whole(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    with open_bytes(path) as handle:
        raw = handle.read()
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        yield BadRecord(source=source, line=exc.lineno, error=describe_json_error(exc))
        return
    if isinstance(doc, dict):
        for key in LIST_KEYS:
            if isinstance(doc.get(key), list):
                for item in doc[key]:
                    if isinstance(item, dict):
                        yield record_to_paper(item, source, None)
                    else:
                        yield BadRecord(source=source, line=None, error=f"expected a JSON object, got {type(item).__name__}")
                return
        yield record_to_paper(doc, source, 1)
        return
    yield BadRecord(source=source, line=1, error=f"expected a JSON array or object, got {type(doc).__name__}")


def read(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    with open_bytes(path) as handle:
        first = handle.read(_CHUNK)
        if first.startswith(b"\xef\xbb\xbf"):
            first = first[3:]
        if not first.lstrip().startswith(b"["):
            handle.close()
            yield from _whole(path, source)
            return
        for line, element, problem in _elements(handle, first):
            if element is None:
                yield BadRecord(source=source, line=line, error=problem or "empty element")
                continue
            try:
                record = orjson.loads(element)
            except orjson.JSONDecodeError as exc:
                yield BadRecord(source=source, line=line, error=problem or describe_json_error(exc))
                continue
            if isinstance(record, dict):
                yield record_to_paper(record, source, line)
            else:
                yield BadRecord(source=source, line=line, error=f"expected a JSON object, got {type(record).__name__}")
