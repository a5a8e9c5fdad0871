"""Ingest staging: batches go to files as they come (memory flat), the staging folder goes whatever
happens, a failure in the last transaction leaves the store as it was, and re-ingest is idempotent."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

import extractor.same_paper
from extractor.cli import _register, app
from extractor.staging import SEQ_STRIDE, Staged, batch_tables
from extractor.store import Store
from test_store import SAMPLE, acc, claim, item, paper, snapshot, wer

_register()


def _rows(first: int, n: int) -> list[tuple[dict, list[dict]]]:
    """``n`` papers with long abstracts, as a worker hands them to ``batch_tables``."""
    fields = dict(title="T", date=None, date_text=None, authors=[], authors_count=None, url=None, categories=[],
                  source="s.jsonl", line=None)
    return [({"paper_id": f"p{first + i}", "abstract": "word " * 400, **fields}, []) for i in range(n)]


def test_staged_batches_are_written_as_they_come_not_held(tmp_path: Path) -> None:
    with Staged(tmp_path) as staged:
        held = []
        for n in range(60):
            staged.add(*batch_tables(_rows(n * 10, 10), n * SEQ_STRIDE))
            held.append(pa.total_allocated_bytes())
            if n == 0:
                first_size = staged.paths[0].stat().st_size
        assert staged.papers == 600 and staged.batches == 60
        # Each batch is ~20 KB of abstracts: 60 of them held would be 1.2 MB.
        assert max(held) < 200_000
        assert staged.paths[0].stat().st_size > 50 * first_size
        folder = staged.folder
    assert not folder.exists()


def test_staged_rows_keep_input_order_and_the_last_of_a_repeated_paper(tmp_path: Path) -> None:
    """Batches numbered from n * SEQ_STRIDE, as the worker driver numbers them."""
    with Store(tmp_path / "s.duckdb") as store, Staged(tmp_path) as staged:
        staged.add(*batch_tables(_rows(0, 3), 0))
        again = _rows(1, 1)
        again[0][0]["title"] = "last"
        staged.add(*batch_tables(again, 5 * SEQ_STRIDE))
        report = store.ingest_staged(staged)
        assert (report.papers, report.repeated) == (4, 1)
        assert store.paper("p1")["title"] == "last"
        assert [r["paper_id"] for r in store.records("SELECT paper_id FROM papers")] == ["p0", "p2", "p1"]


@pytest.mark.parametrize("where", ["ranking", "links"])
def test_a_failure_in_the_last_transaction_leaves_the_store_and_no_staging(tmp_path: Path, monkeypatch, where) -> None:
    """Whether the write fails itself (ranking the boards) or the links found beside it do."""
    import extractor.board_tables

    path = tmp_path / "lbx.duckdb"
    with Store(path) as store:
        store.ingest(SAMPLE)
        before = snapshot(store)

        def broken(conn, **everything) -> None:
            conn.execute("DELETE FROM papers")  # half-way through: undone with the rest
            raise RuntimeError("ranking broke")

        if where == "ranking":
            monkeypatch.setattr(extractor.board_tables, "refresh", broken)
        else:
            monkeypatch.setattr(extractor.same_paper, "_LINKS", "SELECT no_such_column FROM papers, (SELECT 1 FROM papers)")
        with pytest.raises(Exception, match="ranking broke" if where == "ranking" else "no_such_column"):
            store.ingest([item(paper("2401.00001", title="changed")), item(paper("new"))])
        assert snapshot(store) == before
        monkeypatch.undo()
        store.ingest([item(paper("later"))])
        assert store.stats()["papers"] == 4
    assert not list(tmp_path.glob(".lbx-staging-*"))


def _inputs(tmp_path: Path) -> list[Path]:
    rows = b"".join(
        b'{"id": "%d", "title": "Paper %d", "abstract": "%sIt reaches %d.5%% top-1 accuracy on ImageNet."}\n'
        % (i, i, b"We study things. " * 25, 60 + i % 30)  # ~600 KB: several line batches
        for i in range(1500)
    )
    path = tmp_path / "many.jsonl.gz"
    path.write_bytes(gzip.compress(rows + b'{"id": "7", "abstract": "It reaches 99.1% top-1 accuracy on ImageNet."}\n'))
    return [path]


def _ingest(inputs: list[Path], db: Path) -> str:
    result = CliRunner().invoke(app, ["ingest", *map(str, inputs), "--db", str(db), "--workers", "2", "--no-progress"])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_reingest_over_worker_batches_is_idempotent_and_leaves_no_staging(tmp_path: Path) -> None:
    inputs, db = _inputs(tmp_path), tmp_path / "store" / "lbx.duckdb"
    db.parent.mkdir()
    first_output = _ingest(inputs, db)
    assert "1500 new, 0 replaced" in first_output and "1 repeated in the input" in first_output
    with Store(db, read_only=True) as store:
        first = snapshot(store)
        assert store.paper_claims("7")["value"].tolist() == [99.1]  # the last of a paper read twice, batches apart
    assert "0 new, 1500 replaced" in _ingest(inputs, db)
    with Store(db, read_only=True) as store:
        assert snapshot(store) == first
    assert sorted(p.name for p in db.parent.iterdir()) == ["lbx.duckdb"]


def test_cli_interrupted_extraction_leaves_the_store_and_no_staging(tmp_path: Path, monkeypatch) -> None:
    inputs, db = _inputs(tmp_path), tmp_path / "store" / "lbx.duckdb"
    db.parent.mkdir()
    _ingest(inputs, db)
    with Store(db, read_only=True) as store:
        before = snapshot(store)
    import extractor.staging

    calls = []
    add = extractor.staging.Staged.add_encoded

    def interrupted(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the first batch staged, the second not
            raise KeyboardInterrupt
        return add(self, *args, **kwargs)

    monkeypatch.setattr(extractor.staging.Staged, "add_encoded", interrupted)
    result = CliRunner().invoke(app, ["ingest", *map(str, inputs), "--db", str(db), "--workers", "2", "--no-progress"])
    assert result.exit_code == 130 and "the store is unchanged" in result.output
    with Store(db, read_only=True) as store:
        assert snapshot(store) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["lbx.duckdb"]


def test_claims_go_in_by_board_a_few_boards_at_a_time_in_board_order(tmp_path: Path, monkeypatch) -> None:
    """One sort of every claim would need memory in proportion to the input; chunk by chunk gives the same store."""
    import extractor.board_tables

    def build(chunk: int) -> tuple[list, list]:
        monkeypatch.setattr(extractor.board_tables, "CHUNK_CLAIMS", chunk)
        with Store(tmp_path / f"chunk{chunk}.duckdb") as store:
            store.ingest([item(paper(f"p{i}"), *[(acc if (i + k) % 2 else wer)(f"p{i}", 70.0 + k, f"M{k}") for k in range(3)],
                               claim(f"p{i}", 2.0, unit="x", kind="efficiency", model="M0")) for i in range(6)])
            order = store.records("SELECT board_benchmark, board_metric FROM claims")  # as stored
            return snapshot(store), [(r["board_benchmark"], r["board_metric"]) for r in order]

    built = {chunk: build(chunk) for chunk in (1, 4, 10_000)}  # a board a chunk, a few, all in one
    assert built[1][0] == built[4][0] == built[10_000][0]
    for _, stored in built.values():
        boards = [b for b in stored if b[0] is not None]
        assert boards == sorted(boards) and stored[len(boards):] == [(None, None)] * 6  # the claims without a board last


def test_worker_side_of_an_ingest_loads_neither_pandas_nor_duckdb() -> None:
    """Forked workers share what the main process loaded before forking: tens of MB each, for
    DataFrames an ingest never makes and a store only the main process opens."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from extractor.staging import batch_tables, warm_up\n"
        "warm_up()\n"
        "papers, claims = batch_tables([({'paper_id': 'p', 'title': 'T', 'abstract': 'A', 'date': None, 'date_text': None,"
        " 'authors': [], 'authors_count': None, 'url': None, 'categories': [], 'source': 's', 'line': 1}, [])])\n"
        "assert 'pandas' not in sys.modules and 'duckdb' not in sys.modules, sorted(sys.modules)\n"
        "assert papers.to_pandas()['paper_id'].tolist() == ['p']  # pandas comes when asked for\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def test_workers_arrow_needs_no_numpy_and_their_batches_carry_the_stream_headers() -> None:
    """An ingest's workers import pyarrow themselves, without numpy, and hand back with each batch the
    header of its stream: the main process appends them with no pyarrow of its own."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from extractor.staging import arrow_for_workers, arrow_schema, batch_tables, encode\n"
        "arrow_for_workers()\n"
        "import pyarrow as pa\n"
        "papers, claims = batch_tables([({'paper_id': 'p', 'title': 'T', 'abstract': 'A', 'date': None, 'date_text': None,"
        " 'authors': [], 'authors_count': None, 'url': None, 'categories': [], 'source': 's', 'line': 1}, [])])\n"
        "batch = encode(papers, claims)\n"
        "assert batch.headers == tuple(arrow_schema(s).serialize().to_pybytes() for s in ('papers', 'claims'))\n"
        "assert 'numpy' not in sys.modules and 'pandas' not in sys.modules, sorted(sys.modules)\n"
        "assert pa.default_memory_pool().backend_name == 'system'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def test_cli_an_input_that_breaks_a_worker_half_way_leaves_the_store_and_no_staging(tmp_path: Path, monkeypatch) -> None:
    """A paper whose extraction raises in a worker, after earlier batches were staged: nothing of
    the ingest is stored. (A file that cannot be read is a bad record, skipped and reported.)"""
    import extractor.driver

    inputs, db = _inputs(tmp_path), tmp_path / "store" / "lbx.duckdb"
    db.parent.mkdir()
    _ingest(inputs, db)
    with Store(db, read_only=True) as store:
        before = snapshot(store)
    records = extractor.driver.paper_records

    def breaks(paper_id, *args):
        if paper_id == "1400":  # batches after the first few
            raise RuntimeError("extraction broke")
        return records(paper_id, *args)

    monkeypatch.setattr(extractor.driver, "paper_records", breaks)  # forked workers inherit it
    changed = tmp_path / "changed.jsonl"
    changed.write_bytes(gzip.decompress(inputs[0].read_bytes()).replace(b"We study", b"We now study"))
    result = CliRunner().invoke(app, ["ingest", str(changed), "--db", str(db), "--workers", "2", "--no-progress"])
    assert result.exit_code != 0 and "extraction broke" in str(result.exception)
    with Store(db, read_only=True) as store:
        assert snapshot(store) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["lbx.duckdb"]


def test_encoded_batches_appended_are_one_arrow_stream_of_the_tables(tmp_path: Path) -> None:
    """Workers hand back Arrow IPC messages (staging.encode) that the main process only appends:
    the staged file reads back as the tables, the papers' same-paper keys with them."""
    import pyarrow as pa

    from extractor.staging import arrow_schema, encode

    rows = _rows(0, 5)
    rows[1][0]["abstract"] = "Caf\u00e9 " * 200  # not ASCII: keyed by the store's SQL, so none staged
    batches = [batch_tables(rows[:3], 0), batch_tables(rows[3:], SEQ_STRIDE)]
    with Staged(tmp_path) as staged:
        for papers, claims in batches:
            staged.add_encoded(encode(papers, claims), 0)
        papers = staged.reader("papers").read_all()
        assert papers.schema == arrow_schema("papers") and staged.reader("claims").read_all().num_rows == 0
    assert papers == pa.concat_tables([b[0] for b in batches])
    assert papers.column("seq").to_pylist() == [0, 1, 2, SEQ_STRIDE, SEQ_STRIDE + 1]
    starts = papers.column("key_start").to_pylist()
    assert starts[1] is None and starts[0] == "word" * 50 and all(starts[2:])


def test_papers_stored_before_link_with_those_an_ingest_keys_itself(tmp_path: Path) -> None:
    """The stored papers are keyed by the SQL, an ingest's own by same_paper.keys: a preprint stored
    earlier and its venue version ingested later are one paper, as when both come in one ingest."""
    abstract = "We scale vision transformers with a new recipe and report the results of many runs here. " * 4
    arxiv = item(paper("2011.00001", "ScaleNet: Scaling Vision Transformers", date="2020-11", source="arxiv.jsonl",
                       abstract=abstract), acc("2011.00001", 71.6, "ScaleNet"))
    venue = item(paper("venue:1", "ScaleNet: Scaling Vision Transformers", date="2021", source="venue.jsonl",
                       abstract=abstract), acc("venue:1", 71.6, "ScaleNet"))
    links = []
    for name, ingests in (("apart", [[arxiv], [venue]]), ("together", [[arxiv, venue]])):
        with Store(tmp_path / f"{name}.duckdb") as store:
            for items in ingests:
                store.ingest(items)
            links.append(store.records("SELECT * FROM paper_links"))
    assert links[0] == links[1] == [{"paper_id": "venue:1", "same_as": "2011.00001"}]
