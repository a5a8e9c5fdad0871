"""Exports of a store: records (claims), papers or every board, as CSV, JSON, JSON Lines or Parquet.

Records are written with exactly the :class:`~schemas.Claim` fields and papers with exactly the
:class:`~schemas.Paper` fields, so each JSON line of those exports is a valid record again. Boards
are every ranked row of every board (see :func:`extractor.boards.all_boards`).

CSV is made safe for spreadsheets by :func:`extractor.csv_policy.neutralise` (formula-like text
cells, header cells included, get a leading apostrophe; numbers stay numbers). List cells
(qualifiers, authors) are written as JSON.

:func:`write_frame` writes a DataFrame; :func:`write_records` writes rows fetched as plain Python
values (:meth:`extractor.store.Store.records`) to the same text without loading pandas.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from extractor.csv_policy import neutralise
from extractor.store import q

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from extractor.store import Store

WHATS = ("records", "papers", "boards")
FORMATS = ("csv", "json", "jsonl", "parquet")


def records_frame(store: Store) -> pd.DataFrame:
    from extractor.store import CLAIM_FIELDS

    return store.query(f"SELECT {', '.join(map(q, CLAIM_FIELDS))} FROM claims ORDER BY paper_id, claim_no")


def papers_frame(store: Store) -> pd.DataFrame:
    from extractor.store import PAPER_FIELDS

    return store.query(f"SELECT {', '.join(map(q, PAPER_FIELDS))} FROM papers ORDER BY paper_id")


def boards_frame(store: Store) -> pd.DataFrame:
    from extractor.boards import all_boards

    return all_boards(store)


FRAMES: dict[str, Callable[[Store], pd.DataFrame]] = {
    "records": records_frame,
    "papers": papers_frame,
    "boards": boards_frame,
}


def _is_listlike(value: object) -> bool:
    numpy = sys.modules.get("numpy")  # not loaded: no cell can be an array
    return isinstance(value, (list, tuple)) or (numpy is not None and isinstance(value, numpy.ndarray))


def _is_list_column(column: pd.Series) -> bool:
    first = column.dropna().head(1)
    return bool(len(first)) and _is_listlike(first.iloc[0])


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with list cells as JSON text and formula-like text cells neutralised, in the
    header too (the dashboard's compare matrix has a column per model name)."""
    import pandas as pd

    out = df.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            continue
        if _is_list_column(column):
            out[name] = column.map(lambda v: orjson.dumps(list(v)).decode() if _is_listlike(v) else v)
            continue
        out[name] = column.astype("string").map(neutralise, na_action="ignore")
    out.columns = [neutralise(name) for name in out.columns]
    return out


def _arrow(df: pd.DataFrame) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pandas(df, preserve_index=False)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _json_text(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n"
    return "".join(orjson.dumps(row).decode() + "\n" for row in rows)


def _emit(text: str, out: str | Path | IO[str]) -> None:
    if isinstance(out, (str, Path)) and str(out) != "-":
        Path(out).write_text(text, encoding="utf-8")
    else:
        (sys.stdout if str(out) == "-" else out).write(text)


def write_frame(df: pd.DataFrame, fmt: str, out: str | Path | IO[str]) -> None:
    """Write ``df`` as ``fmt`` to a path, ``-`` (standard output) or an open text stream."""
    _check_format(fmt)
    if fmt == "parquet":
        if not isinstance(out, (str, Path)) or str(out) == "-":
            raise ValueError("parquet needs a file to write to")
        import pyarrow.parquet as pq  # only here: it is slow to import

        pq.write_table(_arrow(df).replace_schema_metadata(None), str(out))  # no pandas dtype notes
        return
    if fmt == "csv":
        text = csv_safe(df).to_csv(index=False, lineterminator="\n")
    else:
        text = _json_text(_arrow(df).to_pylist(), fmt)
    _emit(text, out)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _csv_column(values: list[Any]) -> list[Any]:
    """One column's cells as :func:`csv_safe` and pandas' CSV writer turn them into text."""
    first = next((v for v in values if not _missing(v)), None)
    if _is_listlike(first):
        return [orjson.dumps(list(v)).decode() if _is_listlike(v) else "" if _missing(v) else v for v in values]
    # A float is written as its shortest round-trip text (87.0, 1e-05), as pandas writes float64.
    return ["" if _missing(v) else repr(v) if isinstance(v, float) else neutralise(v) for v in values]


def write_records(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, out: str | Path | IO[str]
) -> None:
    """Write ``rows`` (dicts with ``columns`` keys, all in one order; plain Python values) as CSV, JSON
    or JSON Lines.

    The text is what :func:`write_frame` writes of the same rows as a query's DataFrame (see
    :func:`extractor.frames.frame`): spreadsheet-safe CSV cells, NaN as an empty cell or null.
    """
    _check_format(fmt)
    if fmt == "parquet":
        raise ValueError("parquet is written from a DataFrame (write_frame)")
    if fmt == "csv":
        cells = [_csv_column([row[c] for row in rows]) for c in columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")  # the dialect pandas' to_csv writes with
        writer.writerow([neutralise(c) for c in columns])
        writer.writerows(zip(*cells))
        text = buffer.getvalue()
    else:  # orjson writes NaN as null, as the DataFrame path does
        columns = list(columns)
        same = not rows or list(rows[0]) == columns  # rows of one query share their keys' order
        text = _json_text(rows if same else [{c: row[c] for c in columns} for row in rows], fmt)
    _emit(text, out)


def export(store: Store, what: str, fmt: str, out: str | Path | IO[str]) -> int:
    """Write one export of ``store``; returns how many rows were written."""
    if what not in FRAMES:
        raise ValueError(f"unknown export {what!r}; one of {', '.join(WHATS)}")
    df = FRAMES[what](store)
    write_frame(df, fmt, out)
    return len(df)
