"""Atom XML as the arXiv API returns it (export.arxiv.org/api/query): feed/entry.

Streamed with ElementTree's pull parser, fed a line at a time so each entry knows its line; an
entry is dropped from memory once read. Per entry: ``id`` gives paper_id, ``title``, ``summary``
(the abstract), ``published`` (else ``updated``), ``author/name``, the ``alternate`` link (else
the id) and the categories, primary first.

paper_id drops arXiv's version suffix: ``http://arxiv.org/abs/2101.00001v2`` gives
``2101.00001`` (the arXiv metadata snapshot names papers the same way), and the versioned link
stays in ``url``. An id that is no arXiv abstract link is kept whole.

Malformed XML becomes a BadRecord naming the line and column the parser stopped at; reading
then resumes at the next ``<entry``, so one broken entry does not cost the entries after it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from extractor.readers.fields import record_to_paper
from extractor.readers.files import open_text
from schemas import BadRecord, Paper

ARXIV = "{http://arxiv.org/schemas/atom}"
# Namespaces declared again when parsing resumes after an error, on a stand-in <feed>.
RESUME_ROOT = (
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"'
    ' xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
)

_POSITION = re.compile(r":? line \d+, column \d+$")
_ARXIV_ID = re.compile(r"^https?://(?:export\.)?arxiv\.org/abs/(.+?)(?:v\d+)?$")


def arxiv_id(entry_id: str) -> str:
    """'http://arxiv.org/abs/2101.00001v2' -> '2101.00001'; any other id unchanged."""
    match = _ARXIV_ID.match(entry_id.strip())
    return match.group(1) if match else entry_id.strip()


def _entry_record(entry: ET.Element) -> dict:
    ns = entry.tag[: entry.tag.index("}") + 1] if entry.tag.startswith("{") else ""

    def text(tag: str) -> str | None:
        return entry.findtext(ns + tag)

    entry_id = text("id") or ""
    link = next(
        (el.get("href") for el in entry.iter(ns + "link") if el.get("rel", "alternate") == "alternate"),
        None,
    )
    categories: list[str] = []
    primary = entry.find(ARXIV + "primary_category")
    for el in ([primary] if primary is not None else []) + entry.findall(ns + "category"):
        term = el.get("term")
        if term and term not in categories:
            categories.append(term)
    return {
        "id": arxiv_id(entry_id),
        "title": text("title"),
        "abstract": text("summary"),
        "date": text("published") or text("updated"),
        "authors": [el.text or "" for el in entry.findall(f"{ns}author/{ns}name")],
        "url": link or entry_id or None,
        "categories": categories,
        "api_error": "/api/errors" in entry_id,  # the arXiv API's way to report a bad query
    }


def _entry_to_paper(entry: ET.Element, source: str, line: int) -> Paper | BadRecord:
    record = _entry_record(entry)
    if record.pop("api_error"):
        return BadRecord(source=source, line=line, error=f"arXiv API error: {record['abstract'] or record['title']}")
    return record_to_paper(record, source, line)


def _is_entry(tag: str) -> bool:
    return tag == "entry" or tag.endswith("}entry")


def _parse_error(exc: ET.ParseError, source: str, line: int, offset: int) -> BadRecord:
    err_line, column = exc.position
    message = _POSITION.sub("", str(exc))
    where = f"line {err_line + offset}, column {column + 1}"
    return BadRecord(source=source, line=line or err_line + offset, error=f"malformed XML at {where}: {message}")


def read(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    with open_text(path) as handle:
        parser = ET.XMLPullParser(events=("start", "end"))
        offset = 0  # lines before the text the current parser was fed
        entry_line = 0  # line of the entry being read, 0 between entries
        depth = 0  # element depth; entries sit at depth 2 (feed/entry)
        resume = False  # after an error: skip lines until one opens an <entry
        number = 0
        for number, text in enumerate(handle, start=1):
            if resume:
                at = text.find("<entry")
                if at < 0:
                    continue
                parser = ET.XMLPullParser(events=("start", "end"))
                parser.feed(RESUME_ROOT)
                offset, depth, resume = number - 1, 0, False
                text = text[at:]
            try:
                parser.feed(text)
                for event, element in parser.read_events():
                    if event == "start":
                        depth += 1
                        if depth == 2 and _is_entry(element.tag):
                            entry_line = number
                        continue
                    depth -= 1
                    if depth == 1 and _is_entry(element.tag):
                        yield _entry_to_paper(element, source, entry_line)
                        element.clear()
                        entry_line = 0
            except ET.ParseError as exc:
                yield _parse_error(exc, source, entry_line, offset)
                resume, entry_line = True, 0
        if not resume:
            try:
                parser.close()
            except ET.ParseError as exc:
                yield _parse_error(exc, source, entry_line, offset)
