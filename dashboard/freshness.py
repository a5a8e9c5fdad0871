"""Noticing that the store changed under a running dashboard (an `lbx ingest` beside it), so the
pages show the new records on the next click instead of after a restart.

The cached query results are keyed by path, not by content; so each page run compares the file's
modification stamp with the one seen last and, when it moved, drops every cached result.
"""

from __future__ import annotations

import threading

from extractor.store_access import store_version

_seen: dict[str, tuple[int, ...]] = {}
_lock = threading.Lock()  # page runs of different sessions happen in threads of their own


def changed_since_last_look(path: str) -> bool:
    """True when the store at ``path`` was written since the previous call for it (not on the first)."""
    version = store_version(path)
    with _lock:
        before = _seen.get(path)
        _seen[path] = version
    return before is not None and before != version


def refresh_if_changed(path: str) -> bool:
    """Drop every cached result when the store changed; returns whether it did."""
    if not changed_since_last_look(path):
        return False
    import streamlit as st

    st.cache_data.clear()
    return True
