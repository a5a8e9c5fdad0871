"""Claim rules as data: load, validate and compile ``extractor/data/rules.toml``.

A rule looks at one number (or one coordinated list of numbers) in a sentence whose benchmark
names, metric names and other numbers have been replaced by placeholders, and says whether it
is a claim and of which kind. See the header of the rules file for the format.
"""

from __future__ import annotations

import re._constants as _c  # the standard library's parser checks how a pattern splits
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from extractor import edges

RULES_PATH = Path(__file__).parent / "data" / "rules.toml"

# Placeholders written into the text the rules see (private-use characters never found in text).
BENCH = "\ue000"
METRIC = "\ue001"
NUM = "\ue002"
COST = "\ue003"  # a metric of cost or speed (FLOPs, latency, memory): efficiency, not a result
_BUILTIN_MACROS = {"BENCH": BENCH, "METRIC": METRIC, "NUM": NUM, "COST": COST}

KINDS = ("score", "delta", "relative", "efficiency", "ignore", "inherit", "inherit-next")
UNIT_CLASSES = ("%", "x", "pts", "none", "bytes", "named", "$", "measure", "speed")
_BYTES = frozenset({"GB", "MB", "TB", "Tb", "KB", "kB"})
# Units of a measured quality, not of a cost: "28.5 dB PSNR", "an error of 9.4 m", "4.99 BPM".
_MEASURE = frozenset({"dB", "mm", "cm", "m", "km", "nm", "\u00b5m", "\u03bcm", "BPM", "bpm", "\u00b0"})
_FIELDS = {"id", "kind", "units", "sign", "before", "after", "needs", "sentence_without", "qualifiers", "why", "match",
           "no_match", "bare"}
_MACRO_REF = regex.compile(r"\{([A-Z][A-Z_]*)\}")
_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    units: frozenset[str] | None
    sign: str | None
    before: regex.Pattern | None
    after: regex.Pattern | None
    qualifiers: tuple[str, ...]
    why: str
    sentence_without: regex.Pattern | None = None
    needs: regex.Pattern | None = None
    match: tuple[tuple[str, float], ...] = field(default=())
    no_match: tuple[str, ...] = field(default=())
    before_src: str | None = None
    after_src: str | None = None
    decimal_only: bool = False  # a number without a unit must be written with a decimal point
    # ``sentence_without`` as its top-level alternatives, searched one at a time (see :func:`search_parts`)
    without_parts: tuple[regex.Pattern, ...] = field(default=())
    # ``needs`` as the words it is an alternation of, when it is no more (see :func:`literal_words`)
    needs_words: tuple[bytes, ...] | None = None

    def shape_ok(self, numbers) -> bool:
        """The `bare = "decimal"` filter: integers without a unit are mostly counts."""
        return not self.decimal_only or all(n.unit is not None or n.decimal for n in numbers)

    def admits(self, unit_class: str, sign: str | None) -> bool:
        """Do this rule's unit and sign filters let a number of this kind through?"""
        if self.units is not None and unit_class not in self.units:
            return False
        return self.sign is None or sign == (None if self.sign == "none" else self.sign)

    def fires(self, left: str, right: str, sentence: str = "", folded: bytes | None = None) -> bool:
        """Do the contexts match, for a number the rule admits? ``folded`` is :func:`fold` of
        ``left`` when the caller has it."""
        if self.sentence_without is not None:
            return not any(part.search(sentence) is not None for part in self.without_parts)
        if self.after is not None and self.after.match(right) is None:
            return False
        if self.needs is not None:
            if self.needs_words is not None:
                if folded is None:
                    folded = fold(left)
                if folded is not None:
                    if not any(word in folded for word in self.needs_words):
                        return False
                elif self.needs.search(left) is None:
                    return False
            elif self.needs.search(left) is None:
                return False
        return self.before is None or self.before.match(left) is not None

    def accepts(self, unit_class: str, sign: str | None, left: str, right: str, sentence: str = "") -> bool:
        """Does this rule fire for a number with this unit and sign between these contexts?"""
        return self.admits(unit_class, sign) and self.fires(left, right, sentence)


def fold(text: str) -> bytes | None:
    """``text`` as UTF-8 with ASCII letters in lower case and nothing else changed: where a rule's
    pattern (``regex.ASCII``, case ignored) finds a word, this finds the word in lower case, and
    only there. None for text that does not encode (a lone surrogate)."""
    try:
        return text.encode("utf-8").lower()
    except UnicodeEncodeError:
        return None


def structure(src: str):
    """The ``(``, ``)`` and ``|`` of a pattern's text outside classes and escapes, in order, each
    as (index, character, depth of groups after it)."""
    depth = i = 0
    n = len(src)
    while i < n:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: "]" right after the opening (or after "^") is one of its members
            i += 2 if src.startswith("[^", i) else 1
            if i < n and src[i] == "]":
                i += 1
            while i < n and src[i] != "]":
                i += 2 if src[i] == "\\" else 1
        elif ch in "()|":
            depth += 1 if ch == "(" else -1 if ch == ")" else 0
            yield i, ch, depth
        i += 1


def _split_top(src: str) -> list[str] | None:
    """``src`` cut at each ``|`` outside groups and classes; None when that cannot be told by
    reading the text alone (POSIX classes, comments, a flag set for the whole pattern)."""
    if "[:" in src or "(?#" in src or _GLOBAL_FLAGS.search(src):
        return None
    parts: list[str] = []
    start = depth = 0
    for i, ch, depth in structure(src):
        if ch == "|" and depth == 0:
            parts.append(src[start:i])
            start = i + 1
    if depth != 0:
        return None
    parts.append(src[start:])
    return parts


_GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def _shape(items) -> list:
    """A parsed pattern as nested lists, to compare two readings of it."""
    out = []
    for op, av in getattr(items, "data", items):
        out.append((op, _value(av)))
    return out


def _value(av):
    if hasattr(av, "data"):
        return _shape(av)
    if isinstance(av, (list, tuple)):
        return [_value(x) for x in av]
    return av


def search_parts(src: str, flags: int) -> tuple[regex.Pattern, ...]:
    """``src`` as its top-level alternatives, each compiled with ``flags``: a text holds a match of
    ``src`` exactly when it holds a match of one of them, and one alternative at a time is found
    several times faster than the whole alternation (it keeps its own literal scan). The split is
    checked with the standard library's parser: the alternatives must read as the branches of the
    whole; otherwise (or with one alternative) the whole pattern is the one part."""
    whole = (regex.compile(src, flags),)
    parts = _split_top(src)
    if parts is None or len(parts) < 2:
        return whole
    try:
        parsed = edges.parse_source(src, _c.SRE_FLAG_IGNORECASE)
        branches = parsed.data[0][1][1] if len(parsed.data) == 1 and parsed.data[0][0] is _c.BRANCH else None
        if branches is None or len(branches) != len(parts) or parsed.state.groups > 1:
            return whole
        for part, branch in zip(parts, branches):
            if _shape(edges.parse_source(part, _c.SRE_FLAG_IGNORECASE)) != _shape(branch):
                return whole
    except Exception:  # noqa: BLE001 - a construct the standard parser does not read: no split
        return whole
    return tuple(regex.compile(part, flags) for part in parts)


def literal_words(src: str) -> tuple[bytes, ...] | None:
    """The words ``src`` is an alternation of (each a plain string, the whole case-insensitive),
    in lower case as UTF-8, when it is nothing more; else None. Searched for in :func:`fold` of a
    text, they find what the pattern (``regex.ASCII``, case ignored) finds there."""
    try:
        items = edges.parse_source(src, _c.SRE_FLAG_IGNORECASE).data
    except Exception:  # noqa: BLE001
        return None
    if len(items) == 1 and items[0][0] is _c.SUBPATTERN:
        _group, add, delete, body = items[0][1]
        if delete & _c.SRE_FLAG_IGNORECASE or add & ~_c.SRE_FLAG_IGNORECASE:
            return None
        items = body.data
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is _c.BRANCH else [items]
    words = []
    for branch in branches:
        branch = getattr(branch, "data", branch)
        if not branch or any(op is not _c.LITERAL for op, _ in branch):
            return None
        words.append("".join(chr(av) for _, av in branch).encode("utf-8").lower())
    return tuple(words)


def unit_class(unit: str | None) -> str:
    """The class of a unit that rules filter on."""
    if unit is None:
        return "none"
    if unit in ("%", "x", "pts", "$"):
        return unit
    if unit in _MEASURE:
        return "measure"
    if unit == "FPS" or unit.endswith("/s"):
        return "speed"  # frames or items per second: how fast a system runs
    return "bytes" if unit in _BYTES else "named"


def _expand(text: str, macros: dict[str, str], where: str, path: Path) -> str:
    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name in _BUILTIN_MACROS:
            return _BUILTIN_MACROS[name]
        if name not in macros:
            raise RuleError(f"{path}: {where}: unknown macro {{{name}}}")
        return macros[name]

    for _ in range(8):  # macros may use earlier macros
        new = _MACRO_REF.sub(sub, text)
        if new == text:
            return new
        text = new
    raise RuleError(f"{path}: {where}: macros nest too deeply")


def _compile(src: str, anchor: str, where: str, path: Path) -> regex.Pattern:
    try:
        if anchor == "end":
            # Matched backwards from the end of the left context: the pattern must end where the
            # number starts. A reverse match is anchored there, so a miss costs little.
            return regex.compile(r"(?:" + src + r")\s*", regex.I | regex.REVERSE | regex.ASCII)
        return regex.compile(src, regex.I | regex.ASCII)
    except regex.error as exc:
        raise RuleError(f"{path}: {where}: bad pattern: {exc}") from exc


def load_rules(path: Path | str = RULES_PATH) -> tuple[Rule, ...]:
    """Load and validate a rules file; raise :class:`RuleError` naming the file and rule."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from exc
    unknown_top = set(data) - {"macros", "rules"}
    if unknown_top:
        raise RuleError(f"{path}: unknown top-level keys {sorted(unknown_top)}")
    macros: dict[str, str] = {}
    for name, value in (data.get("macros") or {}).items():
        if not isinstance(value, str):
            raise RuleError(f"{path}: macro {name}: must be a string")
        macros[name] = _expand(value, macros, f"macro {name}", path)
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("rules") or []):
        rid = raw.get("id")
        where = f"rule {rid!r}" if rid else f"rule #{i + 1}"
        if not isinstance(rid, str) or not _ID.match(rid):
            raise RuleError(f"{path}: {where}: id must be kebab-case text")
        if rid in seen:
            raise RuleError(f"{path}: {where}: duplicate rule id")
        seen.add(rid)
        extra = set(raw) - _FIELDS
        if extra:
            raise RuleError(f"{path}: {where}: unknown field(s) {sorted(extra)}")
        kind = raw.get("kind")
        if kind not in KINDS:
            raise RuleError(f"{path}: {where}: kind must be one of {KINDS}, got {kind!r}")
        units = raw.get("units")
        if units is not None:
            bad = [u for u in units if u not in UNIT_CLASSES]
            if bad or not units:
                raise RuleError(f"{path}: {where}: units must be a non-empty list of {UNIT_CLASSES}, got {units!r}")
        sign = raw.get("sign")
        if sign not in (None, "+", "-", "none"):
            raise RuleError(f"{path}: {where}: sign must be '+', '-' or 'none'")
        before_src = _expand(raw["before"], macros, where, path) if "before" in raw else None
        after_src = _expand(raw["after"], macros, where, path) if "after" in raw else None
        without_src = _expand(raw["sentence_without"], macros, where, path) if "sentence_without" in raw else None
        if before_src is None and after_src is None and sign is None and without_src is None:
            raise RuleError(f"{path}: {where}: needs a before, after or sentence_without pattern, or a sign")
        match = raw.get("match") or []
        for ex in match:
            if not (isinstance(ex, list) and len(ex) == 2 and isinstance(ex[0], str) and isinstance(ex[1], (int, float))):
                raise RuleError(f"{path}: {where}: each match example is [text, value], got {ex!r}")
        no_match = raw.get("no_match") or []
        bare = raw.get("bare")
        if bare not in (None, "decimal"):
            raise RuleError(f"{path}: {where}: bare must be 'decimal'")
        if not match:
            raise RuleError(f"{path}: {where}: needs at least one match example")
        needs_src = _expand(raw["needs"], macros, where, path) if "needs" in raw else None
        rules.append(
            Rule(
                id=rid,
                kind=kind,
                units=frozenset(units) if units else None,
                sign=sign,
                before=_compile(before_src, "end", where, path) if before_src else None,
                after=_compile(after_src, "start", where, path) if after_src else None,
                sentence_without=_compile(without_src, "start", where, path) if without_src else None,
                needs=_compile(needs_src, "start", where, path) if needs_src else None,
                qualifiers=tuple(raw.get("qualifiers") or ()),
                why=raw.get("why", ""),
                match=tuple((t, float(v)) for t, v in match),
                no_match=tuple(no_match),
                before_src=raw.get("before"),
                after_src=raw.get("after"),
                decimal_only=bare == "decimal",
                without_parts=search_parts(without_src, regex.I | regex.ASCII) if without_src else (),
                needs_words=literal_words(needs_src) if needs_src else None,
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    return load_rules(RULES_PATH)
