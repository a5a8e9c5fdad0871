"""Leaderboards over the store: one board per canonical (benchmark, metric), ranked in DuckDB SQL.

Rules, in the order they apply:

* Only ``score`` claims with a canonical ``benchmark_id`` rank. ``delta`` and ``relative`` claims
  are listed by :func:`claimed_improvements`, ``efficiency`` claims by :func:`efficiency_claims`.
* A board is a (benchmark_id, metric_id) pair. Split (normalised: lower case, spaces to hyphens)
  and setting (zero-shot, few-shot, fine-tuned, linear probe, from the qualifiers) partition it:
  each (split, setting) partition is ranked on its own, and :func:`board` can filter to one.
* Direction: the majority of the claims' ``higher_is_better`` for the (benchmark, metric); when no
  claim says, the metric registry's; when nothing says, highest first and ``higher_is_better`` is None.
* Scale: a metric is a percentage when the registry gives it a percent scale or any of its claims on
  the benchmark has unit "%". On a percentage board whose values (all splits and settings) are
  mostly, or half, on the percent scale (above 1, or written with "%"), a bare value in (0, 1] is
  multiplied by 100; on one whose values are mostly bare fractions, the percent values are divided
  by 100. Either way the row's ``rescaled`` is true. A board of only bare fractions stays as written.
* One row per (model, paper): the best claim by the board's direction (ties: earliest in the
  abstract). Model names compare case-insensitively. A claim without a model is shown as
  "(unnamed)": the paper's title is already a column of the row, and an unnamed claim is usually
  the paper's own system.
* Ranks are SQL ``rank()``: equal values share a rank and the next rank skips (1, 1, 3).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extractor.frames import frame, frame_records
from extractor.store import SETTINGS, q, setting_of

if TYPE_CHECKING:
    import pandas as pd

    from extractor.store import Store

# pandas loads only where a DataFrame is made: board() and board_list() work on plain rows.

__all__ = [
    "SETTINGS", "UNNAMED", "Board", "UnknownBenchmark", "UnknownMetric", "all_boards", "board", "board_list",
    "claimed_improvements", "efficiency_claims", "list_boards", "paper_link", "resolve_benchmark",
    "resolve_metric", "setting_of", "sota_progression",
]

UNNAMED = "(unnamed)"
# A board row's columns and their DuckDB types (the DataFrame of Board.rows has the matching dtypes).
ROW_TYPES = {
    "rank": "BIGINT", "model": "VARCHAR", "value": "DOUBLE", "unit": "VARCHAR", "rescaled": "BOOLEAN",
    "paper_id": "VARCHAR", "paper_title": "VARCHAR", "date": "VARCHAR", "link": "VARCHAR", "sentence": "VARCHAR",
    "qualifiers": "VARCHAR[]", "split": "VARCHAR", "setting": "VARCHAR",
}
ROW_COLUMNS = list(ROW_TYPES)
BOARD_LIST_TYPES = {
    "benchmark_id": "VARCHAR", "metric_id": "VARCHAR", "split": "VARCHAR", "setting": "VARCHAR", "entries": "BIGINT",
    "claims": "BIGINT", "higher_is_better": "BOOLEAN",
}
LISTING_COLUMNS = [
    "kind", "model", "value", "value_text", "unit", "metric_id", "split", "setting", "paper_id",
    "paper_title", "date", "link", "sentence", "qualifiers",
]
SOTA_COLUMNS = ["date", "value", "model", "paper_id", "paper_title", "is_sota"]

_MODEL = f"coalesce(nullif(trim(c.model), ''), '{UNNAMED}')"
_SPLIT = r"nullif(lower(regexp_replace(trim(c.split), '\s+', '-', 'g')), '')"
_TITLE = "coalesce(nullif(p.title, ''), c.paper_title)"
_PERCENT_SCALES = {"percent", "percentage", "%", "pct", "0-100"}
# An arXiv id, new style (2503.01234v2) or old (cs/0101001, math.GT/0309136), "arXiv:" prefix allowed.
# The same pattern serves Python and DuckDB (RE2).
_ARXIV_PATTERN = r"(?i)^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z]+(?:-[a-z]+)?(?:\.[a-z]{2})?/\d{7}(?:v\d+)?)$"
_ARXIV_RE = re.compile(_ARXIV_PATTERN)
_ARXIV_ABS = "https://arxiv.org/abs/"


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


# -- registry (optional) -----------------------------------------------------------------------
def _registry_lookup(kind: str, name: str) -> Any:
    """``benchmarks()`` or ``metrics()`` of :mod:`extractor.registry` looked up, or None without it."""
    try:
        from extractor import registry
    except ImportError:
        return None
    table = getattr(registry, kind, None)
    if not callable(table):
        return None
    try:
        return table().lookup(name)
    except getattr(registry, "RegistryError", ()):  # data files missing or malformed: do without
        return None


def _metric_facts(metric_ids: list[str]) -> dict[str, list[str]]:
    """Registry facts as SQL list parameters: percent-scale, lower-better and higher-better metric ids."""
    facts: dict[str, list[str]] = {"percent": [], "lower": [], "higher": []}
    for mid in metric_ids:
        metric = _registry_lookup("metrics", mid)
        if metric is None:
            continue
        if str(getattr(metric, "scale", "") or "").strip().lower() in _PERCENT_SCALES:
            facts["percent"].append(mid)
        hib = getattr(metric, "higher_is_better", None)
        if hib is not None:
            facts["higher" if hib else "lower"].append(mid)
    return facts


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
    return store.cached(
        "benchmark_names",
        lambda: store.records(
            "SELECT benchmark_id AS id, benchmark AS surface, count(*) AS n FROM claims "
            "WHERE benchmark_id IS NOT NULL GROUP BY ALL"
        ),
    )


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
    return store.records(
        "SELECT c.metric_id AS id, c.metric AS surface, count(*) AS n FROM claims c "
        "WHERE c.kind = 'score' AND c.benchmark_id = $benchmark GROUP BY ALL",
        {"benchmark": benchmark_id},
    )


def _metric_counts(store: Store, benchmark_id: str, extra: str, params: dict[str, Any]) -> list[tuple[str | None, int]]:
    """The benchmark's metric ids (None for none) and their score claims: most first, ties by id, None last."""
    rows = store.records(
        "SELECT c.metric_id AS id, count(*) AS n FROM claims c "
        f"WHERE c.kind = 'score' AND c.benchmark_id = $benchmark {extra} GROUP BY c.metric_id",
        {"benchmark": benchmark_id, **params},
    )
    rows.sort(key=lambda r: (-r["n"], r["id"] is None, r["id"] or ""))
    return [(r["id"], r["n"]) for r in rows]


# -- ranking -------------------------------------------------------------------------------------
def _link(paper_id: str, url: str) -> str:
    """SQL for :func:`paper_link`."""
    arxiv = f"nullif(regexp_extract({paper_id}, '{_ARXIV_PATTERN}', 1), '')"
    return f"CASE WHEN coalesce({url}, '') <> '' THEN {url} ELSE '{_ARXIV_ABS}' || {arxiv} END"


# Steps: the board's claims (base); per (benchmark, metric) facts: percentage or not, which scale
# most values are on, direction; each claim's value on the board's scale (keyed); the best claim
# of each (model, paper) in each partition (best); ranks; paper title, date and link.
_RANKED = f"""
WITH base AS (
    SELECT c.benchmark_id, c.metric_id, {_SPLIT} AS split, c.setting, c.paper_id, c.claim_no, c.paper_title,
           c.value, c.unit, coalesce(c.unit = '%', false) AS pct_unit, {_MODEL} AS model,
           c.higher_is_better, c.sentence, c.qualifiers
    FROM claims c
    WHERE c.kind = 'score' AND c.benchmark_id IS NOT NULL {{where}}
), facts AS (
    SELECT benchmark_id, metric_id,
        list_contains($percent, metric_id) OR bool_or(pct_unit) AS pct_metric,
        2 * count(*) FILTER (WHERE value > 1 OR pct_unit) >= count(*) AS percent_scale,
        CASE WHEN count(higher_is_better) > 0 THEN 2 * count(*) FILTER (WHERE higher_is_better) >= count(higher_is_better)
             WHEN list_contains($lower, metric_id) THEN false
             WHEN list_contains($higher, metric_id) THEN true END AS hib
    FROM base GROUP BY benchmark_id, metric_id
), scaled AS (
    SELECT b.*, f.hib,
        f.pct_metric AND f.percent_scale AND b.unit IS NULL AND b.value > 0 AND b.value <= 1 AS up,
        f.pct_metric AND NOT f.percent_scale AND (b.value > 1 OR b.pct_unit) AS down
    FROM base b JOIN facts f ON b.benchmark_id = f.benchmark_id AND b.metric_id IS NOT DISTINCT FROM f.metric_id
), keyed AS (
    SELECT *,
        CASE WHEN up THEN round(value * 100, 9) WHEN down THEN round(value / 100, 11) ELSE value END AS score,
        CASE WHEN up THEN '%' WHEN down THEN NULL ELSE unit END AS shown_unit
    FROM scaled
), best AS (
    SELECT *, CASE WHEN hib IS DISTINCT FROM false THEN -score ELSE score END AS sort_key
    FROM keyed
    QUALIFY row_number() OVER (
        PARTITION BY benchmark_id, metric_id, split, setting, lower(model), paper_id
        ORDER BY CASE WHEN hib IS DISTINCT FROM false THEN -score ELSE score END, claim_no) = 1
), ranked AS (
    SELECT *, rank() OVER (PARTITION BY benchmark_id, metric_id, split, setting ORDER BY sort_key) AS rank
    FROM best
)
SELECT {{columns}}
FROM ranked r LEFT JOIN papers p ON p.paper_id = r.paper_id
ORDER BY r.benchmark_id, r.metric_id NULLS LAST, r.split NULLS FIRST, r.setting NULLS FIRST, r.rank,
         p.date NULLS LAST, lower(r.model), r.paper_id
"""
# The columns the ranking query can return, each as SQL over the ranked claims r and their papers p.
_RANKED_COLUMNS = {
    "benchmark_id": "r.benchmark_id", "metric_id": "r.metric_id", "higher_is_better": "r.hib", "rank": "r.rank",
    "model": "r.model", "value": "r.score", "unit": "r.shown_unit", "rescaled": "r.up OR r.down",
    "paper_id": "r.paper_id", "paper_title": "coalesce(nullif(p.title, ''), r.paper_title)", "date": "p.date",
    "link": _link("r.paper_id", "p.url"), "sentence": "r.sentence", "qualifiers": "r.qualifiers",
    "split": "r.split", "setting": "r.setting",
}


def _ranked(where: str, params: dict[str, Any], metric_ids: list[str], columns: list[str]) -> tuple[str, dict[str, Any]]:
    """The ranking query returning ``columns``, for the claims ``where`` picks, and its parameters."""
    select = ", ".join(f"{_RANKED_COLUMNS[c]} AS {q(c)}" for c in columns)
    return _RANKED.replace("{where}", where).replace("{columns}", select), {**params, **_metric_facts(metric_ids)}


def paper_link(paper_id: str | None, url: str | None = None) -> str | None:
    """The paper's URL when it has one, else the arXiv abstract page of an arXiv-style id."""
    if url:
        return url
    match = _ARXIV_RE.match(paper_id or "")
    return _ARXIV_ABS + match.group(1) if match else None


def board(
    store: Store, benchmark: str, metric: str | None = None, setting: str | None = None, split: str | None = None
) -> Board:
    """The ranked board of a benchmark (any name it goes by) and metric.

    Without ``metric`` the most populated metric of the benchmark is used, and ``note`` says so when
    there was a choice. Without ``split``/``setting`` every partition is returned, each ranked on its
    own (the rows' ``split`` and ``setting`` columns tell them apart). Raises :class:`UnknownBenchmark`
    or :class:`UnknownMetric`.
    """
    benchmark_id = _require_benchmark(store, benchmark)
    split, setting = _norm_split(split), _norm_setting(setting)
    extra, params = _partition_filter(split, setting)
    note = None
    if metric is not None:
        metric_id = resolve_metric(store, benchmark_id, metric)
    else:
        counts = _metric_counts(store, benchmark_id, extra, params)
        named = [mid for mid, _ in counts if mid is not None]
        metric_id = named[0] if named else None
        if len(counts) > 1:
            listed = ", ".join(f"{'(none)' if m is None else m} {n}" for m, n in counts)
            note = f"picked metric {metric_id or '(none)'} (most populated of {len(counts)}: {listed})"
    where = "AND c.benchmark_id = $benchmark " + ("AND c.metric_id = $metric" if metric_id else "AND c.metric_id IS NULL")
    params = {**params, "benchmark": benchmark_id, **({"metric": metric_id} if metric_id else {})}
    ranked = _ranked(where + extra, params, [metric_id] if metric_id else [], [*ROW_COLUMNS, "higher_is_better"])
    rows = store.records(*ranked)
    higher_is_better = next((bool(r["higher_is_better"]) for r in rows if r["higher_is_better"] is not None), None)
    if not rows:
        note = _join(note, f"no score claims for {benchmark_id}" + (f" / {metric_id}" if metric_id else ""))
    elif higher_is_better is None:
        note = _join(note, "direction unknown: ranked highest first")
    for row in rows:
        del row["higher_is_better"]  # the board's, not a row's
    return Board(benchmark_id, metric_id, higher_is_better, split, setting, note, rows)


def _join(note: str | None, more: str) -> str:
    return f"{note}; {more}" if note else more


def all_boards(store: Store) -> pd.DataFrame:
    """Every board's ranked rows, with benchmark_id and metric_id first (for exports)."""
    metric_ids = store.records("SELECT DISTINCT metric_id FROM claims WHERE metric_id IS NOT NULL")
    columns = ["benchmark_id", "metric_id", "higher_is_better", *ROW_COLUMNS]
    return store.query(*_ranked("", {}, sorted(r["metric_id"] for r in metric_ids), columns))


_BOARD_LIST = f"""
WITH g AS (
    SELECT c.benchmark_id, c.metric_id, {_SPLIT} AS split, c.setting,
           count(DISTINCT hash(lower({_MODEL}), c.paper_id)) AS entries,
           count(*) AS claims,
           count(*) FILTER (WHERE c.higher_is_better) AS n_up,
           count(*) FILTER (WHERE NOT c.higher_is_better) AS n_down
    FROM claims c WHERE c.kind = 'score' AND c.benchmark_id IS NOT NULL
    GROUP BY ALL
)
SELECT benchmark_id, metric_id, split, setting, entries, claims,
       CASE WHEN sum(n_up) OVER m + sum(n_down) OVER m > 0 THEN sum(n_up) OVER m >= sum(n_down) OVER m
       END AS higher_is_better
FROM g
WINDOW m AS (PARTITION BY benchmark_id, metric_id)
ORDER BY sum(entries) OVER (PARTITION BY benchmark_id) DESC, benchmark_id, entries DESC,
         metric_id NULLS LAST, split NULLS FIRST, setting NULLS FIRST
"""


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
    rows = store.records(_BOARD_LIST)
    direction = _registry_directions(rows)
    for row in rows:
        if _undirected(row):
            row["higher_is_better"] = direction.get(row["metric_id"])
    return rows


def list_boards(store: Store) -> pd.DataFrame:
    """One row per board partition: benchmark_id, metric_id, split, setting, entries, higher_is_better.

    ``entries`` counts the rows the board will show (distinct model and paper); ``claims`` the
    score claims behind them. Most populated benchmarks first, then most populated metrics.
    """
    rows = store.records(_BOARD_LIST)
    boards = frame(rows, BOARD_LIST_TYPES)
    unknown = boards["higher_is_better"].isna() & boards["metric_id"].notna()
    if unknown.any():  # directions from the registry; the column becomes object, NaN where it has none
        direction = _registry_directions(rows)
        boards["higher_is_better"] = boards["higher_is_better"].astype("object")
        boards.loc[unknown, "higher_is_better"] = boards.loc[unknown, "metric_id"].map(direction)
    return boards


# -- listings and progression -------------------------------------------------------------------
def _listing(store: Store, benchmark: str, kinds: tuple[str, ...]) -> pd.DataFrame:
    benchmark_id = _require_benchmark(store, benchmark)
    marks = ", ".join(f"'{k}'" for k in kinds)
    rows = store.query(
        f"SELECT c.kind, {_MODEL} AS model, c.value, c.value_text, c.unit, c.metric_id, {_SPLIT} AS split, "
        f"c.setting, c.paper_id, {_TITLE} AS paper_title, p.date, {_link('c.paper_id', 'p.url')} AS link, "
        "c.sentence, c.qualifiers "
        "FROM claims c LEFT JOIN papers p ON p.paper_id = c.paper_id "
        f"WHERE c.benchmark_id = $benchmark AND c.kind IN ({marks}) "
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


def sota_progression(rows: pd.DataFrame, higher_is_better: bool | None) -> pd.DataFrame:
    """The dated rows of a board in date order, ``is_sota`` where a claim set a new best.

    A claim sets a new best when it is strictly better than every earlier-dated one (on one date,
    the best claim comes first). Undated rows are left out. When ``rows`` holds several partitions
    (``split``/``setting`` columns), each has its own progression. ``higher_is_better`` None ranks
    highest first, as boards do.
    """
    import pandas as pd

    keys = [c for c in ("split", "setting") if c in rows.columns]
    dated = rows[rows["date"].notna()]
    columns = [*keys, *SOTA_COLUMNS] if keys else SOTA_COLUMNS
    if dated.empty:
        return pd.DataFrame(columns=columns)
    lower = higher_is_better is False
    dated = dated.sort_values(["date", "value"], ascending=[True, lower], kind="stable")
    groups = dated.groupby(keys, dropna=False, sort=False)["value"] if keys else dated["value"]
    best = groups.cummin() if lower else groups.cummax()
    before = best.groupby([dated[k] for k in keys], dropna=False).shift() if keys else best.shift()
    improved = dated["value"] < before if lower else dated["value"] > before
    out = dated.assign(is_sota=before.isna() | improved)
    return out[columns].reset_index(drop=True)
