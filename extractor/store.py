"""The DuckDB store: papers and their claims, ingested in batches, queried for boards and pages.

Two tables hold everything:

* ``papers``: one row per paper, keyed by ``paper_id``, with the file and line it was read from.
  Every paper read is stored, with or without claims.
* ``claims``: one row per claim, keyed by ``(paper_id, claim_no)``: every :class:`~schemas.Claim`
  field plus what is derived when it is stored: ``setting`` (from the qualifiers), and its board
  and any reason it may not rank (:mod:`extractor.derived`). ``corrections`` (readers' flags,
  :mod:`extractor.corrections`) and ``paper_links`` (one paper from two sources,
  :mod:`extractor.same_paper`) sit beside them.

Ingest semantics. Items are cut into batches; each batch becomes a pair of Arrow tables held
in memory, moved in one transaction per move to connection-local temporary tables once more than
``SPILL_ROWS`` rows wait. When the input is exhausted, one last transaction replaces every staged
paper in the visible tables: its old row and old claims are deleted and the new ones inserted.
So re-ingesting the same papers replaces them instead of duplicating them, and an ingest that is
interrupted (an exception from the input, Ctrl-C, a crash) leaves the visible store exactly as it
was before the ingest started: nothing is half-written. Within one ingest, a paper id seen twice
keeps its last occurrence.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from extractor import corrections, same_paper
from extractor.derived import DERIVED_COLUMNS, derive_columns, missing_columns, rederive
from extractor.frames import arrow_type, pandas_type
from extractor.settings import SETTINGS, setting_of

if TYPE_CHECKING:  # the store reads extractions but does not need the extraction machinery loaded
    import pandas as pd
    import pyarrow as pa

    from extractor.pipeline import PaperExtraction
    from schemas import BadRecord, Claim, Kind, Paper

# pandas, pyarrow and the record models (pydantic) load where used: printing a board needs none.

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


SPILL_ROWS = 2_000_000  # staged rows kept in memory before they move to temporary tables
SPILL_BYTES = 32 << 20  # or staged bytes (abstracts make paper rows large)
# DuckDB's memory during an ingest: past it the staged temporary tables and the last transaction's
# sort go to disk, so memory stays flat however large the input (DuckDB's default is most of the
# machine's memory). Much less fails the last transaction (DuckDB needs a working set per thread).
INGEST_MEMORY = "128MB"
_STAGE_PAPERS = "_lbx_stage_papers"
_STAGE_CLAIMS = "_lbx_stage_claims"


def q(name: str) -> str:
    """A column name quoted for SQL (``end`` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def _cols(columns: Iterable[str], prefix: str = "") -> str:
    return ", ".join(prefix + q(c) for c in columns)


def _ddl(table: str, columns: dict[str, str], extra: str = "", temp: bool = False) -> str:
    body = ", ".join(f"{q(name)} {kind}" for name, kind in columns.items())
    return f"CREATE {'TEMP ' if temp else ''}TABLE IF NOT EXISTS {table} ({body}{extra})"


_PAPERS_STAGE_COLUMNS = {"seq": "BIGINT", **PAPER_COLUMNS}
_CLAIMS_STAGE_COLUMNS = {"seq": "BIGINT", **CLAIM_COLUMNS}


@functools.cache
def _arrow_schema(stage: str) -> pa.Schema:
    """The Arrow schema of the staged ``papers`` or ``claims``."""
    import pyarrow as pa

    columns = _PAPERS_STAGE_COLUMNS if stage == "papers" else _CLAIMS_STAGE_COLUMNS
    return pa.schema([(name, arrow_type(kind)) for name, kind in columns.items()])


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


class _Batch:
    """One batch of papers and their claims (as field dicts), turned column by column into Arrow tables."""

    def __init__(self) -> None:
        self.papers: list[dict[str, Any]] = []
        self.paper_seq: list[int] = []
        self.claims: list[dict[str, Any]] = []
        self.claim_seq: list[int] = []
        self.claim_paper: list[str] = []
        self.claim_no: list[int] = []

    def __len__(self) -> int:
        return len(self.papers)

    def add(self, seq: int, item: PaperExtraction) -> None:
        # Field values live in each model's __dict__; reading them there is the fast path.
        self.add_rows(seq, item.paper.__dict__, [c.__dict__ for c in item.claims])

    def add_rows(self, seq: int, paper: dict[str, Any], claims: list[dict[str, Any]]) -> None:
        """A paper's fields and its claims' fields (a model's ``__dict__`` or its ``model_dump``)."""
        self.papers.append(paper)
        self.paper_seq.append(seq)
        n = len(claims)
        if n:
            self.claims += claims
            self.claim_seq += [seq] * n
            self.claim_paper += [paper["paper_id"]] * n
            self.claim_no += range(n)

    def tables(self) -> tuple[pa.Table, pa.Table]:
        papers, claims = self.papers, self.claims
        paper_columns = {"seq": self.paper_seq, **{f: [d[f] for d in papers] for f in PAPER_COLUMNS}}
        # Claim fields are copied as they are (kind too: a Kind is a str); paper_id, claim_no and
        # setting are filled in here.
        copied = [f for f in _model_fields()["CLAIM_FIELDS"] if f != "paper_id"]
        claim_columns = {
            "seq": self.claim_seq,
            "paper_id": self.claim_paper,
            "claim_no": self.claim_no,
            **{f: [d[f] for d in claims] for f in copied},
            "setting": [_setting(tuple(d["qualifiers"])) if d["qualifiers"] else None for d in claims],
            **derive_columns(claims, _abstracts(papers, self.claim_paper)),
        }
        return _table(paper_columns, _arrow_schema("papers")), _table(claim_columns, _arrow_schema("claims"))


def _abstracts(papers: list[dict[str, Any]], claim_paper: list[str]) -> list[str | None]:
    """Each claim's paper abstract: the board rules may read it when the sentence and title say too little."""
    by_id = {p["paper_id"]: p.get("abstract") for p in papers}
    return [by_id.get(pid) for pid in claim_paper]


def batch_tables(rows: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]]) -> tuple[pa.Table, pa.Table]:
    """The staged form of papers and their claims, numbered from 0 in order: what a worker process
    builds for :meth:`Store.ingest_tables` (a paper as its fields, claims as ``model_dump`` dicts)."""
    batch = _Batch()
    for seq, (paper, claims) in enumerate(rows):
        batch.add_rows(seq, paper, claims)
    return batch.tables()


def _renumbered(table: pa.Table, offset: int) -> pa.Table:
    """``table`` with ``offset`` added to its ``seq`` column (a batch's place in the whole ingest)."""
    import pyarrow.compute as pc

    if not offset or not table.num_rows:
        return table
    return table.set_column(0, "seq", pc.add(table.column(0), offset))


def _table(columns: dict[str, list], schema: pa.Schema) -> pa.Table:
    import pyarrow as pa

    return pa.table([pa.array(columns[f.name], type=f.type) for f in schema], schema=schema)


@functools.lru_cache(maxsize=4096)
def _setting(qualifiers: tuple[str, ...]) -> str | None:
    return setting_of(qualifiers)


class _Staging:
    """The batches of one ingest, until they replace their papers in the visible tables.

    Batches wait in memory as Arrow tables; past ``SPILL_ROWS`` rows they move to temporary
    tables (one transaction a move). At the end the staged rows are the tables or views
    ``_lbx_stage_papers`` and ``_lbx_stage_claims``, whichever way they were kept.
    """

    def __init__(self, conn: duckdb.DuckDBPyConnection):
        self.conn = conn
        self.parts: tuple[list[pa.Table], list[pa.Table]] = ([], [])
        self.rows = self.bytes = 0
        self.spilled = False
        self.views: set[str] = set()

    def _register(self, name: str, table: pa.Table) -> None:
        self.conn.register(name, table)
        self.views.add(name)

    def add(self, papers: pa.Table, claims: pa.Table) -> None:
        for part, table in zip(self.parts, (papers, claims)):
            part.append(table)
            self.rows += table.num_rows
            self.bytes += table.nbytes
        if self.rows >= SPILL_ROWS or self.bytes >= SPILL_BYTES:
            self._spill()

    def _spill(self) -> None:
        import pyarrow as pa

        conn = self.conn
        if not self.spilled:
            conn.execute(_ddl(_STAGE_PAPERS, _PAPERS_STAGE_COLUMNS, temp=True))
            conn.execute(_ddl(_STAGE_CLAIMS, _CLAIMS_STAGE_COLUMNS, temp=True))
            self.spilled = True
        conn.begin()
        for name, part in zip((_STAGE_PAPERS, _STAGE_CLAIMS), self.parts):
            self._register("_lbx_batch", pa.concat_tables(part))
            conn.execute(f"INSERT INTO {name} SELECT * FROM _lbx_batch")
        conn.commit()
        self.parts, self.rows, self.bytes = ([], []), 0, 0

    def swap_in(self, deduplicate: bool) -> tuple[int, int]:
        """Replace the staged papers in the visible tables, in one transaction; returns how many
        existed and how many are the same paper as one from another source."""
        import pyarrow as pa

        conn = self.conn
        if self.spilled:
            if self.parts[0]:
                self._spill()
        else:
            for name, part in zip((_STAGE_PAPERS, _STAGE_CLAIMS), self.parts):
                self._register(name, pa.concat_tables(part))
        # When a paper id came more than once, only its last occurrence stays.
        last = f" WHERE seq IN (SELECT max(seq) FROM {_STAGE_PAPERS} GROUP BY paper_id)" if deduplicate else ""
        staged = f"(SELECT paper_id FROM {_STAGE_PAPERS})"
        conn.begin()
        (replaced,) = conn.execute(f"SELECT count(*) FROM papers WHERE paper_id IN {staged}").fetchone()
        if replaced:
            conn.execute(f"DELETE FROM claims WHERE paper_id IN {staged}")
            conn.execute(f"DELETE FROM papers WHERE paper_id IN {staged}")
        conn.execute(f"INSERT INTO papers SELECT {_cols(PAPER_COLUMNS)}, now()::TIMESTAMP FROM {_STAGE_PAPERS}{last}")
        # Stored in board order: a board's rows then sit together, and reading them touches few blocks.
        conn.execute(
            f"INSERT INTO claims SELECT {_cols(CLAIM_COLUMNS)} FROM {_STAGE_CLAIMS}{last} ORDER BY board_benchmark, board_metric"
        )
        same_paper.relink(conn)
        merged = same_paper.merged_among(conn, staged)
        conn.commit()
        return int(replaced), merged

    def close(self) -> None:
        """Undo whatever is unfinished and drop the staging."""
        _rollback_quietly(self.conn)
        for name in self.views:
            self.conn.unregister(name)
        self.views.clear()
        if self.spilled:
            self.conn.execute(f"DROP TABLE IF EXISTS {_STAGE_PAPERS}")
            self.conn.execute(f"DROP TABLE IF EXISTS {_STAGE_CLAIMS}")
        self.parts = ([], [])


class StoreOutdated(RuntimeError):
    """A store written by an older lbx, opened read-only so it cannot be upgraded."""


class Store:
    """A DuckDB file of papers and claims. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False):
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise FileNotFoundError(f"no store at {self.path} (run `lbx ingest` first)")
        self.read_only = read_only
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
        bad: list[BadRecord] = []
        report = self.ingest_tables(extraction_tables(items, batch_size, bad))
        report.bad_records = bad
        return report

    def ingest_tables(self, batches: Iterable[tuple[pa.Table, pa.Table]]) -> IngestReport:
        """Store batches already in their staged form (:func:`batch_tables`), as :meth:`ingest` does."""
        import pyarrow.compute as pc

        if self.read_only:
            raise PermissionError("this store was opened read-only")
        report = IngestReport()
        self._cache.clear()
        (memory_limit,) = self.conn.execute("SELECT current_setting('memory_limit')").fetchone()
        self.conn.execute(f"SET memory_limit = '{INGEST_MEMORY}'")
        staging = _Staging(self.conn)
        try:
            seen: set[str] = set()
            repeated = False
            for papers, claims in batches:
                if not papers.num_rows:
                    continue
                for paper_id in papers.column("paper_id").to_pylist():
                    repeated = repeated or paper_id in seen
                    seen.add(paper_id)
                staging.add(_renumbered(papers, report.papers), _renumbered(claims, report.papers))
                report.papers += papers.num_rows
                if claims.num_rows:
                    report.claims += claims.num_rows
                    report.papers_with_claims += pc.count_distinct(claims.column(0)).as_py()
            report.repeated = report.papers - len(seen)
            if report.papers:
                report.replaced, report.merged = staging.swap_in(deduplicate=repeated)
        finally:
            staging.close()  # on success and on any interruption, KeyboardInterrupt included
            self.conn.execute(f"SET memory_limit = '{memory_limit}'")
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


def extraction_tables(items: Iterable[PaperExtraction | BadRecord], batch_size: int, bad: list[BadRecord]) -> Iterator[tuple[pa.Table, pa.Table]]:
    """Extractions cut into batches in their staged form; bad records go to ``bad``."""
    from schemas import BadRecord

    batch = _Batch()
    for item in items:
        if isinstance(item, BadRecord):
            bad.append(item)
            continue
        batch.add(len(batch), item)
        if len(batch) >= batch_size:
            yield batch.tables()
            batch = _Batch()
    if len(batch):
        yield batch.tables()


def _rollback_quietly(conn: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if there is one."""
    try:
        conn.rollback()
    except duckdb.TransactionException:  # none was open
        pass
