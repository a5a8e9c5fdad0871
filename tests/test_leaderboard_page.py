"""The leaderboard page as a reader uses it: a table readable at 1440 px (title as the link, code,
evidence with its number marked, other metrics side by side), the board in the address (shared and
reloaded), an unknown or aliased benchmark in the address, and a timeline that tells the story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_dashboard_apptest import APP, TIMEOUT, XSS, _paper

pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest  # noqa: E402

PAGE = "views/leaderboard.py"


def _imagenet(value: float, text: str, model: str, metric: str = "top1_accuracy", **extra) -> dict:
    return dict(value=value, value_text=text, unit="%", kind="score", benchmark="ImageNet-1K", benchmark_id="ImageNet-1K",
                metric=metric, metric_id=metric, higher_is_better=True, model=model, **extra)


def _fid(value: float, text: str, model: str) -> dict:
    return dict(value=value, value_text=text, unit=None, kind="score", benchmark="CIFAR-10", benchmark_id="CIFAR-10",
                metric="FID", metric_id="fid", higher_is_better=False, model=model)


def board_items() -> list:
    """ImageNet-1K with top-1 and top-5 for the same (model, paper), a val split, arXiv ids, code
    links; CIFAR-10 FID falling a hundredfold over the years (lower is better)."""
    return [
        _paper("2107.00652", "CSWin Transformer: cross-shaped windows",
               "CSWin-B reaches 85.4% top-1 accuracy and 97.5% top-5 accuracy on ImageNet-1K. "
               "Code is at https://github.com/microsoft/CSWin-Transformer.", "2021-07",
               [_imagenet(85.4, "85.4%", "CSWin-B"), _imagenet(97.5, "97.5%", "CSWin-B", metric="top5_accuracy")], url=None),
        _paper("2010.11929", "An image is worth 16x16 words", "ViT-H/14 attains 88.55% top-1 accuracy on ImageNet-1K. "
               "It is a plain transformer", "2020-10", [_imagenet(88.55, "88.55%", "ViT-H/14")], url=None),
        _paper("convnext", XSS, "ConvNeXt-XL achieves 87.8% top-1 and 98.6% top-5 accuracy on ImageNet-1K. "
               "See gitlab.com/facebook/convnext for the code", "2022-01",
               [_imagenet(87.8, "87.8%", "ConvNeXt-XL"), _imagenet(98.6, "98.6%", "ConvNeXt-XL", metric="top5_accuracy")]),
        _paper("2012.12877", "Training data-efficient image transformers",
               "On the ImageNet-1K val split, DeiT-B gets 83.1% top-1 accuracy. It distils", "2020-12",
               [_imagenet(83.1, "83.1%", "DeiT-B", split="val")], url=None),
        _paper("2103.14030", "Swin Transformer", "Swin-L gets 87.3% top-1 accuracy on ImageNet-1K val. It shifts windows",
               "2021-03", [_imagenet(87.3, "87.3%", "Swin-L", split="val")], url=None),
        *[
            _paper(f"gan-{year}", f"A generator of {year}", f"{model} reaches an FID of {text} on CIFAR-10. It samples",
                   f"{year}-06", [_fid(value, text, model)])
            for year, model, value, text in [
                (2016, "DCGAN", 300.0, "300"), (2018, "SNGAN", 29.3, "29.3"), (2019, "StyleGAN", 9.2, "9.2"),
                (2020, "DDPM", 3.17, "3.17"), (2021, "SlowGAN", 4.5, "4.5"), (2022, "EDM", 1.97, "1.97"),
            ]
        ],
    ]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    from extractor.store import Store

    path = tmp_path_factory.mktemp("board") / "board.duckdb"
    with Store(path) as store:
        store.ingest(board_items())
    return path


def _app(store_path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("LBX_DB", str(store_path))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: AppTest):
    """The leaderboard table as the reader sees it: the picked columns, in their order."""
    table = at.dataframe[0]
    return table.value[list(table.proto.column_order)]


def _select(at: AppTest, label: str, value: str) -> AppTest:
    (box,) = [s for s in at.selectbox if s.label == label]
    box.select(value).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_table_shows_what_a_reader_needs_first(store_path, monkeypatch):
    at = _app(store_path, monkeypatch, benchmark="ImageNet-1K")
    table = _shown(at)
    assert list(table.columns) == ["rank", "model", "value", "top5_accuracy", "paper", "code", "date", "evidence",
                                   "abstract"]
    assert list(table["model"]) == ["ViT-H/14", "ConvNeXt-XL", "CSWin-B"]
    assert list(table["value"]) == ["88.55%", "87.8%", "85.4%"]  # with its unit, as precise as written
    first, second, third = (table.iloc[i] for i in range(3))
    # The title is the link: the arXiv page for an arXiv id, else the paper's own URL.
    assert first["paper"] == "https://arxiv.org/abs/2010.11929#An%20image%20is%20worth%2016x16%20words"
    assert second["paper"].startswith("https://example.org/convnext#%3Cscript%3E")
    assert third["code"] == "https://github.com/microsoft/CSWin-Transformer" and second["code"] == "https://gitlab.com/facebook/convnext"
    assert first["evidence"] == "ViT-H/14 attains »88.55%« top-1 accuracy on ImageNet-1K"
    assert first["abstract"] == "paper?paper=2010.11929"
    # The same (model, paper) on the benchmark's other metric, where it claims one.
    assert list(table["top5_accuracy"].fillna(-1)) == [-1, 98.6, 97.5]
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["paper"]["type_config"]["display_text"] == "#([^#]*)$"
    assert "None" not in table.to_string()


def test_the_ranked_metric_is_the_readers_choice(store_path, monkeypatch):
    at = _select(_app(store_path, monkeypatch, benchmark="ImageNet-1K"), "Metric", "top5_accuracy")
    table = _shown(at)
    assert list(zip(table["model"], table["value"])) == [("ConvNeXt-XL", "98.6%"), ("CSWin-B", "97.5%")]
    assert list(table["top1_accuracy"]) == [87.8, 85.4]
    assert at.query_params["metric"] == "top5_accuracy"


def test_metric_and_split_live_in_the_address_and_survive_a_rerun_and_a_reload(store_path, monkeypatch):
    at = _select(_app(store_path, monkeypatch, benchmark="ImageNet-1K"), "Split", "val")
    assert list(_shown(at)["model"]) == ["Swin-L", "DeiT-B"]
    params = dict(at.query_params)
    assert params == {"benchmark": "ImageNet-1K", "metric": "top1_accuracy", "split": "val"}
    at.run()
    assert dict(at.query_params) == params and list(_shown(at)["model"]) == ["Swin-L", "DeiT-B"]
    # The shared address, opened in a new session, shows the same board.
    shared = _app(store_path, monkeypatch, **params)
    assert list(_shown(shared)["model"]) == ["Swin-L", "DeiT-B"]
    assert [s.value for s in shared.selectbox if s.label == "Split"] == ["val"]


def test_a_link_to_another_board_wins_over_what_the_page_showed(store_path, monkeypatch):
    at = _select(_app(store_path, monkeypatch, benchmark="ImageNet-1K"), "Split", "val")
    at.query_params["split"] = "none"  # as a link to the same page with other parameters does
    at.run()
    assert list(_shown(at)["model"]) == ["ViT-H/14", "ConvNeXt-XL", "CSWin-B"]
    at.query_params.clear()
    at.query_params["benchmark"] = "CIFAR-10 generation"
    at.run()
    assert [s.value for s in at.selectbox if s.label == "Benchmark"] == ["CIFAR-10 generation"]


def test_another_benchmark_forgets_the_metric_and_split_of_the_last(store_path, monkeypatch):
    at = _select(_app(store_path, monkeypatch, benchmark="ImageNet-1K", split="val"), "Benchmark", "CIFAR-10 generation")
    assert dict(at.query_params) == {"benchmark": "CIFAR-10 generation", "metric": "fid"}
    assert not at.warning


def test_a_metric_the_board_lacks_is_said_so(store_path, monkeypatch):
    at = _app(store_path, monkeypatch, benchmark="ImageNet-1K", metric="<b>bleu</b>")
    assert at.warning and "This board has no metric “\\<b\\>bleu\\</b\\>”" in at.warning[0].value
    assert at.query_params["metric"] == "top1_accuracy"


def test_an_unknown_benchmark_says_so_and_suggests_near_names(store_path, monkeypatch):
    at = _app(store_path, monkeypatch, benchmark="ImageNet-1KK")
    assert at.warning and "No benchmark in this store is called “ImageNet-1KK”" in at.warning[0].value
    assert [link.proto.label for link in at.get("page_link")][:1] == ["ImageNet-1K"]
    assert not at.dataframe  # no other board shown in its place
    (picker,) = [s for s in at.selectbox if s.label == "Benchmark"]
    assert picker.value is None
    at = _select(at, "Benchmark", "CIFAR-10 generation")
    assert not at.warning and at.query_params["benchmark"] == "CIFAR-10 generation" and len(_shown(at)) == 6


def test_an_alias_in_the_address_opens_its_board(store_path, monkeypatch):
    at = _app(store_path, monkeypatch, benchmark="IN-1k")  # the registry's "IN-1K", typed in another case
    assert "“IN-1k” is ImageNet-1K." in [t.value for t in at.text]
    assert at.query_params["benchmark"] == "ImageNet-1K"
    assert list(_shown(at)["model"])[0] == "ViT-H/14"


def test_the_column_picker_shows_the_rest(store_path, monkeypatch):
    at = _app(store_path, monkeypatch, benchmark="ImageNet-1K")
    picker = at.multiselect(key="lb_columns_ImageNet-1K_top1_accuracy_None_None")
    assert {"held", "number", "title", "split", "paper_id"} <= set(picker.options)
    picker.select("title").run()
    assert _shown(at).columns[-1] == "title" and XSS in set(_shown(at)["title"])


def test_the_timeline_of_a_lower_is_better_board_is_logarithmic_and_names_each_new_best(store_path, monkeypatch):
    at = _app(store_path, monkeypatch, benchmark="CIFAR-10 generation")
    assert list(_shown(at)["model"])[:2] == ["EDM", "DDPM"]
    import pyarrow as pa

    chart = at.get("vega_lite_chart")[1].proto
    line, points, labels = json.loads(chart.spec)["layer"]
    assert line["encoding"]["y"]["scale"]["type"] == "log"
    (data,) = chart.datasets  # the chart's rows, sent as Arrow
    rows = pa.ipc.open_stream(data.data.data).read_all().to_pylist()
    best = [r["model"] for r in rows if r["status"] == "new best"]
    assert best == ["DCGAN", "SNGAN", "StyleGAN", "DDPM", "EDM"]  # SlowGAN (2021) set no record


def test_a_search_that_matches_nothing_offers_the_closest_first(store_path, monkeypatch):
    at = _app(store_path, monkeypatch)
    at.text_input(key="lb_query").input("ImageNet-1KK").run()
    assert at.warning and "the closest come first" in at.warning[0].value
    (picker,) = [s for s in at.selectbox if s.label == "Benchmark"]
    assert picker.value == "ImageNet-1K"
