"""Errors that reach the user as one clear line.

Every error raised for bad input names where the problem is (file, line, field) and what is
allowed instead; the CLI prints ``str(error)`` on one line and exits non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class AccordError(Exception):
    """A user-facing error with a location.

    >>> str(AccordError("bad salience", file="m.yaml", line=12, column=5, field="salience"))
    'm.yaml:12:5: salience: bad salience'
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

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
        return f"{where}{field}{self.message}"


class InputError(AccordError):
    """Bad input data: a file, a line or a field the user must fix."""
