"""The characters a match can begin or end with, read off a pattern, so that a pattern tied to one
end of a text runs only where the text's character at that end can be the match's.

A rule's ``before`` pattern must end where its number starts, its ``after`` pattern must begin
where the number ends, and a lexicon pattern ending in ``$`` that is searched in a window must end
where the window ends. The last *visible* character of such a match (blanks — spaces, tabs, line
breaks — do not count) is then the last visible character of the text, unless the match is all
blanks. :func:`end_chars` gives the characters that can stand there, in lower case, or None when a
match can be all blanks or the pattern cannot be read; :func:`start_chars` the same for the first
visible character.

Only printable ASCII characters and the placeholders of the rule texts are told apart: a text
whose edge is anything else is never ruled out. Case is ignored whatever the flags say, and each
character counts with every case variant it has; look-arounds and anchors count as nothing; a
back-reference or a construct the standard library's parser does not read leaves the pattern
without a test. Each of these only lets more texts through, so a text ruled out surely holds no
match.
"""

from __future__ import annotations

import re._constants as _c  # the standard library's own pattern parser reads ours
import re._parser as _parser
import warnings
from functools import lru_cache

BLANKS = " \t\n\r\f\v"
# The characters told apart: printable ASCII and the rule texts' placeholders (see rules.py).
VISIBLE = frozenset(map(chr, range(33, 127))) | frozenset("\ue000\ue001\ue002\ue003")
_ALL = frozenset(ch.lower() for ch in VISIBLE)
_MULTILINE = 8  # re.M and regex.M alike
_VERBOSE = 64  # re.X and regex.X alike


class Unreadable(ValueError):
    """A pattern whose edge characters this module cannot tell."""


def _variants(ch: str) -> set[str]:
    """The visible characters ``ch`` stands for when case is ignored, in lower case."""
    out = set()
    for form in (ch, ch.lower(), ch.upper(), ch.casefold(), ch.swapcase()):
        out.update(x.lower() for x in form if x in VISIBLE)
    return out


_CATEGORIES = {
    _c.CATEGORY_DIGIT: str.isdecimal, _c.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdecimal(),
    _c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    _c.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
    _c.CATEGORY_SPACE: str.isspace, _c.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
}


def _in_class(items: list, ch: str) -> bool:
    negate = bool(items) and items[0][0] is _c.NEGATE
    for kind, value in items:
        if kind is _c.NEGATE:
            continue
        if kind is _c.LITERAL:
            hit = ch == chr(value)
        elif kind is _c.RANGE:
            hit = value[0] <= ord(ch) <= value[1]
        elif kind is _c.CATEGORY and value in _CATEGORIES:
            hit = _CATEGORIES[value](ch)
        else:
            raise Unreadable(f"class item {kind}")
        if hit:
            return not negate
    return negate


_CLASSES: dict[str, tuple[frozenset[str], bool]] = {}


def _class(items: list) -> tuple[frozenset[str], bool]:
    """The visible characters a class matches (in any case), and whether it matches a blank."""
    key = repr(items)
    hit = _CLASSES.get(key)
    if hit is None:
        chars = {ch.lower() for ch in VISIBLE if any(_in_class(items, v) for v in (ch, ch.lower(), ch.upper()))}
        if not (items and items[0][0] is _c.NEGATE):
            for kind, value in items:  # a character outside ASCII may stand for one inside it
                if kind is _c.LITERAL and value > 127:
                    chars |= _variants(chr(value))
                elif kind is _c.RANGE and value[1] > 127:
                    if value[1] - value[0] > 4096:
                        chars = set(_ALL)
                        break
                    for code in range(max(value[0], 128), value[1] + 1):
                        chars |= _variants(chr(code))
        hit = _CLASSES[key] = (frozenset(chars), any(_in_class(items, b) for b in BLANKS))
    return hit


def _node(op, av, from_end: bool) -> tuple[frozenset[str], bool]:
    """(edge characters, can be all blanks) of one parsed item."""
    if op is _c.LITERAL:
        ch = chr(av)
        return (frozenset(), True) if ch in BLANKS else (frozenset(_variants(ch)), False)
    if op in (_c.NOT_LITERAL, _c.ANY):
        return _ALL, True
    if op is _c.IN:
        return _class(av)
    if op is _c.BRANCH:
        chars, blank = set(), False
        for branch in av[1]:
            c, b = _edge(branch, from_end)
            chars |= c
            blank |= b
        return frozenset(chars), blank
    if op is _c.SUBPATTERN:
        return _edge(av[3], from_end)
    if op is _c.ATOMIC_GROUP:
        return _edge(av, from_end)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        lo, hi, body = av
        if hi == 0:
            return frozenset(), True
        chars, blank = _edge(body, from_end)
        return chars, blank or lo == 0
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):  # zero width
        return frozenset(), True
    raise Unreadable(f"{op}")


def _edge(items, from_end: bool) -> tuple[frozenset[str], bool]:
    chars: set[str] = set()
    items = getattr(items, "data", items)  # a parsed group: its list of items
    for op, av in (reversed(items) if from_end else items):
        c, blank = _node(op, av, from_end)
        chars |= c
        if not blank:
            return frozenset(chars), False
    return frozenset(chars), True


@lru_cache(maxsize=16)
def parse_source(src: str, flags: int = 0):
    """The standard library parser's reading of a pattern (the RE2 translation reads the same
    patterns: the last few are kept, so each is parsed once)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "possible nested set": read as regex's version 0 reads it
        return _parser.parse(src, flags)


def _parse(pattern) -> list:
    src, flags = pattern.pattern, pattern.flags
    if not isinstance(src, str) or "[[:" in src or _FUZZY in src:
        raise Unreadable("not a pattern the standard parser reads as its engine does")
    try:
        return parse_source(src, _c.SRE_FLAG_IGNORECASE | (flags & _VERBOSE)).data
    except Exception as exc:  # noqa: BLE001 - any construct the standard parser does not read
        raise Unreadable(str(exc)) from None


_FUZZY = "{e<"  # regex's fuzzy matching, which the standard parser would read as literal text


def _chars(pattern, from_end: bool) -> frozenset[str] | None:
    try:
        chars, blank = _edge(_parse(pattern), from_end)
    except Unreadable:
        return None
    return None if blank else chars


def end_chars(pattern) -> frozenset[str] | None:
    """The characters (lower case) the last visible character of any match of ``pattern`` is one
    of, or None when a match can be all blanks or the pattern cannot be read."""
    return _chars(pattern, True)


def start_chars(pattern) -> frozenset[str] | None:
    """As :func:`end_chars`, for the first visible character of a match."""
    return _chars(pattern, False)


def _ends_with_dollar(items) -> bool:
    for op, av in reversed(getattr(items, "data", items)):
        if op is _c.AT:
            if av in (_c.AT_END, _c.AT_END_STRING):
                return True
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.SUBPATTERN:
            return _ends_with_dollar(av[3])
        if op is _c.ATOMIC_GROUP:
            return _ends_with_dollar(av)
        if op is _c.BRANCH:
            return all(_ends_with_dollar(b) for b in av[1])
        return False
    return False


def sure_chars(pattern) -> frozenset[str]:
    """Characters any one of which, anywhere in a text, gives ``pattern`` a match there: those of a
    top-level alternative that is one character or one class of listed characters, and nothing
    else (a search of a text holding one of them surely finds a match)."""
    try:
        items = _parse(pattern)
    except Unreadable:
        return frozenset()
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is _c.BRANCH else [items]
    out: set[str] = set()
    for branch in branches:
        branch = getattr(branch, "data", branch)
        if len(branch) != 1:
            continue
        op, av = branch[0]
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.IN and all(kind is _c.LITERAL for kind, _ in av):
            out.update(chr(value) for _, value in av)
    return frozenset(out)


def last_visible(text: str, pos: int, end: int) -> str | None:
    """The last character of ``text[pos:end]`` that is not a blank, when it is one of ``VISIBLE``
    (in lower case); None otherwise."""
    i = end - 1
    while i >= pos and text[i] in BLANKS:
        i -= 1
    if i < pos:
        return None
    ch = text[i]
    return ch.lower() if ch in VISIBLE else None


def first_visible(text: str) -> str | None:
    """As :func:`last_visible`, for the first character of ``text``."""
    for ch in text:
        if ch not in BLANKS:
            return ch.lower() if ch in VISIBLE else None
    return None


def end_anchored(pattern) -> bool:
    """Whether every match of ``pattern`` ends with ``$``, and ``$`` means the end of the text
    searched (or a line break right before it): no multi-line flag."""
    if pattern.flags & _MULTILINE:
        return False
    try:
        return _ends_with_dollar(_parse(pattern))
    except Unreadable:
        return False


class EndGuarded:
    """An end-anchored pattern searched in a window only when the window's last visible character
    can end a match: ``search`` gives what the pattern's own ``search`` gives."""

    __slots__ = ("pattern", "chars")

    def __init__(self, pattern, chars: frozenset[str]) -> None:
        self.pattern, self.chars = pattern, chars

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        if 0 <= pos and 0 <= end <= len(text):
            # The match ends at the window's end, or before a line break there (also a blank).
            ch = last_visible(text, pos, end)
            if ch is not None and ch not in self.chars:
                return None
        return self.pattern.search(text, pos, end)


def end_guarded(pattern):
    """``pattern`` behind its end-character test when it is end-anchored, else the pattern itself."""
    chars = end_chars(pattern) if end_anchored(pattern) else None
    return pattern if chars is None else EndGuarded(pattern, chars)
