"""Where a title stops and its abstract starts, when a page ran them together on one line.

A listing page copied as text can give "M6: A Chinese Multimodal Pretrainer In this work, we
construct ...". Titles are mostly title-cased; an abstract's first sentence soon has a lowercase
content word ("this", "pretraining", "quadratic"). So:

1. Find the first word that could not stand in a title-cased title (lowercase, and not one of the
   small words titles keep lowercase: "for", "with", "and" ...).
2. The abstract starts at the capitalised word just before it ("In", "The", "Recently,", "MEGA"),
   moved back over a subject that runs up to a defined acronym ("Large Language Models (LLMs)")
   or an opening adverb ("Recently, Large ...").
3. If that leaves no title, or a title ending at its colon (a sentence-cased subtitle), look
   instead for a capitalised sentence opener ("In", "We", "The" ...) right after a lowercase word.
4. Failing both, everything is abstract and the title is empty: no text is lost.
"""

from __future__ import annotations

import re

# Words a title-cased title may keep lowercase.
SMALL_WORDS = frozenset(
    """a an the and or nor but for of in on at to by with via from into onto over as vs vs. versus
    per up than through without within across towards toward under upon using based only is are be
    not its their our your all de la le et von van der between among beyond about against after
    before during like when where while how what why do does can you we due than""".split()
)

# Capitalised words that often open an abstract's first sentence.
OPENERS = frozenset(
    """In The This These We Our A An To For With Although Though While Despite Recent Recently
    Existing Most Many Current Currently Large Deep Modern Traditional Traditionally Here As Since
    Given Over Nowadays Today However Previous Prior Such""".split()
)
# Openers that a title-cased title capitalises only as its first word or right after its colon.
STRONG_OPENERS = frozenset(
    """In The This These We Our A An Although Though While Despite Recently Nowadays Today However
    Existing Most Many Currently Here""".split()
)

# Labels that open a structured abstract.
SECTION_LABELS = frozenset("Background: Purpose: Objective: Objectives: Motivation: Context: Aims: Introduction:".split())

_STRIP = "\"'([{“‘"
_ACRONYM = re.compile(r"^\(([A-Z][A-Za-z0-9\-]*?)s?\)[,.;:]?$")
_ADVERB_OPENER = re.compile(r"^[A-Z][a-z]+ly,$")


def _core(word: str) -> str:
    return word.lstrip(_STRIP)


def is_capitalised(word: str) -> bool:
    core = _core(word)
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def _lowercase_content(word: str) -> bool:
    core = _core(word)
    return bool(core) and core[0].islower() and core.rstrip(",;.").lower() not in SMALL_WORDS


def _ends_title_part(word: str) -> bool:
    return word.endswith((":", "?", "!", "--")) or word in ("-", "--", "—")


def fits_title(word: str) -> bool:
    """Could `word` stand inside a title-cased title?"""
    core = _core(word)
    if not core or not core[0].isalpha():
        return True  # digits, dashes, symbols
    if core[0].isupper():
        return True
    if any(c.isupper() for c in core):  # "mPLMs", "xGen-MM-Vid", "iPhone"
        return True
    return core.rstrip(",:;.!?)]").lower() in SMALL_WORDS


def _back_over_subject(words: list[str], start: int) -> int:
    """Move the abstract's start back over "Large Language Models (LLMs)" or "Recently,"."""
    found = _ACRONYM.match(words[start])
    if found:
        letters = [c for c in found.group(1) if c.isupper()]
        for size in range(min(len(letters), start - 1), 0, -1):
            if _core(words[start - size])[:1].upper() == letters[0] and all(
                is_capitalised(w) for w in words[start - size : start]
            ):
                start -= size
                break
    if start >= 2 and (_ADVERB_OPENER.match(words[start - 1]) or words[start - 1] in OPENERS):
        start -= 1
    return start


def _back_over_repeat(words: list[str], start: int) -> int:
    """'Tree Cross Attention Cross Attention is ...': the abstract repeats the title's last words."""
    for size in (3, 2):
        at = start + 1 - size
        if at - size >= 1 and words[at : start + 1] == words[at - size : at]:
            return at
    return start


def _strong_start(words: list[str], end: int) -> int | None:
    """The first word before `end` that only an abstract would capitalise there."""
    for i in range(2, end):
        prev = words[i - 1]
        if words[i] in SECTION_LABELS:
            return i
        if words[i].rstrip(",") in STRONG_OPENERS and not _ends_title_part(prev) and _core(prev).lower() not in SMALL_WORDS:
            return i
    return None


def _title_case_split(words: list[str]) -> int | None:
    first_odd = next((i for i, w in enumerate(words) if i >= 1 and not fits_title(w)), None)
    if first_odd is None:
        return None
    strong = _strong_start(words, first_odd)
    if strong is not None:
        return strong
    start = first_odd - 1
    while start >= 1 and not is_capitalised(words[start]):
        start -= 1
    if start < 1:
        return None
    start = _back_over_repeat(words, _back_over_subject(words, start))
    if _ends_title_part(words[start - 1]):
        return None
    return start


def _sentence_case_split(words: list[str]) -> int | None:
    """For a sentence-cased title: a capitalised word right after a lowercase content word."""
    limit = min(len(words), 60)
    strong = _strong_start(words, limit)
    for i in range(2, strong if strong is not None else limit):
        if is_capitalised(words[i]) and _lowercase_content(words[i - 1]) and not _ends_title_part(words[i - 1]):
            return _back_over_subject(words, i)
    return strong


def split_title_abstract(text: str) -> tuple[str, str]:
    """Split "Title Abstract..." into (title, abstract); the abstract keeps its text as written."""
    text = text.strip()
    positions = [m.start() for m in re.finditer(r"\S+", text)]
    words = text.split()
    start = _title_case_split(words)
    if start is None:
        start = _sentence_case_split(words)
    if start is None:
        return "", text
    return " ".join(words[:start]), text[positions[start] :]
