"""Options and error handling shared by every CLI command."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from accord.errors import AccordError
from accord.report.output import OutputFormat, plain, printable

F = TypeVar("F", bound=Callable[..., Any])

err_console = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="ACCORD_DB",
        help="SQLite file path or SQLAlchemy URL (default ./accord.db).",
        show_default=False,
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        envvar="ACCORD_DASK",
        help="Run the per-article work on Dask: a scheduler address (tcp://host:8786) or "
        "local:N for a LocalCluster of N worker processes.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output as a table, JSON or CSV."),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Shorthand for --format csv.")]


def start_executor(dask: str | None) -> Any:
    """The executor ``--dask`` asks for (started), or ``None`` to work locally."""
    if dask is None:
        return None
    from accord.parallel import get_executor

    return get_executor(dask)


def pick_format(fmt: OutputFormat, json_flag: bool = False, csv_flag: bool = False) -> OutputFormat:
    """Resolve ``--format`` and its ``--json`` / ``--csv`` shorthands."""
    if json_flag:
        return OutputFormat.json
    if csv_flag:
        return OutputFormat.csv
    return fmt


def print_error(message: object, label: str = "error", style: str = "bold red") -> None:
    """Print ``label: message`` as one line on stderr.

    ``message`` is untrusted (it quotes file names, JSONL fields, model ids): it is never read
    as Rich markup and its control characters are escaped, so ``[/]``, ``[bold]``, a newline
    or an ANSI escape in it prints as written and the message stays on one line.
    """
    line = Text.assemble((f"{label}:", style), " ", plain(message))
    err_console.print(line, highlight=False, soft_wrap=True)


def print_warning(message: object, label: str = "warning") -> None:
    """Print ``warning: message`` as one line on stderr (see :func:`print_error`)."""
    print_error(message, label=label, style="yellow")


def echo(message: object, *, err: bool = False) -> None:
    """``typer.echo`` for text that quotes data: control characters escaped, one line per call."""
    typer.echo(printable(message), err=err)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on one line to stderr and return the Exit to raise."""
    print_error(message)
    return typer.Exit(code)


def cli_errors(func: F) -> F:
    """Turn :class:`AccordError` (and unreadable files) into one line on stderr and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AccordError as exc:
            raise fail(str(exc)) from None
        except BrokenPipeError:
            # `accord ... | head` closed our stdout: not an error. Point stdout at /dev/null so
            # the interpreter's final flush does not complain either.
            _silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:
            name = getattr(exc, "filename", None)
            raise fail(f"{name}: {exc.strerror or exc}" if name else str(exc)) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (e.g. tests)
        pass
