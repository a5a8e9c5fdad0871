"""The ``lbx`` command: a thin layer over the library.

Commands live in one module per feature and register themselves on :data:`app`.
"""

import typer

app = typer.Typer(
    name="lbx",
    help="Leaderboards from what papers claim: read abstracts, extract claimed results, build per-benchmark boards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
    app()
