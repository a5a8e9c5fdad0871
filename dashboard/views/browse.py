"""Browse: find a benchmark by any of its names, or walk area → task → benchmark to its board."""

from urllib.parse import quote

import streamlit as st

from dashboard import catalog, data
from dashboard.highlight import markdown_literal
from extractor.board_keys import rules as board_rules
from extractor.registry import benchmarks as registry_benchmarks

st.title("Browse benchmarks")
path = data.require_store()
stored = data.benchmarks(path)
if stored.empty:
    st.info("No board yet: no record names both a benchmark and a value.")
    st.stop()
table = catalog.catalog(stored, registry_benchmarks(), [v.label for v in board_rules().variants])
ids = set(table["benchmark_id"])


def board_link(benchmark: str) -> str:
    return f"leaderboard?benchmark={quote(benchmark)}"


asked = st.query_params.get("benchmark", "")
query = st.text_input("Find a benchmark", value=asked, key="br_query",
                      placeholder="its name or any alias, e.g. IN-1k or mathvista").strip()
if query:
    resolved = data.resolve(path, query)
    if resolved not in ids:
        resolved = catalog.same_name(query, ids, registry_benchmarks()) or resolved
    if resolved in ids:
        st.query_params["benchmark"] = query
        label = resolved if resolved.casefold() == query.casefold() else f"{resolved} (for “{query}”)"
        label = markdown_literal(label)  # the query may come from the address: shown as typed
        st.page_link("views/leaderboard.py", label=f"Open the board: {label}", icon=":material/leaderboard:",
                     query_params={"benchmark": resolved})
    else:
        targets = catalog.near_benchmarks(query, table["benchmark_id"], registry_benchmarks())
        st.warning(f"No benchmark in this store is called “{markdown_literal(query)}”."
                   + (" Did you mean one of these?" if targets else ""))
        for target in targets:
            st.page_link("views/leaderboard.py", label=markdown_literal(target), query_params={"benchmark": target})

st.subheader("By area and task")
area_rows = catalog.areas(table)
left, mid = st.columns(2)
area = left.selectbox("Area", area_rows["area"].tolist(), key="br_area",
                      format_func=lambda a: f"{a}  ({int(area_rows.set_index('area').loc[a, 'benchmarks'])} benchmarks)")
task_rows = catalog.tasks(table, area)
task = mid.selectbox("Task", task_rows["task"].tolist(), key=f"br_task_{area}",
                     format_func=lambda t: f"{t}  ({int(task_rows.set_index('task').loc[t, 'benchmarks'])} benchmarks)")
shown = table[(table["area"] == area) & (table["task"] == task)].copy()
shown["board"] = shown["benchmark_id"].map(board_link)
st.dataframe(
    shown[["name", "entries", "boards", "board"]],
    hide_index=True, placeholder="",
    key="br_table",
    column_config={
        "name": "benchmark",
        "entries": st.column_config.NumberColumn(format="localized"),
        "board": st.column_config.LinkColumn(display_text="open board", help="The benchmark's leaderboard"),
    },
)
with st.expander("Every area"):
    st.dataframe(area_rows, hide_index=True, placeholder="")
