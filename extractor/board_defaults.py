"""Whether a metric-less claim on a registry benchmark is in the benchmark's default metric.

A bare number on a benchmark ("reaches 84.0% on ImageNet") is in its registry ``default_metric``
unless its sentence says it measures something else: a metric the registry knows, a percentage
followed by the acronym or the word of another quantity ("77.6% AMOTA", "70.6% success against
ResNet"), a share of things other than the benchmark's items ("96% of planned trajectories"),
another named score ("88.1 LLM-as-a-Judge score") or a measured quality written before it
("correlations of 0.93"). :func:`extractor.board_keys.board_key` asks :func:`names_a_metric`.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.board_keys import rules


def _registry():
    from extractor import registry

    return registry.benchmarks(), registry.metrics()


# A percentage and the capitals right after it: an acronym of what it measures ("77.6% AMOTA").
_PERCENT_ACRONYM = re.compile(r"\d\s*(?:\\?%|percent\b)\s*([A-Z][A-Z0-9]{1,7})\b(?![-\w])")
# A percentage and a math symbol right after it ("94.7\% $S_{\text{dep}}$"): a quantity the paper defines.
_PERCENT_SYMBOL = re.compile(r"\d\s*(?:\\?%|percent\b)\s+\$\s*[A-Za-z]")
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


def names_a_metric(sentence: str, default: str | None = None, value_text: str | None = None, surface: str = "") -> bool:
    """Whether a sentence names any metric the registry knows, or the claim's clause writes a
    percentage of a quantity the registry lacks ("70.6% success against ResNet", "77.6% AMOTA", a
    symbol: "94.7% $S_{dep}$");
    a word of the default metric itself ("74.2% resolution" on a resolve-rate board), one that names
    no quantity, or a benchmark's name ("85% ImageNet") does not count."""
    if not sentence:
        return False
    stop = rules().not_metric_words
    own = metric_words(default)
    benchmarks, _ = _registry()
    if _PERCENT_SYMBOL.search(_clause_of(sentence, value_text)):
        return True  # "94.7\% $S_{\text{dep}}$": a quantity the paper defines
    for m in _PERCENT_ACRONYM.finditer(_clause_of(sentence, value_text)):
        word = m.group(1)
        if word.lower() in own or word.lower() in stop or word.lower() == surface.lower():
            continue
        if benchmarks.lookup(word) is None and not any(w.startswith(word.lower()[:5]) for w in own):
            return True
    if _share_of_other(sentence, value_text, surface, default) or _named_score(sentence, value_text, surface, own):
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


def _share_of_other(sentence: str, value_text: str | None, surface: str, default: str | None = None) -> bool:
    """Whether the claim's percentage is a share of things other than the benchmark's items
    ("corrupting 96% of planned trajectories", "correct 96% of the time"); "41% of SWE-bench Lite"
    and "52% of the problems" are the benchmark's own, unless the board's default is no share at
    all ("99% of nuScenes cases" is not an NDS)."""
    after = _after_number(sentence, value_text)
    if after is None:
        return False
    m = re.match(r"\s*(?:\\?%|percent\b)?\s*of\s+(?:the\s+|all\s+|its\s+)?(.{0,40})", after)
    if m is None or not re.match(r"\s*(?:\\?%|percent\b)", after) and "%" not in (value_text or ""):
        return False
    what = re.split(r"[,;()]|\s(?:on|in|for|at|with|across|from|under|while|and)\s", m.group(1).lower())[0]
    if default is not None and default not in rules().share_metrics:
        return True
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
