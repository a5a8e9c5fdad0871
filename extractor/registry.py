"""Benchmark and metric registries: the names papers use, mapped to canonical entries.

Both registries are TOML files under ``extractor/data``, one top-level table per entry keyed by
its id, validated when loaded (``extractor/registry_files.py``): any problem raises
:class:`RegistryError` naming the file, the entry and, where it can be found, the line.

Names match ignoring case and the characters ``- _ ' { } ^ / &`` and spaces, so "MSR-VTT",
"MSRVTT" and "msr vtt" are one name, as are "WMT'14" and "WMT14" or "F_{0.5}" and "F0.5".
Aliases that are also ordinary words ("MATH", "IS", "EM") are exact-case: they match only
written so. :meth:`Registry.find` splits a text into tokens once and grows candidates token by
token through a set of key prefixes, so most tokens cost one set look-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from pathlib import Path
from typing import Generic, TypeVar

DATA_DIR = Path(__file__).resolve().parent / "data"

AREAS = frozenset(
    "cv nlp speech audio video multimodal 3d driving medical rl robotics agents code math "
    "retrieval recsys graph timeseries llm tabular science".split()
)
SCALES = frozenset({"percent"})


@dataclass(frozen=True)
class Benchmark:
    id: str
    name: str
    aliases: tuple[str, ...]
    area: str | None
    splits: tuple[str, ...]
    default_metric: str | None
    task: str | None = None
    exact_case_aliases: tuple[str, ...] = ()
    case_sensitive: bool = False


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    aliases: tuple[str, ...]
    higher_is_better: bool
    scale: str | None
    unit_hint: str | None = None
    exact_case_aliases: tuple[str, ...] = ()
    case_sensitive: bool = False


Entry = TypeVar("Entry", Benchmark, Metric)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entry: Benchmark | Metric


class RegistryError(ValueError):
    """A registry file that cannot be used as it is."""


# --- text normalisation ------------------------------------------------------------------------

# Characters that never change what a name means: dropped from keys, allowed between tokens.
_IGNORED = " \t\n\r\f\v\u00a0-\u2010\u2011\u2012\u2013\u2014_/'\u2019{}^$&"
_STRIP = str.maketrans("", "", _IGNORED)
_JOIN = frozenset(_IGNORED)
# Gaps made only of these join tokens freely ("MSR-VTT" for "MSRVTT"); any other gap (a space, a
# slash) joins only where an alias has a gap too, or, for spaces, between two name-like tokens
# ("MSR VTT"), so that prose such as "in a" or "AC/DC" never spells "IN-A" or "ACDC".
_SOFT = _JOIN - frozenset(" \t\n\r\f\v\u00a0/&")
_MAX_GAP = 3

# A token is a run of word characters, possibly joined by . @ + ' { } ^ (as in "v1.1", "R@1",
# "RGB+D", "WMT'16", "F_{0.5}"), with trailing "+", "}" or "^" kept ("ScanNet++", "CoSQA^+").
# A possessive "'s" is not joined.
_TOKEN = re.compile(r"\w+(?:(?:[.@+{}^]|['\u2019](?!s\b))+\w+)*[+}^]*")
# To split, every repeat of _TOKEN possessive: the same tokens (nothing after a repeat can use
# what it would give back), found with less backtracking.
_SPLIT = re.compile(r"(\w++(?:(?:[.@+{}^]|['\u2019](?!s\b))++\w++)*+[+}^]*+)")
_SPLIT_ASCII = re.compile(_SPLIT.pattern, re.ASCII)  # the same on ASCII text, and faster there
_INNER_CHARS = "_'\u2019{}^"  # characters that can sit inside a token but not in a key
_INNER = re.compile("[" + re.escape(_INNER_CHARS) + "]")
_INNER_ASCII = tuple(c for c in _INNER_CHARS if c.isascii())  # all _INNER can find in ASCII text
# After a match, a hyphen and one of these means the match is only the head of a longer name
# ("ImageNet-C", "CIFAR-10-LT", "SQuAD-v2", "COCO-Facet"), so the match is dropped.
_TAIL = re.compile(r"[A-Z]{1,3}|[A-Z]\d[A-Z]|\d{1,3}[KkMm]?|[vV]\d[\d.]*|[A-Z][a-z]+[A-Za-z]*(?:\d\w*)?")  # "-C", "-I2V", "-1K", "-Instruct4V"
_HYPHENS = frozenset("-\u2010\u2011")


def normalize(surface: str) -> str:
    """The matching key of a name: lower case, ignored characters removed."""
    return surface.lower().translate(_STRIP)


def _exact(surface: str) -> tuple[str, ...]:
    """What an exact-case alias must equal: its tokens, case kept ("IN-R" is not "INR")."""
    return tuple(t.translate(_STRIP) for t in _TOKEN.findall(surface))


def _hard_gaps(surface: str) -> set[int]:
    """Offsets in the key of a name where the name has a space or a slash between two tokens."""
    out, pos, last = set(), 0, None
    for m in _TOKEN.finditer(surface):
        if last is not None and not _SOFT.issuperset(surface[last : m.start()]):
            out.add(pos)
        pos += len(normalize(m.group()))
        last = m.end()
    return out


# --- the registry ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Slot:
    """The entries one key stands for and the offsets where its aliases have a space or slash."""

    options: list[tuple[Benchmark | Metric, tuple[str, ...] | None]] = field(default_factory=list)
    gaps: set[int] = field(default_factory=set)
    plain: Benchmark | Metric | None = None  # the entry, when no option needs its case checked
    # An exact-case option is one capitalised word ("Flowers", "Places"): at the start of a
    # sentence it is as likely the ordinary word, so there it does not match.
    title_word: bool = False


class Registry(Generic[Entry]):
    """Entries of one kind, with look-up by name and mention finding in text."""

    def __init__(
        self, entries: list[Entry], kind: str, source: str = "<memory>", locate: Callable[[str], str] | None = None
    ) -> None:
        self.kind = kind
        self.source = source
        self._locate = locate or (lambda entry_id: f"{source}: {kind} {entry_id!r}")
        self._entries = list(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._keys: dict[str, _Slot] = {}
        for entry in self._entries:
            for surface, exact in _surfaces(entry):
                self._add(entry, surface, exact)
        if kind == "metric":
            # Papers inflect metric names ("AUCs", "accuracies", "BLEU scores"): each written form
            # also matches so, unless the inflected key already names something.
            for entry in self._entries:
                for surface, exact in list(_surfaces(entry)):
                    # an exact-case acronym keeps its case in the plural ("MAEs", "mAPs"), and only that
                    acronym = surface.isalpha() and surface[-1].isupper()
                    forms = ([surface + "s"] if acronym else []) if exact else _inflections(surface)
                    for form in forms:
                        slot = self._keys.get(normalize(form))
                        # a new key, or another case of this entry's own plural ("MAPs" beside "mAPs")
                        if slot is None or (exact and all(e is entry and x is not None and x != _exact(form)
                                                          for e, x in slot.options)):
                            self._add(entry, form, exact)
        self._prefixes = frozenset(k[:i] for k in self._keys for i in range(1, len(k) + 1))
        self._hard_prefixes = frozenset(k[:i] for k, slot in self._keys.items() for i in slot.gaps)
        self._strong = self._hard_prefixes | self._keys.keys()

    def _add(self, entry: Entry, surface: str, exact: bool) -> None:
        key = normalize(surface)
        if not key:
            raise RegistryError(f"{self._locate(entry.id)}: empty alias {surface!r}")
        form = _exact(surface) if exact else None
        slot = self._keys.setdefault(key, _Slot())
        for other, other_form in slot.options:
            if form is None or other_form is None or form == other_form:
                where = "twice in the entry" if other is entry else f"also by entry {other.id!r}"
                raise RegistryError(f"{self._locate(entry.id)}: alias {surface!r} (key {key!r}) is claimed {where}")
        slot.options.append((entry, form))
        slot.plain = entry if form is None else None
        slot.title_word |= form is not None and len(form) == 1 and form[0].istitle() and form[0].isalpha()
        slot.gaps |= _hard_gaps(surface)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def __getitem__(self, entry_id: str) -> Entry:
        return self._by_id[entry_id]

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    @staticmethod
    def _resolve(slot: _Slot, surface: str) -> Entry | None:
        form = _exact(surface) if any(exact for _, exact in slot.options) else None
        return next((entry for entry, exact in slot.options if exact is None or exact == form), None)

    def lookup(self, surface: str, any_case: bool = False) -> Entry | None:
        """The entry a name stands for, or None. Case and separators are ignored except for
        exact-case aliases, which must be written with their own case; with ``any_case`` (a person
        typing a name, not a paper's text) they resolve in any case when only one entry has the name."""
        slot = self._keys.get(normalize(surface))
        if slot is None:
            return None
        found = self._resolve(slot, surface.strip())
        if found is None and any_case:
            entries = {entry.id: entry for entry, _ in slot.options}
            found = next(iter(entries.values())) if len(entries) == 1 else None
        return found

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions in ``text``, left to right; at each place the longest
        name wins. Matches start and end on token boundaries; a match does not start inside a
        hyphenated word ("DeepSeek-R1") nor stop before a short hyphenated tail ("ImageNet-C")."""
        parts, words = _tokens(text)
        # A token starts a match only if it begins some key (see _may_start for the weaker ones);
        # the tokens that begin one are picked out without a Python loop over every token.
        prefixes, strong = self._prefixes, self._strong
        # (_may_start's first two answers inline: most weak candidates are plain lower-case words)
        starts = [k for k in compress(range(len(words)), map(prefixes.__contains__, words))
                  if words[k] in strong or parts[2 * k + 2][:1] in _SOFT
                  or (not parts[2 * k + 1].islower() and _may_start(parts, k))]
        found: list[Mention] = []
        if not starts:
            return found
        keys, hard_prefixes = self._keys, self._hard_prefixes
        n = len(words)
        resume = 0  # first token not inside an earlier match
        offset, counted = 0, 0  # text offset of parts[counted]
        for i in starts:
            if i < resume or (i and parts[2 * i] in _HYPHENS):
                continue
            best = None
            key, j = words[i], i
            hard: list[tuple[int, bool]] = []  # (offset in key, both sides name-like) per hard gap
            while True:
                slot = keys.get(key)
                if slot is not None and (not hard or all(ok or pos in slot.gaps for pos, ok in hard)) and not (
                    slot.title_word and j == i and _sentence_start(parts, i)
                ):
                    entry = slot.plain or self._resolve(slot, "".join(parts[2 * i + 1 : 2 * j + 2]))
                    tail = parts[2 * j + 3] if parts[2 * j + 2] in _HYPHENS and j + 1 < n else ""
                    if entry is not None and not (tail and _TAIL.fullmatch(tail)):  # _TAIL needs a character
                        best = (j, entry)
                if j + 1 >= n:
                    break
                gap = parts[2 * j + 2]
                if len(gap) > _MAX_GAP or not _JOIN.issuperset(gap):
                    break
                if not _SOFT.issuperset(gap):
                    # joined by shape when neither side is a plain lower-case word
                    a, b = parts[2 * j + 1], parts[2 * j + 3]
                    ok = gap.isspace() and not (a.isalpha() and a.islower() or b.isalpha() and b.islower())
                    if not ok and key not in hard_prefixes:
                        break
                    hard.append((len(key), ok))
                j += 1
                key += words[j]
                if key not in prefixes:
                    break
            if best is None:
                continue
            j, entry = best
            offset += sum(map(len, parts[counted : 2 * i + 1]))
            counted = 2 * i + 1
            surface = "".join(parts[counted : 2 * j + 2])
            found.append(Mention(offset, offset + len(surface), surface, entry))
            resume = j + 1
        return found


_last_tokens: tuple[str, list[str], list[str]] = ("", [""], [""])


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The text split into ``parts`` (gap, token, gap, ..., token, gap: token k is parts[2k + 1])
    and the tokens as key pieces. The last text is remembered, since both registries read each
    sentence in turn."""
    global _last_tokens
    last = _last_tokens
    if last[0] == text:
        return last[1], last[2]
    ascii = text.isascii()
    parts = (_SPLIT_ASCII if ascii else _SPLIT).split(text)
    low = "\0".join(parts[1::2]).lower()
    if any(c in low for c in _INNER_ASCII) if ascii else _INNER.search(low):  # substring tests are faster
        low = low.translate(_STRIP)
    words = low.split("\0")
    _last_tokens = (text, parts, words)
    return parts, words


def _sentence_start(parts: list[str], k: int) -> bool:
    """Whether token k begins the text or follows the end of a sentence."""
    gap = parts[2 * k].rstrip()
    return k == 0 or (gap != "" and gap[-1] in ".!?")


def _may_start(parts: list[str], k: int) -> bool:
    """Whether token k, which begins some key but is neither a whole key nor a word-aligned start
    of one, can start a name: through a hyphen ("in-shop", "Kinetics-400"), or across a space
    unless it or, for a capitalised word ("We propose"), the next word is plain prose."""
    token = parts[2 * k + 1]
    if parts[2 * k + 2][:1] in _SOFT:
        return True
    if token.islower():
        return False
    nxt = parts[2 * k + 3] if 2 * k + 3 < len(parts) else ""
    return not (token.istitle() and nxt.isalpha() and nxt.islower())


_NOUN_HEADS = ("score", "rate", "accuracy", "error", "ratio", "index", "coefficient", "distance", "loss", "value")


def _plural(word: str) -> str:
    if word[-1:] == "y" and word[-2:-1].isalpha() and word[-2:-1].lower() not in "aeiou":
        return word[:-1] + "ies"
    if word.lower().endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _inflections(surface: str) -> list[str]:
    """Other written forms of a metric name: its plural ("AUCs", "accuracies", "exact matches"), and
    for a name without a noun head, the name as a score ("BLEU score", "IoU scores")."""
    if not surface[-1:].isalnum():
        return []
    out = [_plural(surface)]
    if not surface.lower().endswith(_NOUN_HEADS):
        out += [f"{surface} score", f"{surface} scores"]
    return out


def _surfaces(entry: Benchmark | Metric) -> Iterator[tuple[str, bool]]:
    yield entry.name, entry.case_sensitive
    for alias in entry.aliases:
        yield alias, False
    for alias in entry.exact_case_aliases:
        yield alias, True


def _findable(alias: str) -> bool:
    """Whether ``find`` can see the alias: only ignored characters between its tokens."""
    gaps = _SPLIT.split(alias.strip())[::2]
    inner = gaps[1:-1]
    return len(gaps) > 1 and not gaps[0] + gaps[-1] and all(len(g) <= _MAX_GAP and _JOIN.issuperset(g) for g in inner)


# The hand-written registry first (it wins on any shared name), then the one grown from Papers
# with Code leaderboards by scripts/grow_benchmark_registry.py.
BENCHMARK_FILES = ("benchmarks.toml", "benchmarks_pwc.toml")


@cache
def benchmarks() -> Registry[Benchmark]:
    """The shipped benchmark registry (loaded once): all of BENCHMARK_FILES as one registry."""
    from extractor.registry_files import load_registries  # (it builds on this module's classes)

    return load_registries([DATA_DIR / name for name in BENCHMARK_FILES], "benchmark")


@cache
def metrics() -> Registry[Metric]:
    """The shipped metric registry (loaded once)."""
    from extractor.registry_files import load_registry

    return load_registry(DATA_DIR / "metrics.toml", "metric")
