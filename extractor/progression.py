"""The best result over time on a board: which dated rows set a new best (:func:`sota_progression`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

SOTA_COLUMNS = ["date", "value", "model", "paper_id", "paper_title", "is_sota"]


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
