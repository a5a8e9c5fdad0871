"""Reading registry files: each TOML file under ``extractor/data`` validated when loaded, any
problem raised as :class:`~extractor.registry.RegistryError` naming the file, the entry and, where
it can be found, the line; several files joined into one registry, the earlier file winning on a
shared name or spelling.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Literal

from extractor.registry import (
    AREAS,
    SCALES,
    Benchmark,
    Metric,
    Registry,
    RegistryError,
    _exact,
    _findable,
    _surfaces,
    normalize,
)

_STR_LIST = "list of strings"
_COMMON = {"name": "string", "aliases": _STR_LIST, "exact_case_aliases": _STR_LIST, "case_sensitive": "boolean"}
_FIELDS: dict[str, dict[str, str]] = {
    "benchmark": {**_COMMON, "area": "string", "task": "string", "splits": _STR_LIST, "default_metric": "string"},
    "metric": {**_COMMON, "higher_is_better": "boolean", "unit_hint": "string", "scale": "string"},
}
_REQUIRED = {"benchmark": ("area",), "metric": ("name", "higher_is_better")}
_CHECKS = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    _STR_LIST: lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
}
_TOML_TYPES = {str: "string", bool: "boolean", list: "array", dict: "table", int: "integer", float: "float"}


_HEADER = re.compile(r"""^[ \t]*(?:\[[ \t]*(?:"([^"]+)"|'([^']+)'|([^\]\s]+))[ \t]*\]|(?:"([^"]+)"|'([^']+)'|([\w.-]+))[ \t]*=)""", re.M)


def _header_lines(text: str) -> dict[str, int]:
    """The 1-based line of every entry's table header (or ``key = {`` line), in one pass."""
    lines: dict[str, int] = {}
    line, pos = 1, 0
    for m in _HEADER.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        key = next(g for g in m.groups() if g is not None)
        lines.setdefault(key, line)
    return lines


def load_registry(path: str | Path, kind: Literal["benchmark", "metric"]) -> Registry:
    """Read and validate one registry file."""
    entries, locate = _read_entries(path, kind)
    return Registry(entries, kind, str(path), locate)


def load_registries(paths: list[str | Path], kind: Literal["benchmark", "metric"]) -> Registry:
    """Several registry files as one registry (one key set, so matching costs what one file's
    does). Each file is validated on its own; where a later file names an entry or a spelling an
    earlier one already has, the earlier file wins and the later spelling is left out."""
    entries: list = []
    where: dict[str, Callable[[str], str]] = {}
    taken: dict[str, tuple[str, ...] | None] = {}  # key -> exact form, None when case-blind
    for path in paths:
        file_entries, locate = _read_entries(path, kind)
        for entry in file_entries:
            if entry.id in where:
                continue
            kept = [(s, exact) for s, exact in _surfaces(entry) if not _clashes(taken, s, exact)]
            if not kept or kept[0][0] != entry.name:
                continue  # its own name belongs to an earlier file's entry
            if len(kept) < len(list(_surfaces(entry))):
                blind = {s for s, exact in kept if not exact}
                entry = replace(entry, aliases=tuple(a for a in entry.aliases if a in blind),
                                exact_case_aliases=tuple(a for a in entry.exact_case_aliases if (a, True) in kept))
            for s, exact in kept:
                taken.setdefault(normalize(s), _exact(s) if exact else None)
            entries.append(entry)
            where[entry.id] = locate
    source = " + ".join(str(p) for p in paths)
    return Registry(entries, kind, source, lambda entry_id: where[entry_id](entry_id))


def _clashes(taken: dict[str, tuple[str, ...] | None], surface: str, exact: bool) -> bool:
    key = normalize(surface)
    if key not in taken:
        return False
    other = taken[key]
    return other is None or not exact or other == _exact(surface)


def _read_entries(path: str | Path, kind: str) -> tuple[list, Callable[[str], str]]:
    """The validated entries of one registry file, and how to name one of them in an error."""
    if kind not in _FIELDS:
        raise ValueError(f"kind must be 'benchmark' or 'metric', not {kind!r}")
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read registry file: {exc}") from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        lines = raw.splitlines()
        line = int(m.group(1)) if m and 0 < int(m.group(1)) <= len(lines) else 0
        what = "duplicate entry" if re.search(r"twice|overwrite", str(exc)) else "TOML syntax error"
        context = f"; the line reads {lines[line - 1].strip()!r}" if line else ""
        raise RegistryError(f"{path}{f':{line}' if line else ''}: {what}: {exc}{context}") from exc

    header_lines: dict[str, int] | None = None

    def locate(entry_id: str) -> str:
        nonlocal header_lines
        if header_lines is None:
            header_lines = _header_lines(raw)
        line = header_lines.get(entry_id)
        return f"{path}" + (f":{line}" if line else "") + f": {kind} {entry_id!r}"

    fields, required = _FIELDS[kind], _REQUIRED[kind]
    entries = []
    for entry_id, body in data.items():
        where = locate(entry_id)
        if not isinstance(body, dict):
            raise RegistryError(f"{where}: expected a table of fields, got {_TOML_TYPES.get(type(body), 'a value')}")
        for key, value in body.items():
            if key not in fields:
                raise RegistryError(f"{where}: unknown field {key!r} (known: {', '.join(sorted(fields))})")
            expected = fields[key]
            if not _CHECKS[expected](value):
                got = _TOML_TYPES.get(type(value), type(value).__name__)
                raise RegistryError(f"{where}: field {key!r} must be a {expected}, got {got}")
        for key in required:
            if key not in body:
                raise RegistryError(f"{where}: missing required field {key!r}")
        try:
            entries.append(_build(kind, entry_id, body))
        except RegistryError as exc:
            raise RegistryError(f"{where}: {exc}") from None
    return entries, locate


def _build(kind: str, entry_id: str, body: dict) -> Benchmark | Metric:
    name = body.get("name", entry_id)
    aliases = tuple(body.get("aliases", ()))
    exact = tuple(body.get("exact_case_aliases", ()))
    for alias in (name, *aliases, *exact):
        if not alias.strip() or not normalize(alias):
            raise RegistryError(f"empty alias {alias!r}")
        if not _findable(alias):
            raise RegistryError(f"alias {alias!r} has characters that text matching never joins")
    common = {"id": entry_id, "name": name, "aliases": aliases, "exact_case_aliases": exact,
              "case_sensitive": body.get("case_sensitive", False)}
    if kind == "benchmark":
        area = body.get("area")
        if area is not None and area not in AREAS:
            raise RegistryError(f"unknown area {area!r} (known: {', '.join(sorted(AREAS))})")
        return Benchmark(
            area=area,
            splits=tuple(body.get("splits", ())),
            default_metric=body.get("default_metric"),
            task=body.get("task"),
            **common,
        )
    scale = body.get("scale")
    if scale is not None and scale not in SCALES:
        raise RegistryError(f"unknown scale {scale!r} (known: {', '.join(sorted(SCALES))})")
    return Metric(higher_is_better=body["higher_is_better"], scale=scale, unit_hint=body.get("unit_hint"), **common)
