"""Text normalisation for matching, with a map back to the original text.

Raw arXiv abstracts carry LaTeX (``\\%``, ``$+2.3$``, ``$2.1\\times$``, ``\\textbf{71.2}``, ``~``,
``$\\sim$``), and any source may carry unicode minus signs, odd spaces and dashes. Rules match
on the normalised text; evidence offsets are mapped back so they always point into the text as
written.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import re


# One pass over the text: each alternative is a piece of markup with a fixed replacement.
# Order matters where alternatives share a prefix (longer first).
_REPLACEMENTS: dict[str, str] = {
    "\\%": "%",
    "\\$": "$",
    "\\(": "",  # inline math delimiters, as "$" is
    "\\)": "",
    "\\times": "×",
    "\\texttimes": "×",
    "\\sim": " about ",  # spaced both sides: "QWK\approx0.7" reads "QWK about 0.7"
    "\\approx": " about ",
    "^{\\circ}": "\u00b0",  # degrees: "3.42^{\\circ}"
    "^\\circ": "\u00b0",
    "\\pm": "±",
    "\\mp": "±",
    "\\rightarrow": " → ",  # "66.3\\%$\\rightarrow$72.9\\%": a change from one value to another
    "\\Rightarrow": " → ",
    "\\longrightarrow": " → ",
    "\\to$": " → ",  # "\\to" only where it ends: "\\top" and "\\tolerance" are other commands
    "\\to ": " → ",
    "\\uparrow": "↑",  # "($\\uparrow$1.3)": a gain written with an arrow (dropped after a name: "Acc$\\uparrow$")
    "\\downarrow": "↓",
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
    "\u2248": "about ",  # almost equal
    "\u223c": "about ",  # tilde operator
    "\u00d7": "×",
    "\u2715": "×",
    "\u2716": "×",
    "\uff05": "%",  # fullwidth percent
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
}

# The standard library's engine is several times faster than `regex` on this plain alternation.
_TOKEN = re.compile(
    "|".join(re.escape(k) for k in sorted(_REPLACEMENTS, key=len, reverse=True))
    # a character given by its code ("\unicode{x2013}"): dropped whole, so "x2013" is no multiple
    + r"|\\unicode\{[^{}]*\}"
    # a LaTeX math delimiter, or a command we do not know (dropped, its argument kept)
    + r"|\$|\\[A-Za-z]+\s?\{?"
    # a LaTeX tie between words is a space; "~3M" before a digit means "about"
    + r"|~"
)
# Every character a token above can start with: a one-class scan finds the places to look at,
# and the token is matched only there (an alternation tried at every position is much slower).
_FIRST_CHARS = "".join(sorted({k[0] for k in _REPLACEMENTS} | {"$", "\\", "~"}))
_NEEDS_WORK = re.compile("[" + re.escape(_FIRST_CHARS) + "]")
# On ASCII text only the ASCII characters of that class can be there: a few substring tests.
_ASCII_WORK = "".join(c for c in _FIRST_CHARS if c.isascii())


def _needs_work(text: str) -> bool:
    """Whether ``_NEEDS_WORK`` finds anything in ``text``."""
    if text.isascii():
        return any(c in text for c in _ASCII_WORK)
    return _NEEDS_WORK.search(text) is not None


# LaTeX is present when a command is, or a number (or a pair "0.98/2.49", or a share "10%") or a
# short symbol sits alone between dollars ("$+2.3$", "$F_1$").
_LATEX_HINT = re.compile(r"\\[A-Za-z%$()]|\$[+\-]?\d[\d.,/]*(?:%|[kKMB])?\$|\$[A-Za-z{][^$\s]{0,20}\$")
# An up or down arrow counts as a sign only right before a number: "($\\uparrow$1.3)".
_ARROWS = ("↑", "↓")
_DIGIT_AHEAD = re.compile(r"[$\s]*[+]?\d")
# A tilde between two numbers is a range: "5% ~ 12%"; not after a name's digit ("F1~0.298" is F1 about 0.298).
_AFTER_NUMBER = re.compile(r"(?<![A-Za-z])\d+(?:\.\d+)?%?\s?$")
_BETWEEN_NUMBERS = re.compile(r"\s?\d")


@dataclass(slots=True)
class NormText:
    """Normalised text plus a map back to the original.

    The map is a list of segments: ``seg_norm[i]`` is where segment i starts in the normalised
    text, ``seg_orig[i]`` where it starts in the original, and ``seg_len[i]`` is its length in the
    original when the segment is a replacement (every character of it maps to the whole token),
    or -1 when it is copied character for character.
    """

    original: str
    text: str
    seg_norm: list[int] | None = None  # None means the text was not changed (identity map)
    seg_orig: list[int] | None = None
    seg_len: list[int] | None = None

    def _locate(self, i: int) -> tuple[int, int]:
        """Original [start, end) of normalised character i."""
        k = bisect_right(self.seg_norm, i) - 1
        if self.seg_len[k] < 0:
            pos = self.seg_orig[k] + (i - self.seg_norm[k])
            return pos, pos + 1
        return self.seg_orig[k], self.seg_orig[k] + self.seg_len[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if self.seg_norm is None:
            return start, end
        n = len(self.text)
        if start >= n:
            return len(self.original), len(self.original)
        if end <= start:
            pos = self._locate(start)[0]
            return pos, pos
        return self._locate(start)[0], self._locate(min(end, n) - 1)[1]


def normalise(text: str) -> NormText:
    """Normalise ``text`` for matching; never raises on any string."""
    if not _needs_work(text):
        norm = NormText(text, text)
        return _drop(norm, _spaces_dropped(text)) if _has_space_run(text) else norm
    latex = bool(_LATEX_HINT.search(text))
    out: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_len: list[int] = []
    npos = 0  # length of the normalised text so far
    pos = 0
    for hit in _NEEDS_WORK.finditer(text):
        if hit.start() < pos:
            continue  # inside a token already replaced
        m = _TOKEN.match(text, hit.start())
        if m is None:
            continue
        tok = m.group()
        if tok == "$" and not latex:
            continue  # a dollar sign in plain text is a currency sign: keep it
        rep = _REPLACEMENTS.get(tok)
        if tok in ("~", "\u223c") and _BETWEEN_NUMBERS.match(text, m.end()) and _AFTER_NUMBER.search(text, max(0, m.start() - 12), m.start()):
            rep = "-"  # "5% ~ 12%", "5%∼12%": a range
        elif tok == "~":
            # "~29%" after a space means about; "Table~1" is a LaTeX tie, so a space
            glued = m.start() > 0 and text[m.start() - 1].isalnum()
            rep = "about " if not glued and text[m.end() : m.end() + 2].strip()[:1].isdigit() else " "
        elif rep in _ARROWS and not _DIGIT_AHEAD.match(text, m.end()):
            rep = ""  # "Acc$\\uparrow$ of 71.2": the arrow says which way is better, no sign
        if rep is None:
            rep = " " if tok.startswith("\\") and tok.endswith(" ") else ""
        if m.start() > pos:
            out.append(text[pos : m.start()])
            seg_norm.append(npos)
            seg_orig.append(pos)
            seg_len.append(-1)
            npos += m.start() - pos
        if rep:
            out.append(rep)
            seg_norm.append(npos)
            seg_orig.append(m.start())
            seg_len.append(m.end() - m.start())
            npos += len(rep)
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
        seg_norm.append(npos)
        seg_orig.append(pos)
        seg_len.append(-1)
    norm = NormText(text, "".join(out), seg_norm, seg_orig, seg_len)
    # Braces left over from LaTeX groups are dropped too (but not subscripts such as F_{0.5}).
    if latex and ("{" in norm.text or "}" in norm.text):
        norm = _drop(norm, _braces_dropped(norm.text))
    if _has_space_run(norm.text):
        norm = _drop(norm, _spaces_dropped(norm.text))
    return norm


def _drop(norm: NormText, dropped: list[int]) -> NormText:
    """``norm`` without the characters at ``dropped`` (offsets in increasing order), still mapped
    to the original."""
    text = norm.text
    if norm.seg_norm is None:  # identity so far: one copied segment
        norm = NormText(norm.original, text, [0], [0], [-1])
    out: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_len: list[int] = []
    npos = 0
    n = len(text)
    i = 0  # start of the next kept run
    for j in (*dropped, n):
        # Copy the kept run [i, j), splitting it at the original segments it crosses.
        k = i
        while k < j:
            s = bisect_right(norm.seg_norm, k) - 1
            seg_end = norm.seg_norm[s + 1] if s + 1 < len(norm.seg_norm) else n
            stop = min(j, seg_end)
            out.append(text[k:stop])
            seg_norm.append(npos)
            if norm.seg_len[s] < 0:
                seg_orig.append(norm.seg_orig[s] + (k - norm.seg_norm[s]))
                seg_len.append(-1)
            else:
                seg_orig.append(norm.seg_orig[s])
                seg_len.append(norm.seg_len[s])
            npos += stop - k
            k = stop
        i = j + 1
    return NormText(norm.original, "".join(out), seg_norm, seg_orig, seg_len)


_BRACE = re.compile(r"[{}]")


def _braces_dropped(text: str) -> list[int]:
    """Where LaTeX group braces are, to be dropped. Subscript braces such as F_{0.5} carry meaning
    and stay, with the brace that closes them (the nearest "{" before a "}" decides)."""
    out: list[int] = []
    last_open_literal = False  # whether the nearest "{" so far is a subscript's
    for m in _BRACE.finditer(text):
        i = m.start()
        if text[i] == "{":
            last_open_literal = i > 0 and text[i - 1] in "_^"
        if not last_open_literal:
            out.append(i)
    return out


# A run of whitespace longer than two characters (PDF and pasted text) reads as one space: every
# pattern then sees short runs, and none can backtrack across a long one.
_SPACE_RUN = re.compile(r"\s{3,}")


def _has_space_run(text: str) -> bool:
    """``_SPACE_RUN.search(text)``, cheaply ruled out first: a run of three holds two spaces in
    a row or a whitespace character other than the space. In ASCII text those are the control
    characters looked for here; elsewhere each is one that ``str.isprintable`` rejects."""
    if text.isascii():
        maybe = ("  " in text or "\n" in text or "\t" in text or "\r" in text or "\x0b" in text or "\x0c" in text
                 or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text)
    else:
        maybe = "  " in text or not text.isprintable()
    return maybe and _SPACE_RUN.search(text) is not None


def _spaces_dropped(text: str) -> list[int]:
    """Every character of a whitespace run but its first."""
    out: list[int] = []
    for m in _SPACE_RUN.finditer(text):
        out.extend(range(m.start() + 1, m.end()))
    return out


# Sentence boundaries: end punctuation, then space, then something that can open a sentence;
# a period that ends one of these abbreviations does not end a sentence.
_SENT_END = re.compile(r"[.!?]\s+(?=[\"'(\[]?[A-Z0-9])")
# The same, one end mark at a time: a pattern that starts with a literal is searched for that
# character alone, several times faster than a class tried at every position. A boundary starts
# at its mark and ends before a character that is no space, so two never overlap, and the marks'
# boundaries put in order are those of ``_SENT_END``.
_SENT_ENDS = tuple((mark, re.compile(re.escape(mark) + _SENT_END.pattern[len("[.!?]"):])) for mark in ".!?")
_ABBREV = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Fig.", "Figs.", "Eq.", "Sec.", "No.", "approx.",
           "resp.", "w.r.t.", "a.k.a.")


MAX_SENTENCE = 2000  # characters; longer "sentences" (pasted tables, junk) are cut (see sentences)
# Where a too-long sentence may be cut, best first: after a clause mark, then at a space.
_CUT_AT = (re.compile(r"[;:]\s"), re.compile(r",\s"), re.compile(r"\s"))


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to end a piece of an over-long sentence that begins at ``start``: the last clause
    mark or space in the second half of the allowed length, else the limit itself moved back
    off a digit or letter so no number or word is split when that can be avoided."""
    hi = start + limit
    lo = start + limit // 2
    window = text[lo:hi]
    for pattern in _CUT_AT:
        last = None
        for last in pattern.finditer(window):
            pass
        if last is not None:
            return lo + last.end()
    cut = hi
    while cut > lo and text[cut - 1].isalnum() and text[cut].isalnum():
        cut -= 1
    return cut if cut > lo else hi


def sentences(text: str, max_len: int = MAX_SENTENCE, cuts: list[int] | None = None) -> list[tuple[int, int]]:
    """Split text into sentence spans [start, end). A sentence longer than ``max_len`` is cut
    into pieces of at most ``max_len`` characters, so no later stage ever sees more than that
    at once; the offsets of the cuts are added to ``cuts`` when it is given."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for start, stop in _boundaries(text):
        end = start + 1
        if text[start] == "." and text.endswith(_ABBREV, max(0, end - 7), end):
            continue
        _append(spans, text, pos, end, max_len, cuts)
        pos = stop
    if pos < len(text):
        _append(spans, text, pos, len(text), max_len, cuts)
    return spans


def _boundaries(text: str) -> list[tuple[int, int]]:
    """The spans of ``_SENT_END``'s matches in ``text``, in order."""
    found: list[tuple[int, int]] = []
    for mark, pattern in _SENT_ENDS:
        if mark in text:
            found += [m.span() for m in pattern.finditer(text)]
    if len(found) > 1:
        found.sort()
    return found


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int, max_len: int, cuts: list[int] | None) -> None:
    while end - start > max_len:
        cut = _cut_point(text, start, max_len)
        spans.append((start, cut))
        if cuts is not None:
            cuts.append(cut)
        start = cut
    spans.append((start, end))
