"""Model page, compare view, browse by area and task, and readable paper text: the pure builders on
their own, then the pages under AppTest on the fixture store."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import catalog
from dashboard.compare import compare_matrix, matching_models
from dashboard.highlight import highlight_html, readable, readable_abstract
from test_dashboard_apptest import build_fixture_store

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


def claim(model, benchmark, value, metric="accuracy", higher=True, split=None, paper="p1"):
    return {"model": model, "benchmark_id": benchmark, "metric_id": metric, "split": split, "value": value,
            "unit": "%", "higher_is_better": higher, "paper_id": paper, "paper_title": f"title {paper}"}


CLAIMS = pd.DataFrame([
    claim("Qwen-7B", "MMLU", 60.1), claim("qwen-7b", "MMLU", 62.0, paper="p2"), claim("Llama-2", "MMLU", 55.0),
    claim("Llama-2", "GSM8K", 30.0), claim("Qwen-7B", "WikiText", 9.5, metric="perplexity", higher=False),
    claim("Qwen-7B", "WikiText", 8.0, metric="perplexity", higher=False, paper="p3"), claim("Other", "MMLU", 99.0),
])


def test_compare_matrix_has_each_models_best_per_board():
    matrix = compare_matrix(CLAIMS, ["Qwen-7B", "Llama-2"])
    assert list(matrix.columns) == ["benchmark", "metric", "split", "Qwen-7B", "Llama-2", "better"]
    rows = {(r.benchmark, r.metric): r for r in matrix.itertuples()}
    assert rows[("MMLU", "accuracy")]._4 == 62.0 and rows[("MMLU", "accuracy")]._5 == 55.0  # any case, best
    assert rows[("WikiText", "perplexity")]._4 == 8.0 and rows[("WikiText", "perplexity")].better == "lower"
    assert pd.isna(rows[("GSM8K", "accuracy")]._4)
    assert matrix.iloc[0]["benchmark"] == "MMLU"  # boards both models have come first
    assert "Other" not in matrix.columns


def test_model_table_reads_like_the_board():
    from dashboard.board_table import model_table

    rows = pd.DataFrame([
        {"benchmark_id": "MathVista", "benchmark": "MathVista", "metric_id": "accuracy", "split": None, "value": 80.3,
         "unit": "%", "value_text": "80.3%", "kind": "score", "paper_id": "2504.08837", "paper_title": "A $\\times$ B",
         "date": "2025-04-10", "link": "https://arxiv.org/abs/2504.08837",
         "sentence": "It reaches 80.3% on MathVista."},
        {"benchmark_id": None, "benchmark": None, "metric_id": None, "split": None, "value": 2.0, "unit": "x",
         "value_text": "2x", "kind": "efficiency", "paper_id": "local-1", "paper_title": "", "date": None, "link": None,
         "sentence": "It is 2x faster."},
    ])
    table = model_table(rows)
    assert list(table["benchmark"]) == ["MathVista", ""] and list(table["metric"]) == ["accuracy", ""]
    assert list(table["value"]) == ["80.3%", "2x"] and list(table["date"]) == ["2025-04-10", ""]
    assert table["paper"][0] == "https://arxiv.org/abs/2504.08837#A%20%C3%97%20B"  # readable title, link to arXiv
    assert table["paper"][1] == "paper?paper=local-1#local-1"  # no title, no link: the paper view, named by id
    assert table["evidence"][0] == "It reaches »80.3%« on MathVista."
    assert table["board"][0] == "leaderboard?benchmark=MathVista" and pd.isna(table["board"][1])


def test_compare_matrix_of_nothing_is_empty():
    assert compare_matrix(CLAIMS.iloc[0:0], ["A", "B"]).empty


@pytest.mark.parametrize("text, expected", [("qwen", {"Qwen-7B", "qwen-7b"}), ("LLAMA", {"Llama-2"}), ("-7", {"Qwen-7B", "qwen-7b"}), ("", None)])
def test_model_search_is_a_case_insensitive_substring(text, expected):
    names = pd.DataFrame({"model": CLAIMS["model"].unique()})
    got = set(matching_models(names, text)["model"])
    assert got == (expected if expected is not None else set(names["model"]))


REGISTRY = [SimpleNamespace(id="ImageNet-1K", area="vision", task="image classification"),
            SimpleNamespace(id="COCO", area="vision", task="object detection"),
            SimpleNamespace(id="GLUE", area="nlp", task=None)]
STORED = pd.DataFrame({"benchmark_id": ["ImageNet-1K", "COCO", "GLUE", "Homemade"], "boards": [1, 2, 1, 1],
                       "entries": [7, 4, 2, 1]})


def test_catalog_files_benchmarks_by_area_and_task():
    table = catalog.catalog(STORED, REGISTRY)
    where = {r.benchmark_id: (r.area, r.task) for r in table.itertuples()}
    assert where == {"ImageNet-1K": ("vision", "image classification"), "COCO": ("vision", "object detection"),
                     "GLUE": ("nlp", catalog.NO_TASK), "Homemade": (catalog.UNFILED, catalog.NO_TASK)}
    assert catalog.areas(table)["area"].tolist()[0] == "vision"
    assert catalog.tasks(table, "vision")["task"].tolist() == ["image classification", "object detection"]


def test_derived_boards_are_filed_with_their_benchmark_and_unfiled_comes_last():
    stored = pd.DataFrame({
        "benchmark_id": ["open:mybench", "ImageNet-1K generation 256", "COCO keypoints", "COCO-Pro", "GLUE 2020",
                         "COCOA", "ImageNet-1K"],
        "name": ["MyBench", None, None, None, None, None, None],
        "boards": 1, "entries": [900, 5, 4, 3, 2, 1, 1]})
    table = catalog.catalog(stored, REGISTRY, ["generation", "keypoints"])
    where = {r.benchmark_id: (r.area, r.task) for r in table.itertuples()}
    assert where == {
        "open:mybench": (catalog.UNFILED, catalog.NO_TASK), "ImageNet-1K generation 256": ("vision", "generation"),
        "COCO keypoints": ("vision", "keypoints"), "COCO-Pro": ("vision", "object detection"),
        "GLUE 2020": ("nlp", catalog.NO_TASK), "COCOA": (catalog.UNFILED, catalog.NO_TASK),
        "ImageNet-1K": ("vision", "image classification")}
    assert dict(zip(table["benchmark_id"], table["name"]))["open:mybench"] == "MyBench"
    assert catalog.areas(table)["area"].tolist() == ["vision", "nlp", catalog.UNFILED]  # most entries, but unfiled


@pytest.mark.parametrize("name, first", [("imagenet", "ImageNet-1K"), ("ImageNt-1K", "ImageNet-1K"), ("coc", "COCO"), ("zzz", None)])
def test_suggestions(name, first):
    got = catalog.suggestions(name, ["ImageNet-1K", "COCO", "GLUE"])
    assert (got[0] if got else None) == first


@pytest.mark.parametrize(
    "raw, shown",
    [(r"gains 3.2\% on it", "gains 3.2% on it"), (r"$\times$ 2 faster", "× 2 faster"), (r"\textbf{ViT} wins", "ViT wins"),
     ("<b>x</b> *y*", "<b>x</b> *y*")],
)
def test_readable_text(raw, shown):
    assert readable(raw) == shown


def test_readable_abstract_moves_the_marks_with_the_text():
    abstract = r"We reach 85.3\% on \textbf{ImageNet} and $\times$ 2.5 faster <script>x</script>."
    i, j = abstract.index("85.3"), abstract.index("2.5")
    text, claims = readable_abstract(abstract, [{"start": i, "end": i + 6, "kind": "score"},
                                                {"start": j, "end": j + 3, "kind": "efficiency"}])
    assert "\\" not in text and "$" not in text
    assert [text[c["start"]:c["end"]] for c in claims] == ["85.3%", "2.5"]
    html = highlight_html(text, claims)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert ">85.3%</mark>" in html and ">2.5</mark>" in html


# -- the pages -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_fixture_store(tmp_path_factory.mktemp("models") / "fixtures.duckdb")


@pytest.fixture
def app(store_path, monkeypatch):
    import streamlit as st

    st.cache_data.clear()
    monkeypatch.setenv("LBX_DB", str(store_path))
    return AppTest.from_file(str(APP), default_timeout=60)


def _page(app, page, **params):
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def test_model_page_finds_models_by_any_part_of_the_name(app):
    _page(app, "views/model.py")
    app.text_input(key="md_query").set_value("RETHINK").run()
    assert not app.exception
    assert app.selectbox[0].value == "VL-Rethinker"
    table = app.dataframe[0].value
    assert len(table) == 5 and set(table["benchmark"]) - {""} == {"MathVista", "MathVerse", "MathVision"}
    assert table["evidence"].str.contains("»").all()
    assert {"benchmark", "value", "paper", "board", "abstract"} <= set(table.columns)
    assert "None" not in set(table["value"]) | set(table["metric"]) | set(table["split"])
    assert app.query_params["model"] == "VL-Rethinker"


def test_model_page_says_when_no_model_matches(app):
    _page(app, "views/model.py", model="NoSuchModelAnywhere")
    assert any("No model name contains" in w.value for w in app.warning)


def test_compare_view_lays_models_side_by_side(app):
    _page(app, "views/compare.py", models="VL-Rethinker,openvlthinker")
    assert app.multiselect[0].value == ["VL-Rethinker", "OpenVLThinker"]
    matrix = app.dataframe[0].value
    assert {"benchmark", "metric", "VL-Rethinker", "OpenVLThinker", "better"} <= set(matrix.columns)
    assert matrix.iloc[0]["benchmark"] == "MathVista"  # the board both have comes first
    assert matrix[["VL-Rethinker", "OpenVLThinker"]].iloc[0].notna().all()
    assert [b.label for b in app.get("download_button")] == ["Download CSV", "Download JSON"]


def test_browse_resolves_an_alias_and_suggests_near_names(app):
    _page(app, "views/browse.py", benchmark="ILSVRC-2012")
    assert not app.warning
    assert any("ImageNet-1K" in str(link.proto.label) for link in app.get("page_link"))
    _page(app, "views/browse.py")
    app.text_input(key="br_query").set_value("ImageNt-1K").run()
    assert any("No benchmark in this store is called" in w.value for w in app.warning)
    assert app.dataframe[0].value["board"].str.startswith("leaderboard?benchmark=").all()


def test_paper_view_shows_readable_text(app):
    _page(app, "views/paper.py")
    html = " ".join(str(h.proto.body) for h in app.get("html"))
    assert "<mark" in html


def test_claims_explorer_shows_paper_text_readable_and_downloads_keep_it_as_written(tmp_path, monkeypatch):
    import streamlit as st

    from extractor.pipeline import extract_paper
    from extractor.store import Store
    from schemas import Paper

    paper = Paper(paper_id="2601.00001", title="Fast $\\times$ models", source="test",
                  abstract="LatexNet reaches 81.5\\% accuracy on MMLU and runs 3$\\times$ faster than its baseline.")
    db = tmp_path / "latex.duckdb"
    with Store(db) as store:
        store.ingest([extract_paper(paper)])
    st.cache_data.clear()
    monkeypatch.setenv("LBX_DB", str(db))
    at = _page(AppTest.from_file(str(APP), default_timeout=60), "views/claims.py")
    table = at.dataframe[0].value
    assert set(table["value_text"]) == {"81.5%", "3×"}
    assert set(table["paper_title"]) == {"Fast × models"}
    assert all("\\" not in s and "$" not in s for s in table["sentence"])
    from dashboard import data

    written = data.claims_export(str(db), "json")
    assert b"81.5\\\\%" in written  # the download keeps the paper's own characters
