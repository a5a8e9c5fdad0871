"""Store commands: ``lbx ingest``, ``boards``, ``board``, ``export`` and ``dashboard``."""

from __future__ import annotations

import importlib.util
import math
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from extractor.cli import app
from extractor.cli.extraction import InputFormatOpt, InputsArg, ProgressBar, ProgressOpt, Tally, WorkersOpt, counted, finish, read_inputs, workers_for
from extractor.cli.output import FormatOpt, OutputFormat, OutputOpt, choose_format, check_writable, fail, write_rows
from extractor.cli.output import cell as _cell
from extractor.cli.output import missing as _missing
from extractor.cli.output import text_table  # noqa: F401  (shared by the board commands)

# Same as extractor.store.DEFAULT_DB; not imported from there so that registering these commands
# does not load DuckDB for every `lbx` call (the heavy imports wait for use). `boards` and `board`
# work on plain rows: they never load pandas or Arrow.
DEFAULT_DB = "lbx.duckdb"

DbOption = Annotated[
    Path, typer.Option("--db", envvar="LBX_DB", help="The store file (made by `lbx ingest`).", dir_okay=False, show_default=True)
]


# The read commands' one output option set (--format table|csv|json|jsonl, -o FILE); kept under this
# name for the commands that import it.
BoardFormat = OutputFormat
READ_FORMATS = tuple(f.value for f in OutputFormat)


class ExportWhat(str, Enum):
    records = "records"
    papers = "papers"
    boards = "boards"
    corrections = "corrections"


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _open(db: Path):
    """The store, read-only; waits a few seconds while another process writes it, then fails in one line."""
    from extractor.store import StoreOutdated
    from extractor.store_access import open_store

    try:
        return open_store(db, read_only=True)
    except (FileNotFoundError, StoreOutdated) as exc:
        fail(str(exc))


# -- ingest --------------------------------------------------------------------------------------
@app.command()
def ingest(
    inputs: InputsArg,
    db: DbOption = Path(DEFAULT_DB),
    fmt: InputFormatOpt = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Papers written per batch.")] = 500,
    workers: WorkersOpt = 0,
    progress: ProgressOpt = None,
) -> None:
    """Find every claimed result in the papers and store papers and records; a paper already in the store is replaced.

    Nothing is half-written: if the run is interrupted the store stays as it was.
    """
    from extractor.staging import Staged
    from extractor.store_access import open_store

    folder = Path(db).resolve().parent
    if not folder.is_dir():
        fail(f"no folder {folder} to hold the store {db}")
    tally = Tally()
    datasets, others = _split_inputs(inputs)
    items = read_inputs(others, fmt, batches=True) if others else None  # a wrong path fails here, at once
    try:
        # Everything is extracted and staged beside the store before the store is opened: a
        # dashboard reading it is kept out only while the records are written.
        with Staged(folder) as staged:
            with ProgressBar(progress, "extracting") as bar:
                for batch, with_claims in _staged(datasets, items, workers_for(workers), batch_size, tally, bar):
                    staged.add_encoded(batch, with_claims)
            if tally.papers == 0:
                finish(tally, tally.line() + f"; nothing stored in {db}")
            with open_store(db) as store:
                before = store.scalar("SELECT count(*) FROM papers")
                report = store.ingest_staged(staged)
                new = store.scalar("SELECT count(*) FROM papers") - before  # a paper read twice counts once
    except KeyboardInterrupt:
        fail("interrupted: the store is unchanged", 130)
    repeated = f", {report.repeated} repeated in the input (the last kept)" if report.repeated else ""
    finish(tally, tally.line() + f"; stored in {db}: {new} new, {report.replaced} replaced, "
                                 f"{report.merged} merged with another source{repeated}")


def _split_inputs(inputs: list[Path]) -> tuple[list[Path], list[Path]]:
    """Parquet datasets that `lbx extract --engine dask` wrote (their records are read back, not
    extracted again), and every other input."""
    from extractor.dask_extract import is_dataset

    datasets = [p for p in inputs if p.is_dir() and is_dataset(p)]
    return datasets, [p for p in inputs if p not in datasets]


def _staged(datasets: list[Path], items, workers: int, batch_size: int, tally: Tally, bar: ProgressBar):
    """Papers with their records in the store's staged form (:class:`extractor.staging.Encoded`,
    and how many papers have claims), batch by batch in input order: read back from the datasets,
    then extracted from the other inputs over the worker processes."""
    from extractor.cli.extraction import extracted
    from extractor.staging import SEQ_STRIDE, encode, extraction_tables

    for number, dataset in enumerate(datasets):
        from extractor.dask_extract import read_dataset

        bad: list = []
        for papers, claims in extraction_tables(counted(read_dataset(dataset), tally, bar), batch_size, bad, number * SEQ_STRIDE):
            yield encode(papers, claims), len(set(claims.column("seq").to_pylist()))
    if items is not None:
        for batch in extracted(items, workers, tally, bar, for_store=True, first_batch=len(datasets)):
            yield batch.tables, batch.with_claims


# -- boards --------------------------------------------------------------------------------------
def _direction(value: object) -> str:
    if _missing(value):
        return "?"
    return "higher" if value else "lower"


@app.command("boards")
def boards_cmd(
    db: DbOption = Path(DEFAULT_DB),
    format: FormatOpt = None,
    output: OutputOpt = None,
    unregistered: Annotated[
        bool, typer.Option("--unregistered", help="List benchmarks the registry lacks that several papers name.")
    ] = False,
    min_papers: Annotated[int, typer.Option("--min-papers", min=1, help="With --unregistered: papers needed.")] = 2,
) -> None:
    """List the boards: every benchmark with each of its metrics, splits and settings, and how many entries each has."""
    from extractor.boards import board_list

    fmt = choose_format(format and format.value, output, READ_FORMATS, "table")
    check_writable(output)
    if unregistered:
        _unregistered(db, min_papers, fmt, output)
        return
    with _open(db) as store:
        boards = board_list(store)
    if not boards and fmt == "table":
        _err("no boards: the store holds no score claims with a benchmark")
        return
    shown = [
        {"benchmark": b["name"], "source": "open" if b["open"] else "registry", "metric": b["metric_id"],
         "split": b["split"], "setting": b["setting"], "entries": b["entries"], "held": b["held"],
         "claims": b["claims"], "better": _direction(b["higher_is_better"])}
        for b in boards
    ]
    columns = ["benchmark", "source", "metric", "split", "setting", "entries", "held", "claims", "better"]
    write_rows(shown, columns, fmt, output,
               lambda rows: text_table(rows, columns, {"benchmark": 40, "metric": 30}, numeric=("entries", "held", "claims")))
    if fmt == "table":
        opened = len({b["benchmark_id"] for b in boards if b["open"]})
        _err(f"{len(boards)} boards over {len({b['benchmark_id'] for b in boards})} benchmarks "
             f"({opened} open: not in the registry)")


def _unregistered(db: Path, min_papers: int, fmt: str, output: Path | None) -> None:
    """`lbx boards --unregistered`: open benchmarks named by at least ``min_papers`` papers."""
    from extractor.boards import unregistered

    with _open(db) as store:
        rows = unregistered(store, min_papers=min_papers)
    shown = [{"benchmark": r["name"], "papers": r["papers"], "claims": r["claims"], "metric": r["metric_id"],
              "spellings": " | ".join(r["spellings"]), "key": r["benchmark_id"]} for r in rows]
    columns = ["benchmark", "papers", "claims", "metric", "spellings", "key"]
    write_rows(shown, columns, fmt, output,
               lambda rows: text_table(rows, columns, {"benchmark": 40, "spellings": 60}, numeric=("papers", "claims")))
    if fmt == "table":
        _err(f"{len(rows)} benchmarks outside the registry named by >= {min_papers} papers")


TABLE_ROWS = 50


def board_columns(row_columns: list[str] | tuple[str, ...]) -> list[str]:
    """The columns of `lbx board` in csv, json and jsonl: which board (benchmark, metric), then each
    ranked row's columns; the sentence that makes the claim is called ``evidence``, as in the table."""
    return ["benchmark", "metric", *("evidence" if c == "sentence" else c for c in row_columns)]


@app.command("board")
def board_cmd(
    benchmark: Annotated[str, typer.Argument(help="Benchmark: its name or any alias, in any case (e.g. in-1k for ImageNet-1K).")],
    metric: Annotated[str | None, typer.Option("--metric", help="Metric to rank by (default: the one with most entries).")] = None,
    setting: Annotated[str | None, typer.Option("--setting", help="Only this setting: zero-shot, few-shot, fine-tuned or linear probe.")] = None,
    split: Annotated[str | None, typer.Option("--split", help="Only this split, e.g. test-clean.")] = None,
    db: DbOption = Path(DEFAULT_DB),
    format: FormatOpt = None,
    output: OutputOpt = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=0, help=f"Rows per split and setting, 0 for all [default: {TABLE_ROWS} in a table, else all]."),
    ] = None,
) -> None:
    """Show one benchmark's ranked board: best claimed result first, with the paper and the sentence that claims it."""
    from extractor.boards import ROW_COLUMNS, UnknownBenchmark, UnknownMetric, board

    fmt = choose_format(format and format.value, output, READ_FORMATS, "table")
    check_writable(output)
    if limit is None and fmt == "table":
        limit = TABLE_ROWS
    with _open(db) as store:
        try:  # only the rows shown are read
            found = board(store, benchmark, metric=metric, setting=setting, split=split, limit=limit or None)
        except (UnknownBenchmark, UnknownMetric) as exc:
            fail(str(exc))
    rows = found.records
    if found.note:
        _err(f"note: {found.note}")
    if fmt == "table":
        more = (found.total or 0) - len(rows)
        tail = f"\n\n{more} more rows (--limit 0 shows all)" if more else ""
        write_rows(rows, [], fmt, output, lambda r: _board_text(found, r) + tail)
        return
    columns = board_columns(ROW_COLUMNS)
    out_rows = [
        {"benchmark": found.benchmark_id, "metric": found.metric_id,
         **{("evidence" if name == "sentence" else name): row[name] for name in ROW_COLUMNS}}
        for row in rows
    ]
    write_rows(out_rows, columns, fmt, output)


def _partitions(rows: list[dict[str, Any]]) -> dict[tuple[Any, Any], list[dict[str, Any]]]:
    """A board's rows by (split, setting), partitions in the order they first come."""
    parts: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for row in rows:
        parts.setdefault((row["split"], row["setting"]), []).append(row)
    return parts


def _value(value: float | None, unit: object, rescaled: object) -> str:
    """A board value as shown: ``87.1%``, with ``*`` when it was rescaled."""
    shown = f"{math.nan if value is None else value:.10g}" + ("" if _missing(unit) else str(unit))
    return shown + ("*" if not _missing(rescaled) and rescaled else "")


def _board_text(found, rows: list[dict[str, Any]]) -> str:
    """A board as plain text: a heading, then a table per split and setting."""
    direction = {True: "higher is better", False: "lower is better", None: "direction unknown"}[found.higher_is_better]
    lines = [f"{found.name or found.benchmark_id} / {found.metric_id or '(no metric)'} ({direction})"]
    if not rows:
        lines.append("(no entries)")
        return "\n".join(lines)
    columns = ["rank", "model", "value", "date", "paper", "evidence"]
    for (split, setting), part in _partitions(rows).items():
        split = split if isinstance(split, str) else "unstated"
        setting = setting if isinstance(setting, str) else "unstated"
        lines.append(f"\n[split: {split}, setting: {setting}]")
        table = [
            {"rank": r["rank"], "model": r["model"], "value": _value(r["value"], r["unit"], r["rescaled"]),
             "date": r["date"], "paper": r["paper_title"], "evidence": r["sentence"], "held": r["held"]}
            for r in part
        ]
        shown = columns + (["held"] if any(r["held"] for r in part) else [])
        lines.append(text_table(table, shown, {"model": 30, "paper": 50, "evidence": 80, "held": 60}, numeric=("rank",)))
    if any(r["rescaled"] for r in rows):
        lines.append("\n* rescaled from a fraction or percent to the board's scale")
    if any(r["held"] for r in rows):
        lines.append("\nrows without a rank are listed, not ranked: 'held' says why")
    return "\n".join(lines)


# -- export --------------------------------------------------------------------------------------
EXPORT_FORMATS = tuple(f.value for f in ExportFormat)


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Option("--output", "-o", "--out", help="The file to write; its extension (.csv, .json, .jsonl, .parquet) picks the format. - for the screen.", dir_okay=False)],
    what: Annotated[ExportWhat, typer.Option("--what", case_sensitive=False, help="What to export: records (one per claim), papers, boards (every ranked row of every board) or corrections (flags as gold cases).")] = ExportWhat.records,
    format: Annotated[ExportFormat | None, typer.Option("--format", "-f", case_sensitive=False, help="File format, when -o's name does not say it (as for -).")] = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Export the stored records, papers or every board to a file."""
    from extractor.exports import export

    fmt = choose_format(format and format.value, out, EXPORT_FORMATS, None)
    if fmt == "parquet" and str(out) == "-":
        fail("parquet cannot go to the screen; give a .parquet file with -o", 2)
    check_writable(out)
    if what is ExportWhat.corrections:
        _export_corrections(db, fmt, out)
        return
    with _open(db) as store:
        n = export(store, what.value, fmt, sys.stdout if str(out) == "-" else out)
    _err(f"{n} {what.value} rows -> {out}")


def _export_corrections(db: Path, fmt: str, out: Path) -> None:
    """`lbx export --what corrections`: the flagged records as gold-format JSONL cases."""
    from extractor.corrections import export_cases

    if fmt != "jsonl":
        fail("corrections are written as gold-format JSON Lines: use a .jsonl file or --format jsonl", 2)
    with _open(db) as store:
        if str(out) == "-":
            n = export_cases(store, sys.stdout)
        else:
            with out.open("w", encoding="utf-8") as fh:
                n = export_cases(store, fh)
    _err(f"{n} corrected papers -> {out}")


# -- conflicts and curation -------------------------------------------------------------------
@app.command("conflicts")
def conflicts_cmd(
    benchmark: Annotated[str | None, typer.Option("--benchmark", help="Only this benchmark (any name it goes by).")] = None,
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int, typer.Option("--limit", min=0, help="Pairs to show, 0 for all.")] = 50,
    format: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """List one model's result on one board claimed with different values, with both evidence sentences."""
    from extractor.boards import UnknownBenchmark
    from extractor.conflicts import conflicts

    fmt = choose_format(format and format.value, output, READ_FORMATS, "table")
    check_writable(output)
    with _open(db) as store:
        try:
            pairs = conflicts(store, benchmark, limit=limit or None)
        except UnknownBenchmark as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1) from None
    if fmt == "table":
        lines = []
        for p in pairs:
            where = " / ".join(str(x) for x in (p["benchmark_id"], p["metric_id"], p["split"], p["setting"]) if x)
            lines.append(f"{p['model']} on {where}")
            for side in ("a", "b"):
                value = _value(p[f"value_{side}"], p[f"unit_{side}"], False)
                lines.append(f"  {value:>10}  {p[f'record_{side}']}  {_cell(p[f'evidence_{side}'], 160)}")
        write_rows(pairs, [], fmt, output, lambda _rows: "\n".join(lines))
    else:
        # The same fields as a board row: benchmark and metric named, each side's evidence as "evidence_a/b".
        rows = [{"benchmark": p["benchmark_id"], "metric": p["metric_id"], **{k: v for k, v in p.items()
                 if k not in ("benchmark_id", "metric_id")}} for p in pairs]
        write_rows(rows, list(rows[0]) if rows else ["benchmark", "metric"], fmt, output)
    _err(f"{len(pairs)} conflicting pairs" + (f" (first {limit}; --limit 0 shows all)" if limit and len(pairs) == limit else ""))


def _write_store(db: Path):
    from extractor.store import Store

    if not db.exists():
        _err(f"error: no store at {db} (run `lbx ingest` first)")
        raise typer.Exit(1)
    return Store(db)


@app.command("flag")
def flag_cmd(
    record: Annotated[str, typer.Argument(help="Record id as boards show it: <paper_id>#<number>.")],
    reason: Annotated[str, typer.Option("--reason", help="What is wrong with it.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Mark a record wrong: it leaves the boards, and the correction survives re-ingesting its paper."""
    from extractor.corrections import UnknownRecord, flag

    with _write_store(db) as store:
        try:
            row = flag(store, record, reason)
        except UnknownRecord as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1) from None
    _err(f"flagged {record}: {row['value_text']} ({row['benchmark'] or 'no benchmark'}) - {reason}")


@app.command("unflag")
def unflag_cmd(
    record: Annotated[str, typer.Argument(help="Record id as boards show it: <paper_id>#<number>.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Undo `lbx flag`: the record is back on its board."""
    from extractor.corrections import UnknownRecord, unflag

    with _write_store(db) as store:
        try:
            n = unflag(store, record)
        except UnknownRecord as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1) from None
    _err(f"unflagged {record}" if n else f"{record} was not flagged")


# -- dashboard -----------------------------------------------------------------------------------
def dashboard_app() -> Path:
    """The dashboard's Streamlit script, from the installed package or the checkout."""
    spec = importlib.util.find_spec("dashboard")
    if spec is not None and spec.origin:
        return Path(spec.origin).resolve().parent / "app.py"
    return Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


def dashboard_argv(db: Path, port: int, host: str = "localhost") -> list[str]:
    # Viewer mode (no Deploy button or developer menu) and no file watching: the dashboard is for
    # reading boards, not for editing the app. The same settings are in .streamlit/config.toml.
    return [
        sys.executable, "-m", "streamlit", "run", str(dashboard_app()),
        "--server.headless", "true", "--server.port", str(port), "--server.address", host,
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer",
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
        "--", "--db", str(db),
    ]


@app.command("dashboard")
def dashboard_cmd(
    db: DbOption = Path(DEFAULT_DB),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 lets other machines connect (the default lets only this one).")] = "localhost",
) -> None:
    """Serve the dashboard in the browser (open the printed address). It reads the store while `lbx ingest` adds to it."""
    argv = dashboard_argv(db, port, host)
    if not Path(argv[4]).exists():
        _err(f"error: no dashboard app at {argv[4]}")
        raise typer.Exit(1)
    if not db.exists():
        _err(f"warning: no store at {db} yet; run `lbx ingest` to fill it")
    shown = "localhost" if host in ("localhost", "127.0.0.1") else host
    _err(f"serving the dashboard on http://{shown}:{port} (Ctrl-C stops it)")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)
