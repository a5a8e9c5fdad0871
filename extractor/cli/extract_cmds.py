"""``lbx parse``, ``lbx extract``, ``lbx eval`` and ``lbx rules``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from extractor.cli import app
from extractor.cli.extraction import (
    InputFormatOpt,
    InputsArg,
    ProgressBar,
    ProgressOpt,
    Tally,
    WorkersOpt,
    extracted,
    finish,
    read_inputs,
    workers_for,
)
from extractor.cli.output import check_writable

rules_app = typer.Typer(help="List and check the claim rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


@app.command()
def parse(
    inputs: InputsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the papers: a .jsonl, .json, .csv or .parquet file, or - for JSON Lines on the screen.")] = Path("-"),
    fmt: InputFormatOpt = None,
) -> None:
    """Read papers from any supported input and write them in one tidy shape (id, title, abstract, date, authors, source, line)."""
    from extractor.outputs import open_writer
    from schemas import BadRecord

    tally = Tally()
    check_writable(output)
    items = read_inputs(inputs, fmt)
    with open_writer(output, kind="papers") as out:
        for item in items:
            if isinstance(item, BadRecord):
                tally.bad.append(item)
                continue
            out.write(item.model_dump(mode="json"))
            tally.papers += 1
    finish(tally, tally.line(records=False))


@app.command()
def extract(
    inputs: InputsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the records: a .jsonl, .json, .csv or .parquet file, or - for JSON Lines on the screen.")] = Path("-"),
    fmt: InputFormatOpt = None,
    workers: WorkersOpt = 0,
    progress: ProgressOpt = None,
    issues_out: Annotated[Optional[Path], typer.Option("--issues", help="Also write what went wrong (unreadable records, numbers the rules could not place) as JSON Lines to this file.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (worker processes on this machine) or dask (a Dask cluster; then OUTPUT is a folder).")] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="With --engine dask: address of a running Dask scheduler (default: a cluster on this machine).")] = None,
    partitions: Annotated[Optional[int], typer.Option("--partitions", min=1, help="With --engine dask: about how many pieces to cut the input into.")] = None,
) -> None:
    """Find every claimed result in the papers' abstracts and write one record per claim.

    Records stream to OUTPUT as they are found, so memory stays flat however large the input; the
    summary (papers read, papers with claims, records, bad records with file:line) goes to stderr. With
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

    check_writable(output)
    check_writable(issues_out)
    tally = Tally()
    issues: list[dict] = []
    items = read_inputs(inputs, fmt, batches=True)
    with ProgressBar(progress, "extracting") as bar, open_writer(output, kind="claims") as out:
        for batch in extracted(items, workers_for(workers), tally, bar):
            out.write_jsonl(batch.records)
            issues.extend(batch.issues)
    if issues_out:
        with issues_out.open("w", encoding="utf-8") as fh:
            for row in issues:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    finish(tally, tally.line())


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Hand-labelled papers (JSON Lines: id, abstract and the claims it makes), or - for standard input.")],
    pred: Annotated[Optional[Path], typer.Argument(help="Records to score (JSON Lines or a JSON list), or - for standard input. Default: extract from GOLD now.")] = None,
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


@rules_app.command("explain")
def rules_explain(text: Annotated[str, typer.Argument(help="A sentence or abstract to explain.")]) -> None:
    """Print each number of TEXT with its decision (kind or not a claim) and the rule that made it."""
    from extractor.rulecheck import explain
    from extractor.rules import default_rules

    lines = explain(text, default_rules())
    for line in lines:
        typer.echo(line)
    if not lines:
        typer.echo("no candidate numbers")
