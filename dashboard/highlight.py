"""Abstracts as safe HTML with every extracted number marked by its kind.

Everything taken from a paper (abstract, title, names) is HTML-escaped here and only the markup this
module writes is live. The result goes to ``st.html``, which does not read Markdown, so ``*``, ``_``,
``$`` or ``[x](y)`` in an abstract stay literal text too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard import KIND_COLORS

_FALLBACK_COLOR = "#7f7f7f"


def escape(text: Any) -> str:
    """``text`` as inert HTML (quotes too, so it is safe inside attributes); None becomes ''."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=True)


def _records(claims: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> list[Mapping[str, Any]]:
    if claims is None:
        return []
    if isinstance(claims, pd.DataFrame):
        return claims.to_dict("records")
    return [c if isinstance(c, Mapping) else c.model_dump() for c in claims]


def _span_title(claim: Mapping[str, Any]) -> str:
    """The hover text of a marked number: kind, then what it is about."""
    parts = [str(claim.get("kind") or "claim")]
    for key in ("model", "benchmark_id", "benchmark", "metric_id", "metric"):
        value = claim.get(key)
        if value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value) not in parts:
            parts.append(str(value))
    return " · ".join(parts)


def spans(abstract: str, claims: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> list[tuple[int, int, Mapping[str, Any]]]:
    """The (start, end, claim) spans to mark, in order, inside the text and never overlapping.

    Claims whose offsets fall outside the abstract are dropped; of two that overlap the earlier
    (then the longer) wins. Several claims on the same number (one per benchmark, say) mark it once.
    """
    out: list[tuple[int, int, Mapping[str, Any]]] = []
    candidates = []
    for claim in _records(claims):
        try:
            start, end = int(claim["start"]), int(claim["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start < end <= len(abstract):
            candidates.append((start, -end, claim))
    last_end = 0
    for start, neg_end, claim in sorted(candidates, key=lambda c: (c[0], c[1])):
        if start >= last_end:
            out.append((start, -neg_end, claim))
            last_end = -neg_end
    return out


def highlight_html(abstract: str | None, claims: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> str:
    """The abstract as escaped HTML with each claimed number in a ``<mark>`` coloured by its kind."""
    text = abstract or ""
    pieces: list[str] = []
    pos = 0
    for start, end, claim in spans(text, claims):
        kind = str(claim.get("kind") or "")
        color = KIND_COLORS.get(kind, _FALLBACK_COLOR)
        pieces.append(escape(text[pos:start]))
        pieces.append(
            f'<mark class="lbx-claim lbx-{escape(kind)}" data-kind="{escape(kind)}" title="{escape(_span_title(claim))}" '
            f'style="background:{color}33;border-bottom:2px solid {color};padding:0 2px;border-radius:2px;color:inherit">'
            f"{escape(text[start:end])}</mark>"
        )
        pos = end
    pieces.append(escape(text[pos:]))
    return f'<div class="lbx-abstract" style="white-space:pre-wrap;line-height:1.6">{"".join(pieces)}</div>'


def legend_html(kinds: Iterable[str] | None = None) -> str:
    """A one-line key of the kind colours."""
    chosen = list(kinds) if kinds is not None else list(KIND_COLORS)
    items = []
    for kind in chosen:
        color = KIND_COLORS.get(kind, _FALLBACK_COLOR)
        items.append(
            f'<span style="background:{color}33;border-bottom:2px solid {color};padding:0 4px;margin-right:8px">'
            f"{escape(kind)}</span>"
        )
    return f'<div class="lbx-legend">{"".join(items)}</div>'


def markdown_literal(text: Any) -> str:
    """``text`` for a Streamlit Markdown message (st.warning, say) that shows it as written: every
    character Markdown, HTML or Streamlit's :directives: would read is backslash-escaped."""
    return re.sub(r"([\\`*_{}\[\]()<>#+!|:$~&])", r"\\\1", "" if text is None else str(text))


def text_html(text: Any, tag: str = "div", style: str = "") -> str:
    """One piece of paper text (a title, say) as an escaped element; ``tag`` and ``style`` are the caller's own."""
    attr = f' style="{escape(style)}"' if style else ""
    return f"<{tag}{attr}>{escape(text)}</{tag}>"


# --- text as the paper wrote it, readable -------------------------------------------------------
# Abstracts often carry LaTeX (``\%``, ``$\times$``, ``\textbf{}``). The pages show the normalised text
# that extraction reads; claim offsets point into the original, so they are carried across.


def readable(text: Any) -> str:
    """One piece of paper text with LaTeX and odd spaces turned into plain text, runs of space as one."""
    from extractor.textnorm import normalise

    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return " ".join(normalise(str(text)).text.split())


def _to_normalised(norm: Any, start: int, end: int) -> tuple[int, int]:
    """The span of the normalised text whose characters came from original [start, end)."""
    n = len(norm.text)
    lo, hi = 0, n
    while lo < hi:  # first normalised character that ends after ``start`` in the original
        mid = (lo + hi) // 2
        if norm.span(mid, mid + 1)[1] <= start:
            lo = mid + 1
        else:
            hi = mid
    first = lo
    lo, hi = first, n
    while lo < hi:  # first normalised character that starts at or after ``end``
        mid = (lo + hi) // 2
        if norm.span(mid, mid + 1)[0] < end:
            lo = mid + 1
        else:
            hi = mid
    return first, lo


def readable_abstract(
    abstract: str | None, claims: pd.DataFrame | Iterable[Mapping[str, Any]] | None
) -> tuple[str, list[dict[str, Any]]]:
    """The abstract normalised, and the claims with ``start``/``end`` moved to mark the same characters in it."""
    from extractor.textnorm import normalise

    text = abstract or ""
    norm = normalise(text)
    moved = []
    for claim in _records(claims):
        row = dict(claim)
        try:
            start, end = int(row["start"]), int(row["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if norm.seg_norm is not None and 0 <= start < end <= len(text):
            row["start"], row["end"] = _to_normalised(norm, start, end)
        moved.append(row)
    return norm.text, moved
