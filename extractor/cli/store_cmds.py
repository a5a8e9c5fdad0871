"""Store commands: ``lbx ingest``, ``boards``, ``board``, ``export`` and ``dashboard``."""

from __future__ import annotations

import importlib.util
import io
import math
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from extractor.cli import app

if TYPE_CHECKING:
    import pandas as pd

# Same as extractor.store.DEFAULT_DB; not imported from there so that registering these commands
# does not load pandas, DuckDB and Arrow for every `lbx` call (the heavy imports wait for use).
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
            report = store.ingest_paths(inputs, format=format, batch_size=batch_size, workers=workers)
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


# -- boards --------------------------------------------------------------------------------------
def text_table(df: pd.DataFrame, widths: dict[str, int] | None = None) -> str:
    """``df`` as aligned plain text; numbers right-aligned, cells cut to ``widths`` characters."""
    import pandas as pd

    widths = widths or {}
    cells = {name: [_cell(v, widths.get(name)) for v in df[name]] for name in df.columns}
    sizes = {name: max([len(str(name)), *map(len, cells[name])]) for name in df.columns}
    numeric = {name: pd.api.types.is_numeric_dtype(df[name]) for name in df.columns}

    def line(values: dict[str, str]) -> str:
        parts = [values[n].rjust(sizes[n]) if numeric[n] else values[n].ljust(sizes[n]) for n in df.columns]
        return "  ".join(parts).rstrip()

    head = line({n: str(n) for n in df.columns})
    rows = [line({n: cells[n][i] for n in df.columns}) for i in range(len(df))]
    return "\n".join([head, "-" * len(head), *rows])


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
    from extractor.boards import list_boards

    with _open(db) as store:
        boards = list_boards(store)
    if boards.empty:
        _err("no boards: the store holds no score claims with a known benchmark")
        return
    shown = boards.assign(better=boards["higher_is_better"].map(_direction))
    shown = shown[["benchmark_id", "metric_id", "split", "setting", "entries", "claims", "better"]]
    shown = shown.rename(columns={"benchmark_id": "benchmark", "metric_id": "metric"})
    typer.echo(text_table(shown, {"benchmark": 40, "metric": 30}))
    _err(f"{len(boards)} boards over {boards['benchmark_id'].nunique()} benchmarks")


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
    from extractor.boards import UnknownBenchmark, UnknownMetric, board
    from extractor.exports import write_frame

    with _open(db) as store:
        try:
            found = board(store, benchmark, metric=metric, setting=setting, split=split)
        except (UnknownBenchmark, UnknownMetric) as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1) from None
    rows = found.rows
    if limit is None and format is BoardFormat.table:
        limit = TABLE_ROWS
    if limit:
        rows = rows.groupby(["split", "setting"], dropna=False, sort=False).head(limit)
    if found.note:
        _err(f"note: {found.note}")
    if format is BoardFormat.table:
        _print_board(found, rows)
        if len(rows) < len(found.rows):
            typer.echo(f"\n{len(found.rows) - len(rows)} more rows (--limit 0 shows all)")
        return
    if format is BoardFormat.json:
        rows = rows[list(_JSON_KEYS)].rename(columns=_JSON_KEYS)
    buffer = io.StringIO()
    write_frame(rows, format.value, buffer)
    typer.echo(buffer.getvalue(), nl=False)


def _value(value: float, unit: object, rescaled: object) -> str:
    """A board value as shown: ``87.1%``, with ``*`` when it was rescaled."""
    shown = f"{value:.10g}" + ("" if _missing(unit) else str(unit))
    return shown + ("*" if not _missing(rescaled) and rescaled else "")


def _print_board(found, rows: pd.DataFrame) -> None:
    direction = {True: "higher is better", False: "lower is better", None: "direction unknown"}[found.higher_is_better]
    typer.echo(f"{found.benchmark_id} / {found.metric_id or '(no metric)'} ({direction})")
    if rows.empty:
        typer.echo("(no entries)")
        return
    shown = rows.assign(value=[_value(v, u, r) for v, u, r in zip(rows["value"], rows["unit"], rows["rescaled"])])
    columns = ["rank", "model", "value", "date", "paper_title", "sentence"]
    for (split, setting), part in shown.groupby(["split", "setting"], dropna=False, sort=False):
        split = split if isinstance(split, str) else "unstated"
        setting = setting if isinstance(setting, str) else "unstated"
        typer.echo(f"\n[split: {split}, setting: {setting}]")
        table = part[columns].rename(columns={"paper_title": "paper", "sentence": "evidence"})
        typer.echo(text_table(table, {"model": 30, "paper": 50, "evidence": 80}))
    if rows["rescaled"].any():
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
