"""The conditions a claimed number was measured under: the split written with it ("test-clean")
and the qualifiers a reader needs to compare it ("up to", "zero-shot", a backbone, a rule's own)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractor import prefilter
from extractor.attribution import Span, clause_bounds, lexicon

if TYPE_CHECKING:
    from extractor.claims import Decision, Sentence
    from extractor.numbers import Number


def pick_split(sent: "Sentence", bench: "Span | None", num: "Number") -> str | None:
    """The split written nearest the number, within reach of it or of its benchmark name:
    "2.1% on test-clean and 4.3% on test-other" gives each number its own."""
    lex = lexicon()
    lo = min(bench.start, num.start) if bench else num.start
    hi = max(bench.end, num.end) if bench else num.end
    best, best_d = None, None
    for m in lex.splits.finditer(sent.text, max(0, lo - 30), min(len(sent.text), hi + 40)):
        d = m.start() - num.end if m.start() >= num.end else (num.start - m.end()) + 10
        if best_d is None or d < best_d:
            best, best_d = m, d
    if best is None:
        return None
    return (best.group(1) or best.group(2)).lower().replace(" ", "-")


def qualifiers(sent: "Sentence", decision: "Decision", members: list[int]) -> list[str]:
    """Condition words that matter to compare the number: written just before it ("up to"),
    anywhere in its clause ("zero-shot", "average"), a backbone, and the rule's own."""
    lex = lexicon()
    first, last = sent.numbers[members[0]], sent.numbers[members[-1]]
    lo, hi = clause_bounds(sent.text, first.start, last.end)
    before = sent.text[max(0, first.start - 25) : first.start]
    found = [name for name, pat in prefilter.end_guarded_pairs(lex.approximators) if pat.search(before)]
    low = sent.text[lo:hi].lower()
    # (most qualifiers have one hint: it is tested without a generator)
    found += [name for name, pat, hints in lex.qualifiers
              if name not in found and hints
              and (hints[0] in low or len(hints) > 1 and any(h in low for h in hints[1:]))
              and pat.search(sent.text, lo, hi)]
    bb = lex.backbone.search(sent.text, lo, hi)
    if bb:
        found.append(f"with {bb.group(1)}")
    if decision.rule is not None:
        found += [q for q in decision.rule.qualifiers if q not in found]
    return found
