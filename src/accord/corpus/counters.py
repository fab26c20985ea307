"""What an ingest run counts and reports: counters (declared once), errors, progress.

Each counter is a field with the label the CLI shows; a file's :class:`ArticleCounts` are added
to the run's :class:`IngestSummary` once the file is committed, field by field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from accord.corpus.cluster import ClusterResult
from accord.errors import InputError


def _counter(label: str) -> Any:
    return field(default=0, metadata={"label": label})


@dataclass(frozen=True)
class IngestError:
    """One problem, located: ``path`` plus line (JSONL) or record (WARC) when known."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None
    whole_file: bool = False
    setting: str | None = None  # the parameter that refused it (see AccordError.setting)

    @classmethod
    def from_input_error(cls, exc: InputError, *, whole_file: bool) -> IngestError:
        """Wrap an :class:`InputError` raised while reading or processing."""
        return cls(exc.file or "?", exc.message, exc.line, exc.field, whole_file, exc.setting)

    def __str__(self) -> str:
        return str(InputError(self.message, file=self.path, line=self.line, field=self.field,
                              setting=self.setting))


@dataclass(frozen=True)
class IngestProgress:
    """Reported after each file: how far the run is."""

    files_done: int
    articles_done: int
    path: str


@dataclass
class ArticleCounts:
    """What happened to the articles of one file (or, summed, of a run)."""

    articles_read: int = _counter("articles read")
    added: int = _counter("articles added")
    unchanged: int = _counter("articles unchanged")
    new_versions: int = _counter("new versions")
    duplicates: int = _counter("byte-identical copies (aliases)")
    repairs: int = _counter("repairs recorded")
    removed_lines: int = _counter("lines removed")
    flags: Counter[str] = field(default_factory=Counter)

    def add(self, other: ArticleCounts) -> None:
        """Add ``other``'s counts to these (flags per flag name)."""
        for counter in fields(ArticleCounts):
            total = getattr(self, counter.name)
            total += getattr(other, counter.name)  # Counter += Counter adds per flag
            setattr(self, counter.name, total)


@dataclass
class IngestSummary(ArticleCounts):
    """What an ingest run did (plain data; ``to_dict`` for JSON)."""

    files: int = _counter("files")
    files_failed: int = _counter("files failed")
    files_skipped: int = _counter("files skipped (unsupported type, link out of the folders)")
    errors: list[IngestError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: What the run did that the user should know but that is not an error, one line each
    #: (``path: what``): a link not followed, a file name stored escaped, a repeated id.
    notes: list[str] = field(default_factory=list)
    clusters: ClusterResult | None = None

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.errors

    @property
    def changed(self) -> bool:
        """True when the run wrote any article."""
        return bool(self.added or self.new_versions)

    def counts(self) -> Iterator[tuple[str, str, int]]:
        """``(name, label, value)`` of every counter: files first, then articles.

        >>> [label for _, label, _ in IngestSummary().counts()][:2]
        ['files', 'files failed']
        """
        own = [f for f in fields(IngestSummary) if "label" in f.metadata]
        files = [f for f in own if f.name.startswith("files")]
        for f in files + [f for f in own if f not in files]:
            yield f.name, f.metadata["label"], getattr(self, f.name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (errors as one-line strings)."""
        stories = None
        if self.clusters is not None:
            stories = {
                "articles": self.clusters.n_articles,
                "stories": self.clusters.n_stories,
                "multi_article_stories": self.clusters.n_multi,
                "repost_links": self.clusters.n_repost_links,
                "spin_links": self.clusters.n_spin_links,
            }
        out: dict[str, Any] = {name: value for name, _, value in self.counts()}
        out["flags"] = dict(sorted(self.flags.items()))
        out["errors"] = [str(e) for e in self.errors]
        out["notes"] = list(self.notes)
        out["stories"] = stories
        return out
