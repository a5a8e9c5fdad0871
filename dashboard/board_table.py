"""The leaderboard's table: a board's rows made readable. Pure pandas (no Streamlit), tested on its own.

Cells hold text, never markup: the paper column is a URL whose fragment carries the title, which the
table's link column shows as the link's text (``TITLE_FROM_LINK``), and the evidence marks the
number with plain characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

import pandas as pd

from dashboard import format_value, joined
from dashboard.highlight import readable

MARK_OPEN, MARK_CLOSE = "»", "«"
EVIDENCE_CHARS = 84  # what three lines of the evidence column show at 1440 px
# The link column's display text: the part after the last '#', percent-decoded by the table.
TITLE_FROM_LINK = r"#([^#]*)$"
CODE_HOST = r"^https://([a-z]+)\.com/"  # shows "github" or "gitlab"
# Every column the table can show, in order; the page picks which (see ``default_columns``).
BASE_COLUMNS = ["rank", "model", "value", "paper", "code", "date", "evidence", "abstract"]
MORE_COLUMNS = ["held", "qualifiers", "split", "setting", "number", "unit", "title", "paper_id", "record_id"]


def _cut(text: str, at: int, width: int) -> str:
    """``text`` cut to about ``width`` characters around position ``at``, at word ends, with '…' where cut."""
    if len(text) <= width:
        return text
    at = max(at, 0)
    start = max(0, min(at - width // 3, len(text) - width))
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", at + 1, end)
        end = space if space > at else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _text(value: object) -> str:
    """A cell as text, '' for None, NaN and NA."""
    return value if isinstance(value, str) else "" if value is None or pd.isna(value) else str(value)


def evidence(sentence: object, value_text: object, width: int = EVIDENCE_CHARS) -> str:
    """The sentence as plain readable text, cut around the claimed number, the number between » and «."""
    text, number = _text(sentence), _text(value_text)
    if number:
        # The number standing alone (not the "80.3" of "180.3"), else its first occurrence.
        found = re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", text)
        at = found.start() if found else text.find(number)
        if at >= 0:
            text = f"{text[:at]}{MARK_OPEN}{number}{MARK_CLOSE}{text[at + len(number):]}"
    text = readable(text)
    return _cut(text, text.find(MARK_OPEN), width)


def shown_value(value: object, unit: object, value_text: object = None, rescaled: object = False) -> str:
    """A board value with its unit, to the decimals the paper wrote ('91.0%', not '91%'); '—' when missing."""
    unit = _text(unit) or None
    plain = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", _text(value_text))
    written = re.search(r"\d*[.,](\d+)|\d+", plain)  # thousands commas dropped first
    if value is None or pd.isna(value) or written is None:
        return format_value(None if value is None or pd.isna(value) else float(value), unit)
    scaled = rescaled is not None and not pd.isna(rescaled) and bool(rescaled)
    decimals = len(written.group(1) or "") - (2 if scaled else 0)  # 0.853 rescaled is 85.3
    number = f"{float(value):,.{max(decimals, 0)}f}"
    return f"{number}{unit}" if unit in ("%", "x", "×") else f"{number} {unit}" if unit else number


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series(None, index=frame.index, dtype="object")


def _paper_views(paper_ids: pd.Series) -> pd.Series:
    return "paper?paper=" + paper_ids.astype(str).map(lambda p: quote(p, safe=""))


def _papers(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The rows' paper ids, readable titles (the id where there is none) and paper links: the arXiv
    page or the paper's URL (``link``), else the paper view, ending in '#' and the title."""
    ids = _column(rows, "paper_id").astype("string").fillna("")
    titles = _column(rows, "paper_title").map(readable).astype("string")
    titles = titles.where(titles.str.len() > 0, ids)
    link = _column(rows, "link").astype("string")
    target = link.where(link.notna() & (link.str.len() > 0), _paper_views(ids))
    return ids, titles, target + "#" + titles.map(lambda t: quote(t, safe=""))


def board_table(rows: pd.DataFrame) -> pd.DataFrame:
    """A board's rows (``extractor.boards.ROW_COLUMNS`` plus value_text and code) as the table shows them.

    ``value`` is text with its unit ('—' when missing); ``number`` keeps the figure. ``paper`` links the
    arXiv page or the paper's URL (``link``), else the paper view, and ends in '#' and the title;
    ``abstract`` is the paper view with every number marked.
    """
    out = pd.DataFrame(index=rows.index)
    out["rank"] = _column(rows, "rank")
    out["model"] = _column(rows, "model")
    out["value"] = [
        shown_value(v, u, t, r)
        for v, u, t, r in zip(rows["value"], _column(rows, "unit"), _column(rows, "value_text"), _column(rows, "rescaled"))
    ]
    ids, titles, out["paper"] = _papers(rows)
    out["code"] = _column(rows, "code")
    out["date"] = _column(rows, "date")
    out["evidence"] = [evidence(s, v) for s, v in zip(_column(rows, "sentence"), _column(rows, "value_text"))]
    out["abstract"] = _paper_views(ids)
    out["held"] = _column(rows, "held")
    out["qualifiers"] = _column(rows, "qualifiers").map(joined)
    out["split"] = _column(rows, "split")
    out["setting"] = _column(rows, "setting")
    out["number"] = _column(rows, "value")
    out["unit"] = _column(rows, "unit")
    out["title"] = titles
    out["paper_id"] = ids
    out["record_id"] = _column(rows, "record_id")
    return out.reset_index(drop=True)


MODEL_COLUMNS = ["benchmark", "metric", "split", "value", "kind", "paper", "date", "evidence", "board", "abstract"]


def model_table(claims: pd.DataFrame) -> pd.DataFrame:
    """One model's claims (``Store.claims`` rows plus ``link``) as the model page shows them: blanks
    rather than 'None', the value with its unit, the title as the link and the evidence marked."""
    out = pd.DataFrame(index=claims.index)
    benchmark = _column(claims, "benchmark_id").astype("string")
    out["benchmark"] = benchmark.fillna(_column(claims, "benchmark").astype("string")).fillna("")
    out["metric"] = _column(claims, "metric_id").astype("string").fillna("")
    out["split"] = _column(claims, "split").astype("string").fillna("")
    out["value"] = [shown_value(v, u, t) for v, u, t in
                    zip(claims["value"], _column(claims, "unit"), _column(claims, "value_text"))]
    out["kind"] = _column(claims, "kind").astype("string").fillna("")
    ids, _titles, out["paper"] = _papers(claims)
    out["date"] = _column(claims, "date").astype("string").fillna("")
    out["evidence"] = [evidence(s, v) for s, v in zip(_column(claims, "sentence"), _column(claims, "value_text"))]
    out["board"] = ["leaderboard?benchmark=" + quote(b, safe="") if b else None
                    for b in benchmark.fillna("").tolist()]
    out["abstract"] = _paper_views(ids)
    return out[MODEL_COLUMNS].reset_index(drop=True)


def metric_columns(
    table: pd.DataFrame, rows: pd.DataFrame, others: pd.DataFrame, metric: str | None
) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """``table`` (made from ``rows``) with a column per other metric of the benchmark: the value the
    same (model, paper) claims there, where it has one. Columns are named by metric id, the metric
    most often filled first; returns the table and each such column's unit (None for none).

    ``others`` is ``extractor.boards.metric_values`` for the board's papers; held values are left out.
    """
    if others is None or others.empty:
        return table, {}
    data = others[others["rank"].notna() & others["metric_id"].notna() & (others["metric_id"] != metric)]
    if data.empty:
        return table, {}
    data = data.assign(_model=data["model"].astype(str).str.casefold())
    units = data.dropna(subset=["unit"]).groupby("metric_id")["unit"].agg(lambda u: u.mode().iat[0])
    order = data["metric_id"].value_counts(sort=True).index.tolist()
    names = {m: str(m) if str(m) not in table.columns else f"{m} ·" for m in order}
    wide = data.pivot_table(index=["_model", "paper_id"], columns="metric_id", values="value", aggfunc="first")
    wide = wide[order].rename(columns=names)
    keys = pd.DataFrame({"_model": rows["model"].astype(str).str.casefold().to_numpy(),
                         "paper_id": rows["paper_id"].astype(str).to_numpy()})
    side = keys.merge(wide, left_on=["_model", "paper_id"], right_index=True, how="left").drop(columns=["_model", "paper_id"])
    side.index = table.index
    return pd.concat([table, side], axis=1), {names[m]: units.get(m) for m in order}


def number_format(unit: str | None) -> str | None:
    """The table's printf format for figures in ``unit`` ('97.5%', '2x', '12 ms'); None for plain numbers."""
    if not unit:
        return None
    unit = unit.replace("%", "%%")
    return f"%g{unit}" if unit in ("%%", "x", "×") else f"%g {unit}"


# Pixel widths that fit the default columns beside the sidebar at 1440 px (the grid is ~975 px wide);
# the evidence takes what is left, wrapping over the rows' three lines.
WIDTHS = {"rank": 44, "model": 112, "value": 72, "paper": 216, "code": 56, "date": 86, "abstract": 48, "held": 140}
SIDE_WIDTH = 104
TABLE_PX = 970
EVIDENCE_MIN_PX = 200


def column_widths(shown: list[str], side: Iterable[str], budget: int = TABLE_PX) -> dict[str, int]:
    """The width of each shown column: fixed ones, the other metrics', and the rest for the evidence."""
    side = set(side)
    widths = {c: SIDE_WIDTH if c in side else WIDTHS[c] for c in shown if c in side or c in WIDTHS}
    widths["evidence"] = max(EVIDENCE_MIN_PX, budget - sum(widths.values()))
    return widths


def default_columns(table: pd.DataFrame, side: Iterable[str], side_shown: int = 1) -> list[str]:
    """What the table shows unless the reader picks: the essentials, the most filled other metrics
    beside the value, and why entries are held when some are."""
    columns = ["rank", "model", "value", *list(side)[:side_shown], *BASE_COLUMNS[3:]]
    if "held" in table and table["held"].notna().any():
        columns.append("held")
    return [c for c in columns if c in table]
