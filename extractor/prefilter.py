"""An RE2 prefilter in front of the claim rules: one scan of each context rules out the rules that
cannot fire there, and ``regex`` confirms every rule that is left, so what fires is unchanged.

Each rule pattern is translated into a *relaxation* of itself that RE2 can run: look-arounds are
dropped, atomic groups and possessive quantifiers become plain ones, ``$`` is dropped (``regex``
also lets it match before a final newline). Each of those only ever lets more text match, so the
relaxed pattern matches wherever the rule's own does (its examples are tested for it). Rules
compile with ``regex.ASCII``, where classes mean what they mean in RE2, except that ``\\s`` also
matches a vertical tab: a context holding one is not prefiltered. A pattern that does not
translate has no prefilter and is always run.

The relaxed ``before`` and ``after`` patterns go through RE2's filter: the literal pieces each
pattern needs (its atoms) are looked for in one scan of the context, and only the rules whose atoms
are all there run. (As whole automata these patterns cost more to build than they save on text
never seen before; ``needs`` patterns, few and cheap, run unfiltered.) A sentence-wide pattern and
single lexicon patterns (:func:`guarded`) are whole automata. An automaton or filter that cannot
answer (out of memory) is told apart from "no match" by an always-matching canary, and then every
pattern runs.
"""

from __future__ import annotations

import re._constants as _c  # the standard library's own pattern parser reads ours
from dataclasses import dataclass

import regex

from extractor import edges

try:  # the prefilter is a speed-up only: without RE2 every rule runs as before
    import re2
    from re2 import _re2
except ImportError:  # pragma: no cover - google-re2 is a dependency
    re2 = _re2 = None

# The memory each automaton may take (RE2 allocates it as states are built). Under ~4 MB the
# automata of the rule contexts rebuild so often the prefilter saves nothing; 8 MB costs ~9 MB a process.
MAX_MEM = 8 << 20
ENABLED = True  # off: every rule runs on every context (the reference path the tests compare with)


class Untranslatable(ValueError):
    """A pattern with a construct the translation does not carry over."""


_CATEGORIES = {
    _c.CATEGORY_DIGIT: "\\d", _c.CATEGORY_NOT_DIGIT: "\\D", _c.CATEGORY_SPACE: "\\s",
    _c.CATEGORY_NOT_SPACE: "\\S", _c.CATEGORY_WORD: "\\w", _c.CATEGORY_NOT_WORD: "\\W",
}
_FLAGS = {_c.SRE_FLAG_IGNORECASE: "i", _c.SRE_FLAG_DOTALL: "s"}


def _char(code: int) -> str:
    return "\\x{%x}" % code


def _flags(bits: int) -> str:
    out = ""
    for flag, letter in _FLAGS.items():
        if bits & flag:
            out += letter
            bits &= ~flag
    if bits:  # verbose is already read by the parser; anything else changes meaning in RE2
        if bits & ~_c.SRE_FLAG_VERBOSE:
            raise Untranslatable(f"flags {bits}")
    return out


def _emit(items) -> str:
    return "".join(_emit_one(op, av) for op, av in items)


def _emit_one(op, av) -> str:
    if op is _c.LITERAL:
        return _char(av)
    if op is _c.NOT_LITERAL:
        return "[^" + _char(av) + "]"
    if op is _c.ANY:
        return "."
    if op is _c.IN:
        out = []
        for kind, value in av:
            if kind is _c.NEGATE:
                out.append("^")
            elif kind is _c.LITERAL:
                out.append(_char(value))
            elif kind is _c.RANGE:
                out.append(_char(value[0]) + "-" + _char(value[1]))
            elif kind is _c.CATEGORY and value in _CATEGORIES:
                out.append(_CATEGORIES[value])
            else:
                raise Untranslatable(f"class item {kind}")
        return "[" + "".join(out) + "]"
    if op is _c.BRANCH:
        return "(?:" + "|".join(_emit(b) for b in av[1]) + ")"
    if op is _c.SUBPATTERN:
        _group, add, delete, body = av
        flags = _flags(add) + ("-" + _flags(delete) if _flags(delete) else "")
        return "(?" + flags + ":" + _emit(body) + ")"
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):  # lazy or possessive: the plain one
        lo, hi, body = av
        if hi is _c.MAXREPEAT:
            count = "*" if lo == 0 else "+" if lo == 1 else "{%d,}" % lo
        else:
            if hi > 1000:
                raise Untranslatable("repeat count over RE2's limit")
            count = "{%d,%d}" % (lo, hi)
        return "(?:" + _emit(body) + ")" + count
    if op is _c.ATOMIC_GROUP:  # atomic: may only cut matches off
        return "(?:" + _emit(av) + ")"
    if op in (_c.ASSERT, _c.ASSERT_NOT):  # a look-around only ever rules text out
        return ""
    if op is _c.GROUPREF:  # the group's text, whatever it was
        return "(?s:.*)"
    if op is _c.AT:
        if av in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
            return "\\b" if av is _c.AT_BOUNDARY else "\\B"
        if av in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING):
            return "\\A"
        if av is _c.AT_END_STRING:
            return "\\z"
        if av is _c.AT_END:  # regex's $: see translate
            return _DOLLAR
    raise Untranslatable(f"{op}")


_DOLLAR = "\x00$"  # where a $ stood (every literal is written as an escape, so this is no text)


def translate(src: str, flags: int = 0, dollar: str = "") -> str:
    """``src`` (a ``regex`` pattern) as an RE2 pattern that matches at least wherever it does, on
    text where the classes mean the same (ASCII text, or a pattern compiled with ``regex.ASCII``).
    ``$`` becomes ``dollar``: dropped by default, since regex's ``$`` also matches before a final
    newline; ``\\z`` is exact for a text that does not end with one. Raises :class:`Untranslatable`."""
    if "[[:" in src:  # a POSIX class, which the standard parser reads as plain characters
        raise Untranslatable("POSIX class")
    try:
        parsed = edges.parse_source(src, flags)  # "possible nested set" is read as regex's version 0 reads it
    except Exception as exc:  # noqa: BLE001 - any construct the standard parser does not read
        raise Untranslatable(str(exc)) from None
    if parsed.state.flags & (_c.SRE_FLAG_MULTILINE | _c.SRE_FLAG_DOTALL):
        raise Untranslatable("multiline or dotall")
    out = ("(?i)" if parsed.state.flags & _c.SRE_FLAG_IGNORECASE else "") + _emit(list(parsed))
    return out.replace(_DOLLAR, dollar)


class _Set:
    """Relaxed patterns scanned together over one text; ``hits`` gives the indices that matched,
    or None when the scan cannot say (no RE2, text RE2 cannot take, automaton out of memory)."""

    __slots__ = ("_set", "_size", "_canary")

    def __init__(self, patterns: list[str], anchor) -> None:
        options = re2.Options()
        options.never_capture = True
        options.log_errors = False
        options.max_mem = MAX_MEM  # an upper bound, allocated as the automaton grows
        self._set = _re2.Set(anchor, options)
        for p in patterns:
            if self._set.Add(p.encode("utf-8")) < 0:
                raise ValueError(f"RE2 rejected {p!r}")
        self._canary = self._set.Add(b"")  # matches every text: missing from the hits means no answer
        self._size = len(patterns)
        if not self._set.Compile():
            raise ValueError("RE2 set did not compile")

    def hits(self, text: str) -> frozenset[int] | None:
        if "\x0b" in text:  # \s matches it in regex, not in RE2
            return None
        try:
            found = self._set.Match(text.encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate
            return None
        if self._canary not in found:
            return None
        return frozenset(found)


_SENTINEL = b"\x00\x01\x02\x03"  # appended to every text: the canary's atom, found in none


class _Atoms:
    """RE2's filter over patterns too big for one automaton: each pattern's necessary literal
    pieces (its atoms) are looked for in one scan, and ``hits`` gives every pattern whose atoms
    are all there (and every pattern that has none), or None when the scan cannot say."""

    __slots__ = ("_filter", "_canary")

    def __init__(self, patterns: list[str]) -> None:
        options = re2.Options()
        options.never_capture = True
        options.log_errors = False
        self._filter = _re2.Filter()
        for p in patterns:
            if self._filter.Add(p.encode("utf-8"), options) < 0:
                raise ValueError(f"RE2 rejected {p!r}")
        self._canary = self._filter.Add(_SENTINEL, options)
        if not self._filter.Compile() or self._canary in self._filter.Match(b"", True):
            raise ValueError("RE2 filter did not compile")

    def hits(self, text: str) -> frozenset[int] | None:
        if "\x0b" in text:  # a small class can become literal atoms: \s there lacks it
            return None
        try:
            found = self._filter.Match(text.encode("utf-8") + _SENTINEL, True)
        except UnicodeEncodeError:
            return None
        if self._canary not in found:
            return None
        return frozenset(found)


def _compiles(pattern: str) -> bool:
    options = re2.Options()
    options.log_errors = False
    return _re2.RE2(pattern.encode("utf-8"), options).ok()


@dataclass(frozen=True, slots=True)
class RuleFilter:
    """Where a rule's relaxed patterns sit in the sets (-1: the pattern has no prefilter), and the
    characters its ``before`` match can end with and its ``after`` match begin with (None: any;
    see :mod:`extractor.edges`)."""

    before: int = -1
    after: int = -1
    without: int = -1
    ends: frozenset[str] | None = None
    starts: frozenset[str] | None = None


class Prefilter:
    """The RE2 sets of one rule set, and each rule's place in them."""

    def __init__(self, rules) -> None:
        sets: dict[str, list[str]] = {"before": [], "after": [], "without": []}
        self.by_rule: dict[int, RuleFilter] = {}

        def add(pattern, into: str, fmt: str = "{}") -> int:
            if pattern is None:
                return -1
            try:
                src = fmt.format(translate(pattern.pattern, _c.SRE_FLAG_IGNORECASE))
            except Untranslatable:
                return -1
            if not _compiles(src):
                return -1
            sets[into].append(src)
            return len(sets[into]) - 1

        for rule in rules:
            self.by_rule[id(rule)] = RuleFilter(
                # a `before` pattern is matched backwards from the end of the left context
                before=add(rule.before, "before", "{}\\z"),
                after=add(rule.after, "after"),
                without=add(rule.sentence_without, "without"),
                ends=edges.end_chars(rule.before) if rule.before is not None else None,
                starts=edges.start_chars(rule.after) if rule.after is not None else None,
            )
        self.before = _Atoms(sets["before"])  # atoms, not automata: see the module docstring
        self.after = _Atoms(sets["after"])
        self.whole = _Set(sets["without"], re2._Anchor.UNANCHORED)
        self._rules = rules  # kept alive, so the ids above stay theirs

    def rule(self, rule) -> RuleFilter:
        return self.by_rule[id(rule)]


_CACHE: dict[int, tuple[object, Prefilter | None]] = {}


class Guarded:
    """A pattern searched only where its RE2 relaxation says it may match: ``search`` gives what
    the pattern's own ``search`` gives."""

    __slots__ = ("pattern", "_set", "_ascii_text", "_ends")

    def __init__(self, pattern) -> None:
        self.pattern = pattern
        self._set = _Set([translate(pattern.pattern, pattern.flags & regex.IGNORECASE, "\\z")],
                         re2._Anchor.UNANCHORED)
        # Outside regex.ASCII, \w, \d, \s and \b mean in RE2 what they mean in regex on ASCII text only.
        self._ascii_text = not pattern.flags & regex.ASCII
        # A pattern that ends with $ ends with one of these (see :mod:`extractor.edges`): cheaper than the scan.
        self._ends = edges.end_chars(pattern) if edges.end_anchored(pattern) else None

    def rules_out(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """Whether the pattern surely has no match in ``text`` between ``pos`` and ``endpos``."""
        end = len(text) if endpos is None else min(endpos, len(text))
        if self._ends is not None and 0 <= pos <= end:
            ch = edges.last_visible(text, pos, end)
            if ch is not None and ch not in self._ends:
                return True
        # One character before ``pos`` too, so that a \b there reads as it does in ``text``.
        window = text[max(0, pos - 1) : end]
        if not window.endswith("\n") and (window.isascii() or not self._ascii_text):
            hits = self._set.hits(window)
            if hits is not None and 0 not in hits:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        if self.rules_out(text, pos, endpos):
            return None
        return self.pattern.search(text, pos, endpos)


_GUARDED: dict[int, tuple[object, object]] = {}


def _once(cache: dict, key, build):
    """``build(key)``, made once per ``key`` object (by identity), or None when it cannot be made."""
    hit = cache.get(id(key))
    if hit is None or hit[0] is not key:
        try:
            made = build(key)
        except (Untranslatable, ValueError):
            made = None
        hit = cache[id(key)] = (key, made)
    return hit[1]


def guarded(pattern):
    """``pattern`` behind its RE2 prefilter (built once per pattern), or the pattern itself when it
    has none (prefilter off, RE2 missing, a construct that does not translate)."""
    if not ENABLED or re2 is None:
        return pattern
    guard = _once(_GUARDED, pattern, Guarded)
    return pattern if guard is None else guard


def ruled_out(pattern, text: str) -> bool:
    """True only when ``pattern`` (searched over the whole text) surely has no match in ``text``,
    by its RE2 relaxation (:class:`Guarded`); False whenever that cannot tell."""
    guard = guarded(pattern)
    return guard is not pattern and guard.rules_out(text)


_TAILS: dict[int, tuple[object, object]] = {}


def end_guarded(pattern):
    """``pattern`` behind its end-character test (:func:`edges.end_guarded`: a pattern that ends
    with ``$``, searched in a window, runs only where the window's last visible character can end
    a match), made once per pattern; the pattern itself when the prefilter is off."""
    if not ENABLED:
        return pattern
    made = _once(_TAILS, pattern, edges.end_guarded)
    return pattern if made is None else made


_SURE: dict[int, tuple[object, object]] = {}


def sure_chars(pattern) -> frozenset[str]:
    """Characters any one of which in a text makes ``pattern`` (searched over the whole text) match
    (:func:`edges.sure_chars`, made once per pattern); none when the prefilter is off."""
    if not ENABLED:
        return frozenset()
    return _once(_SURE, pattern, edges.sure_chars) or frozenset()


_PAIRS: dict[int, tuple[object, tuple]] = {}


def end_guarded_pairs(pairs: tuple) -> tuple:
    """``pairs`` of (name, pattern) with each pattern as :func:`end_guarded` gives it, made once
    per tuple (kept for reuse)."""
    hit = _PAIRS.get(id(pairs))
    if hit is None or hit[0] is not pairs or not ENABLED:
        made = tuple((name, end_guarded(pattern)) for name, pattern in pairs)
        if not ENABLED:
            return made
        hit = _PAIRS[id(pairs)] = (pairs, made)
    return hit[1]


def _control_space(text: str) -> bool:
    """Whether ``text`` holds an ASCII control that ``\\s`` matches in re (or regex) but not in RE2."""
    return "\x0b" in text or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text


# Compile flags a pattern may carry and still be translated as it is written (the rest change
# what the pattern text means): ignore case, Unicode or ASCII classes, regex's version 0.
_FLAGS_OK = {
    "re": _c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_UNICODE | _c.SRE_FLAG_ASCII,
    "_regex": regex.IGNORECASE | regex.UNICODE | regex.ASCII | regex.VERSION0,
}


class Scan:
    """Patterns each searched over a whole text: one RE2 scan of their relaxations tells which of
    them can match anywhere in it. Only ASCII text is scanned (there ``\\w``, ``\\d``, ``\\s`` and
    ``\\b`` mean in RE2 what they mean in regex and re, but for the controls above)."""

    __slots__ = ("patterns", "_set", "_places")

    def __init__(self, patterns: tuple) -> None:
        self.patterns = patterns
        sources: list[str] = []
        places = []
        for pattern in patterns:
            place = -1
            if not pattern.flags & ~_FLAGS_OK.get(type(pattern).__module__, 0):
                try:
                    src = translate(pattern.pattern, pattern.flags & regex.IGNORECASE, "\\z")
                except Untranslatable:
                    src = None
                if src is not None and _compiles(src):
                    place = len(sources)
                    sources.append(src)
            places.append(place)
        self._places = tuple(places)
        self._set = _Set(sources, re2._Anchor.UNANCHORED) if sources else None

    def possible(self, text: str) -> tuple:
        """The patterns, in order, less those whose relaxation matches nowhere in ``text``."""
        if self._set is None or not text.isascii() or text.endswith("\n") or _control_space(text):
            return self.patterns
        hits = self._set.hits(text)
        if hits is None:
            return self.patterns
        return tuple(p for p, at in zip(self.patterns, self._places) if at < 0 or at in hits)


_SCANS: dict[int, tuple[tuple, Scan | None]] = {}


def possible(patterns: tuple, text: str) -> tuple:
    """Of ``patterns`` (a tuple kept for reuse: its scan is built once), those that may match
    somewhere in ``text``, in order: a pattern left out has no match there. All of them when the
    prefilter is off or cannot read the text."""
    if not ENABLED or re2 is None:
        return patterns
    scan = _once(_SCANS, patterns, Scan)
    return patterns if scan is None else scan.possible(text)


_SINGLE: dict[int, tuple[object, tuple]] = {}


def may_match(pattern, text: str) -> bool:
    """False only when ``pattern`` (searched over the whole text) surely has no match in ``text``."""
    if not ENABLED or re2 is None:
        return True
    return bool(possible(_once(_SINGLE, pattern, lambda p: (p,)), text))


def for_rules(rules) -> Prefilter | None:
    """The prefilter of a rule set (built once per set), or None when it is off or RE2 is missing."""
    if not ENABLED or re2 is None:
        return None
    hit = _CACHE.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = _CACHE[id(rules)] = (rules, Prefilter(rules))
    return hit[1]
