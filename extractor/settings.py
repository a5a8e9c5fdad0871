"""Evaluation settings of a claim (zero-shot, few-shot, fine-tuned, linear probe), read from its qualifiers."""

from __future__ import annotations

import re
from collections.abc import Iterable

SETTINGS = ("zero-shot", "few-shot", "fine-tuned", "linear probe")
_SETTING_PATTERNS = (
    ("linear probe", re.compile(r"\blinear[- ]?(?:probe|probing|probed|eval(?:uation)?)\b", re.I)),
    ("zero-shot", re.compile(r"\b(?:zero|0)[- ]?shot\b", re.I)),
    ("few-shot", re.compile(r"\b(?:few|one|[1-9]\d*)[- ]?shots?\b", re.I)),
    ("fine-tuned", re.compile(r"\bfine[- ]?tun(?:ed|ing|e)\b", re.I)),
)


def setting_of(qualifiers: Iterable[str] | None) -> str | None:
    """The evaluation setting a claim's qualifiers name, or None.

    The first setting that any qualifier names wins, in this order: linear probe, zero-shot,
    few-shot, fine-tuned. "5-shot" is few-shot, "0-shot" zero-shot, "linear probing" linear
    probe, "finetuned" fine-tuned.
    """
    if not qualifiers:
        return None
    text = " | ".join(qualifiers)
    for name, pattern in _SETTING_PATTERNS:
        if pattern.search(text):
            return name
    return None
