"""Whether a score claim may rank on its board, and if not, why: checked when the board is built.

:func:`hold_reason` looks at one claim on its own (its value, unit, metric, model and the words
of its sentence around the number) and returns the reason it must not rank, or None:

* a value the metric cannot take: a percentage outside 0-100, a fraction metric above 1;
* a cost or a count on a result board: a cost metric (latency, parameters), or a unit of time,
  memory, money or quantity (15,000 GPU-hours is not an accuracy);
* a perfect 100% ("100% constraint satisfaction", "100% accuracy on the 15-item subset"): held
  and shown, since a whole benchmark's ceiling is nearly always a subset, a setting or another quantity;
* a bare 0 or 1 on a percentage metric: without a decimal there is no telling 1% from 100%
  (a footnote mark, "version 1.0", "1/10 of the parameters"), so it is never rescaled and never ranks;
* a range ("97--99%"), or a percentage on a metric that is never one (perplexity, FID);
* a hedged number ("near 100%", "about 90%", "~77%"), a bound ("less than 65%", "upper bound"), a
  change from another result ("1.3% error reduction over X"), a margin ("outperforms X by 1.48 FID"),
  a condition of another result ("even 90% correct knowledge yields only 41%"), a share of another
  result ("recovery of the target model's MMLU performance ... to 96.0%", "92% of the teacher's mIoU"),
  one its clause puts on other data ("and excels in a real-world MFC anode problem with 97% accuracy"),
  a part of another number ("2.45 of 2.92 PPL"), a count ("1 sampling step"), another quantity
  ("91.5% train accuracy"), a best of several attempts ("under pass@64"), or one said of many
  systems at once ("all models achieve", "existing methods reach up to 60%"): not one model's
  measured result;
* a number of a "respectively" sentence in another place of its list than its benchmark in the list
  of names ("86.49%, 92.56% and 93.37% on Synapse, ACDC and Kvasir, respectively": 93.37 is not Synapse's),
  or one whose benchmark is named only after it, in a clause of its own, another before it ("On
  Synapse, it achieves 86.11%, and on ACDC, 92.64%": 86.11 is not ACDC's);
* a row without a method's name: no model, "baseline" alone, a modality ("MRI"), the benchmark
  itself or another registry benchmark, a sentence fragment.

Checks that need the whole board (rescaling, outliers, flags, duplicate papers) are in the ranking
query of :mod:`extractor.boards`. Word lists come from ``data/boards.toml``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from extractor import registry
from extractor.board_keys import plain, rules
from extractor.board_parts import any_case, name_places, number_at, number_place
from extractor.prefilter import possible

if TYPE_CHECKING:
    from extractor.registry import Mention, Registry

_BARE_UNIT = re.compile(r"^[01](?:\.0+)?$")
_CLAUSE_CUT = re.compile(r"[;:]|,\s+(?:while|whereas|but|and|compared|in contrast|unlike)\b|\b(?:while|whereas|but)\b", re.I)
_OWN = re.compile(r"\b(?:we|our|ours|us)\b", re.I)
_RESULT_VERB = re.compile(
    r"\b(?:achiev(?:e[sd]?|ing)|reach(?:es|ed|ing)?|obtain(?:s|ed|ing)?|attaining|scor(?:e|es|ed|ing)|attain(?:s|ed)?|perform(?:s|ed)?|get|gets|"
    r"only|struggle[sd]?|fall|falls|remain(?:s|ed)?|saturate[sd]?|exceed(?:s|ed)?|surpass(?:es|ed)?|yield(?:s|ed)?|"
    r"show(?:s|ed)?|have|has|had|are|were|is|was)\b",
    re.I,
)
_RANGE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?\s*(?:\\?%)?\s*(?:-{1,2}|–|—|to)\s*\d")
_FUNCTION_WORDS = frozenset({"and", "or", "of", "for", "in", "on", "with", "the", "a", "an", "its", "their", "our", "by", "at", "to"})
_FRAGMENT = re.compile(r"^(?:the|a|an|our|this|that|these|which|we|it|its|with|by|on|of|in|for)\b", re.I)
_SIGNED = re.compile(r"[+\-−]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
_CLAUSE_END = re.compile(r"[;.](?:\s|$)|,\s+(?:while|whereas|but|and)\b")  # the end of the clause after a number


def _percent_metric(metric_id: str | None, unit: str | None) -> bool:
    if unit == "%":
        return True
    if metric_id is None:
        return False
    entry = registry.metrics().get(metric_id)
    return entry is not None and entry.scale == "percent"


def _lower_better(metric_id: str | None) -> bool:
    entry = registry.metrics().get(metric_id) if metric_id else None
    return entry is not None and entry.higher_is_better is False


def _unit_hint(metric_id: str | None) -> str | None:
    if metric_id is None:
        return None
    entry = registry.metrics().get(metric_id)
    return entry.unit_hint if entry is not None else None


def value_reason(claim: dict[str, Any], metric_id: str | None) -> str | None:
    """The reason the claim's value cannot be a result of its board's metric, or None."""
    r = rules()
    value, unit = claim.get("value"), claim.get("unit")
    if metric_id in r.cost_metrics:
        return f"a cost ({metric_id}), not a result"
    if unit and unit.lower() in r.cost_units and unit != _unit_hint(metric_id):
        return f"a cost or count ({unit}), not a result"
    if unit == "x":
        return "a multiple (x), not a result"
    if value is None:
        return None
    if claim.get("value_high") is not None or _RANGE.match(str(claim.get("value_text") or "")):
        return f"a range ({claim.get('value_text')}), not one value"
    if unit == "%" and metric_id in r.never_percent and not _SIGNED.match(str(claim.get("value_text") or "")):
        return f"a percentage is not a {metric_id}"
    if _percent_metric(metric_id, unit):
        if value < 0 or value > 100:
            return f"{value:g} is not a possible percentage"
        if unit is None and _BARE_UNIT.match(str(claim.get("value_text") or "")):
            return f"a bare {claim.get('value_text')}: cannot tell {value:g}% from {value * 100:g}%"
    if metric_id in r.fraction_metrics and value > 1 and unit != "%":
        return f"{value:g} is above 1, the most {metric_id} can be"
    return None


def _benchmarks_in(text: str) -> tuple[Mention, ...]:
    """The registry benchmarks ``text`` names (:meth:`extractor.registry.Registry.find`)."""
    return _found(registry.benchmarks(), text)


@lru_cache(maxsize=256)
def _found(names: Registry, text: str) -> tuple[Mention, ...]:
    """``names.find(text)``, remembered: a sentence is read for each of its claims, an abstract for
    each claim of the paper."""
    return tuple(names.find(text))


@lru_cache(maxsize=64)
def _right_after(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` right after a number, perhaps in brackets or past two words."""
    return re.compile(r"\s*(?:%|pts)?[\s(]*(?:[A-Za-z-]+\s+){0,2}?[(]?\s*(?:" + pattern.pattern + ")", pattern.flags)


def _next_to(pattern: re.Pattern, before: str, after: str) -> re.Match | None:
    """``pattern`` written right next to the number: just before it ("Pass@2 of 77.3%", "Pass@3 = 83%")
    or just after it, perhaps in brackets or past two words ("60.5% pass@4", "23.7% success rate (Pass@64)")."""
    found = _right_after(pattern).match(after)
    if found:
        return pattern.search(found.group(0))
    behind = None  # where the words that may stand between the pattern and the number begin, when needed
    for m in pattern.finditer(before, max(0, len(before) - 40)):
        behind = behind or re.search(r"(?:of|=|:|is|at)?\s*[$]?\s*$", before)
        if m.end() == behind.start() or not before[m.end():behind.start()].strip():
            return m
    return None


# One or two words between a number (or the last of a list of them) and "accuracy".
_WORDS_ACCURACY = re.compile(
    r"^\s*(?:%|pts)?(?:\s*(?:,|and|, and|or)\s*[+-]?\d+(?:\.\d+)?\s*(?:%|pts)?)*\s*((?:[A-Za-z][\w-]*\s+){1,2}?)accuracy\b", re.I)
# The same word before: "Core memory fact accuracy reaches 98.64%", "digit accuracy above 99.7%".
_ACCURACY_OF = re.compile(
    r"\b([A-Za-z][\w-]*)\s+accuracy\s+(?:of|is|was|reaches|reached|=|:|above|over|exceeding)\s*(?:about\s+|only\s+)?$", re.I)


def _sub_accuracy(after: str, claim: dict[str, Any], metric_id: str | None, before: str = "") -> str | None:
    """The words that make the number's accuracy a sub-measure ("99.89% cell accuracy", "97.5%
    adversarial refusal accuracy", "fact accuracy reaches 98.64%"), or None; words of the board's
    metric itself ("72.1% execution accuracy" on an execution-accuracy board), the benchmark's name
    and plain qualifiers ("zero-shot top-1") are not."""
    from extractor.board_defaults import metric_words

    m = _WORDS_ACCURACY.match(after) or _ACCURACY_OF.search(before[-80:])
    if m is None:
        return None
    words = m.group(1).split()
    if len(words) > 1 and any(w.lower() in _FUNCTION_WORDS for w in words):
        return None  # "64.4% and pixel accuracy of 86.1%": the accuracy is the next number's
    def plain(word: str) -> bool:
        low = word.lower()
        return (low in rules().plain_accuracy_words or bool(re.search(r"\d", word))
                or all(part in metric_words(metric_id) for part in low.split("-"))
                or low == (claim.get("benchmark") or "").lower() or registry.benchmarks().lookup(word) is not None)

    # One word qualifies unless it is plain; of two, each must be another quantity's ("adversarial
    # refusal accuracy"), since one plain word often names the protocol ("zero-shot transfer accuracy").
    odd = [w for w in words if not plain(w)]
    return " ".join(words) if odd and len(odd) == len(words) else None


def _later_in_clause(pattern: re.Pattern, after: str) -> re.Match | None:
    """``pattern`` further on in the number's clause with no other number before it
    ("97.09% accuracy on GAIA text-based tasks under pass@64")."""
    clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    found = pattern.search(clause)
    if found and not re.search(r"\d", clause[: found.start()].lstrip(" %")):
        return found
    return None


@cache
def _statement_patterns() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """The board rules' patterns :func:`statement_reason` reads, by the text they read: the words
    before the number, those after it, the number's clause. Each group is one prefilter scan of its
    text (:func:`extractor.prefilter.possible`), which rules out most of them at once: a number's
    words seldom hedge it or say it is a bound, a change or another quantity."""
    r = rules()
    return ((r.hedge_before, r.bound_before, r.margin_before, r.part_before, r.relative_before, r.elsewhere_before),
            (r.bound_after, r.count_after, r.qualified_after, r.change_after, r.condition_after, r.relative_after),
            (r.ceiling_of_others, r.collective))


def statement_reason(claim: dict[str, Any], metric_id: str | None = None) -> str | None:
    """The reason the sentence does not state this number as one model's result, or None."""
    r = rules()
    sentence = claim.get("sentence") or ""
    at = number_at(sentence, str(claim.get("value_text") or ""))
    if at < 0:
        return None
    before = plain(sentence[:at])
    after = plain(sentence[at + len(str(claim.get("value_text") or "")):])
    near = before[-240:]  # the "before" patterns end at the number: a long sentence's start says nothing
    before_groups, after_groups, clause_groups = _statement_patterns()
    near_may, after_may = possible(before_groups, near), possible(after_groups, after)
    # (pattern, the text it reads, the patterns that may match there, the reason made from its match), first match wins
    checks = [
        (r.hedge_before, near, near_may, lambda m: f"hedged: '{m.group(0).strip()}' a number"),
        (r.bound_before, near, near_may, lambda m: f"a bound ('{m.group(0).strip()}'), not a measured value"),
        (r.margin_before, near, near_may, lambda m: "a margin over another result ('by'), not a score"),
        (r.part_before, near, near_may, lambda m: f"a part of another number ('{m.group(0).strip()}'), not a score"),
        (r.bound_after, after, after_may,
         lambda m: f"a bound ('{re.search(r'upper[- ]bounds?|oracle', m.group(0), re.I).group(0)}'), not a measured value"),
        (r.count_after, "" if claim.get("unit") else after, after_may, lambda m: f"a count ('{m.group(0).strip()}'), not a score"),
        (r.qualified_after, after, after_may, lambda m: f"another quantity ('{' '.join(m.group(0).split()[-2:])}'), not the board's"),
        (r.change_after, after, after_may, lambda m: f"a change ('{' '.join(m.group(0).split()[-2:])}'), not a score"),
        (r.condition_after, after, after_may,
         lambda m: f"a condition of another result ('{m.group(0).strip().lstrip('%').strip()}'), not a score"),
        (r.relative_before, near, near_may, lambda m: f"relative to another result ('{' '.join(m.group(0).split()[:2])}'), not a score"),
        (r.relative_after, after, after_may, lambda m: f"a share of another result ('{m.group(0).strip().lstrip('%').strip()}'), not a score"),
    ]
    for pattern, text, may, reason in checks:
        found = pattern.search(text) if text and pattern in may else None
        if found:
            return reason(found)
    elsewhere = r.elsewhere_before.search(near) if r.elsewhere_before in near_may else None
    if elsewhere and not _names_benchmark(claim, elsewhere.group(0)):
        return f"on other data ('{' '.join(elsewhere.group(0).split()[:4])} ...'), not the benchmark"
    sub = _sub_accuracy(after, claim, metric_id, before)
    if sub:
        return f"a qualified accuracy ('{sub} accuracy'), another quantity than the board's"
    if _SIGNED.match(str(claim.get("value_text") or "")) and claim.get("unit") in ("%", "pts"):
        return "a signed percentage is a change, not a score"
    attempts = _next_to(r.several_attempts, before, after) or _later_in_clause(r.several_attempts, after)
    if attempts:
        return f"a best of several attempts ('{attempts.group(0)}'), not one attempt"
    cuts = list(_CLAUSE_CUT.finditer(before))
    clause = before[cuts[-1].end() :] if cuts else before
    clause_may = possible(clause_groups, clause)
    if r.ceiling_of_others in clause_may and r.ceiling_of_others.search(clause) and not _OWN.search(clause):
        return "a ceiling of other systems ('up to')"
    many = None
    for many in r.collective.finditer(clause) if r.collective in clause_may else ():
        pass
    if many is not None:
        between = clause[many.end() :]
        model = (claim.get("model") or "").strip()
        named_after = bool(model) and model.lower() in between.lower()
        if not _OWN.search(between) and not named_after and _RESULT_VERB.search(between):
            return f"said of many systems ('{many.group(0)}')"
    return None


def model_reason(claim: dict[str, Any]) -> str | None:
    """The reason the row's model is not a method's name, or None."""
    r = rules()
    model = " ".join((claim.get("model") or "").split())
    if not model or model.lower() in r.unnamed:
        return "no model named"
    low = model.lower()
    if low in r.not_methods:
        return f"'{model}' is not a method"
    squashed = _NOT_ALNUM.sub("", low)
    for name in (claim.get("benchmark"), claim.get("benchmark_id")):
        if name and _NOT_ALNUM.sub("", name.lower()) == squashed:
            return f"'{model}' is the benchmark"
    if registry.benchmarks().lookup(model) is not None:
        return f"'{model}' is a benchmark"
    words = model.split()
    if len(words) > 5 or (len(words) > 1 and _FRAGMENT.match(model) and not re.search(r"[A-Z0-9]", model)):
        return f"'{model}' is not a method name"
    if words[-1].lower() in r.collective_heads and not re.search(r"[0-9]|[A-Z].*[A-Z]|-[A-Z]", " ".join(words[:-1])):
        return f"'{model}' describes systems, it names none"
    return None


def _names_benchmark(claim: dict[str, Any], text: str) -> bool:
    text = plain(text)  # "AIME~24" is "AIME 24"
    surface = (claim.get("benchmark") or "").lower()
    if surface and surface in text.lower():
        return True
    bench_id = claim.get("benchmark_id")
    return bool(bench_id) and any(m.entry.id == bench_id for m in _benchmarks_in(text))


def attribution_reason(claim: dict[str, Any]) -> str | None:
    """The reason the board rests on too little evidence, or None: a number whose sentence names
    neither its benchmark nor its metric got both from elsewhere in the abstract ("reaches 99%"); one
    whose sentence does not name its benchmark got it from an abstract that names it, before this
    sentence (or in the title), only in another role ("COCO-format annotations", "a COCO-pretrained
    baseline") or not at all (a data set the abstract turns to afterwards: "Additionally, we assessed
    it on COCO"), unless it is the paper's own benchmark ("we introduce LogiOR, a new benchmark"). An
    abstract that does not name the benchmark at all says nothing either way."""
    sentence = claim.get("sentence") or ""
    if _names_benchmark(claim, sentence):
        return None
    if not claim.get("metric_id") and not _found(registry.metrics(), sentence):
        return "neither the benchmark nor the metric is named in the sentence"
    abstract = claim.get("abstract") or ""
    at = abstract.find(sentence[:80]) if abstract and sentence else -1
    if at < 0:
        return None
    before = f"{claim.get('paper_title') or ''}\n{abstract[:at]}"
    if any(_as_data(before, m) for m in _mentions_of(claim, before)):
        return None
    later = _mentions_of(claim, abstract)
    if not later or any(rules().introduced_before.search(abstract[max(0, m[0] - 60):m[0]]) for m in later):
        return None  # named nowhere (nothing to judge by), or the paper's own benchmark presented after its results
    return f"its benchmark ({claim.get('benchmark')}) is not named as the data before this sentence"


def _mentions_of(claim: dict[str, Any], text: str) -> list[tuple[int, int]]:
    """Where ``text`` names the claim's benchmark: its surface form, or any name of its registry entry."""
    spans = [(m.start(), m.end()) for m in any_case(claim.get("benchmark") or "\0").finditer(text)]
    bench_id = claim.get("benchmark_id")
    if bench_id:
        spans += [(m.start, m.end) for m in _benchmarks_in(text) if m.entry.id == bench_id]
    return spans


def _as_data(text: str, span: tuple[int, int]) -> bool:
    """Whether the mention at ``span`` names a data set evaluated on, not a format, a pre-training set
    or another role ("COCO-format ground truth", "a COCO-pretrained baseline", "pre-trained on ImageNet")."""
    start, end = span
    return not (rules().other_role_after.match(text, end) or rules().other_role_before.search(text[max(0, start - 40):start]))


_NEW_CLAUSE = re.compile(r"(?:,\s*and|;|,\s*while|,\s*whereas|,\s*but)\s+(?![\d.]+\s*%?\s*(?:on|in|for)\b)", re.I)


def clause_reason(claim: dict[str, Any]) -> str | None:
    """The reason a number belongs to another benchmark of its sentence, or None: its own benchmark is
    named only after it, in a clause of its own, and another benchmark is named before it ("on
    Cityscapes, e.g., 130 FPS/78.5% mIoU and 180 FPS/70.1% mIoU, and leading performance on ADE20K as
    well": 70.1 is Cityscapes')."""
    sentence = plain(claim.get("sentence") or "")
    value_text = plain(str(claim.get("value_text") or ""))
    at = number_at(sentence, value_text)
    bench_id = claim.get("benchmark_id")
    if at < 0 or not bench_id:
        return None
    mentions = _benchmarks_in(sentence)
    own = [m for m in mentions if m.entry.id == bench_id]
    others = [m for m in mentions if m.entry.id != bench_id and m.end <= at]
    if not own or not others or any(m.start < at for m in own):
        return None
    if not _NEW_CLAUSE.search(sentence, at + len(value_text), own[0].start):
        return None
    return f"named after it in a clause of its own; {others[-1].surface} is its benchmark"


def pairing_reason(claim: dict[str, Any]) -> str | None:
    """The reason a number of a "respectively" sentence is not its benchmark's, or None: it is in
    another place of its list of numbers than the benchmark in its list of as many names ("86.49%,
    92.56%, 93.37% and 92.98% on the Synapse, ACDC, Kvasir and ISIC2017 datasets, respectively":
    only the first is Synapse's). A value written twice may be either of its places."""
    sentence = claim.get("sentence") or ""
    value_text = str(claim.get("value_text") or "")
    if not value_text or "respectively" not in sentence.lower():
        return None
    spots = name_places(sentence, claim.get("benchmark") or "")
    wrong = None
    for at in _occurrences(sentence, value_text):
        place, count = number_place(sentence, at, value_text)
        lists = [spot for spot, names in spots if names == count]
        if count < 2 or not lists or place in lists:
            return None
        wrong = wrong or (place, count)
    if wrong is None:
        return None
    return f"number {wrong[0] + 1} of {wrong[1]} is paired with name {wrong[0] + 1} of its list, not {claim.get('benchmark')}"


def _occurrences(sentence: str, value_text: str):
    """Offsets of each stand-alone occurrence of ``value_text`` in ``sentence``."""
    offset = 0
    at = number_at(sentence, value_text)
    while at >= 0:
        yield offset + at
        offset += at + len(value_text)
        at = number_at(sentence[offset:], value_text)


def perfect_reason(claim: dict[str, Any], metric_id: str | None) -> str | None:
    """The reason a perfect score does not rank, or None (read after the sentence's own reasons)."""
    if claim.get("value") == 100 and claim.get("unit") == "%" and claim.get("higher_is_better") is not False \
            and not _lower_better(metric_id):
        return "a perfect 100%: the metric's ceiling, seldom one model's result on the whole benchmark"
    return None


def hold_reason(claim: dict[str, Any], metric_id: str | None) -> str | None:
    """The first reason the claim may not rank on a board of ``metric_id``, or None."""
    return (value_reason(claim, metric_id) or pairing_reason(claim) or clause_reason(claim) or statement_reason(claim, metric_id)
            or perfect_reason(claim, metric_id)
            or attribution_reason(claim) or model_reason(claim))
