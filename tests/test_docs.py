"""The README's examples run, and every command it lists exists with useful help."""

import doctest
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import _register, app

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_python_example_runs():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "README has no python example"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README block {i}", str(README), 0)
        runner.run(test)
    assert runner.failures == 0


def _readme_commands():
    text = README.read_text(encoding="utf-8")
    return sorted(set(re.findall(r"`lbx ([a-z]+)", text)))


@pytest.mark.parametrize("command", _readme_commands())
def test_readme_command_has_help(command):
    _register()
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and len(result.output.splitlines()) > 5


def test_readme_states_the_bounds_the_code_uses():
    from extractor.budget import PAPER_CLAIMS, PAPER_SECONDS
    from extractor.textnorm import MAX_SENTENCE

    text = README.read_text(encoding="utf-8")
    assert f"more than\n  {MAX_SENTENCE:,} characters" in text or f"more than {MAX_SENTENCE:,} characters" in text
    assert f"a budget of {PAPER_SECONDS:g} s and {PAPER_CLAIMS} claims" in text
