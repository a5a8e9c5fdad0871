"""Conflicts: one (model, benchmark, metric, split, setting) claimed with different values.

Two claims conflict when they sit on the same board partition, name the same model (case aside;
unnamed rows and held rows are left out) and differ by more than ``TOLERANCE`` of the larger
value, on the board's scale as written (a fraction and its percentage are not a conflict). They
may come from two papers or from one paper twice; each pair comes with both evidence sentences,
so a reader can see which is right. Flagged records and second copies of a paper are not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from extractor.board_query import SPLIT, VISIBLE

if TYPE_CHECKING:
    from extractor.store import Store

TOLERANCE = 0.005

_CONFLICTS = f"""
WITH c AS (
    SELECT c.board_benchmark AS benchmark_id, c.board_metric AS metric_id, {SPLIT} AS split, c.setting,
           trim(c.model) AS model, c.paper_id, c.claim_no, c.value,
           CASE WHEN c.unit IS NULL AND c.value > 0 AND c.value < 1 AND regexp_matches(c.value_text, '^0?[.,][0-9]+$')
                THEN c.value * 100 ELSE c.value END AS v,
           c.unit, c.sentence
    FROM claims c
    WHERE {VISIBLE} AND c.hold IS NULL AND c.board_metric IS NOT NULL {{where}}
)
SELECT a.benchmark_id, a.metric_id, a.split, a.setting, a.model,
       a.paper_id AS paper_a, a.paper_id || '#' || a.claim_no AS record_a, a.value AS value_a, a.unit AS unit_a,
       a.sentence AS evidence_a,
       b.paper_id AS paper_b, b.paper_id || '#' || b.claim_no AS record_b, b.value AS value_b, b.unit AS unit_b,
       b.sentence AS evidence_b
FROM c a JOIN c b
  ON a.benchmark_id = b.benchmark_id AND a.metric_id = b.metric_id
 AND a.split IS NOT DISTINCT FROM b.split AND a.setting IS NOT DISTINCT FROM b.setting
 AND lower(a.model) = lower(b.model)
 AND (a.paper_id, a.claim_no) < (b.paper_id, b.claim_no)
WHERE abs(a.v - b.v) > {TOLERANCE} * greatest(abs(a.v), abs(b.v))
ORDER BY a.paper_id = b.paper_id, a.benchmark_id, a.metric_id, lower(a.model), a.paper_id, a.claim_no, b.paper_id, b.claim_no
"""


def conflicts(store: Store, benchmark: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Pairs of claims in conflict, optionally on one benchmark (any name it goes by)."""
    where, params = "", {}
    if benchmark is not None:
        from extractor.boards import _require_benchmark

        where, params = "AND c.board_benchmark = $benchmark", {"benchmark": _require_benchmark(store, benchmark)}
    sql = _CONFLICTS.replace("{where}", where) + (f" LIMIT {int(limit)}" if limit else "")
    return store.records(sql, params)
