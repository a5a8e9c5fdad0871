"""Overview: how much the store holds, by kind and by board."""

import pandas as pd
import streamlit as st

from dashboard import KIND_ORDER, charts, data

st.title("Overview")
path = data.require_store()
stats = data.stats(path)
boards = data.boards(path)

by_kind = {k: int(stats.get("claims_by_kind", {}).get(k, 0)) for k in KIND_ORDER}
by_kind.update({k: int(n) for k, n in stats.get("claims_by_kind", {}).items() if k not in by_kind})

cols = st.columns(4)
cols[0].metric("Papers", f"{int(stats.get('papers', 0)):,}")
cols[1].metric("Records", f"{int(stats.get('claims', 0)):,}")
cols[2].metric("Benchmarks", f"{int(stats.get('benchmarks', 0)):,}")
cols[3].metric("Boards", f"{int(stats.get('boards', len(boards))):,}")

left, right = st.columns(2)
with left:
    st.altair_chart(charts.kind_chart(by_kind))
    st.dataframe(
        pd.DataFrame({"kind": list(by_kind), "records": list(by_kind.values())}),
        hide_index=True, placeholder="",
        column_config={"records": st.column_config.NumberColumn(format="localized")},
    )
with right:
    if boards.empty:
        st.info("No board yet: no record names both a benchmark and a value.")
    else:
        st.altair_chart(charts.boards_chart(boards))
        top = boards.head(20).assign(board=lambda f: charts.board_label(f))
        st.dataframe(
            top[["board", "benchmark_id", "metric_id", "split", "setting", "entries"]],
            hide_index=True, placeholder="",
            column_config={
                "benchmark_id": "benchmark",
                "metric_id": "metric",
                "entries": st.column_config.NumberColumn(format="localized"),
            },
        )
