"""Columns the store derives from each claim when it is stored: its board and why it may not rank.

``board_benchmark`` and ``board_metric`` are the board a score claim belongs on
(:func:`extractor.board_keys.board_key`), ``hold`` the first reason it must not rank there
(:mod:`extractor.plausibility`), or null. Records themselves (``schemas.Claim``) are unchanged:
these are the store's reading of them, redone by :func:`rederive` when the rules change. The
paper's abstract is read too, for what a sentence and title leave open (a task variant).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

DERIVED_COLUMNS: dict[str, str] = {"board_benchmark": "VARCHAR", "board_metric": "VARCHAR", "hold": "VARCHAR"}
# The claim fields the derivation reads.
INPUT_FIELDS = (
    "kind", "value", "value_text", "value_high", "unit", "benchmark", "benchmark_id", "metric", "metric_id",
    "higher_is_better", "model",
    "sentence", "paper_title",
)


def derive(claim: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(board_benchmark, board_metric, hold) of one claim; all None unless it is a score claim."""
    return _derive_score(claim) if _is_score(claim) else (None, None, None)


def _derive_score(claim: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    from extractor.board_keys import board_key
    from extractor.plausibility import hold_reason

    try:
        board, metric, misfit = board_key(claim)
        if board is None:
            return None, None, None
        return board, metric, misfit or hold_reason(claim, metric)
    except Exception as exc:  # noqa: BLE001 - a rule that breaks on one claim must not stop an ingest
        return None, None, f"board rules failed: {type(exc).__name__}"


def _is_score(claim: dict[str, Any]) -> bool:
    kind = claim.get("kind")
    return str(getattr(kind, "value", kind)) == "score"


def warm_up() -> None:
    """Load the board rules and registries (and compile their patterns) by deriving one claim, so
    that forked worker processes share them instead of each loading its own."""
    sentence = "Model X reaches 90.5% top-1 accuracy on ImageNet, up from 88.1%."
    derive({"kind": "score", "value": 90.5, "value_text": "90.5", "unit": "%", "benchmark": "ImageNet",
            "benchmark_id": "ImageNet", "metric_id": "top-1 accuracy", "model": "Model X", "sentence": sentence})


def derive_columns(claims: Iterable[dict[str, Any]], abstracts: Iterable[str | None] | None = None) -> dict[str, list[Any]]:
    """The derived columns of ``claims``, column by column; ``abstracts`` are their papers' abstracts."""
    if abstracts is None:
        rows = [derive(c) for c in claims]
    else:  # the abstract rides along on score claims only: the others have no board
        none = (None, None, None)
        rows = [(_derive_score({**c, "abstract": a} if a else c) if _is_score(c) else none)
                for c, a in zip(claims, abstracts, strict=True)]
    return {name: [row[i] for row in rows] for i, name in enumerate(DERIVED_COLUMNS)}


def missing_columns(conn: duckdb.DuckDBPyConnection) -> list[str]:
    have = {r[0] for r in conn.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'claims'").fetchall()}
    return [c for c in DERIVED_COLUMNS if c not in have] if have else []


def rederive(conn: duckdb.DuckDBPyConnection) -> int:
    """Add any missing derived column to ``claims`` and recompute them all; returns the claims updated."""
    import pyarrow as pa

    for name in missing_columns(conn):
        conn.execute(f'ALTER TABLE claims ADD COLUMN "{name}" {DERIVED_COLUMNS[name]}')
    fields = ", ".join(f'c."{f}"' for f in INPUT_FIELDS)
    cur = conn.execute(
        f"SELECT c.paper_id, c.claim_no, {fields}, p.abstract FROM claims c LEFT JOIN papers p USING (paper_id) "
        "WHERE c.kind = 'score'"
    )
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    if not rows:
        return 0
    derived = derive_columns(rows)
    table = pa.table({"paper_id": [r["paper_id"] for r in rows], "claim_no": [r["claim_no"] for r in rows],
                      **{k: pa.array(v, type=pa.string()) for k, v in derived.items()}})
    conn.register("_lbx_derived", table)
    try:
        sets = ", ".join(f'"{c}" = d."{c}"' for c in DERIVED_COLUMNS)
        conn.execute(
            f"UPDATE claims SET {sets} FROM _lbx_derived d "
            "WHERE claims.paper_id = d.paper_id AND claims.claim_no = d.claim_no"
        )
    finally:
        conn.unregister("_lbx_derived")
    return len(rows)
