"""The structured-input readers: JSONL, JSON, CSV/TSV, arXiv Atom, arXiv snapshot, text files."""

from __future__ import annotations

import gzip
import itertools
import shutil
from pathlib import Path

import pytest

from extractor.readers import FORMATS, ReaderError, derive_paper_id, detect_format, read_papers
from extractor.readers.atom import arxiv_id
from extractor.readers.fields import parse_authors, parse_date
from schemas import BadRecord, Paper

ROOT = Path(__file__).resolve().parent.parent
FORMATS_DIR = ROOT / "fixtures" / "formats"
PAPERS_DIR = ROOT / "fixtures" / "papers"


def read(path: Path, format: str | None = None) -> list[Paper | BadRecord]:
    return list(read_papers([path], format=format))


def kinds(items) -> str:
    """'P1 B2 P3': what each item is (Paper or BadRecord) and its line."""
    return " ".join(f"{'P' if isinstance(i, Paper) else 'B'}{i.line}" for i in items)


def by_id(items) -> dict[str, Paper]:
    return {p.paper_id: p for p in items if isinstance(p, Paper)}


def test_formats_listed():
    assert set(FORMATS) == {"hf", "jsonl", "json", "csv", "tsv", "atom", "txtdir", "parquet"}


# --- field mapping, one format at a time -----------------------------------------------------


def test_jsonl_field_aliases():
    got = read(FORMATS_DIR / "papers.jsonl")
    assert kinds(got) == "P1 P2 P3"
    foo, bar, baz = got
    assert (foo.paper_id, foo.date, foo.authors, foo.authors_count) == ("2401.00001", "2024-01-02", ["Ada Lovelace", "Alan Turing"], 2)
    assert (foo.url, foo.categories) == ("https://example.org/foonet", ["cs.CV", "cs.LG"])
    # arxiv_id, summary, published, authors as {name}, link; extra keys ignored
    assert bar.paper_id == "2402.00002"
    assert bar.title == "BarQA: Question Answering over Tables"  # white space collapsed
    assert bar.abstract == "BarQA answers questions over tables. It improves exact match by 3.4 points on WikiTQ."
    assert (bar.date, bar.date_text) == ("2024-02-15", "2024-02-15T10:00:00Z")
    assert bar.authors == ["Grace Hopper", "Edsger Dijkstra"] and bar.url == "https://example.org/barqa"
    # no id: derived; year only; authors as one string; categories as a spaced string
    assert baz.paper_id == derive_paper_id(baz.title, baz.abstract)
    assert baz.date == "2023"
    assert baz.authors == ["Barbara Liskov", "Donald Knuth", "Frances Allen"]
    assert baz.categories == ["cs.CL", "cs.LG"]
    assert {p.source for p in got} == {str(FORMATS_DIR / "papers.jsonl")}


def test_arxiv_metadata_snapshot():
    old, toy = read(FORMATS_DIR / "arxiv_snapshot.jsonl")
    assert old.paper_id == "0704.0001"
    assert old.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert old.abstract.startswith("A fully differential calculation") and old.abstract.endswith("colliders.")
    assert (old.date, old.date_text) == ("2007-04-02", "Mon, 2 Apr 2007 19:18:42 GMT")  # first version
    assert old.authors_count == 4 and old.authors[1] == "E. L. Berger"
    assert old.categories == ["hep-ph"]
    assert toy.date == "2021-01-05"  # no versions: update_date
    assert toy.authors == ["A. Researcher", "B. Scientist"]
    assert toy.categories == ["cs.LG", "stat.ML"]


def test_json_array_streams_elements_with_lines():
    qux, second = read(FORMATS_DIR / "papers.json")
    assert (qux.paper_id, qux.line, qux.date, qux.date_text) == ("json-1", 2, "2020-03-29", "Mar 29, 2020")
    assert qux.abstract == 'QuxSeg reaches 52.3 mIoU on ADE20K, the "hard" setting, at 30 FPS.'
    assert (second.paper_id, second.line, second.date) == ("json-2", 9, "2021-06")
    assert "[with brackets] and {braces}" in second.abstract


def test_json_object_holding_a_list():
    (paper,) = read(FORMATS_DIR / "wrapped.json")
    assert paper.paper_id == "w-1" and paper.title == "Wrapped Paper"


def test_csv_columns_quotes_and_multiline_fields():
    one, two, three = read(FORMATS_DIR / "papers.csv")
    assert (one.paper_id, one.line, one.date) == ("csv-1", 2, "2022-07-01")
    assert one.abstract == 'CsvNet reads tables. It gains 4.2% accuracy, "quoted" text and all.'
    assert one.authors == ["Ada Lovelace", "Alan Turing"] and one.url == "https://example.org/csvnet"
    assert two.line == 3 and two.abstract == "The first line of the abstract,\nand its second line, with 12.5 BLEU."
    assert two.url is None and two.date == "2022"
    assert three.line == 5  # after the two-line record
    assert three.paper_id == derive_paper_id("No Id Given", three.abstract)


def test_tsv():
    one, two = read(FORMATS_DIR / "papers.tsv")
    assert one.paper_id == "tsv-1" and one.abstract == "TsvNet scores 71.0 on a benchmark, with commas, in text."
    assert one.categories == ["cs.CL", "cs.AI"]
    assert two.date == "2019-05" and two.categories == []


def test_arxiv_atom_feed():
    toy, old = read(FORMATS_DIR / "arxiv_api.xml")
    assert toy.paper_id == "2101.00001"  # version suffix dropped; kept in url
    assert toy.url == "http://arxiv.org/abs/2101.00001v2"
    assert toy.title == "A Toy Model for Testing Readers"
    assert toy.abstract == "We test readers on a toy model.\nIt reaches 99.9% accuracy & runs at 3x the speed."
    assert (toy.date, toy.date_text) == ("2021-01-01", "2021-01-01T12:00:00Z")
    assert toy.authors == ["A. Researcher", "B. Scientist"]
    assert toy.categories == ["cs.LG", "stat.ML"]  # primary first, no repeats
    assert toy.line == 8
    assert old.paper_id == "hep-th/9901001" and old.url == "http://arxiv.org/abs/hep-th/9901001v1"


def test_arxiv_id_forms():
    assert arxiv_id("http://arxiv.org/abs/2101.00001v12") == "2101.00001"
    assert arxiv_id("https://arxiv.org/abs/2101.00001") == "2101.00001"
    assert arxiv_id("urn:uuid:1234") == "urn:uuid:1234"


def test_arxiv_api_error_entry(tmp_path):
    feed = tmp_path / "error.xml"
    feed.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#bad</id>'
        "<title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>",
        encoding="utf-8",
    )
    (bad,) = read(feed)
    assert isinstance(bad, BadRecord) and "incorrect id format" in bad.error


def test_text_directory():
    alpha, beta = read(FORMATS_DIR / "txtdir")  # README.md is not an input
    assert (alpha.paper_id, alpha.title, alpha.line) == ("alpha-2024", "AlphaNet: A Text File Paper", 1)
    assert alpha.abstract == "AlphaNet improves accuracy by 2.5 points on the toy benchmark.\nThe abstract may span lines."
    assert alpha.source == str(FORMATS_DIR / "txtdir" / "alpha-2024.txt")
    assert (beta.paper_id, beta.title) == ("beta", "BetaNet Without Results")


def test_text_file_problems(tmp_path):
    (tmp_path / "a-empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "b-latin1.txt").write_bytes("Caf\xe9 Title\nAn abstract.".encode("latin-1"))
    (tmp_path / "c-one-line.txt").write_text("Only an abstract, with no title line at all.\n", encoding="utf-8")
    empty, latin1, one_line = read(tmp_path, format="txtdir")
    assert isinstance(empty, BadRecord) and empty.error == "no abstract or title"
    assert isinstance(latin1, BadRecord) and "not UTF-8" in latin1.error and latin1.line == 1
    assert (one_line.title, one_line.abstract) == ("", "Only an abstract, with no title line at all.")


# --- gzip, detection, --format -----------------------------------------------------------------


def gzip_copy(src: Path, dest: Path) -> Path:
    with open(src, "rb") as plain, gzip.open(dest, "wb") as packed:
        shutil.copyfileobj(plain, packed)
    return dest


@pytest.mark.parametrize("name", ["papers.jsonl", "papers.csv", "papers.json", "arxiv_api.xml", "papers.tsv"])
def test_gzip_reads_like_plain(tmp_path, name):
    packed = gzip_copy(FORMATS_DIR / name, tmp_path / (name + ".gz"))
    plain = read(FORMATS_DIR / name)
    unpacked = read(packed)
    assert [p.model_dump(exclude={"source"}) for p in unpacked] == [p.model_dump(exclude={"source"}) for p in plain]
    assert {p.source for p in unpacked} == {str(packed)}


def test_gzip_without_gz_name_is_still_read(tmp_path):
    packed = gzip_copy(FORMATS_DIR / "papers.jsonl", tmp_path / "papers.jsonl")
    assert len(by_id(read(packed))) == 3


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    body = "".join(f'{{"id": "t{i}", "title": "Paper {i}", "abstract": "Abstract number {i} ' + "x" * 2000 + '"}\n' for i in range(400))
    data = gzip.compress(body.encode("utf-8"))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    got = read(cut)
    assert isinstance(got[-1], BadRecord) and "could not read the file" in got[-1].error
    assert all(isinstance(p, Paper) for p in got[:-2])
    assert len(got) > 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("papers.jsonl", "jsonl"),
        ("arxiv_snapshot.jsonl", "jsonl"),
        ("papers.json", "json"),
        ("wrapped.json", "json"),
        ("papers.csv", "csv"),
        ("papers.tsv", "tsv"),
        ("arxiv_api.xml", "atom"),
        ("txtdir", "txtdir"),
    ],
)
def test_detect_by_extension(name, expected):
    assert detect_format(FORMATS_DIR / name) == expected


def test_detect_text_file_given_alone_is_a_listing_page():
    assert detect_format(FORMATS_DIR / "txtdir" / "beta.txt") == "hf"


@pytest.mark.parametrize(
    ("src", "expected"),
    [("papers.jsonl", "jsonl"), ("papers.json", "json"), ("arxiv_api.xml", "atom"), ("papers.csv", "csv"), ("papers.tsv", "tsv")],
)
def test_detect_by_content_when_extension_says_nothing(tmp_path, src, expected):
    unnamed = tmp_path / "download.dat"
    shutil.copy(FORMATS_DIR / src, unnamed)
    assert detect_format(unnamed) == expected
    packed = gzip_copy(FORMATS_DIR / src, tmp_path / "download.gz")
    assert detect_format(packed) == expected


def test_json_lines_in_a_json_file_are_detected(tmp_path):
    misnamed = tmp_path / "papers.json"
    shutil.copy(FORMATS_DIR / "papers.jsonl", misnamed)
    assert detect_format(misnamed) == "jsonl"
    assert len(by_id(read(misnamed))) == 3


def test_format_overrides_detection(tmp_path):
    as_text = tmp_path / "papers.txt"
    shutil.copy(FORMATS_DIR / "papers.jsonl", as_text)
    assert detect_format(as_text) == "hf"
    assert set(by_id(read(as_text, format="jsonl"))) == set(by_id(read(FORMATS_DIR / "papers.jsonl")))


def test_folder_of_mixed_inputs_detects_each_file():
    got = read(PAPERS_DIR)
    assert all(isinstance(p, Paper) for p in got)
    assert {Path(p.source).name for p in got} == {"abstracts.jsonl", "arxiv_query.xml", "results.csv"}
    assert len(got) == 17


def test_misuse_raises_at_once_naming_the_path():
    with pytest.raises(ReaderError, match="no/such/file.jsonl"):
        read_papers(["no/such/file.jsonl"])
    with pytest.raises(ReaderError, match="yaml"):
        read_papers([FORMATS_DIR / "papers.jsonl"], format="yaml")
    with pytest.raises(ReaderError, match="missing.csv"):
        detect_format("missing.csv")


# --- ids -------------------------------------------------------------------------------------


def test_derived_ids_are_stable_and_ignore_white_space():
    one = derive_paper_id("A Title", "Some abstract text.")
    assert one == derive_paper_id("A  Title", "  Some abstract\n text. ")
    assert one.startswith("lbx-") and len(one) == 20
    assert one != derive_paper_id("A Title", "Another abstract.")
    assert derive_paper_id("Only A Title", "") != derive_paper_id("Other Title", "")


def test_same_paper_gets_same_derived_id_across_formats(tmp_path):
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text('{"title": "Same Paper", "abstract": "Same text, 42.0% accuracy."}\n', encoding="utf-8")
    csv = tmp_path / "one.csv"
    csv.write_text('title,abstract\nSame  Paper,"Same text, 42.0% accuracy."\n', encoding="utf-8")
    (a,) = read(jsonl)
    (b,) = read(csv)
    assert a.paper_id == b.paper_id and a.paper_id.startswith("lbx-")


# --- bad records -------------------------------------------------------------------------------


def test_bad_json_lines_do_not_cost_the_rest():
    got = read(FORMATS_DIR / "bad_line.jsonl")
    source = str(FORMATS_DIR / "bad_line.jsonl")
    assert kinds(got) == "P1 B2 B3 B5 P6"
    assert all(i.source == source for i in got)
    assert "not valid JSON" in got[1].error
    assert "expected a JSON object" in got[2].error
    assert got[3].error == "no abstract or title"
    assert got[4].paper_id == "good-2"


def test_bad_csv_rows():
    got = read(FORMATS_DIR / "missing_abstract.csv")
    assert kinds(got) == "P2 B3 B4 B5 P6"
    assert "cut short" in got[1].error
    assert got[2].error == "no abstract or title"
    assert "extra fields" in got[3].error


def test_malformed_xml_names_the_line_and_reads_on():
    got = read(FORMATS_DIR / "malformed.xml")
    assert kinds(got) == "P3 B8 P13"
    assert got[1].source == str(FORMATS_DIR / "malformed.xml")
    assert "malformed XML at line 10" in got[1].error
    assert got[2].paper_id == "2201.00003" and got[2].date == "2022-01-03"


def test_truncated_xml(tmp_path):
    cut = tmp_path / "cut.xml"
    text = (FORMATS_DIR / "arxiv_api.xml").read_text(encoding="utf-8")
    cut.write_text(text[: text.index("An Old-Style")], encoding="utf-8")
    got = read(cut)
    assert isinstance(got[0], Paper) and isinstance(got[-1], BadRecord)
    assert "malformed XML" in got[-1].error


def test_broken_json_array_elements():
    got = read(FORMATS_DIR / "broken_array.json")
    assert kinds(got) == "P2 B3 B4 P5"
    assert "unterminated string" in got[2].error


def test_unclosed_json_array(tmp_path):
    cut = tmp_path / "cut.json"
    cut.write_text('[\n {"title": "Kept", "abstract": "Read."},\n {"title": "Lost", "abs', encoding="utf-8")
    kept, lost = read(cut)
    assert kept.title == "Kept"
    assert isinstance(lost, BadRecord) and lost.line == 3


# --- dates and authors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2020-03-29", "2020-03-29"),
        ("2020-3-9", "2020-03-09"),
        ("2024-02-15T10:00:00Z", "2024-02-15"),
        ("2018-12", "2018-12"),
        (2021, "2021"),
        ("Mar 29, 2020", "2020-03-29"),
        ("September 21, 2022", "2022-09-21"),
        ("29 Mar 2020", "2020-03-29"),
        ("Mon, 2 Apr 2007 19:18:42 GMT", "2007-04-02"),
        ("Oct 14", None),
        ("sometime", None),
        ("2020-13-01", None),
    ],
)
def test_parse_date(raw, iso):
    assert parse_date(raw) == (iso, str(raw))


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("A. One, B. Two and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("A. One and B. Two", ["A. One", "B. Two"]),
        ("One, A.; Two, B.", ["One, A.", "Two, B."]),
        ([{"name": "A. One"}, {"name": "B. Two"}], ["A. One", "B. Two"]),
        (["A. One", " "], ["A. One"]),
        (None, []),
    ],
)
def test_parse_authors(raw, names):
    assert parse_authors(raw) == names


# --- the shared data, when it is there ---------------------------------------------------------


def test_gold_file_reads_with_ids_kept(shared_dir):
    got = read(shared_dir / "gold" / "dev.jsonl")
    assert len(got) == 234 and all(isinstance(p, Paper) for p in got)
    assert len({p.paper_id for p in got}) == 234
    assert not any(p.paper_id.startswith("lbx-") for p in got)


def test_corpus_reads(shared_dir):
    corpus = shared_dir / "corpus" / "arxiv-2025-2026.jsonl.gz"
    if not corpus.exists():
        pytest.skip(f"{corpus} not found")
    first = list(itertools.islice(read_papers([corpus]), 2000))
    assert len(first) == 2000 and all(isinstance(p, Paper) and p.abstract and p.date for p in first)


@pytest.mark.parametrize("name", ["papers.json", "broken_array.json"])
def test_json_array_chunk_boundaries_do_not_matter(monkeypatch, name):
    from extractor.readers import json_doc

    whole = read(FORMATS_DIR / name)
    monkeypatch.setattr(json_doc, "_CHUNK", 5)
    assert read(FORMATS_DIR / name) == whole
