"""The lbx dashboard: a Streamlit app over a claims store.

``charts``, ``board_table`` and ``highlight`` are pure (no Streamlit) and unit-tested on their own;
``data`` holds the cached access functions the pages share; ``app`` is the entry point given to
``streamlit run``.
"""

from typing import Any

# One colour per claim kind, shared by the charts and the highlighted abstracts.
KIND_COLORS: dict[str, str] = {
    "score": "#1f77b4",
    "delta": "#2ca02c",
    "relative": "#ff7f0e",
    "efficiency": "#9467bd",
}
KIND_ORDER: tuple[str, ...] = tuple(KIND_COLORS)


def direction_label(higher_is_better: bool | None) -> str:
    """How a board reads: which way is better, in words with an arrow."""
    if higher_is_better is None:
        return "direction unknown"
    return "↑ higher is better" if higher_is_better else "↓ lower is better"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 paper', '3 papers', '1,200 entries'."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def format_value(value: float | None, unit: str | None = None) -> str:
    """A claimed number for reading: ``80.3%``, ``2x``, ``12 ms``; '—' when there is none."""
    if value is None or value != value:  # None or NaN
        return "—"
    number = f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.3e}"
    if not unit:
        return number
    return f"{number}{unit}" if unit in ("%", "x", "×") else f"{number} {unit}"


def optional(value: Any) -> str | None:
    """A cell as a clean optional string (None for NaN, NA and the empty string)."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    return text or None


def joined(value: Any) -> str | None:
    """A list cell (list, tuple or array, as DuckDB returns them) as one comma-separated string."""
    if value is None or isinstance(value, str):
        return value
    try:
        items = list(value)
    except TypeError:
        return optional(value)
    return ", ".join(map(str, items)) or None
