"""Paper view: the abstract with every extracted number marked by kind, and its records beside it."""

import streamlit as st

from dashboard import data
from dashboard.highlight import highlight_html, legend_html, readable, readable_abstract, text_html

MAX_OPTIONS = 500

st.title("Paper view")
path = data.require_store()

query = st.text_input("Find a paper", key="pv_query", placeholder="words of the title, or its id").strip()
found, matches = data.find_papers(path, query, MAX_OPTIONS)
if found.empty:
    st.warning("No paper matches." if query else "The store holds no paper yet.")
    st.stop()

ids = found["paper_id"].astype(str).tolist()
titles = dict(zip(ids, found["title"].fillna("").astype(str), strict=True))
wanted = st.query_params.get("paper")
if wanted and wanted not in titles and not query:
    # A paper named in the address (from a leaderboard link, say) is offered even past the first page.
    chosen = data.paper(path, wanted)
    if chosen:
        ids.insert(0, wanted)
        titles[wanted] = chosen.get("title") or ""
if matches > len(found):
    st.text(f"{matches:,} papers match; the picker lists {len(found):,} of them, newest first.")
paper_id = st.selectbox(
    "Paper",
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    key=f"pv_paper_{query.casefold()}",
    format_func=lambda pid: titles.get(pid) or pid,
)
st.query_params["paper"] = paper_id

record = data.paper(path, paper_id) or {"paper_id": paper_id}
claims = data.paper_claims(path, paper_id)

st.html(text_html(readable(record.get("title")) or paper_id, "h3", "margin:0.5rem 0 0.25rem 0"))
meta = [f"id {paper_id}"]
if record.get("date"):
    meta.append(f"date {record['date']}")
authors = record.get("authors")
if isinstance(authors, (list, tuple)) and authors:
    meta.append(", ".join(map(str, authors[:6])) + (" et al." if len(authors) > 6 else ""))
st.text(" · ".join(meta))
if record.get("url"):
    st.link_button("Open the paper", str(record["url"]))

left, right = st.columns([3, 2])
with left:
    st.subheader("Abstract")
    st.html(legend_html())
    # The normalised text (no raw LaTeX), with the marks moved to the same characters in it.
    st.html(highlight_html(*readable_abstract(record.get("abstract") or "", claims)))
with right:
    st.subheader(f"Records ({len(claims)})")
    if claims.empty:
        st.info("No claim was extracted from this abstract.")
    else:
        cols = ["value_text", "kind", "model", "benchmark_id", "metric_id", "split", "unit", "qualifiers", "sentence", "start", "end"]
        shown = data.flatten_lists(claims.reindex(columns=[c for c in cols if c in claims]).sort_values("start", kind="stable"))
        shown["sentence"] = shown["sentence"].map(readable)
        st.dataframe(shown, hide_index=True, placeholder="", column_config={"value_text": "number", "benchmark_id": "benchmark", "metric_id": "metric",
                                                                "sentence": "evidence"})
    with st.expander("The record as JSON"):
        st.json({**data.jsonable(record), "claims": data.records(claims)}, expanded=1)
