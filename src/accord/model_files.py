"""Model files: ``validate``, ``convert`` and the JSON Schema (``accord validate``, ``accord
model convert``, ``accord model schema``).

>>> import accord
>>> report = accord.validate("examples/ukraine-2025/model.yaml")
>>> report.ok, len(report.model.actors)
(True, 6)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import InputError

if TYPE_CHECKING:
    from accord.corpus_db import Corpus
    from accord.model.evidence import ArticleText
    from accord.model.validate import ValidationReport


def validate(
    file: str | Path,
    *,
    db: str | Path | Corpus | None = None,
    articles: Sequence[ArticleText] | None = None,
) -> ValidationReport:
    """Check a model file: located errors and warnings, never an exception for bad content.

    With ``db`` (an existing database's path or URL, or a :class:`~accord.Corpus`), or the
    ``articles`` themselves (:meth:`Corpus.texts`), every quoted evidence item is verified
    against the cleaned texts of the current articles; ``report.article_count`` is how many
    (None without them). ``accord validate FILE [--db DB]``.

    >>> report = validate("examples/ukraine-2025/model.yaml")
    >>> report.ok, len(report.model.actors), report.article_count
    (True, 6, None)
    """
    from accord.corpus_db import Corpus
    from accord.model.validate import validate_file

    if db is not None and articles is None:
        corpus = db if isinstance(db, Corpus) else Corpus(db, create=False)
        articles = corpus.texts()
    return validate_file(file, articles)


def validation_dict(report: ValidationReport) -> dict[str, Any]:
    """A validation report as JSON-ready data: file, ok, errors, warnings, evidence checks."""
    from accord.model.locate import field_path

    return {
        "file": report.file,
        "ok": report.ok,
        "errors": [f.to_dict() for f in report.errors],
        "warnings": [f.to_dict() for f in report.warnings],
        "evidence": [
            {
                "field": field_path(c.loc),
                "status": c.status,
                "message": c.message,
                "span": list(c.span) if c.span else None,
            }
            for c in report.evidence
        ],
    }


def convert(
    source: str | Path,
    target: str | Path,
    *,
    to: str | None = None,
    issue: str | None = None,
) -> list[str]:
    """Convert a model file to ``target`` (format from ``to`` — ``yaml``, ``ktab-csv``,
    ``ktab-xml``, ``bdm-csv`` — or the target's extension), atomically; ``issue`` picks the
    issue a BdM CSV holds. Returns what the target format cannot carry."""
    from accord.model.io import ModelFormat, load_model, save_model

    fmt = None
    if to is not None:
        try:
            fmt = ModelFormat(to)
        except ValueError:
            raise InputError(
                f"unknown format {to!r}; use one of {', '.join(f.value for f in ModelFormat)}",
                field="to",
            ) from None
    if Path(target).resolve() == Path(source).resolve():
        raise InputError("refusing to overwrite the input file", file=str(target))
    return save_model(load_model(source), target, fmt, issue)


def model_schema() -> dict[str, Any]:
    """The model file's JSON Schema (what docs/model.schema.json holds)."""
    from accord.model.schema import json_schema

    return json_schema()
