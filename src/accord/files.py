"""Reading and writing the files analysts edit: YAML with located errors, atomic writes.

Every layer reads YAML (model files, the actor registry, lexicons) and writes files a reader
may be looking at (model files, the registry, plots); both are done here, once.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
>>> atomic_write_text(path, "a: [1, 2\\n")
>>> read_yaml(path)
Traceback (most recent call last):
...
accord.errors.InputError: ...x.yaml:2:1: not valid YAML: expected ',' or ']', but got '<stream end>'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from accord.errors import InputError


def yaml_error(exc: yaml.YAMLError, file: str | None) -> InputError:
    """The :class:`InputError` for a YAML syntax error: file, line and column of the problem.

    >>> try:
    ...     yaml.safe_load("a: [1")
    ... except yaml.YAMLError as exc:
    ...     print(yaml_error(exc, "m.yaml"))
    m.yaml:1:6: not valid YAML: expected ',' or ']', but got '<stream end>'
    """
    mark = problem = None
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context
    return InputError(
        f"not valid YAML: {problem or exc}",
        file=file,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def parse_yaml_text(
    text: str, file: str | None, loader: type[yaml.SafeLoader] = yaml.SafeLoader
) -> Any:
    """Parse ``text`` with ``loader`` (a safe loader); a syntax error names file, line, column."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader (sub)class
    except yaml.YAMLError as exc:
        raise yaml_error(exc, file) from None


def read_yaml(path: str | os.PathLike[str], loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    """Read and parse a UTF-8 YAML file (see :func:`parse_yaml_text`)."""
    path = Path(path)
    return parse_yaml_text(path.read_text(encoding="utf-8"), str(path), loader)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: temp file in the same directory, then rename.

    A reader (or a crash) sees either the old file or the complete new one, never half.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file 0600; give the result the mode a plain open() would have
        # (or keep the mode of the file being replaced).
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 ``text`` atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))
