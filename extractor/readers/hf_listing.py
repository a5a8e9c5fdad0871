"""Hugging Face paper listing pages, as text copied from the browser.

Three layouts are seen, and one page may mix them:

- a title line, then an abstract line;
- one line a paper: "<upvotes or -> Title Abstract... N authors · Mar 1, 2021 [n]", the title
  run straight into the abstract (split by :mod:`extractor.readers.title_split`);
- blocks apart by blank lines: title, abstract, "• N authors", "·", "Mar 29, 2020".

Page chrome ("Subscribe", "Daily Papers", upvote counts, "new", the page's own date header such
as "Nov 6") and text that is not a paper (a machine translation "翻译:...", a list of links
after it) are never read as titles or abstracts. The authors count and date go into the Paper;
a date with no year ("Oct 14") keeps only its text. Titles have their white space collapsed;
an abstract keeps its text as written, only stripped.

The page is read line by line; a paper's line is that of its title (or of its abstract when the
page gives none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor.readers.fields import collapse_ws, derive_paper_id, parse_date
from extractor.readers.files import open_text
from extractor.readers.title_split import split_title_abstract
from schemas import BadRecord, Paper

CHROME = frozenset(
    """Get trending papers in your email inbox once a day!
Get trending papers in your email inbox!
Subscribe
Daily Papers
byAK and the research community
new
Upvote
Submitted by
Previous
Next""".splitlines()
)
# Chrome that a copy can glue onto the first title: "SubscribeMEGAVERSE: ...".
_GLUED_CHROME = re.compile(r"^(?:Get trending papers in your email inbox(?: once a day)?!\s*)?Subscribe(?=[^a-z\s])")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"{_MONTH} \d{{1,2}}(?:, \d{{4}})?"
DATE_LINE = re.compile(rf"^{_DATE}$")
AUTHORS_LINE = re.compile(r"^(?:[•·]\s*)?(\d+) authors?$")
# "6 authors · Mar 29, 2020" on a line of its own, or at the end of a one-line paper.
META = re.compile(rf"(?:^|\s)(?:[•·]\s*)?(\d+) authors?\s*·\s*({_DATE})(?:\s+\d+)?\s*$")
UPVOTES = re.compile(r"^(?:\d+|-)$")
ONE_LINE_LEAD = re.compile(r"^(?:\d+|-)\s+")
TRANSLATION = re.compile(r"^\s*(?:翻译|译文|机器翻译)\s*[:：]")

TITLE_MAX = 300  # characters
ABSTRACT_MIN = 120


def _cjk_share(text: str) -> float:
    cjk = sum(1 for c in text if "\u3000" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uff00" <= c <= "\uffef")
    return cjk / max(1, len(text))


def looks_like_title(text: str) -> bool:
    return 0 < len(text) <= TITLE_MAX and _cjk_share(text) < 0.2


def looks_like_abstract(text: str) -> bool:
    if len(text) < ABSTRACT_MIN or _cjk_share(text) >= 0.2 or " " not in text:
        return False
    return len(text) > TITLE_MAX or ". " in text or text.rstrip().endswith((".", "…", "...", ")"))


@dataclass(slots=True)
class _Entry:
    line: int
    title: str
    abstract: str
    authors_count: int | None = None
    date_text: str | None = None
    wants_date: bool = False  # the last line read was this entry's "·" or authors count

    def to_paper(self, source: str) -> Paper | BadRecord:
        date, date_text = parse_date(self.date_text)
        try:
            return Paper(
                paper_id=derive_paper_id(self.title, self.abstract),
                title=self.title,
                abstract=self.abstract,
                date=date,
                date_text=date_text,
                authors_count=self.authors_count,
                source=source,
                line=self.line,
            )
        except ValueError as exc:
            return BadRecord(source=source, line=self.line, error=f"invalid paper: {exc}")


def _one_line_paper(number: int, text: str) -> _Entry | None:
    """A whole paper on one line, ending in its authors count and date; None if it is not one."""
    meta = META.search(text)
    if meta is None or meta.start() < ABSTRACT_MIN:
        return None
    body = ONE_LINE_LEAD.sub("", text[: meta.start()], count=1)
    title, abstract = split_title_abstract(body)
    return _Entry(number, title, abstract, int(meta.group(1)), meta.group(2))


def _classify(text: str) -> str:
    if not text or text in CHROME or UPVOTES.match(text):
        return "skip"
    if TRANSLATION.match(text):
        return "skip"
    if AUTHORS_LINE.match(text):
        return "authors"
    if text in ("·", "•"):
        return "dot"
    if DATE_LINE.match(text):
        return "date"
    if META.match(text):
        return "meta"
    return "text"


def read(path: Path, source: str) -> Iterator[Paper | BadRecord]:
    current: _Entry | None = None  # the paper whose metadata lines may still follow
    title: tuple[int, str] | None = None  # a title line still waiting for its abstract
    with open_text(path) as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.strip()
            if title is None and current is None:
                text = _GLUED_CHROME.sub("", text)
            kind = _classify(text)
            if kind == "skip":
                continue
            if kind in ("authors", "dot", "date", "meta"):
                if current is None:
                    continue  # a page date header, or metadata of nothing we read
                if kind == "dot":
                    current.wants_date = current.wants_date or current.authors_count is not None
                elif kind == "authors":
                    if current.authors_count is None:
                        current.authors_count = int(AUTHORS_LINE.match(text).group(1))
                        current.wants_date = True
                elif kind == "date":
                    if current.wants_date and current.date_text is None:
                        current.date_text = text
                    current.wants_date = False
                else:
                    meta = META.search(text)
                    if current.authors_count is None:
                        current.authors_count = int(meta.group(1))
                        current.date_text = meta.group(2)
                continue
            entry = _one_line_paper(number, text)
            if entry is None and title is not None and looks_like_abstract(text):
                entry = _Entry(title[0], title[1], text)
                title = None
            elif entry is None and title is None and len(text) > TITLE_MAX and looks_like_abstract(text):
                entry = _Entry(number, "", text)  # an abstract the page gives without its title
            if entry is not None:
                title = None
                if current is not None:
                    yield current.to_paper(source)
                current = entry
                continue
            # A candidate title: it holds only if an abstract follows.
            title = (number, collapse_ws(text)) if looks_like_title(text) else None
            if title is not None and current is not None:
                yield current.to_paper(source)
                current = None
    if current is not None:
        yield current.to_paper(source)


def looks_like_listing(text: str) -> bool:
    """Is this text (a file's start) a listing page rather than one paper's title and abstract?"""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    if len(lines[0]) > TITLE_MAX:  # an abstract with no title above it
        return True
    for line in lines:
        if line in CHROME or _GLUED_CHROME.match(line) or AUTHORS_LINE.match(line) or META.search(line):
            return True
        if TRANSLATION.match(line):
            return True
    pairs = sum(
        1
        for first, second in zip(lines, lines[1:])
        if looks_like_title(first) and len(first) < len(second) and looks_like_abstract(second)
    )
    return pairs >= 2
