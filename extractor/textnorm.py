"""Text normalisation for matching, with a map back to the original text.

Raw arXiv abstracts carry LaTeX (``\\%``, ``$+2.3$``, ``$2.1\\times$``, ``\\textbf{71.2}``, ``~``,
``$\\sim$``), and any source may carry unicode minus signs, odd spaces and dashes. Rules match
on the normalised text; evidence offsets are mapped back so they always point into the text as
written.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# One pass over the text: each alternative is a piece of markup with a fixed replacement.
# Order matters where alternatives share a prefix (longer first).
_REPLACEMENTS: dict[str, str] = {
    "\\%": "%",
    "\\$": "$",
    "\\times": "×",
    "\\texttimes": "×",
    "\\sim": "~",
    "\\approx": "~",
    "\\pm": "±",
    "\\mp": "±",
    "\\uparrow": "",
    "\\downarrow": "",
    "\\,": " ",
    "\\;": " ",
    "\\!": "",
    "\\ ": " ",
    "\\-": "",
    "\\&": "&",
    "\\_": "_",
    "\\textbf{": "",
    "\\textit{": "",
    "\\emph{": "",
    "\\textrm{": "",
    "\\mathrm{": "",
    "\\mathbf{": "",
    "\\text{": "",
    "\\textsc{": "",
    "\\texttt{": "",
    "\\underline{": "",
    "{\\bf ": "",
    "{\\it ": "",
    "{\\em ": "",
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash
    "\u2014": " - ",  # em dash
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",  # no-break space
    "\u2009": " ",  # thin space
    "\u202f": " ",  # narrow no-break space
    "\u2002": " ",
    "\u2003": " ",
    "\u200b": "",  # zero-width space
    "\u2248": "~",  # almost equal
    "\u223c": "~",  # tilde operator
    "\u00d7": "×",
    "\u2715": "×",
    "\u2716": "×",
    "\uff05": "%",  # fullwidth percent
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
}

_TOKEN = regex.compile(
    "|".join(regex.escape(k) for k in sorted(_REPLACEMENTS, key=len, reverse=True))
    # a LaTeX math delimiter, or a command we do not know (dropped, its argument kept)
    + r"|\$|\\[A-Za-z]+\s?\{?"
    # a LaTeX tie between words is a space; "~3M" before a digit means "about"
    + r"|~(?!\s?\d)"
)
_NEEDS_WORK = regex.compile(r"[\\$~\u2212\u2013\u2014\u2010\u2011\u00a0\u2009\u202f\u2002\u2003\u200b\u2248\u223c\uff05\u2018\u2019\u201c\u201d]")
# LaTeX is present when a command is, or a number sits alone between dollars ("$+2.3$").
_LATEX_HINT = regex.compile(r"\\[A-Za-z%$]|\$[+\-]?[\d.]+\$")


@dataclass(slots=True)
class NormText:
    """Normalised text plus, per normalised character, where it came from in the original."""

    original: str
    text: str
    starts: list[int] | None  # None means the text was not changed (identity map)
    ends: list[int] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> NormText:
    """Normalise ``text`` for matching; never raises on any string."""
    if not _NEEDS_WORK.search(text):
        return NormText(text, text, None, None)
    latex = bool(_LATEX_HINT.search(text))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok == "$" and not latex:
            continue  # a dollar sign in plain text is a currency sign: keep it
        if m.start() > pos:
            chunk = text[pos : m.start()]
            out.append(chunk)
            starts.extend(range(pos, m.start()))
            ends.extend(range(pos + 1, m.start() + 1))
        rep = _REPLACEMENTS.get(tok)
        if rep is None:
            rep = " " if tok == "~" else ""
            if tok.startswith("\\") and tok.endswith(" "):
                rep = " "
        if rep:
            out.append(rep)
            starts.extend([m.start()] * len(rep))
            ends.extend([m.end()] * len(rep))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    norm = "".join(out)
    # Braces left over from LaTeX groups are dropped in a second, cheap pass.
    if latex and ("{" in norm or "}" in norm):
        keep = [i for i, ch in enumerate(norm) if ch not in "{}" or _brace_is_literal(norm, i)]
        norm = "".join(norm[i] for i in keep)
        starts = [starts[i] for i in keep]
        ends = [ends[i] for i in keep]
    return NormText(text, norm, starts, ends)


def _brace_is_literal(text: str, i: int) -> bool:
    # Subscript braces such as F_{0.5} carry meaning; keep them so the name stays a name.
    if text[i] == "{":
        return i > 0 and text[i - 1] in "_^"
    j = text.rfind("{", 0, i)
    return j > 0 and text[j - 1] in "_^"


# Sentence boundaries: end punctuation, then space, then something that can open a sentence.
# Abbreviations that end in a period are protected by the look-behinds.
_SENT_END = regex.compile(
    r"(?<!\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Sec|No|approx|resp|w\.r\.t|a\.k\.a))"
    r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans [start, end)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans
