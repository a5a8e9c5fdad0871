"""``lbx extract --engine dask``: the command-line side of :mod:`extractor.dask_extract`."""

from __future__ import annotations

from pathlib import Path

import typer


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def run_dask_extract(inputs: list[Path], output: Path, fmt: str | None, scheduler: str | None,
                     workers: int | None, partitions: int | None, show_progress: bool) -> None:
    from extractor.dask_extract import extract_with_dask
    from extractor.readers import ReaderError

    if str(output) == "-" or output.suffix:
        _err(f"error: with --engine dask the output is a folder for a Parquet dataset, not {output}")
        raise typer.Exit(2)
    bar = task = None
    if show_progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("partitions"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)

    def started(report) -> None:
        _err(f"dask: {report.partitions} partitions; dashboard at {report.dashboard}")
        nonlocal task
        if bar:
            bar.start()
            task = bar.add_task("partitions", total=report.partitions)

    def done(finished: int, total: int) -> None:
        if bar:
            bar.update(task, completed=finished)

    try:
        report = extract_with_dask(inputs, output, format=fmt, scheduler=scheduler, workers=workers,
                                   partitions=partitions, on_start=started, on_done=done)
    except ReaderError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc
    except OSError as exc:  # the scheduler cannot be reached, the folder cannot be written
        _err(f"error: {exc}")
        raise typer.Exit(1) from exc
    finally:
        if bar:
            bar.stop()
    _err(report.summary_line())
    for bad in report.bad[:50]:
        where = f"{bad['source']}:{bad['line']}" if bad.get("line") else bad["source"]
        _err(f"  skipped {where}: {bad['error']}")
    for failed in report.failed:
        _err(f"  partition {failed['partition']} failed ({failed['input']}): {failed['error']}")
    _err(f"records in {output}/records, papers in {output}/papers ({report.seconds:.1f} s)")
    if report.failed:
        raise typer.Exit(1)
