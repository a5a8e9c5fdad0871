"""The board rules, compiled: ``data/boards.toml`` (editions, task variants, metric synonyms,
hedges, model words) and ``data/board_metrics.toml`` (the metrics each benchmark's leaderboards
use), read once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Variant:
    name: str
    label: str
    task: re.Pattern
    words: re.Pattern
    metrics: frozenset[str]
    only: frozenset[str]
    resolution: bool
    title_words: re.Pattern | None = None
    title_decides: bool = False  # the title names the variant even where the sentence names the own task
    abstract_words: re.Pattern | None = None  # words of an abstract that choose the variant when nothing else does
    on_task: re.Pattern | None = None  # the registry tasks of the benchmarks the variant is one of (None: any)
    unless: re.Pattern | None = None  # words of a sentence that keep its claim on the benchmark's own task
    default: str | None = None  # the metric a bare number on the variant is in


@dataclass(frozen=True)
class BoardRules:
    """``data/boards.toml`` and ``data/board_metrics.toml``, compiled."""

    synonyms: dict[str, frozenset[str]]  # default metric -> metrics it stands for
    default_synonyms: dict[str, frozenset[str]]  # default metric -> metrics that are it only where it is the default
    fraction_metrics: frozenset[str]
    never_percent: frozenset[str]
    cost_units: frozenset[str]
    cost_metrics: frozenset[str]
    edition_tail: re.Pattern
    spelled_editions: dict[str, re.Pattern]  # tail -> how it is written out after the name
    year_editions: frozenset[str]
    one_version: frozenset[str]  # benchmarks whose versions as written are all one data set
    refined_metrics: dict[str, tuple[str, re.Pattern, re.Pattern]]  # metric -> (refined, its words, the plain metric's words)
    conditional_by_default: frozenset[str]
    conditional: re.Pattern
    ambiguous_defaults: frozenset[str]
    variants: tuple[Variant, ...]
    hedge_before: re.Pattern
    bound_before: re.Pattern
    several_attempts: re.Pattern
    change_after: re.Pattern
    bound_after: re.Pattern
    part_before: re.Pattern
    margin_before: re.Pattern
    count_after: re.Pattern
    qualified_after: re.Pattern
    condition_after: re.Pattern
    relative_before: re.Pattern
    relative_after: re.Pattern
    elsewhere_before: re.Pattern
    plain_accuracy_words: frozenset[str]
    collective: re.Pattern
    ceiling_of_others: re.Pattern
    unnamed: frozenset[str]
    not_methods: frozenset[str]
    collective_heads: frozenset[str]  # "the strongest models": a group described, no system named
    not_metric_words: frozenset[str]
    benchmark_items: re.Pattern  # what a benchmark's "N% of ..." counts ("the problems", "tasks")
    share_metrics: frozenset[str]  # default metrics a share of those items can be in (accuracy, success rate)
    measured_quality: re.Pattern  # a quality named before a number ("correlations of 0.93"): not the default
    not_data_after: re.Pattern  # words after a benchmark's name that make it another thing ("Synapse platform")
    not_data_before: re.Pattern  # words before it that make it other data ("a partitioned version of")
    other_role_after: re.Pattern  # a name used as a format or a pre-training set ("COCO-format", "COCO-pretrained")
    other_role_before: re.Pattern  # "pre-trained on ImageNet"
    introduced_before: re.Pattern  # "we introduce LogiOR": the paper's own benchmark
    same: dict[str, str]  # a board key -> the key of the one leaderboard it is
    allowed: dict[str, frozenset[str]]  # benchmark id -> metrics its leaderboards use


def _load(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@cache
def rules() -> BoardRules:
    data = _load("boards.toml")
    tails = sorted(data["editions"]["tails"], key=len, reverse=True)
    variants = tuple(
        Variant(
            name, body["label"], re.compile(body["task"], re.I), re.compile(body["words"], re.I),
            frozenset(body["metrics"]), frozenset(body.get("only", ())), bool(body.get("resolution", False)),
            re.compile(body["title_words"], re.I) if "title_words" in body else None,
            bool(body.get("title_decides", False)),
            re.compile(body["abstract_words"], re.I) if "abstract_words" in body else None,
            re.compile(body["on_task"], re.I) if "on_task" in body else None,
            re.compile(body["unless"], re.I) if "unless" in body else None,
            body.get("default"),
        )
        for name, body in data["variants"].items()
    )
    hedges = data["hedges"]
    return BoardRules(
        synonyms={k: frozenset(v) for k, v in data["synonyms"].items()},
        default_synonyms={k: frozenset(v) for k, v in data.get("default_synonyms", {}).items()},
        fraction_metrics=frozenset(data["ranges"]["fraction"]),
        never_percent=frozenset(data["ranges"]["never_percent"]),
        cost_units=frozenset(u.lower() for u in data["units"]["cost"]),
        cost_metrics=frozenset(data["costs"]["metrics"]),
        # A tail right after the name: a hyphen or one space, then the tail as a whole word.
        # ... or a version: "v2", "v1.3", or a whole version number ("Terminal-Bench 2.0"; 1.0 is the parent)
        edition_tail=re.compile(r"^([-\s])(" + "|".join(map(re.escape, tails))
                                + r"|[vV](?!1\b)\d+(?:\.\d+)?|(?!1\.0)[1-9]\.0)(?![\w-]|\.\d|\s*(?:%|\\%|×|percent\b|points?\b|pp\b|x\b|times\b|fold\b))"),
        spelled_editions={t: re.compile(r"^[-\s]+(?:" + w + ")", re.I) for t, w in data["editions"]["spelled"].items()},
        year_editions=frozenset(data["editions"]["year_editions"]),
        one_version=frozenset(data["editions"].get("one_version", ())),
        refined_metrics={m: (b["to"], re.compile(b["words"], re.I), re.compile(b["unless"], re.I))
                         for m, b in data["refined_metrics"].items()},
        conditional_by_default=frozenset(data["conditional"]["by_default"]),
        conditional=re.compile(data["conditional"]["words"], re.I),
        ambiguous_defaults=frozenset(data["defaults"]["ambiguous"]),
        variants=variants,
        hedge_before=re.compile(hedges["before"], re.I),
        bound_before=re.compile(hedges["bound_before"], re.I),
        several_attempts=re.compile(hedges["several_attempts"], re.I),
        change_after=re.compile(hedges["change_after"], re.I),
        bound_after=re.compile(hedges["bound_after"], re.I),
        part_before=re.compile(hedges["part_before"], re.I),
        margin_before=re.compile(hedges["margin_before"], re.I),
        count_after=re.compile(hedges["count_after"]),
        qualified_after=re.compile(hedges["qualified_after"], re.I),
        condition_after=re.compile(hedges["condition_after"], re.I),
        relative_before=re.compile(hedges["relative_before"], re.I),
        relative_after=re.compile(hedges["relative_after"], re.I),
        elsewhere_before=re.compile(hedges["elsewhere_before"], re.I),
        plain_accuracy_words=frozenset(w.lower() for w in hedges["plain_accuracy_words"]),
        collective=re.compile(hedges["collective"], re.I),
        ceiling_of_others=re.compile(hedges["ceiling_of_others"], re.I),
        unnamed=frozenset(m.lower() for m in data["models"]["unnamed"]),
        not_methods=frozenset(m.lower() for m in data["models"]["not_methods"]),
        collective_heads=frozenset(m.lower() for m in data["models"]["collective_heads"]),
        not_metric_words=frozenset(w.lower() for w in data["defaults"]["not_metric_words"]),
        benchmark_items=re.compile(data["defaults"]["benchmark_items"], re.I),
        share_metrics=frozenset(data["defaults"]["share_metrics"]),
        measured_quality=re.compile(data["defaults"]["measured_quality"], re.I),
        not_data_after=re.compile(data["names"]["not_data_after"], re.I),
        not_data_before=re.compile("(?:" + data["names"]["not_data_before"] + ")$", re.I),
        other_role_after=re.compile(data["names"]["other_role_after"], re.I),
        other_role_before=re.compile(data["names"]["other_role_before"], re.I),
        introduced_before=re.compile(data["names"]["introduced_before"], re.I),
        same=dict(data.get("same", {})),
        allowed={k: frozenset(v) for k, v in _load("board_metrics.toml").items()},
    )
