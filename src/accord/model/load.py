"""Load a model file for analysis: read it, check it, refuse it when the checks find errors.

Forecasting, explaining, bargaining and apportioning all start here, so a model with a located
error (a salience of 150, a red line outside the scale, an unknown actor in a track) stops
with every error named, and warnings travel with the model for the caller to show.

>>> checked = load_checked("examples/ukraine-2025/model.yaml")
>>> checked.model.name, len(checked.warnings)
('Ukraine 2025 (US–Russia talks)', 0)
>>> load_model("../shared/fixtures/bdm/eu_emissions.csv").issues[0].id
'eu_emissions'
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from accord.errors import InputError, ModelError
from accord.model.io import LoadedModel, ModelFormat, load_located
from accord.model.locate import ModelFileError
from accord.model.schema import NegotiationModel
from accord.model.validate import Finding, check_model


@dataclass
class CheckedModel(LoadedModel):
    """A :class:`LoadedModel` that passed :func:`~accord.model.validate.check_model`, with the
    warnings the check found (equal saliences, positions without evidence, …)."""

    warnings: list[Finding] = field(default_factory=list)


def load_checked(path: str | Path, fmt: ModelFormat | None = None) -> CheckedModel:
    """Load a model file (any supported format) and check it.

    Raises :class:`~accord.model.locate.ModelFileError` holding every located error (its
    ``str()`` is the first); returns the model with where it came from and its warnings.
    """
    loaded = load_located(path, fmt)
    errors, warnings = check_model(loaded)
    if errors:
        raise ModelFileError(
            [
                InputError(e.message, file=e.file, line=e.line, column=e.column, field=e.field)
                for e in errors
            ]
        )
    return CheckedModel(
        model=loaded.model,
        file=loaded.file,
        format=loaded.format,
        source=loaded.source,
        warnings=warnings,
    )


def load_model(
    path: str | Path, *, check: bool = True, format: ModelFormat | None = None
) -> NegotiationModel:
    """The model in ``path`` (YAML, KTAB CSV/XML or BdM CSV; ``format`` is detected when not
    given). With ``check`` (the default) a model with located errors is refused
    (:class:`~accord.model.locate.ModelFileError`); ``check=False`` only parses and validates
    the schema."""
    if not check:
        return load_located(path, format).model
    return load_checked(path, format).model


@contextlib.contextmanager
def errors_in(source: LoadedModel | str | Path | NegotiationModel | None) -> Iterator[None]:
    """A :class:`ModelError` raised inside (a model that cannot be analysed: zero capability,
    too many actors, …) names ``source``'s file — a model file's path, or a
    :class:`LoadedModel`, which also gives the line and column of the error's ``loc``. Errors
    about parameters (a track, an actor asked for) and models not read from a file are left
    as they are.

    >>> checked = load_checked("examples/ukraine-2025/model.yaml")
    >>> with errors_in(checked):
    ...     raise ModelError("no weight", loc=("issues", 0))
    Traceback (most recent call last):
    ...
    accord.errors.ModelError: examples/ukraine-2025/model.yaml:...: issues[0]: no weight
    """
    try:
        yield
    except ModelError as exc:
        if exc.file is None:
            if isinstance(source, LoadedModel) and source.file:
                exc.file = source.file
                if exc.loc and exc.line is None:
                    exc.line, exc.column = source.locate(exc.loc)
            elif isinstance(source, str | Path):
                exc.file = str(source)
        raise


P = ParamSpec("P")
R = TypeVar("R")


def model_errors_in_file(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` (whose first argument is a model or a model file's path) with every
    :class:`ModelError` it raises naming that file (see :func:`errors_in`)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        first: Any = args[0] if args else kwargs.get("model")
        source = Path(first) if isinstance(first, str | os.PathLike) else None
        with errors_in(source):
            return func(*args, **kwargs)

    return wrapper
