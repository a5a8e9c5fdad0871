"""Model page: every claim one model makes across benchmarks, with the sentence that makes it."""

import streamlit as st

from dashboard import board_table, counted, data, model_data
from dashboard.highlight import text_html

st.title("Models")
path = data.require_store()

asked = st.query_params.get("model", "")
query = st.text_input("Find a model", value=asked, key="md_query", placeholder="any part of the name, any case, e.g. qwen").strip()
found, total = model_data.models(path, query)
if found.empty:
    st.warning(f"No model name contains “{query}”." if query else "No record names a model yet.")
    st.stop()
if total > len(found):
    st.text(f"{total:,} models match; the picker lists the {len(found):,} with most records.")
else:
    st.text(f"{counted(total, 'model')} match{'es' if total == 1 else ''}.")

names = found["model"].astype(str).tolist()
counts = dict(zip(names, found["records"], strict=True))
exact = next((n for n in names if n.casefold() == asked.casefold()), None)
model = st.selectbox("Model", names, index=names.index(exact) if exact else 0, key=f"md_model_{query.casefold()}",
                     format_func=lambda m: f"{m}  ({counted(counts[m], 'record')})")
st.query_params["model"] = model

claims = model_data.model_claims(path, model)
st.html(text_html(model, "h3", "margin:0.5rem 0 0.25rem 0"))
boards = claims["benchmark_id"].dropna().nunique()
st.text(f"{counted(len(claims), 'record')} from {counted(claims['paper_id'].nunique(), 'paper')}, "
        f"on {counted(boards, 'benchmark')}")
if len(found) > 1:
    st.page_link("views/compare.py", label="Compare with other models", icon=":material/compare_arrows:",
                 query_params={"models": ",".join([model, *[n for n in names if n != model][:1]])})

st.dataframe(
    board_table.model_table(claims),
    hide_index=True, placeholder="",
    column_config={
        "value": st.column_config.TextColumn(help="As the paper wrote it, with its unit"),
        "paper": st.column_config.LinkColumn(display_text=board_table.TITLE_FROM_LINK, width="medium",
                                             help="The paper's page (arXiv for an arXiv id)"),
        "evidence": st.column_config.TextColumn(width="large", help="The abstract's sentence, cut around the number (» «)"),
        "board": st.column_config.LinkColumn(display_text="board", help="The benchmark's leaderboard"),
        "abstract": st.column_config.LinkColumn(display_text=":material/article:", help="The paper with every number marked"),
    },
)
st.download_button("Download this model's records (CSV)", lambda: data.export_bytes(claims, "csv"),
                   file_name=f"{model}-records.csv".replace("/", "_").replace(" ", "_"), mime="text/csv",
                   key="md_csv", on_click="ignore")
