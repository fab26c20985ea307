"""The ``accord`` command: one thin Typer command per verb over the Python API.

Command modules live in :mod:`accord.commands`; each registers its verbs here.
"""

from __future__ import annotations

import importlib

import typer

from accord import __version__

app = typer.Typer(
    name="accord",
    help="Evidence-backed models of multi-party negotiations from uneven news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module defines register(app). Order is the order of `accord --help`.
COMMAND_MODULES = (
    "corpus", "extract", "actors", "timeline", "model", "bargain", "coalition", "sweep",
    "report", "serve", "db",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """accord: corpus → extract → model → solve → report."""


for _name in COMMAND_MODULES:
    _module = importlib.import_module(f"accord.commands.{_name}")
    _module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
