"""Exports of a store: records (claims), papers or every board, as CSV, JSON, JSON Lines or Parquet.

Records are written with exactly the :class:`~schemas.Claim` fields and papers with exactly the
:class:`~schemas.Paper` fields, so each JSON line of those exports is a valid record again. Boards
are every ranked row of every board (see :func:`extractor.boards.all_boards`).

CSV is made safe for spreadsheets: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return, and is not a plain number, gets a leading apostrophe so it is shown as text
instead of being run as a formula. Numeric columns are written as numbers, and a text cell that
is a number ("+13.7", "-2.5%") is left alone. List cells (qualifiers, authors) are written as JSON.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa

from extractor.store import CLAIM_FIELDS, PAPER_FIELDS, q

if TYPE_CHECKING:
    from extractor.store import Store

WHATS = ("records", "papers", "boards")
FORMATS = ("csv", "json", "jsonl", "parquet")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?\s*%?"
_NUMBER_RE = re.compile(_NUMBER)


def records_frame(store: Store) -> pd.DataFrame:
    return store.query(f"SELECT {', '.join(map(q, CLAIM_FIELDS))} FROM claims ORDER BY paper_id, claim_no")


def papers_frame(store: Store) -> pd.DataFrame:
    return store.query(f"SELECT {', '.join(map(q, PAPER_FIELDS))} FROM papers ORDER BY paper_id")


def boards_frame(store: Store) -> pd.DataFrame:
    from extractor.boards import all_boards

    return all_boards(store)


FRAMES: dict[str, Callable[[Store], pd.DataFrame]] = {
    "records": records_frame,
    "papers": papers_frame,
    "boards": boards_frame,
}


def neutralise(cell: object) -> object:
    """One CSV cell made safe: a formula-like text gets a leading apostrophe; anything else as is."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and not _NUMBER_RE.fullmatch(cell):
        return "'" + cell
    return cell


def _is_listlike(value: object) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def _is_list_column(column: pd.Series) -> bool:
    first = column.dropna().head(1)
    return bool(len(first)) and _is_listlike(first.iloc[0])


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with list cells as JSON text and formula-like text cells neutralised."""
    out = df.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            continue
        if _is_list_column(column):
            out[name] = column.map(lambda v: orjson.dumps(list(v)).decode() if _is_listlike(v) else v)
            continue
        text = column.astype("string")
        risky = text.str.startswith(_FORMULA_START) & ~text.str.fullmatch(_NUMBER)
        out[name] = text.where(~risky.fillna(False).astype(bool), "'" + text)
    return out


def _arrow(df: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(df, preserve_index=False)


def write_frame(df: pd.DataFrame, fmt: str, out: str | Path | IO[str]) -> None:
    """Write ``df`` as ``fmt`` to a path, ``-`` (standard output) or an open text stream."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, (str, Path)) or str(out) == "-":
            raise ValueError("parquet needs a file to write to")
        import pyarrow.parquet as pq  # only here: it is slow to import

        pq.write_table(_arrow(df).replace_schema_metadata(None), str(out))  # no pandas dtype notes
        return
    if fmt == "csv":
        text = csv_safe(df).to_csv(index=False, lineterminator="\n")
    else:
        rows = _arrow(df).to_pylist()
        if fmt == "json":
            text = orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n"
        else:
            text = "".join(orjson.dumps(row).decode() + "\n" for row in rows)
    if isinstance(out, (str, Path)) and str(out) != "-":
        Path(out).write_text(text, encoding="utf-8")
    else:
        (sys.stdout if str(out) == "-" else out).write(text)


def export(store: Store, what: str, fmt: str, out: str | Path | IO[str]) -> int:
    """Write one export of ``store``; returns how many rows were written."""
    if what not in FRAMES:
        raise ValueError(f"unknown export {what!r}; one of {', '.join(WHATS)}")
    df = FRAMES[what](store)
    write_frame(df, fmt, out)
    return len(df)
