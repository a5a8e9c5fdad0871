"""What every command shares about output: the one set of output options of the read commands
(``--format table|csv|json|jsonl`` and ``-o FILE``), picking a format from a file's extension,
plain-text tables, and one-line errors.

A read command gets its rows as plain dicts and hands them to :func:`write_rows`; the format is
``--format`` if given, else the extension of ``-o``, else a table on the screen.
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


# File extension -> format, for every format some command writes.
EXTENSION_FORMATS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
                     ".txt": "table"}

FormatOpt = Annotated[
    Optional[OutputFormat],
    typer.Option("--format", "-f", case_sensitive=False,
                 help="table, csv, json (one list) or jsonl (one row a line). Default: from -o's extension, else table."),
]
OutputOpt = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="Write to this file instead of the screen (- for the screen).", dir_okay=False),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``error: message`` on stderr and stop with exit code ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def is_screen(output: Path | str | None) -> bool:
    return output is None or str(output) == "-"


def format_from_extension(output: Path | str | None) -> str | None:
    """'boards.csv' -> 'csv'; None when the name says nothing (no extension, '-', /dev/null)."""
    if is_screen(output):
        return None
    return EXTENSION_FORMATS.get(Path(str(output)).suffix.lower())


def choose_format(given: str | None, output: Path | str | None, allowed: Sequence[str], default: str | None) -> str:
    """The format to write: ``given``, else the one ``output``'s extension names, else ``default``.

    A given format that contradicts the extension, or an extension no allowed format has, is refused
    (``-o boards.csv --format json`` is almost certainly a mistake).
    """
    named = format_from_extension(output)
    suffix = "" if is_screen(output) else Path(str(output)).suffix
    if given is not None:
        if named is not None and named != given:
            fail(f"{output} looks like {named} but --format is {given}; make them agree", 2)
        if given not in allowed:
            fail(f"--format {given} is not available here; choose one of {', '.join(allowed)}", 2)
        return given
    if named is not None and named in allowed:
        return named
    if suffix:
        fail(f"cannot write {suffix} files ({output}); use one of {', '.join('.' + a for a in allowed if a != 'table')}"
             " or give --format", 2)
    if default is None and _is_device(output):
        return "jsonl" if "jsonl" in allowed else allowed[0]
    if default is None:
        fail(f"cannot tell which format to write to {output or 'the screen'}; add --format ({', '.join(allowed)})", 2)
    return default


def _is_device(output: Path | str | None) -> bool:
    """/dev/null, /dev/stdout, a named pipe: somewhere to stream to that is not a file."""
    if is_screen(output):
        return False
    path = Path(str(output))
    return path.exists() and not path.is_file() and not path.is_dir()


def check_writable(output: Path | str | None) -> None:
    """Refuse, before any work is done, a file that cannot be created: its folder is missing or is a file."""
    if is_screen(output):
        return
    path = Path(str(output))
    if path.is_dir():
        fail(f"{path} is a folder; give a file name")
    parent = path.parent
    if not parent.exists():
        fail(f"cannot write {path}: the folder {parent} does not exist")
    if not parent.is_dir():
        fail(f"cannot write {path}: {parent} is not a folder")


def write_rows(
    rows: list[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    output: Path | str | None,
    table: Callable[[list[dict[str, Any]]], str] | None = None,
) -> None:
    """Write ``rows`` as ``fmt`` to ``output`` (None or '-': standard output).

    ``table`` renders the rows as text for the table format (default: :func:`text_table` of ``columns``).
    """
    from extractor.exports import write_records

    if fmt == "table":
        text = (table or (lambda r: text_table(r, list(columns))))(rows)
        text = text if text.endswith("\n") else text + "\n"
    else:
        buffer = io.StringIO()
        write_records(rows, list(columns), fmt, buffer)
        text = buffer.getvalue()
    if is_screen(output):
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(str(output)).write_text(text, encoding="utf-8")


# -- plain-text tables ---------------------------------------------------------------------------
def missing(value: object) -> bool:
    return value is None or type(value).__name__ == "NAType" or (isinstance(value, float) and math.isnan(value))


def cell(value: object, width: int | None) -> str:
    if missing(value):
        text = ""
    elif isinstance(value, float):
        text = f"{value:.10g}"
    else:
        text = str(value)
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def text_table(
    rows: list[dict[str, Any]], columns: list[str], widths: dict[str, int] | None = None, numeric: Iterable[str] = ()
) -> str:
    """``rows`` as aligned plain text under ``columns``; ``numeric`` columns right-aligned, cells cut
    to ``widths`` characters."""
    widths, numeric = widths or {}, set(numeric)
    cells = {name: [cell(row[name], widths.get(name)) for row in rows] for name in columns}
    sizes = {name: max([len(name), *map(len, cells[name])]) for name in columns}

    def line(values: dict[str, str]) -> str:
        parts = [values[n].rjust(sizes[n]) if n in numeric else values[n].ljust(sizes[n]) for n in columns]
        return "  ".join(parts).rstrip()

    head = line({n: n for n in columns})
    lines = [line({n: cells[n][i] for n in columns}) for i in range(len(rows))]
    return "\n".join([head, "-" * len(head), *lines])
