"""Render rows as a Rich table, JSON or CSV — one helper for every CLI listing."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    """How a listing is written to stdout."""

    table = "table"
    json = "json"
    csv = "csv"


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
        table = Table(title=title)
        for c in columns:
            table.add_column(c)
        for row in rows:
            table.add_row(*[_cell(row.get(c)) for c in columns])
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
