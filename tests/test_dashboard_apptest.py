"""Every dashboard page under Streamlit's AppTest, on a small store built from hand-made records.

The records are written by hand (not extracted) so these tests follow the dashboard, not the
extraction rules. ``build_fixture_store`` is shared with the real-browser test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import Claim, Paper

pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest  # noqa: E402

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
XSS = "<script>alert(1)</script>"
TIMEOUT = 30


def _paper(paper_id: str, title: str, abstract: str, date: str | None, claims: list[dict],
           url: str | None = "https://example.org/{id}"):
    from extractor.pipeline import PaperExtraction

    paper = Paper(paper_id=paper_id, title=title, abstract=abstract, date=date, url=url.format(id=paper_id) if url else None)
    made = []
    for spec in claims:
        text = spec.pop("value_text")
        start = abstract.index(text)
        sentence = next(s for s in abstract.split(". ") if text in s)
        made.append(
            Claim(
                paper_id=paper_id,
                paper_title=title,
                value_text=text,
                start=start,
                end=start + len(text),
                sentence=sentence,
                rule="test.hand-made",
                **spec,
            )
        )
    return PaperExtraction(paper=paper, claims=made)


def _mathvista(value: float, text: str, model: str, **extra) -> dict:
    return dict(
        value=value, value_text=text, unit="%", kind="score", benchmark="MathVista", benchmark_id="MathVista",
        metric="accuracy", metric_id="accuracy", higher_is_better=True, model=model, **extra,
    )


VL_ABSTRACT = (
    "We teach vision-language models to reflect. Our model, VL-Rethinker, advances state-of-the-art scores on "
    "MathVista, MathVerse, and MathVision to achieve 80.3%, 61.8%, and 43.9% respectively. "
    "It is 4.1 points better than its base model and trains 2x faster"
)


def fixture_items() -> list:
    """Hand-made papers: rival MathVista entries, a hostile title, an efficiency claim, an alias, no claim."""
    return [
        _paper(
            "vl-rethinker", "VL-Rethinker: Incentivizing Self-Reflection of Vision-Language Models", VL_ABSTRACT, "2025-04-10",
            [
                _mathvista(80.3, "80.3%", "VL-Rethinker"),
                dict(value=61.8, value_text="61.8%", unit="%", kind="score", benchmark="MathVerse", benchmark_id="MathVerse",
                     higher_is_better=True, model="VL-Rethinker"),
                dict(value=43.9, value_text="43.9%", unit="%", kind="score", benchmark="MathVision",
                     benchmark_id="MathVision", higher_is_better=True, model="VL-Rethinker"),
                dict(value=4.1, value_text="4.1", unit="pts", kind="delta", benchmark="MathVista", benchmark_id="MathVista",
                     higher_is_better=True, model="VL-Rethinker"),
                dict(value=2, value_text="2x", unit="x", kind="efficiency", model="VL-Rethinker"),
            ],
        ),
        _paper(
            "openvlthinker", "OpenVLThinker: an open vision-language reasoner",
            "OpenVLThinker reaches 70.2% accuracy on MathVista. Zero-shot, it reaches 65.0% on MathVista", "2025-03-01",
            [_mathvista(70.2, "70.2%", "OpenVLThinker"), _mathvista(65.0, "65.0%", "OpenVLThinker", qualifiers=["zero-shot"])],
        ),
        _paper(
            "hostile", XSS, f"**Bold** claims [here](javascript:alert(1)) and {XSS}: 55.0% on MathVista. Done", "2024-01",
            [_mathvista(55.0, "55.0%", "<b>Evil</b>-7B")],
        ),
        _paper("undated", "An undated MathVista entry", "Model U gets 50.5% on MathVista. End", None,
               [_mathvista(50.5, "50.5%", "Model U")]),
        _paper(
            "resnet", "Deep residual learning", "ResNet-50 reaches 76.1% top-1 accuracy on ILSVRC-2012. It is deep", "2015-12",
            [dict(value=76.1, value_text="76.1%", unit="%", kind="score", benchmark="ILSVRC-2012", benchmark_id="ImageNet-1K",
                  metric="top-1 accuracy", metric_id="top1_accuracy", higher_is_better=True, model="ResNet-50")],
        ),
        _paper("empty", "A paper with nothing to claim", "We discuss things without numbers", "2023", []),
    ]


def build_fixture_store(path: Path) -> Path:
    """Write the fixture papers to a new store at ``path`` and close it."""
    from extractor.store import Store

    with Store(path) as store:
        store.ingest(fixture_items())
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_fixture_store(tmp_path_factory.mktemp("dash") / "fixtures.duckdb")


@pytest.fixture
def app(store_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("LBX_DB", str(store_path))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def _open(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.get("html"))


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


@pytest.mark.parametrize("page", ["overview", "leaderboard", "claims", "paper", "upload"])
def test_every_page_runs(app, page):
    _open(app, page)
    assert app.title and app.title[0].value


def test_overview_counts_papers_records_and_boards(app):
    at = _open(app, "overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Papers"] == "6"
    assert metrics["Records"] == "10"
    assert metrics["Benchmarks"] == "4"
    kinds = at.dataframe[0].value
    assert dict(zip(kinds["kind"], kinds["records"])) == {"score": 8, "delta": 1, "relative": 0, "efficiency": 1}
    assert len(at.get("vega_lite_chart")) == 2


def test_leaderboard_ranks_vl_rethinker_first_on_mathvista(app):
    at = _open(app, "leaderboard")
    at.text_input(key="lb_query").input("mathvista").run()
    assert not at.exception
    (picker,) = [s for s in at.selectbox if s.label == "Benchmark"]
    assert picker.value == "MathVista"
    table = at.dataframe[0].value
    shown = list(at.dataframe[0].proto.column_order)
    assert shown == ["rank", "model", "value", "paper", "code", "date", "evidence", "abstract"]
    first = table.iloc[0]
    assert (first["rank"], first["model"], first["value"], first["number"]) == (1, "VL-Rethinker", "80.3%", 80.3)
    assert first["paper"].startswith("https://example.org/vl-rethinker#VL-Rethinker%3A%20Incentivizing")
    assert list(table["model"]) == ["VL-Rethinker", "OpenVLThinker", "<b>Evil</b>-7B", "Model U"]
    assert "»80.3%«" in first["evidence"]
    assert "Top: VL-Rethinker — 80.3%" in _html(at)
    assert "↑ higher is better" in _texts(at)
    # Ranking bar chart and SOTA-over-time chart.
    assert len(at.get("vega_lite_chart")) == 2


def test_leaderboard_cuts_a_long_table_and_lists_deltas_on_request(app, monkeypatch):
    from dashboard import data

    monkeypatch.setattr(data, "TABLE_ROWS", 2)
    at = _open(app, "leaderboard")
    assert list(at.dataframe[0].value["model"]) == ["VL-Rethinker", "OpenVLThinker"]
    assert "The table lists the first 2 of 4 entries; the download has them all." in _texts(at)
    assert [b.label for b in at.get("download_button")] == ["Download the whole board (CSV)"]
    assert len(at.dataframe) == 1
    at.toggle(key="lb_improvements").set_value(True).run()
    deltas = at.dataframe[1].value
    assert list(zip(deltas["model"], deltas["value"])) == [("VL-Rethinker", 4.1)]


def test_leaderboard_setting_selector_shows_one_partition(app):
    at = _open(app, "leaderboard")
    (setting,) = [s for s in at.selectbox if s.label == "Setting"]
    assert setting.options == ["(unspecified)", "zero-shot"]
    setting.select("zero-shot").run()
    table = at.dataframe[0].value
    assert list(zip(table["model"], table["value"])) == [("OpenVLThinker", "65.0%")]


def test_leaderboard_benchmark_from_the_address(store_path, monkeypatch):
    monkeypatch.setenv("LBX_DB", str(store_path))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["benchmark"] = "MathVerse"
    at.run()
    at = _open(at, "leaderboard")
    assert at.dataframe[0].value.iloc[0]["value"] == "61.8%"


def test_leaderboard_search_finds_a_benchmark_by_its_alias(app):
    at = _open(app, "leaderboard")
    at.text_input(key="lb_query").input("ilsvrc 2012").run()
    assert not at.exception
    (picker,) = [s for s in at.selectbox if s.label == "Benchmark"]
    assert picker.value == "ImageNet-1K" and picker.options[0].startswith("ImageNet-1K")
    first = at.dataframe[0].value.iloc[0]
    assert (first["model"], first["value"]) == ("ResNet-50", "76.1%")


def test_leaderboard_search_without_match_warns(app):
    at = _open(app, "leaderboard")
    at.text_input(key="lb_query").input("no such benchmark").run()
    assert at.warning and "No benchmark matches" in at.warning[0].value


def test_claims_explorer_filters_and_offers_downloads(app):
    at = _open(app, "claims")
    assert len(at.dataframe[0].value) == 10
    at.selectbox(key="cl_kind").select("delta").run()
    view = at.dataframe[0].value
    assert list(view["kind"]) == ["delta"] and view.iloc[0]["value"] == 4.1
    at.selectbox(key="cl_kind").select("(any)").run()
    at.text_input(key="cl_text").input("openvlthinker").run()
    assert set(at.dataframe[0].value["paper_id"]) == {"openvlthinker"}
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download JSON"]


def test_downloads_hold_the_whole_filtered_view(store_path):
    from dashboard import data

    deltas = data.claims_export(str(store_path), "csv", kind="delta").decode().splitlines()
    assert len(deltas) == 2 and "4.1" in deltas[1]
    mathvista = json.loads(data.claims_export(str(store_path), "json", benchmark_id="MathVista"))
    assert sorted(r["value"] for r in mathvista) == [4.1, 50.5, 55.0, 65.0, 70.2, 80.3]
    board = data.board_csv(str(store_path), "MathVista", "accuracy", None, None).decode().splitlines()
    assert len(board) == 5 and board[1].startswith("1,VL-Rethinker,80.3,")


def test_claims_explorer_filters_by_benchmark_and_model(app):
    at = _open(app, "claims")
    at.selectbox(key="cl_benchmark").select("MathVista").run()
    assert set(at.dataframe[0].value["benchmark_id"]) == {"MathVista"}
    at.text_input(key="cl_model").input("vl-rethinker").run()
    assert sorted(at.dataframe[0].value["value"]) == [4.1, 80.3]


def test_paper_view_highlights_every_claimed_number(app):
    at = _open(app, "paper")
    at.text_input(key="pv_query").input("VL-Rethinker").run()
    assert not at.exception
    page = _html(at)
    for number, kind in [("80.3%", "score"), ("61.8%", "score"), ("43.9%", "score"), ("4.1", "delta"), ("2x", "efficiency")]:
        assert f'data-kind="{kind}"' in page and f">{number}</mark>" in page
    records = at.dataframe[0].value
    assert len(records) == 5


def test_hostile_title_and_abstract_are_shown_as_text(app):
    at = _open(app, "paper")
    at.text_input(key="pv_query").input("script").run()
    assert not at.exception
    page = _html(at)
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "**Bold** claims [here](javascript:alert(1))" in page  # Markdown left as written
    assert "<b>Evil</b>" not in page
    assert all(XSS not in m.value for m in at.markdown)
    # In the leaderboard the title is a table cell (and the text of its link): data, not markup.
    at = _open(at, "leaderboard")
    at.text_input(key="lb_query").input("MathVista").run()
    table = at.dataframe[0].value
    assert XSS in set(table["title"])
    assert "https://example.org/hostile#%3Cscript%3Ealert%281%29%3C%2Fscript%3E" in set(table["paper"])


def test_upload_extracts_then_adds_to_the_store(tmp_path, monkeypatch):
    store = build_fixture_store(tmp_path / "upload.duckdb")
    monkeypatch.setenv("LBX_DB", str(store))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    at = _open(at, "upload")
    line = {"id": "uploaded-1", "title": "An uploaded paper", "abstract": "We reach 91.5% accuracy on MMLU."}
    at.file_uploader[0].set_value(("papers.jsonl", (json.dumps(line) + "\n").encode(), "application/json"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Papers read"] == "1" and metrics["Unreadable records"] == "0"
    at.button(key="up_add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and "1 new, 0 replaced" in at.success[0].value
    at = _open(at, "overview")
    assert {m.label: m.value for m in at.metric}["Papers"] == "7"


def test_missing_store_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.setenv("LBX_DB", str(tmp_path / "nothing-here.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.info and "no store here yet" in at.info[0].value
    assert not (tmp_path / "nothing-here.duckdb").exists()


def test_store_path_from_arguments_then_environment_then_default(tmp_path, monkeypatch):
    from dashboard.data import DEFAULT_DB, db_path

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LBX_DB", str(tmp_path / "env.duckdb"))
    assert db_path(["--", "--db", "given.duckdb"]) == str(tmp_path / "given.duckdb")
    assert db_path(["--db", "/abs/x.duckdb"]) == "/abs/x.duckdb"
    assert db_path(["-q", "tests/test_x.py"]) == str(tmp_path / "env.duckdb")
    monkeypatch.delenv("LBX_DB")
    assert db_path([]) == str(tmp_path / DEFAULT_DB)
