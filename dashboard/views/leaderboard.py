"""Leaderboard: one benchmark's ranked claims, as a table, a bar chart and the best result over time.

The board in view lives in the address (benchmark, metric, split, setting), so a link to it shows the
same board: the address is read first, and a reader's pick is written to it at once (on_change).
"""

import pandas as pd
import streamlit as st

from dashboard import board_table, catalog, charts, data, direction_label
from dashboard.highlight import markdown_literal, text_html
from extractor.registry import benchmarks as registry_benchmarks

NONE = "(unspecified)"
URL_NONE = "none"  # how the address names the partition without a metric, split or setting
PARTS = ("benchmark", "metric", "split", "setting")  # each choice narrows the next
ROW_PX = 68  # three lines: the evidence wraps (Streamlit wraps text in rows taller than 4 rem)

st.title("Leaderboard")
path = data.require_store()
benchmarks = data.benchmarks(path)
if benchmarks.empty:
    st.info("No board yet: no record names both a benchmark and a value.")
    st.stop()


def _forget_after(param: str) -> None:
    """Drop the address's choices that depend on ``param``: they were made for another board."""
    for later in PARTS[PARTS.index(param) + 1 :]:
        if later in st.query_params:
            del st.query_params[later]


def _to_address(key: str, param: str) -> None:
    """on_change of a picker: its value goes to the address before the page runs again."""
    value = st.session_state[key]
    st.query_params[param] = URL_NONE if value == NONE else value
    _forget_after(param)


def _select(label: str, options: list, index: int | None, key: str, param: str, **kwargs):
    """A picker whose value follows the address: a value left from an earlier view of this page
    (before a link to another board) gives way to what the address asks for. A reader's pick is in
    the address already (``_to_address``), so only a stale value differs from it."""
    if key in st.session_state and (index is None or st.session_state[key] != options[index]):
        del st.session_state[key]
    return st.selectbox(label, options, index=index, key=key, on_change=_to_address, args=(key, param), **kwargs)


def _pick_benchmark() -> str:
    """The benchmark the address names (any alias of it), else the search box's or the picker's.

    A name the store does not know is said so, with near names, instead of showing another board.
    """
    ids = benchmarks["benchmark_id"].tolist()
    entries = dict(zip(ids, benchmarks["entries"], strict=True))
    names = dict(zip(ids, benchmarks["name"].fillna(benchmarks["benchmark_id"]), strict=True))
    query = st.text_input("Find a benchmark", key="lb_query", placeholder="name or alias, e.g. MathVista").strip()
    asked = (st.query_params.get("benchmark") or "").strip()
    wanted = asked if asked in entries else data.resolve(path, asked) if asked else None
    if asked and wanted not in entries:
        wanted = catalog.same_name(asked, ids, registry_benchmarks()) or wanted
    unknown = bool(asked) and wanted not in entries and not query
    options = ids
    if query:
        resolved = data.resolve(path, query)
        found = [b for b in ids if query.casefold() in b.casefold()]
        options = ([resolved] if resolved in entries else []) + [b for b in found if b != resolved]
        if not options:
            near = catalog.near_benchmarks(query, ids, registry_benchmarks())
            st.warning("No benchmark matches that name or alias; " + ("the closest come first." if near else "showing them all."))
            options = [*near, *(b for b in ids if b not in near)]
    index = None if unknown else options.index(wanted) if wanted in options else 0
    picked = _select(
        "Benchmark", options, index, f"lb_benchmark_{query.casefold()}", "benchmark", placeholder="Pick a benchmark",
        format_func=lambda b: f"{names[b]}{'  [open]' if b.startswith('open:') else ''}  ({entries[b]:,} entries)",
    )
    if picked is None:
        near = catalog.near_benchmarks(asked, ids, registry_benchmarks())
        st.warning(f"No benchmark in this store is called “{markdown_literal(asked)}”."
                   + (" Did you mean one of these?" if near else " Pick one above."))
        for target in near:
            st.page_link("views/leaderboard.py", label=markdown_literal(names[target]), icon=":material/leaderboard:",
                         query_params={"benchmark": target})
        st.stop()
    if asked and picked == wanted and wanted != asked:
        st.text(f"“{asked}” is {names[picked]}.")
    if wanted is not None and picked != wanted:
        _forget_after("benchmark")
    st.query_params["benchmark"] = picked
    return picked


def _from_address(param: str, labels: list[str]) -> int | None:
    """The index of the label the address asks for (any case; 'none' for the unspecified one)."""
    asked = (st.query_params.get(param) or "").strip().casefold()
    if not asked:
        return None
    wanted = NONE.casefold() if asked == URL_NONE else asked
    return next((i for i, label in enumerate(labels) if label.casefold() == wanted), None)


def _choice(label: str, values: pd.Series, key: str, param: str, help: str | None = None) -> str | None:
    """A selector over the distinct values of a column in their order (missing values read as unspecified).

    Drawn in the next free selector column, and only when there is a choice to make. The address
    says which is picked; a value it names that the board lacks is said so, and the first is shown.
    """
    labels = list(dict.fromkeys(NONE if pd.isna(v) else str(v) for v in values))
    index = _from_address(param, labels)
    asked = (st.query_params.get(param) or "").strip()
    if asked and index is None:
        st.warning(f"This board has no {param} “{markdown_literal(asked)}”; it has {markdown_literal(', '.join(labels))}.")
        _forget_after(param)
    if len(labels) == 1:
        picked = labels[0]
    else:
        with next(selector_columns):
            picked = _select(label, labels, index or 0, key, param, help=help)
    if picked == NONE and len(labels) == 1:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = URL_NONE if picked == NONE else picked
    return None if picked == NONE else picked


benchmark = _pick_benchmark()
choices = data.boards(path)
choices = choices[choices["benchmark_id"] == benchmark]
# Boards come most populated first, so each selector offers the most populated choice first.
selector_columns = iter(st.columns(3))
metric = _choice("Metric", choices["metric_id"], f"lb_metric_{benchmark}", "metric",
                 help="The metric the board ranks by; the benchmark's other metrics are columns beside it")
choices = choices[choices["metric_id"].fillna(NONE).astype(str) == (metric or NONE)]
split = _choice("Split", choices["split"], f"lb_split_{benchmark}_{metric}", "split")
choices = choices[choices["split"].fillna(NONE).astype(str) == (split or NONE)]
setting = _choice("Setting", choices["setting"], f"lb_setting_{benchmark}_{metric}_{split}", "setting")

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
top_value = board_table.shown_value(top["value"], top_unit, top.get("value_text"), top.get("rescaled"))
st.html(text_html(f"Top: {data.optional(top['model']) or '(unnamed)'} — {top_value}", "div", "font-size:1.25rem;font-weight:600"))

if view.entries > len(rows):
    st.text(f"The table lists the first {len(rows):,} of {view.entries:,} entries; the download has them all.")
table, side = data.leaderboard_table(path, benchmark, metric, split, setting, top=data.TABLE_ROWS)
every_column = [*board_table.BASE_COLUMNS[:3], *side, *board_table.BASE_COLUMNS[3:], *board_table.MORE_COLUMNS]
with st.expander("Columns"):
    shown = st.multiselect("Columns to show", every_column, default=board_table.default_columns(table, side),
                           key=f"lb_columns_{benchmark}_{metric}_{split}_{setting}")
shown = shown or board_table.default_columns(table, side)
width = board_table.column_widths(shown, side)
st.dataframe(
    table,
    hide_index=True,
    key="lb_table",
    column_order=shown,
    row_height=ROW_PX,
    height=min(len(table), 10) * ROW_PX + 40,
    placeholder="",  # a missing value is an empty cell, never "None"
    column_config={
        "rank": st.column_config.NumberColumn(width=width.get("rank")),
        "model": st.column_config.TextColumn(width=width.get("model")),
        "value": st.column_config.TextColumn(width=width.get("value"),
                                             help="As claimed; rescaled to % where the board mixes fractions and percentages"),
        **{name: st.column_config.NumberColumn(width=width.get(name), format=board_table.number_format(unit),
                                               help="What the same model and paper claim on this metric")
           for name, unit in side.items()},
        "paper": st.column_config.LinkColumn(width=width.get("paper"), display_text=board_table.TITLE_FROM_LINK,
                                             help="The paper: its arXiv page or link, else its paper view"),
        "code": st.column_config.LinkColumn(width=width.get("code"), display_text=board_table.CODE_HOST,
                                            help="The code the abstract links"),
        "date": st.column_config.TextColumn(width=width.get("date")),
        "evidence": st.column_config.TextColumn(width=width["evidence"], help="The abstract's sentence, cut around the number (» «)"),
        "abstract": st.column_config.LinkColumn(width=width.get("abstract"), display_text=":material/article:",
                                                help="The paper view: the abstract with every number marked"),
        "held": st.column_config.TextColumn(width=width.get("held"), help="Why the entry is listed but not ranked"),
        "number": st.column_config.NumberColumn(help="The value as a number"),
    },
)

# The curation loop: a reader's "this entry is wrong" is stored in the store and the entry leaves the board.
with st.expander("This entry is wrong"):
    candidates = table[table["rank"].notna()].head(200)
    if candidates.empty:
        st.text("No ranked entry to flag.")
    else:
        labels = {
            rid: f"#{int(rank)} {model} — {value}"
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
        st.info("No ranked entry on this board has a paper date, so there is no timeline.")

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
    st.dataframe(data.readable_text(data.flatten_lists(data.improvements(path, benchmark))), hide_index=True, placeholder="")
if st.toggle("Efficiency claims on this benchmark (not ranked)", key="lb_efficiency"):
    st.dataframe(data.readable_text(data.flatten_lists(data.efficiency(path, benchmark))), hide_index=True, placeholder="")
