"""`lbx rules explain TEXT`: each number with its decision and the rule that made it."""

from typer.testing import CliRunner

from extractor.cli import _register, app
from extractor.rulecheck import explain
from extractor.rules import default_rules

_register()


def test_explain_names_kind_and_rule_per_number():
    lines = explain("It trims the FLOPs by 25% and reaches 80.3% on MathVista with 7B parameters.", default_rules())
    assert len(lines) == 3
    assert "'25%'" in lines[0] and "efficiency" in lines[0]
    assert "'80.3%'" in lines[1] and "score" in lines[1] and "score-on-bench" in lines[1]
    assert "'7B'" in lines[2] and "not a claim" in lines[2] and "size" in lines[2]


def test_explain_command_prints_the_lines():
    res = CliRunner().invoke(app, ["rules", "explain", "We obtain 34.3 BLEU on the news set."])
    assert res.exit_code == 0
    assert "'34.3'" in res.output and "score-number-metric" in res.output


def test_explain_command_without_numbers():
    res = CliRunner().invoke(app, ["rules", "explain", "No numbers here."])
    assert res.exit_code == 0 and "no candidate numbers" in res.output
