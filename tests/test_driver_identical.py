"""The fast extraction driver gives byte for byte what the reference path gives.

Reference: papers from ``read_papers``, ``extract_paper`` in this process, ``model_dump(mode="json")``
and orjson, one record a line. Fast: ``read_batches`` (raw line batches for JSON Lines), workers,
records as checked dicts, the digit prefilter. Compared over the bundled fixtures, awkward JSON Lines
files, and (when ../shared is there) the first 10,000 corpus abstracts.
"""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import orjson
import pytest

from extractor import driver
from extractor.pipeline import _claim_record, extract_paper, paper_records
from extractor.readers import jsonl, read_batches, read_papers
from extractor.readers.fields import record_to_paper
from extractor.readers.files import iter_lines
from schemas import BadRecord, Claim, Kind

REPO = Path(__file__).resolve().parent.parent
FIXTURES = [REPO / "fixtures" / name for name in ("papers", "formats", "seeds")]


def reference(paths: list[Path]) -> tuple[bytes, list[dict], tuple[int, int, int, int]]:
    """Records as JSON Lines, the issue rows, and (papers, with claims, records, issues)."""
    out, rows, counts = [], [], [0, 0, 0, 0]
    for item in read_papers(paths):
        if isinstance(item, BadRecord):
            rows.append({"type": "bad-record", **item.model_dump(mode="json")})
            continue
        res = extract_paper(item)
        counts[0] += 1
        counts[1] += bool(res.claims)
        counts[2] += len(res.claims)
        counts[3] += len(res.issues)
        out.extend(orjson.dumps(c.model_dump(mode="json")) + b"\n" for c in res.claims)
        rows.extend({"type": "issue", **i.model_dump(mode="json")} for i in res.issues)
    return b"".join(out), rows, tuple(counts)


def fast(paths: list[Path], workers: int) -> tuple[bytes, list[dict], tuple[int, int, int, int]]:
    out, rows, counts = [], [], [0, 0, 0, 0]
    for batch in driver.extract_batches(read_batches(paths), workers=workers):
        out.append(batch.records)
        rows.extend(batch.issues)
        for i, n in enumerate((batch.papers, batch.with_claims, batch.n_records, batch.n_issues)):
            counts[i] += n
    return b"".join(out), rows, tuple(counts)


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    """JSON Lines files with what a reader must count right: a byte-order mark, CRLF, blank and
    white-space lines, broken JSON, a list, an invalid record, a last line without its end, gzip."""
    body = (
        b'\xef\xbb\xbf{"id": "a1", "title": "One", "abstract": "We reach 81.2% top-1 accuracy on ImageNet."}\r\n'
        b"\n   \n"
        b'{"id": "a2", "abstract": \n'
        b"[1, 2]\n"
        b'{"id": "a3", "abstract": "no numbers here", "authors_count": -1}\n'
        b'{"id": "a4", "abstract": "Our model improves BLEU by 2.3 points on WMT14 En-De."}\n'
        b'{"id": "a5", "abstract": "cut sh'
    )
    folder = tmp_path / "awkward"
    folder.mkdir()
    (folder / "lines.jsonl").write_bytes(body)
    (folder / "packed.jsonl.gz").write_bytes(gzip.compress(body))
    (folder / "only_bom.jsonl").write_bytes(b"\xef\xbb\xbf\n")
    return folder


@pytest.mark.parametrize("workers", [1, 2])
def test_fixtures_identical(workers: int, awkward: Path) -> None:
    paths = [*FIXTURES, awkward]
    expected = reference(paths)
    assert expected[2][2] > 100  # the fixtures do make records
    assert fast(paths, workers) == expected


def _old_read(path: Path, source: str):
    """The JSON Lines reader as it was, line by line (the reference for the batched one)."""
    for number, raw in enumerate(iter_lines(path), start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw or raw.isspace():
            continue
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield BadRecord(source=source, line=number, error=jsonl.describe_json_error(exc))
            continue
        if not isinstance(record, dict):
            yield BadRecord(source=source, line=number, error=f"expected a JSON object, got {type(record).__name__}")
            continue
        yield record_to_paper(record, source, number)


@pytest.mark.parametrize("size", [1, 40, 1 << 18])
def test_line_batches_read_as_lines(awkward: Path, size: int) -> None:
    files = [*awkward.iterdir(), *(REPO / "fixtures").rglob("*.jsonl")]
    for path in files:
        expected = [item.model_dump() for item in _old_read(path, str(path))]
        batches = list(jsonl.read_batches(path, str(path), size))
        got = [item.model_dump() for batch in batches for item in jsonl.decode_batch(batch)]
        assert got == expected, path
        # where reading got to: the line of the last record, as the reader reports after an error
        lines = [b.line for b in batches if b.line is not None]
        assert (lines[-1] if lines else None) == (expected[-1]["line"] if expected else None), path


CLAIM = {
    "paper_id": "p", "paper_title": None, "value": 81.2, "value_text": "81.2", "value_high": None, "unit": "%",
    "kind": Kind.score, "benchmark": "ImageNet", "benchmark_id": "ImageNet-1K", "split": None, "metric": "top-1",
    "metric_id": "top1-accuracy", "higher_is_better": True, "model": None, "qualifiers": ["zero-shot"],
    "sentence": "We reach 81.2% on ImageNet.", "start": 9, "end": 13, "rule": "score-pct",
}


class Text(str):
    pass


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"value": 3},  # an int becomes a float in the model
        {"value": True},
        {"value": float("nan")},
        {"value": float("inf")},
        {"value_high": 90},
        {"value_high": float("-inf")},
        {"value_text": ""},
        {"start": 13},  # end must be after start
        {"start": -1},
        {"start": 9.0},
        {"kind": "score"},
        {"qualifiers": ["a", 1]},
        {"qualifiers": ("a",)},
        {"higher_is_better": 1},
        {"benchmark": Text("ImageNet")},
        {"rule": ""},
        {"model": 7},
    ],
)
def test_claim_record_is_the_models_dump(changes: dict) -> None:
    fields = {**CLAIM, **changes}
    try:
        expected = Claim(**dict(fields)).model_dump(mode="json")
    except ValueError as exc:
        with pytest.raises(type(exc)) as got:
            _claim_record(dict(fields))
        assert str(got.value) == str(exc)
        return
    got = _claim_record(dict(fields))
    assert got == expected
    assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]  # 'score', not Kind.score
    assert list(got) == list(Claim.model_fields)
    assert orjson.dumps(got) == orjson.dumps(expected)


@pytest.mark.parametrize(
    "abstract",
    [
        "",
        "We propose a method that beats every baseline by a wide margin on all benchmarks.",
        r"Accuracy improves by \textbf{a lot}, $\times$ faster, \unicode{x2013} see text ~ twice.",
        "Accuracy reaches \uff18\uff10% (fullwidth digits).",
    ],
)
def test_digit_prefilter_agrees(abstract: str) -> None:
    from schemas import Paper

    res = extract_paper(Paper(paper_id="p", title="T", abstract=abstract))
    assert paper_records("p", "T", abstract) == ([c.model_dump(mode="json") for c in res.claims],
                                                 [i.model_dump(mode="json") for i in res.issues])


CORPUS_HEAD = 10_000


@pytest.mark.corpus
def test_corpus_head_identical(shared_dir: Path, tmp_path: Path) -> None:
    """The first 10,000 arXiv abstracts, extracted both ways over 2 workers: the same bytes."""
    corpus = shared_dir / "corpus" / "arxiv-2025-2026.jsonl.gz"
    if not corpus.is_file():
        pytest.skip(f"no corpus at {corpus}")
    head = tmp_path / "head.jsonl.gz"
    with gzip.open(corpus, "rb") as src, gzip.open(head, "wb", compresslevel=1) as dst:
        dst.writelines(itertools.islice(src, CORPUS_HEAD))
    expected = reference([head])
    assert expected[2][0] == CORPUS_HEAD
    assert fast([head], workers=2) == expected


AWKWARD_RECORDS = [
    {"id": "a", "title": "T", "abstract": "x"},
    {"id": "", "title": "Only a title"},
    {"id": 7, "abstract": "numbers as ids", "date": 2021},
    {"id": "b", "abstract": "x", "authors_count": -1},  # the model refuses it
    {"id": "b", "abstract": "x", "authors_count": True},
    {"id": "b", "abstract": "x", "authors_count": "3"},
    {"id": "b", "abstract": "x", "authors_count": "three"},
    {"id": "c", "abstract": "x", "date": "Mar 29, 2020", "authors": "A, B and C", "categories": "cs.CL cs.LG"},
    {"id": "c", "abstract": "x", "date": "Oct 14"},
    {"id": "c", "abstract": "x", "date": "2020-13-01"},
    {"id": "c", "abstract": "x", "date": "\u0662\u0660\u0662\u0660"},  # not ASCII digits: the model decides
    {"id": "d", "abstract": "x", "authors": [{"name": "A"}, ["Last", "First"], 5], "categories": ["cs.CV", 3]},
    {"id": "d", "abstract": "x", "authors": 12},
    {"id": "e", "abstract": "x", "url": "https://x", "versions": [{"created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
     "update_date": "2008-01-01"},
    {"id": "f", "abstract": {"nested": 1}},
    {"title": None, "abstract": None},
]


@pytest.mark.parametrize("line", [None, 0, 1, 12])
def test_fields_are_the_models_fields(line) -> None:
    from extractor.readers.fields import record_to_fields, record_to_paper

    for record in AWKWARD_RECORDS:
        paper = record_to_paper(record, "in.jsonl", line)
        got = record_to_fields(record, "in.jsonl", line)
        if isinstance(paper, BadRecord):
            assert got == paper, record
        else:
            assert got == paper.__dict__ and list(got) == list(paper.__dict__), record
