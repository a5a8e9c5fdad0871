"""The curation loop: a reader marks a board entry wrong, the store remembers, boards drop it.

A correction is keyed by what the record says, not by where the store keeps it: the paper, the
number as written and its character span in the abstract. Re-ingesting the paper (new claim
numbers, new rules) keeps the correction attached to the same number, and a record it matches
never ranks. ``corrections`` is a table of its own; ingests never touch it.

:func:`export_cases` writes the corrected papers as gold-format cases (the JSONL of
../shared/gold: id, title, abstract, claims, review), the flagged numbers left out of ``claims``
and named in ``review``, so each correction becomes a regression case for extraction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.store import Store

DDL = (
    "CREATE TABLE IF NOT EXISTS corrections (paper_id VARCHAR, value_text VARCHAR, start INTEGER, \"end\" INTEGER, "
    "value DOUBLE, reason VARCHAR, flagged_at TIMESTAMP, benchmark VARCHAR, metric VARCHAR, model VARCHAR, "
    "sentence VARCHAR, PRIMARY KEY (paper_id, start, \"end\", value_text))"
)
# SQL: true when claim ``c`` is flagged.
FLAGGED = (
    "EXISTS (SELECT 1 FROM corrections x WHERE x.paper_id = c.paper_id AND x.start = c.start "
    "AND x.\"end\" = c.\"end\" AND x.value_text = c.value_text)"
)


class UnknownRecord(LookupError):
    pass


def record_id(paper_id: str, claim_no: int) -> str:
    """A record's id as boards show it: ``<paper_id>#<claim_no>``."""
    return f"{paper_id}#{claim_no}"


def _split(rid: str) -> tuple[str, int]:
    paper_id, sep, number = rid.rpartition("#")
    if not sep or not number.isdigit():
        raise UnknownRecord(f"{rid!r} is not a record id (<paper_id>#<number>, as boards show it)")
    return paper_id, int(number)


def flag(store: Store, rid: str, reason: str) -> dict[str, Any]:
    """Store a correction for the record ``rid``; returns it. Flagging twice updates the reason."""
    paper_id, claim_no = _split(rid)
    rows = store.records(
        'SELECT paper_id, value_text, start, "end", value, benchmark, metric, model, sentence FROM claims '
        "WHERE paper_id = $p AND claim_no = $n",
        {"p": paper_id, "n": claim_no},
    )
    if not rows:
        raise UnknownRecord(f"no record {rid!r} in the store")
    row = {**rows[0], "reason": reason}
    with _boards_ranked_again(store, paper_id):
        store.conn.execute(
            'INSERT OR REPLACE INTO corrections VALUES ($paper_id, $value_text, $start, $end, $value, $reason, '
            "now()::TIMESTAMP, $benchmark, $metric, $model, $sentence)",
            row,
        )
    return row


def unflag(store: Store, rid: str) -> int:
    """Remove the correction of the record ``rid``; returns how many were removed (0 or 1)."""
    paper_id, claim_no = _split(rid)
    n = store.scalar(
        "SELECT count(*) FROM corrections x JOIN claims c ON x.paper_id = c.paper_id AND x.start = c.start "
        'AND x."end" = c."end" AND x.value_text = c.value_text WHERE c.paper_id = $p AND c.claim_no = $n',
        {"p": paper_id, "n": claim_no},
    )
    with _boards_ranked_again(store, paper_id):
        store.conn.execute(
            "DELETE FROM corrections x USING claims c WHERE x.paper_id = c.paper_id AND x.start = c.start "
            'AND x."end" = c."end" AND x.value_text = c.value_text AND c.paper_id = $p AND c.claim_no = $n',
            {"p": paper_id, "n": claim_no},
        )
    return int(n or 0)


@contextmanager
def _boards_ranked_again(store: Store, paper_id: str) -> Iterator[None]:
    """One transaction: the change in the body, then the paper's boards ranked again (:mod:`extractor.board_tables`)."""
    from extractor import board_tables

    conn = store.conn
    conn.begin()
    try:
        current = board_tables.prepare(conn)
        yield
        board_tables.touch_papers(conn, "SELECT $p", {"p": paper_id})
        board_tables.refresh(conn, everything=not current)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        store.forget()


def corrections(store: Store) -> list[dict[str, Any]]:
    return store.records('SELECT * FROM corrections ORDER BY paper_id, start')


def _gold_claim(row: dict[str, Any], abstract: str) -> dict[str, Any]:
    """A stored claim in the gold set's claim format; ``text`` is the abstract around the number."""
    start, end = row["start"], row["end"]
    lo, hi = max(0, start - 40), min(len(abstract), end + 40)
    return {
        "value": row["value"], "value_high": row["value_high"], "unit": row["unit"], "kind": row["kind"],
        "benchmark": row["benchmark"], "metric": row["metric"], "subject": row["model"],
        "qualifiers": list(row["qualifiers"] or []), "text": abstract[lo:hi] or row["sentence"],
    }


def cases(store: Store) -> Iterable[dict[str, Any]]:
    """One gold-format case per corrected paper: its unflagged claims as expected, the flagged ones in review."""
    flagged = corrections(store)
    by_paper: dict[str, list[dict[str, Any]]] = {}
    for row in flagged:
        by_paper.setdefault(row["paper_id"], []).append(row)
    for paper_id, rows in by_paper.items():
        paper = store.paper(paper_id) or {}
        abstract = paper.get("abstract") or ""
        claims = store.records(
            "SELECT c.* FROM claims c WHERE c.paper_id = $p AND NOT " + FLAGGED + " ORDER BY c.claim_no", {"p": paper_id}
        )
        notes = [f"not a claim as extracted: {r['value_text']} at {r['start']}-{r['end']} ({r['reason']})" for r in rows]
        yield {
            "id": paper_id, "title": paper.get("title") or "", "abstract": abstract,
            "claims": [_gold_claim(c, abstract) for c in claims], "review": "; ".join(notes),
            "corrections": [{"value": r["value"], "value_text": r["value_text"], "start": r["start"], "end": r["end"],
                             "reason": r["reason"]} for r in rows],
        }


def export_cases(store: Store, out: IO[str]) -> int:
    import orjson

    n = 0
    for case in cases(store):
        out.write(orjson.dumps(case).decode() + "\n")
        n += 1
    return n
