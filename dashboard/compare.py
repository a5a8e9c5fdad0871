"""Models side by side: pure functions over claims, no Streamlit (tested on their own).

A model's result on a board is its best claimed value there (highest, or lowest where lower is
better); the matrix has one row per (benchmark, metric) and one column per model, Open LLM
Leaderboard style.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

BOARD_KEYS = ["benchmark_id", "metric_id", "split"]


def _key(name: object) -> str:
    return str(name).casefold()


def best_per_board(claims: pd.DataFrame) -> pd.DataFrame:
    """Each (model, benchmark, metric, split)'s best score, keeping the paper that claims it."""
    cols = ["model", *BOARD_KEYS, "value", "unit", "higher_is_better", "paper_id", "paper_title"]
    data = claims.reindex(columns=cols)
    data = data[data["model"].notna() & data["benchmark_id"].notna() & data["value"].notna()].copy()
    if data.empty:
        return data
    lower = data["higher_is_better"].astype("boolean").eq(False).fillna(False)
    data["_order"] = data["value"].where(lower, -data["value"])  # smaller is better after this
    data["_model"] = data["model"].map(_key)
    data["_split"] = data["split"].astype("string").fillna("")
    data["_metric"] = data["metric_id"].astype("string").fillna("")
    data = data.sort_values("_order", kind="stable")
    best = data.drop_duplicates(["_model", "benchmark_id", "_metric", "_split"], keep="first")
    return best.drop(columns=["_order"]).reset_index(drop=True)


def compare_matrix(claims: pd.DataFrame, models: Sequence[str]) -> pd.DataFrame:
    """Rows: benchmark, metric, split (boards at least one of ``models`` has); columns: each model's best value.

    Models match case-insensitively; a column is named as the model was asked for. Boards that
    more of the models share come first.
    """
    wanted = {_key(m): m for m in models}
    best = best_per_board(claims)
    if best.empty:
        return pd.DataFrame(columns=["benchmark", "metric", "split", *models, "better"])
    best = best[best["_model"].isin(wanted)]
    best["column"] = best["_model"].map(wanted)
    table = best.pivot_table(index=["benchmark_id", "_metric", "_split"], columns="column", values="value", aggfunc="first")
    table = table.reindex(columns=list(models))
    direction = best.groupby(["benchmark_id", "_metric", "_split"])["higher_is_better"].first()
    table["better"] = direction.map({True: "higher", False: "lower"}).reindex(table.index).fillna("?")
    table["_shared"] = table[list(models)].notna().sum(axis=1)
    table = table.reset_index().sort_values(["_shared", "benchmark_id", "_metric"], ascending=[False, True, True], kind="stable")
    table = table.rename(columns={"benchmark_id": "benchmark", "_metric": "metric", "_split": "split"})
    table.columns.name = None
    return table.drop(columns=["_shared"]).reset_index(drop=True)


def matching_models(names: pd.DataFrame, text: str) -> pd.DataFrame:
    """The rows of ``names`` (model, records, ...) whose model contains ``text``, any case."""
    if not text.strip():
        return names
    return names[names["model"].astype("string").str.casefold().str.contains(text.strip().casefold(), regex=False, na=False)]
