"""Field mapping shared by every reader: column aliases, dates, authors, ids, Paper construction.

A reader turns its input into a plain mapping of column name to value and hands it to
:func:`record_to_paper`; everything about *what a column means* lives here, once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import lru_cache
from email.utils import parsedate
from typing import Any, NamedTuple

from pydantic import ValidationError

from schemas import BadRecord, Paper

# Paper field -> accepted input names (after :func:`normalise_key`), most preferred first.
ALIASES: dict[str, tuple[str, ...]] = {
    "paper_id": ("paper_id", "id", "arxiv_id", "paperid"),
    "title": ("title", "paper_title"),
    "abstract": ("abstract", "summary", "abstract_text"),
    "date": ("date", "published", "publication_date", "published_date", "update_date", "updated", "year"),
    "authors": ("authors", "author", "author_names"),
    "authors_count": ("authors_count", "num_authors", "n_authors"),
    "url": ("url", "link", "abs_url"),
    "categories": ("categories", "category", "tags"),
}

_KEY_SEP = re.compile(r"[\s\-.]+")

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_ISO_DATE = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?")
_MONTH_NAME = r"([A-Za-z]{3,9})\.?"
# "Mar 29, 2020", "March 2020", "Oct 14" (no year)
_MONTH_FIRST = re.compile(_MONTH_NAME + r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(\d{4}))?")
# "29 Mar 2020", "2 April, 2007"
_DAY_FIRST = re.compile(r"(\d{1,2})\s+" + _MONTH_NAME + r",?\s+(\d{4})")


def collapse_ws(text: str) -> str:
    """Runs of white space (new lines included) become one space; the ends are stripped."""
    return " ".join(text.split())


def normalise_key(key: str) -> str:
    """'Paper ID', 'paper-id' and 'PAPER_ID' all become 'paper_id'."""
    return _KEY_SEP.sub("_", key.strip().lower())


def derive_paper_id(title: str, abstract: str) -> str:
    """A stable id for a paper that brings none: 'lbx-' and 16 hex digits.

    It hashes the white-space-normalised abstract, or the title when there is no abstract, so
    one paper gets one id wherever it is read from, also from a page that lists it without its
    title, and however its text was wrapped.
    """
    body = collapse_ws(abstract or "")
    key = "abstract:" + body if body else "title:" + collapse_ws(title or "")
    return "lbx-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(value: Any) -> tuple[str | None, str | None]:
    """Return (ISO date or None, the date as written or None).

    ISO stays as precise as the source: '2020', '2020-03' or '2020-03-29'. A date that names no
    year ('Oct 14' on a listing page) has no ISO form and keeps only its text.
    """
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int):
        return _iso(value), str(value)
    if isinstance(value, float) and value.is_integer():
        return _iso(int(value)), str(int(value))
    return _parse_date_text(collapse_ws(str(value)))


@lru_cache(maxsize=8192)
def _parse_date_text(text: str) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return _iso(year, month, day), text
    match = _MONTH_FIRST.fullmatch(text)
    if match and match.group(1).lower() in MONTHS:
        month = MONTHS[match.group(1).lower()]
        day = int(match.group(2)) if match.group(2) else None
        if not match.group(3):
            return None, text
        return _iso(int(match.group(3)), month, day), text
    match = _DAY_FIRST.fullmatch(text)
    if match and match.group(2).lower() in MONTHS:
        return _iso(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1))), text
    parts = parsedate(text)  # RFC 2822, as in arXiv's "Mon, 2 Apr 2007 19:18:42 GMT"
    if parts:
        return _iso(parts[0], parts[1], parts[2]), text
    return None, text


_AUTHOR_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def parse_authors(value: Any) -> list[str]:
    """Authors from a list of names, a list of {'name': ...}, or one string.

    A string is split on ';' when it has one, else on commas, ' and ' and '&'.
    """
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else _AUTHOR_SPLIT.split(value)
    elif isinstance(value, (list, tuple)):
        parts = []
        for item in value:
            if isinstance(item, Mapping):
                item = item.get("name") or " ".join(
                    str(item[k]) for k in ("given", "first", "family", "last") if item.get(k)
                )
            elif isinstance(item, (list, tuple)):  # arXiv's authors_parsed: [last, first, suffix]
                item = " ".join(str(p) for p in (item[1:2] + item[:1] + item[2:3]) if p)
            if item:
                parts.append(str(item))
    else:
        raise ValueError(f"authors must be text or a list, got {type(value).__name__}")
    return [name for name in (collapse_ws(p) for p in parts) if name]


def parse_categories(value: Any) -> list[str]:
    """Categories from a list, or a string separated by spaces, commas or semicolons."""
    if value is None:
        return []
    if isinstance(value, str):
        return [c for c in re.split(r"[\s,;]+", value) if c]
    if isinstance(value, (list, tuple)):
        return [c for c in (str(c).strip() for c in value) if c]
    raise ValueError(f"categories must be text or a list, got {type(value).__name__}")


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"{name} must be text, got {type(value).__name__}")


def _first_version_date(versions: Any) -> Any:
    """The date of v1 in an arXiv metadata snapshot's `versions` list, if there is one."""
    if isinstance(versions, list) and versions and isinstance(versions[0], Mapping):
        return versions[0].get("created")
    return None


class KeyPlan(NamedTuple):
    """Which input key carries each Paper field (None: the input has no such key)."""

    paper_id: str | None
    title: str | None
    abstract: str | None
    date: str | None
    date_is_fallback: bool  # 'update_date' or 'year': an arXiv v1 date beats it
    versions: str | None
    authors: str | None
    authors_count: str | None
    url: str | None
    categories: str | None


_PLANS: dict[tuple[str, ...], KeyPlan] = {}


def resolve_keys(keys: tuple[str, ...]) -> KeyPlan:
    """Map each Paper field to the input key that carries it (cached per key layout)."""
    plan = _PLANS.get(keys)
    if plan is not None:
        return plan
    by_norm: dict[str, str] = {}
    for key in keys:
        by_norm.setdefault(normalise_key(str(key)), key)
    found: dict[str, str | None] = {}
    for field, names in ALIASES.items():
        found[field] = next((by_norm[name] for name in names if name in by_norm), None)
    date_key = found["date"]
    plan = KeyPlan(
        date_is_fallback=date_key is not None and normalise_key(date_key) in ("update_date", "updated", "year"),
        versions=by_norm.get("versions"),
        **found,
    )
    if len(_PLANS) < 256:
        _PLANS[keys] = plan
    return plan


def _paper_fields(record: Mapping[str, Any], source: str, line: int | None) -> dict[str, Any] | BadRecord:
    """The Paper fields of one input record, in the model's field order (or the BadRecord of a
    record with neither abstract nor title); raises ValueError or TypeError on a value it cannot read."""
    plan = resolve_keys(tuple(record))
    get = record.get
    title = collapse_ws(_text(get(plan.title), "title"))
    abstract = _text(get(plan.abstract), "abstract").strip()
    if not title and not abstract:
        return BadRecord(source=source, line=line, error="no abstract or title")
    paper_id = collapse_ws(_text(get(plan.paper_id), "id")) or derive_paper_id(title, abstract)
    raw_date = _first_version_date(get(plan.versions)) if plan.date_is_fallback else None
    date, date_text = parse_date(get(plan.date) if raw_date is None else raw_date)
    authors = parse_authors(get(plan.authors))
    count = get(plan.authors_count)
    url = collapse_ws(_text(get(plan.url), "url"))
    return {
        "paper_id": paper_id,
        "title": title,
        "abstract": abstract,
        "date": date,
        "date_text": date_text,
        "authors": authors,
        "authors_count": int(count) if count not in (None, "") else (len(authors) if authors else None),
        "url": url or None,
        "categories": parse_categories(get(plan.categories)),
        "source": source,
        "line": line,
    }


def record_to_paper(record: Mapping[str, Any], source: str, line: int | None) -> Paper | BadRecord:
    """Build a Paper from one input record, or a BadRecord that says what is wrong with it.

    Dates: 'date', 'published' and the like first; then, for an arXiv metadata snapshot, the date
    of the first version; then 'update_date'; then 'year'.
    """
    try:
        fields = _paper_fields(record, source, line)
        return fields if isinstance(fields, BadRecord) else Paper(**fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return BadRecord(source=source, line=line, error=f"invalid record: {problems}")
    except (ValueError, TypeError) as exc:
        return BadRecord(source=source, line=line, error=f"invalid record: {exc}")


_PLAIN_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")  # Paper.date's pattern, on ASCII digits


def _str_list(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _as_the_model_keeps(f: dict[str, Any]) -> bool:
    """Whether ``Paper(**f)`` surely accepts ``f`` and keeps every value as it is: each value has
    the exact type and bounds the model checks (anything else is left to the model)."""
    date, count, line = f["date"], f["authors_count"], f["line"]
    return (
        type(f["paper_id"]) is str and f["paper_id"] != "" and type(f["title"]) is str and type(f["abstract"]) is str
        and (date is None or (type(date) is str and date.isascii() and _PLAIN_DATE.fullmatch(date) is not None))
        and (f["date_text"] is None or type(f["date_text"]) is str)
        and _str_list(f["authors"]) and _str_list(f["categories"])
        and (count is None or (type(count) is int and count >= 0))
        and (f["url"] is None or type(f["url"]) is str) and (f["source"] is None or type(f["source"]) is str)
        and (line is None or (type(line) is int and line >= 1))
    )


def record_to_fields(record: Mapping[str, Any], source: str, line: int | None) -> dict[str, Any] | BadRecord:
    """``record_to_paper(record, source, line).__dict__`` (the paper's field values), or its
    BadRecord, without building the model when a cheap check shows it would keep the fields as
    they are; anything else goes through the model, so its errors stay the model's."""
    try:
        fields = _paper_fields(record, source, line)
    except (ValueError, TypeError):
        fields = None
    if fields is not None and (isinstance(fields, BadRecord) or _as_the_model_keeps(fields)):
        return fields
    made = record_to_paper(record, source, line)
    return made if isinstance(made, BadRecord) else made.__dict__
