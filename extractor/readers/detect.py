"""Which reader a path needs: by extension first ('.gz' looked through), then by content."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from extractor.readers.files import head_bytes, head_text, strip_gz
from extractor.readers.hf_listing import looks_like_listing

FORMATS: tuple[str, ...] = ("hf", "jsonl", "json", "csv", "tsv", "atom", "txtdir", "parquet")

EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xml": "atom",
    ".atom": "atom",
    ".txt": "hf",
    ".parquet": "parquet",
}


class ReaderError(Exception):
    """The readers were misused: an unknown format name, or a path that does not exist."""


def extension(path: Path) -> str:
    """'papers.JSONL.gz' -> '.jsonl'."""
    return Path(strip_gz(path.name)).suffix.lower()


def _is_json_lines(head: str) -> bool:
    """Does the text start with a whole JSON object on its first line, and hold more lines?"""
    first, _, rest = head.lstrip().partition("\n")
    if not first.startswith("{") or not rest.strip():
        return False
    try:
        return isinstance(orjson.loads(first), dict)
    except orjson.JSONDecodeError:
        return False


def sniff(head: str) -> str:
    """Guess a file's format from its first few kilobytes of text."""
    text = head.lstrip()
    if text.startswith("<"):
        return "atom"
    if text.startswith("{"):
        return "jsonl" if _is_json_lines(text) else "json"
    if text.startswith("["):
        return "json"
    first = text.partition("\n")[0].lower()
    if "abstract" in first or "title" in first or "summary" in first:
        if "\t" in first:
            return "tsv"
        if "," in first and len(first) < 300:
            return "csv"
    return "hf"


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of one input: a directory is 'txtdir'; a file goes by extension, then content.

    A '.txt' file given by itself is a listing page ('hf'); a '.json' file that holds one object
    a line is 'jsonl'. Raises ReaderError for a path that does not exist.
    """
    path = Path(path)
    if path.is_dir():
        return "txtdir"
    if not path.exists():
        raise ReaderError(f"{path}: no such file or directory")
    found = EXTENSIONS.get(extension(path))
    if found is None and head_bytes(path, 4) == b"PAR1":
        return "parquet"
    if found == "json":
        return "jsonl" if _is_json_lines(head_text(path)) else "json"
    return found or sniff(head_text(path))


def detect_in_directory(path: Path) -> str | None:
    """The format of a file met in a directory, or None for a file that is not an input.

    A '.txt' file there is one paper ('txtdir') unless its text is a listing page ('hf').
    """
    if path.name.startswith(".") or not path.is_file():
        return None
    ext = extension(path)
    if ext == ".txt":
        return "hf" if looks_like_listing(head_text(path, 65536)) else "txtdir"
    return detect_format(path) if ext in EXTENSIONS else None
