"""Everything the pages read, through Streamlit's caches.

Queries share a read-only connection that closes half a second after the last one
(``extractor.store_access.LingeringReader``), so the dashboard never keeps `lbx ingest` out of the
file for long; results live in
``st.cache_data``, keyed by the store's path and the query's arguments, and app.py clears them when
the file changes. Adding papers from the Upload page writes through a short-lived read-write
connection (DuckDB lets a single process write a file), then clears every cache.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import joined, optional  # noqa: F401 (the pages call them as data.*)

DB_ENV = "LBX_DB"
DEFAULT_DB = "lbx.duckdb"
CLAIMS_LIMIT = 10_000  # rows the claims explorer shows at once; downloads take the whole filtered view
TABLE_ROWS = 1_000  # ranks the leaderboard table shows; the board's download has them all
PROGRESSION_COLUMNS = ("split", "setting", "date", "value", "model", "paper_id", "paper_title")


def db_path(argv: list[str] | None = None) -> str:
    """The store to show: ``--db PATH`` after ``streamlit run app.py --``, else $LBX_DB, else ./lbx.duckdb."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--" in args:
        args = args[args.index("--") + 1 :]
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(args)
    return str(Path(known.db or os.environ.get(DB_ENV) or DEFAULT_DB).expanduser().resolve())


def store_exists(path: str) -> bool:
    return Path(path).is_file()


@st.cache_resource(show_spinner=False, on_release=lambda reader: reader.close())
def _reader(path: str):
    """The read-only connection of ``path``, open only while queries come (see LingeringReader)."""
    from extractor.store_access import LingeringReader

    return LingeringReader(path)


def _query(path: str, fn, *args, **kwargs):
    """Run ``fn(store, *args, **kwargs)`` on a read-only connection that closes soon after."""
    with _reader(path).use() as store:
        return fn(store, *args, **kwargs)


def clear_caches() -> None:
    """Forget every cached result."""
    st.cache_data.clear()
    _reader.clear()


# --- overview ---------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def stats(path: str) -> dict:
    return _query(path, lambda store: store.stats())


@st.cache_data(show_spinner=False)
def boards(path: str) -> pd.DataFrame:
    """Every board (benchmark, metric, split, setting) with its number of entries, most populated first."""
    from extractor.boards import list_boards

    frame = _query(path, list_boards)
    return frame.sort_values("entries", ascending=False, kind="stable").reset_index(drop=True)


# --- leaderboard ------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def benchmarks(path: str) -> pd.DataFrame:
    """One row per benchmark: benchmark_id, boards, entries; most entries first."""
    frame = boards(path)
    if frame.empty:
        return pd.DataFrame({"benchmark_id": [], "boards": [], "entries": []})
    out = frame.groupby("benchmark_id", dropna=True).agg(
        boards=("entries", "size"), entries=("entries", "sum"), name=("name", "first")
    )
    return out.reset_index().sort_values(["entries", "benchmark_id"], ascending=[False, True], kind="stable")


@st.cache_data(show_spinner=False)
def resolve(path: str, name: str) -> str | None:
    """The canonical benchmark for a name or alias, any case, or None."""
    from extractor.boards import resolve_benchmark

    return _query(path, resolve_benchmark, name) if name.strip() else None


def _narrow(rows: pd.DataFrame, split: str | None, setting: str | None) -> pd.DataFrame:
    """The rows of exactly one (split, setting) partition, None being the partition without one."""
    keep = pd.Series(True, index=rows.index)
    for column, wanted in (("split", split), ("setting", setting)):
        if column in rows:
            keep &= rows[column].isna() if wanted is None else rows[column] == wanted
    return rows[keep].reset_index(drop=True)


def _partition(path: str, benchmark: str, metric: str | None, split: str | None, setting: str | None,
               full_rows: int | None = None):
    """The ranked board (``extractor.boards.Board``) of exactly one partition: benchmark, metric, split, setting.
    With ``full_rows``, rows past that many carry no text (``extractor.boards.board``).

    ``extractor.boards.board`` reads a None split or setting as "every partition"; here None means the
    partition without one, as the board list names them, so the rows are narrowed to it.
    """
    from extractor.boards import board as build

    # None is the partition without a metric, which board() names "none" (its None picks the most populated).
    result = _query(path, build, benchmark, metric="none" if metric is None else metric, setting=setting, split=split,
                    full_rows=full_rows, as_frame=True)
    result.rows = _narrow(result.rows, split, setting)
    result.split, result.setting = split, setting
    return result


@dataclass
class Leaderboard:
    """What the leaderboard page shows of one board partition."""

    board: Any  # extractor.boards.Board, its rows cut to the first ``top`` ranks, with value_text and code
    entries: int  # rows of the whole partition
    progression: pd.DataFrame  # best result over time, as many points as the chart draws
    others: pd.DataFrame  # the shown papers' values on the benchmark's metrics (extractor.boards.metric_values)


@st.cache_data(show_spinner=False, max_entries=32)
def leaderboard(
    path: str, benchmark: str, metric: str | None, split: str | None, setting: str | None, top: int = TABLE_ROWS
) -> Leaderboard:
    """One partition's board, ranked, with its SOTA progression and the shown papers' other metrics;
    small enough to cache and redraw fast."""
    from extractor.boards import metric_values, row_details, sota_progression

    from dashboard.charts import MAX_POINTS, cap_points

    result = _partition(path, benchmark, metric, split, setting, full_rows=top)  # the rows below are counted and charted
    # Held entries set no record; the progression reads a few columns of every ranked row.
    ranked = result.rows.loc[result.rows["rank"].notna(), [c for c in PROGRESSION_COLUMNS if c in result.rows]]
    progression = cap_points(sota_progression(ranked, result.higher_is_better), result.higher_is_better, MAX_POINTS)
    entries = len(result.rows)
    shown = result.rows.head(top)
    details = _query(path, row_details, shown["record_id"].dropna().astype(str).tolist())
    result.rows = shown.merge(details, on="record_id", how="left")
    listed = boards(path)
    metrics = listed.loc[listed["benchmark_id"] == result.benchmark_id, "metric_id"].dropna().nunique()
    papers = result.rows["paper_id"].dropna().astype(str).unique().tolist() if metrics > 1 else []
    others = _query(path, metric_values, benchmark, papers, split=split, setting=setting)  # no query without papers
    return Leaderboard(result, entries, progression, _narrow(others, split, setting))


@st.cache_data(show_spinner=False, max_entries=32)
def leaderboard_table(
    path: str, benchmark: str, metric: str | None, split: str | None, setting: str | None, top: int = TABLE_ROWS
) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """The leaderboard's table (``dashboard.board_table``) and its other-metric columns with their units."""
    from dashboard import board_table

    view = leaderboard(path, benchmark, metric, split, setting, top=top)  # the page's call, so its cache entry
    rows = view.board.rows
    return board_table.metric_columns(board_table.board_table(rows), rows, view.others, view.board.metric_id)


def export_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """A frame as a download in the store's export formats (CSV made safe for spreadsheets)."""
    from extractor.exports import write_frame

    out = io.StringIO()
    write_frame(frame, fmt, out)
    return out.getvalue().encode("utf-8")


def board_csv(path: str, benchmark: str, metric: str | None, split: str | None, setting: str | None) -> bytes:
    """The whole partition as CSV, for a download (not cached: it is asked for on a click)."""
    return export_bytes(_partition(path, benchmark, metric, split, setting).rows, "csv")


@st.cache_data(show_spinner=False)
def improvements(path: str, benchmark: str) -> pd.DataFrame:
    from extractor.boards import claimed_improvements

    return _query(path, claimed_improvements, benchmark)


@st.cache_data(show_spinner=False)
def efficiency(path: str, benchmark: str) -> pd.DataFrame:
    from extractor.boards import efficiency_claims

    return _query(path, efficiency_claims, benchmark)


# --- claims and papers ------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def claims(
    path: str,
    kind: str | None = None,
    benchmark_id: str | None = None,
    metric_id: str | None = None,
    model: str | None = None,
    text: str | None = None,
    limit: int | None = CLAIMS_LIMIT,
) -> pd.DataFrame:
    """The claims the filters select, their paper text readable (the cached, shown view)."""
    return readable_text(_query(
        path,
        lambda store: store.claims(
            kind=kind, benchmark_id=benchmark_id, metric_id=metric_id, model=model or None, text=text or None, limit=limit
        ),
    ))


def claims_export(path: str, fmt: str, **filters: Any) -> bytes:
    """Every claim the filters select (no row limit), as a download; not cached, asked for on a click."""
    return export_bytes(_query(path, lambda store: store.claims(**filters)), fmt)


@st.cache_data(show_spinner=False, max_entries=64)
def find_papers(path: str, text: str = "", limit: int = 500) -> tuple[pd.DataFrame, int]:
    """Papers (paper_id, title, date) whose title or id contains ``text``, those with claims first,
    then newest first, and how many match."""
    where = "WHERE contains(lower(coalesce(title, '')), lower(?)) OR contains(lower(paper_id), lower(?))" if text else ""
    params = [text, text] if text else None

    def run(store):
        found = store.query(
            f"SELECT paper_id, title, date FROM papers {where} "
            "ORDER BY EXISTS (SELECT 1 FROM claims c WHERE c.paper_id = papers.paper_id) DESC, "
            f"date DESC NULLS LAST, paper_id LIMIT {int(limit)}",
            params,
        )
        return found, int(store.scalar(f"SELECT count(*) FROM papers {where}", params))

    return _query(path, run)


@st.cache_data(show_spinner=False, max_entries=256)
def paper(path: str, paper_id: str) -> dict | None:
    return _query(path, lambda store: store.paper(paper_id))


@st.cache_data(show_spinner=False, max_entries=256)
def paper_claims(path: str, paper_id: str) -> pd.DataFrame:
    return _query(path, lambda store: store.paper_claims(paper_id))


# --- upload -----------------------------------------------------------------------------------


def extract_file(name: str, content: bytes, format: str | None = None) -> list:
    """Read one uploaded file and extract its claims: a list of PaperExtraction and BadRecord."""
    import tempfile

    from extractor.pipeline import extract_stream
    from extractor.readers import read_papers

    # Readers pick the format from the file name, so the upload keeps its own.
    with tempfile.TemporaryDirectory(prefix="lbx-upload-") as tmp:
        target = Path(tmp) / Path(name).name
        target.write_bytes(content)
        return list(extract_stream(read_papers([target], format=format)))


def ingest(path: str, items: Iterable):
    """Add extracted papers to the store at ``path``; returns the store's IngestReport."""
    from extractor.store_access import open_store

    clear_caches()  # closes this process's read-only connection: DuckDB will not open a writer beside it
    with open_store(path, read_only=False) as store:
        report = store.ingest(items)
    clear_caches()
    return report


def flag_entry(path: str, record_id: str, reason: str) -> None:
    """Store a reader's "this entry is wrong" (see ``extractor.corrections``); the board drops it."""
    from extractor.corrections import flag
    from extractor.store import Store

    clear_caches()  # releases the read-only connection before a writer opens the file
    with Store(path, read_only=False) as store:
        flag(store, record_id, reason)
    clear_caches()


# --- shared bits of page furniture ----------------------------------------------------------


def require_store() -> str:
    """The current store's path; on a missing store, says how to make one and stops the page."""
    path = db_path()
    if not store_exists(path):
        st.info("There is no store here yet. Ingest papers with `lbx ingest`, or add a file on the Upload page.")
        st.text(f"Store path: {path}")
        st.stop()
    return path


def records(frame: pd.DataFrame) -> list[dict]:
    """A frame as JSON-ready dicts (NaN becomes null, timestamps ISO strings)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))


def jsonable(record: dict) -> dict:
    """A paper record as JSON-ready data."""
    return json.loads(json.dumps(record, default=str))


# Paper text a table shows as it reads (no raw `\\%` or `$\\times$`); downloads keep it as written.
TEXT_COLUMNS = ("paper_title", "title", "sentence", "value_text", "model", "benchmark", "metric")


def readable_text(frame: pd.DataFrame, columns: Iterable[str] = TEXT_COLUMNS) -> pd.DataFrame:
    """A copy of ``frame`` with its paper-text columns made readable (``dashboard.highlight.readable``)."""
    from dashboard.highlight import readable

    out = frame.copy()
    for col in columns:
        if col in out:
            out[col] = out[col].map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else readable(v))
    return out


def flatten_lists(frame: pd.DataFrame, columns: Iterable[str] = ("qualifiers", "authors", "categories")) -> pd.DataFrame:
    """A copy of ``frame`` with its list columns joined into text, for tables."""
    out = frame.copy()
    for col in columns:
        if col in out:
            out[col] = out[col].map(joined)
    return out
