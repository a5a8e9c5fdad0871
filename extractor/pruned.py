"""A pattern that opens with a group of alternatives, searched without the alternatives that have no
match anywhere in the text at hand.

The standard library's engine finds a match quickly when it can skip to the characters a match may
start with; one alternative that opens with a look-behind (``(?<![\\w-])[a-z]-...``) or may start at
any lower-case letter makes it try the whole pattern at nearly every character. Such an alternative
rarely matches at all in a given text: when its own search finds nothing, the pattern less that
alternative finds exactly what the whole pattern finds there (an alternative that matches nowhere
never takes part in a match), and it skips through the text again.

Whether an alternative matches anywhere is asked of the ``regex`` engine, which finds a pattern that
opens with a look-behind by the literal pieces it needs: only on ASCII text without the control
characters the two engines' ``\\s`` read differently, where the two engines read an ASCII pattern
alike. Elsewhere every alternative is taken as alive.
"""

from __future__ import annotations

import re
import re._constants as _c

import regex

from extractor import edges, prefilter
from extractor.rules import _split_top, structure

_ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)


def _group_end(src: str) -> int:
    """The index of the ``)`` that closes the group ``src`` opens with, or -1."""
    return next((i for i, ch, depth in structure(src) if ch == ")" and depth == 0), -1)


def _control_space(text: str) -> bool:
    return "\x0b" in text or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text


class Pruned:
    """``finditer`` as the pattern's own, searching only the alternatives that may match."""

    __slots__ = ("pattern", "_alts", "_rest", "_witnesses", "_variants")

    def __init__(self, pattern: re.Pattern, alts: list[str], rest: str, witnesses: list[tuple[int, object]]) -> None:
        self.pattern, self._alts, self._rest, self._witnesses = pattern, alts, rest, witnesses
        self._variants: dict[tuple[int, ...], re.Pattern | None] = {(): pattern}

    def _variant(self, dead: tuple[int, ...]) -> re.Pattern | None:
        hit = self._variants.get(dead, False)
        if hit is False:
            alive = [a for i, a in enumerate(self._alts) if i not in dead]
            hit = re.compile("(?:" + "|".join(alive) + ")" + self._rest, self.pattern.flags) if alive else None
            self._variants[dead] = hit
        return hit

    def finditer(self, text: str):
        if not text.isascii() or _control_space(text):
            return self.pattern.finditer(text)
        dead = tuple(i for i, witness in self._witnesses if witness.search(text) is None)
        variant = self._variant(dead) if dead else self.pattern
        return iter(()) if variant is None else variant.finditer(text)


def _shape(items) -> list:
    out = []
    for op, av in getattr(items, "data", items):
        if hasattr(av, "data"):
            av = _shape(av)
        elif isinstance(av, (list, tuple)):
            av = [_shape(x) if hasattr(x, "data") else x for x in av]
        out.append((op, av))
    return out


def _build(pattern: re.Pattern) -> Pruned | None:
    src = pattern.pattern
    if not isinstance(src, str) or not src.startswith("(?:") or not src.isascii() or pattern.flags & ~(re.I | re.U):
        return None
    end = _group_end(src)
    alts = _split_top(src[3:end]) if end > 0 else None
    if not alts or len(alts) < 2:
        return None
    rest = src[end + 1:]
    if _split_top(rest) != [rest]:  # an alternation after the group: the group does not open every match
        return None
    try:
        whole = edges.parse_source(src, pattern.flags & re.I)
        head = whole.data[0]  # the parser reads a group that only groups as its alternatives
        if head[0] is _c.SUBPATTERN and head[1][0] is None and len(head[1][3].data) == 1:
            head = head[1][3].data[0]
        if head[0] is not _c.BRANCH or len(head[1][1]) != len(alts):
            return None
        witnesses = []
        for i, (alt, branch) in enumerate(zip(alts, head[1][1])):
            parsed = edges.parse_source(alt, pattern.flags & re.I)
            if _shape(parsed) != _shape(branch):
                return None
            # Only an alternative that opens with a look-around or anchor keeps the engine from
            # skipping to the characters a match can start with; one with a group stays (its
            # removal would renumber the groups after it).
            if parsed.data and parsed.data[0][0] in _ZERO_WIDTH and parsed.state.groups == 1:
                witnesses.append((i, regex.compile(alt, regex.I if pattern.flags & re.I else 0)))
    except Exception:  # noqa: BLE001 - a construct the parser does not read: no pruning
        return None
    return Pruned(pattern, alts, rest, witnesses) if witnesses else None


_MADE: dict[int, tuple[object, object]] = {}


def pruned(pattern: re.Pattern):
    """``pattern`` as a :class:`Pruned` (made once per pattern), or the pattern itself when it does
    not open with a group of alternatives one of which opens with a look-around or anchor, or when
    the prefilter is off (the reference path the tests compare with)."""
    if not prefilter.ENABLED:
        return pattern
    hit = _MADE.get(id(pattern))
    if hit is None or hit[0] is not pattern:
        hit = _MADE[id(pattern)] = (pattern, _build(pattern) or pattern)
    return hit[1]
