"""Boards ranked when the store is written (extractor.board_tables) are the boards ranked on reading."""

from __future__ import annotations

import json

import pytest

from extractor import board_tables
from extractor.boards import all_boards, board, board_list
from extractor.corrections import flag, unflag
from extractor.store import Store
from test_store import acc, item, paper, store, wer  # noqa: F401  (store is a fixture)


def everything(s: Store) -> str:
    """Every board list row, every board's rows (whole, per partition, cut, text for the top only), as JSON."""
    listed = board_list(s)
    out: dict = {"list": listed, "all": json.loads(all_boards(s).to_json(orient="records"))}
    for b in listed:
        name, metric = b["benchmark_id"], b["metric_id"] or "none"
        whole = board(s, name, metric=metric)
        part = board(s, name, metric=metric, split=b["split"], setting=b["setting"], full_rows=1, limit=2)
        out[f"{name}/{metric}"] = [whole.records, whole.note, whole.higher_is_better, whole.total]
        out[f"{name}/{metric}/{b['split']}/{b['setting']}"] = [part.records, part.total]
    out["picked"] = board(s, "ImageNet").records if any(b["benchmark_id"] == "ImageNet" for b in listed) else None
    return json.dumps(out, sort_keys=True, default=str)


def ranked_on_reading(s: Store, monkeypatch) -> str:
    with monkeypatch.context() as m:
        m.setattr(board_tables, "current", lambda store: False)
        s.forget()
        live = everything(s)
    s.forget()
    return live


def check(s: Store, monkeypatch) -> None:
    assert board_tables.current(s)
    assert everything(s) == ranked_on_reading(s, monkeypatch)


def test_boards_are_ranked_when_written_and_read_the_same(store, monkeypatch):
    store.ingest([
        item(paper("p1", date="2021-01"), acc("p1", 80.0, "A"), acc("p1", 0.815, "A2", text="0.815"), wer("p1", 2.5, "A")),
        item(paper("p2", date="2022-01"), acc("p2", 84.0, "B", qualifiers=["zero-shot"]), wer("p2", 3.0, "B", split="test clean")),
        item(paper("p3"), acc("p3", 99.0, None), acc("p3", 81.0, "C"), wer("p3", 1.9, "C", split="test-clean")),
    ])
    check(store, monkeypatch)
    assert len(board(store, "ImageNet", limit=1).records) < board(store, "ImageNet").total


def test_later_ingests_replacements_links_and_flags_rank_again_what_they_touch(store, monkeypatch):
    store.ingest([item(paper(f"a{i}", date="2020-01"), acc(f"a{i}", 80.0 + i, f"M{i}")) for i in range(8)])
    store.ingest([item(paper("w1"), wer("w1", 2.0, "W"))])  # another benchmark: ImageNet stays as ranked
    check(store, monkeypatch)
    store.ingest([item(paper("a3", date="2020-01"), wer("a3", 4.0, "M3"))])  # a paper's claims move to another board
    check(store, monkeypatch)
    # The same paper from a second source: the copy leaves the boards.
    title = "A Long Title About Scaling Vision Models To Many Parameters"
    store.ingest([item(paper("x1", title, date="2021-06", source="arxiv.jsonl"), acc("x1", 95.0, "Big"))])
    store.ingest([item(paper("v:1", title, date="2021-09", source="venue.jsonl"), acc("v:1", 95.5, "Big"))])
    assert len({r["paper_id"] for r in board(store, "ImageNet").records} & {"x1", "v:1"}) == 1
    check(store, monkeypatch)
    rid = next(r["record_id"] for r in board(store, "ImageNet").records if r["rank"] == 1)
    flag(store, rid, "wrong")
    assert rid not in {r["record_id"] for r in board(store, "ImageNet").records}
    check(store, monkeypatch)
    unflag(store, rid)
    assert rid in {r["record_id"] for r in board(store, "ImageNet").records}
    check(store, monkeypatch)


def test_a_store_without_board_tables_is_ranked_on_reading_and_ranked_again_when_written(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        s.ingest([item(paper("p1"), acc("p1", 80.0, "A")), item(paper("p2"), acc("p2", 82.0, "B"))])
        expected = everything(s)
        for table in (board_tables.ROWS, board_tables.LIST, board_tables.NAMES, board_tables.STATE):
            s.conn.execute(f"DROP TABLE {table}")  # as a store made before boards were kept
    with Store(path, read_only=True) as s:
        assert not board_tables.current(s)
        assert everything(s) == expected
    with Store(path) as s:
        s.ingest([item(paper("p3"), wer("p3", 2.0, "C"))])
        assert board_tables.current(s)
        check(s, monkeypatch)


def test_claims_written_behind_the_store_s_back_are_ranked_on_reading(store):
    store.ingest([item(paper("p1"), acc("p1", 80.0, "A"))])
    store.conn.execute("DELETE FROM claims")
    store.forget()
    assert not board_tables.current(store)
    assert board_list(store) == []


@pytest.mark.parametrize("chunk", [1, 3])
def test_boards_ranked_in_small_chunks_are_the_same(store, monkeypatch, chunk):
    monkeypatch.setattr(board_tables, "CHUNK_CLAIMS", chunk)
    store.ingest([item(paper(f"p{i}"), acc(f"p{i}", 70.0 + i, "A"), wer(f"p{i}", 1.0 + i, "B")) for i in range(4)])
    check(store, monkeypatch)


def test_tables_made_by_other_rules_are_not_read_and_are_made_again_on_the_next_write(store, monkeypatch):
    store.ingest([item(paper("p1"), acc("p1", 80.0, "A"))])
    monkeypatch.setattr(board_tables, "stamp", lambda: "rules of another version")
    store.forget()
    assert not board_tables.current(store)
    store.conn.execute(f"ALTER TABLE {board_tables.ROWS} DROP COLUMN sentence")  # tables of another shape
    store.ingest([item(paper("p2"), acc("p2", 82.0, "B"))])
    check(store, monkeypatch)
