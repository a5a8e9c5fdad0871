"""Leaderboards over the store: one board per canonical (benchmark, metric), ranked in DuckDB SQL.

Rules, in the order they apply:

* Only ``score`` claims with a board rank. ``delta`` and ``relative`` claims are listed by
  :func:`claimed_improvements`, ``efficiency`` claims by :func:`efficiency_claims`.
* A board is a (benchmark, metric) pair, worked out per claim when it is stored
  (:mod:`extractor.board_keys`): registry benchmarks refined into editions, dataset years and task
  variants, open boards (``open:<name>``) for benchmarks the registry lacks; the registry's
  default metric for metric-less claims, metric synonyms merged. A metric-less partition that
  remains is the board's metric ``None`` (``--metric none``).
* Held rows: a claim with a reason not to rank (:mod:`extractor.plausibility`: impossible value,
  cost, bare 1, hedged or collective statement, no method named, a metric the benchmark's
  leaderboards do not use) and an outlier beyond 3 IQR of the median on the better side, unless
  another paper confirms its value, are shown without a rank, with ``held`` saying why. Records a
  reader flagged, and second copies of a paper read from two sources, are not shown.
* Split Split (normalised: lower case, spaces to hyphens)
  and setting (zero-shot, few-shot, fine-tuned, linear probe, from the qualifiers) partition it:
  each (split, setting) partition is ranked on its own, and :func:`board` can filter to one.
* Direction: the majority of the claims' ``higher_is_better`` for the (benchmark, metric); when no
  claim says, the metric registry's; when nothing says, highest first and ``higher_is_better`` is None.
* Scale: a metric is a percentage when the registry gives it a percent scale or any of its claims on
  the benchmark has unit "%". On a percentage board whose values (all splits and settings) are
  mostly, or half, on the percent scale (above 1, or written with "%"), a bare value in (0, 1)
  written as a fraction (0.853) is multiplied by 100; on one whose values are mostly bare fractions, the percent values are divided
  by 100. Either way the row's ``rescaled`` is true. A board of only bare fractions stays as written.
* One row per (model, paper): the best claim by the board's direction (ties: earliest in the
  abstract). Model names compare case-insensitively. A claim without a model is listed (held) as
  "(unnamed)".
* Ranks are SQL ``rank()``: equal values share a rank and the next rank skips (1, 1, 3).

Boards are ranked when the store is written and read from :mod:`extractor.board_tables`; a store
whose board tables are missing or out of date is ranked on reading, by the same SQL.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extractor.frames import frame, frame_records
from extractor import board_query as bq
from extractor import board_tables
from extractor.board_keys import OPEN_PREFIX
from extractor.board_query import metric_facts as _metric_facts, registry_lookup as _registry_lookup
from extractor.progression import SOTA_COLUMNS, sota_progression  # noqa: F401  (part of this module's API)
from extractor.settings import SETTINGS, setting_of

if TYPE_CHECKING:
    import pandas as pd

    from extractor.store import Store

# pandas loads only where a DataFrame is made: board() and board_list() work on plain rows.

__all__ = [
    "SETTINGS", "UNNAMED", "Board", "UnknownBenchmark", "UnknownMetric", "all_boards", "board", "board_list",
    "claimed_improvements", "efficiency_claims", "unregistered", "list_boards", "metric_values", "paper_link",
    "resolve_benchmark", "resolve_metric", "row_details", "setting_of", "sota_progression",
]

UNNAMED = bq.UNNAMED
# A board row's columns and their DuckDB types (the DataFrame of Board.rows has the matching dtypes).
ROW_TYPES = {
    "rank": "BIGINT", "model": "VARCHAR", "value": "DOUBLE", "unit": "VARCHAR", "rescaled": "BOOLEAN",
    "paper_id": "VARCHAR", "paper_title": "VARCHAR", "date": "VARCHAR", "link": "VARCHAR", "sentence": "VARCHAR",
    "qualifiers": "VARCHAR[]", "split": "VARCHAR", "setting": "VARCHAR", "held": "VARCHAR", "record_id": "VARCHAR",
}
ROW_COLUMNS = list(ROW_TYPES)
# Rows of metric_values: one (model, paper)'s value on each metric of a benchmark.
METRIC_VALUE_TYPES = {
    "metric_id": "VARCHAR", "model": "VARCHAR", "paper_id": "VARCHAR", "value": "DOUBLE", "unit": "VARCHAR",
    "split": "VARCHAR", "setting": "VARCHAR", "rank": "BIGINT",
}
BOARD_LIST_TYPES = {
    "benchmark_id": "VARCHAR", "metric_id": "VARCHAR", "split": "VARCHAR", "setting": "VARCHAR", "entries": "BIGINT",
    "papers": "BIGINT", "held": "BIGINT", "claims": "BIGINT", "higher_is_better": "BOOLEAN", "open": "BOOLEAN",
    "name": "VARCHAR",
}
LISTING_COLUMNS = [
    "kind", "model", "value", "value_text", "unit", "metric_id", "split", "setting", "paper_id",
    "paper_title", "date", "link", "sentence", "qualifiers",
]

_MODEL = bq.MODEL
_SPLIT = bq.SPLIT
_TITLE = "coalesce(nullif(p.title, ''), c.paper_title)"
_ARXIV_RE = re.compile(bq.ARXIV_PATTERN)
NO_METRIC = ("none", "(none)", "-")


@dataclass
class Board:
    """A ranked board: its rows ranked within each (split, setting), as ``records`` (dicts with
    ROW_COLUMNS keys, plain Python values) or as the DataFrame ``rows``, each made from the other
    when first read. Setting ``rows`` replaces both (to narrow a board's rows, say)."""

    benchmark_id: str
    metric_id: str | None
    higher_is_better: bool | None
    split: str | None
    setting: str | None
    note: str | None
    name: str | None = None  # how the board is shown: the id, or an open board's usual spelling
    total: int | None = None  # rows of the board (of the partitions asked for) before any limit
    _records: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)
    _rows: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def records(self) -> list[dict[str, Any]]:
        if self._records is None:
            self._records = [] if self._rows is None else frame_records(self._rows)
        return self._records

    @property
    def rows(self) -> pd.DataFrame:
        if self._rows is None:
            self._rows = frame(self._records or [], ROW_TYPES)
        return self._rows

    @rows.setter
    def rows(self, rows: pd.DataFrame) -> None:
        self._rows, self._records = rows, None


class UnknownBenchmark(LookupError):
    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown benchmark {name!r}{hint}")


class UnknownMetric(LookupError):
    def __init__(self, name: str, benchmark_id: str, available: list[str]):
        self.name, self.benchmark_id, self.available = name, benchmark_id, available
        super().__init__(f"no metric {name!r} on {benchmark_id}; it has: {', '.join(available) or 'none'}")


# -- names ---------------------------------------------------------------------------------------
def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _match(name: str, names: list[dict[str, Any]], registry_kind: str, stored_only: bool = False) -> str | None:
    """The id that ``name`` means among ``names`` (rows of id, surface, n).

    In order: an id equal to ``name`` case-insensitively; the registry's canonical entry for it;
    a surface form (as written in abstracts) equal case-insensitively, mapped to its most frequent
    id; the same two comparisons ignoring everything but letters and digits. A registry entry
    that ``names`` lacks is returned only when ``stored_only`` is false.
    """
    wanted = name.strip()
    if not wanted:
        return None
    ids = {str(r["id"]).lower(): str(r["id"]) for r in names if r["id"] is not None}
    if wanted.lower() in ids:
        return ids[wanted.lower()]
    entry = _registry_lookup(registry_kind, wanted)
    if entry is not None:
        candidates = [str(c) for c in (getattr(entry, "id", None), getattr(entry, "name", None)) if c]
        for cand in candidates:
            if cand.lower() in ids:
                return ids[cand.lower()]
        if candidates and not stored_only:
            return candidates[0]
    for key in (str.lower, _squash):
        target = key(wanted)
        by_id = {key(i): i for i in ids.values()}
        if target in by_id:
            return by_id[target]
        counts: dict[str, int] = {}
        for r in names:
            if r["id"] is not None and r["surface"] is not None and key(r["surface"]) == target:
                counts[r["id"]] = counts.get(r["id"], 0) + r["n"]
        if counts:  # the most frequent id; on a tie the first in sorted order
            return str(max(sorted(counts), key=counts.__getitem__))
    return None


def _benchmark_names(store: Store) -> list[dict[str, Any]]:
    def compute() -> list[dict[str, Any]]:
        if board_tables.current(store):
            return board_tables.benchmark_names(store)
        return store.records(
            "SELECT board_benchmark AS id, benchmark AS surface, count(*) AS n FROM claims "
            "WHERE board_benchmark IS NOT NULL GROUP BY ALL"
        )

    return store.cached("benchmark_names", compute)


def resolve_benchmark(store: Store, name: str) -> str | None:
    """The canonical benchmark id for a canonical name, a registry alias or a surface form; any case."""
    return _match(name, _benchmark_names(store), "benchmarks")


def _require_benchmark(store: Store, name: str) -> str:
    names = _benchmark_names(store)
    found = _match(name, names, "benchmarks")
    if found is None:
        pool = sorted({r[c] for r in names for c in ("id", "surface") if r[c] is not None})
        close = difflib.get_close_matches(name, pool, n=5, cutoff=0.6)
        raise UnknownBenchmark(name, close)
    return found


def _norm_split(split: str | None) -> str | None:
    """A split as boards compare it (the Python twin of the SQL ``_SPLIT``)."""
    if split is None:
        return None
    return re.sub(r"\s+", "-", split.strip().lower()) or None


def _norm_setting(setting: str | None) -> str | None:
    if setting is None:
        return None
    return setting_of([setting]) or setting.strip().lower()


def _partition_filter(split: str | None, setting: str | None) -> tuple[str, dict[str, Any]]:
    sql, params = "", {}
    if split is not None:
        sql += f" AND {_SPLIT} = $split"
        params["split"] = split
    if setting is not None:
        sql += " AND c.setting = $setting"
        params["setting"] = setting
    return sql, params


def resolve_metric(store: Store, benchmark_id: str, metric: str) -> str:
    """The benchmark's canonical metric id that ``metric`` names; raises :class:`UnknownMetric`."""
    names = _metric_names(store, benchmark_id)
    found = _match(metric, names, "metrics", stored_only=True)
    if found is None:
        raise UnknownMetric(metric, benchmark_id, sorted({r["id"] for r in names if r["id"] is not None}))
    return found


def _metric_names(store: Store, benchmark_id: str) -> list[dict[str, Any]]:
    if board_tables.current(store):
        return board_tables.metric_names(store, benchmark_id)
    return store.records(
        "SELECT c.board_metric AS id, c.metric AS surface, count(*) AS n FROM claims c "
        "WHERE c.kind = 'score' AND c.board_benchmark = $benchmark GROUP BY ALL",
        {"benchmark": benchmark_id},
    )


def _metric_counts(store: Store, benchmark_id: str, extra: str, params: dict[str, Any]) -> list[tuple[str | None, int]]:
    """The benchmark's metric ids (None for none) and their score claims: most first, ties by id, None last."""
    if board_tables.current(store):
        rows = board_tables.metric_counts(store, benchmark_id, params.get("split"), params.get("setting"))
    else:
        rows = store.records(
            "SELECT c.board_metric AS id, count(*) AS n FROM claims c "
            f"WHERE {bq.VISIBLE} AND c.board_benchmark = $benchmark {extra} GROUP BY c.board_metric",
            {"benchmark": benchmark_id, **params},
        )
    rows.sort(key=lambda r: (-r["n"], r["id"] is None, r["id"] or ""))
    return [(r["id"], r["n"]) for r in rows]


# -- ranking -------------------------------------------------------------------------------------
def _ranked(
    where: str, params: dict[str, Any], metric_ids: list[str], columns: list[str], keep: str = "",
    full_rows: int | None = None,
) -> tuple[str, dict[str, Any]]:
    return bq.ranked(where, params, _metric_facts(metric_ids), columns, keep, full_rows)


def paper_link(paper_id: str | None, url: str | None = None) -> str | None:
    """The paper's URL when it has one, else the arXiv abstract page of an arXiv-style id."""
    if url:
        return url
    match = _ARXIV_RE.match(paper_id or "")
    return bq.ARXIV_ABS + match.group(1) if match else None


def board(
    store: Store, benchmark: str, metric: str | None = None, setting: str | None = None, split: str | None = None,
    full_rows: int | None = None, limit: int | None = None, as_frame: bool = False,
) -> Board:
    """The ranked board of a benchmark (any name it goes by) and metric.

    Without ``metric`` the most populated metric of the benchmark is used, and ``note`` says so when
    there was a choice. Without ``split``/``setting`` every partition is returned, each ranked on its
    own (the rows' ``split`` and ``setting`` columns tell them apart). With ``full_rows`` only the
    first that many rows of each partition carry link, sentence and qualifiers (None below); with
    ``limit``, only the first that many rows of each partition are returned (``total`` counts them all).
    ``as_frame`` fetches the rows as the DataFrame ``rows`` at once (faster for many rows).
    Raises :class:`UnknownBenchmark` or :class:`UnknownMetric`.
    """
    benchmark_id = _require_benchmark(store, benchmark)
    split, setting = _norm_split(split), _norm_setting(setting)
    extra, params = _partition_filter(split, setting)
    note = None
    if metric is not None and metric.strip().lower() in NO_METRIC:
        metric_id = None
    elif metric is not None:
        metric_id = resolve_metric(store, benchmark_id, metric)
    else:
        counts = _metric_counts(store, benchmark_id, extra, params)
        named = [mid for mid, _ in counts if mid is not None]
        metric_id = named[0] if named else None
        if len(counts) > 1:
            listed = ", ".join(f"{'(none)' if m is None else m} {n}" for m, n in counts)
            note = f"picked metric {metric_id or '(none)'} (most populated of {len(counts)}: {listed}; --metric none for claims without one)"
    rows, total = _board_rows(store, benchmark_id, metric_id, split, setting, extra, params, full_rows, limit, as_frame)
    if as_frame:
        known = rows["higher_is_better"].dropna()
        higher_is_better = bool(known.iloc[0]) if len(known) else None
    else:
        higher_is_better = next((bool(r["higher_is_better"]) for r in rows if r["higher_is_better"] is not None), None)
    if not len(rows):
        note = _join(note, f"no score claims for {benchmark_id}" + (f" / {metric_id}" if metric_id else ""))
    elif higher_is_better is None:
        note = _join(note, "direction unknown: ranked highest first")
    name = _display_name(store, benchmark_id)
    found = Board(benchmark_id, metric_id, higher_is_better, split, setting, note, name=name, total=total)
    if as_frame:
        found.rows = rows.drop(columns="higher_is_better")  # the board's, not a row's
    else:
        for row in rows:
            del row["higher_is_better"]
        found._records = rows
    return found


def _board_rows(
    store: Store, benchmark_id: str, metric_id: str | None, split: str | None, setting: str | None, extra: str,
    params: dict[str, Any], full_rows: int | None, limit: int | None, as_frame: bool,
) -> tuple[Any, int]:
    """A board's rows (with higher_is_better; records, or a DataFrame ``as_frame``), at most ``limit``
    a partition, and how many it has."""
    columns = [*ROW_COLUMNS, "higher_is_better"]
    if board_tables.current(store):  # ranked when the store was written
        rows = board_tables.board_rows(store, columns, benchmark_id, metric_id, True, split, setting, full_rows, limit,
                                       frame=as_frame)
        total = len(rows) if limit is None else board_tables.board_count(store, benchmark_id, metric_id, split, setting)
        return rows, total
    where = "AND c.board_benchmark = $benchmark " + ("AND c.board_metric = $metric" if metric_id else "AND c.board_metric IS NULL")
    params = {**params, "benchmark": benchmark_id, **({"metric": metric_id} if metric_id else {})}
    ranked = _ranked(where + extra, params, [metric_id] if metric_id else [], columns, full_rows=full_rows)
    if as_frame:
        rows = store.query(*ranked)
        head = rows if limit is None else rows.groupby(["split", "setting"], dropna=False, sort=False).head(limit)
        return head.reset_index(drop=True), len(rows)
    rows = store.records(*ranked)
    return (rows if limit is None else partition_head(rows, limit)), len(rows)


def partition_head(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` rows of each (split, setting) partition, in the rows' order."""
    seen: dict[tuple[Any, Any], int] = {}
    kept = []
    for row in rows:
        key = (row["split"], row["setting"])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            kept.append(row)
    return kept


def _display_name(store: Store, benchmark_id: str) -> str:
    """A registry board's id, or an open board's most frequent spelling."""
    if not benchmark_id.startswith(OPEN_PREFIX):
        return benchmark_id
    spellings = [r for r in _benchmark_names(store) if r["id"] == benchmark_id and r["surface"]]
    return max(spellings, key=lambda r: (r["n"], -len(r["surface"]), r["surface"]))["surface"] if spellings else benchmark_id


def _join(note: str | None, more: str) -> str:
    return f"{note}; {more}" if note else more


def all_boards(store: Store) -> pd.DataFrame:
    """Every board's rows, ranked and held, with benchmark_id and metric_id first (for exports)."""
    columns = ["benchmark_id", "metric_id", "higher_is_better", *ROW_COLUMNS]
    if board_tables.current(store):
        return board_tables.board_rows(store, columns, frame=True)
    metric_ids = store.records("SELECT DISTINCT board_metric FROM claims WHERE board_metric IS NOT NULL")
    return store.query(*_ranked("", {}, sorted(r["board_metric"] for r in metric_ids), columns))


def metric_values(
    store: Store, benchmark: str, papers: list[str], split: str | None = None, setting: str | None = None
) -> pd.DataFrame:
    """What ``papers`` claim on every metric of a benchmark, for its metrics side by side: rows of
    METRIC_VALUE_TYPES, one per (metric, split, setting, model, paper) with its best claim there.

    Values are on each metric board's scale (judged over all its claims). Ranks and outliers are
    judged among these papers only, so a row without a rank is held; ``split``/``setting`` filter
    as in :func:`board`.
    """
    benchmark_id = _require_benchmark(store, benchmark)
    if not papers:
        return frame([], METRIC_VALUE_TYPES)
    extra, params = _partition_filter(_norm_split(split), _norm_setting(setting))
    metric_ids = [mid for mid, _ in _metric_counts(store, benchmark_id, extra, params) if mid is not None]
    params = {**params, "benchmark": benchmark_id, "papers": sorted(set(papers))}
    keep = "b.paper_id IN (SELECT unnest($papers))"
    return store.query(*_ranked("AND c.board_benchmark = $benchmark" + extra, params, metric_ids, list(METRIC_VALUE_TYPES), keep))


def row_details(store: Store, record_ids: list[str]) -> pd.DataFrame:
    """For board rows (``record_id``, paper id '#' claim number): the number as the abstract writes
    it (value_text) and the code repository the abstract names (code, an https URL). Asked for the
    rows a page shows only: it reads their abstracts."""
    if not record_ids:
        return frame([], {"record_id": "VARCHAR", "value_text": "VARCHAR", "code": "VARCHAR"})
    papers, numbers = zip(*(rid.rsplit("#", 1) for rid in record_ids), strict=True)
    return store.query(
        f"SELECT w.paper_id || '#' || w.claim_no AS record_id, c.value_text, {bq.code_link('p.abstract')} AS code "
        "FROM (SELECT unnest($papers) AS paper_id, unnest($numbers) AS claim_no) w "
        "JOIN claims c ON c.paper_id = w.paper_id AND c.claim_no = w.claim_no "
        "LEFT JOIN papers p ON p.paper_id = c.paper_id",
        {"papers": list(papers), "numbers": [int(n) for n in numbers]},
    )


def _undirected(row: dict[str, Any]) -> bool:
    return row["higher_is_better"] is None and row["metric_id"] is not None


def _registry_directions(rows: list[dict[str, Any]]) -> dict[str, bool]:
    """The registry's direction of each metric of ``rows`` that no claim gives one."""
    facts = _metric_facts(sorted({r["metric_id"] for r in rows if _undirected(r)}))
    return {**{m: True for m in facts["higher"]}, **{m: False for m in facts["lower"]}}


def board_list(store: Store) -> list[dict[str, Any]]:
    """:func:`list_boards` as rows (dicts with BOARD_LIST_TYPES keys), without pandas.

    ``higher_is_better`` is None where neither the claims nor the registry give a direction.
    """
    rows = board_tables.board_list(store) if board_tables.current(store) else store.records(bq.BOARD_LIST)
    direction = _registry_directions(rows)
    for row in rows:
        if _undirected(row):
            row["higher_is_better"] = direction.get(row["metric_id"])
    return rows


def list_boards(store: Store) -> pd.DataFrame:
    """One row per board partition: benchmark_id, metric_id, split, setting, entries, papers, held,
    claims, higher_is_better, open (not a registry benchmark) and name (how to show it).

    ``entries`` counts the rows free to rank (distinct model and paper), ``papers`` their papers,
    ``held`` the claims listed with a reason instead; ``claims`` all of them. Most populated
    benchmarks first, then most populated metrics.
    """
    return frame(board_list(store), BOARD_LIST_TYPES)


def unregistered(store: Store, min_papers: int = 2) -> list[dict[str, Any]]:
    """Benchmarks the registry lacks, named (with a score) by at least ``min_papers`` papers."""
    return store.records(bq.UNREGISTERED, {"min_papers": min_papers})


# -- listings and progression -------------------------------------------------------------------
def _listing(store: Store, benchmark: str, kinds: tuple[str, ...]) -> pd.DataFrame:
    benchmark_id = _require_benchmark(store, benchmark)
    marks = ", ".join(f"'{k}'" for k in kinds)
    rows = store.query(
        f"SELECT c.kind, {_MODEL} AS model, c.value, c.value_text, c.unit, c.metric_id, {_SPLIT} AS split, "
        f"c.setting, c.paper_id, {_TITLE} AS paper_title, p.date, {bq.link('c.paper_id', 'p.url')} AS link, "
        "c.sentence, c.qualifiers "
        "FROM claims c LEFT JOIN papers p ON p.paper_id = c.paper_id "
        f"WHERE c.benchmark_id = (SELECT coalesce(mode(benchmark_id ORDER BY benchmark_id), $benchmark) FROM claims "
        f"WHERE board_benchmark = $benchmark) AND c.kind IN ({marks}) "
        "ORDER BY p.date DESC NULLS LAST, c.paper_id, c.claim_no",
        {"benchmark": benchmark_id},
    )
    return rows[LISTING_COLUMNS]


def claimed_improvements(store: Store, benchmark: str) -> pd.DataFrame:
    """``delta`` and ``relative`` claims on a benchmark, newest paper first; not ranked."""
    return _listing(store, benchmark, ("delta", "relative"))


def efficiency_claims(store: Store, benchmark: str) -> pd.DataFrame:
    """``efficiency`` claims on a benchmark, newest paper first; not ranked."""
    return _listing(store, benchmark, ("efficiency",))
