"""The benchmarks of a store arranged by the registry's area and task, and near-name suggestions.

Pure functions (no Streamlit): the Browse page draws what they return.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import pandas as pd

from extractor.board_keys import OPEN_PREFIX

UNFILED = "(no area)"
NO_TASK = "(no task)"


def _parent(benchmark: str, known: dict) -> tuple[str, str] | None:
    """The registry entry a derived board belongs to ("ImageNet-1K generation 256", "MMMU-Pro",
    "BraTS 2020" belong to ImageNet-1K, MMMU, BraTS) and what follows its name; None when none does."""
    if benchmark.startswith(OPEN_PREFIX):
        return None
    cuts = [m.start() for m in re.finditer(r"[\s-]", benchmark)]
    for cut in reversed(cuts):  # the longest name first
        if benchmark[:cut] in known:
            return benchmark[:cut], benchmark[cut + 1:].strip()
    return None


def _filed(benchmark: str, known: dict, variant_labels: Iterable[str]) -> tuple[str, str]:
    """(area, task) of a stored benchmark: the registry's; a task variant's area with the variant as
    its task; an edition's or a year's those of its parent."""
    if benchmark in known:
        return known[benchmark]
    parent = _parent(benchmark, known)
    if parent is None:
        return UNFILED, NO_TASK
    area, task = known[parent[0]]
    rest = re.sub(r"\s*\d+$", "", parent[1]).strip()  # "generation 256" is generation at 256 px
    return area, rest if rest in variant_labels else task


def catalog(benchmarks: pd.DataFrame, registry: Iterable, variant_labels: Iterable[str] = ()) -> pd.DataFrame:
    """One row per benchmark of the store (benchmark_id, name, entries, ...) with its area and task.

    ``registry`` holds entries with ``id``, ``area`` and ``task`` (extractor.registry.benchmarks());
    a board derived from an entry (a task variant, an edition, a year; ``variant_labels`` name the
    variants) is filed with it, and a benchmark the registry does not know under "(no area)".
    """
    known = {e.id: (e.area or UNFILED, e.task or NO_TASK) for e in registry}
    labels = set(variant_labels)
    out = benchmarks.reindex(columns=["benchmark_id", "name", "boards", "entries"]).copy()
    out["name"] = out["name"].where(out["name"].notna(), out["benchmark_id"])
    filed = [_filed(str(b), known, labels) for b in out["benchmark_id"]]
    out["area"] = [a for a, _ in filed]
    out["task"] = [t for _, t in filed]
    return out.sort_values(["area", "task", "entries"], ascending=[True, True, False], kind="stable").reset_index(drop=True)


def areas(table: pd.DataFrame) -> pd.DataFrame:
    """Areas with their number of benchmarks and entries, most entries first; "(no area)" last."""
    grouped = table.groupby("area").agg(benchmarks=("benchmark_id", "size"), entries=("entries", "sum")).reset_index()
    grouped["_unfiled"] = grouped["area"] == UNFILED
    ordered = grouped.sort_values(["_unfiled", "entries", "area"], ascending=[True, False, True], kind="stable")
    return ordered.drop(columns="_unfiled")


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
