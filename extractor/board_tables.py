"""Boards kept as tables: every board ranked when the store is written, so reading one is a lookup.

Ranking a board (:mod:`extractor.board_query`) reads all its claims: on a store of a million records
a large board took seconds and most of a gigabyte to rank, every time it was shown. So each write
of the store (an ingest, a flag or unflag, an upgrade) ranks again the benchmarks it touched, in the
same transaction, into three tables:

* ``board_rows``: every ranked and held row of every board, as :data:`extractor.board_query.RANKED`
  gives them, with ``position``, the row's place in its (split, setting) partition;
* ``board_list``: one row per board partition, as :data:`extractor.board_query.BOARD_LIST` gives
  them, with ``bench_entries`` (the benchmark's entries) to order them by;
* ``board_names``: how often each benchmark and metric is written each way, for name lookups.

``board_state`` holds what the tables were made from: a stamp of the ranking SQL and the metric
registry, and the number of claims, corrections and paper links then. A store whose tables are
missing or whose state differs (made by an older lbx, written by other means, a registry that
changed since) is read by ranking its claims as before (:func:`current` is false), and its next
write ranks every board again. Rows are the same either way.
"""

from __future__ import annotations

import functools
import hashlib
from typing import TYPE_CHECKING, Any

from extractor import board_query as bq

if TYPE_CHECKING:
    import duckdb

    from extractor.store import Store

ROWS, LIST, NAMES, STATE = "board_rows", "board_list", "board_names", "board_state"
# Benchmarks ranked by one statement, and claims sorted into board order by one: up to this many
# claims (a larger benchmark gets one of its own). Bounds the memory they take, so a whole store is
# ranked within an ingest's memory limit (store.INGEST_MEMORY: 100,000 ran out of 96MB).
CHUNK_CLAIMS = 30_000
_TOUCHED = "_lbx_touched_boards"
# The columns of board_rows: the ranking query's, then the row's order within its partition.
_EXTRA = {"sort_key": "r.sort_key", "position": bq.POSITION}
ROW_EXPRESSIONS = {**bq.RANKED_COLUMNS, **_EXTRA}
_NAMES = """
SELECT c.board_benchmark AS benchmark_id, c.benchmark, c.board_metric AS metric_id, c.metric,
       c.kind = 'score' AS score, count(*) AS n
FROM claims c WHERE c.board_benchmark IS NOT NULL {where} GROUP BY ALL
"""
_COUNTS = "(SELECT count(*) FROM claims), (SELECT count(*) FROM corrections), (SELECT count(*) FROM paper_links)"


@functools.cache
def stamp() -> str:
    """What the tables depend on besides the claims: the SQL that ranks and lists, the metric registry."""
    from extractor.registry import DATA_DIR

    digest = hashlib.sha256()
    for text in (bq.RANKED, bq.BOARD_GROUPS, _NAMES, repr(sorted(ROW_EXPRESSIONS.items()))):
        digest.update(text.encode())
    try:
        digest.update((DATA_DIR / "metrics.toml").read_bytes())
    except OSError:
        pass
    return digest.hexdigest()[:16]


def _exists(conn: duckdb.DuckDBPyConnection) -> bool:
    ((n,),) = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name IN (?, ?, ?, ?)",
        [ROWS, LIST, NAMES, STATE],
    ).fetchall()
    return n == 4


def _is_current(conn: duckdb.DuckDBPyConnection) -> bool:
    if not _exists(conn):
        return False
    rows = conn.execute(f"SELECT stamp, claims, corrections, links, {_COUNTS} FROM {STATE}").fetchall()
    return len(rows) == 1 and rows[0][0] == stamp() and tuple(rows[0][1:4]) == tuple(rows[0][4:7])


def current(store: Store) -> bool:
    """Do the board tables hold the store's boards as they are? (Remembered until the store is written.)"""
    return store.cached("board_tables_current", lambda: _cursor_check(store))


def _cursor_check(store: Store) -> bool:
    with store.conn.cursor() as cur:
        return _is_current(cur)


# -- writing ------------------------------------------------------------------------------------
def touch_papers(conn: duckdb.DuckDBPyConnection, papers_sql: str, params: Any = None) -> None:
    """Note the benchmarks of the claims of ``papers_sql`` (SQL giving paper ids), as they are now,
    as touched: :func:`refresh` ranks them again. Call before and after the papers change."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_TOUCHED} (benchmark_id VARCHAR)")
    conn.execute(
        f"INSERT INTO {_TOUCHED} SELECT DISTINCT board_benchmark FROM claims "
        f"WHERE board_benchmark IS NOT NULL AND paper_id IN ({papers_sql})",
        params,
    )


def prepare(conn: duckdb.DuckDBPyConnection) -> bool:
    """Before a write: whether the tables are current, so that ranking the touched benchmarks again
    will do (else :func:`refresh` ranks them all). Clears what earlier writes touched."""
    conn.execute(f"DROP TABLE IF EXISTS {_TOUCHED}")
    return _is_current(conn)


def refresh(conn: duckdb.DuckDBPyConnection, everything: bool) -> None:
    """Rank again the benchmarks :func:`touch_papers` noted (``everything``: every benchmark), and
    record the state. Runs in the caller's transaction."""
    if everything or not _exists(conn):  # made afresh: their columns may have changed with the stamp
        _create(conn)
        scope = "SELECT DISTINCT board_benchmark FROM claims WHERE board_benchmark IS NOT NULL"
    else:
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_TOUCHED} (benchmark_id VARCHAR)")
        scope = f"SELECT DISTINCT benchmark_id FROM {_TOUCHED}"
        for table in (ROWS, LIST, NAMES):
            conn.execute(f"DELETE FROM {table} WHERE benchmark_id IN ({scope})")
    sizes = conn.execute(
        f"SELECT board_benchmark, count(*) FROM claims WHERE board_benchmark IN ({scope}) GROUP BY 1 ORDER BY 1"
    ).fetchall()
    metrics = [r[0] for r in conn.execute("SELECT DISTINCT board_metric FROM claims WHERE board_metric IS NOT NULL").fetchall()]
    facts = bq.metric_facts(sorted(metrics))
    for chunk in chunks(sizes):
        where, params = "AND c.board_benchmark IN (SELECT unnest($chunk))", {"chunk": chunk}
        conn.execute(f"INSERT INTO {ROWS} BY NAME {_ranking(where)}", {**params, **facts})
        conn.execute(f"INSERT INTO {LIST} BY NAME {bq.BOARD_GROUPS.replace('{where}', where)}", params)
        conn.execute(f"INSERT INTO {NAMES} BY NAME {_NAMES.replace('{where}', where)}", params)
    conn.execute(f"DELETE FROM {STATE}")
    conn.execute(f"INSERT INTO {STATE} SELECT ?, {_COUNTS}", [stamp()])
    conn.execute(f"DROP TABLE IF EXISTS {_TOUCHED}")


def chunks(sizes: list[tuple[str, int]]) -> list[list[str]]:
    """Benchmarks (``(benchmark, claims)`` in order) cut into consecutive groups of at most
    CHUNK_CLAIMS claims (a larger benchmark is a group of its own)."""
    groups: list[list[str]] = []
    total = CHUNK_CLAIMS
    for benchmark, n in sizes:
        if total + n > CHUNK_CLAIMS:
            groups.append([])
            total = 0
        groups[-1].append(benchmark)
        total += n
    return groups


def _create(conn: duckdb.DuckDBPyConnection) -> None:
    """The tables, empty; each table's columns are those of the query that fills it (run on no claims)."""
    no_facts: dict[str, list[str]] = {"percent": [], "lower": [], "higher": []}
    conn.execute(f"CREATE OR REPLACE TABLE {ROWS} AS {_ranking('AND false')}", no_facts)
    conn.execute(f"CREATE OR REPLACE TABLE {LIST} AS {bq.BOARD_GROUPS.replace('{where}', 'AND false')}")
    conn.execute(f"CREATE OR REPLACE TABLE {NAMES} AS {_NAMES.replace('{where}', 'AND false')}")
    conn.execute(f"CREATE OR REPLACE TABLE {STATE} (stamp VARCHAR, claims BIGINT, corrections BIGINT, links BIGINT)")


def _ranking(where: str) -> str:
    """The ranking query of the claims ``where`` picks, giving board_rows' columns."""
    from extractor.store import q

    select = ", ".join(f"{sql} AS {q(name)}" for name, sql in ROW_EXPRESSIONS.items())
    return bq.RANKED.replace("{where}", where).replace("{keep}", "").replace("{columns}", select)


# -- reading ------------------------------------------------------------------------------------
def board_rows(
    store: Store, columns: list[str], benchmark_id: str | None = None, metric_id: str | None = None,
    metric_given: bool = False, split: str | None = None, setting: str | None = None,
    full_rows: int | None = None, limit: int | None = None, frame: bool = False,
):
    """Stored board rows, in board order: of one benchmark and metric (``metric_given``; None is
    the board without one), of one split and setting when given, at most ``limit`` per partition;
    with ``full_rows``, text columns only in the first that many of each partition. Records, or a
    DataFrame with ``frame``."""
    where, params = [], {}
    if benchmark_id is not None:
        where.append("benchmark_id = $benchmark")
        params["benchmark"] = benchmark_id
    if metric_given:
        where.append("metric_id = $metric" if metric_id is not None else "metric_id IS NULL")
        if metric_id is not None:
            params["metric"] = metric_id
    for name, value in (("split", split), ("setting", setting)):
        if value is not None:
            where.append(f"{name} = ${name}")
            params[name] = value
    if limit is not None:
        where.append(f"position <= {int(limit)}")

    from extractor.store import q

    def expr(c: str) -> str:
        if full_rows is not None and c in bq.HEAVY_COLUMNS:
            return f"CASE WHEN position <= {int(full_rows)} THEN {q(c)} END AS {q(c)}"
        return q(c)

    select = ", ".join(expr(c) for c in columns)
    sql = (
        f"SELECT {select} FROM {ROWS} {'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY benchmark_id, metric_id NULLS LAST, split NULLS FIRST, setting NULLS FIRST, position"
    )
    return store.query(sql, params) if frame else store.records(sql, params)


def board_count(store: Store, benchmark_id: str, metric_id: str | None, split: str | None, setting: str | None) -> int:
    """Rows of the stored board (every partition, or the one of ``split`` and ``setting``)."""
    where = "benchmark_id = $benchmark AND " + ("metric_id = $metric" if metric_id is not None else "metric_id IS NULL")
    params: dict[str, Any] = {"benchmark": benchmark_id, **({"metric": metric_id} if metric_id is not None else {})}
    for name, value in (("split", split), ("setting", setting)):
        if value is not None:
            where += f" AND {name} = ${name}"
            params[name] = value
    return int(store.scalar(f"SELECT count(*) FROM {ROWS} WHERE {where}", params))


def board_list(store: Store) -> list[dict[str, Any]]:
    return store.records(
f"SELECT * EXCLUDE (bench_entries) FROM {LIST} ORDER BY {bq.BOARD_ORDER}")


def metric_counts(store: Store, benchmark_id: str, split: str | None, setting: str | None) -> list[dict[str, Any]]:
    """The benchmark's visible score claims per metric id (rows of id, n), in the given partition."""
    where, params = "benchmark_id = $benchmark", {"benchmark": benchmark_id}
    for name, value in (("split", split), ("setting", setting)):
        if value is not None:
            where += f" AND {name} = ${name}"
            params[name] = value
    return store.records(f"SELECT metric_id AS id, sum(claims)::BIGINT AS n FROM {LIST} WHERE {where} GROUP BY metric_id", params)


def benchmark_names(store: Store) -> list[dict[str, Any]]:
    return store.records(f"SELECT benchmark_id AS id, benchmark AS surface, sum(n)::BIGINT AS n FROM {NAMES} GROUP BY ALL")


def metric_names(store: Store, benchmark_id: str) -> list[dict[str, Any]]:
    return store.records(
        f"SELECT metric_id AS id, metric AS surface, sum(n)::BIGINT AS n FROM {NAMES} "
        "WHERE score AND benchmark_id = $benchmark GROUP BY ALL",
        {"benchmark": benchmark_id},
    )
