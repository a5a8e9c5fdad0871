"""Models: which system a claimed number belongs to, within its sentence and its paper.

A baseline named at its bracketed or possessive score, the previous best where a change starts,
the subject of the result verb before the number (paired in order with a list of numbers
"respectively"), else the paper's own method from its entity table. Words and patterns are the
``[method]`` section of ``data/attribution.toml``, loaded by :mod:`extractor.attribution`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from extractor import prefilter, registry
from extractor.attribution import EntityTable, clause_bounds, lexicon
from extractor.entities import is_model_family

if TYPE_CHECKING:
    from extractor.claims import Decision, Sentence


# A word the benchmark lexicon stops ("LSTM", "CNN") names the system when a model noun follows it.
_MODEL_NOUN = regex.compile(r"\s+(?:model|network|classifier|architecture|baseline|system)s?\b")
# Rules whose number is the rival's in a comparison, and the rival named after it ("for X").
_RIVAL_RULES = frozenset({"score-compared-for", "score-versus-paren", "score-versus-second", "score-paren-versus-second",
                          "score-number-baseline", "score-the-number-of-system"})
_VERSUS_FIRST = frozenset({"score-versus-first", "score-paren-versus-first"})
# Brackets that name whose number is inside: "(AppAgent: 17.7%)", "(current SOTA is 0.86)".
_BRACKET_OWNER = {
    "score-rival-label-paren": regex.compile(r"\(\s*([A-Z][\w.+-]*(?:\s+[\w.+-]+){0,2}?)\s*:\s*[^()\d]{0,20}$"),
    "score-record-paren": regex.compile(r"\(\s*(?:the\s+)?((?:current|previous|prior|former|earlier|existing|best)\s+"
                                        r"(?:SOTA|state[\s-]of[\s-]the[\s-]art|best|record|result))", regex.I),
}
_RIVAL_GROUPS = (2, 3)  # the groups of baseline_paren that name a rival after a word of comparing
_VERSUS_SECOND = frozenset({"score-versus-second", "score-paren-versus-second", "score-versus-paren"})
# A rival named after a word of comparing: "better results than LLaVA", "outperforms Qwen2.5-VL-7B".
_RIVAL_BEFORE = regex.compile(r"\b(?:than|over|outperform\w*|outscor\w*|surpass\w*|beat\w*|compared\s+(?:to|with))\s+(?:the\s+)?([A-Z][\w.+-]*(?:[\s-][A-Z0-9][\w.+-]*)?)")
# A plain capitalised word before a result verb, a subject when it names a model family ("Qwen achieved").
_FAMILY_SUBJECT = regex.compile(r"(?<![\w.+-])([A-Z][a-zA-Z]+)\s+(?:also\s+|even\s+|only\s+)?(?:achiev|reach|obtain|attain|outperform|surpass|improv|yield|scor|gain|lead|hit|record)\w*\b")
# A model named right after its number: "by 1.65 points for Claude", "51.7% for GPT-4o".
_FOR_MODEL = regex.compile(r"\s*(?:%|points?|pp|pts|percentage\s+points)?\s+for\s+([A-Z][\w.+-]*[\w+])(?![\w+-]|\.\w|\s+\d)(?<!-based)")
# "GPT-4o scores 73.5% and Humans-Junior 72.7%": a coded name right before a number joined on to
# a result is that number's system (the verb is left out, as in any such list).
_NAME_THEN_NUMBER = regex.compile(r"(?:,|\band|\bwhile|\bwhereas)\s+([A-Z][\w.+]*(?:-[\w.+]+)*)\s+[+]?$")
_CODED_NAME = regex.compile(r"\d|-|[a-z][A-Z]|[A-Z]{2}")
_ARTICLE = regex.compile(r"^(?:[Tt]he|[Aa]n?)\s+")
_CLAUSE_TURN = regex.compile(r";|,\s+(?:while|whereas|but)\b|\bwhile\b|\bwhereas\b")
_STATE_OF_ART = regex.compile(r"state|SOTA", regex.I)
_NEW_CLAUSE = regex.compile(r";|,\s+(?:and|while|whereas|but)\b|\b(?:while|whereas|but)\b")
_JOINED_LAST = regex.compile(r"\s(?:and|&)\s+(?:the\s+)?$")
_PRIOR_WORDS = regex.compile(r"(?:previous|prior|former)\s", regex.I)
_FOR_RIVAL = regex.compile(r"\s*%?(?:\s*,?\s*(?:and\s+)?\d[\d.]*\s*%?){0,3}\s+(?:for|(?:achieved|obtained|reached|reported)\s+by)\s+(?:the\s+|a\s+|an\s+)?([^,;()]{2,60}?)(?=\s*[,;()]|\.(?:\s|$)|\s+(?:and|while|which|on|in|at|with|when)\b|\s*$)")
# A rival's number in brackets after a comparison word and a tally: "versus 52/90 (".
_VERSUS_BRACKET = regex.compile(r"\b(?:versus|vs\.?|compared\s+(?:to|with)|against)\s+(?:\d+\s*/\s*\d+\s*)?\(\s*[^()]{0,12}$")
# Who the start of a change belongs to, named between it and its "to".
_START_OWNER = regex.compile(r"\s*%?\s+for\s+(?:the\s+|a\s+|an\s+)?((?!\d)[^,;()]{2,60}?)\s+to\s+(?:\S+\s+)?\d")
# ... or in brackets right after it: "improves from 0.1797 (HARP) to 0.1524", "from 312.85 (native) to 13.69".
_START_BRACKET = regex.compile(r"\s*%?\s*\(\s*((?:[A-Z][\w.+-]*|[a-z][\w-]*)(?:[\s-][A-Za-z][\w.+-]*){0,2})\s*\)\s*(?:to|->|→)\s")
# A name listed before another, as in "A, B, and C achieve": read backwards from the next one.
# (an adverb opening the sentence, "Notably, M2P achieves", or a place, "On Vision-Flan, CVS", is no item)
_PREV_LISTED = regex.compile(r"(?<![\w.+-])(?<!\b(?:[Oo]n|[Ii]n|[Aa]t|[Ff]or)\s)(?![A-Z][a-z]+ly\b)([A-Z][\w.+-]*)\s*(?:,\s*(?:and\s+)?|\s+and\s+)$")


def _in_a_name(sent: "Sentence", start: int, end: int) -> bool:
    """Whether ``sent.text[start:end]`` overlaps a benchmark or metric name of the sentence."""
    return any(sp.start < end and start < sp.end for sp in sent.names)


def _listed_with(text: str, end: int, name: str) -> list[str]:
    """The coordinated names that end with ``name`` (which ends at ``end``): ["A", "B", "C"]."""
    names, at = [name], end - len(name)
    while len(names) < 12 and (m := _PREV_LISTED.search(text, max(0, at - 60), at)) is not None:
        names.insert(0, m.group(1))
        at = m.start()
    return names


def _prior_best(sent: "Sentence", end: int) -> str | None:
    """The earlier best result a number is set against, as the sentence says it ("previous SOTA",
    "prior best"), in the clause of the number; "improves the state of the art from 73.9% to 76.4%"
    starts from the previous state of the art."""
    prior = None
    for prior in lexicon().previous_best.finditer(sent.text, 0, end):
        pass  # the last one before the number: "a new state-of-the-art ..., surpassing the previous best score of"
    if prior is None or _NEW_CLAUSE.search(sent.text, prior.end(), end):
        return None  # "outperforms previous SOTA (85.6% vs. 80.9%), and the gap to humans (90.6% vs. 92.1%)"
    if _PRIOR_WORDS.match(prior.group()):
        return prior.group()
    return "previous state of the art" if _STATE_OF_ART.search(prior.group()) else "previous best"


def model_for(sent: "Sentence", decision: "Decision", members: list[int], table: EntityTable | None,
              pos: int = 0, respectively: bool = False) -> str | None:
    """A baseline's name for a baseline's number ("BaseNet (61.2%)", "BaseNet's 61.2%"), "previous
    best" for where a gain started from; else the nearest subject of a result verb before the
    number, paired in order when several subjects share a list of numbers "respectively"; else the
    paper's method (worked out by ``table`` only when needed)."""
    lex = lexicon()
    first = sent.numbers[members[0]]
    owner = _BRACKET_OWNER.get(decision.rule.id) if decision.rule is not None and decision.via is None else None
    if owner is not None and (m := owner.search(sent.text, max(0, first.start - 60), first.start)):
        return m.group(1)
    lo = max(0, first.start - 160)  # wide enough for "surpassing A (x, y) and B (" ending here
    pats = (lex.baseline_paren, lex.baseline_possessive)
    # The first of a pair after a rival is the subject's: "outperformed human writers (2.11 vs. 1.85)".
    paper_first = decision.rule is not None and decision.rule.id in _VERSUS_FIRST
    if decision.rule is not None and decision.rule.kind == "score" and not paper_first:
        pats = (*pats, lex.rival_paren)  # a rival named in words: "outperforming the scripted baselines ("
    for pat in pats:
        m = prefilter.guarded(pat).search(sent.text, lo, first.start)
        g = next((i for i in range(1, (m.re.groups if m else 0) + 1) if m.group(i)), None)
        if paper_first and pat is lex.baseline_paren and g in _RIVAL_GROUPS:
            continue
        # "F1 (0.92)": a metric or benchmark before the bracket is not a baseline.
        if g and not _in_a_name(sent, m.start(g), m.end(g)):
            return m.group(g)
    if decision.rule is not None and decision.rule.kind == "score":
        m = lex.reference_before.search(sent.text, max(0, first.start - 70), first.start)
        if m:
            return m.group(1)
    tally = _VERSUS_BRACKET.search(sent.text, max(0, first.start - 30), first.start)
    if tally and decision.rule is not None and decision.rule.kind == "score":
        # "versus 283/492 (57.5%) for initial clinical assessments": the rival is named after the bracket
        close = sent.text.find(")", first.end)
        m = _FOR_RIVAL.match(sent.text, close + 1) if close >= 0 else None
        if m:
            return m.group(1)
    if decision.rule is not None and decision.rule.id in _RIVAL_RULES:
        # "compared to 66% for the strongest baseline", "(vs. 6.06)": the rival's number
        num = sent.numbers[members[pos]]
        m = _FOR_RIVAL.match(sent.text, num.end)
        if m:
            return m.group(1)
        if decision.rule.id in _VERSUS_SECOND:
            # "better results than LLaVA on most benchmarks, e.g., MM-Vet (40.2 vs. 35.4)": the rival
            # the sentence compares with, named before
            rivals = [r for r in _RIVAL_BEFORE.finditer(sent.text, 0, first.start)
                      if not _in_a_name(sent, r.start(1), r.end(1))]
            if rivals:
                return rivals[-1].group(1)
            # "outperforms previous SOTA by 4.7% (85.6% vs. 80.9%)"
            return _prior_best(sent, first.start) or "baseline"
        return "baseline"
    if decision.rule is not None and decision.rule.id in ("score-from-to", "score-chain-from", "score-reference-of",
                                                          "score-arrow-start", "score-name-paren-change-start"):
        m = lex.changed_system.search(sent.text, max(0, first.start - 80), first.start)
        g = (1 if m.group(1) else 2) if m else 0
        if m and not _in_a_name(sent, m.start(g), m.end(g)):
            return m.group(g)
        m = _START_OWNER.match(sent.text, first.end) or _START_BRACKET.match(sent.text, first.end)
        if m and not _in_a_name(sent, m.start(1), m.end(1)):
            return m.group(1)  # "from 0.696 for the strongest NL-derived baseline to 0.776", "from 0.1797 (HARP) to"
        return _prior_best(sent, first.start) or "baseline"
    num = sent.numbers[members[pos]]
    m = _NAME_THEN_NUMBER.search(sent.text, max(0, num.start - 40), num.start)
    if (m and decision.via is not None and _CODED_NAME.search(m.group(1)) and not _in_a_name(sent, m.start(1), m.end(1))
            and registry.metrics().lookup(m.group(1)) is None):
        return m.group(1)
    m = _FOR_MODEL.match(sent.text, sent.numbers[members[pos]].end)
    if m and not _in_a_name(sent, m.start(1), m.end(1)) and (is_model_family(m.group(1)) or any(c.isdigit() for c in m.group(1))):
        return m.group(1)  # "lifts accuracy by 1.65 points for Claude and 9.25 points for GPT-5"
    if "," in sent.text[:first.start]:
        # "The best-performing model, Mask R-CNN with a ResNet-101 backbone, achieved 84.23%"
        m = prefilter.guarded(lex.apposed_subject).search(sent.text, 0, first.start)
        # only for numbers of its own clause: "..., while the second-best X reached 39.9%" is X's
        if m and not _in_a_name(sent, m.start(1), m.end(1)) and not _CLAUSE_TURN.search(sent.text, m.end(), first.start):
            return m.group(1)
    if sent.subjects is None:
        # Every subject of the sentence, found once: (end, name), in order.
        # A subject that holds a benchmark or metric name, or ends in one ("Stuff-PQ improved"),
        # is not a system.
        found = lex.subject.finditer(sent.text) if prefilter.may_match(lex.subject, sent.text) else ()
        sent.subjects = [(m.end(1), m.group(1)) for m in found
                         if m.group(1).lower().startswith("our ") or (
                             (m.group(1) not in lex.stopwords or _MODEL_NOUN.match(sent.text, m.end(1)))
                             and not _in_a_name(sent, m.start(1), m.end(1))
                             and registry.metrics().lookup(m.group(1).rsplit("-", 1)[-1]) is None)]
        # "while Qwen achieved a 5% increase": a model family's plain name is a subject too
        taken = {end for end, _ in sent.subjects}
        families = [(m.end(1), m.group(1)) for m in _FAMILY_SUBJECT.finditer(sent.text)
                    if m.end(1) not in taken and is_model_family(m.group(1)) and not _in_a_name(sent, m.start(1), m.end(1))]
        if families:
            sent.subjects = sorted(sent.subjects + families)
    nearest, nearest_end = None, 0
    for end, name in sent.subjects:
        if end > first.start:
            break
        nearest, nearest_end = name, end
    if nearest is not None and len(members) > 1:
        # As many joined subjects as numbers pair in order: with "respectively", or when "and"
        # joins the last of them ("A and B achieve x and y"; "On A, B and C, D outperforms" is one)
        listed = _listed_with(sent.text, nearest_end, nearest)
        if len(listed) == len(members) and (respectively or (
                _JOINED_LAST.search(sent.text, max(0, nearest_end - len(nearest) - 6), nearest_end - len(nearest))
                and not sent.text.startswith(",", nearest_end))):  # "Across A, B and C, FooNet improves"
            return listed[pos]
    if nearest is not None:
        return nearest[4:] if nearest.lower().startswith("our ") else nearest
    lo, _ = clause_bounds(sent.text, first.start, first.end)
    guard = prefilter.guarded(lex.described_subject)  # most clauses describe no group of systems
    if guard is not lex.described_subject and guard.rules_out(sent.text, lo, first.start):
        described = []
    else:
        described = [m for m in lex.described_subject.finditer(sent.text, lo, first.start)
                     if not _in_a_name(sent, m.start(1), m.end(1))]
    if described:
        # "domain experts reach 65% accuracy": theirs, not the paper's method
        return _ARTICLE.sub("", described[-1].group(1))
    return table.method if table is not None else None
