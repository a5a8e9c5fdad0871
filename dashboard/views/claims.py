"""Claims explorer: every extracted record, filtered, with the filtered view to download."""

import streamlit as st

from dashboard import KIND_ORDER, data

ANY = "(any)"

st.title("Claims explorer")
path = data.require_store()
boards = data.boards(path)

c1, c2, c3 = st.columns(3)
kind = c1.selectbox("Kind", [ANY, *KIND_ORDER], key="cl_kind")
benchmark = c2.selectbox("Benchmark", [ANY, *sorted(boards["benchmark_id"].dropna().unique())], key="cl_benchmark")
metrics = boards if benchmark == ANY else boards[boards["benchmark_id"] == benchmark]
metric = c3.selectbox("Metric", [ANY, *sorted(metrics["metric_id"].dropna().unique())], key=f"cl_metric_{benchmark}")
c4, c5 = st.columns(2)
model = c4.text_input("Model", key="cl_model", help="The exact model name, in any case").strip()
text = c5.text_input("Text contains", key="cl_text", help="Searched in the sentence, the model, the benchmark and the paper title").strip()

filters = {
    "kind": None if kind == ANY else kind,
    "benchmark_id": None if benchmark == ANY else benchmark,
    "metric_id": None if metric == ANY else metric,
    "model": model or None,
    "text": text or None,
}
view = data.claims(path, **filters)
if len(view) >= data.CLAIMS_LIMIT:
    st.text(f"Showing the first {len(view):,} records; narrow the filters to see the others. Downloads hold them all.")
else:
    st.text(f"{len(view):,} records")

shown = data.flatten_lists(view)
order = [
    "paper_title", "model", "value_text", "value", "unit", "kind", "benchmark_id", "metric_id", "split",
    "qualifiers", "sentence", "paper_id", "benchmark", "metric", "value_high", "higher_is_better", "start", "end", "rule",
]
st.dataframe(
    shown,
    hide_index=True, placeholder="",
    column_order=[c for c in order if c in shown] + [c for c in shown if c not in order],
    column_config={
        "paper_title": "paper",
        "value_text": "as written",
        "benchmark_id": "benchmark (canonical)",
        "metric_id": "metric (canonical)",
        "sentence": st.column_config.TextColumn("evidence", width="large"),
    },
)


d1, d2, _ = st.columns([1, 1, 4])
for column, fmt, mime in ((d1, "csv", "text/csv"), (d2, "json", "application/json")):
    column.download_button(
        f"Download {fmt.upper()}",
        lambda fmt=fmt: data.claims_export(path, fmt, **filters),
        file_name=f"claims.{fmt}",
        mime=mime,
        key=f"cl_{fmt}",
        on_click="ignore",
    )
