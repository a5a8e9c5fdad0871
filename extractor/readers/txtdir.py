"""Plain-text abstracts, one paper a file: the first line is the title, the rest the abstract.

The file's stem is the paper_id (a file name is an input id) and the line is 1. A file with a
single paragraph line and nothing else is taken as an abstract without a title.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extractor.readers.fields import record_to_paper
from extractor.readers.files import open_text, strip_gz
from schemas import BadRecord, Paper


def read(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    try:
        with open_text(path, errors="strict") as handle:
            text = handle.read()
    except UnicodeDecodeError as exc:
        yield BadRecord(source=source, line=1, error=f"not UTF-8 text: {exc.reason} at byte {exc.start}")
        return
    head, _, rest = text.strip().partition("\n")
    if not rest.strip():
        head, rest = "", head
    record = {"id": Path(strip_gz(path.name)).stem, "title": head, "abstract": rest}
    yield record_to_paper(record, source, 1)
