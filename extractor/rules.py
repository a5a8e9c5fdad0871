"""Claim rules as data: load, validate and compile ``extractor/data/rules.toml``.

A rule looks at one number (or one coordinated list of numbers) in a sentence whose benchmark
names, metric names and other numbers have been replaced by placeholders, and says whether it
is a claim and of which kind. See the header of the rules file for the format.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

RULES_PATH = Path(__file__).parent / "data" / "rules.toml"

# Placeholders written into the text the rules see (private-use characters never found in text).
BENCH = "\ue000"
METRIC = "\ue001"
NUM = "\ue002"
COST = "\ue003"  # a metric of cost or speed (FLOPs, latency, memory): efficiency, not a result
_BUILTIN_MACROS = {"BENCH": BENCH, "METRIC": METRIC, "NUM": NUM, "COST": COST}

KINDS = ("score", "delta", "relative", "efficiency", "ignore", "inherit")
UNIT_CLASSES = ("%", "x", "pts", "none", "bytes", "named", "$", "measure", "speed")
_BYTES = frozenset({"GB", "MB", "TB", "Tb", "KB", "kB"})
# Units of a measured quality, not of a cost: "28.5 dB PSNR", "an error of 9.4 m", "4.99 BPM".
_MEASURE = frozenset({"dB", "mm", "cm", "m", "km", "nm", "\u00b5m", "\u03bcm", "BPM", "bpm"})
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

    def shape_ok(self, numbers) -> bool:
        """The `bare = "decimal"` filter: integers without a unit are mostly counts."""
        return not self.decimal_only or all(n.unit is not None or n.decimal for n in numbers)

    def admits(self, unit_class: str, sign: str | None) -> bool:
        """Do this rule's unit and sign filters let a number of this kind through?"""
        if self.units is not None and unit_class not in self.units:
            return False
        return self.sign is None or sign == (None if self.sign == "none" else self.sign)

    def fires(self, left: str, right: str, sentence: str = "") -> bool:
        """Do the contexts match, for a number the rule admits?"""
        if self.sentence_without is not None:
            return self.sentence_without.search(sentence) is None
        if self.after is not None and self.after.match(right) is None:
            return False
        if self.needs is not None and self.needs.search(left) is None:
            return False
        return self.before is None or self.before.match(left) is not None

    def accepts(self, unit_class: str, sign: str | None, left: str, right: str, sentence: str = "") -> bool:
        """Does this rule fire for a number with this unit and sign between these contexts?"""
        return self.admits(unit_class, sign) and self.fires(left, right, sentence)


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
        rules.append(
            Rule(
                id=rid,
                kind=kind,
                units=frozenset(units) if units else None,
                sign=sign,
                before=_compile(before_src, "end", where, path) if before_src else None,
                after=_compile(after_src, "start", where, path) if after_src else None,
                sentence_without=_compile(without_src, "start", where, path) if without_src else None,
                needs=_compile(_expand(raw["needs"], macros, where, path), "start", where, path) if "needs" in raw else None,
                qualifiers=tuple(raw.get("qualifiers") or ()),
                why=raw.get("why", ""),
                match=tuple((t, float(v)) for t, v in match),
                no_match=tuple(no_match),
                before_src=raw.get("before"),
                after_src=raw.get("after"),
                decimal_only=bare == "decimal",
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    return load_rules(RULES_PATH)
