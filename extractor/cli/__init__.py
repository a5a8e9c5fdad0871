"""The ``lbx`` command: a thin layer over the library.

Commands live in one module per feature and register themselves on :data:`app`. Shared options and
output live in :mod:`extractor.cli.output` and :mod:`extractor.cli.extraction`.

A user's mistake (an output lbx cannot write, a locked store, a closed pipe) ends in one line on
stderr and a non-zero exit, never a traceback: :class:`LbxGroup` turns those errors into that line.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperGroup

EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE


def _quiet_stdout() -> None:
    """After the reader of our output went away: send what is still buffered nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (a test runner's capture)
        pass


def _user_error(exc: BaseException) -> tuple[str, int] | None:
    """The one-line message and exit code for an error that is the user's to fix, or None."""
    from extractor.outputs import OutputError
    from extractor.readers.detect import ReaderError
    from extractor.store_access import StoreBusy, holder, is_lock_error

    if isinstance(exc, StoreBusy):
        return str(exc), 1
    if isinstance(exc, (OutputError, ReaderError)):
        return str(exc), 2
    if is_lock_error(exc):
        return f"the store is in use by {holder(exc)}; try again when that is done", 1
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}", 1
    return None


class LbxGroup(TyperGroup):
    """The command group; it turns user errors raised by any command into one line and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                _quiet_stdout()
                raise typer.Exit(EXIT_BROKEN_PIPE) from None
            found = _user_error(exc)
            if found is None:
                raise
            typer.echo(f"error: {found[0]}", err=True)
            raise typer.Exit(found[1]) from None


app = typer.Typer(
    name="lbx",
    cls=LbxGroup,
    help="Leaderboards from what papers claim: read abstracts, extract claimed results, build per-benchmark boards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("lbx")
    except PackageNotFoundError:  # run from a checkout without an install
        return "unknown (not installed)"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"lbx {version()}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        Optional[bool], typer.Option("--version", callback=_show_version, is_eager=True, help="Print lbx's version and stop.")
    ] = None,
) -> None:
    """Leaderboards from what papers claim: read abstracts, extract claimed results, build per-benchmark boards."""


def _register() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from extractor.cli import extract_cmds  # noqa: F401

    try:
        from extractor.cli import store_cmds  # noqa: F401
    except ModuleNotFoundError as exc:  # the store commands land in their own change
        if exc.name != "extractor.cli.store_cmds":
            raise


def main() -> None:
    _register()
    try:
        app()
    except BrokenPipeError:  # raised while flushing on the way out
        _quiet_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
