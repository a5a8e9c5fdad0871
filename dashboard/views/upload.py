"""Upload: read a file in any supported format, see what was extracted, add it to the store."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.highlight import text_html

AUTO = "(from the file name)"

st.title("Upload")
path = data.db_path()

try:
    from extractor.readers import FORMATS
except ImportError:  # an older reader package without the list
    FORMATS = ()
formats = [AUTO, *sorted(str(f) for f in FORMATS)]

st.text("Papers in any supported format: " + (", ".join(formats[1:]) or "see `lbx ingest --help`"))
upload = st.file_uploader("Drop a file", key="up_file")
fmt = st.selectbox("Format", formats, key="up_format")
if upload is None:
    st.stop()

content = upload.getvalue()
items = data.extract_file(upload.name, content, None if fmt == AUTO else fmt)
extractions = [i for i in items if hasattr(i, "paper")]
bad = [i for i in items if not hasattr(i, "paper")]
if not extractions and bad and bad[0].error.startswith("not a text file"):
    st.error(f"{upload.name} is not a text file, so it holds no papers lbx can read: {bad[0].error.split(';')[0]}.")
    st.text("Upload paper listings, JSON Lines, JSON, CSV, TSV or arXiv XML (optionally .gz).")
    st.stop()
n_claims = sum(len(e.claims) for e in extractions)

cols = st.columns(3)
cols[0].metric("Papers read", f"{len(extractions):,}")
cols[1].metric("Records extracted", f"{n_claims:,}")
cols[2].metric("Unreadable records", f"{len(bad):,}")

if extractions:
    claims = pd.DataFrame([c.model_dump() for e in extractions for c in e.claims])
    papers = pd.DataFrame(
        {
            "paper_id": [e.paper.paper_id for e in extractions],
            "title": [e.paper.title for e in extractions],
            "date": [e.paper.date for e in extractions],
            "records": [len(e.claims) for e in extractions],
            "issues": [len(e.issues) for e in extractions],
        }
    )
    st.subheader("Papers")
    st.dataframe(data.readable_text(papers), hide_index=True, placeholder="")
    st.subheader("Records")
    if claims.empty:
        st.info("No claimed result was found in these abstracts.")
    else:
        claims = data.readable_text(data.flatten_lists(claims))
        cols = ["paper_title", "value_text", "kind", "model", "benchmark_id", "metric_id", "split", "qualifiers", "sentence"]
        st.dataframe(claims[cols], hide_index=True, placeholder="", column_config={"paper_title": "paper", "value_text": "number", "sentence": "evidence"})
if bad:
    st.subheader("Unreadable records")
    st.dataframe(pd.DataFrame([b.model_dump() for b in bad]), hide_index=True, placeholder="")

if st.button("Add to the store", type="primary", key="up_add", disabled=not extractions):
    try:
        report = data.ingest(path, items)
    except Exception as exc:  # the store may be held by another process (StoreBusy names it)
        st.error("Could not write to the store.")
        st.html(text_html(str(exc), "pre"))
    else:
        new = len({e.paper.paper_id for e in extractions}) - report.replaced
        st.success(f"{new:,} new, {report.replaced:,} replaced: {report.claims:,} records stored.")
        changed = sorted({(c.benchmark_id, c.metric_id or "") for e in extractions for c in e.claims
                          if c.benchmark_id and str(getattr(c.kind, "value", c.kind)) == "score"})
        if changed:
            st.text("Boards changed:")
            for benchmark, metric in changed:
                st.page_link("views/leaderboard.py", label=f"{benchmark} · {metric}" if metric else benchmark,
                             query_params={"benchmark": benchmark})
        st.text(f"Store: {path}")
