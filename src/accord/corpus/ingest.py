"""Ingest files into the corpus store: stream, process, version, deduplicate, cluster.

Guarantees
----------
* **One transaction per file.** A file that fails as a whole (unreadable, over the size cap,
  broken gzip, not a WARC file) leaves nothing behind; a bad *line* or *record* inside a good
  file is reported with its line/record and skipped, the rest of the file lands.
* **Idempotent.** An article is identified by where it comes from (``Article.identity``, see
  :mod:`accord.store.corpus_tables`). Same identity and same raw bytes (SHA-256): nothing is
  written. Same identity, different bytes: a new version is added and the old one is kept with
  ``is_current = False``. A new identity whose bytes equal a current article's is recorded as an
  alias of that article, not stored twice. Unchanged articles are recognised before processing,
  so re-ingesting a corpus costs a read and a hash per article.
* **Streaming.** Articles are read, processed and written one at a time (Core inserts, no ORM
  identity map), so memory does not grow with the corpus.
* **Nothing silent.** Every repair, removed line and quality flag from
  :func:`accord.corpus.process.process_bytes` is stored with its offsets.

After the files, stories are recomputed over all current articles
(:func:`accord.corpus.cluster.cluster_articles`) when anything was added or changed.

>>> from accord.store.db import open_engine
>>> summary = ingest_paths(["examples/corpus"], open_engine(":memory:"))  # doctest: +SKIP
>>> summary.added  # doctest: +SKIP
5
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, insert, select, update

from accord.corpus.cluster import ClusterParams, ClusterResult, cluster_articles, fingerprint
from accord.corpus.cluster import fingerprint_row as _fingerprint_row
from accord.corpus.readers import (
    DEFAULT_MAX_BYTES,
    ArticleProblem,
    RawArticle,
    SkippedFile,
    SourceFile,
    discover,
)
from accord.errors import InputError
from accord.store.corpus_tables import (
    Article,
    ArticleAlias,
    ArticleFingerprint,
    ArticleFlag,
    ArticleRepair,
    RemovedLineRow,
)


@dataclass(frozen=True)
class IngestError:
    """One problem, located: ``path`` plus line (JSONL) or record (WARC) when known."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None
    whole_file: bool = False

    @classmethod
    def from_input_error(cls, exc: InputError, *, whole_file: bool) -> IngestError:
        """Wrap an :class:`InputError` raised while reading or processing."""
        return cls(exc.file or "?", exc.message, exc.line, exc.field, whole_file)

    def __str__(self) -> str:
        return str(InputError(self.message, file=self.path, line=self.line, field=self.field))


@dataclass(frozen=True)
class IngestProgress:
    """Reported after each file: how far the run is."""

    files_done: int
    articles_done: int
    path: str


@dataclass
class IngestSummary:
    """What an ingest run did (plain data; ``to_dict`` for JSON)."""

    files: int = 0
    files_failed: int = 0
    files_skipped: int = 0
    articles_read: int = 0
    added: int = 0
    unchanged: int = 0
    new_versions: int = 0
    duplicates: int = 0
    repairs: int = 0
    removed_lines: int = 0
    errors: list[IngestError] = field(default_factory=list)
    flags: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    clusters: ClusterResult | None = None

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.errors

    @property
    def changed(self) -> bool:
        """True when the run wrote any article."""
        return bool(self.added or self.new_versions)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (errors as one-line strings)."""
        stories = None
        if self.clusters is not None:
            stories = {
                "articles": self.clusters.n_articles,
                "stories": len(self.clusters.stories),
                "multi_article_stories": self.clusters.n_multi,
                "repost_links": self.clusters.n_repost_links,
                "spin_links": self.clusters.n_spin_links,
            }
        return {
            "files": self.files,
            "files_failed": self.files_failed,
            "files_skipped": self.files_skipped,
            "articles_read": self.articles_read,
            "added": self.added,
            "unchanged": self.unchanged,
            "new_versions": self.new_versions,
            "duplicates": self.duplicates,
            "repairs": self.repairs,
            "removed_lines": self.removed_lines,
            "flags": dict(sorted(self.flags.items())),
            "errors": [str(e) for e in self.errors],
            "stories": stories,
        }

    def _merge(self, other: _FileCounts) -> None:
        self.articles_read += other.read
        self.added += other.added
        self.unchanged += other.unchanged
        self.new_versions += other.new_versions
        self.duplicates += other.duplicates
        self.repairs += other.repairs
        self.removed_lines += other.removed_lines
        self.flags.update(other.flags)


@dataclass
class _FileCounts:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    new_versions: int = 0
    duplicates: int = 0
    repairs: int = 0
    removed_lines: int = 0
    flags: Counter[str] = field(default_factory=Counter)


ProgressCallback = Callable[[IngestProgress], None]


def ingest_paths(
    paths: Iterable[str | os.PathLike[str]],
    engine: Engine,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cluster: bool = True,
    cluster_params: ClusterParams | None = None,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Ingest files and folders into the database behind ``engine``.

    Errors never stop the run: each is recorded in ``summary.errors`` (one line naming the file,
    and the line or record) and every other file and article is still ingested.

    Args:
        paths: files or folders (walked recursively) of .txt, .html/.htm, .jsonl(.gz), .warc(.gz).
        engine: from :func:`accord.store.db.open_engine` (schema already migrated).
        max_bytes: size cap per file (and per line / record inside compressed files).
        cluster: recompute stories afterwards when anything was added or changed.
        cluster_params: thresholds for story clustering.
        progress: called after each file.

    >>> from accord.store.db import open_engine
    >>> s = ingest_paths(["examples/corpus"], open_engine(":memory:"))  # doctest: +SKIP
    >>> (s.files, s.added, s.ok)  # doctest: +SKIP
    (5, 5, True)
    """
    params = cluster_params or ClusterParams()
    summary = IngestSummary()
    ingester = _FileIngester(engine, params)
    for item in discover(paths, max_bytes=max_bytes):
        if isinstance(item, InputError):
            summary.files_failed += 1
            summary.errors.append(IngestError.from_input_error(item, whole_file=True))
            continue
        if isinstance(item, SkippedFile):
            summary.files_skipped += 1
            summary.skipped.append(item.path)
            continue
        summary.files += 1
        counts, errors, failed = ingester.ingest(item)
        summary.errors.extend(errors)
        if failed:
            summary.files_failed += 1
        else:
            summary._merge(counts)
        if progress is not None:
            progress(IngestProgress(summary.files, summary.articles_read, item.path))
    if cluster and (summary.changed or _stories_missing(engine)):
        summary.clusters = cluster_articles(engine, params)
    return summary


def _stories_missing(engine: Engine) -> bool:
    from accord.store.corpus_tables import StoryMember

    with engine.connect() as conn:
        has_articles = conn.execute(select(Article.id).limit(1)).first() is not None
        has_stories = conn.execute(select(StoryMember.article_id).limit(1)).first() is not None
    return has_articles and not has_stories


class _FileIngester:
    """Writes one file's articles in one transaction."""

    def __init__(self, engine: Engine, params: ClusterParams) -> None:
        self.engine = engine
        self.params = params

    def ingest(self, source: SourceFile) -> tuple[_FileCounts, list[IngestError], bool]:
        counts = _FileCounts()
        errors: list[IngestError] = []
        try:
            with self.engine.begin() as conn:
                for item in source.read():
                    if isinstance(item, ArticleProblem):
                        errors.append(IngestError.from_input_error(item.error, whole_file=False))
                        continue
                    counts.read += 1
                    try:
                        self._store(conn, item, counts)
                    except InputError as exc:
                        errors.append(
                            IngestError(
                                item.path,
                                exc.message,
                                item.line,
                                exc.field or _record_field(item),
                                whole_file=item.line is None and item.record is None,
                            )
                        )
        except InputError as exc:
            errors.append(IngestError.from_input_error(exc, whole_file=True))
            return counts, errors, True
        # A single-article file whose only article failed has failed as a whole.
        failed = bool(errors) and source.format in ("text", "html")
        return counts, errors, failed

    def _store(self, conn: Connection, item: RawArticle, counts: _FileCounts) -> None:
        from accord.corpus.process import process_bytes

        raw_sha = hashlib.sha256(item.raw).hexdigest()
        current = conn.execute(
            select(Article.id, Article.raw_sha256, Article.version).where(
                Article.identity == item.identity, Article.is_current.is_(True)
            )
        ).first()
        if current is not None and current.raw_sha256 == raw_sha:
            counts.unchanged += 1
            return
        now = _utcnow()
        if current is None:
            alias = conn.execute(
                select(ArticleAlias.raw_sha256).where(ArticleAlias.identity == item.identity)
            ).first()
            if alias is not None and alias.raw_sha256 == raw_sha:
                counts.unchanged += 1
                return
            same_bytes = conn.execute(
                select(Article.id).where(
                    Article.raw_sha256 == raw_sha, Article.is_current.is_(True)
                ).limit(1)
            ).first()
            if same_bytes is not None and alias is None:
                conn.execute(
                    insert(ArticleAlias).values(
                        article_id=same_bytes.id,
                        identity=item.identity,
                        raw_sha256=raw_sha,
                        source_path=item.path,
                        source_line=item.line,
                        source_record=item.record,
                        ingested_at=now,
                    )
                )
                counts.duplicates += 1
                return

        try:
            processed = process_bytes(
                item.raw,
                kind=item.kind,
                url=item.url,
                title=item.title,
                published=item.published,
                declared_encoding=item.declared_encoding,
            )
        except InputError as exc:
            raise InputError(
                exc.message, file=item.path, line=item.line, field=exc.field
            ) from None

        if current is not None:
            conn.execute(
                update(Article)
                .where(Article.id == current.id)
                .values(is_current=False, superseded_at=now)
            )
        text = processed.text
        result = conn.execute(
            insert(Article).values(
                identity=item.identity,
                version=(current.version + 1) if current is not None else 1,
                is_current=True,
                kind=item.kind,
                source_path=item.path,
                source_line=item.line,
                source_record=item.record,
                source_offset=item.offset,
                warc_record_id=item.warc_record_id,
                raw=item.raw,
                raw_sha256=raw_sha,
                encoding=processed.encoding,
                declared_encoding=item.declared_encoding,
                text=text,
                content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                segments=[
                    [g.text_start, g.source_start, g.length, int(g.exact), g.source_length]
                    for g in processed.segments
                ],
                title=processed.title or item.title,
                outlet=item.source or _host(item.url),
                url=item.url,
                published=processed.published or item.published,
                language=processed.language,
                n_chars=len(text),
                ingested_at=now,
            )
        )
        article_id = int(result.inserted_primary_key[0])
        if processed.repairs:
            conn.execute(
                insert(ArticleRepair),
                [
                    {
                        "article_id": article_id,
                        "seq": i,
                        "start": r.start,
                        "end": r.end,
                        "original": r.original,
                        "replacement": r.replacement,
                        "kind": r.kind,
                        "certain": bool(r.certain),
                        "reason": r.reason,
                    }
                    for i, r in enumerate(processed.repairs)
                ],
            )
        if processed.removed:
            conn.execute(
                insert(RemovedLineRow),
                [
                    {
                        "article_id": article_id,
                        "seq": i,
                        "start": r.start,
                        "end": r.end,
                        "text": r.text,
                        "reason": r.reason,
                    }
                    for i, r in enumerate(processed.removed)
                ],
            )
        if processed.flags:
            conn.execute(
                insert(ArticleFlag),
                [
                    {
                        "article_id": article_id,
                        "seq": i,
                        "name": f.name,
                        "score": None if f.score is None else float(f.score),
                        "spans": [[int(a), int(b)] for a, b in f.spans],
                        "span_space": _span_space(f.detail),
                        "detail": _jsonable(f.detail),
                    }
                    for i, f in enumerate(processed.flags)
                ],
            )
        conn.execute(
            insert(ArticleFingerprint),
            [_fingerprint_row(article_id, fingerprint(text, self.params), self.params)],
        )
        if current is not None:
            counts.new_versions += 1
        else:
            counts.added += 1
        counts.repairs += len(processed.repairs)
        counts.removed_lines += len(processed.removed)
        counts.flags.update(f.name for f in processed.flags)


def _record_field(item: RawArticle) -> str | None:
    return f"record {item.record}" if item.record is not None else None


def _span_space(detail: Any) -> str | None:
    if isinstance(detail, dict):
        value = detail.get("span_space")
        return str(value) if value is not None else None
    return None


def _jsonable(detail: Any) -> Any:
    if detail is None:
        return {}
    if not isinstance(detail, dict):
        return {"detail": str(detail)}
    # Round-trip through JSON so dates, tuples and sets are stored in a stable, readable form.
    return json.loads(json.dumps(detail, default=str, ensure_ascii=False))


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
