"""The dashboard's entry point: ``streamlit run dashboard/app.py -- --db PATH`` (or ``lbx dashboard``).

The store is the ``--db`` argument given after ``--``, else $LBX_DB, else ./lbx.duckdb.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run from a checkout without an install
    sys.path.insert(0, str(HERE.parent))

import streamlit as st  # noqa: E402

from dashboard import data  # noqa: E402
from dashboard.freshness import refresh_if_changed  # noqa: E402
from extractor.store_access import StoreBusy  # noqa: E402

PAGES = [
    st.Page(HERE / "views" / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(HERE / "views" / "leaderboard.py", title="Leaderboard", icon=":material/leaderboard:", url_path="leaderboard"),
    st.Page(HERE / "views" / "browse.py", title="Browse", icon=":material/travel_explore:", url_path="browse"),
    st.Page(HERE / "views" / "model.py", title="Models", icon=":material/person_search:", url_path="model"),
    st.Page(HERE / "views" / "compare.py", title="Compare models", icon=":material/compare_arrows:", url_path="compare"),
    st.Page(HERE / "views" / "claims.py", title="Claims explorer", icon=":material/table:", url_path="claims"),
    st.Page(HERE / "views" / "paper.py", title="Paper view", icon=":material/article:", url_path="paper"),
    st.Page(HERE / "views" / "upload.py", title="Upload", icon=":material/upload_file:", url_path="upload"),
]

st.set_page_config(page_title="lbx leaderboards", page_icon=":material/leaderboard:", layout="wide")
page = st.navigation(PAGES)
with st.sidebar:
    st.caption("Leaderboards from what papers claim")
    st.text(f"Store: {data.db_path()}")
refresh_if_changed(data.db_path())
try:
    page.run()
except StoreBusy as exc:  # an ingest kept writing for longer than a page may wait
    st.warning(f"The store is being updated: {exc}. Reload the page in a moment.")
