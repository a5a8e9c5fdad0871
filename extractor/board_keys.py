"""Which board a score claim belongs on: one board per leaderboard researchers know.

A claim's board is a (benchmark, metric) pair worked out from the claim as extracted:

* **Registry benchmarks.** The canonical id, refined into the leaderboard the claim is about:
  an edition written after the name ("MMMU-Pro", "SWE-bench Lite", "MATH Level 5", "ImageNet-ReaL";
  one the registry knows resolves to that entry), a dataset year for challenges run every year
  ("BraTS 2020"), and a task variant of the data set (COCO keypoints, ImageNet-1K generation 256,
  CIFAR-10 OOD detection) chosen from the metric and the sentence.
* **Task variants** are chosen by the sentence, else the title, else (for some) the abstract;
  a generation result said to be conditional, where the leaderboard is unconditional, has its own board.
* **Metrics.** A metric made more specific by its sentence is refined (an FID of reconstruction is
  rFID). A metric-less claim on a registry benchmark takes its ``default_metric``, unless the
  sentence names another quantity ("77.6% AMOTA", "96% of planned trajectories", "88.1 LLM-as-a-Judge
  score") or the benchmark has two headline metrics (re-identification's Rank-1 and mAP); a metric
  that the benchmark's default stands for is merged into it ("accuracy" on ImageNet is top-1).
  A metric the benchmark's leaderboards do not use (``board_metrics.toml``) is a reason to hold
  the claim back, given by :func:`board_key` with the key.
* **Open boards.** A benchmark named in the abstract but unknown to the registry gets a board
  keyed ``open:<name>``, the name lower-cased and stripped of everything but letters and digits,
  without a trailing "v1" or "benchmark", so "MyBench", "MyBench-v1" and "MYBENCH" are one board.

Rules and word lists live in ``data/boards.toml``; the plausibility of values is
:mod:`extractor.plausibility`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
OPEN_PREFIX = "open:"
_RESOLUTIONS = {"64", "128", "256", "512", "1024"}
_RESOLUTION = re.compile(r"\b(\d{2,4})\s*(?:[x×]\s*(\d{2,4})\b|px\b|-?pixels?\b|\s*resolution)|\bresolution (?:of )?(\d{2,4})\b")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_OPEN_TRIM = re.compile(r"^(?:the\s+)|(?:\s+(?:benchmarks?|datasets?|suite|test\s*set|corpus))+$", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z]+")


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


@dataclass(frozen=True)
class BoardRules:
    """``data/boards.toml`` and ``data/board_metrics.toml``, compiled."""

    synonyms: dict[str, frozenset[str]]  # default metric -> metrics it stands for
    fraction_metrics: frozenset[str]
    never_percent: frozenset[str]
    cost_units: frozenset[str]
    cost_metrics: frozenset[str]
    edition_tail: re.Pattern
    spelled_editions: dict[str, re.Pattern]  # tail -> how it is written out after the name
    year_editions: frozenset[str]
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
    plain_accuracy_words: frozenset[str]
    collective: re.Pattern
    ceiling_of_others: re.Pattern
    unnamed: frozenset[str]
    not_methods: frozenset[str]
    not_metric_words: frozenset[str]
    benchmark_items: re.Pattern  # what a benchmark's "N% of ..." counts ("the problems", "tasks")
    measured_quality: re.Pattern  # a quality named before a number ("correlations of 0.93"): not the default
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
        )
        for name, body in data["variants"].items()
    )
    hedges = data["hedges"]
    return BoardRules(
        synonyms={k: frozenset(v) for k, v in data["synonyms"].items()},
        fraction_metrics=frozenset(data["ranges"]["fraction"]),
        never_percent=frozenset(data["ranges"]["never_percent"]),
        cost_units=frozenset(u.lower() for u in data["units"]["cost"]),
        cost_metrics=frozenset(data["costs"]["metrics"]),
        # A tail right after the name: a hyphen or one space, then the tail as a whole word.
        edition_tail=re.compile(r"^([-\s])(" + "|".join(map(re.escape, tails)) + r"|v(?!1\b)\d+(?:\.\d+)?)(?![\w-])"),
        spelled_editions={t: re.compile(r"^[-\s]+(?:" + w + ")", re.I) for t, w in data["editions"]["spelled"].items()},
        year_editions=frozenset(data["editions"]["year_editions"]),
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
        plain_accuracy_words=frozenset(w.lower() for w in hedges["plain_accuracy_words"]),
        collective=re.compile(hedges["collective"], re.I),
        ceiling_of_others=re.compile(hedges["ceiling_of_others"], re.I),
        unnamed=frozenset(m.lower() for m in data["models"]["unnamed"]),
        not_methods=frozenset(m.lower() for m in data["models"]["not_methods"]),
        not_metric_words=frozenset(w.lower() for w in data["defaults"]["not_metric_words"]),
        benchmark_items=re.compile(data["defaults"]["benchmark_items"], re.I),
        measured_quality=re.compile(data["defaults"]["measured_quality"], re.I),
        allowed={k: frozenset(v) for k, v in _load("board_metrics.toml").items()},
    )


def _registry():
    from extractor import registry

    return registry.benchmarks(), registry.metrics()


def open_key(surface: str | None) -> str | None:
    """The open board of a benchmark name the registry lacks, or None when it does not look like a name."""
    if not surface:
        return None
    name = _OPEN_TRIM.sub("", surface.strip()).strip()
    if not name or len(name) > 40 or len(name.split()) > 4:
        return None
    # Prose is lower-case words; a name has a capital or a digit. A bare acronym of two or three
    # letters ("CT", "NER", "AD") is a modality, a task or a field far more often than a data set.
    if not re.search(r"[A-Z0-9]", name) or re.fullmatch(r"[A-Za-z]{1,3}", name):
        return None
    if name.lower() in rules().not_methods:
        return None
    key = re.sub(r"[^0-9a-z]+", "", name.lower())
    key = re.sub(r"(?<=[a-z])v1(?:0)?$", "", key)
    if len(key) < 2 or key.isdigit():
        return None
    return OPEN_PREFIX + key


_CLAUSE_BREAK = re.compile(r"[,;]|\b(?:and|while|whereas|but)\b")


def _occurrences(name: str, text: str) -> list[int]:
    """Where ``name`` starts in ``text``, occurrences not overlapping (a regex of each name, compiled
    per claim, churned the regex cache: a tenth of the board rules' time)."""
    starts: list[int] = []
    at = text.find(name) if name else -1
    while at >= 0:
        starts.append(at)
        at = text.find(name, at + len(name))
    return starts


def _after(sentence: str, surface: str, value_text: str | None = None) -> str:
    """The text right after the benchmark's name in its sentence ("" when it is not found).

    A name written more than once ("88.5% on ImageNet val and 91.2% on ImageNet real val") is read
    where it is nearest the claim's number without a clause break ("and", a comma) in between."""
    low, name = sentence.lower(), surface.lower()
    starts = _occurrences(name, low)
    if not starts:
        return ""
    at = starts[0]
    number = sentence.find(value_text) if value_text and len(starts) > 1 else -1
    if number >= 0:
        def cost(start: int) -> int:
            gap = sentence[start + len(surface) : number] if start < number else sentence[number + len(value_text) : start]
            return len(gap) + 1000 * len(_CLAUSE_BREAK.findall(gap))
        at = min(starts, key=cost)
    return sentence[at + len(surface) :]


def _edition(bench_id: str, surface: str, sentence: str, value_text: str | None = None) -> str:
    """The benchmark id refined by an edition tail (after the name, or ending the name as written,
    or spelled out in words: "ImageNet real validation set" is ImageNet-ReaL) or by a dataset year."""
    r = rules()
    benchmarks, _ = _registry()
    after = _after(sentence, surface, value_text)
    found = r.edition_tail.match(after)
    if found is None:
        for tail, spelled in r.spelled_editions.items():
            if spelled.match(after):
                return f"{bench_id}-{tail}"
    head = surface
    if found is None:  # "LongBench v2" written as one name that the registry folds into its parent
        for m in re.finditer(r"[-\s]", surface):
            tail = r.edition_tail.match(surface[m.start() :])
            if tail and tail.end() == len(surface) - m.start():
                found, head = tail, surface[: m.start()]
                break
    if found:
        sep, tail = found.group(1), found.group(2)
        entry = benchmarks.lookup(f"{head}{sep}{tail}")
        if entry is not None and entry.id != bench_id:
            return entry.id
        if tail.lower() not in bench_id.lower():
            return f"{bench_id}{sep}{tail}"
    if bench_id in r.year_editions:
        year = _YEAR.search(surface)
        if year:
            return f"{_YEAR.sub('', bench_id).strip()} {year.group(1)}"
    return bench_id


def _variant(bench_id: str, task: str | None, metric: str | None, sentence: str, title: str = "",
             abstract: str = "") -> Variant | None:
    """The task variant of the data set that the claim is about, or None for the benchmark's own task.

    The sentence decides; when it names neither a variant nor the benchmark's own task, the paper's
    title may ("... for Multi-Person Pose Estimation": its COCO AP is keypoint AP), and then its
    abstract, when it names one variant and none of the benchmark's own tasks (ScaleNAS's "71.6% AP on
    COCO test-dev" follows "applying ScaleNet-P to bottom-up human pose estimation")."""
    found = _variant_in(task, metric, sentence)
    if found is not None or not (title or abstract):
        return found
    own = [w for w in re.findall(r"[a-z]{4,}", (task or "").lower())]
    named_own = any(_word_start(w).search(sentence) for w in own)
    for v in rules().variants:
        if v.title_words is not None and not _own_task(v, task) and (metric is None or metric in v.metrics) \
                and (v.title_decides or not named_own) and v.title_words.search(title):
            return v
    if named_own or not abstract:
        return None
    tasks = [t.strip() for t in re.split(r"[,/]", (task or "").lower()) if t.strip()]
    if any(_word_start(t).search(abstract) for t in tasks):
        return None
    named = [v for v in rules().variants if v.abstract_words is not None and not _own_task(v, task)
             and (metric is None or metric in v.metrics) and v.abstract_words.search(abstract)]
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=8192)  # the registry's task words and phrases: 1024 churned
def _word_start(word: str) -> re.Pattern:
    """A word of a registry task at a word's start, any case (compiled once: the regex cache churns)."""
    return re.compile(rf"\b{re.escape(word)}", re.I)


def _own_task(v: Variant, task: str | None) -> bool:
    """Whether the benchmark's main task (its registry task up to a comma or slash) is the variant's:
    MPII's "human pose estimation" is keypoints already, COCO's "object detection / ..." is not."""
    return bool(task) and v.task.search(_main_task(task)) is not None


@lru_cache(maxsize=4096)
def _main_task(task: str) -> str:
    return re.split(r"[,/]", task)[0]


def _variant_in(task: str | None, metric: str | None, text: str) -> Variant | None:
    for v in rules().variants:
        if _own_task(v, task):
            continue  # the benchmark's own task
        if metric in v.only:
            return v
        if (metric is None or metric in v.metrics) and v.words.search(text):
            return v
    return None


def _resolution(surface: str, sentence: str) -> str | None:
    """The image size a generation claim is at: written in the name ("ImageNet-256") or the
    sentence ("256x256", LaTeX "256$\\times$256" too)."""
    tail = re.search(r"[-\s](\d{2,4})$", surface)
    if tail and tail.group(1) in _RESOLUTIONS:
        return tail.group(1)
    for text in (surface, _plain(sentence)):
        for m in _RESOLUTION.finditer(text):
            size = m.group(1) or m.group(3)
            if size in _RESOLUTIONS and (m.group(2) is None or m.group(2) == size):
                return size
    return None


def _plain(text: str) -> str:
    """Text with its LaTeX read ("256{\\times}256" as 256×256), so patterns see what is written."""
    from extractor.textnorm import normalise

    return normalise(text).text if ("\\" in text or "$" in text) else text


def _nearest(pattern: re.Pattern, sentence: str, value_text: str | None) -> re.Match | None:
    """The match of ``pattern`` nearest the claim's number: in the few words right after it
    ("1.380 for conditional generation"), else the last one before it, else the first after."""
    at = sentence.find(value_text) if value_text else -1
    if at < 0:
        return pattern.search(sentence)
    end = at + len(value_text)
    soon = pattern.search(sentence[end : end + 40])
    if soon and not re.search(r"\d|[,;]", sentence[end : end + soon.start()].lstrip("%")):
        return soon
    before = list(pattern.finditer(sentence, 0, at))
    return before[-1] if before else pattern.search(sentence, end)


def _refined_metric(metric: str | None, sentence: str, value_text: str | None) -> str | None:
    """A metric the sentence's words make more specific: an FID said of reconstruction is rFID."""
    refined = rules().refined_metrics.get(metric or "")
    if refined is None:
        return metric
    to, words, unless = refined
    either = re.compile(f"(?P<refined>{words.pattern})|(?P<plain>{unless.pattern})", re.I)
    found = _nearest(either, sentence, value_text)
    return to if found is not None and found.group("refined") else metric


def board_key(claim: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(board benchmark, board metric, reason the metric does not belong) of a score claim.

    The benchmark is None when the claim names none. Registry boards are keyed by (refined)
    canonical id, open boards by ``open:<key>``.
    """
    sentence = claim.get("sentence") or ""
    metric = claim.get("metric_id")
    bench_id = claim.get("benchmark_id")
    surface = claim.get("benchmark") or ""
    if bench_id is None:
        return open_key(surface), metric, None
    r = rules()
    benchmarks, _ = _registry()
    entry = benchmarks.get(bench_id)
    task = entry.task if entry is not None else None
    value_text = claim.get("value_text")
    metric = _refined_metric(metric, sentence, value_text)
    variant = _variant(bench_id, task, metric, sentence, claim.get("paper_title") or "", claim.get("abstract") or "")
    if variant is not None:
        label = variant.label
        if variant.resolution and bench_id not in r.conditional_by_default:
            said = _nearest(r.conditional, sentence, value_text)
            if said is not None and not said.group(0).lower().startswith("un"):
                label = f"conditional {label}"  # its leaderboard is unconditional generation
        board = f"{bench_id} {label}"
        if variant.resolution:
            size = _resolution(surface, sentence)
            board += f" {size}" if size else ""
        return board, metric, None
    board = _edition(bench_id, surface, sentence, value_text) if surface else bench_id
    if board != bench_id and benchmarks.get(board) is not None:
        entry = benchmarks.get(board)
    default = entry.default_metric if entry is not None else None
    allowed = r.allowed.get(entry.id if entry is not None else bench_id)
    named = bool((claim.get("metric") or "").strip())  # a metric as written that the registry lacks ("Pass@2")
    if metric is None and default is not None and bench_id in r.ambiguous_defaults:
        return board, default, f"{bench_id} results are written in more than one headline metric; a bare number could be any"
    if metric is None and default is not None and (named or _names_a_metric(sentence, default, value_text, surface)):
        # "BLEU scores of 0.893 (B-1) ... 0.725 (B-4)" on COCO: the sentence says what the
        # number is, only not in a way the metric registry knows; the default would mislabel it.
        return board, default, "the sentence names a metric the number may be in; the board's default does not apply"
    metric = default if metric is None else _synonym(metric, default, allowed or frozenset())
    # Only a registry metric can be judged: an id the metric registry lacks says nothing.
    known = metric is not None and _registry()[1].get(metric) is not None
    if allowed and known and metric != default and not _admitted(metric, allowed):
        return board, metric, f"{metric} is not a metric of {bench_id} leaderboards"
    return board, metric, None


# A percentage and the capitals right after it: an acronym of what it measures ("77.6% AMOTA").
_PERCENT_ACRONYM = re.compile(r"\d\s*(?:\\?%|percent\b)\s*([A-Z][A-Z0-9]{1,7})\b(?![-\w])")
# A percentage and the lower-case singular word right after it: "70.6% success", not "5% of", "3 epochs".
_PERCENT_HEAD = re.compile(r"\d\s*(?:\\?%|percent\b)\s*([a-z][a-z-]*[a-z])\b(?![-\w])(?:\s+([a-z][a-z-]*[a-z])\b)?")


@cache
def metric_words(default: str | None) -> tuple[str, ...]:
    """The words a benchmark's default metric is written with (its id, name and aliases), lower case."""
    metric = _registry()[1].get(default) if default else None
    names = [default or ""] + ([metric.name, *metric.aliases, *metric.exact_case_aliases] if metric else [])
    return tuple({w for n in names for w in re.findall(r"[a-z]+", (n or "").lower().replace("_", " "))})


def _clause_of(sentence: str, value_text: str | None) -> str:
    """The part of ``sentence`` around the claimed number up to the nearest bracket or semicolon."""
    at = sentence.find(value_text) if value_text else -1
    if at < 0:
        return sentence
    start = max(sentence.rfind(c, 0, at) for c in ";()") + 1
    ends = [i for i in (sentence.find(c, at) for c in ";()") if i >= 0]
    return sentence[start:min(ends) if ends else len(sentence)]


def _names_a_metric(sentence: str, default: str | None = None, value_text: str | None = None, surface: str = "") -> bool:
    """Whether a sentence names any metric the registry knows, or the claim's clause writes a
    percentage of a quantity the registry lacks ("70.6% success against ResNet", "77.6% AMOTA");
    a word of the default metric itself ("74.2% resolution" on a resolve-rate board), one that names
    no quantity, or a benchmark's name ("85% ImageNet") does not count."""
    if not sentence:
        return False
    stop = rules().not_metric_words
    own = metric_words(default)
    benchmarks, _ = _registry()
    for m in _PERCENT_ACRONYM.finditer(_clause_of(sentence, value_text)):
        word = m.group(1)
        if word.lower() in own or word.lower() in stop or word.lower() == surface.lower():
            continue
        if benchmarks.lookup(word) is None and not any(w.startswith(word.lower()[:5]) for w in own):
            return True
    if _share_of_other(sentence, value_text, surface) or _named_score(sentence, value_text, surface, own):
        return True
    clause = _clause_of(sentence, value_text)
    if rules().measured_quality.search(clause, 0, max(0, clause.find(value_text or ""))):
        return True  # "correlations of 0.921 for CIFAR-10": another quantity, never the default's
    for m in _PERCENT_HEAD.finditer(_clause_of(sentence, value_text)):
        word = m.group(1)
        if word in stop or (word.endswith("s") and not word.endswith("ss")) or word.endswith("ed"):
            continue  # a count ("13.5% voxels") or a verb ("69.84% achieved by") names no quantity
        # "74.2% resolution", "89.6% unseen success": the default's own word, next or one word on
        if not any(w.startswith(said[:5]) for said in filter(None, m.groups()) for w in own):
            return True
    return bool(_registry()[1].find(sentence))


def _after_number(sentence: str, value_text: str | None) -> str | None:
    at = sentence.find(value_text) if value_text else -1
    return sentence[at + len(value_text) :] if at >= 0 else None


def _share_of_other(sentence: str, value_text: str | None, surface: str) -> bool:
    """Whether the claim's percentage is a share of things other than the benchmark's items
    ("corrupting 96% of planned trajectories", "correct 96% of the time"); "41% of SWE-bench Lite"
    and "52% of the problems" are the benchmark's own."""
    after = _after_number(sentence, value_text)
    if after is None:
        return False
    m = re.match(r"\s*(?:\\?%|percent\b)?\s*of\s+(?:the\s+|all\s+|its\s+)?(.{0,40})", after)
    if m is None or not re.match(r"\s*(?:\\?%|percent\b)", after) and "%" not in (value_text or ""):
        return False
    what = re.split(r"[,;()]|\s(?:on|in|for|at|with|across|from|under|while|and)\s", m.group(1).lower())[0]
    if surface and surface.lower() in what:
        return False
    return not re.match(rules().benchmark_items, what)


def _named_score(sentence: str, value_text: str | None, surface: str, own: tuple[str, ...]) -> bool:
    """Whether the claim's number is followed by the name of another score ("88.1 LLM-as-a-Judge
    score", "96 ATANT score"), not the default's and not a benchmark's."""
    after = _after_number(sentence, value_text)
    m = re.match(r"\s*(?:\\?%)?\s*((?:[A-Za-z][\w-]*\s+){1,3})score\b", after or "")
    if m is None:
        return False
    words = m.group(1).split()
    benchmarks, _ = _registry()
    if any(w.lower() == surface.lower() or benchmarks.lookup(w) is not None for w in words):
        return False
    if all(w.lower() in rules().not_metric_words for w in words):
        return False
    return not any(o.startswith(w.lower()[:5]) for w in words for o in own)


def _synonym(metric: str, default: str | None, allowed: frozenset[str]) -> str:
    """The metric a benchmark's boards call ``metric``: its default when both are one quantity
    there, else the group's canonical metric when the benchmark's leaderboards use that."""
    for canonical, group in rules().synonyms.items():
        members = group | {canonical}
        if metric not in members:
            continue
        if default in members:
            return default
        if canonical in allowed:
            return canonical
    return metric


def _admitted(metric: str, allowed: frozenset[str]) -> bool:
    """Whether the leaderboards use the metric or one it is a synonym of."""
    if metric in allowed:
        return True
    return any(metric in group | {c} and allowed & (group | {c}) for c, group in rules().synonyms.items())


def is_open(board: str | None) -> bool:
    return bool(board) and board.startswith(OPEN_PREFIX)
