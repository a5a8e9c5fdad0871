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
  score"; :mod:`extractor.board_defaults`) or the benchmark has two headline metrics (re-identification's Rank-1 and mAP); a metric
  that the benchmark's default stands for is merged into it ("accuracy" on ImageNet is top-1).
  A metric the benchmark's leaderboards do not use (``board_metrics.toml``) is a reason to hold
  the claim back, given by :func:`board_key` with the key.
* **Sub-measures** a benchmark's leaderboards report one by one (BraTS's whole tumour, tumour core
  and enhancing tumour) are boards of their own (:mod:`extractor.board_parts`).
* **Open boards.** A benchmark named in the abstract but unknown to the registry gets a board
  keyed ``open:<name>``, the name lower-cased and stripped of everything but letters and digits,
  without a trailing "v1" or "benchmark", so "MyBench", "MyBench-v1" and "MYBENCH" are one board.

Rules and word lists live in ``data/boards.toml`` (compiled by :mod:`extractor.board_rules`); the
plausibility of values is :mod:`extractor.plausibility`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from extractor import registry
from extractor.board_rules import BoardRules, Variant, rules  # noqa: F401 (asked for from here too)

OPEN_PREFIX = "open:"
_RESOLUTIONS = {"64", "128", "256", "512", "1024"}
_RESOLUTION = re.compile(r"\b(\d{2,4})\s*(?:[x×]\s*(\d{2,4})\b|px\b|-?pixels?\b|\s*resolution)|\bresolution (?:of )?(\d{2,4})\b")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_OPEN_TRIM = re.compile(r"^(?:the\s+)|(?:\s+(?:benchmarks?|datasets?|suite|test\s*set|corpus))+$", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z]+")
_VERSION = re.compile(r"[vV]?(\d+)(?:\.\d+)?")
_SHARED_TASK = re.compile(r"\b(?:Shared\s+)?(?:Sub)?(?:Task|Track)\s*\d+\b", re.I)


def _registry():
    return registry.benchmarks(), registry.metrics()


@lru_cache(maxsize=4096)  # asked for every score claim, of far fewer names
def open_key(surface: str | None) -> str | None:
    """The open board of a benchmark name the registry lacks, or None when it does not look like a name."""
    if not surface:
        return None
    name = _OPEN_TRIM.sub("", surface.strip()).strip()
    # A shared task's name runs longer ("BEA 2026 Shared Task 1") than other names may.
    longest = 6 if _SHARED_TASK.search(name) else 4
    if not name or len(name) > 40 or len(name.split()) > longest:
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


@lru_cache(maxsize=256)  # a claim's board key asks up to three times
def _name_at(sentence: str, surface: str, value_text: str | None = None) -> int:
    """Where the benchmark's name is in its sentence (-1 when it is not found).

    A name written more than once ("88.5% on ImageNet val and 91.2% on ImageNet real val") is read
    where it is nearest the claim's number without a clause break ("and", a comma) in between."""
    low, name = sentence.lower(), surface.lower()
    starts = _occurrences(name, low)
    if not starts:
        return -1
    at = starts[0]
    number = sentence.find(value_text) if value_text and len(starts) > 1 else -1
    if number >= 0:
        def cost(start: int) -> int:
            gap = sentence[start + len(surface) : number] if start < number else sentence[number + len(value_text) : start]
            return len(gap) + 1000 * len(_CLAUSE_BREAK.findall(gap))
        at = min(starts, key=cost)
    return at


def _after(sentence: str, surface: str, value_text: str | None = None) -> str:
    """The text right after the benchmark's name in its sentence ("" when it is not found)."""
    at = _name_at(sentence, surface, value_text)
    return sentence[at + len(surface) :] if at >= 0 else ""


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
        version = _VERSION.fullmatch(tail)
        if version and (bench_id in r.one_version or re.search(rf"v?{version.group(1)}$", bench_id, re.I)):
            return bench_id  # "OntoNotes 5.0" is OntoNotes; "VQAv2 2.0" is VQAv2
        if tail.lower() not in bench_id.lower():
            # a version is one board however it is joined or cased ("NAVSIM-v2", "NAVSIM v2", "LiveCodeBench-V5")
            return f"{bench_id} {tail.lower()}" if version else f"{bench_id}{sep}{tail}"
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
    for v in _applicable(task, sentence):
        if v.title_words is not None and (metric is None or metric in v.metrics) \
                and (v.title_decides or not named_own) and v.title_words.search(title):
            return v
    if named_own or not abstract:
        return None
    tasks = [t.strip() for t in re.split(r"[,/]", (task or "").lower()) if t.strip()]
    if any(_word_start(t).search(abstract) for t in tasks):
        return None
    named = [v for v in _applicable(task, sentence) if v.abstract_words is not None
             and (metric is None or metric in v.metrics) and v.abstract_words.search(abstract)]
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=8192)  # the registry's task words and phrases: 1024 churned
def _word_start(word: str) -> re.Pattern:
    """A word of a registry task at a word's start, any case (compiled once: the regex cache churns)."""
    return re.compile(rf"\b{re.escape(word)}", re.I)


@lru_cache(maxsize=4096)
def _task_variants(task: str | None) -> tuple[Variant, ...]:
    """The variants a benchmark of registry task ``task`` may have (see :func:`_applicable`), in order."""
    return tuple(v for v in rules().variants if not _own_task(v, task) and (v.on_task is None or (task and v.on_task.search(task))))


def _own_task(v: Variant, task: str | None) -> bool:
    """Whether the benchmark's main task (its registry task up to a comma or slash) is the variant's:
    MPII's "human pose estimation" is keypoints already, COCO's "object detection / ..." is not."""
    return bool(task) and v.task.search(_main_task(task)) is not None


@lru_cache(maxsize=4096)
def _main_task(task: str) -> str:
    return re.split(r"[,/]", task)[0]


def _applicable(task: str | None, sentence: str) -> Iterator[Variant]:
    """The variants, in order, that the claim may be on: not its benchmark's own task, variants of
    benchmarks of its task (action recognition is one of temporal action localization data sets
    only), and no word of the sentence keeps it on the own task ("an average mAP")."""
    return (v for v in _task_variants(task) if v.unless is None or v.unless.search(sentence) is None)


def _variant_in(task: str | None, metric: str | None, text: str) -> Variant | None:
    for v in _applicable(task, text):
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
    for text in (surface, plain(sentence)):
        for m in _RESOLUTION.finditer(text):
            size = m.group(1) or m.group(3)
            if size in _RESOLUTIONS and (m.group(2) is None or m.group(2) == size):
                return size
    return None


def plain(text: str) -> str:
    """Text with its LaTeX read ("256{\\times}256" as 256×256, ``$\\sim$`` as ~), so patterns see what is written."""
    return _read_latex(text) if ("\\" in text or "$" in text) else text


@lru_cache(maxsize=1024)  # the board rules read a sentence several times for each of its claims
def _read_latex(text: str) -> str:
    from extractor.textnorm import normalise

    return normalise(text).text


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
    canonical id, open boards by ``open:<key>``; two keys of one leaderboard (``[same]`` in
    ``data/boards.toml``) are one board.
    """
    board, metric, reason = _board_key(claim)
    return rules().same.get(board, board) if board else board, metric, reason


def _board_key(claim: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    sentence = claim.get("sentence") or ""
    metric = claim.get("metric_id")
    bench_id = claim.get("benchmark_id")
    surface = claim.get("benchmark") or ""
    r = rules()
    if surface and r.not_data_after.match(_after(sentence, surface, claim.get("value_text"))):
        return None, None, None  # "the challenge's Synapse platform": not the data set
    at = _name_at(sentence, surface, claim.get("value_text")) if surface else -1
    if at > 0 and r.not_data_before.search(sentence, max(0, at - 60), at):
        return None, None, None  # "a partitioned version of ImageNet-1K": another data set than its board's
    if bench_id is None:
        from extractor.board_names import registry_twin

        key = open_key(surface)
        twin = registry_twin(surface, metric) if key else None
        if twin is None:
            return key, metric, None
        return _board_key({**claim, "benchmark_id": twin})
    from extractor.board_defaults import names_a_metric
    from extractor.board_parts import number_at, part_of

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
        if metric is None and variant.default and not names_a_metric(sentence, variant.default, value_text, surface):
            metric = variant.default
        return board, metric, None
    board = _edition(bench_id, surface, sentence, value_text) if surface else bench_id
    if board != bench_id and benchmarks.get(board) is not None:
        entry = benchmarks.get(board)
    part = part_of(entry.id if entry is not None else bench_id, sentence, number_at(sentence, value_text or ""), value_text or "")
    if part is not None:
        board = f"{board} {part}"
    default = entry.default_metric if entry is not None else None
    allowed = r.allowed.get(entry.id if entry is not None else bench_id)
    named = bool((claim.get("metric") or "").strip())  # a metric as written that the registry lacks ("Pass@2")
    if metric is None and default is not None and bench_id in r.ambiguous_defaults:
        return board, default, f"{bench_id} results are written in more than one headline metric; a bare number could be any"
    if metric is None and default is not None and (named or names_a_metric(sentence, default, value_text, surface)):
        # "BLEU scores of 0.893 (B-1) ... 0.725 (B-4)" on COCO: the sentence says what the
        # number is, only not in a way the metric registry knows; the default would mislabel it.
        return board, default, "the sentence names a metric the number may be in; the board's default does not apply"
    metric = default if metric is None else _synonym(metric, default, allowed or frozenset())
    # Only a registry metric can be judged: an id the metric registry lacks says nothing.
    known = metric is not None and _registry()[1].get(metric) is not None
    if allowed and known and metric != default and not _admitted(metric, allowed):
        return board, metric, f"{metric} is not a metric of {bench_id} leaderboards"
    return board, metric, None


def _synonym(metric: str, default: str | None, allowed: frozenset[str]) -> str:
    """The metric a benchmark's boards call ``metric``: its default when both are one quantity
    there, else the group's canonical metric when the benchmark's leaderboards use that."""
    if metric in rules().default_synonyms.get(default or "", ()):
        return default  # "accuracy" on an agent benchmark scored by success rate is that rate
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
