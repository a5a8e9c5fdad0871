"""What ``lbx parse``, ``lbx extract`` and ``lbx ingest`` share: the inputs argument, worker processes,
the progress bar, the running count of what was read, and the one summary line they all print.

An input that yields no paper at all (nothing there, or every record bad) is a failure: the summary
is followed by a warning and the command exits 1, so a script notices.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from extractor.cli.output import warn

if TYPE_CHECKING:
    from extractor.driver import BatchResult
    from schemas import BadRecord

InputsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Files or folders of papers, or - for standard input: Hugging Face paper listings saved as text, "
        "JSON Lines, JSON, CSV, TSV, arXiv XML, folders of .txt files (.gz is unpacked on the fly).",
        show_default=False,
    ),
]
InputFormatOpt = Annotated[
    Optional[str],
    typer.Option("--input-format", help="Read every input as this format (hf, jsonl, json, csv, tsv, atom, txtdir) "
                 "instead of guessing from its name and content."),
]
WorkersOpt = Annotated[
    int, typer.Option("--workers", min=0, help="Processes that extract in parallel; 0 picks one per core, up to 4.")
]
ProgressOpt = Annotated[
    Optional[bool], typer.Option("--progress/--no-progress", help="Show a progress bar [default: when stderr is a terminal].")
]
BAD_SHOWN = 50  # bad records listed one by one; the rest are counted


def workers_for(asked: int) -> int:
    from extractor.pipeline import default_workers

    return asked or default_workers()


def read_inputs(inputs: list[Path], fmt: str | None, batches: bool = False):
    """The papers and bad records of ``inputs`` (with ``batches``, JSON Lines files as raw line batches
    for :func:`extracted`); a missing path or unknown format fails at once in one line."""
    from extractor.readers import read_batches, read_papers

    read = read_batches if batches else read_papers
    return read([str(p) for p in inputs], format=fmt)  # ReaderError becomes one line (LbxGroup)


@dataclass
class Tally:
    """What a run read and found, for the summary line."""

    papers: int = 0
    with_claims: int = 0
    records: int = 0
    issues: int = 0
    bad: list[BadRecord] = field(default_factory=list)

    def add(self, batch: BatchResult) -> None:
        self.papers += batch.papers
        self.with_claims += batch.with_claims
        self.records += batch.n_records
        self.issues += batch.n_issues
        self.bad.extend(batch.bad)

    def line(self, records: bool = True) -> str:
        parts = [f"papers read: {self.papers}"]
        if records:
            parts += [f"papers with claims: {self.with_claims}", f"records: {self.records}"]
        parts.append(f"bad records skipped: {len(self.bad)}")
        if records:
            parts.append(f"extraction issues: {self.issues}")
        return "; ".join(parts)


class ProgressBar:
    """Papers done so far, on stderr; does nothing when switched off."""

    def __init__(self, enabled: bool | None, label: str):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.label = label
        self._bar: Any = None

    def __enter__(self) -> ProgressBar:
        if self.enabled:
            from rich.console import Console
            from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn(),
                                 TextColumn("papers"), TimeElapsedColumn(), transient=True,
                                 console=Console(stderr=True))
            self._task = self._bar.add_task(self.label, total=None)
            self._bar.start()
        return self

    def update(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def extracted(items: Iterable[Any], workers: int, tally: Tally, bar: ProgressBar, for_store: bool = False,
              first_batch: int = 0) -> Iterator[BatchResult]:
    """Extract from ``items`` (``read_inputs(..., batches=True)``) over ``workers`` processes, batch by
    batch in input order, counting into ``tally`` and moving ``bar``; ``for_store``: records as the
    store's staged tables rather than JSON Lines, the batches numbered from ``first_batch``."""
    from extractor.driver import extract_batches

    for batch in extract_batches(items, workers=workers, for_store=for_store, first_batch=first_batch):
        tally.add(batch)
        bar.update(tally.papers)
        yield batch


def counted(items: Iterable[Any], tally: Tally, bar: ProgressBar, every: int = 200) -> Iterator[Any]:
    """Pass extractions (PaperExtraction or BadRecord) through, counting them into ``tally``."""
    for item in items:
        claims = getattr(item, "claims", None)
        if claims is None:
            tally.bad.append(item)
        else:
            tally.papers += 1
            tally.with_claims += bool(claims)
            tally.records += len(claims)
            tally.issues += len(item.issues)
            if tally.papers % every == 0:
                bar.update(tally.papers)
        yield item


def report_bad(bad: list[BadRecord]) -> None:
    for b in bad[:BAD_SHOWN]:
        where = f"{b.source}:{b.line}" if b.line else b.source
        typer.echo(f"  skipped {where}: {b.error}", err=True)
    if len(bad) > BAD_SHOWN:
        typer.echo(f"  ... and {len(bad) - BAD_SHOWN} more bad records", err=True)


def finish(tally: Tally, summary: str) -> None:
    """Print the summary and the bad records; exit 1 when not a single paper could be read."""
    typer.echo(summary, err=True)
    report_bad(tally.bad)
    if tally.papers == 0:
        why = "every record was bad" if tally.bad else "the inputs hold no paper"
        warn(f"no paper was read ({why})")
        raise typer.Exit(1)
