"""Which registry entry an open board's name is: a benchmark the registry knows, written in another
case or with other separators ("CHASE-DB1", "TAC 2010", "TVSum" for the entry TvSum), is that entry's
board, when the claim's metric is one its boards use. :func:`extractor.board_keys.board_key` asks
:func:`registry_twin` before it makes an open board.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.board_keys import _OPEN_TRIM as OPEN_TRIM, _registry, _synonym, rules


def _squash(name: str) -> str:
    return re.sub(r"[^0-9a-z+]", "", name.lower())  # "+" stays: CoNLL++ is not CoNLL


@cache
def _squashed_names() -> dict[str, str]:
    """Every registry name, lower-cased and stripped to letters, digits and "+" -> its entry's id (a
    name two entries share is left out)."""
    found: dict[str, set[str]] = {}
    for entry in _registry()[0]:
        for name in (entry.id, entry.name, *entry.aliases, *entry.exact_case_aliases):
            if name:
                found.setdefault(_squash(name), set()).add(entry.id)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k}


def registry_twin(surface: str, metric: str | None) -> str | None:
    """The registry entry an open board's name spells in another case or with other separators
    ("CHASE-DB1", "TAC 2010", "TVSum"), or None. The claim's metric must be one the entry's boards
    use; a metric-less claim is taken only for an entry that matches in any case (one that matches in
    its own case only, like Spider, has namesakes: the SPIDER spine data set)."""
    if not surface or re.fullmatch(r"[A-Z][a-z]+", surface.strip()):
        return None  # a capitalised common word ("Bird")
    twin = _squashed_names().get(_squash(OPEN_TRIM.sub("", surface.strip()).strip()))
    entry = _registry()[0].get(twin) if twin else None
    if entry is None:
        return None
    if metric is None:
        return twin if not entry.case_sensitive else None
    uses = {entry.default_metric, *rules().allowed.get(twin, ())}
    return twin if _synonym(metric, entry.default_metric, frozenset(uses)) in uses else None
