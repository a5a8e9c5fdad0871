"""`lbx ingest` on the worker driver stores exactly what the reference path stores, and again on re-ingest.

Reference: ``Store.ingest(extract_stream(read_papers(...)))`` in this process (pydantic models all the
way). Driver: workers decode raw line batches and hand back the store's Arrow tables.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import _register, app
from extractor.pipeline import extract_stream
from extractor.readers import read_papers
from extractor.store import Store

REPO = Path(__file__).resolve().parent.parent
_register()


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    broken = tmp_path / "broken.jsonl.gz"  # a bad line and a paper read twice (the last one stays)
    broken.write_bytes(gzip.compress(
        b'{"id": "x1", "abstract": "It reaches 71.2% top-1 accuracy on ImageNet."}\n'
        b"not json\n"
        b'{"id": "x1", "abstract": "It reaches 72.5% top-1 accuracy on ImageNet."}\n'
    ))
    return [REPO / "fixtures" / "papers", REPO / "fixtures" / "formats", REPO / "fixtures" / "seeds", broken]


def contents(db: Path) -> tuple[list, list]:
    with Store(db, read_only=True) as store:
        papers = store.records("SELECT * EXCLUDE (ingested_at) FROM papers ORDER BY paper_id")
        claims = store.records("SELECT * FROM claims ORDER BY paper_id, claim_no")
    return papers, claims


def ingest(inputs: list[Path], db: Path, workers: int) -> str:
    result = CliRunner().invoke(app, ["ingest", *map(str, inputs), "--db", str(db), "--workers", str(workers), "--no-progress"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_stores_what_the_reference_stores(inputs: list[Path], tmp_path: Path, workers: int) -> None:
    with Store(tmp_path / "reference.duckdb") as store:
        reference = store.ingest(extract_stream(read_papers(inputs)))
    output = ingest(inputs, tmp_path / "driver.duckdb", workers)
    expected = contents(tmp_path / "reference.duckdb")
    assert len(expected[1]) > 100
    assert contents(tmp_path / "driver.duckdb") == expected
    assert f"papers read: {reference.papers};" in output
    assert f"records: {reference.claims};" in output
    assert f"bad records skipped: {len(reference.bad_records)};" in output


def test_reingest_is_idempotent(inputs: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "again.duckdb"
    ingest(inputs, db, 2)
    first = contents(db)
    output = ingest(inputs, db, 2)
    assert contents(db) == first
    assert f"stored in {db}: 0 new, {len(first[0])} replaced" in output
