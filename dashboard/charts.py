"""Chart builders: DataFrames in, Altair charts out.

Pure functions with no Streamlit in sight, so they are tested on their own. Every builder accepts an
empty frame and then returns a chart with no marks rather than raising.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard import KIND_COLORS, KIND_ORDER, direction_label

# Altair inlines data into the spec; past this many rows a chart shows a sample of what matters most.
MAX_POINTS = 1500
COUNT_AXIS = alt.Axis(format=",d", tickMinStep=1)  # counts: whole numbers only


def to_datetime(dates: pd.Series) -> pd.Series:
    """Paper dates as timestamps. ``2024`` and ``2024-05`` become the first day of the period; junk becomes NaT."""
    text = dates.astype("string").str.strip()
    padded = text.where(text.str.len() != 4, text + "-01-01")
    padded = padded.where(padded.str.len() != 7, padded + "-01")
    return pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")


def _value_title(metric: str | None, unit: str | None) -> str:
    title = metric or "value"
    return f"{title} ({unit})" if unit else title


def _paper_label(frame: pd.DataFrame) -> pd.Series:
    """The paper's title, or its id where the title is missing."""
    ids = frame["paper_id"].astype("string") if "paper_id" in frame else pd.Series("", index=frame.index, dtype="string")
    if "paper_title" not in frame:
        return ids
    titles = frame["paper_title"].astype("string")
    return titles.where(titles.notna() & (titles.str.len() > 0), ids).fillna("")


def _claim_tooltip(value_title: str) -> list[alt.Tooltip]:
    """What hovering over one claim shows: its model, paper, value and date."""
    return [
        alt.Tooltip("model:N", title="model"),
        alt.Tooltip("paper:N", title="paper"),
        alt.Tooltip("value:Q", title=value_title),
        alt.Tooltip("date:N", title="date"),
    ]


def ranking_chart(
    rows: pd.DataFrame,
    *,
    higher_is_better: bool | None = True,
    metric: str | None = None,
    unit: str | None = None,
    top: int = 25,
) -> alt.Chart:
    """A horizontal bar per model, best on top, for the first ``top`` ranks of a board.

    ``rows`` is a board's ranked table (rank, model, value, paper_id, paper_title, date ...); held
    entries (no rank) are not drawn.
    """
    cols = ["rank", "model", "value", "paper_id", "paper_title", "date"]
    data = rows.reindex(columns=cols)
    data = data[data["rank"].notna()].sort_values("rank", kind="stable").head(top).copy()
    data["model"] = data["model"].astype("string").fillna("(unnamed)")
    data["paper"] = _paper_label(data)
    # Two entries for the same model stay two bars: the label carries the rank.
    data["label"] = data["rank"].astype("Int64").astype("string") + ". " + data["model"]
    data = data[["rank", "label", "model", "value", "paper", "date"]]
    data["date"] = data["date"].astype("string")
    title = _value_title(metric, unit)
    return (
        alt.Chart(data, title=alt.Title(f"Top {min(top, len(data))} by {title}", subtitle=direction_label(higher_is_better)))
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=title),
            y=alt.Y("label:N", sort=alt.SortField("rank", order="ascending"), title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.when(alt.datum.rank == 1).then(alt.value(KIND_COLORS["score"])).otherwise(alt.value("#9ecae9")),
            tooltip=[alt.Tooltip("rank:Q", title="rank"), *_claim_tooltip(title)],
        )
        .properties(height=alt.Step(22))
    )


def cap_points(data: pd.DataFrame, higher_is_better: bool | None, limit: int) -> pd.DataFrame:
    """Every record-setting claim, then the best of the rest, up to ``limit`` rows."""
    if len(data) <= limit:
        return data
    sota = data[data["is_sota"].fillna(False).astype(bool)]
    rest = data.drop(index=sota.index).sort_values("value", ascending=higher_is_better is False)
    return pd.concat([sota, rest.head(max(limit - len(sota), 0))]).sort_values("date", kind="stable")


def value_scale(values: pd.Series, higher_is_better: bool | None) -> alt.Scale:
    """A y scale that keeps the story readable when a few claims are far off the rest.

    Lower-is-better metrics that span more than a factor of 10 (FID, perplexity, error counts) get a
    log scale; otherwise, when some values lie more than three interquartile ranges outside the middle
    half of the data, the domain covers the others (with a margin) and the outliers are drawn at its edge.
    """
    data = pd.to_numeric(values, errors="coerce").dropna()
    if data.empty:
        return alt.Scale(zero=False)
    low, high = float(data.min()), float(data.max())
    if higher_is_better is False and low > 0 and high / low > 10:
        return alt.Scale(type="log")
    q25, q75 = float(data.quantile(0.25)), float(data.quantile(0.75))
    fence = 3 * (q75 - q25)
    inside = data[(data >= q25 - fence) & (data <= q75 + fence)]
    if len(data) >= 5 and fence > 0 and len(inside) < len(data):
        lo, hi = float(inside.min()), float(inside.max())
        margin = (hi - lo) * 0.1 or abs(hi) * 0.05 or 1.0
        return alt.Scale(zero=False, domain=[lo - margin, hi + margin], clamp=True)
    if low == high:  # one value: a band around it, not a zero-height axis
        margin = abs(high) * 0.05 or 1.0
        return alt.Scale(zero=False, domain=[low - margin, high + margin])
    return alt.Scale(zero=False)


def year_domain(when: pd.Series) -> list[str] | None:
    """An x domain of at least a year around the dates, so a short timeline still shows its year
    ticks; None (Vega's own) when the dates span a year or more."""
    dates = pd.to_datetime(when, errors="coerce").dropna()
    if dates.empty or dates.max() - dates.min() >= pd.Timedelta(days=365):
        return None
    pad = (pd.Timedelta(days=366) - (dates.max() - dates.min())) / 2
    return [(dates.min() - pad).strftime("%Y-%m-%d"), (dates.max() + pad).strftime("%Y-%m-%d")]


def sota_chart(
    progression: pd.DataFrame,
    *,
    higher_is_better: bool | None = True,
    metric: str | None = None,
    unit: str | None = None,
    max_points: int = MAX_POINTS,
) -> alt.LayerChart:
    """State of the art over time: a step line through the record-setting claims, every dated claim a
    point, each new best labelled with its model; years on the x axis.

    ``progression`` has date, value, model, paper_id, paper_title, is_sota (as from ``sota_progression``);
    rows whose date cannot be read are left out. The tooltip of a point names its model and paper.
    """
    cols = ["date", "value", "model", "paper_id", "paper_title", "is_sota"]
    data = progression.reindex(columns=cols).copy()
    data["when"] = to_datetime(data["date"])
    data = data[data["when"].notna() & data["value"].notna()]
    data["is_sota"] = data["is_sota"].fillna(False).astype(bool)
    data = cap_points(data, higher_is_better, max_points)
    data["model"] = data["model"].astype("string").fillna("(unnamed)")
    data["paper"] = _paper_label(data)
    data["status"] = data["is_sota"].map({True: "new best", False: "claim"})
    data["date"] = data["date"].astype("string")
    data = data[["when", "date", "value", "model", "paper", "status"]]
    title = _value_title(metric, unit)
    y_scale = value_scale(data["value"], higher_is_better)
    domain = year_domain(data["when"])
    x = alt.X("when:T", title="year", axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0),
              scale=alt.Scale(domain=domain) if domain else alt.Undefined)
    y = alt.Y("value:Q", title=title, scale=y_scale, axis=alt.Axis(format="~g"))
    base = alt.Chart(data)
    best = base.transform_filter(alt.datum.status == "new best")
    step = best.mark_line(interpolate="step-after", color=KIND_COLORS["score"], strokeWidth=2).encode(x=x, y=y)
    points = base.mark_point(filled=True, size=70).encode(
        x="when:T",
        y="value:Q",
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=["new best", "claim"], range=[KIND_COLORS["score"], "#aaaaaa"]),
            legend=alt.Legend(title=None, orient="bottom"),
        ),
        tooltip=[*_claim_tooltip(title), alt.Tooltip("status:N", title="status")],
    )
    labels = best.mark_text(align="left", dx=6, dy=-8, fontSize=11, color="#333333").encode(
        x="when:T", y="value:Q", text=alt.Text("model:N")
    )
    return alt.layer(step, points, labels).properties(
        title=alt.Title("Best claimed result over time", subtitle=direction_label(higher_is_better)),
        height=320,
    )


def kind_chart(counts: dict[str, int] | pd.DataFrame) -> alt.Chart:
    """Records by kind, one bar per kind in the kind colours. Takes ``{kind: n}`` or a frame of kind, n."""
    if isinstance(counts, pd.DataFrame):
        data = counts.reindex(columns=["kind", "n"]).copy()
    else:
        data = pd.DataFrame({"kind": list(counts), "n": list(counts.values())})
    data["kind"] = data["kind"].astype("string")
    data["n"] = pd.to_numeric(data["n"], errors="coerce").fillna(0).astype("int64")
    kinds = list(KIND_ORDER) + sorted(k for k in data["kind"].dropna().unique() if k not in KIND_COLORS)
    colors = [KIND_COLORS.get(k, "#7f7f7f") for k in kinds]
    return (
        alt.Chart(data, title="Records by kind")
        .mark_bar()
        .encode(
            x=alt.X("n:Q", title="records", axis=COUNT_AXIS),
            y=alt.Y("kind:N", sort=kinds, title=None),
            color=alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=colors), legend=None),
            tooltip=[alt.Tooltip("kind:N"), alt.Tooltip("n:Q", title="records", format=",")],
        )
    )


def board_label(boards: pd.DataFrame) -> pd.Series:
    """``benchmark · metric [split, setting]`` for each row of a board list."""
    label = boards["benchmark_id"].astype("string").fillna("?")
    metric = boards["metric_id"].astype("string") if "metric_id" in boards else None
    if metric is not None:
        label = label.where(metric.isna(), label + " · " + metric)
    for col in ("split", "setting"):
        if col in boards:
            part = boards[col].astype("string")
            label = label.where(part.isna() | (part == ""), label + " [" + part + "]")
    return label


def boards_chart(boards: pd.DataFrame, top: int = 15) -> alt.Chart:
    """The most populated boards: one bar per board, by number of entries."""
    data = boards.reindex(columns=["benchmark_id", "metric_id", "split", "setting", "entries"]).copy()
    data["entries"] = pd.to_numeric(data["entries"], errors="coerce").fillna(0).astype("int64")
    data = data.sort_values("entries", ascending=False, kind="stable").head(top)
    data["board"] = board_label(data)
    data = data[["board", "benchmark_id", "entries"]]
    return (
        alt.Chart(data, title=f"Most populated boards (top {min(top, len(data))})")
        .mark_bar(color=KIND_COLORS["score"])
        .encode(
            x=alt.X("entries:Q", title="entries", axis=COUNT_AXIS),
            y=alt.Y("board:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[alt.Tooltip("board:N"), alt.Tooltip("entries:Q", format=",")],
        )
        .properties(height=alt.Step(22))
    )
