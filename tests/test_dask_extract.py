"""Extraction on Dask: the same records as the local path, retries, failed partitions kept apart,
exact line accounting across partitions, and ingest from the Parquet dataset."""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

import cloudpickle  # noqa: E402  (comes with distributed)
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from distributed import LocalCluster  # noqa: E402

from extractor.dask_extract import extract_unit, extract_with_dask, plan_partitions, read_partition  # noqa: E402
from extractor.outputs import open_writer  # noqa: E402
from extractor.pipeline import extract_records  # noqa: E402
from extractor.readers import read_papers  # noqa: E402
from extractor.readers.jsonl import decode_batch  # noqa: E402
from extractor.store import Store  # noqa: E402
from schemas import BadRecord  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "leaderboard-papers-2007-2023.jsonl.gz"

# The failing extract functions below travel to the workers by value, not by module name.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def scheduler():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _local_records(inputs) -> list[dict]:
    return [rec for item, recs, _ in extract_records(read_papers([str(p) for p in inputs])) for rec in recs]


def _dataset_records(out: Path) -> list[dict]:
    parts = sorted((out / "records").glob("part-*.parquet"))
    return pa.concat_tables([pq.read_table(p) for p in parts]).to_pylist() if parts else []


def _local_parquet(inputs, tmp: Path) -> list[dict]:
    """What `lbx extract -o records.parquet` writes, read back the same way."""
    path = tmp / "local.parquet"
    with open_writer(path, kind="claims") as out:
        for rec in _local_records(inputs):
            out.write(rec)
    return pq.read_table(path).to_pylist()


@pytest.fixture
def mixed_input(tmp_path: Path) -> Path:
    """A plain JSONL file with a broken line in the middle and a gzipped copy of it."""
    lines = [json.dumps({"id": f"p{i}", "title": f"Paper {i}",
                         "abstract": f"Our model reaches {60 + i}.5% accuracy on ImageNet and {30 + i} BLEU on WMT14."})
             for i in range(40)]
    lines.insert(17, "{not json")
    plain = tmp_path / "papers.jsonl"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(tmp_path / "papers.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return plain


@pytest.mark.parametrize("name", ["papers.jsonl", "papers.jsonl.gz"])
def test_partitions_read_exactly_the_papers_and_lines_of_the_whole_file(mixed_input, name):
    path = mixed_input.parent / name
    parts = plan_partitions([path], partitions=4)
    assert len(parts) == 4
    assert [p.first for p in parts] == [1, 12, 23, 34] and parts[-1].last == 41
    whole = [(type(i).__name__, i.line) for i in read_papers([path])]
    pieces = [(type(i).__name__, i.line) for p in parts for i in read_partition(p)]
    assert pieces == whole
    assert ("BadRecord", 18) in pieces


def test_dask_records_equal_local_records_on_the_fixtures(scheduler, tmp_path):
    inputs = [REPO / "fixtures" / "seeds", REPO / "fixtures" / "papers" / "abstracts.jsonl"]
    report = extract_with_dask(inputs, tmp_path / "out", scheduler=scheduler, partitions=3)
    local = _local_parquet(inputs, tmp_path)
    assert report.failed == []
    assert report.records == len(local) > 0
    assert _dataset_records(tmp_path / "out") == local


def test_every_paper_and_bad_line_is_accounted_for(scheduler, mixed_input, tmp_path):
    report = extract_with_dask([mixed_input], tmp_path / "out", scheduler=scheduler, partitions=3)
    assert report.papers == 40
    assert [(b["source"], b["line"]) for b in report.bad] == [(str(mixed_input), 18)]
    assert _dataset_records(tmp_path / "out") == _local_parquet([mixed_input], tmp_path)


@pytest.mark.skipif(not CORPUS.is_file(), reason="corpus not found beside the repository")
def test_dask_records_equal_local_records_on_a_corpus_slice(scheduler, tmp_path):
    sliced = tmp_path / "slice.jsonl"
    with gzip.open(CORPUS, "rb") as src, sliced.open("wb") as dst:
        dst.writelines(itertools.islice(src, 3000))
    report = extract_with_dask([sliced], tmp_path / "out", scheduler=scheduler, partitions=5)
    assert report.papers == 3000 and report.failed == []
    assert _dataset_records(tmp_path / "out") == _local_parquet([sliced], tmp_path)


def _holds(work, paper_id: str) -> bool:
    """Does a unit of work (a line batch of a JSONL range) hold the paper ``paper_id``?"""
    return any(getattr(item, "paper_id", None) == paper_id for item in decode_batch(work))


def _fail_first_time(work, marker: str):
    if _holds(work, "p25") and not Path(marker).exists():
        Path(marker).write_text("failed once")
        raise RuntimeError("a worker fell over")
    return extract_unit(work)


def _always_fail_on(work, paper_id: str):
    if _holds(work, paper_id):
        raise RuntimeError(f"cannot extract {paper_id}")
    return extract_unit(work)


def test_a_partition_that_fails_once_is_retried_and_the_output_is_complete(scheduler, mixed_input, tmp_path):
    marker = tmp_path / "marker"
    fn = functools.partial(_fail_first_time, marker=str(marker))
    report = extract_with_dask([mixed_input], tmp_path / "out", scheduler=scheduler, partitions=3, extract_fn=fn)
    assert marker.exists()  # it did fail once
    assert report.failed == [] and report.papers == 40
    assert _dataset_records(tmp_path / "out") == _local_parquet([mixed_input], tmp_path)
    assert not list((tmp_path / "out").rglob(".*.tmp"))  # the failed attempt left no half file


def test_a_partition_that_keeps_failing_is_named_and_the_rest_is_kept(scheduler, mixed_input, tmp_path):
    fn = functools.partial(_always_fail_on, paper_id="p25")
    out = tmp_path / "out"
    report = extract_with_dask([mixed_input], out, scheduler=scheduler, partitions=3, retries=1, extract_fn=fn)
    assert len(report.failed) == 1
    failed = report.failed[0]
    assert failed["input"] == f"{mixed_input} lines 15-28" and "cannot extract p25" in failed["error"]
    assert sorted(p.name for p in (out / "records").iterdir()) == ["part-00000.parquet", "part-00002.parquet"]
    assert report.papers == 40 - 13  # lines 15-28 hold 13 papers and the broken line
    assert "partitions failed: 1 of 3" in report.summary_line()
    assert json.loads((out / "_summary.json").read_text())["failed"] == report.failed


def _store_rows(db: Path) -> tuple[list, list]:
    with Store(db, read_only=True) as store:
        papers = store.records("SELECT * EXCLUDE (ingested_at) FROM papers ORDER BY paper_id")
        claims = store.records("SELECT * FROM claims ORDER BY paper_id, start, rule")
    return papers, claims


def test_ingest_from_the_parquet_dataset_equals_ingest_from_the_source(scheduler, tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import _register, app

    _register()
    source = [REPO / "fixtures" / "seeds"]
    extract_with_dask(source, tmp_path / "out", scheduler=scheduler, partitions=2)
    with Store(tmp_path / "from_source.duckdb") as store:
        store.ingest_paths(source)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "out"), "--db", str(tmp_path / "from_parquet.duckdb"),
                                      "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "papers read: 243;" in result.output and "bad records skipped: 0;" in result.output
    assert _store_rows(tmp_path / "from_parquet.duckdb") == _store_rows(tmp_path / "from_source.duckdb")


def test_parquet_papers_are_an_input_like_any_other(tmp_path):
    rows = [{"id": "a1", "title": "T", "abstract": "It reaches 71.2% top-1 accuracy on ImageNet."},
            {"id": "a2", "title": "", "abstract": ""}]
    path = tmp_path / "papers.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    items = list(read_papers([path]))
    assert items[0].paper_id == "a1" and items[0].line == 1
    assert isinstance(items[1], BadRecord) and items[1].line == 2
