"""The ``accord`` command: one thin Typer command per verb over the Python API.

Command modules live in :mod:`accord.commands`; each registers its verbs with ``register(app)``.
The top-level group is lazy: running ``accord power`` imports only
:mod:`accord.commands.coalition` (each module's options and imports cost start-up time), while
``accord --help`` and the CLI reference load every module and list every verb.
"""

from __future__ import annotations

import functools
import importlib
import os
from difflib import get_close_matches
from typing import Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from accord import __version__

#: Each verb and the module of :mod:`accord.commands` that registers it, in ``--help`` order
#: (commands, then command groups).
COMMANDS = {
    "ingest": "corpus",
    "extract": "extract",
    "quotes": "extract",
    "figures": "extract",
    "events": "extract",
    "positions": "extract",
    "digest": "extract",
    "timeline": "timeline",
    "validate": "model",
    "forecast": "model",
    "explain": "model",
    "bargain": "bargain",
    "power": "coalition",
    "game": "coalition",
    "apportion": "coalition",
    "sweep": "sweep",
    "sensitivity": "sweep",
    "compare": "sweep",
    "report": "report",
    "serve": "serve",
    "corpus": "corpus",
    "actors": "actors",
    "model": "model",
    "db": "db",
}


@functools.cache
def module_commands(module: str) -> dict[str, Any]:
    """The Click commands that ``accord.commands.<module>`` registers, by verb (built once per
    process: Typer's conversion costs ~50 ms a module, and a process that runs several commands
    in turn, as the tests do, would pay it on every run)."""
    sub = typer.Typer()
    importlib.import_module(f"accord.commands.{module}").register(sub)
    return dict(typer.main.get_group(sub).commands)


class LazyGroup(TyperGroup):
    """A group that imports a verb's command module only when the verb is used or listed."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Every verb of :data:`COMMANDS`, in order, without importing any command module."""
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The verb's command, importing its module on first use (None for an unknown verb)."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            for name, command in module_commands(COMMANDS[cmd_name]).items():
                self.add_command(command, name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Typer's, with "Did you mean" drawn from every verb, loaded or not."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            matches = get_close_matches(args[0], list(COMMANDS)) if args else []
            if matches and "Did you mean" not in exc.message:
                names = ", ".join(repr(m) for m in matches)
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {names}?"
            raise

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """As Typer's, with a usage error of the top level as one line (see :meth:`invoke`)."""
        try:
            return super().make_context(*args, **kwargs)
        except ClickException as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: Any) -> Any:
        """As Typer's, with a usage error (an unknown verb, a missing or invalid argument or
        option) printed as one ``error:`` line naming the command's ``--help``, exit code 2,
        instead of Typer's usage box."""
        try:
            return super().invoke(ctx)
        except ClickException as exc:
            raise _one_line(exc) from None


def _one_line(exc: ClickException) -> Exception:
    """Print ``exc`` as one ``error:`` line on stderr; the Exit to raise instead of it."""
    if isinstance(exc, NoArgsIsHelpError):
        return exc  # `accord` alone, `accord corpus`: the help, as asked
    from accord.commands._common import print_error

    message = exc.format_message()
    context = getattr(exc, "ctx", None)
    if context is not None:
        message += f" (see '{context.command_path} --help')"
    print_error(message)
    return typer.Exit(exc.exit_code)


app = typer.Typer(
    name="accord",
    cls=LazyGroup,
    help="Evidence-backed models of multi-party negotiations from uneven news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


#: The thread pools of the BLAS libraries NumPy and SciPy load (OpenBLAS; MKL or an OpenMP
#: build in other installs), held to one thread by the console script.
SINGLE_THREADED = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def run() -> None:
    """The ``accord`` console script: :data:`app`, with BLAS held to one thread unless the
    user's environment says otherwise.

    OpenBLAS starts a worker thread per core when NumPy is imported, and those threads spin
    while they wait: a small ``accord power`` spends about half as much CPU again as it takes
    wall time. The CLI's numerics are small matrices, and its parallel work (sweeps, ingest,
    extraction) runs in processes, which inherit the setting instead of each starting a
    thread per core. The variables are read when NumPy loads, so they are set here, before
    any command imports it; ``import accord`` from Python leaves them alone.
    """
    for name in SINGLE_THREADED:
        os.environ.setdefault(name, "1")
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
