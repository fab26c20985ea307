"""Render rows as a Rich table, JSON or CSV — one helper for every CLI listing."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # Rich loads when a table or a message is printed, not for JSON or CSV
    from rich.text import Text


class OutputFormat(StrEnum):
    """How a listing is written to stdout."""

    table = "table"
    json = "json"
    csv = "csv"


# Characters that must not reach a terminal as they are: C0/C1 controls (newlines would split a
# one-line message, ESC starts ANSI sequences), DEL, and the bidirectional overrides and
# isolates that can make a line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_BODY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    short = _SHORT_ESCAPES.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: Any, *, multiline: bool = False) -> str:
    """``value`` as one line safe to show on a terminal: control characters escaped.

    Newlines, tabs, ANSI escape sequences and other controls in untrusted text (a file name,
    a JSONL field, a model id) are written as ``\\n``, ``\\x1b`` ... so a message stays one
    line and nothing reaches the terminal as a command. ``multiline=True`` keeps newlines and
    tabs (for a body of text shown as such). Rich markup is *not* touched here: print the
    result with :func:`plain` (or ``markup=False``), never as markup.

    >>> printable("a\\nb\\x1b[31m [bold]c[/]")
    'a\\\\nb\\\\x1b[31m [bold]c[/]'
    """
    text = value if isinstance(value, str) else str(value)
    if multiline:
        return _UNSAFE_IN_BODY.sub(_escape_char, text)
    return _UNSAFE.sub(_escape_char, text)


def plain(value: Any, style: str = "") -> Text:
    """A Rich :class:`~rich.text.Text` of ``value`` that is never read as markup, controls escaped.

    >>> plain("[/] and [bold]x").plain
    '[/] and [bold]x'
    """
    from rich.text import Text

    return Text(printable(value), style=style)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def emit(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    fmt: OutputFormat | str = OutputFormat.table,
    *,
    title: str | None = None,
    stream: TextIO | None = None,
) -> None:
    """Write ``rows`` (dicts) in the chosen format.

    ``columns`` picks and orders the keys shown in table and CSV output; JSON always carries
    every key so scripts get the full record.

    >>> emit([{"a": 1, "b": 2}], fmt="csv")
    a,b
    1,2
    """
    fmt = OutputFormat(fmt)
    stream = stream or sys.stdout
    rows = list(rows)
    if columns is None:
        columns = list(rows[0].keys()) if rows else []
    if fmt is OutputFormat.json:
        json.dump(rows, stream, ensure_ascii=False, indent=2, default=_jsonable)
        stream.write("\n")
    elif fmt is OutputFormat.csv:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=plain(title) if title is not None else None)
        for c in columns:
            table.add_column(plain(c))
        for row in rows:
            # Cells hold data (titles, paths, ids): never markup, controls escaped.
            table.add_row(*[plain(_cell(row.get(c))) for c in columns])
        # Off a terminal (pipes, files, CI logs) use a wide console so cells are never cut.
        width = None if stream.isatty() else 240
        Console(file=stream, soft_wrap=False, width=width).print(table)


def emit_json(obj: Any, stream: TextIO | None = None) -> None:
    """Write one JSON document (a dict or list) to stdout."""
    stream = stream or sys.stdout
    json.dump(obj, stream, ensure_ascii=False, indent=2, default=_jsonable)
    stream.write("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)
