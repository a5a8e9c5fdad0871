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
