"""Input readers: papers from listing pages, JSON Lines, JSON, CSV/TSV, arXiv Atom and text files.

``read_papers(paths)`` streams a Paper for every record it can read and a BadRecord (file, line,
what is wrong) for every one it cannot, and goes on with the next record: one broken record never
costs the rest of its file. One module a format; field mapping is shared in :mod:`.fields`.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from extractor.readers import atom, hf_listing, json_doc, jsonl, parquet, table, txtdir
from extractor.readers.detect import EXTENSIONS, FORMATS, ReaderError, detect_format, detect_in_directory, extension
from extractor.readers.fields import derive_paper_id
from extractor.readers.files import binary_kind
from schemas import BadRecord, Paper

__all__ = ["FORMATS", "READERS", "STDIN", "ReaderError", "derive_paper_id", "detect_format", "input_files", "read_batches",
           "read_papers"]

STDIN = "-"  # as an input path: read standard input

Reader = Callable[[Path, str], Iterator[Paper | BadRecord]]

READERS: dict[str, Reader] = {
    "hf": hf_listing.read,
    "jsonl": jsonl.read,
    "json": json_doc.read,
    "csv": table.read_csv,
    "tsv": table.read_tsv,
    "atom": atom.read,
    "txtdir": txtdir.read,
    "parquet": parquet.read,
}

# (path, source as the caller wrote it, format or None to detect when reading)
_Job = tuple[Path, str, str | None]


def _directory_jobs(folder: Path, given: str, format: str | None) -> list[_Job]:
    """The input files directly in a folder, in name order, each with its format.

    With no format given, each file is detected alone (a '.txt' file is one paper unless it is a
    listing page); with 'txtdir' only '.txt' files are read; any other format applies to every
    file with a known input extension.
    """
    jobs: list[_Job] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.is_file():
            continue
        ext = extension(path)
        source = os.path.join(given, path.name)
        if format is None:
            found = detect_in_directory(path)
            if found is not None:
                jobs.append((path, source, found))
        elif format == "txtdir":
            if ext == ".txt":
                jobs.append((path, source, format))
        elif ext in EXTENSIONS:
            jobs.append((path, source, format))
    return jobs


def read_papers(paths: Iterable[str | os.PathLike[str]], format: str | None = None) -> Iterator[Paper | BadRecord]:
    """Stream the papers of every path; a directory stands for the input files in it.

    `format` (one of FORMATS) overrides detection; '-' reads standard input (its format found from
    its content). Raises ReaderError at once for an unknown format or a path that does not exist;
    anything wrong inside a file becomes a BadRecord, and so does a binary file (PDF, zip, ...).
    """
    return _read_jobs(input_files(paths, format))


def read_batches(paths: Iterable[str | os.PathLike[str]], format: str | None = None) -> Iterator[Paper | BadRecord | jsonl.LineBatch]:
    """As :func:`read_papers`, but a JSON Lines file comes as raw line batches (decode each with
    ``jsonl.decode_batch``, e.g. in a worker process), so the reading process only reads bytes."""
    return _read_jobs(input_files(paths, format), batches=True)


def input_files(paths: Iterable[str | os.PathLike[str]], format: str | None = None) -> list[_Job]:
    """Every input file the paths stand for, in reading order, as (path, source, format or None
    to detect when reading).

    Raises ReaderError for an unknown format or a path that does not exist."""
    if format is not None and format not in READERS:
        raise ReaderError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    jobs: list[_Job] = []
    for given in paths:
        path = Path(given)
        if os.fspath(given) == STDIN:
            jobs.append((path, STDIN, None if format == "txtdir" else format))
        elif path.is_dir():
            jobs.extend(_directory_jobs(path, os.fspath(given), format))
        elif path.exists():
            jobs.append((path, os.fspath(given), format))
        else:
            raise ReaderError(f"{os.fspath(given)}: no such file or directory")
    return jobs


def _spool_stdin(folder: str) -> Path:
    """Standard input copied to a file, so that it can be sniffed and read like any other input."""
    target = Path(folder) / "stdin"
    with open(target, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin, out)
    return target


def _read_jobs(jobs: list[_Job], batches: bool = False) -> Iterator[Paper | BadRecord]:
    for path, source, format in jobs:
        if source != STDIN:
            yield from _read_job(path, source, format, batches)
            continue
        with tempfile.TemporaryDirectory(prefix="lbx-stdin-") as spool:
            yield from _read_job(_spool_stdin(spool), source, format, batches)


def _read_job(path: Path, source: str, format: str | None, batches: bool = False) -> Iterator[Paper | BadRecord]:
    last_line = 0
    try:
        fmt = format or detect_format(path)
        kind = binary_kind(path) if path.is_file() and fmt != "parquet" else None
        if kind:
            yield BadRecord(source=source, line=None,
                            error=f"not a text file ({kind}); lbx reads paper listings, JSON Lines, JSON, CSV, TSV, XML "
                                  "and Parquet")
            return
        reader = jsonl.read_batches if batches and fmt == "jsonl" else READERS[fmt]
        for item in reader(path, source):
            last_line = item.line or last_line
            yield item
    except (OSError, EOFError, zlib.error, UnicodeError, ReaderError) as exc:
        where = f" after line {last_line}" if last_line else ""
        yield BadRecord(source=source, line=None, error=f"could not read the file{where}: {exc}")
