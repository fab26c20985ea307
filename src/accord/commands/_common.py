"""Options and error handling shared by every CLI command."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from accord.errors import AccordError, ModelError
from accord.report.output import OutputFormat, plain, printable

if TYPE_CHECKING:  # Rich loads when something is printed through it (start-up time)
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])


@functools.cache
def stderr_console() -> Console:
    """The Rich console on stderr that messages and progress bars use (made on first use)."""
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


def __getattr__(name: str) -> Any:
    """``err_console``: :func:`stderr_console`, loaded on first use (PEP 562)."""
    if name == "err_console":
        return stderr_console()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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
ModelArgument = Annotated[
    Path, typer.Argument(help="Model file (YAML, KTAB CSV/XML, BdM CSV).")
]
RegistryOption = Annotated[
    str | None,
    typer.Option(
        "--registry",
        envvar="ACCORD_REGISTRY",
        help="Actor registry YAML (default ./actors.yaml if present, else the packaged 2025 "
        "registry).",
        show_default=False,
    ),
]
ActorOption = Annotated[
    str | None,
    typer.Option("--actor", help="Only items of this actor (registry id, name or alias)."),
]
ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param",
        "-p",
        help="Engine parameter name=value (repeatable), e.g. -p normalise_salience=true.",
    ),
]
RoundsOption = Annotated[
    int | None, typer.Option("--rounds", help="Maximum rounds (dynamic engines).")
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        rich_help_panel="Input limits",
        help="Bytes of one file as stored (a .gz: compressed); also caps a JSONL line / WARC "
        "payload.",
    ),
]
RepostOption = Annotated[
    float,
    typer.Option(
        "--repost-threshold",
        min=0.05,
        max=0.95,
        help="Shingle-MinHash Jaccard above which two articles are reposts of one story.",
    ),
]
SpinOption = Annotated[
    float,
    typer.Option(
        "--spin-threshold",
        min=0.0,
        max=1.0,
        help="Weighted word/name/number/quote score above which a spun copy joins its source.",
    ),
]


def split_list(text: str | None) -> list[str] | None:
    """``"a, b,c"`` → ``["a", "b", "c"]``; None stays None."""
    return [part.strip() for part in text.split(",")] if text else None


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """``--param name=value`` pairs; values are read as YAML scalars (true, 3, 0.5, text)."""
    from accord.files import parse_yaml_text

    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise AccordError(f"expected name=value, got {item!r}", field="--param")
        try:
            value = parse_yaml_text(raw, None) if raw.strip() else ""
        except AccordError:
            value = raw
        if isinstance(value, dict | list):
            raise AccordError(f"{key}: expected a single value, got {raw!r}", field="--param")
        out[key.strip()] = value
    return out


@contextlib.contextmanager
def progress_bar(
    label: str, unit: str, show: bool, **fields: Any
) -> Iterator[Callable[..., None] | None]:
    """A transient progress bar on stderr while the block runs; yields ``update(completed,
    total=None, **fields)``, or None when ``show`` is false. ``unit`` may use ``fields``.

    Only a terminal gets a bar: elsewhere (a file, a pipe) a transient bar would leave a blank
    line on stderr, in front of the one ``error:`` line a failed command prints.
    """
    if not show:
        yield None
        return
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=fields.pop("total", None), **fields)

        def update(completed: int, total: int | None = None, **values: Any) -> None:
            if total is not None:
                values["total"] = total
            bar.update(task, completed=completed, **values)

        yield update


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
    from rich.text import Text

    line = Text.assemble((f"{label}:", style), " ", plain(_with_flag(message)))
    stderr_console().print(line, highlight=False, soft_wrap=True)


#: The running command's parameter → flag mapping (set by :func:`cli_errors`).
_FLAGS: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "accord_cli_flags", default=None
)


def _with_flag(message: object) -> object:
    """An error whose ``setting`` names a parameter of the running command, with the flag
    instead (``… over the size cap of 10 MB (--max-bytes)``)."""
    setting = getattr(message, "setting", None)
    if not isinstance(setting, str):
        return message
    flag = (_FLAGS.get() or {}).get(setting)
    text = str(message)
    if flag is None or not text.endswith(f" ({setting})"):
        return message
    return f"{text[: -len(setting) - 2]}({flag})"


def print_warning(message: object, label: str = "warning") -> None:
    """Print ``warning: message`` as one line on stderr (see :func:`print_error`)."""
    print_error(message, label=label, style="yellow")


def echo(message: object, *, err: bool = False) -> None:
    """``typer.echo`` for text that quotes data: control characters escaped, one line per call."""
    typer.echo(printable(message), err=err)


def fail(message: object, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on one line to stderr and return the Exit to raise."""
    print_error(message)
    return typer.Exit(code)


def option_flags(func: Callable[..., Any]) -> dict[str, str]:
    """Parameter name → what the user typed for it: its long flag (``rounds`` → ``--rounds``)
    or, for an argument, its metavar (``article_id`` → ``ARTICLE_ID``)."""
    try:
        hints = typing.get_type_hints(func, include_extras=True)
    except Exception:  # noqa: BLE001 - unresolvable annotations: no mapping rather than no CLI
        return {}
    out: dict[str, str] = {}
    for name, hint in hints.items():
        for info in getattr(hint, "__metadata__", ()):
            if isinstance(info, typer.models.OptionInfo):
                # In Annotated, typer.Option("--flag") passes the first flag as ``default``.
                first = [info.default] if isinstance(info.default, str) else []
                decls = [d for part in (*first, *(info.param_decls or ())) for d in part.split("/")]
                flags = [d for d in decls if d.startswith("--")]
                out[name] = flags[0] if flags else f"--{name.replace('_', '-')}"
            elif isinstance(info, typer.models.ArgumentInfo):
                out[name] = info.metavar or name.upper()
    return out


def cli_errors(func: F) -> F:
    """Turn :class:`AccordError`, unreadable files and database failures (a lock held too
    long, a dropped connection: see :func:`accord.store.db.database_error`) into one line on
    stderr and exit 1.

    The library names a bad parameter by its field (``rounds``); the message names the flag
    the user typed (``--rounds``).
    """
    flags = option_flags(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _FLAGS.set(flags)
        try:
            return func(*args, **kwargs)
        except AccordError as exc:
            # A field inside a file (a line of it, or a model's path) is not a flag.
            in_file = exc.line is not None or isinstance(exc, ModelError)
            if exc.field in flags and not in_file:
                exc.field = flags[exc.field]
            raise fail(exc) from None
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
        except Exception as exc:
            if not _from_database(exc):
                raise
            from accord.store.db import database_error

            raise fail(str(database_error(exc))) from None
        finally:
            _FLAGS.reset(token)

    return wrapper  # type: ignore[return-value]


def _from_database(exc: BaseException) -> bool:
    """True for an error raised by the database layer (SQLAlchemy, Alembic, a driver)."""
    module = type(exc).__module__.split(".")[0]
    return module in ("sqlalchemy", "alembic", "sqlite3", "psycopg", "psycopg2")


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (e.g. tests)
        pass
