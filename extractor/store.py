"""The DuckDB store: papers and their claims, ingested in batches, queried for boards and pages.

Two tables hold everything:

* ``papers``: one row per paper, keyed by ``paper_id``, with the file and line it was read from.
  Every paper read is stored, with or without claims.
* ``claims``: one row per claim, keyed by ``(paper_id, claim_no)``: every :class:`~schemas.Claim`
  field plus what is derived when it is stored: ``setting`` (from the qualifiers), and its board
  and any reason it may not rank (:mod:`extractor.derived`). ``corrections`` (readers' flags,
  :mod:`extractor.corrections`) and ``paper_links`` (one paper from two sources,
  :mod:`extractor.same_paper`) sit beside them, and so do the boards ranked from them
  (:mod:`extractor.board_tables`), ranked again by each write for the benchmarks it touched.

Ingest semantics. Items are cut into batches; each batch becomes a pair of Arrow tables, appended
to Parquet files in a folder of their own (:mod:`extractor.staging`), so memory stays flat however
large the input. When the input is exhausted, one transaction replaces every staged paper in the
visible tables: its old row and old claims are deleted and the new ones inserted. So re-ingesting
the same papers replaces them instead of duplicating them, and an ingest that is interrupted (an
exception from the input, Ctrl-C, a crash) leaves the visible store exactly as it was before the
ingest started: nothing is half-written. Within one ingest, a paper id seen twice keeps its last
occurrence.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor import board_tables, corrections, same_paper
from extractor.derived import DERIVED_COLUMNS, missing_columns, rederive
from extractor.frames import pandas_type
from extractor.settings import SETTINGS, setting_of

if TYPE_CHECKING:  # the store reads extractions but does not need the extraction machinery loaded
    import duckdb
    import pandas as pd
    import pyarrow as pa

    from extractor.pipeline import PaperExtraction
    from extractor.staging import Staged
    from schemas import BadRecord, Claim, Kind, Paper

# duckdb, pandas, pyarrow and the record models (pydantic) load where used: printing a board needs no
# pandas, and the worker processes of an ingest, forked before the store is opened, no duckdb.

DEFAULT_DB = "lbx.duckdb"

# Column name -> DuckDB type, in table order. Paper and Claim fields first, bookkeeping after.
PAPER_COLUMNS: dict[str, str] = {
    "paper_id": "VARCHAR", "title": "VARCHAR", "abstract": "VARCHAR", "date": "VARCHAR", "date_text": "VARCHAR",
    "authors": "VARCHAR[]", "authors_count": "INTEGER", "url": "VARCHAR", "categories": "VARCHAR[]",
    "source": "VARCHAR", "line": "INTEGER",
}
CLAIM_COLUMNS: dict[str, str] = {
    "paper_id": "VARCHAR",
    "claim_no": "INTEGER",
    "paper_title": "VARCHAR",
    "value": "DOUBLE",
    "value_text": "VARCHAR",
    "value_high": "DOUBLE",
    "unit": "VARCHAR",
    "kind": "VARCHAR",
    "benchmark": "VARCHAR",
    "benchmark_id": "VARCHAR",
    "split": "VARCHAR",
    "metric": "VARCHAR",
    "metric_id": "VARCHAR",
    "higher_is_better": "BOOLEAN",
    "model": "VARCHAR",
    "qualifiers": "VARCHAR[]",
    "sentence": "VARCHAR",
    "start": "INTEGER",
    "end": "INTEGER",
    "rule": "VARCHAR",
    "setting": "VARCHAR",
    **DERIVED_COLUMNS,
}


def __getattr__(name: str) -> Any:
    """``PAPER_FIELDS`` and ``CLAIM_FIELDS``: the record models' field names, in model order."""
    if name in ("PAPER_FIELDS", "CLAIM_FIELDS"):
        return _model_fields()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _model_fields() -> dict[str, tuple[str, ...]]:
    from schemas import Claim, Paper

    return {"PAPER_FIELDS": tuple(Paper.model_fields), "CLAIM_FIELDS": tuple(Claim.model_fields)}


# DuckDB's memory during an ingest's last transaction: past it the sorts and the inserts go to disk,
# so memory stays flat however large the input (DuckDB's default is most of the machine's memory).
# Every step works on a bounded part (a chunk of boards, board_tables.CHUNK_CLAIMS), so this holds
# a million records; with the main process's own ~170 MB an ingest's process tree stays < 300 MB.
# 64MB failed at a million records, 256MB took 450 MB in all for the three corpora.
INGEST_MEMORY = "96MB"
_STAGED_IDS, _SUPERSEDED = "_lbx_staged_ids", "_lbx_superseded"  # (paper_id, seq) staged; seqs not kept
_STAGED_PAPERS, _STAGED_CLAIMS = "_lbx_staged_papers", "_lbx_staged_claims"
_OLD_LINKS = "_lbx_old_links"  # paper_links before the ingest: papers whose link changed have boards to rank again


def q(name: str) -> str:
    """A column name quoted for SQL (``end`` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def _cols(columns: Iterable[str], prefix: str = "") -> str:
    return ", ".join(prefix + q(c) for c in columns)


def _ddl(table: str, columns: dict[str, str], extra: str = "", temp: bool = False) -> str:
    body = ", ".join(f"{q(name)} {kind}" for name, kind in columns.items())
    return f"CREATE {'TEMP ' if temp else ''}TABLE IF NOT EXISTS {table} ({body}{extra})"


@dataclass
class IngestReport:
    """What one ingest read and stored."""

    papers: int = 0
    papers_with_claims: int = 0
    claims: int = 0
    bad_records: list[BadRecord] = field(default_factory=list)
    replaced: int = 0  # papers that were already in the store and got replaced
    merged: int = 0  # papers found to be the same paper as one from another source
    repeated: int = 0  # records whose paper id came earlier in the same input (the last one read is kept)

    @property
    def new(self) -> int:
        """Papers read that were not in the store (a paper read twice in one input counts twice)."""
        return self.papers - self.replaced


class StoreOutdated(RuntimeError):
    """A store written by an older lbx, opened read-only so it cannot be upgraded."""


class Store:
    """A DuckDB file of papers and claims. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False):
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise FileNotFoundError(f"no store at {self.path} (run `lbx ingest` first)")
        self.read_only = read_only
        import duckdb

        self.conn: duckdb.DuckDBPyConnection = duckdb.connect(self.path, read_only=read_only)
        self._cache: dict[str, Any] = {}
        if not read_only:
            self._create_schema()
        elif missing_columns(self.conn):
            self.conn.close()
            raise StoreOutdated(f"the store {self.path} predates board columns; open it for writing once (lbx ingest) to upgrade it")

    def _create_schema(self) -> None:
        self.conn.execute(_ddl("papers", PAPER_COLUMNS, ", ingested_at TIMESTAMP, PRIMARY KEY (paper_id)"))
        self.conn.execute(_ddl("claims", CLAIM_COLUMNS))
        self.conn.execute("CREATE INDEX IF NOT EXISTS claims_board ON claims (benchmark_id, metric_id)")
        self.conn.execute(corrections.DDL)
        self.conn.execute(same_paper.DDL)
        if missing_columns(self.conn):  # a store made before boards had their own columns
            rederive(self.conn)
            same_paper.relink(self.conn)
            board_tables.refresh(self.conn, everything=True)

    # -- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ----------------------------------------------------------------------------------
    def ingest(self, items: Iterable[PaperExtraction | BadRecord], batch_size: int = 500) -> IngestReport:
        """Store papers and their claims; see the module docstring for the transaction rules."""
        from extractor.staging import extraction_tables

        bad: list[BadRecord] = []
        report = self.ingest_tables(extraction_tables(items, batch_size, bad))
        report.bad_records = bad
        return report

    def ingest_tables(self, batches: Iterable[tuple[pa.Table, pa.Table]]) -> IngestReport:
        """Store batches already in their staged form (:func:`extractor.staging.batch_tables`, in input
        order), as :meth:`ingest` does."""
        from extractor.staging import Staged

        if self.read_only:
            raise PermissionError("this store was opened read-only")
        with Staged(self.staging_folder()) as staged:  # deleted on success and on any interruption
            for papers, claims in batches:
                staged.add(papers, claims)
            return self.ingest_staged(staged)

    def staging_folder(self) -> Path | None:
        """Where an ingest stages its rows: beside the store file (the system's temporary folder for
        a store in memory)."""
        return None if self.path == ":memory:" else Path(self.path).resolve().parent

    def ingest_staged(self, staged: Staged) -> IngestReport:
        """Replace the papers of ``staged`` in the visible tables, in one transaction."""
        if self.read_only:
            raise PermissionError("this store was opened read-only")
        report = IngestReport(papers=staged.papers, papers_with_claims=staged.papers_with_claims, claims=staged.claims)
        if not staged.papers:
            return report
        from extractor.staging import arrow_without_pandas

        arrow_without_pandas()  # the staged files are read through pyarrow, which needs no pandas for it
        self._cache.clear()
        conn = self.conn
        (memory_limit,) = conn.execute("SELECT current_setting('memory_limit')").fetchone()
        (threads,) = conn.execute("SELECT current_setting('threads')").fetchone()
        conn.execute(f"SET memory_limit = '{INGEST_MEMORY}'")
        # One thread: a second splits the reading of the staged files, which then lose their order
        # (the papers would not be stored in input order). Relink runs beside it on a thread of its own.
        conn.execute("SET threads = 1")
        papers, claims = _STAGED_PAPERS, _STAGED_CLAIMS

        def staged_rows() -> None:  # the staged files, read afresh for each statement that reads them
            for name, reader in zip((papers, claims), staged.readers()):
                conn.register(name, reader)

        readings: list[str] = []

        def papers_after(cursor: duckdb.DuckDBPyConnection) -> str:
            """SQL for the papers as this write leaves them, read through ``cursor`` (which sees
            the store as committed): those stored and not replaced, and the staged ones from
            their file."""
            readings.append(f"{papers}_{len(readings)}")
            cursor.register(readings[-1], staged.reader("papers"))
            if len(readings) == 1:  # what the write replaces, and the occurrences of a paper it does not keep
                cursor.register(_STAGED_IDS, conn.sql(f"SELECT paper_id FROM {_STAGED_IDS}").to_arrow_table())
                if last:
                    cursor.register(_SUPERSEDED, conn.sql(f"SELECT seq FROM {_SUPERSEDED}").to_arrow_table())
            stored = ", ".join(c for c in same_paper.COLUMNS if c not in same_paper.KEY_COLUMNS)
            return (f"(SELECT {stored}, {same_paper.NO_KEYS} FROM papers WHERE paper_id NOT IN (SELECT paper_id FROM {_STAGED_IDS}) "
                    f"UNION ALL SELECT {', '.join(same_paper.COLUMNS)} FROM {readings[-1]}{last})")

        try:
            conn.begin()
            boards_current = board_tables.prepare(conn)
            staged_rows()
            conn.execute(f"CREATE TEMP TABLE {_STAGED_IDS} AS SELECT paper_id, seq FROM {papers}")
            ((distinct,),) = conn.execute(f"SELECT count(DISTINCT paper_id) FROM {_STAGED_IDS}").fetchall()
            report.repeated = staged.papers - int(distinct)
            last = ""
            if report.repeated:  # a paper id read more than once: only its last occurrence is stored
                conn.execute(
                    f"CREATE TEMP TABLE {_SUPERSEDED} AS SELECT s.seq FROM {_STAGED_IDS} s JOIN "
                    f"(SELECT paper_id, max(seq) AS last FROM {_STAGED_IDS} GROUP BY paper_id HAVING count(*) > 1) r "
                    "USING (paper_id) WHERE s.seq < r.last"
                )
                # NOT IN, not IN or a semi join: with those, sorting the claims ran out of DuckDB's memory.
                last = f" WHERE seq NOT IN (SELECT seq FROM {_SUPERSEDED})"
            staged_ids = f"SELECT paper_id FROM {_STAGED_IDS}"
            ids = f"({staged_ids})"
            ((replaced,),) = conn.execute(f"SELECT count(*) FROM papers WHERE paper_id IN {ids}").fetchall()
            if replaced:
                board_tables.touch_papers(conn, staged_ids)  # the boards of the claims about to go
                conn.execute(f"DELETE FROM claims WHERE paper_id IN {ids}")
                conn.execute(f"DELETE FROM papers WHERE paper_id IN {ids}")
            conn.execute(f"CREATE TEMP TABLE {_OLD_LINKS} AS SELECT * FROM paper_links")
            with same_paper.Relinking(conn, papers_after) as links:  # found while the rows go in
                _insert_claims(conn, staged_rows, last)
                staged_rows()
                conn.execute(f"INSERT INTO papers SELECT {_cols(PAPER_COLUMNS)}, now()::TIMESTAMP FROM {papers}{last}")
                links.write(conn)
            report.merged = same_paper.merged_among(conn, ids)
            # The boards of the new claims, and of papers that became, or stopped being, another's copy.
            board_tables.touch_papers(conn, f"{staged_ids} UNION SELECT paper_id FROM ((SELECT * FROM {_OLD_LINKS} "
                                      f"EXCEPT SELECT * FROM paper_links) UNION ALL (SELECT * FROM paper_links "
                                      f"EXCEPT SELECT * FROM {_OLD_LINKS}))")
            board_tables.refresh(conn, everything=not boards_current)
            conn.commit()
            report.replaced = int(replaced)
        finally:
            _rollback_quietly(conn)
            for name in (papers, claims):
                conn.unregister(name)
            conn.execute(f"DROP TABLE IF EXISTS {_STAGED_IDS}")
            conn.execute(f"DROP TABLE IF EXISTS {_SUPERSEDED}")
            conn.execute(f"DROP TABLE IF EXISTS {_OLD_LINKS}")
            conn.execute(f"SET memory_limit = '{memory_limit}'")
            conn.execute(f"SET threads = {threads}")
        return report

    def ingest_paths(
        self, paths: Sequence[str | Path] | str | Path, format: str | None = None, batch_size: int = 500, workers: int = 1
    ) -> IngestReport:
        """Read, extract and store the papers of files or folders."""
        from extractor.pipeline import extract_stream
        from extractor.readers import read_papers

        if isinstance(paths, (str, Path)):
            paths = [paths]
        items = extract_stream(read_papers([str(p) for p in paths], format=format), workers=workers)
        return self.ingest(items, batch_size=batch_size)

    # -- queries ---------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        """Run one read query on a cursor of its own (safe from several threads) into a DataFrame.

        Results travel through Arrow, which is several times faster than row-wise conversion:
        integers and booleans become pandas' nullable dtypes, lists stay Arrow lists (a cell is a
        Python list).
        """
        with self.conn.cursor() as cur:
            table = cur.sql(sql, params=params).to_arrow_table() if params else cur.sql(sql).to_arrow_table()
        return table.to_pandas(types_mapper=pandas_type)

    def records(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[dict[str, Any]]:
        """Run one read query on a cursor of its own into a list of ``{column: value}`` dicts.

        Plain Python values (lists for lists, None for nulls), without pandas or Arrow: for results
        small enough to handle row by row. :func:`extractor.frames.frame` makes of them the
        DataFrame that :meth:`query` returns.
        """
        with self.conn.cursor() as cur:
            cur.execute(sql, params or None)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        with self.conn.cursor() as cur:
            row = cur.execute(sql, params).fetchone() if params else cur.execute(sql).fetchone()
        return row[0] if row else None

    def forget(self) -> None:
        """Drop remembered results (after a write)."""
        self._cache.clear()

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered until this store ingests again."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def papers(self) -> pd.DataFrame:
        return self.query("SELECT * FROM papers ORDER BY paper_id")

    def paper(self, paper_id: str) -> dict | None:
        with self.conn.cursor() as cur:
            cur.execute("SELECT * FROM papers WHERE paper_id = ?", [paper_id])
            row = cur.fetchone()
            names = [d[0] for d in cur.description]
        return dict(zip(names, row)) if row else None

    def paper_claims(self, paper_id: str) -> pd.DataFrame:
        return self.query("SELECT * FROM claims WHERE paper_id = ? ORDER BY claim_no", [paper_id])

    def claims(
        self,
        kind: str | Kind | Iterable[str | Kind] | None = None,
        benchmark_id: str | None = None,
        metric_id: str | None = None,
        model: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Claims with their paper's title and date, filtered in SQL.

        ``kind`` is one kind or several; ``benchmark_id`` and ``metric_id`` match exactly; ``model``
        matches case-insensitively; ``text`` is a case-insensitive substring of the sentence, the
        model, the benchmark (as written or canonical) or the paper title.
        """
        where, params = claim_filters(kind=kind, benchmark_id=benchmark_id, metric_id=metric_id, model=model, text=text)
        sql = (
            "SELECT c.* REPLACE (coalesce(nullif(p.title, ''), c.paper_title) AS paper_title), p.date "
            f"FROM claims c LEFT JOIN papers p ON p.paper_id = c.paper_id {where} "
            "ORDER BY c.paper_id, c.claim_no"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, params)

    def stats(self) -> dict:
        by_kind = self.query("SELECT kind, count(*) AS n FROM claims GROUP BY kind ORDER BY kind")
        boards = self.scalar(
            "SELECT count(*) FROM (SELECT DISTINCT board_benchmark, board_metric, split, setting FROM claims "
            "WHERE kind = 'score' AND board_benchmark IS NOT NULL)"
        )
        return {
            "papers": int(self.scalar("SELECT count(*) FROM papers")),
            "claims": int(by_kind["n"].sum()) if len(by_kind) else 0,
            "claims_by_kind": {str(k): int(n) for k, n in zip(by_kind["kind"], by_kind["n"])},
            "benchmarks": int(self.scalar("SELECT count(DISTINCT benchmark_id) FROM claims")),
            "boards": int(boards),
        }


def claim_filters(
    kind: str | Kind | Iterable[str | Kind] | None = None,
    benchmark_id: str | None = None,
    metric_id: str | None = None,
    model: str | None = None,
    text: str | None = None,
    alias: str = "c",
    paper_alias: str = "p",
) -> tuple[str, list[Any]]:
    """A ``WHERE`` clause (or ``""``) and its parameters for the usual claim filters."""
    clauses: list[str] = []
    params: list[Any] = []
    if kind is not None:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        clauses.append(f"{alias}.kind IN ({', '.join('?' * len(kinds))})")
        params += [str(k.value if isinstance(k, Enum) else k) for k in kinds]
    for column, value in (("benchmark_id", benchmark_id), ("metric_id", metric_id)):
        if value is not None:
            clauses.append(f"{alias}.{column} = ?")
            params.append(value)
    if model is not None:
        clauses.append(f"lower({alias}.model) = lower(?)")
        params.append(model)
    if text:
        fields = [f"{alias}.sentence", f"{alias}.model", f"{alias}.benchmark", f"{alias}.benchmark_id"]
        fields.append(f"coalesce({paper_alias}.title, {alias}.paper_title)")
        clauses.append("(" + " OR ".join(f"contains(lower({f}), lower(?))" for f in fields) + ")")
        params += [text] * len(fields)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _insert_claims(conn: duckdb.DuckDBPyConnection, staged_rows: Callable[[], None], last: str) -> None:
    """The staged claims (those ``last`` keeps) into ``claims``, in board order: a board's rows then
    sit together, and reading them touches few blocks.

    A few boards at a time (:func:`extractor.board_tables.chunks`), then the claims without a board:
    one sort of every claim needs memory in proportion to the input (a million claims did not sort
    in 96MB), a sort of a chunk at most a chunk's worth. Each step reads the staged files afresh."""
    claims = _STAGED_CLAIMS
    where = last or " WHERE true"
    staged_rows()
    sizes = conn.execute(
        f"SELECT board_benchmark, count(*) FROM {claims}{where} AND board_benchmark IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    insert = f"INSERT INTO claims SELECT {_cols(CLAIM_COLUMNS)} FROM {claims}{where}"
    for chunk in board_tables.chunks(sizes):
        staged_rows()
        conn.execute(f"{insert} AND board_benchmark IN (SELECT unnest($chunk)) ORDER BY board_benchmark, board_metric",
                     {"chunk": chunk})
    staged_rows()
    conn.execute(f"{insert} AND board_benchmark IS NULL")


def _rollback_quietly(conn: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if there is one."""
    import duckdb

    try:
        conn.rollback()
    except duckdb.TransactionException:  # none was open
        pass
