"""The benchmarks of a store arranged by the registry's area and task, and near-name suggestions.

Pure functions (no Streamlit): the Browse page draws what they return.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import pandas as pd

UNFILED = "(no area)"
NO_TASK = "(no task)"


def catalog(benchmarks: pd.DataFrame, registry: Iterable) -> pd.DataFrame:
    """One row per benchmark of the store (benchmark_id, entries, ...) with its area and task.

    ``registry`` holds entries with ``id``, ``area`` and ``task`` (extractor.registry.benchmarks());
    a benchmark the registry does not know is filed under "(no area)".
    """
    known = {e.id: (e.area or UNFILED, e.task or NO_TASK) for e in registry}
    out = benchmarks.reindex(columns=["benchmark_id", "boards", "entries"]).copy()
    out["area"] = [known.get(b, (UNFILED, NO_TASK))[0] for b in out["benchmark_id"]]
    out["task"] = [known.get(b, (UNFILED, NO_TASK))[1] for b in out["benchmark_id"]]
    return out.sort_values(["area", "task", "entries"], ascending=[True, True, False], kind="stable").reset_index(drop=True)


def areas(table: pd.DataFrame) -> pd.DataFrame:
    """Areas with their number of benchmarks and entries, most entries first."""
    grouped = table.groupby("area").agg(benchmarks=("benchmark_id", "size"), entries=("entries", "sum"))
    return grouped.reset_index().sort_values(["entries", "area"], ascending=[False, True], kind="stable")


def tasks(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """The tasks of one area with their number of benchmarks and entries, most entries first."""
    part = table[table["area"] == area]
    grouped = part.groupby("task").agg(benchmarks=("benchmark_id", "size"), entries=("entries", "sum"))
    return grouped.reset_index().sort_values(["entries", "task"], ascending=[False, True], kind="stable")


def suggestions(name: str, names: Iterable[str], limit: int = 5) -> list[str]:
    """Names close to ``name``: those containing it (any case) first, then close spellings."""
    pool = list(dict.fromkeys(n for n in names if n))
    want = name.strip().casefold()
    if not want:
        return []
    folded = {n.casefold(): n for n in pool}
    inside = [n for n in pool if want in n.casefold()]
    close = [folded[c] for c in difflib.get_close_matches(want, list(folded), n=limit, cutoff=0.6)]
    return list(dict.fromkeys([*inside, *close]))[:limit]


def _names(entry) -> tuple[str, ...]:
    return tuple(n for n in (entry.id, entry.name, *entry.aliases, *entry.exact_case_aliases) if n)


def near_benchmarks(name: str, ids: Iterable[str], registry: Iterable, limit: int = 5) -> list[str]:
    """The stored benchmarks (ids) whose id or registry alias is close to ``name``, closest first."""
    stored = list(dict.fromkeys(ids))
    known = [e for e in registry if e.id in set(stored)]
    by_name = {n.casefold(): e.id for e in known for n in _names(e)}
    near = suggestions(name, [*stored, *(n for e in known for n in _names(e)[1:])], limit=limit * 2)
    return list(dict.fromkeys(by_name.get(n.casefold(), n) for n in near))[:limit]


def same_name(name: str, ids: Iterable[str], registry: Iterable) -> str | None:
    """The one stored benchmark that ``name`` names when case is ignored, even where the registry
    keeps an alias's case for reading papers ("IN-1k" for ImageNet-1K's "IN-1K"); None when not one."""
    stored = set(ids)
    want = name.strip().casefold()
    found = {e.id for e in registry if e.id in stored and want in {n.casefold() for n in _names(e)}}
    return found.pop() if len(found) == 1 else None
