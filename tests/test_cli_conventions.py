"""CLI conventions: user errors end in one line and a non-zero exit, inputs are read honestly, and every
read command has the same output options. Each case checks the message and the exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import re

import pytest
from typer.testing import CliRunner

from extractor.cli import _register, app

FIX = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = FIX / "seeds"
ABSTRACTS = FIX / "papers" / "abstracts.jsonl"
_register()


def run(*args, input: bytes | str | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def one_line_error(result, code: int, *words: str) -> None:
    """The command failed with ``code`` and said so in one line starting 'error:' that has ``words``."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0], errors[0]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("conventions") / "lbx.duckdb"
    result = run("ingest", SEEDS, "--db", path, "--workers", "1")
    assert result.exit_code == 0, result.output
    return path


# -- no tracebacks for user errors ---------------------------------------------------------------
@pytest.mark.parametrize(
    "args, code, words",
    [
        (["extract", ABSTRACTS, "-o", "{tmp}/out.xlsx"], 2, [".xlsx", "out.xlsx"]),
        (["extract", ABSTRACTS, "-o", "{tmp}/missing/out.jsonl"], 1, ["folder", "does not exist"]),
        (["parse", ABSTRACTS, "-o", "{tmp}/out"], 2, ["without an extension"]),
        (["extract", "{tmp}/nope.jsonl"], 2, ["nope.jsonl", "no such file"]),
        (["extract", ABSTRACTS, "--input-format", "pdf"], 2, ["unknown format", "pdf"]),
        (["export", "--what", "records", "-o", "{tmp}/out.xlsx", "--db", "{db}"], 2, [".xlsx"]),
        (["export", "--what", "records", "-o", "{tmp}/missing/x.csv", "--db", "{db}"], 1, ["does not exist"]),
        (["export", "--what", "records", "-o", "{tmp}/x.csv", "--format", "json", "--db", "{db}"], 2, ["csv", "json"]),
        (["export", "--what", "records", "-o", "-", "--db", "{db}"], 2, ["--format"]),
        (["export", "--what", "records", "-o", "-", "--format", "parquet", "--db", "{db}"], 2, ["parquet"]),
        (["board", "MathVista", "-o", "{tmp}/b.xlsx", "--db", "{db}"], 2, [".xlsx"]),
        (["board", "MathVista", "-o", "{tmp}/missing/b.csv", "--db", "{db}"], 1, ["does not exist"]),
        (["boards", "-o", "{tmp}/b.csv", "--format", "json", "--db", "{db}"], 2, ["make them agree"]),
        (["board", "NoSuchBench", "--db", "{db}"], 1, ["NoSuchBench"]),
        (["boards", "--db", "{tmp}/none.duckdb"], 1, ["no store"]),
        (["eval", "{tmp}/bad.jsonl", ABSTRACTS], 2, ["bad.jsonl:1", "not valid JSON"]),
    ],
)
def test_user_errors_are_one_line(args, code, words, db, tmp_path):
    (tmp_path / "bad.jsonl").write_text("{nope\n")
    filled = [str(a).format(tmp=tmp_path, db=db) for a in args]
    one_line_error(run(*filled), code, *words)


def test_dev_null_is_a_place_to_write(db):
    assert run("extract", ABSTRACTS, "-o", "/dev/null", "--workers", "1").exit_code == 0
    assert run("board", "MathVista", "-o", "/dev/null", "--db", db).exit_code == 0
    assert run("export", "--what", "papers", "-o", "/dev/null", "--db", db).exit_code == 0


def test_locked_store_names_the_process_that_holds_it(db, monkeypatch):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('open', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"open"
        monkeypatch.setenv("LBX_LOCK_WAIT", "0.3")
        result = run("board", "MathVista", "--db", db)
        one_line_error(result, 1, "in use by", f"process {holder.pid}")
        result = run("ingest", ABSTRACTS, "--db", db, "--workers", "1")
        one_line_error(result, 1, "cannot write to", f"process {holder.pid}")
    finally:
        holder.kill()
        holder.wait()


def _lbx() -> list[str]:
    exe = Path(sys.executable).with_name("lbx")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from extractor.cli import main; main()"]


def test_broken_pipe_is_quiet_and_not_zero(tmp_path):
    big = tmp_path / "many.jsonl"
    lines = ABSTRACTS.read_text().splitlines()
    big.write_text("\n".join(line.replace('"id": "', f'"id": "c{i}-') for i in range(40) for line in lines) + "\n")
    proc = subprocess.Popen([*_lbx(), "parse", str(big), "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err


# -- honest input handling -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("paper.pdf", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("sheet.xlsx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "zip"),
        ("blob.txt", b"ELF\x02\x01\x01\x00\x00\x00" + bytes(100), "binary"),
        ("data.csv", b"abstract\n\x00\x01\x02", "binary"),
    ],
)
def test_binary_files_are_refused(tmp_path, name, content, kind):
    target = tmp_path / name
    target.write_bytes(content)
    result = run("extract", target, "-o", "-")
    assert result.exit_code == 1
    assert f"not a text file ({kind}" in result.stderr
    assert "warning: no paper was read (every record was bad)" in result.stderr
    assert result.stdout == ""


def test_csv_without_an_abstract_column_names_what_it_looked_for(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("name,text\nfoo,bar\n")
    result = run("extract", target, "-o", "-")
    assert result.exit_code == 1
    assert "no abstract column: looked for abstract, summary, abstract_text" in result.stderr
    assert "the header has name, text" in result.stderr


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_no_paper_read_exits_non_zero_with_a_warning(tmp_path, content):
    target = tmp_path / "empty.jsonl"
    target.write_text(content)
    for command in (["extract", target], ["parse", target], ["ingest", target, "--db", tmp_path / "s.duckdb"]):
        result = run(*command)
        assert result.exit_code == 1, result.output
        assert "papers read: 0" in result.stderr
        assert "warning: no paper was read (the inputs hold no paper)" in result.stderr
    assert not (tmp_path / "s.duckdb").exists()  # nothing to store: no store made


# -- consistency ---------------------------------------------------------------------------------
def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("lbx ")


@pytest.mark.parametrize("command", ["parse", "extract"])
def test_dash_reads_standard_input(command):
    from_file = run(command, ABSTRACTS, "--workers" if command == "extract" else "--input-format", "1" if command == "extract" else "jsonl")
    from_stdin = run(command, "-", input=ABSTRACTS.read_bytes(), *(["--workers", "1"] if command == "extract" else []))
    assert from_stdin.exit_code == 0, from_stdin.output
    assert from_stdin.stdout == from_file.stdout.replace(str(ABSTRACTS), "-")


def test_ingest_reads_standard_input(tmp_path):
    result = run("ingest", "-", "--db", tmp_path / "s.duckdb", "--workers", "1", input=(SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]).read_bytes())
    assert result.exit_code == 0, result.output
    assert "stored in" in result.stderr and " new, 0 replaced" in result.stderr


def test_eval_reads_standard_input(tmp_path):
    records = tmp_path / "r.jsonl"
    assert run("extract", ABSTRACTS, "-o", records, "--workers", "1").exit_code == 0
    from_file = run("eval", ABSTRACTS, records)
    from_stdin = run("eval", ABSTRACTS, "-", input=records.read_bytes())
    assert from_stdin.exit_code == 0 and from_stdin.stdout == from_file.stdout


def test_extract_and_ingest_print_the_same_summary(tmp_path):
    extracted = run("extract", SEEDS, "-o", tmp_path / "r.jsonl", "--workers", "2")
    ingested = run("ingest", SEEDS, "--db", tmp_path / "s.duckdb", "--workers", "2")
    summary = extracted.stderr.strip().splitlines()[0]
    assert summary.startswith("papers read: ") and "records: " in summary
    assert ingested.stderr.startswith(summary + "; stored in ")
    again = run("ingest", SEEDS, "--db", tmp_path / "s.duckdb", "--workers", "1")
    assert ": 0 new, " in again.stderr and " replaced, 0 merged with another source" in again.stderr


@pytest.mark.parametrize("name", ["ImageNet-1K", "imagenet-1k", "IN-1K", "in-1k", "ILSVRC-2012"])
def test_board_takes_a_name_or_alias_in_any_case(db, name):
    result = run("board", name, "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {r["benchmark"] for r in rows} == {"ImageNet-1K"}


def test_ingest_says_how_many_papers_the_input_repeats(tmp_path):
    first = {"id": "p1", "title": "First", "abstract": "It reaches 70.1% on MMLU."}
    later = {"id": "p1", "title": "Second", "abstract": "It reaches 72.5% on MMLU."}
    other = {"id": "p2", "title": "Other", "abstract": "It reaches 60.0% on MMLU."}
    papers = tmp_path / "papers.jsonl"
    papers.write_text("".join(json.dumps(p) + "\n" for p in (first, other, later)))
    result = run("ingest", papers, "--db", tmp_path / "s.duckdb", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "papers read: 3;" in result.stderr and ": 2 new, 0 replaced, 0 merged with another source, " \
        "1 repeated in the input (the last kept)" in result.stderr
    from extractor.store import Store

    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert store.query("SELECT value FROM claims WHERE paper_id = 'p1'")["value"].tolist() == [72.5]


@pytest.mark.parametrize("command", [["boards"], ["board", "MathVista"], ["conflicts"]])
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl"])
def test_read_commands_share_one_output_option_set(db, tmp_path, command, fmt):
    on_screen = run(*command, "--db", db, "--format", fmt)
    assert on_screen.exit_code == 0, on_screen.output
    suffix = {"table": "txt"}.get(fmt, fmt)
    to_file = run(*command, "--db", db, "-o", tmp_path / f"out.{suffix}")  # the format from the extension
    assert to_file.exit_code == 0, to_file.output
    assert (tmp_path / f"out.{suffix}").read_text() == on_screen.stdout
    if fmt == "json":
        assert isinstance(json.loads(on_screen.stdout), list)
    if fmt == "jsonl":
        assert all(isinstance(json.loads(line), dict) for line in on_screen.stdout.splitlines())


def test_board_rows_say_which_board_and_call_evidence_evidence(db):
    rows = json.loads(run("board", "MathVista", "--db", db, "--format", "json").stdout)
    assert rows and all(r["benchmark"] == "MathVista" and "metric" in r for r in rows)
    assert all("evidence" in r and "sentence" not in r for r in rows)
    csv_header = run("board", "MathVista", "--db", db, "--format", "csv").stdout.splitlines()[0].split(",")
    assert csv_header[:2] == ["benchmark", "metric"] and "evidence" in csv_header and "sentence" not in csv_header
    assert "evidence" in run("board", "MathVista", "--db", db).stdout.splitlines()[3]


@pytest.mark.parametrize("suffix", ["csv", "json", "jsonl", "parquet"])
def test_export_takes_the_format_from_the_file_name(db, tmp_path, suffix):
    target = tmp_path / f"records.{suffix}"
    result = run("export", "--what", "records", "-o", target, "--db", db)
    assert result.exit_code == 0, result.output
    if suffix == "json":
        assert isinstance(json.loads(target.read_text()), list)
    elif suffix == "jsonl":
        assert json.loads(target.read_text().splitlines()[0])["paper_id"]
    elif suffix == "csv":
        assert target.read_text().startswith("paper_id,")
    else:
        assert target.read_bytes()[:4] == b"PAR1"


def test_ingest_and_extract_take_the_same_worker_and_progress_options():
    for command in ("extract", "ingest"):
        text = run(command, "--help").stdout
        assert "--workers" in text and "one per core" in text and "--progress" in text and "--input-format" in text


JARGON = ("JSONL", "DuckDB", "partition", "stdout", "kwargs", "canonical")


@pytest.mark.parametrize("command", ["parse", "extract", "ingest", "boards", "board", "export", "dashboard", "eval"])
def test_help_avoids_jargon(command):
    # Option names are what the user types, not prose: "--partitions" is asked for by name.
    text = re.sub(r"--[\w-]+", "", run(command, "--help").stdout)
    assert not [word for word in JARGON if word in text], text


def test_dashboard_listens_where_asked_in_viewer_mode(db, monkeypatch):
    from extractor.cli import store_cmds

    seen = []
    monkeypatch.setattr(store_cmds.os, "execv", lambda path, argv: seen.append(argv))
    result = run("dashboard", "--db", db, "--host", "0.0.0.0", "--port", "8777")
    assert result.exit_code == 0, result.output
    argv = seen[0]
    assert argv[argv.index("--server.address") + 1] == "0.0.0.0"
    assert argv[argv.index("--client.toolbarMode") + 1] == "viewer"
    assert "http://0.0.0.0:8777" in result.stderr
