"""``lbx parse``, ``lbx extract``, ``lbx eval`` and ``lbx rules``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from extractor.cli import app

if TYPE_CHECKING:  # the record models (pydantic) load with the commands that use them, not with every `lbx`
    from schemas import BadRecord

rules_app = typer.Typer(help="List and check the claim rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

Inputs = Annotated[list[Path], typer.Argument(help="Input files or directories (HF listing pages, JSONL, JSON, CSV, TSV, arXiv Atom XML, .txt directories; .gz read transparently).")]
FormatOpt = Annotated[Optional[str], typer.Option("--format", "-f", help="Input format, overriding detection by content and extension.")]


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _read(inputs: list[Path], fmt: str | None):
    from extractor.readers import ReaderError, read_papers

    try:
        yield from read_papers(inputs, format=fmt)
    except ReaderError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc


def _progress(enabled: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if not enabled:
        return None
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    transient=True, console=None)


def _report_bad(bad: list[BadRecord]) -> None:
    for b in bad[:50]:
        where = f"{b.source}:{b.line}" if b.line else b.source
        _err(f"  skipped {where}: {b.error}")
    if len(bad) > 50:
        _err(f"  ... and {len(bad) - 50} more bad records")


@app.command()
def parse(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write paper records (.jsonl, .json, .csv, .parquet, or - for stdout).")] = Path("-"),
    fmt: FormatOpt = None,
) -> None:
    """Read inputs of any supported format into normalised paper records."""
    from extractor.outputs import open_writer
    from schemas import BadRecord

    n, bad = 0, []
    with open_writer(output, kind="papers") as out:
        for item in _read(inputs, fmt):
            if isinstance(item, BadRecord):
                bad.append(item)
                continue
            out.write(item.model_dump(mode="json"))
            n += 1
    _err(f"papers read: {n}; bad records skipped: {len(bad)}")
    _report_bad(bad)


@app.command()
def extract(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("--output", "-o", help="Records file: .jsonl, .json, .csv, .parquet, or - for JSONL on stdout.")] = Path("-"),
    fmt: FormatOpt = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core, up to 4).")] = 0,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal).")] = None,
    issues_out: Annotated[Optional[Path], typer.Option("--issues", help="Also write extraction issues and bad records as JSONL here.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (worker processes on this machine) or dask (a Dask cluster; OUTPUT is a folder).")] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="With --engine dask: address of a running Dask scheduler (default: a local cluster).")] = None,
    partitions: Annotated[Optional[int], typer.Option("--partitions", min=1, help="With --engine dask: about how many pieces to cut the input into.")] = None,
) -> None:
    """Extract every claimed result from the inputs' abstracts into result records.

    The summary (papers read, papers with claims, records, bad records with file:line) goes to
    stderr; records stream to OUTPUT so memory stays flat however large the input. With
    ``--engine dask`` OUTPUT is a folder that gets a Parquet dataset (records/ and papers/).
    """
    if engine not in ("local", "dask"):
        _err(f"error: --engine must be local or dask, not {engine!r}")
        raise typer.Exit(2)
    if engine == "dask":
        from extractor.cli.dask_run import run_dask_extract

        run_dask_extract(inputs, output, fmt, scheduler, workers or None, partitions,
                         sys.stderr.isatty() if progress is None else progress)
        return
    from extractor.outputs import open_writer
    from extractor.pipeline import default_workers, extract_records
    from schemas import BadRecord

    nworkers = workers or default_workers()
    show = sys.stderr.isatty() if progress is None else progress
    papers = with_claims = records = 0
    bad: list[BadRecord] = []
    issues: list[dict] = []
    bar = _progress(show)
    task = bar.add_task("extracting", total=None) if bar else None
    if bar:
        bar.start()
    try:
        with open_writer(output, kind="claims") as out:
            for item, claims, item_issues in extract_records(_read(inputs, fmt), workers=nworkers):
                if isinstance(item, BadRecord):
                    bad.append(item)
                    issues.append({"type": "bad-record", **item.model_dump(mode="json")})
                    continue
                papers += 1
                if claims:
                    with_claims += 1
                for claim in claims:
                    out.write(claim)
                records += len(claims)
                issues.extend({"type": "issue", **issue} for issue in item_issues)
                if bar and papers % 500 == 0:
                    bar.update(task, completed=papers)
    finally:
        if bar:
            bar.stop()
    if issues_out:
        with issues_out.open("w", encoding="utf-8") as fh:
            for row in issues:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    _err(f"papers read: {papers}; papers with claims: {with_claims}; records: {records}; "
         f"bad records skipped: {len(bad)}; extraction issues: {len(issues) - len(bad)}")
    _report_bad(bad)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL: one paper per line with id, abstract and claims.")],
    pred: Annotated[Optional[Path], typer.Argument(help="Predicted records (JSONL or JSON list). Default: extract from GOLD now.")] = None,
    show: Annotated[int, typer.Option(help="How many misses and false positives to list.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per kind and strict (value + kind + benchmark) against gold."""
    from extractor.evaluate import evaluate
    from extractor.outputs import read_records
    from extractor.pipeline import extract_stream
    from extractor.readers import read_papers
    from schemas import BadRecord

    gold_rows = list(read_records(gold))
    if pred is None:
        preds = [c.model_dump(mode="json") for item in extract_stream(read_papers([gold]), workers=1)
                 if not isinstance(item, BadRecord) for c in item.claims]
    else:
        preds = list(read_records(pred))
    ev = evaluate(gold_rows, preds)
    summary = ev.summary()
    if as_json:
        typer.echo(json.dumps(summary, indent=1))
    else:
        for name in ("strict", "value_only", "efficiency"):
            f = summary[name]
            typer.echo(f"{name:11} P={f['p']:.3f} R={f['r']:.3f} F1={f['f1']:.3f}  (tp={f['tp']} pred={f['pred']} gold={f['gold']})")
        for kind, f in summary["per_kind"].items():
            typer.echo(f"  {kind:10} P={f['p']:.3f} R={f['r']:.3f} F1={f['f1']:.3f}  (tp={f['tp']} pred={f['pred']} gold={f['gold']})")
        typer.echo("on value matches: " + ", ".join(f"{k}={v}" for k, v in summary["on_value_matches"].items()))
    for m in ev.misses[:show]:
        typer.echo(f"MISS {m['paper_id'][:40]} {m['value']} {m['kind']} bench={m['benchmark']!r} :: {m['text']}")
    for p in ev.false_positives[:show]:
        typer.echo(f"FP   {p['paper_id'][:40]} {p['value']} {p['kind']} bench={p['benchmark']!r}")


@rules_app.command("list")
def rules_list() -> None:
    """Every rule in order: id, kind, units, and what it captures."""
    from extractor.rules import default_rules

    for r in default_rules():
        units = ",".join(sorted(r.units)) if r.units else "any"
        typer.echo(f"{r.id:32} {r.kind:10} {units:16} {r.why}")


@rules_app.command("check")
def rules_check(
    path: Annotated[Optional[Path], typer.Argument(help="Rules file to check (default: the shipped rules).")] = None,
) -> None:
    """Load the rules and run every rule's examples; exit 1 naming each failing rule and example."""
    from extractor.rulecheck import check_rules
    from extractor.rules import RULES_PATH, RuleError, load_rules

    try:
        rules = load_rules(path or RULES_PATH)
    except RuleError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from exc
    failures = check_rules(rules)
    total = sum(len(r.match) + len(r.no_match) for r in rules)
    for f in failures:
        typer.echo(f"FAIL {f}")
    typer.echo(f"{len(rules)} rules, {total} examples, {len(failures)} failing")
    if failures:
        raise typer.Exit(1)
