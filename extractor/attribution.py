"""Attribution: the names a sentence holds and the lexicon they are found with (which benchmark a
number belongs to is :mod:`extractor.bench_choice`, the model :mod:`extractor.subjects`, the
metric :mod:`extractor.metric_choice`, benchmarks paired by the sentence's shape
:mod:`extractor.pairing`, all on the same lexicon).

Benchmark and metric names come from the registries (canonical names, aliases, direction) and,
for benchmarks the registry does not know, from patterns in ``data/attribution.toml``. What the
paper as a whole evaluates on, and with what, is the entity table of :mod:`extractor.entities`,
passed in as ``table``; this module never imports it, nor :mod:`extractor.claims`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import regex

from extractor import prefilter, pruned, registry

if TYPE_CHECKING:  # types only: claims imports this module, never the other way round
    from extractor.claims import Sentence


@dataclass(slots=True)
class Span:
    """A name found in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    surface: str
    kind: str  # "bench", "metric", or "cost" (a metric of cost or speed)
    id: str | None = None  # canonical id when the registry knows the name
    higher_is_better: bool | None = None


class EntityTable(Protocol):
    """What attribution asks of the paper's entity table (see :mod:`extractor.entities`)."""

    method: str | None
    evaluation_benchmark: object | None
    trained_and_tested: object | None

    def is_benchmark(self, text: str, span: Span) -> bool: ...

    def excluded(self, surface: str, entry_id: str | None) -> bool: ...

    def last_evaluated_in(self, text: str) -> object | None: ...

    def benchmarks_between(self, start: int, end: int) -> list[tuple[int, int, str, str | None]]: ...


LEXICON_PATH = Path(__file__).parent / "data" / "attribution.toml"
_CLAUSE_BREAK = regex.compile(r";|:(?!\S)|,\s+(?:and|while|whereas|but)\b|\bwhile\b|\bwhereas\b|\bbut\b")


class LexiconError(ValueError):
    """The attribution lexicon cannot be used; the message names the file and entry."""


@dataclass(frozen=True)
class Lexicon:
    qualifiers: tuple[tuple[str, regex.Pattern, tuple[str, ...]], ...]
    approximators: tuple[tuple[str, regex.Pattern], ...]
    backbone: regex.Pattern
    splits: regex.Pattern
    bench_name: regex.Pattern
    bench_shaped: re.Pattern  # a name that says it is a benchmark ("KnotBench"), in any slot
    bench_opening_place: re.Pattern  # "On Cybench, ...": one capitalised word opening the sentence
    bench_after_prep: regex.Pattern
    bench_raised_before: re.Pattern
    bench_raised_after: re.Pattern
    bench_before_noun: regex.Pattern
    bench_before_noun_name: regex.Pattern
    bench_after_noun: regex.Pattern
    bench_task_bracket: regex.Pattern
    stopwords: frozenset[str]
    venues: frozenset[str]
    anchor_nouns: tuple[str, ...]
    model_size: regex.Pattern
    patch_size: regex.Pattern
    comparison_before: regex.Pattern
    not_benchmark_after: regex.Pattern
    cost_metrics: frozenset[str]
    slot_title_case: re.Pattern
    slot_after_number: re.Pattern
    result_verb_after: re.Pattern
    subject: regex.Pattern
    apposed_subject: regex.Pattern
    described_subject: regex.Pattern  # "non-expert validators only reach": an unnamed system described
    baseline_paren: regex.Pattern
    rival_paren: regex.Pattern
    baseline_possessive: regex.Pattern
    previous_best: regex.Pattern
    reference_before: re.Pattern
    changed_system: regex.Pattern
    id_range: re.Pattern
    numbered_part: re.Pattern
    kind_of_thing: re.Pattern
    metric_words_not_after: frozenset[str]
    metric_words_before: frozenset[str]
    not_slot_names: frozenset[str]
    not_places: frozenset[str]
    pointing_words: tuple[str, ...]


def _compile(path: Path, where: str, src: object, flags: int = regex.I, engine=regex) -> regex.Pattern:
    # Patterns scanned over every sentence use the standard library's faster engine.
    if not isinstance(src, str):
        raise LexiconError(f"{path}: {where}: must be a pattern string")
    try:
        return engine.compile(src, flags)
    except (regex.error, re.error) as exc:
        raise LexiconError(f"{path}: {where}: bad pattern: {exc}") from exc


def read_lexicon_file(path: Path, error: type[ValueError]) -> dict:
    """The lexicon file's tables; a file that cannot be read or parsed raises ``error`` naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise error(f"{path}: cannot load: {exc}") from exc


def load_lexicon(path: Path | str = LEXICON_PATH) -> Lexicon:
    path = Path(path)
    data = read_lexicon_file(path, LexiconError)
    expected = {"qualifiers", "qualifier_hints", "approximators", "backbone", "splits", "generic_benchmark", "method",
                "cost_metrics", "entities", "pairing", "metric_words"}
    if set(data) != expected:
        raise LexiconError(f"{path}: sections must be {sorted(expected)}, got {sorted(data)}")
    gb, method = data["generic_benchmark"], data["method"]
    hints = data["qualifier_hints"]
    if set(hints) != set(data["qualifiers"]):
        raise LexiconError(f"{path}: qualifier_hints must name exactly the qualifiers; differing: "
                           f"{sorted(set(hints) ^ set(data['qualifiers']))}")
    quals = tuple((k, _compile(path, f"qualifiers.{k}", v), tuple(hints[k])) for k, v in data["qualifiers"].items())
    return Lexicon(
        qualifiers=quals,

        approximators=tuple((k, _compile(path, f"approximators.{k}", v)) for k, v in data["approximators"].items()),
        backbone=_compile(path, "backbone.pattern", data["backbone"]["pattern"], 0),
        splits=_compile(path, "splits.pattern", data["splits"]["pattern"], 0),
        bench_name=_compile(path, "generic_benchmark.name", gb["name"], 0, re),
        bench_shaped=_compile(path, "entities.benchmark_shaped", data["entities"]["benchmark_shaped"], 0, re),
        bench_opening_place=_compile(path, "generic_benchmark.opening_place", gb["opening_place"], 0, re),
        bench_after_prep=_compile(path, "generic_benchmark.after_preposition", gb["after_preposition"], 0, re),
        bench_raised_before=_compile(path, "generic_benchmark.raised_before", gb["raised_before"], re.I, re),
        bench_raised_after=_compile(path, "generic_benchmark.raised_after", gb["raised_after"], re.I, re),
        bench_before_noun=_compile(path, "generic_benchmark.before_noun", gb["before_noun"], 0, re),
        bench_before_noun_name=_compile(path, "generic_benchmark.before_noun_name", gb["before_noun_name"], 0, re),
        bench_after_noun=_compile(path, "generic_benchmark.after_noun", gb["after_noun"], 0, re),
        bench_task_bracket=_compile(path, "generic_benchmark.task_bracket", gb["task_bracket"], 0, re),
        stopwords=frozenset(gb["stopwords"]),
        venues=frozenset(gb["venues"]),
        anchor_nouns=tuple(gb["anchor_nouns"]),
        model_size=_compile(path, "generic_benchmark.model_size", gb["model_size"], 0, re),
        patch_size=_compile(path, "generic_benchmark.patch_size", gb["patch_size"], 0, re),
        comparison_before=_compile(path, "generic_benchmark.comparison_before", gb["comparison_before"], re.I, re),
        not_benchmark_after=_compile(path, "generic_benchmark.not_benchmark_after", gb["not_benchmark_after"], re.I, re),
        cost_metrics=frozenset(data["cost_metrics"]["ids"]),
        slot_title_case=_compile(path, "generic_benchmark.slot_title_case", gb["slot_title_case"], 0, re),
        slot_after_number=_compile(path, "generic_benchmark.slot_after_number", gb["slot_after_number"], 0, re),
        result_verb_after=_compile(path, "generic_benchmark.result_verb_after", gb["result_verb_after"], re.I, re),
        subject=_compile(path, "method.subject", method["subject"], 0),
        apposed_subject=_compile(path, "method.apposed_subject", method["apposed_subject"], 0),
        described_subject=_compile(path, "method.described_subject", method["described_subject"], 0),
        baseline_paren=_compile(path, "method.baseline_paren", method["baseline_paren"], 0),
        rival_paren=_compile(path, "method.rival_paren", method["rival_paren"], regex.I),
        baseline_possessive=_compile(path, "method.baseline_possessive", method["baseline_possessive"], 0),
        previous_best=_compile(path, "method.previous_best", method["previous_best"], regex.I),
        reference_before=_compile(path, "method.reference_before", method["reference_before"], re.I, re),
        changed_system=_compile(path, "method.changed_system", method["changed_system"], 0),
        id_range=_compile(path, "generic_benchmark.id_range", gb["id_range"], 0, re),
        numbered_part=_compile(path, "generic_benchmark.numbered_part", gb["numbered_part"], 0, re),
        kind_of_thing=_compile(path, "generic_benchmark.kind_of_thing", gb["kind_of_thing"], 0, re),
        metric_words_not_after=frozenset(_lower_words(path, "metric_words.not_after", data["metric_words"].get("not_after"))),
        metric_words_before=frozenset(_lower_words(path, "metric_words.before", data["metric_words"].get("before"))),
        not_slot_names=frozenset(_lower_words(path, "pairing.not_slot_names", data["pairing"].get("not_slot_names"))),
        not_places=frozenset(_lower_words(path, "pairing.not_places", data["pairing"].get("not_places"))),
        pointing_words=tuple(_lower_words(path, "pairing.pointing_words", data["pairing"].get("pointing_words"))),
    )


def _lower_words(path: Path, where: str, words: object) -> list[str]:
    """A list of lower-case words or phrases (they are compared with lower-cased text)."""
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise LexiconError(f"{path}: {where}: must be a non-empty list of strings")
    bad = [w for w in words if w != w.lower() or w != w.strip()]
    if bad:
        raise LexiconError(f"{path}: {where}: entries must be lower case without surrounding spaces: {bad}")
    return words


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon(LEXICON_PATH)


@lru_cache(maxsize=512)
def find_metric_names(text: str) -> tuple["Span", ...]:
    """Metric names in a sentence ("cost" for metrics of cost or speed), left to right."""
    lex = lexicon()
    out = []
    for m in registry.metrics().find(text):
        if m.entry.id == "loss" and out and out[-1].kind == "metric" and not text[out[-1].end : m.start].strip():
            continue  # "accuracy loss", "IoU loss of 4.9%": what that metric loses, not a loss value
        kind = "cost" if m.entry.id in lex.cost_metrics else "metric"
        out.append(Span(m.start, m.end, m.surface, kind, m.entry.id, m.entry.higher_is_better))
    if "@" in text:
        # A measure at a cut-off ("Precision@3", "A@0.25", "HR@10") is a metric by its shape; it
        # takes the registry entry of its name before "@" when there is one.
        for m in _AT_CUTOFF.finditer(text):
            if any(sp.start < m.end() and m.start() < sp.end for sp in out):
                continue
            base = registry.metrics().lookup(m.group(1))
            out.append(Span(m.start(), m.end(), m.group(), "metric", base.id if base else None,
                            base.higher_is_better if base else None))
        out.sort(key=lambda sp: sp.start)
    if "-" in text:
        # A metric with a qualifier hyphenated on ("Avg-F1", "F1-sarcastic", "Macro-AUC") is that
        # metric, not a name the lexicon lacks.
        added = False
        for m in _QUALIFIED_METRIC.finditer(text):
            inside = [sp for sp in out if sp.start < m.end() and m.start() < sp.end]
            base = _qualified_base(m.group(1), m.group(2))
            # the registry may have found the metric part alone ("F1" of "F1-sarcastic"): the whole wins
            if base is None or any(sp.start < m.start() or sp.end > m.end() or sp.id != base.id for sp in inside):
                continue
            out = [sp for sp in out if sp not in inside]
            kind = "cost" if base.id in lex.cost_metrics else "metric"
            out.append(Span(m.start(), m.end(), m.group(), kind, base.id, base.higher_is_better))
            added = True
        if added:
            out.sort(key=lambda sp: sp.start)
    return tuple(out)


_QUALIFIED_METRIC = re.compile(r"(?<![\w@.-])([A-Za-z][A-Za-z0-9]*)-([A-Za-z][A-Za-z0-9]*)(?![\w@-])")
def _qualified_base(left: str, right: str) -> "registry.Entry | None":
    """The metric of "Avg-F1" or "F1-sarcastic": one side a metric, the other a lower-case word
    or a short capitalised one."""
    metrics, lex = registry.metrics(), lexicon()
    if (right.isalpha() and right.islower() and len(right) >= 3 and right not in lex.metric_words_not_after
            and not right.endswith(("ed", "ing"))):  # "sensitivity-prioritized" is an adjective
        base = metrics.lookup(left)
        if base is not None:
            return base
    if left.lower() in lex.metric_words_before:
        return metrics.lookup(right)
    return None


_AT_CUTOFF = re.compile(r"(?<![\w@.-])([A-Za-z][A-Za-z-]*)@(?:\d+(?:\.\d+)?|[kK]|all)(?![\w@])")


@lru_cache(maxsize=512)
def find_names(text: str) -> tuple[Span, ...]:
    """Benchmark and metric names in a sentence, non-overlapping, left to right (cached: a
    sentence is looked at again when a later claim falls back on it)."""
    spans = list(find_metric_names(text))
    spans += [Span(m.start, m.end, m.surface, "bench", m.entry.id) for m in registry.benchmarks().find(text)]
    spans += pattern_benchmarks(text, spans)
    # Longest first wins where a metric and a benchmark overlap.
    spans.sort(key=lambda sp: (sp.start, -(sp.end - sp.start)))
    out: list[Span] = []
    for sp in spans:
        if out and sp.start < out[-1].end:
            continue
        out.append(sp)
    return tuple(out)


def pattern_benchmarks(text: str, known: list[Span], slots: bool = True) -> list[Span]:
    """Benchmarks the registry does not know, found by their slot or shape, and names listed
    after any benchmark ("on A, B and C"); none overlaps a name of ``known``. ``slots=False``
    leaves out the weaker cues (Title Case words after "on", a name in brackets after a task),
    for a quick look over a whole abstract."""
    lex = lexicon()
    spans = list(known)
    taken = [(s.start, s.end) for s in spans]
    low = text.lower()
    # The noun-anchored patterns only run where their nouns occur: most sentences have none.
    has_noun = any(k in low for k in lex.anchor_nouns)
    after_prep = prefilter.end_guarded(lex.bench_after_prep)
    found = [(m.start(), m.group()) for m in pruned.pruned(lex.bench_name).finditer(text)
             if after_prep.search(text, max(0, m.start() - 45), m.start())
             # "Experiments on our constructed CyberCorrect-Bench": a name shaped as a benchmark is one
             or lex.bench_shaped.search(m.group())
             # "For Abt-Buy, we reach ...": a sentence that opens with its place
             or (m.start() < 12 and text[m.end() : m.end() + 1] == "," and _OPENING_PLACE.match(text, 0, m.start()))
             or (lex.bench_raised_after.match(text, m.end())
                 and lex.bench_raised_before.search(text, max(0, m.start() - 60), m.start()))]
    if text.lstrip().startswith("On "):  # "On Cybench, it attains ..."
        m = lex.bench_opening_place.match(text)
        if m:
            found.append((m.start(1), m.group(1)))
    anchored = set()  # names written before a data-set noun: "from the Foo dataset" is no comparison
    if has_noun:
        for noun in lex.bench_before_noun.finditer(text):
            m = lex.bench_before_noun_name.search(text, max(0, noun.start() - 90), noun.start())
            # past a plain word ("LSMDC16 movie dataset") only a coined name, not a sentence's
            # first word ("Across medical datasets")
            # "a Chinese MRC dataset C3": a name right after the noun is the data set's, the word
            # before it says what kind of data set it is
            named_after = lex.bench_after_noun.match(text, noun.start() + 1)
            if named_after and text[noun.end():named_after.start(1)].strip():
                named_after = None  # "on the Foo dataset, BarNet ...": another sentence part
            if m and m.start(1) > 0 and text[m.start(1) - 1] == "(" and noun.group().endswith("s"):
                m = None  # "out-of-distribution (OOD) datasets": an acronym of a kind of data, not a name
            if m and not named_after and (m.end(1) == m.end() or _CODED.search(m.group(1))):
                start, name = m.start(1), m.group(1)
                first, sep, rest = name.partition(" ")
                if sep and (first in lex.stopwords or _GERUND.fullmatch(first)):
                    start, name = start + len(first) + 1, rest  # "Using FooBench as the benchmark", "The Foo challenge"
                found.append((start, name))
                anchored.add(start)
    if has_noun and prefilter.may_match(lex.bench_after_noun, text):
        found += [(m.start(1), m.group(1)) for m in lex.bench_after_noun.finditer(text)]
    if slots and "(" in text:
        for m in lex.bench_task_bracket.finditer(text):
            g = 1 if m.group(1) else 2
            found.append((m.start(g), m.group(g)))
    if slots and ("on " in text or "across " in text or "On " in text or "Across " in text):
        # Names in the slot alone: Title Case words after "on" ("on Deep Research"), or one
        # capitalised word right after a number and "on" ("1.5 on Molweni").
        found += [(m.start(1), m.group(1)) for m in lex.slot_title_case.finditer(text)]
        found += [(m.start(1), m.group(1)) for m in lex.slot_after_number.finditer(text)]
    for s, surface in found:
        surface = surface.rstrip(".-'")
        e = s + len(surface)
        if surface in lex.stopwords or len(surface) < 2 or _stopword_compound(surface, lex) or _venue_year(surface, lex):
            continue
        if not _could_be_benchmark(text, s, e, surface, lex, s in anchored):
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        spans.append(Span(s, e, surface, "bench", None))
        taken.append((s, e))
    _extend_lists(text, spans, lex)
    return spans[len(known):]


_CODED = re.compile(r"\d|[A-Z][\w'^+.-]*[A-Z]")
_OPENING_PLACE = re.compile(r"\s*(?:For|In)\s+(?:the\s+)?$")
_GERUND = re.compile(r"[A-Z][a-z]+ing")
_CODED_REST = re.compile(r"[A-Z]{2,}[\w']*|[A-Z][a-z]*\d[\w']*|Bench\w*")


def _venue_year(surface: str, lex: Lexicon) -> bool:
    """"ICCV 2017", "CVPR 2024": a venue and its year name where a paper appeared, not data."""
    head, _, rest = surface.partition(" ")
    return head in lex.venues and rest.isdigit()


def _stopword_compound(surface: str, lex: Lexicon) -> bool:
    """"LLM-based", "GPU-Hours": a common word with a plain word hyphenated on is no name; with a
    coded part ("MT-HM3D", "QA-SRL", "MT-Bench") it is one."""
    head, _, rest = surface.partition("-")
    if rest and _DESCRIPTIVE_TAIL.fullmatch(rest):
        return True  # "UAV-based", "MeSH-derived", "VPR-specific": whatever the head, a description
    return head in lex.stopwords and not _CODED_REST.fullmatch(rest)  # not "GPT-4o", "CLIP-ViT"


# Plain words that, hyphenated onto a name, describe something by it instead of naming a data set.
_DESCRIPTIVE_TAIL = re.compile(r"[a-z]+ed|driven|written|grown|drawn|specific|centric|aware|wise|free|level|like|only|"
                               r"oriented|agnostic|friendly|intensive|rich|heavy|related|style|type|scale")


_SHORT_ACRONYM = re.compile(r"[A-Z]{2,4}")
_NUMBER_IN = re.compile(r"\d\s*(?:%|\\%|points?|pts)?\s+in\s+$")


def _could_be_benchmark(text: str, start: int, end: int, surface: str, lex: Lexicon, anchored: bool = False) -> bool:
    """A name found by pattern is not a benchmark when it is a baseline ('over SFT', 'than X'),
    a sized model ('Qwen3-VL-8B'), a metric ('RRA@5') or a backbone. A name its data-set noun
    follows (``anchored``) is one whatever the words before it."""
    if lex.patch_size.search(text, max(start, end - 4), end + 3):
        return False
    size = lex.model_size.search(surface)
    if size and (not size.group().rstrip("-").endswith("M") or _sized_family(surface)):
        return False  # "Qwen3-VL-8B", "Pythia-160M"; a data set counted in millions is one: "CA-1M", "WebVid-10M"
    if "_" in surface and registry.metrics().lookup(surface.split("_", 1)[0]) is not None:
        return False  # "40.5 in AP_novel": a metric with its subscript
    part = lex.numbered_part.match(text, start)
    if lex.id_range.fullmatch(surface) or (part and part.end() >= end) or lex.kind_of_thing.fullmatch(surface):
        return False  # "On Q1--Q500": a range of item ids is a part of the data, not a data set
    if _SHORT_ACRONYM.fullmatch(surface) and _NUMBER_IN.search(text, max(0, start - 16), start):
        return False  # "6.35% in CR, 7.72% in OR": a metric the lexicon lacks, not a data set
    if not anchored and lex.comparison_before.search(text, max(0, start - 60), start):  # "compared with 78.4% and 0.75 for X"
        return False
    return lex.not_benchmark_after.match(text, end) is None


def _sized_family(surface: str) -> bool:
    from extractor.entities import is_model_family  # the entity table reads this module

    return is_model_family(surface)


# Inside a list that holds a benchmark, a single capitalised word is a name too ("Vaihingen").
# (a lower-case name with a digit is one too: "text8", "enwik8")
_LIST_ITEM = r"(?:[A-Z][\w'^+.-]*[A-Z0-9][\w'^+-]*|[A-Z]{2,}[\w'^+-]*|[a-z]-?[A-Z]{2,}[\w'^+-]*|[A-Z][a-z][\w'^+-]+|[a-z][a-z-]*\d[\w-]*)(?:[\s-](?:[A-Z][\w'^+-]*|v?\d[\w.]*))?"
# "A/B" written without spaces is a list of two as well ("on IWSLT14/WMT14").
_LIST_NEXT = regex.compile(
    r"(?:\s*\([^()]{0,30}\))?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|/(?=\S))(?:the\s+)?(" + _LIST_ITEM + ")"
)
_LIST_PREV = regex.compile(
    r"(?<![\w'^+.-])(" + _LIST_ITEM + r")(?:\s*\([^()]{0,30}\))?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|(?<=\S)/)(?:the\s+)?$"
)


# An edition after a slash ("DAVIS 2016/2017", "YouTube-VOS 2018/2019"), and the one it follows.
_EDITION_NEXT = regex.compile(r"/((?:19|20)\d\d|v\d+)\b")
_EDITION_TAIL = regex.compile(r"(?:(?<=[\s-])|(?<=[A-Za-z]))(?:(?:19|20)\d\d|v\d+)$")
_CLOSED_BY_AND = regex.compile(r"\s(?:and|or)\s+(?:the\s+)?$")
_AND_OR = regex.compile(r"\b(?:and|or)\b")


def _extend_lists(text: str, spans: list["Span"], lex: Lexicon) -> None:
    """A benchmark in a list ("A, B, and C") makes the other items of the list names too, known
    to the registry or not, before it as well as after it; not a name that is the subject of a
    result verb ("On X, FooNet achieves")."""
    taken = [(s.start, s.end) for s in spans]
    queue = [s for s in spans if s.kind == "bench"]
    list_prev = prefilter.end_guarded(_LIST_PREV)
    while queue:
        cur = queue.pop()
        edition = _EDITION_NEXT.match(text, cur.end) if text.startswith("/", cur.end) else None
        tail = _EDITION_TAIL.search(cur.surface) if edition else None
        if tail and not any(a < edition.end(1) and edition.start(1) < b for a, b in taken):
            # "DAVIS 2016/2017": the second edition of the same benchmark
            surface = cur.surface[: tail.start()] + edition.group(1)
            entry = registry.benchmarks().lookup(surface)
            spans.append(Span(edition.start(1), edition.end(1), surface, "bench", entry.id if entry else None))
            taken.append(edition.span(1))
            continue
        found = [_LIST_NEXT.match(text, cur.end), list_prev.search(text, max(0, cur.start - 60), cur.start)]
        if found[0] and _CLOSED_BY_AND.search(text, max(0, cur.start - 6), cur.start) and "," in text[cur.end : found[0].start(1)] \
                and not _AND_OR.search(text, cur.end, found[0].start(1)):
            found[0] = None  # "on A, B and C, FooNet ...": the list closed with "and C"
        for m in found:
            if not m:
                continue
            s, e = m.span(1)
            surface = m.group(1).rstrip(".-'")
            e = s + len(surface)
            if surface in lex.stopwords or surface.split()[0] in lex.stopwords or any(a < e and s < b for a, b in taken):
                continue
            if lex.result_verb_after.match(text, e):
                continue
            span = Span(s, e, surface, "bench", None)
            spans.append(span)
            taken.append((s, e))
            queue.append(span)


@lru_cache(maxsize=256)
def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]`` (between clause breaks); cached, since the benchmark,
    the metric and the qualifiers of a number each ask."""
    lo = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, start):
        lo = m.end()
    m = _CLAUSE_BREAK.search(text, end)
    hi = m.start() if m else len(text)
    return lo, hi
