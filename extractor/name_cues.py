"""What the words around a name say about it, for the paper's entity table: acronyms the text
defines for a plain noun phrase (a task or a quantity, never the method), and the words that stand
where a data set is named.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor import prefilter, registry
from extractor.entity_lexicon import lexicon

# "Trajectory Prediction (TP)", "out-of-distribution (OoD)": an acronym of a plain noun phrase
_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]*[A-Z][a-z]?)\)")
_WORDS_BEFORE = re.compile(r"\b((?:[A-Za-z][a-z-]*\s+){0,4}[A-Za-z][a-z-]*)\s*$")


@lru_cache(maxsize=64)
def concept_acronyms(text: str) -> frozenset[str]:
    """Acronyms the text defines for a plain noun phrase whose initials they are and whose head
    is no method noun: a task, a quantity or a field, which a recurring count would take for the
    method ("trajectory prediction (TP)"; not "a gated fusion network (GFN)")."""
    out = set()
    for b in _BRACKETED_ACRONYM.finditer(text) if "(" in text else ():
        m = _WORDS_BEFORE.search(text, max(0, b.start() - 80), b.start())  # the words right before the bracket
        if m is None:
            continue
        words, acro = m.group(1).lower().replace("-", " ").split(), b.group(1)
        letters = [c for c in acro if c.isupper()]
        if words and words[-1] in lexicon().method_nouns:
            continue
        if len(words) < len(letters):
            # "Immunohistochemistry (IHC)": one long word whose parts the letters begin
            if len(letters) > 1 and _letters_in_order(letters, words[-1]):
                out.add(acro)
            continue
        if [w[0].upper() for w in words[-len(letters):]] == letters:
            out.add(acro)
            if acro.endswith("s"):  # "Congenital Heart Diseases (CHDs)": "CHD detection" is the same concept
                out.add(acro[:-1])
    return frozenset(out)


def _letters_in_order(letters: list[str], word: str) -> bool:
    at = 0
    for c in (x.lower() for x in letters):
        at = word.find(c, at) + 1
        if at == 0:
            return False
    return word.startswith(letters[0].lower()) and len(word) >= 3 * len(letters)


_AFTER_PREP = re.compile(r"\b(?:on|On|in|over)\s+(?:the\s+)?([\w+-]+)")  # a dataset's place, not a method's
# A name its data-set noun follows, past a citation and two words: "LSMDC16 [17,18] movie dataset".
_BEFORE_DATA_NOUN = re.compile(r"\b([A-Z][\w+-]*)\s*(?:\[[\d,\s\u2013-]+\]\s*)?(?:[a-z]+\s+){0,2}(?:datasets?|benchmarks?|corpus|corpora|test[\s-]sets?)\b")
# A coordinated list of names: "PubTables, TableBank, NTable and PubLaynet".
_NAME_LIST = re.compile(r"[A-Z][\w+-]*(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)[A-Z][\w+-]*)+")
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def dataset_places(text: str) -> set[str]:
    """Words in a dataset's place: right after 'on', 'in' or 'over', and every item of a list that
    holds such a word or a registry benchmark (a method is not listed among datasets)."""
    places = set(_AFTER_PREP.findall(text))
    if prefilter.may_match(_BEFORE_DATA_NOUN, text):
        places.update(_BEFORE_DATA_NOUN.findall(text))
    for m in _NAME_LIST.finditer(text):
        items = _LIST_SPLIT.split(m.group())
        if any(w in places or registry.benchmarks().lookup(w) is not None for w in items):
            places.update(items)
    return places
