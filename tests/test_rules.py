"""Every rule's own examples, one test case each, named by rule id; and rule-file validation."""

from pathlib import Path

import pytest

from extractor.rulecheck import check_example
from extractor.rules import RuleError, default_rules, load_rules

RULES = default_rules()
CASES = [
    pytest.param(rule, text, value, id=f"{rule.id}:{'match' if value is not None else 'no_match'}:{i}")
    for rule in RULES
    for i, (text, value) in enumerate([*rule.match, *((t, None) for t in rule.no_match)])
]


@pytest.mark.parametrize(("rule", "text", "value"), CASES)
def test_rule_example(rule, text, value):
    problem = check_example(rule, RULES, text, value)
    assert problem is None, problem


def test_every_rule_has_examples_of_both_sides():
    missing = [r.id for r in RULES if not r.match or (r.kind != "inherit" and not r.no_match)]
    assert not missing, f"rules without match and no_match examples: {missing}"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
[[rules]]
id = "a-rule"
kind = "delta"
sign = "+"
match = [["it gains +3 points", 3]]
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (GOOD + GOOD, "rule 'a-rule': duplicate rule id"),
        (GOOD.replace('sign = "+"', 'sign = "+"\ncolour = "red"'), "rule 'a-rule': unknown field(s) ['colour']"),
        (GOOD.replace('kind = "delta"', 'kind = "gain"'), "rule 'a-rule': kind must be one of"),
        (GOOD.replace('sign = "+"', "before = '''(unclosed'''"), "rule 'a-rule': bad pattern"),
        (GOOD.replace('sign = "+"', "before = '''{NOPE}'''"), "rule 'a-rule': unknown macro {NOPE}"),
        (GOOD.replace('match = [["it gains +3 points", 3]]', "match = [\"no value\"]"), "rule 'a-rule': each match example is [text, value]"),
        (GOOD.replace('id = "a-rule"', 'id = "Bad Id"'), "id must be kebab-case"),
        ("[[rules]\nid=", "not valid TOML"),
    ],
)
def test_broken_rule_files_name_file_and_rule(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(RuleError) as err:
        load_rules(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_a_valid_minimal_file_loads(tmp_path):
    rules = load_rules(_write(tmp_path, GOOD))
    assert [r.id for r in rules] == ["a-rule"]


def test_needs_filters_only_spare_work():
    """A rule's `needs` pattern may skip its `before` pattern only where that could not match:
    decisions on every bundled abstract are the same with the filters removed."""
    import dataclasses
    from pathlib import Path

    from extractor.readers import read_papers
    from extractor.rulecheck import decisions_for
    from schemas import BadRecord

    unfiltered = tuple(dataclasses.replace(r, needs=None) for r in RULES)
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    papers = [p for p in read_papers([fixtures / "seeds", fixtures / "papers"]) if not isinstance(p, BadRecord)]
    assert len(papers) > 200
    for paper in papers:
        with_needs = [(d.number.start, d.reason) for d in decisions_for(paper.abstract, RULES)]
        without = [(d.number.start, d.reason) for d in decisions_for(paper.abstract, unfiltered)]
        assert with_needs == without, paper.title


def test_split_searches_find_what_the_whole_patterns_find():
    """A sentence-wide pattern searched one top-level alternative at a time, and a `needs`
    pattern looked up as its words in the ASCII-folded text, agree with the whole patterns:
    over every rule example and bundled abstract, and texts whose letters fold only outside
    ASCII (the Kelvin sign, a long s, a dotted capital I)."""
    from pathlib import Path

    from extractor.readers import read_papers
    from extractor.rules import fold, literal_words, search_parts
    from schemas import BadRecord

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    texts = [p.abstract for p in read_papers([fixtures / "seeds", fixtures / "papers"]) if not isinstance(p, BadRecord)]
    texts += [t for r in RULES for t in [*(t for t, _ in r.match), *r.no_match]]
    texts += ["\u212aappa of 0.8", "\u017fpeed up by 2x", "\u0130mproves by 3", "SPEED\x0b", "fROM 3 to 4", "sped"]
    split = [r for r in RULES if r.sentence_without is not None and len(r.without_parts) > 1]
    worded = [r for r in RULES if r.needs_words is not None]
    assert split and len(worded) >= 10
    for text in texts:
        for rule in split:
            assert (rule.sentence_without.search(text) is None) == all(p.search(text) is None for p in rule.without_parts)
        folded = fold(text)
        for rule in worded:
            assert (rule.needs.search(text) is not None) == any(w in folded for w in rule.needs_words), (rule.id, text)
    assert len(search_parts(r"a|(b|c)", 0)) == 1  # a capturing group: kept whole
    assert len(search_parts(r"[|]a|xb", 0)) == 2 and len(search_parts(r"(?:a|b)", 0)) == 1
    assert literal_words(r"from|\(") == (b"from", b"(") and literal_words(r"\bthan|over") is None
