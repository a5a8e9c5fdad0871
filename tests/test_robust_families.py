"""Extraction stays linear on hostile text, and the per-paper budget stops what is not.

No test here asserts a wall-clock limit: each compares CPU time with CPU time measured in the
same run (a family against ordinary abstracts of the same size, a text against the same text
at half the size), so a quadratic path fails on any machine and a slow machine fails nothing.
"""

from __future__ import annotations

import gc
import time

import pytest

from extractor.budget import Budget
from extractor.pipeline import extract, extract_paper, paper_records, warm_up
from extractor.textnorm import MAX_SENTENCE, normalise, sentences
from pathological import FAMILIES, normal_abstracts
from schemas import Paper

SIZE = 50_000  # characters: ~30 abstracts' worth
# A family may cost this many times what ordinary abstracts of the same size cost. Measured on
# the families today: at most ~6x. A path that grows with the square of a 50 KB text costs
# hundreds of times more.
RELATIVE_BOUND = 25
# Doubling the text may multiply the time by at most this (linear: 2, quadratic: 4).
GROWTH_BOUND = 3.0


def _cpu(text: str, repeat: int = 2) -> float:
    """The least CPU time of a few runs of extract (no time budget: the cost itself is measured).
    The garbage collector is paused while it runs: its full passes cost what the whole test
    session holds in memory, not what this text costs, and made a linear family look quadratic."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = time.process_time()
            extract(text, paper_id="p", seconds=None)
            best = min(best, time.process_time() - t0)
        finally:
            gc.enable()
    return max(best, 1e-4)


@pytest.fixture(scope="module")
def normal_cost() -> float:
    warm_up()
    return _cpu(normal_abstracts(SIZE))


_COSTS: dict[str, tuple[float, float]] = {}


def _family_costs(family: str) -> tuple[float, float]:
    """CPU time of the family at half and at full size, measured once for both tests."""
    if family not in _COSTS:
        _COSTS[family] = (_cpu(FAMILIES[family](SIZE // 2)), _cpu(FAMILIES[family](SIZE)))
    return _COSTS[family]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_costs_about_what_ordinary_text_of_its_size_costs(family, normal_cost):
    cost = _family_costs(family)[1]
    assert cost <= RELATIVE_BOUND * normal_cost, (
        f"{family}: {cost * 1000:.0f} ms CPU for {SIZE:,} characters, "
        f"{cost / normal_cost:.1f}x ordinary abstracts of that size ({normal_cost * 1000:.0f} ms)"
    )


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_cost_grows_linearly(family):
    half, full = _family_costs(family)
    # Tiny costs are all noise: compare only once the full size takes a measurable time.
    if full < 0.02:
        return
    assert full <= GROWTH_BOUND * half, f"{family}: {half * 1000:.0f} ms at {SIZE // 2:,} chars, {full * 1000:.0f} ms at {SIZE:,}"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_claims_are_well_formed(family):
    text = FAMILIES[family](SIZE)
    for c in extract(text, paper_id="p", seconds=None):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.value_text
        # The evidence is the text as written; what the rules saw of it (normalised) is capped.
        assert len(normalise(c.sentence).text) <= MAX_SENTENCE + 64


def test_no_sentence_is_longer_than_the_cap():
    text = "word " * 3000 + "a1" * 3000 + "; x, y " * 900
    spans = sentences(text)
    assert max(b - a for a, b in spans) <= MAX_SENTENCE
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a1 == b0 for (_, b0), (a1, _) in zip(spans, spans[1:]))  # pieces tile the run


def test_a_cut_prefers_a_clause_mark_then_a_space():
    text = "x" * 1500 + "; " + "y" * 1000
    (a, b), _ = sentences(text)[:2]
    assert text[b - 2 : b] == "; "
    words = "word " * 1000
    first = sentences(words)[0]
    assert words[first[1] - 1] == " "


def test_a_cut_sentence_is_an_issue_and_keeps_the_claims():
    run = "and it reaches 80.3% accuracy on ImageNet " * 80  # ~3,400 characters without an end
    res = extract_paper(Paper(paper_id="long", title="", abstract=run, source="in.jsonl", line=7))
    assert res.claims
    cut = [i for i in res.issues if i.code == "sentence-cut"]
    assert len(cut) == 1 and "in.jsonl:7" in cut[0].message and cut[0].paper_id == "long"


def test_ordinary_abstracts_raise_no_issue():
    res = extract_paper(Paper(paper_id="ok", abstract=normal_abstracts(1500)))
    assert res.claims and res.issues == []


def test_time_budget_keeps_what_was_found_and_says_where(monkeypatch):
    # A budget already spent when the first claim is built: no claim, one issue naming the paper.
    res = extract_paper(Paper(paper_id="slow", abstract=normal_abstracts(3000), source="big.jsonl", line=12), seconds=0.0)
    assert [i.code for i in res.issues] == ["time-budget"]
    assert "slow" in res.issues[0].message and "big.jsonl:12" in res.issues[0].message
    # The same through the worker path, which reports by file:line too.
    claims, issues = paper_records("slow", "", normal_abstracts(3000), "big.jsonl:12", seconds=0.0)
    assert claims == [] and [i["code"] for i in issues] == ["time-budget"]


def test_time_budget_stops_partway_through_a_paper(monkeypatch):
    """A clock that runs out after a few checks: the claims found before are kept."""
    import extractor.budget as budget_module

    ticks = iter(range(10_000))
    fake_clock = lambda: float(next(ticks))  # noqa: E731
    monkeypatch.setattr(budget_module, "perf_counter", fake_clock)
    monkeypatch.setattr(budget_module, "thread_time", fake_clock)
    text = normal_abstracts(6000)
    full = extract(text, paper_id="p", seconds=None)
    # Each sentence is checked twice (found, decided) before claims are built, then each claim.
    ticks_to_claims = 2 * len(sentences(text)) + 10
    res = extract_paper(Paper(paper_id="p", abstract=text), seconds=float(ticks_to_claims))
    assert 0 < len(res.claims) < len(full)
    assert [c.model_dump() for c in res.claims] == [c.model_dump() for c in full[: len(res.claims)]]
    assert [i.code for i in res.issues] == ["time-budget"]


def test_claims_cap_is_an_issue():
    text = "Gains of " + "+1 " * 2000 + "on MMLU."
    res = extract_paper(Paper(paper_id="many", abstract=text))
    assert len(res.claims) == Budget().claims
    assert "claims-capped" in [i.code for i in res.issues]


def test_no_budget_means_no_time_issue():
    res = extract_paper(Paper(paper_id="p", abstract=FAMILIES["comma_list"](20_000)), seconds=None)
    assert "time-budget" not in [i.code for i in res.issues]


def test_worker_watchdog_interrupts_a_paper_and_the_run_goes_on(monkeypatch):
    """Workers interrupt a paper that overruns even inside one long call; every paper is still
    accounted for. A watchdog of 0.1 ms makes every paper with work to do overrun."""
    from extractor.budget import Watchdog
    from extractor.driver import extract_batches

    monkeypatch.setattr(Watchdog, "seconds", 1e-4)  # forked workers inherit it
    papers = [Paper(paper_id=f"p{i}", abstract=normal_abstracts(20_000), source="in.jsonl", line=i + 1) for i in range(6)]
    results = list(extract_batches(papers, workers=2))
    assert sum(r.papers for r in results) == 6
    issues = [i for r in results for i in r.issues]
    assert issues and all(i["code"] == "time-budget" and "interrupted" in i["message"] for i in issues)
    assert any("in.jsonl:" in i["message"] for i in issues)
    assert not Watchdog.installed  # the test's own process never installs it


def test_whitespace_run_check_agrees_with_the_pattern():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from extractor.textnorm import _SPACE_RUN, _has_space_run

    spaces = st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2003", "\u3000", "a", "é"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(spaces, max_size=12).map("".join))
    def check(text):
        assert _has_space_run(text) == (_SPACE_RUN.search(text) is not None)

    check()
