"""The lbx dashboard: a Streamlit app over a claims store.

``charts`` and ``highlight`` are pure (no Streamlit) and unit-tested on their own; ``data`` holds the
cached access functions the pages share; ``app`` is the entry point given to ``streamlit run``.
"""

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
        return "direction unknown (ranked higher first)"
    return "↑ higher is better" if higher_is_better else "↓ lower is better"
