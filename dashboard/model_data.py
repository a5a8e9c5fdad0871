"""The model page's and the compare view's queries, cached like the rest of ``dashboard.data``."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard import data
from extractor import board_query

MODELS_LISTED = 500


@st.cache_data(show_spinner=False, max_entries=64)
def models(path: str, text: str = "", limit: int = MODELS_LISTED) -> tuple[pd.DataFrame, int]:
    """Models whose name contains ``text`` (any case), most records first, and how many match."""
    where = "WHERE model IS NOT NULL AND model <> ''"
    params: list = []
    if text.strip():
        where += " AND contains(lower(model), lower(?))"
        params.append(text.strip())

    def run(store):
        found = store.query(
            "SELECT model, count(*) AS records, count(DISTINCT benchmark_id) AS benchmarks, count(DISTINCT paper_id) AS papers "
            f"FROM claims {where} GROUP BY model ORDER BY records DESC, model LIMIT {int(limit)}",
            params or None,
        )
        total = store.scalar(f"SELECT count(DISTINCT model) FROM claims {where}", params or None)
        return found, int(total or 0)

    return data._query(path, run)


@st.cache_data(show_spinner=False, max_entries=64)
def model_claims(path: str, model: str) -> pd.DataFrame:
    """Every claim of one model (its name in any case), with paper title, date and link, newest paper first."""
    def run(store):
        return store.query(
            "SELECT c.* REPLACE (coalesce(nullif(p.title, ''), c.paper_title) AS paper_title), p.date, "
            f"{board_query.link('c.paper_id', 'p.url')} AS link "
            "FROM claims c LEFT JOIN papers p ON p.paper_id = c.paper_id WHERE lower(c.model) = lower(?) "
            "ORDER BY c.paper_id, c.claim_no",
            [model],
        )

    frame = data._query(path, run)
    return frame.sort_values(["date", "benchmark_id"], ascending=[False, True], na_position="last", kind="stable")


@st.cache_data(show_spinner=False, max_entries=32)
def claims_of_models(path: str, names: Sequence[str]) -> pd.DataFrame:
    """The score claims of several models (names in any case)."""
    names = list(names)
    if not names:
        return pd.DataFrame()
    marks = ", ".join("?" * len(names))

    def run(store):
        return store.query(
            "SELECT c.model, c.benchmark_id, c.metric_id, c.split, c.value, c.unit, c.higher_is_better, c.paper_id, "
            "coalesce(nullif(p.title, ''), c.paper_title) AS paper_title FROM claims c LEFT JOIN papers p USING (paper_id) "
            f"WHERE c.kind = 'score' AND lower(c.model) IN ({marks})",
            [n.lower() for n in names],
        )

    return data._query(path, run)
