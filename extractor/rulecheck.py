"""Run every rule's own examples: each ``match`` sentence must be claimed by that rule with that
value, and no ``no_match`` sentence may be claimed by it."""

from __future__ import annotations

import math

from extractor.claims import analyse, decide
from extractor.rules import Rule


def decisions_for(text: str, rules: tuple[Rule, ...]):
    """Every number of ``text`` with the rule that claimed or ignored it, or why none did."""
    _, sents = analyse(text, rules)
    for sent in sents:
        yield from decide(sent, rules)


def explain(text: str, rules: tuple[Rule, ...]) -> list[str]:
    """One line per number of ``text``: the number as written, what the rules made of it, and the
    rule that decided (or why it is no candidate), with the rule's reason."""
    norm, sents = analyse(text, rules)
    lines: list[str] = []
    for sent in sents:
        for d in decide(sent, rules):
            a, b = norm.span(sent.start + d.number.start, sent.start + d.number.end)
            if d.rule is None:
                verdict = "not a claim"
            else:
                verdict = "not a claim" if d.rule.kind == "ignore" else d.rule.kind
            line = f"{text[a:b]!r:>14}  {verdict:11}  {d.reason}"
            if d.rule is not None and d.rule.why:
                line += f"  -- {d.rule.why}"
            lines.append(line)
    return lines


def check_example(rule: Rule, rules: tuple[Rule, ...], text: str, value: float | None) -> str | None:
    """None when the example holds, else a message naming the rule and the example."""
    found = [d for d in decisions_for(text, rules) if (d.via or (d.rule.id if d.rule else None)) == rule.id]
    if value is None:
        if found:
            got = ", ".join(f"{d.number.value:g}" for d in found)
            return f"rule {rule.id}: no_match example {text!r}: the rule claimed {got}"
        return None
    if any(math.isclose(d.number.value, value, rel_tol=1e-9) for d in found):
        return None
    others = [f"{d.number.value:g}->{d.reason}" for d in decisions_for(text, rules)]
    return f"rule {rule.id}: match example {text!r}: expected {value:g}, decisions were [{'; '.join(others)}]"


def check_rules(rules: tuple[Rule, ...]) -> list[str]:
    failures: list[str] = []
    for rule in rules:
        for text, value in rule.match:
            msg = check_example(rule, rules, text, value)
            if msg:
                failures.append(msg)
        for text in rule.no_match:
            msg = check_example(rule, rules, text, None)
            if msg:
                failures.append(msg)
    return failures
