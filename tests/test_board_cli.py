"""`lbx boards` and `lbx board`: golden output in every format, and no pandas on the way.

Set LBX_UPDATE_GOLDEN=1 to rewrite tests/golden/board_cli.txt after an intended change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_exports import INJECTED, small_store
from test_store import acc, item, paper, wer
from typer.testing import CliRunner

import extractor.cli.store_cmds  # noqa: F401  (registers the commands)
from extractor.cli import app
from extractor.store import Store

GOLDEN = Path(__file__).resolve().parent / "golden" / "board_cli.txt"
COMMANDS = [
    ["boards"],
    ["board", "imagenet"],
    ["board", "LibriSpeech"],
    ["board", "LibriSpeech", "--limit", "1"],
    ["board", "LibriSpeech", "--split", "test clean", "--setting", "zero-shot"],
    ["board", "ImageNet", "--format", "csv"],
    ["board", "LibriSpeech", "--format", "csv", "--limit", "2"],
    ["board", "ImageNet", "--format", "json"],
    ["board", "LibriSpeech", "--format", "json"],
    ["board", "LibriSpeech", "--metric", "nope"],
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("board_cli") / "lbx.duckdb"
    with Store(path) as s:
        small_store(s)
        s.ingest([
            item(paper("p1", title="@attack", date="2023"),
                 wer("p1", 13.7, INJECTED, text="+13.7", split="test-clean"),
                 wer("p1", 2.0, "-minus", sentence="=cmd reaches 2 on the benchmark.", split="test clean",
                     qualifiers=["=x", "zero-shot"]),
                 wer("p1", 1e-05, "tiny", unit=None, split="test-clean"), wer("p1", 1e16, "huge", split="test-clean")),
            item(paper("p2", title='Tabs\tand\nnewlines, "quotes"', date="2022"),
                 acc("p2", 0.5, 'q,uote"d', unit=None), acc("p2", 87.1, "  ", qualifiers=[]),
                 acc("p2", 77.0, None, higher_is_better=None)),
        ])
    return str(path)


def _transcript(db: str) -> str:
    runner = CliRunner()
    parts = []
    for args in COMMANDS:
        result = runner.invoke(app, [*args, "--db", db])
        head = f"$ lbx {' '.join(args)}  [exit {result.exit_code}]"
        parts.append(f"{head}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}")
    return "".join(parts)


def test_board_commands_print_the_golden_output(db):
    text = _transcript(db)
    if os.environ.get("LBX_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


_NO_PANDAS = """
import json, sys
from extractor.cli import _register, app
import extractor.cli.store_cmds
_register()
for args in (["boards"], ["board", "ImageNet"], ["board", "ImageNet", "--format", "csv"],
             ["board", "LibriSpeech", "--format", "json"]):
    try:
        app([*args, "--db", sys.argv[1]])
    except SystemExit as exc:
        assert not exc.code, (args, exc.code)
heavy = sorted(m for m in ("pandas", "pyarrow", "numpy", "schemas") if m in sys.modules)
print(json.dumps(heavy))
"""


def test_board_commands_do_not_import_pandas_or_arrow(db):
    result = subprocess.run([sys.executable, "-c", _NO_PANDAS, db], capture_output=True, text=True, check=True)
    assert "ImageNet / top-1 accuracy" in result.stdout
    assert json.loads(result.stdout.splitlines()[-1]) == []
