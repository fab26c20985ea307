"""Read cooperative-game inputs: coalition-value files and weighted-voting weight files.

Both are CSV so that every error names ``file:line`` and the column:

- **coalition values** (a TU game): header ``coalition,value``; one row per non-empty
  coalition, members joined by ``+`` (``A+B``); lines starting with ``#`` are comments.
  Players are those named in the file, in order of first appearance, unless ``players`` is
  given. Every coalition must be listed exactly once, unless ``complete=False`` (then the
  game's ``default`` fills the unlisted ones, e.g. 0 for a simple game).
- a **weighted voting game**: header ``name,weight`` or ``name,weight_1,weight_2,…`` (one
  column per majority requirement of a compound game); quotas come from the caller.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from accord.errors import InputError
from accord.numbers import to_fraction

MAX_GAME_PLAYERS = 20


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    # accord.files loads PyYAML; `accord power --weights 7,7,1` reads no file and needs none.
    from accord.files import decode_utf8

    text = decode_utf8(path.read_bytes(), str(path))
    rows: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((lineno, [cell.strip() for cell in next(csv.reader([line]))]))
    if not rows:
        raise InputError("the file is empty", file=str(path), line=1, column=1, field="header")
    return rows


@dataclass(frozen=True)
class CoalitionValues:
    """A coalition-value file's content: players in order and the value of each coalition
    (``TUGame.from_values(names, values, ...)`` builds the game)."""

    file: str
    names: list[str]
    values: dict[frozenset[str], Fraction]


def read_coalition_values(
    path: str | Path,
    *,
    players: Sequence[str] | None = None,
    complete: bool = True,
) -> CoalitionValues:
    """Read a ``coalition,value`` CSV file; with ``complete`` every coalition must be listed.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "glove.csv"
    >>> rows = ["coalition,value", "L,0", "R1,0", "R2,0", "L+R1,1", "L+R2,1", "R1+R2,0",
    ...         "L+R1+R2,1"]
    >>> _ = p.write_text("\\n".join(rows))
    >>> read_coalition_values(p).names
    ['L', 'R1', 'R2']
    """
    path = Path(path)
    rows = _rows(path)
    header_line, header = rows[0]
    if [h.lower() for h in header[:2]] != ["coalition", "value"] or len(header) != 2:
        raise InputError(
            f"header is {','.join(header)!r}; expected 'coalition,value'",
            file=str(path),
            line=header_line,
            column=1,
            field="header",
        )
    names: list[str] = list(players) if players is not None else []
    fixed = players is not None
    parsed: list[tuple[int, tuple[str, ...], Fraction]] = []
    crowded = header_line
    for lineno, cells in rows[1:]:
        if len(cells) != 2:
            raise InputError(
                f"{len(cells)} columns; expected 2 (coalition, value)",
                file=str(path),
                line=lineno,
                column=1,
                field="row",
            )
        members = tuple(m.strip() for m in cells[0].split("+") if m.strip())
        if not members:
            raise InputError("empty coalition", file=str(path), line=lineno, field="coalition")
        if len(set(members)) != len(members):
            raise InputError(
                f"coalition {cells[0]!r} names a player twice",
                file=str(path),
                line=lineno,
                field="coalition",
            )
        for m in members:
            if m not in names:
                if fixed:
                    raise InputError(
                        f"unknown player {m!r} (players: {', '.join(names)})",
                        file=str(path),
                        line=lineno,
                        field="coalition",
                    )
                names.append(m)
                if len(names) == MAX_GAME_PLAYERS + 1:
                    crowded = lineno
        try:
            value = to_fraction(cells[1], "value")
        except InputError:
            raise InputError(
                f"{cells[1]!r} is not a number", file=str(path), line=lineno, field="value"
            ) from None
        parsed.append((lineno, members, value))
    if len(names) > MAX_GAME_PLAYERS:
        raise InputError(
            f"{len(names)} players: a coalition file lists 2^n values and is limited to "
            f"{MAX_GAME_PLAYERS} players",
            file=str(path),
            line=crowded,
            field="coalition",
        )
    index = {name: i for i, name in enumerate(names)}
    seen: dict[int, int] = {}
    values: dict[frozenset[str], Fraction] = {}
    for lineno, members, value in parsed:
        mask = sum(1 << index[m] for m in members)
        if mask in seen:
            raise InputError(
                f"coalition {'+'.join(members)} is listed twice (first on line {seen[mask]})",
                file=str(path),
                line=lineno,
                field="coalition",
            )
        seen[mask] = lineno
        values[frozenset(members)] = value
    expected = (1 << len(names)) - 1
    if complete and len(values) != expected:
        missing = [
            "+".join(names[i] for i in range(len(names)) if m >> i & 1)
            for m in range(1, expected + 1)
            if m not in seen
        ]
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise InputError(
            f"{len(missing)} coalition(s) have no value: {shown} "
            f"(a game on {len(names)} players needs all {expected})",
            file=str(path),
            line=rows[-1][0],
            field="coalition",
        )
    return CoalitionValues(str(path), names, values)


def read_weights(path: str | Path) -> tuple[list[str], list[list[int]]]:
    """Read ``name,weight[,weight_2,…]`` rows: the player names and one weight row per column.

    Weights must be non-negative integers (scale decimal weights before: exact counting
    needs integers).
    """
    path = Path(path)
    rows = _rows(path)
    header_line, header = rows[0]
    if len(header) < 2 or header[0].lower() != "name":
        raise InputError(
            f"header is {','.join(header)!r}; expected 'name,weight' "
            "(or name,weight_1,weight_2,… for several majorities)",
            file=str(path),
            line=header_line,
            column=1,
            field="header",
        )
    names: list[str] = []
    columns: list[list[int]] = [[] for _ in header[1:]]
    for lineno, cells in rows[1:]:
        if len(cells) != len(header):
            raise InputError(
                f"{len(cells)} columns; the header has {len(header)}",
                file=str(path),
                line=lineno,
                column=1,
                field="row",
            )
        if cells[0] in names:
            raise InputError(
                f"player {cells[0]!r} is listed twice", file=str(path), line=lineno, field="name"
            )
        names.append(cells[0])
        for k, cell in enumerate(cells[1:]):
            try:
                w = int(cell)
            except ValueError:
                w = -1
            if w < 0:
                raise InputError(
                    f"{cell!r} is not a non-negative integer weight",
                    file=str(path),
                    line=lineno,
                    field=header[k + 1],
                )
            columns[k].append(w)
    if not names:
        raise InputError("no players listed", file=str(path), line=header_line, field="name")
    return names, columns


def parse_number_list(text: str, field: str) -> list[Fraction]:
    """Parse ``"1,2.5,3"`` into exact Fractions; errors name the field and the position."""
    out: list[Fraction] = []
    for i, item in enumerate(text.split(",")):
        item = item.strip()
        if not item:
            raise InputError(f"item {i + 1} is empty in {text!r}", field=field)
        try:
            out.append(to_fraction(item, field))
        except InputError:
            raise InputError(f"item {i + 1} ({item!r}) is not a number", field=field) from None
    return out
