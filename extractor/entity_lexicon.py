"""The entity lexicon: the words and patterns of the ``[entities]`` section of
``data/attribution.toml`` that :mod:`extractor.entities` builds a paper's entity table with,
validated at load (a pattern that does not compile names its entry), and the RE2 forms of its
whole-abstract scans.
"""

from __future__ import annotations

import re
import re._constants as _c  # the standard library's parser reads the lexicon's patterns (see _unbounded)
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from extractor import edges
from extractor.attribution import read_lexicon_file

LEXICON_PATH = Path(__file__).parent / "data" / "attribution.toml"


class EntityLexiconError(ValueError):
    """The entity lexicon cannot be used; the message names the file and entry."""


@dataclass(frozen=True)
class EntityLexicon:
    model_families: frozenset[str]  # lower-case heads: "resnet", "llama", "qwen"
    training_before: re.Pattern  # "trained on " written before a name
    training_after: re.Pattern  # " pre-training" written after a name
    introduced_apposition: re.Pattern  # ", a benchmark for ...": what finds a brought name
    introduced_name: re.Pattern  # the name right before such an apposition
    introduced_verb: re.Pattern  # "we release the Foo dataset": group 1 the name
    introduced_label: re.Pattern  # "benchmark, Foo" after a label word: group 1 the name
    introduced_label_word: re.Pattern  # "our new " before the noun
    benchmark_title: re.Pattern  # a title word that says the paper is about a benchmark
    benchmark_shaped: re.Pattern  # a name that says it is a benchmark ("RBench-V")
    title_head: re.Pattern  # "Name: subtitle" or "Name at Shared Task N: ..."
    shared_task: re.Pattern  # "Task 10" of "SemEval-2018 Task 10"
    shared_task_event: re.Pattern  # "SemEval-2018 " right before it
    title_event: re.Pattern  # " at eRisk 2025" in a title: the event taken part in
    acronym_after: re.Pattern  # " (ACRO)" right after a proposed name
    acronym_after_words: re.Pattern  # " Temporal Kinematic Network (WIT-KinNet)": after the name's other words
    proposed: tuple[re.Pattern, ...]  # where the abstract gives its method a name
    title_method: re.Pattern  # the method as the title words it ("... via Randomized Smoothing")
    title_not_method: re.Pattern  # "A Study of ...", "Towards ...": a title that names no method
    title_head_phrase: re.Pattern  # a title head of several words that reads as a phrase ("Less Is More")
    generic_heads: frozenset[str]  # last words of a topic or task, not a method's name
    method_nouns: frozenset[str]  # heads of a phrase that names a method ("a gated fusion network")
    coined_heads: frozenset[str]  # title heads that name a method after a coined compound ("... Learning")
    recurring: re.Pattern

    @cached_property
    def introducing(self) -> tuple[re.Pattern, ...]:
        """The patterns that find a brought benchmark over the whole abstract, scanned together."""
        return (self.introduced_apposition, self.introduced_verb, self.introduced_label)

    @cached_property
    def introducing_scan(self) -> tuple[re.Pattern, ...]:
        """``introducing`` as the RE2 scan reads it (see :func:`_unbounded`)."""
        return tuple(map(_unbounded, self.introducing))

    @cached_property
    def proposed_scan(self) -> tuple[re.Pattern, ...]:
        """``proposed`` as the RE2 scan reads it (see :func:`_unbounded`)."""
        return tuple(map(_unbounded, self.proposed))


_BOUNDED = re.compile(r"\{(\d+),\d+\}")


def _unbounded(pattern: re.Pattern) -> re.Pattern:
    """The pattern with each counted repeat's upper bound dropped ("{0,100}" read as "{0,}"), for
    the RE2 scan that tells which patterns may match an abstract: a bound makes RE2's automaton
    count, which costs it several times the scan of the unbounded one, and an unbounded pattern
    matches wherever the bounded one does, so a pattern it rules out has no match. The pattern
    itself when the rewrite changes anything but those bounds (read off both parses)."""
    src = _BOUNDED.sub(r"{\1,}", pattern.pattern)
    if src == pattern.pattern:
        return pattern
    try:
        relaxed = re.compile(src, pattern.flags)
        same = _shape(edges.parse_source(src, pattern.flags)) == _shape(edges.parse_source(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - a pattern the rewrite breaks keeps its own scan
        return pattern
    return relaxed if same else pattern


def _shape(items) -> list:
    """A parse with every repeat's upper bound left out (what :func:`_unbounded` may change)."""
    out = []
    for op, av in getattr(items, "data", items):
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            out.append((op, av[0], _shape(av[2])))
        elif op is _c.SUBPATTERN:
            out.append((op, av[:3], _shape(av[3])))
        elif op is _c.BRANCH:
            out.append((op, [_shape(b) for b in av[1]]))
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            out.append((op, av[0], _shape(av[1])))
        elif op is _c.ATOMIC_GROUP:
            out.append((op, _shape(av)))
        else:
            out.append((op, av))
    return out


_PATTERNS = ("training_before", "training_after", "introduced_apposition", "introduced_name",
             "introduced_verb", "introduced_label", "introduced_label_word", "shared_task_event",
             "benchmark_title", "benchmark_shaped", "title_head", "shared_task", "title_event", "acronym_after", "acronym_after_words", "recurring",
             "title_method", "title_not_method", "title_head_phrase")
_CASE_SENSITIVE = {"title_head", "benchmark_shaped", "shared_task", "title_event", "acronym_after", "acronym_after_words", "recurring", "introduced_name", "introduced_verb",
                   "introduced_label", "shared_task_event", "title_method",
                   "title_not_method", "title_head_phrase"}


def _compile(path: Path, where: str, src: object, flags: int) -> re.Pattern:
    if not isinstance(src, str):
        raise EntityLexiconError(f"{path}: {where}: must be a pattern string")
    try:
        return re.compile(src, flags)
    except re.error as exc:
        raise EntityLexiconError(f"{path}: {where}: bad pattern: {exc}") from exc


def _words(path: Path, where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise EntityLexiconError(f"{path}: {where}: must be a list of non-empty strings")
    return value


def load_entity_lexicon(path: Path | str = LEXICON_PATH) -> EntityLexicon:
    path = Path(path)
    data = read_lexicon_file(path, EntityLexiconError)
    sec = data.get("entities")
    if not isinstance(sec, dict):
        raise EntityLexiconError(f"{path}: missing section [entities]")
    expected = {*_PATTERNS, "model_families", "proposed", "generic_heads", "method_nouns", "coined_heads"}
    if set(sec) != expected:
        raise EntityLexiconError(f"{path}: [entities] keys must be {sorted(expected)}; differing: "
                                 f"{sorted(set(sec) ^ expected)}")
    pats = {k: _compile(path, f"entities.{k}", sec[k], 0 if k in _CASE_SENSITIVE else re.I) for k in _PATTERNS}
    proposed = tuple(_compile(path, f"entities.proposed[{i}]", p, 0)
                     for i, p in enumerate(_words(path, "entities.proposed", sec["proposed"])))
    families = frozenset(w.lower() for w in _words(path, "entities.model_families", sec["model_families"]))
    generic = frozenset(w.lower() for w in _words(path, "entities.generic_heads", sec["generic_heads"]))
    nouns = frozenset(w.lower() for w in _words(path, "entities.method_nouns", sec["method_nouns"]))
    coined = frozenset(w.lower() for w in _words(path, "entities.coined_heads", sec["coined_heads"]))
    return EntityLexicon(model_families=families, proposed=proposed, generic_heads=generic, method_nouns=nouns,
                         coined_heads=coined, **pats)


@lru_cache(maxsize=1)
def lexicon() -> EntityLexicon:
    return load_entity_lexicon(LEXICON_PATH)
