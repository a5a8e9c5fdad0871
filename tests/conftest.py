"""Shared pytest fixtures."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def shared_dir() -> Path:
    """The shared data folder beside the repository (../shared), or skip when it is absent."""
    path = (REPO / ".." / "shared").resolve()
    if not path.is_dir():
        pytest.skip(f"shared data folder not found at {path}")
    return path


@pytest.fixture(autouse=True, scope="session")
def _release_cached_stores():
    """Drop the store connections the dashboard caches, so none outlives the test session."""
    yield
    import gc

    try:
        import streamlit as st

        st.cache_resource.clear()
        st.cache_data.clear()
    except Exception:  # streamlit absent or not initialised: nothing was cached
        pass
    gc.collect()
