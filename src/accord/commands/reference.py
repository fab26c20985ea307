"""The CLI reference (docs/cli.md), generated from the ``--help`` of every command.

``python -m accord.commands.reference -o docs/cli.md`` rewrites it; a test fails when the file
and the commands disagree, so the reference cannot drift from the CLI.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

#: Width the help is rendered at (fixed, so the file does not depend on the terminal).
WIDTH = 100

HEADER = """# Command-line reference

Generated from `accord --help` and the `--help` of every command by
`python -m accord.commands.reference -o docs/cli.md`; a test keeps this file in sync with the
commands. The README shows each command with an example; the Python API has a function or
method of the same name for each (`help(accord)`).

"""


def command_paths(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and group under ``group`` (a Typer group), depth first, in ``--help``
    order."""
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        yield (*prefix, name)
        if hasattr(command, "list_commands"):
            yield from command_paths(command, (*prefix, name))


def help_text(app: typer.Typer, path: tuple[str, ...]) -> str:
    """The ``--help`` output of ``accord <path>`` at :data:`WIDTH` columns, without colour."""
    env = {"COLUMNS": str(WIDTH), "TERMINAL_WIDTH": str(WIDTH), "NO_COLOR": "1"}
    result = CliRunner().invoke(app, [*path, "--help"], env=env, prog_name="accord")
    if result.exit_code != 0:
        raise RuntimeError(f"accord {' '.join(path)} --help failed: {result.output}")
    return "\n".join(line.rstrip() for line in result.output.strip().splitlines())


def render(app: typer.Typer | None = None) -> str:
    """The whole reference as Markdown."""
    if app is None:
        from accord.cli import app as cli_app

        app = cli_app
    parts = [HEADER, "## accord\n\n```text\n", help_text(app, ()), "\n```\n"]
    for path in command_paths(typer.main.get_group(app)):
        title = " ".join(("accord", *path))
        parts += [f"\n## {title}\n\n```text\n", help_text(app, path), "\n```\n"]
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    """``-o FILE`` writes the reference; without it, print it."""
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if args[:1] in (["-o"], ["--output"]) and len(args) == 2:
        Path(args[1]).write_text(text, encoding="utf-8")
        print(f"wrote {args[1]}")
    elif args:
        print("usage: python -m accord.commands.reference [-o FILE]", file=sys.stderr)
        return 2
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
