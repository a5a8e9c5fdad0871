"""Golden tests for the Hugging Face listing-page reader, on the seed pages in fixtures/seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.readers import detect_format, read_papers
from extractor.readers.hf_listing import looks_like_listing
from extractor.readers.title_split import split_title_abstract
from schemas import BadRecord, Paper

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
PAGE = {
    "000": SEEDS / "000_ee936daad860ba7c.txt",
    "001": SEEDS / "001_b71d98c41e072d78.txt",
    "002": SEEDS / "002_fac8514be38a2a29.txt",
    "003": SEEDS / "003_96eea454145660ec.txt",
    "004": SEEDS / "004_9747841dbca5b491.txt",
}
COUNTS = {"000": 24, "001": 7, "002": 209, "003": 1, "004": 2}

CHROME_WORDS = re.compile(
    r"Get trending papers|Subscribe|Daily Papers|byAK|research community|\d+ authors|翻译|下载|阅读|·|•"
)


def papers(page: str) -> list[Paper]:
    items = list(read_papers([PAGE[page]]))
    assert not [i for i in items if isinstance(i, BadRecord)]
    return items


@pytest.mark.parametrize("page", sorted(COUNTS))
def test_paper_count(page):
    assert len(papers(page)) == COUNTS[page]


@pytest.mark.parametrize("page", sorted(COUNTS))
def test_a_seed_page_is_detected_as_a_listing(page):
    assert detect_format(PAGE[page]) == "hf"
    assert looks_like_listing(PAGE[page].read_text(encoding="utf-8"))


def test_whole_seed_folder_reads_as_listings():
    items = list(read_papers([SEEDS]))
    assert len(items) == sum(COUNTS.values())
    assert all(isinstance(i, Paper) for i in items)


# page -> {line: title}: first, last and a few in between
TITLES = {
    "000": {
        3: "MEGAVERSE: Benchmarking Large Language Models Across Languages, Modalities, Models and Tasks",
        5: "VL-Rethinker: Incentivizing Self-Reflection of Vision-Language Models with Reinforcement Learning",
        33: "Can Loyalty to Creators Dilute Loyalty to Promoted Products? Examining the Heterogeneous Effects "
        "of Live-Streamed Content on Video Game Usage",
        43: "M6: A Chinese Multimodal Pretrainer",
        49: "InterBERT: Vision-and-Language Interaction for Multi-modal Pretraining",
    },
    "002": {
        3: "Rethinking Patch Dependence for Masked Autoencoders",
        5: "Trans-Encoder: Unsupervised sentence-pair modelling through self- and mutual-distillations",
        39: "LXMERT: Learning Cross-Modality Encoder Representations from Transformers",
        55: "GECToR -- Grammatical Error Correction: Tag, Not Rewrite",
        71: "xGen-MM-Vid (BLIP-3-Video): You Only Need 32 Tokens to Represent a Video Even in VLMs",
        391: "CoCa: Contrastive Captioners are Image-Text Foundation Models",
        419: "EnCLAP++: Analyzing the EnCLAP Framework for Optimizing Automated Audio Captioning Performance",
    },
    "004": {
        13: "InterBERT: Vision-and-Language Interaction for Multi-modal Pretraining",
        21: "Chinese ModernBERT with Whole-Word Masking",
    },
}


@pytest.mark.parametrize("page", sorted(TITLES))
def test_titles_by_line(page):
    by_line = {p.line: p.title for p in papers(page)}
    for line, title in TITLES[page].items():
        assert by_line[line] == title


def test_two_line_layout_pairs_every_title_with_the_next_line():
    for page in ("000", "002"):
        lines = PAGE[page].read_text(encoding="utf-8").splitlines()
        for paper in papers(page):
            assert paper.abstract == lines[paper.line].strip()  # the line after the title


# The one-line layout: title run straight into the abstract.
ONE_LINE = [
    ("M6: A Chinese Multimodal Pretrainer", "In this work, we construct", 25, "2021-03-01"),
    ("InterBERT: Vision-and-Language Interaction for Multi-modal Pretraining", "Multi-modal pretraining for", 6, "2020-03-29"),
    ("Megalodon: Efficient LLM Pretraining and Inference with Unlimited Context Length", "The quadratic complexity", 10, "2024-04-12"),
    ("Mega: Moving Average Equipped Gated Attention", "The design choices", 8, "2022-09-21"),
    ("AraGPT2: Pre-Trained Transformer for Arabic Language Generation", "Recently, pre-trained", 3, "2020-12-31"),
    ("TCNCA: Temporal Convolution Network with Chunked Attention for Scalable Sequence Processing", "MEGA is a recent", 6, "2023-12-09"),
    ("MeGA: Hybrid Mesh-Gaussian Head Avatar for High-Fidelity Rendering and Head Editing", "Creating high-fidelity head", 7, "2024-04-29"),
]


def test_one_line_layout_splits_title_from_abstract():
    got = papers("001")
    assert [p.line for p in got] == list(range(1, 8))
    for paper, (title, opening, authors, date) in zip(got, ONE_LINE, strict=True):
        assert paper.title == title
        assert paper.abstract.startswith(opening)
        assert paper.authors_count == authors
        assert paper.date == date


def test_one_line_layout_drops_upvotes_and_trailing_counts():
    megalodon = papers("001")[2]
    assert megalodon.abstract.endswith("Code: https://github.com/XuezheMax/megalodon")
    assert not megalodon.title.startswith("66")


def test_same_abstract_on_two_layouts_reads_the_same():
    by_title = {p.title: p for p in papers("000")}
    for paper in papers("001"):
        assert paper.abstract == by_title[paper.title].abstract
        assert paper.paper_id == by_title[paper.title].paper_id


def test_block_layout_metadata():
    interbert, modernbert = papers("004")
    assert (interbert.authors_count, interbert.date, interbert.date_text) == (6, "2020-03-29", "Mar 29, 2020")
    # a date with no year keeps its text only; the page's "Nov 6" header is nobody's date
    assert (modernbert.authors_count, modernbert.date, modernbert.date_text) == (4, None, "Oct 14")


def test_page_without_metadata_leaves_it_empty():
    for paper in papers("000") + papers("002"):
        assert paper.authors_count is None and paper.date is None and paper.date_text is None


def test_translation_and_link_list_are_not_papers():
    (paper,) = papers("003")
    assert paper.title == ""
    assert paper.abstract.startswith("Multi-modal pretraining for learning high-level")
    assert paper.abstract.endswith("topic-based recommendation.")
    assert "翻译" not in paper.abstract


def test_same_paper_without_its_title_gets_the_same_id():
    (untitled,) = papers("003")
    titled = next(p for p in papers("004") if p.title.startswith("InterBERT"))
    assert untitled.abstract == titled.abstract
    assert untitled.paper_id == titled.paper_id


@pytest.mark.parametrize("page", sorted(COUNTS))
def test_no_chrome_in_titles_or_abstracts(page):
    for paper in papers(page):
        assert not CHROME_WORDS.search(paper.title), paper.title
        assert not CHROME_WORDS.search(paper.abstract[:80] + paper.abstract[-80:]), paper.abstract
        assert paper.title == " ".join(paper.title.split())
        assert paper.abstract == paper.abstract.strip() and paper.abstract


def test_glued_subscribe_is_removed_from_the_first_title():
    assert papers("000")[0].title.startswith("MEGAVERSE")
    assert papers("002")[0].title.startswith("Rethinking")


@pytest.mark.parametrize("page", sorted(COUNTS))
def test_source_and_ids(page):
    got = papers(page)
    assert {p.source for p in got} == {str(PAGE[page])}
    assert all(re.fullmatch(r"lbx-[0-9a-f]{16}", p.paper_id) for p in got)
    assert len({p.paper_id for p in got}) == len(got)


@pytest.mark.parametrize(
    ("text", "title", "opening"),
    [
        ("Tree Cross Attention Cross Attention is a popular method.", "Tree Cross Attention", "Cross Attention is"),
        (
            "Query Routing for Language Models Large Language Models (LLMs) are widely used.",
            "Query Routing for Language Models",
            "Large Language Models (LLMs)",
        ),
        (
            "Trans-Encoder: Unsupervised sentence-pair modelling In NLP, a large volume of tasks exist.",
            "Trans-Encoder: Unsupervised sentence-pair modelling",
            "In NLP,",
        ),
        ("Fast Retrieval at Scale Recently, Dense Retrievers became popular.", "Fast Retrieval at Scale", "Recently,"),
        ("no capital letters anywhere in this text at all", "", "no capital"),
    ],
)
def test_title_split_heuristic(text, title, opening):
    got_title, abstract = split_title_abstract(text)
    assert got_title == title
    assert abstract.startswith(opening)
    assert text.endswith(abstract)


def test_a_single_abstract_text_file_is_not_a_listing():
    assert not looks_like_listing("A Title\n\nWe propose a method. It works well on many benchmarks. " * 2)
