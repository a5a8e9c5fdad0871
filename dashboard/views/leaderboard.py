"""Leaderboard: one benchmark's ranked claims, as a table, a bar chart and the best result over time."""

from urllib.parse import quote

import pandas as pd
import streamlit as st

from dashboard import charts, data, direction_label, format_value
from dashboard.highlight import text_html

NONE = "(unspecified)"

st.title("Leaderboard")
path = data.require_store()
benchmarks = data.benchmarks(path)
if benchmarks.empty:
    st.info("No board yet: no record names both a benchmark and a value.")
    st.stop()


def _pick_benchmark() -> str:
    """The search box narrows the picker; an alias resolves to its benchmark and comes first."""
    ids = benchmarks["benchmark_id"].tolist()
    entries = dict(zip(ids, benchmarks["entries"], strict=True))
    names = dict(zip(ids, benchmarks["name"].fillna(benchmarks["benchmark_id"]), strict=True))
    query = st.text_input("Find a benchmark", key="lb_query", placeholder="name or alias, e.g. MathVista").strip()
    options = ids
    if query:
        resolved = data.resolve(path, query)
        found = [b for b in ids if query.casefold() in b.casefold()]
        options = ([resolved] if resolved in entries else []) + [b for b in found if b != resolved]
        if not options:
            st.warning("No benchmark matches that name or alias; showing them all.")
            options = ids
    wanted = st.query_params.get("benchmark")
    index = options.index(wanted) if wanted in options else 0
    return st.selectbox(
        "Benchmark",
        options,
        index=index,
        key=f"lb_benchmark_{query.casefold()}",
        format_func=lambda b: f"{names[b]}{'  [open]' if b.startswith('open:') else ''}  ({entries[b]:,} entries)",
    )


def _choice(label: str, values: pd.Series, key: str) -> str | None:
    """A selector over the distinct values of a column in their order (missing values read as unspecified).

    Drawn in the next free selector column, and only when there is a choice to make.
    """
    labels = list(dict.fromkeys(NONE if pd.isna(v) else str(v) for v in values))
    if len(labels) == 1:
        return None if labels[0] == NONE else labels[0]
    with next(selector_columns):
        picked = st.selectbox(label, labels, key=key)
    return None if picked == NONE else picked


benchmark = _pick_benchmark()
st.query_params["benchmark"] = benchmark
choices = data.boards(path)
choices = choices[choices["benchmark_id"] == benchmark]
# Boards come most populated first, so each selector offers the most populated choice first.
selector_columns = iter(st.columns(3))
metric = _choice("Metric", choices["metric_id"], f"lb_metric_{benchmark}")
choices = choices[choices["metric_id"].fillna(NONE).astype(str) == (metric or NONE)]
split = _choice("Split", choices["split"], f"lb_split_{benchmark}_{metric}")
choices = choices[choices["split"].fillna(NONE).astype(str) == (split or NONE)]
setting = _choice("Setting", choices["setting"], f"lb_setting_{benchmark}_{metric}_{split}")

view = data.leaderboard(path, benchmark, metric, split, setting, top=data.TABLE_ROWS)
result = view.board
rows = result.rows
metric_name = result.metric_id or metric

title = getattr(result, "name", None) or result.benchmark_id or benchmark
heading = " · ".join(str(p) for p in (title, metric_name or "(no metric)", result.split, result.setting) if p)
st.html(text_html(heading, "h3", "margin:0.5rem 0 0 0"))
st.text(direction_label(result.higher_is_better))
if getattr(result, "note", None):
    st.text(str(result.note))

if rows.empty:
    st.info("This board has no entries.")
    st.stop()

ranked_rows = rows[rows["rank"].notna()]
if ranked_rows.empty:
    st.info("No entry on this board may rank; the held entries are listed with their reasons.")
top = (ranked_rows if len(ranked_rows) else rows).sort_values("rank", kind="stable").iloc[0]
top_unit = data.optional(top.get("unit"))
st.html(
    text_html(f"Top: {data.optional(top['model']) or '(unnamed)'} — {format_value(top['value'], top_unit)}", "div", "font-size:1.25rem;font-weight:600")
)

if view.entries > len(rows):
    st.text(f"The table lists the first {len(rows):,} of {view.entries:,} entries; the download has them all.")
table = rows.sort_values("rank", kind="stable").copy()
table["paper"] = table["paper_title"].where(table["paper_title"].fillna("") != "", table["paper_id"])
table["evidence"] = table["sentence"]
table["abstract"] = "paper?paper=" + table["paper_id"].astype(str).map(quote)
table = data.flatten_lists(table)
columns = [c for c in ["rank", "model", "value", "unit", "paper", "date", "evidence", "held", "qualifiers", "abstract", "link"] if c in table]
st.dataframe(
    table[columns],
    hide_index=True,
    key="lb_table",
    column_config={
        "rank": st.column_config.NumberColumn(width="small"),
        "model": st.column_config.TextColumn(width="medium"),
        "value": st.column_config.NumberColumn(help="As claimed; rescaled to % where the board mixes fractions and percentages"),
        "unit": st.column_config.TextColumn(width="small"),
        "evidence": st.column_config.TextColumn(width="large", help="The abstract's sentence that makes the claim"),
        "abstract": st.column_config.LinkColumn(display_text="highlighted", help="The paper view of this entry"),
        "link": st.column_config.LinkColumn(display_text="open"),
        "held": st.column_config.TextColumn(width="medium", help="Why the entry is listed but not ranked"),
    },
)

# The curation loop: a reader's "this entry is wrong" is stored in the store and the entry leaves the board.
with st.expander("This entry is wrong"):
    candidates = table[table["rank"].notna()].head(200)
    if candidates.empty:
        st.text("No ranked entry to flag.")
    else:
        labels = {
            rid: f"#{int(rank)} {model} — {value:g}"
            for rid, rank, model, value in zip(candidates["record_id"], candidates["rank"], candidates["model"], candidates["value"])
        }
        picked = st.selectbox("Entry", list(labels), format_func=labels.__getitem__, key=f"lb_flag_entry_{benchmark}")
        reason = st.text_input("What is wrong", key="lb_flag_reason", placeholder="e.g. the number is a batch size")
        if st.button("Flag it", key="lb_flag", disabled=not reason.strip()):
            data.flag_entry(path, picked, reason.strip())
            st.rerun()

left, right = st.columns(2)
with left:
    st.altair_chart(charts.ranking_chart(rows, higher_is_better=result.higher_is_better, metric=metric_name, unit=top_unit))
with right:
    if charts.to_datetime(view.progression["date"]).notna().any():
        chart = charts.sota_chart(view.progression, higher_is_better=result.higher_is_better, metric=metric_name, unit=top_unit)
        st.altair_chart(chart)
    else:
        st.info("No entry on this board has a paper date, so there is no timeline.")

st.download_button(
    "Download the whole board (CSV)",
    lambda: data.board_csv(path, benchmark, metric, split, setting),
    file_name=f"{benchmark}-board.csv".replace("/", "_").replace(" ", "_"),
    mime="text/csv",
    key="lb_csv",
    on_click="ignore",
)

# Listed on request only: on a large store each is a query of its own.
if st.toggle("Claimed improvements on this benchmark (deltas, not ranked)", key="lb_improvements"):
    st.dataframe(data.flatten_lists(data.improvements(path, benchmark)), hide_index=True)
if st.toggle("Efficiency claims on this benchmark (not ranked)", key="lb_efficiency"):
    st.dataframe(data.flatten_lists(data.efficiency(path, benchmark)), hide_index=True)
