"""The DuckDB store: schema, ingest (replace on re-ingest, atomic on interruption) and queries.

Records are built by hand here (``paper``, ``claim``, ``item``), not extracted, so these tests do
not move with the extraction rules. test_boards and test_exports build their stores with them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import pandas as pd
import pytest

from extractor.frames import frame
from extractor.pipeline import PaperExtraction
from extractor.store import CLAIM_COLUMNS, PAPER_COLUMNS, Store, setting_of
from schemas import BadRecord, Claim, Paper


# -- builders shared with test_boards and test_exports -------------------------------------------
def paper(paper_id: str, title: str | None = None, **fields) -> Paper:
    return Paper(paper_id=paper_id, title=title if title is not None else f"Paper {paper_id}", **fields)


def claim(paper_id: str, value: float, **fields) -> Claim:
    """A score claim; ``text`` sets value_text (default: the value as written)."""
    text = fields.pop("text", None) or f"{value:g}"
    sentence = fields.pop("sentence", None) or f"{fields.get('model') or 'It'} reaches {text} on the benchmark."
    fields.setdefault("kind", "score")
    fields.setdefault("rule", "test")
    start = max(sentence.find(text), 0)
    return Claim(
        paper_id=paper_id, value=value, value_text=text, sentence=sentence, start=start, end=start + len(text), **fields
    )


def item(p: Paper, *claims: Claim) -> PaperExtraction:
    return PaperExtraction(paper=p, claims=list(claims))


def wer(paper_id: str, value: float, model: str | None, **fields) -> Claim:
    fields = {"benchmark": "LibriSpeech", "benchmark_id": "LibriSpeech", "metric": "WER", "metric_id": "WER",
              "higher_is_better": False, "unit": "%", **fields}
    return claim(paper_id, value, model=model, **fields)


def acc(paper_id: str, value: float, model: str | None, **fields) -> Claim:
    fields = {"benchmark": "ImageNet", "benchmark_id": "ImageNet", "metric": "top-1 accuracy",
              "metric_id": "top-1 accuracy", "higher_is_better": True, "unit": "%", **fields}
    return claim(paper_id, value, model=model, **fields)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        yield s


def snapshot(store: Store) -> tuple[list, list]:
    """Everything visible in the store, without the ingest timestamps."""
    papers = store.papers().drop(columns="ingested_at")
    claims = store.query("SELECT * FROM claims ORDER BY paper_id, claim_no")
    return _plain(papers), _plain(claims)


def _plain(df: pd.DataFrame) -> list:
    return json.loads(df.to_json(orient="records"))


SAMPLE = [
    item(paper("2401.00001", date="2024-01", source="a.jsonl", line=1), wer("2401.00001", 2.1, "Alpha"),
         acc("2401.00001", 81.0, "Alpha")),
    item(paper("2401.00002", date="2024-01", source="a.jsonl", line=2)),
    item(paper("2402.00003", date="2024-02", source="a.jsonl", line=3), wer("2402.00003", 1.8, "Beta"),
         claim("2402.00003", 3.0, unit="x", kind="efficiency", benchmark_id="LibriSpeech", model="Beta")),
]


# -- schema ------------------------------------------------------------------------------------
def test_tables_hold_every_model_field():
    assert set(Claim.model_fields) <= set(CLAIM_COLUMNS)
    assert set(Paper.model_fields) <= set(PAPER_COLUMNS)


def test_read_only_store_must_exist(tmp_path):
    with pytest.raises(FileNotFoundError):
        Store(tmp_path / "missing.duckdb", read_only=True)


# -- ingest ------------------------------------------------------------------------------------
def test_every_paper_is_stored_with_source_and_line(store):
    bad = BadRecord(source="a.jsonl", line=4, error="not JSON")
    report = store.ingest([*SAMPLE, bad], batch_size=2)
    assert (report.papers, report.papers_with_claims, report.claims) == (3, 2, 4)
    assert report.bad_records == [bad]
    papers = store.papers()
    assert list(papers["paper_id"]) == ["2401.00001", "2401.00002", "2402.00003"]
    assert list(papers["line"]) == [1, 2, 3] and set(papers["source"]) == {"a.jsonl"}
    assert store.paper("2401.00002")["title"] == "Paper 2401.00002"
    assert store.paper_claims("2401.00002").empty


def test_reingest_replaces_instead_of_duplicating(store):
    store.ingest(SAMPLE)
    before = snapshot(store)
    report = store.ingest(SAMPLE, batch_size=1)
    assert report.replaced == 3
    assert snapshot(store) == before
    assert store.stats()["papers"] == 3 and store.stats()["claims"] == 4


def test_reingest_of_a_changed_paper_drops_its_old_claims(store):
    store.ingest(SAMPLE)
    store.ingest([item(paper("2401.00001", title="Revised"), wer("2401.00001", 2.0, "Alpha"))])
    assert store.paper("2401.00001")["title"] == "Revised"
    assert list(store.paper_claims("2401.00001")["value"]) == [2.0]
    assert store.stats()["claims"] == 3  # the other papers are untouched


def test_a_paper_twice_in_one_ingest_keeps_the_last(store):
    first = item(paper("p", title="first"), wer("p", 3.0, "A"), wer("p", 4.0, "B"))
    last = item(paper("p", title="last"), wer("p", 2.0, "A"))
    report = store.ingest([first, item(paper("q")), last], batch_size=1)
    assert report.papers == 3
    assert store.paper("p")["title"] == "last"
    assert list(store.paper_claims("p")["value"]) == [2.0]


def _failing(items: Iterable[PaperExtraction], after: int, error: BaseException) -> Iterator[PaperExtraction]:
    for n, x in enumerate(items):
        if n == after:
            raise error
        yield x


@pytest.mark.parametrize("error", [RuntimeError("reader broke"), KeyboardInterrupt()])
def test_interrupted_ingest_leaves_the_store_as_it_was(tmp_path, error):
    path = tmp_path / "lbx.duckdb"
    with Store(path) as store:
        store.ingest(SAMPLE[:1])
        before = snapshot(store)
        changed = [item(paper("2401.00001", title="changed")), *(item(paper(f"new{i}")) for i in range(10))]
        with pytest.raises(type(error)):
            store.ingest(_failing(changed, after=7, error=error), batch_size=2)  # three batches staged
        assert snapshot(store) == before
        store.ingest([item(paper("later"))])  # still usable: the staging is gone
        assert store.stats()["papers"] == 2
    with Store(path, read_only=True) as reopened:
        assert sorted(reopened.papers()["paper_id"]) == ["2401.00001", "later"]
        assert reopened.paper("2401.00001")["title"] == "Paper 2401.00001"


def test_ingest_paths_reads_files(tmp_path):
    readers = pytest.importorskip("extractor.readers")
    if not hasattr(readers, "read_papers"):
        pytest.skip("the readers are not there yet")
    source = tmp_path / "papers.jsonl"
    rows = [{"id": "2501.00001", "title": "One", "abstract": "We study things.", "date": "2025-01"},
            {"id": "2501.00002", "title": "Two", "abstract": "We study more things.", "date": "2025-01"}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store(tmp_path / "s.duckdb") as store:
        report = store.ingest_paths([source])
        assert report.papers == 2
        papers = store.papers()
    assert list(papers["paper_id"]) == ["2501.00001", "2501.00002"]
    assert list(papers["line"]) == [1, 2]
    assert all(str(s).endswith("papers.jsonl") for s in papers["source"])


# -- queries -----------------------------------------------------------------------------------
def test_claims_filters(store):
    store.ingest(SAMPLE)
    assert len(store.claims()) == 4
    assert set(store.claims(kind="efficiency")["kind"]) == {"efficiency"}
    assert len(store.claims(kind=["score", "efficiency"])) == 4
    assert list(store.claims(benchmark_id="LibriSpeech", metric_id="WER")["value"]) == [2.1, 1.8]
    assert list(store.claims(model="beta")["paper_id"]) == ["2402.00003", "2402.00003"]
    assert len(store.claims(text="PAPER 2401.00001")) == 2  # paper title
    assert len(store.claims(text="imagenet")) == 1
    assert len(store.claims(text="reaches 1.8")) == 1  # sentence
    assert len(store.claims(limit=1)) == 1
    assert store.claims(kind="score")["paper_title"].notna().all()


@pytest.mark.parametrize("limit", ["", " LIMIT 0"])
def test_records_turn_into_the_frame_a_query_makes(store, limit):
    store.ingest(SAMPLE + [item(paper("p9"), claim("p9", 3.5, kind="delta", value_high=4.5, qualifiers=["a", "b"]))])
    types = {"paper_id": "VARCHAR", "claim_no": "INTEGER", "value": "DOUBLE", "value_high": "DOUBLE",
             "higher_is_better": "BOOLEAN", "qualifiers": "VARCHAR[]", "unit": "VARCHAR", "n": "BIGINT"}
    sql = ("SELECT paper_id, claim_no, value, value_high, higher_is_better, qualifiers, unit, count(*) OVER () AS n "
           f"FROM claims ORDER BY paper_id, claim_no{limit}")
    records = store.records(sql)
    assert all(list(r) == list(types) for r in records)
    expected = store.query(sql)
    got = frame(records, types)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert [str(t) for t in got.dtypes] == [str(t) for t in expected.dtypes]


def test_stats(store):
    store.ingest(SAMPLE)
    assert store.stats() == {
        "papers": 3,
        "claims": 4,
        "claims_by_kind": {"efficiency": 1, "score": 3},
        "benchmarks": 2,
        "boards": 2,
    }


@pytest.mark.parametrize(
    ("qualifiers", "setting"),
    [
        ([], None),
        (["average"], None),
        (["zero-shot"], "zero-shot"),
        (["0-shot"], "zero-shot"),
        (["Zero Shot"], "zero-shot"),
        (["5-shot"], "few-shot"),
        (["few-shot", "average"], "few-shot"),
        (["fine-tuned"], "fine-tuned"),
        (["finetuning on ImageNet"], "fine-tuned"),
        (["linear probing"], "linear probe"),
        (["vs zero-shot UniXcoder", "linear probe"], "linear probe"),
    ],
)
def test_setting_of(qualifiers, setting):
    assert setting_of(qualifiers) == setting
