"""Errors that reach the user as one clear line.

Every error raised for bad input names where the problem is (file, line, field) and what is
allowed instead; the CLI prints ``str(error)`` on one line and exits non-zero. Library code
names fields as the Python API does (``track``, ``weighted``); the CLI maps them to its flags.

The hierarchy (catch :class:`AccordError` for all of them)::

    AccordError          a user-facing error with a location
    ├── InputError       input the user must fix: a file, a line, a field, a parameter
    │   ├── ModelError       a negotiation model that cannot be analysed as asked
    │   │                    (located by its path in the model, ``loc``)
    │   └── ModelFileError   every error found in one model file (``errors``)
    └── DatabaseError    a database that cannot be opened, migrated or read as accord's

Solvers (:mod:`accord.solve`) raise only these: a parameter out of range is an
:class:`InputError` naming the parameter, a model that cannot be analysed a :class:`ModelError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: A path into a model: ``("positions", 3, "salience")``.
Loc = tuple[int | str, ...]


def field_path(loc: Sequence[int | str]) -> str:
    """A readable field path.

    >>> field_path(("positions", 3, "salience"))
    'positions[3].salience'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


@dataclass
class AccordError(Exception):
    """A user-facing error with a location.

    >>> str(AccordError("bad salience", file="m.yaml", line=12, column=5, field="salience"))
    'm.yaml:12:5: salience: bad salience'
    >>> str(AccordError("line is over the size cap of 10 bytes", "a.jsonl", 3, setting="max_bytes"))
    'a.jsonl:3: line is over the size cap of 10 bytes (max_bytes)'
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    #: The parameter whose value refused this input (``max_bytes``), named after the message so
    #: the user knows what to change; the CLI names its flag (``--max-bytes``) instead.
    setting: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        setting = f" ({self.setting})" if self.setting else ""
        return f"{where}{field}{self.message}{setting}"


class InputError(AccordError):
    """Bad input data: a file, a line, a field or a parameter the user must fix."""


@dataclass
class ModelError(InputError):
    """A negotiation model that cannot be analysed as asked, at ``loc`` in the model.

    ``field`` is filled from ``loc``; whoever knows the file (a loaded model) adds file, line
    and column with :meth:`located`.

    >>> e = ModelError("no status quo", loc=("issues", 0, "status_quo"))
    >>> str(e.located("m.yaml", 7, 5))
    'm.yaml:7:5: issues[0].status_quo: no status quo'
    """

    loc: Loc = ()

    def __post_init__(self) -> None:
        if self.field is None and self.loc:
            self.field = field_path(self.loc)
        super().__post_init__()

    def located(self, file: str, line: int | None, column: int | None) -> ModelError:
        """This error with the model file's name and the line and column of ``loc``."""
        self.file, self.line, self.column = file, line, column
        return self


class ModelFileError(InputError):
    """Every error found in one model file; ``str()`` is the first, ``errors`` holds all."""

    def __init__(self, errors: list[InputError]) -> None:
        first = errors[0]
        super().__init__(
            first.message, file=first.file, line=first.line, column=first.column, field=first.field
        )
        self.errors = errors


class DatabaseError(AccordError):
    """A database that cannot be opened, migrated or read as an accord database."""
