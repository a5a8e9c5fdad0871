"""The one-way pipeline: papers in, claims out.

``extract(text)`` is the library's front door; ``extract_paper`` and ``extract_stream`` carry paper
metadata and stream many papers (optionally over worker processes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from schemas import BadRecord, Claim, ExtractionIssue, Paper


@dataclass(slots=True)
class PaperExtraction:
    """What extraction made of one paper."""

    paper: Paper
    claims: list[Claim] = field(default_factory=list)
    issues: list[ExtractionIssue] = field(default_factory=list)


def extract_paper(paper: Paper) -> PaperExtraction:
    """Extract every claim of one paper. Never raises on content; problems become issues."""
    return PaperExtraction(paper=paper)


def extract(text: str, *, paper_id: str | None = None, title: str | None = None) -> list[Claim]:
    """Extract claims from one abstract's text."""
    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, got {type(text).__name__}")
    from extractor.readers import derive_paper_id

    pid = paper_id or derive_paper_id(title or "", text)
    return extract_paper(Paper(paper_id=pid, title=title or "", abstract=text)).claims


def extract_stream(items: Iterable[Paper | BadRecord], workers: int = 1) -> Iterator[PaperExtraction | BadRecord]:
    """Extract from a stream of papers in input order; bad records pass through untouched."""
    for item in items:
        yield item if isinstance(item, BadRecord) else extract_paper(item)
