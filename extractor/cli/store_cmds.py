"""Store commands: ``lbx ingest``, ``boards``, ``board``, ``export`` and ``dashboard``."""

from __future__ import annotations

import importlib.util
import io
import math
import os
import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from extractor.cli import app

# Same as extractor.store.DEFAULT_DB; not imported from there so that registering these commands
# does not load DuckDB for every `lbx` call (the heavy imports wait for use). `boards` and `board`
# work on plain rows: they never load pandas or Arrow.
DEFAULT_DB = "lbx.duckdb"

DbOption = Annotated[
    Path, typer.Option("--db", envvar="LBX_DB", help="The DuckDB store.", dir_okay=False, show_default=True)
]


class BoardFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportWhat(str, Enum):
    records = "records"
    papers = "papers"
    boards = "boards"


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _open(db: Path):
    from extractor.store import Store

    try:
        return Store(db, read_only=True)
    except FileNotFoundError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from None


# -- ingest --------------------------------------------------------------------------------------
@app.command()
def ingest(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders of papers.", exists=True)],
    db: DbOption = Path(DEFAULT_DB),
    format: Annotated[str | None, typer.Option("--format", help="Input format (default: detected per file).")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Papers per batch.")] = 500,
    workers: Annotated[int, typer.Option(min=1, help="Extraction worker processes.")] = 1,
) -> None:
    """Extract claims from papers and store both; papers already in the store are replaced."""
    from extractor.store import Store

    with Store(db) as store:
        try:
            report = store.ingest(_ingest_items(inputs, format, workers), batch_size=batch_size)
        except KeyboardInterrupt:
            _err("interrupted: the store is unchanged")
            raise typer.Exit(130) from None
    for bad in report.bad_records:
        where = f"{bad.source}:{bad.line}" if bad.line is not None else bad.source
        _err(f"{where}: {bad.error}")
    replaced = f" ({report.replaced} replaced)" if report.replaced else ""
    _err(
        f"{report.papers} papers read{replaced}, {report.papers_with_claims} with claims, "
        f"{report.claims} claims, {len(report.bad_records)} bad records -> {db}"
    )


def _ingest_items(inputs: list[Path], format: str | None, workers: int):
    """Papers with their records: read back from Parquet datasets that `lbx extract --engine dask`
    wrote (no extraction again), extracted from every other input; all in one ingest."""
    from itertools import chain

    from extractor.dask_extract import is_dataset, read_dataset
    from extractor.pipeline import extract_stream
    from extractor.readers import read_papers

    datasets = [p for p in inputs if p.is_dir() and is_dataset(p)]
    others = [p for p in inputs if p not in datasets]
    parts = [read_dataset(d) for d in datasets]
    if others:
        parts.append(extract_stream(read_papers([str(p) for p in others], format=format), workers=workers))
    return chain.from_iterable(parts)


# -- boards --------------------------------------------------------------------------------------
def text_table(
    rows: list[dict[str, Any]], columns: list[str], widths: dict[str, int] | None = None, numeric: Iterable[str] = ()
) -> str:
    """``rows`` as aligned plain text under ``columns``; ``numeric`` columns right-aligned, cells cut
    to ``widths`` characters."""
    widths, numeric = widths or {}, set(numeric)
    cells = {name: [_cell(row[name], widths.get(name)) for row in rows] for name in columns}
    sizes = {name: max([len(name), *map(len, cells[name])]) for name in columns}

    def line(values: dict[str, str]) -> str:
        parts = [values[n].rjust(sizes[n]) if n in numeric else values[n].ljust(sizes[n]) for n in columns]
        return "  ".join(parts).rstrip()

    head = line({n: n for n in columns})
    lines = [line({n: cells[n][i] for n in columns}) for i in range(len(rows))]
    return "\n".join([head, "-" * len(head), *lines])


def _missing(value: object) -> bool:
    return value is None or type(value).__name__ == "NAType" or (isinstance(value, float) and math.isnan(value))


def _cell(value: object, width: int | None) -> str:
    if _missing(value):
        text = ""
    elif isinstance(value, float):
        text = f"{value:.10g}"
    else:
        text = str(value)
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _direction(value: object) -> str:
    if _missing(value):
        return "?"
    return "higher" if value else "lower"


@app.command("boards")
def boards_cmd(db: DbOption = Path(DEFAULT_DB)) -> None:
    """List the boards: each benchmark's metrics, splits and settings with their entry counts."""
    from extractor.boards import board_list

    with _open(db) as store:
        boards = board_list(store)
    if not boards:
        _err("no boards: the store holds no score claims with a known benchmark")
        return
    shown = [
        {"benchmark": b["benchmark_id"], "metric": b["metric_id"], "split": b["split"], "setting": b["setting"],
         "entries": b["entries"], "claims": b["claims"], "better": _direction(b["higher_is_better"])}
        for b in boards
    ]
    columns = ["benchmark", "metric", "split", "setting", "entries", "claims", "better"]
    typer.echo(text_table(shown, columns, {"benchmark": 40, "metric": 30}, numeric=("entries", "claims")))
    _err(f"{len(boards)} boards over {len({b['benchmark_id'] for b in boards})} benchmarks")


TABLE_ROWS = 50
_JSON_KEYS = {
    "rank": "rank", "model": "model", "value": "value", "unit": "unit", "paper_id": "paper_id",
    "paper_title": "paper_title", "date": "date", "sentence": "evidence", "rescaled": "rescaled",
    "link": "link", "qualifiers": "qualifiers", "split": "split", "setting": "setting",
}


@app.command("board")
def board_cmd(
    benchmark: Annotated[str, typer.Argument(help="Benchmark: canonical name or any alias, any case.")],
    metric: Annotated[str | None, typer.Option("--metric", help="Metric (default: the most populated).")] = None,
    setting: Annotated[str | None, typer.Option("--setting", help="zero-shot, few-shot, fine-tuned or linear probe.")] = None,
    split: Annotated[str | None, typer.Option("--split", help="Split, e.g. test-clean.")] = None,
    db: DbOption = Path(DEFAULT_DB),
    format: Annotated[BoardFormat, typer.Option("--format", case_sensitive=False)] = BoardFormat.table,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=0, help=f"Rows per partition, 0 for all [default: {TABLE_ROWS} for a table, else all]."),
    ] = None,
) -> None:
    """Show the ranked board of a benchmark."""
    from extractor.boards import ROW_COLUMNS, UnknownBenchmark, UnknownMetric, board
    from extractor.exports import write_records

    with _open(db) as store:
        try:
            found = board(store, benchmark, metric=metric, setting=setting, split=split)
        except (UnknownBenchmark, UnknownMetric) as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1) from None
    everything = found.records
    if limit is None and format is BoardFormat.table:
        limit = TABLE_ROWS
    rows = _head(everything, limit) if limit else everything
    if found.note:
        _err(f"note: {found.note}")
    if format is BoardFormat.table:
        _print_board(found, rows)
        if len(rows) < len(everything):
            typer.echo(f"\n{len(everything) - len(rows)} more rows (--limit 0 shows all)")
        return
    buffer = io.StringIO()
    if format is BoardFormat.json:
        renamed = [{key: row[name] for name, key in _JSON_KEYS.items()} for row in rows]
        write_records(renamed, list(_JSON_KEYS.values()), format.value, buffer)
    else:
        write_records(rows, ROW_COLUMNS, format.value, buffer)
    typer.echo(buffer.getvalue(), nl=False)


def _partitions(rows: list[dict[str, Any]]) -> dict[tuple[Any, Any], list[dict[str, Any]]]:
    """A board's rows by (split, setting), partitions in the order they first come."""
    parts: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for row in rows:
        parts.setdefault((row["split"], row["setting"]), []).append(row)
    return parts


def _head(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` rows of each partition, in the rows' order."""
    seen: dict[tuple[Any, Any], int] = {}
    kept = []
    for row in rows:
        key = (row["split"], row["setting"])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            kept.append(row)
    return kept


def _value(value: float | None, unit: object, rescaled: object) -> str:
    """A board value as shown: ``87.1%``, with ``*`` when it was rescaled."""
    shown = f"{math.nan if value is None else value:.10g}" + ("" if _missing(unit) else str(unit))
    return shown + ("*" if not _missing(rescaled) and rescaled else "")


def _print_board(found, rows: list[dict[str, Any]]) -> None:
    direction = {True: "higher is better", False: "lower is better", None: "direction unknown"}[found.higher_is_better]
    typer.echo(f"{found.benchmark_id} / {found.metric_id or '(no metric)'} ({direction})")
    if not rows:
        typer.echo("(no entries)")
        return
    columns = ["rank", "model", "value", "date", "paper", "evidence"]
    for (split, setting), part in _partitions(rows).items():
        split = split if isinstance(split, str) else "unstated"
        setting = setting if isinstance(setting, str) else "unstated"
        typer.echo(f"\n[split: {split}, setting: {setting}]")
        table = [
            {"rank": r["rank"], "model": r["model"], "value": _value(r["value"], r["unit"], r["rescaled"]),
             "date": r["date"], "paper": r["paper_title"], "evidence": r["sentence"]}
            for r in part
        ]
        typer.echo(text_table(table, columns, {"model": 30, "paper": 50, "evidence": 80}, numeric=("rank",)))
    if any(r["rescaled"] for r in rows):
        typer.echo("\n* rescaled from a fraction or percent to the board's scale")


# -- export --------------------------------------------------------------------------------------
@app.command("export")
def export_cmd(
    what: Annotated[ExportWhat, typer.Option("--what", case_sensitive=False, help="What to export.")],
    format: Annotated[ExportFormat, typer.Option("--format", case_sensitive=False, help="File format.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output file ('-' for standard output, not for parquet).")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Export the stored records, papers or every board."""
    from extractor.exports import export

    with _open(db) as store:
        try:
            n = export(store, what.value, format.value, sys.stdout if str(out) == "-" else out)
        except ValueError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(2) from None
    _err(f"{n} {what.value} rows -> {out}")


# -- dashboard -----------------------------------------------------------------------------------
def dashboard_app() -> Path:
    """The dashboard's Streamlit script, from the installed package or the checkout."""
    spec = importlib.util.find_spec("dashboard")
    if spec is not None and spec.origin:
        return Path(spec.origin).resolve().parent / "app.py"
    return Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


def dashboard_argv(db: Path, port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(dashboard_app()),
        "--server.headless", "true", "--server.port", str(port), "--server.address", "localhost",
        "--browser.gatherUsageStats", "false",
        "--", "--db", str(db),
    ]


@app.command("dashboard")
def dashboard_cmd(
    db: DbOption = Path(DEFAULT_DB),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port on localhost.")] = 8501,
) -> None:
    """Serve the dashboard on localhost (headless; open the printed URL)."""
    argv = dashboard_argv(db, port)
    if not Path(argv[4]).exists():
        _err(f"error: no dashboard app at {argv[4]}")
        raise typer.Exit(1)
    if not db.exists():
        _err(f"warning: no store at {db} yet; run `lbx ingest` to fill it")
    _err(f"serving the dashboard on http://localhost:{port} (Ctrl-C stops it)")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)
