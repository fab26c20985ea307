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
* **Parallel, same result.** With ``workers > 1`` processing and fingerprinting run in a
  process pool, a bounded window ahead of the writer; this process still decides and writes
  every article in input order, so rows, errors and transactions are those of a serial run.
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
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeAlias
from urllib.parse import urlsplit

from sqlalchemy import (
    Connection,
    Engine,
    RootTransaction,
    Row,
    bindparam,
    insert,
    literal,
    select,
    union_all,
    update,
)

from accord.corpus.cluster import (
    ClusterParams,
    ClusterResult,
    Fingerprint,
    cluster_articles,
    fingerprint,
)
from accord.corpus.cluster import fingerprint_row as _fingerprint_row
from accord.corpus.readers import (
    DEFAULT_MAX_BYTES,
    ArticleProblem,
    RawArticle,
    SkippedFile,
    SourceFile,
    discover,
)
from accord.corpus.records import QualityFlag, RemovedLine, Repair
from accord.corpus.spans import Segment
from accord.errors import InputError
from accord.store.corpus_tables import (
    Article,
    ArticleAlias,
    ArticleFingerprint,
    ArticleFlag,
    ArticleRepair,
    RemovedLineRow,
)
from accord.store.dialect import prefer_throughput


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
        # every per-file counter has a run total of the same name (an AttributeError otherwise)
        for counter in fields(other):
            total = getattr(self, counter.name)
            total += getattr(other, counter.name)  # Counter += Counter adds per flag
            setattr(self, counter.name, total)


@dataclass
class _FileCounts:
    """One file's share of an :class:`IngestSummary` (merged once the file is committed)."""

    articles_read: int = 0
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
    workers: int | None = 1,
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
        workers: processes that decode, repair, clean, flag and fingerprint articles. ``1``
            does everything in this process; ``n > 1`` runs that work in a pool of ``n``
            processes while this process reads, looks up and writes, in input order, so the
            database ends up exactly as with ``1``. ``None`` picks: ``os.cpu_count()`` when the
            input is large (at least :data:`AUTO_MIN_FILES` files or :data:`AUTO_MIN_BYTES`
            bytes), else ``1`` (a pool costs more than it saves on a few files).

    >>> from accord.store.db import open_engine
    >>> s = ingest_paths(["examples/corpus"], open_engine(":memory:"))  # doctest: +SKIP
    >>> (s.files, s.added, s.ok)  # doctest: +SKIP
    (5, 5, True)
    """
    params = cluster_params or ClusterParams()
    summary = IngestSummary()
    with engine.connect() as conn:
        prefer_throughput(conn)
        paths = list(paths)
        n_workers = auto_workers(paths, max_bytes) if workers is None else workers
        if n_workers < 1:
            raise ValueError(f"workers must be at least 1, not {n_workers}")
        _ingest_all(paths, conn, params, max_bytes, summary, progress, n_workers)
    if cluster and (summary.changed or _stories_missing(engine)):
        summary.clusters = cluster_articles(engine, params)
    return summary


def _ingest_all(
    paths: Iterable[str | os.PathLike[str]],
    conn: Connection,
    params: ClusterParams,
    max_bytes: int,
    summary: IngestSummary,
    progress: ProgressCallback | None,
    workers: int,
) -> None:
    ingester = _FileIngester(conn, params)
    events = _events(paths, max_bytes)
    if workers == 1:
        _consume(events, ingester, summary, progress)
    else:
        with ProcessPoolExecutor(workers) as pool:
            ahead = _Lookahead(
                conn, pool, params, chunk=CHUNK_ARTICLES, window=WINDOW_CHUNKS * workers
            )
            _consume(ahead.run(events), ingester, summary, progress)
    ingester.flush()


# Parallel ingest: articles go to the pool in chunks (one task per article would cost about as
# much in inter-process traffic as the work itself), and at most WINDOW_CHUNKS chunks per worker
# are read ahead of the writer, so memory stays flat however large the input.
CHUNK_ARTICLES = 16
WINDOW_CHUNKS = 4
# ``workers=None``: a pool pays off from about this much input (starting one takes ~0.1 s).
AUTO_MIN_FILES = 64
AUTO_MIN_BYTES = 1 << 20


def auto_workers(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES
) -> int:
    """The worker count ``workers=None`` picks for ``paths``: ``os.cpu_count()`` for large
    inputs (:data:`AUTO_MIN_FILES` files or :data:`AUTO_MIN_BYTES` bytes), else 1.

    Only lists and stats files (stops as soon as the input is known to be large).
    """
    cpus = os.cpu_count() or 1
    if cpus == 1:
        return 1
    files = size = 0
    for item in discover(paths, max_bytes=max_bytes):
        if not isinstance(item, SourceFile):
            continue
        files += 1
        try:
            size += os.stat(item.path).st_size
        except OSError:
            continue  # reported by the ingest itself
        if files >= AUTO_MIN_FILES or size >= AUTO_MIN_BYTES:
            return cpus
    return 1


# The stream the writer consumes, in input order: a file that could not be listed, a skipped
# file, a file's start, its articles (each with the pool's result when it was sent to the
# pool), and its end (with the file-level read error, if any).
_Event: TypeAlias = (
    "tuple[Literal['failed'], InputError]"
    " | tuple[Literal['skipped'], SkippedFile]"
    " | tuple[Literal['open'], SourceFile]"
    " | tuple[Literal['article'], RawArticle | ArticleProblem, _Slot | None]"
    " | tuple[Literal['close'], SourceFile, InputError | None]"
)


def _events(paths: Iterable[str | os.PathLike[str]], max_bytes: int) -> Iterator[_Event]:
    for item in discover(paths, max_bytes=max_bytes):
        if isinstance(item, InputError):
            yield ("failed", item)
        elif isinstance(item, SkippedFile):
            yield ("skipped", item)
        elif item.format in ("text", "html"):
            # A single-article file is read whole before anything is written.
            try:
                articles = list(item.read())
            except InputError as exc:
                yield ("open", item)
                yield ("close", item, exc)
                continue
            yield ("open", item)
            for article in articles:
                yield ("article", article, None)
            yield ("close", item, None)
        else:
            yield ("open", item)
            try:
                for article in item.read():
                    yield ("article", article, None)
            except InputError as exc:
                yield ("close", item, exc)
                continue
            yield ("close", item, None)


def _consume(
    events: Iterable[_Event],
    ingester: _FileIngester,
    summary: IngestSummary,
    progress: ProgressCallback | None,
) -> None:
    for event in events:
        if event[0] == "failed":
            summary.files_failed += 1
            summary.errors.append(IngestError.from_input_error(event[1], whole_file=True))
        elif event[0] == "skipped":
            summary.files_skipped += 1
            summary.skipped.append(event[1].path)
        elif event[0] == "open":
            ingester.open(event[1])
        elif event[0] == "article":
            ingester.article(event[1], event[2])
        else:
            source, error = event[1], event[2]
            summary.files += 1
            counts, errors, failed = ingester.close(source, error)
            summary.errors.extend(errors)
            if failed:
                summary.files_failed += 1
            else:
                summary._merge(counts)
            if progress is not None:
                progress(IngestProgress(summary.files, summary.articles_read, source.path))


@dataclass(frozen=True)
class _Prepared:
    """What processing one article gives the writer: everything stored, or the error.

    Built in a worker process (or inline); it leaves out the raw, decoded and repaired text,
    which the writer does not store from here, to keep inter-process traffic small.
    """

    encoding: str = ""
    text: str = ""
    segments: tuple[Segment, ...] = ()
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None
    repairs: tuple[Repair, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    flags: tuple[QualityFlag, ...] = ()
    fingerprint: Fingerprint | None = None
    error: tuple[str, str | None] | None = None  # (message, field) from process_bytes


def _prepare(item: RawArticle, params: ClusterParams) -> _Prepared:
    """Process and fingerprint one article (the part of ingest that runs in workers)."""
    from accord.corpus.process import process_bytes

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
        return _Prepared(error=(exc.message, exc.field))
    return _Prepared(
        encoding=processed.encoding,
        text=processed.text,
        segments=tuple(processed.segments),
        title=processed.title,
        published=processed.published,
        language=processed.language,
        repairs=tuple(processed.repairs),
        removed=tuple(processed.removed),
        flags=tuple(processed.flags),
        fingerprint=fingerprint(processed.text, params),
    )


def _prepare_chunk(items: list[RawArticle], params: ClusterParams) -> list[_Prepared]:
    return [_prepare(item, params) for item in items]


class _Slot:
    """Where one article's result will come from: entry ``index`` of a chunk's future."""

    __slots__ = ("future", "index", "sha")

    def __init__(self, index: int, sha: str) -> None:
        self.future: Future[list[_Prepared]] | None = None
        self.index = index
        self.sha = sha

    def result(self) -> _Prepared:
        assert self.future is not None  # submitted before the writer reaches it
        return self.future.result()[self.index]


class _Lookahead:
    """Send articles to a process pool ahead of the writer; yield events in input order.

    Which articles need processing is only known for sure when the writer reaches them
    (an earlier article of the same run may make one an alias or a new version), so the
    writer decides, exactly as in a serial run; this class only guesses ahead from the
    database state: an article whose identity and bytes are already stored, or whose bytes
    an earlier article of the window already carries, is not sent. A wrong guess costs work,
    never correctness: results nobody needs are dropped, and an article the writer needs
    but that was not sent is processed inline.
    """

    def __init__(
        self,
        conn: Connection,
        pool: Executor,
        params: ClusterParams,
        *,
        chunk: int,
        window: int,
    ) -> None:
        self.conn = conn
        self.pool = pool
        self.params = params
        self.chunk = chunk
        self.window = window

    def run(self, events: Iterable[_Event]) -> Iterator[_Event]:
        """Yield ``events`` in order, articles with their :class:`_Slot` when sent to the pool."""
        pending: deque[_Event] = deque()
        items: list[RawArticle] = []
        slots: list[_Slot] = []
        in_window: Counter[str] = Counter()

        def submit() -> None:
            future = self.pool.submit(_prepare_chunk, list(items), self.params)
            for slot in slots:
                slot.future = future
            items.clear()
            slots.clear()

        for event in events:
            if event[0] == "article" and isinstance(event[1], RawArticle):
                item = event[1]
                sha = hashlib.sha256(item.raw).hexdigest()
                if not in_window[sha] and self._needs_processing(item, sha):
                    slot = _Slot(len(items), sha)
                    in_window[sha] += 1
                    items.append(item)
                    slots.append(slot)
                    event = ("article", item, slot)
                    if len(items) >= self.chunk:
                        submit()
            pending.append(event)
            while len(pending) > self.window * self.chunk:
                yield self._release(pending.popleft(), in_window, items, submit)
        while pending:
            yield self._release(pending.popleft(), in_window, items, submit)

    @staticmethod
    def _release(
        event: _Event,
        in_window: Counter[str],
        items: list[RawArticle],
        submit: Callable[[], None],
    ) -> _Event:
        if event[0] == "article" and event[2] is not None:
            slot = event[2]
            if slot.future is None and items:
                submit()  # the writer is about to wait for this chunk: send it as it is
            in_window[slot.sha] -= 1
            if not in_window[slot.sha]:
                del in_window[slot.sha]
        return event

    def _needs_processing(self, item: RawArticle, sha: str) -> bool:
        # Reads share the writer's connection (and see its uncommitted rows); a read outside
        # a transaction must not leave one open for the writer's next ``begin()``.
        was_open = self.conn.in_transaction()
        found: dict[str, Row[str, int, str, int]] = {}
        for row in self.conn.execute(_LOOKUP, {"identity": item.identity, "sha": sha}):
            found.setdefault(row.what, row)
        if not was_open:
            self.conn.rollback()
        # The same decisions as _FileIngester._store, on the state known now.
        current = found.get("current")
        if current is not None:
            return bool(current.raw_sha256 != sha)
        alias = found.get("alias")
        if alias is not None and alias.raw_sha256 == sha:
            return False
        return not ("same" in found and alias is None)


def _stories_missing(engine: Engine) -> bool:
    from accord.store.corpus_tables import StoryMember

    with engine.connect() as conn:
        has_articles = conn.execute(select(Article.id).limit(1)).first() is not None
        has_stories = conn.execute(select(StoryMember.article_id).limit(1)).first() is not None
    return has_articles and not has_stories


class _FileIngester:
    """Writes each file's articles atomically.

    A multi-article file (JSONL, WARC) gets its own transaction: a file-level failure half-way
    rolls back everything it wrote. A single-article file (.txt, .html) writes only after its
    article was read and processed without error, so it is atomic by construction; such files
    are committed in batches (``batch_files`` files or ``batch_seconds``), which removes most of
    SQLite's per-commit cost. An unexpected exception rolls the open batch back, and the run
    can simply be repeated (ingest is idempotent).
    """

    def __init__(
        self,
        conn: Connection,
        params: ClusterParams,
        *,
        batch_files: int = 200,
        batch_seconds: float = 2.0,
    ) -> None:
        self.conn = conn
        self.params = params
        self.batch_files = batch_files
        self.batch_seconds = batch_seconds
        self._batch: RootTransaction | None = None
        self._batch_size = 0
        self._batch_started = 0.0
        self._file_tx: RootTransaction | None = None
        self._counts = _FileCounts()
        self._errors: list[IngestError] = []

    def flush(self) -> None:
        """Commit the open batch of single-article files, if any."""
        if self._batch is not None:
            self._batch.commit()
            self._batch = None
            self._batch_size = 0

    def open(self, source: SourceFile) -> None:
        """Start ``source``: a multi-article file gets its own transaction."""
        self._counts = _FileCounts()
        self._errors = []
        if source.format not in ("text", "html"):
            self.flush()
            self._file_tx = self.conn.begin()

    def article(self, item: RawArticle | ArticleProblem, slot: _Slot | None = None) -> None:
        """Store one article of the open file (``slot``: its result from the pool, if sent)."""
        if self._file_tx is None and self._batch is None:
            self._batch = self.conn.begin()
            self._batch_started = time.monotonic()
        self._one(item, self._counts, self._errors, slot)

    def close(
        self, source: SourceFile, error: InputError | None
    ) -> tuple[_FileCounts, list[IngestError], bool]:
        """End ``source`` (``error``: it failed as a whole); (counts, errors, failed)."""
        counts, errors = self._counts, self._errors
        if source.format not in ("text", "html"):
            tx, self._file_tx = self._file_tx, None
            assert tx is not None
            if error is not None:
                tx.rollback()  # the file failed half-way: nothing of it is kept
                errors.append(IngestError.from_input_error(error, whole_file=True))
                return counts, errors, True
            tx.commit()
            return counts, errors, False
        if error is not None:  # unreadable: nothing was written
            errors.append(IngestError.from_input_error(error, whole_file=True))
            return counts, errors, True
        self._batch_size += 1
        if (
            self._batch_size >= self.batch_files
            or time.monotonic() - self._batch_started >= self.batch_seconds
        ):
            self.flush()
        # A single-article file whose only article failed has failed as a whole.
        return counts, errors, bool(errors)

    def _one(
        self,
        item: RawArticle | ArticleProblem,
        counts: _FileCounts,
        errors: list[IngestError],
        slot: _Slot | None = None,
    ) -> None:
        if isinstance(item, ArticleProblem):
            errors.append(IngestError.from_input_error(item.error, whole_file=False))
            return
        counts.articles_read += 1
        try:
            self._store(self.conn, item, counts, slot)
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

    def _store(
        self, conn: Connection, item: RawArticle, counts: _FileCounts, slot: _Slot | None
    ) -> None:
        raw_sha = slot.sha if slot is not None else hashlib.sha256(item.raw).hexdigest()
        # One round trip: the current version at this identity, an alias at this identity, and
        # current articles with the same bytes.
        found: dict[str, Row[str, int, str, int]] = {}
        for row in conn.execute(_LOOKUP, {"identity": item.identity, "sha": raw_sha}):
            found.setdefault(row.what, row)
        current = found.get("current")
        if current is not None and current.raw_sha256 == raw_sha:
            counts.unchanged += 1
            return
        now = _utcnow()
        if current is None:
            alias = found.get("alias")
            if alias is not None and alias.raw_sha256 == raw_sha:
                counts.unchanged += 1
                return
            same_bytes = found.get("same")
            if same_bytes is not None and alias is None:
                conn.execute(
                    _INSERT_ALIAS,
                    {
                        "article_id": same_bytes.id,
                        "identity": item.identity,
                        "raw_sha256": raw_sha,
                        "source_path": item.path,
                        "source_line": item.line,
                        "source_record": item.record,
                        "ingested_at": now,
                    },
                )
                counts.duplicates += 1
                return

        # From the pool when it was sent there, else (serial run, or a guess that turned out
        # wrong) processed here: the result is the same either way.
        processed = slot.result() if slot is not None else _prepare(item, self.params)
        if processed.error is not None:
            message, field_name = processed.error
            raise InputError(message, file=item.path, line=item.line, field=field_name)
        fp = processed.fingerprint
        assert fp is not None  # set whenever there is no error

        if current is not None:
            conn.execute(_SUPERSEDE, {"article_id": current.id, "now": now})
        text = processed.text
        result = conn.execute(
            _INSERT_ARTICLE,
            {
                "identity": item.identity,
                "version": (current.version + 1) if current is not None else 1,
                "is_current": True,
                "kind": item.kind,
                "source_path": item.path,
                "source_line": item.line,
                "source_record": item.record,
                "source_offset": item.offset,
                "warc_record_id": item.warc_record_id,
                "raw": item.raw,
                "raw_sha256": raw_sha,
                "encoding": processed.encoding,
                "declared_encoding": item.declared_encoding,
                "text": text,
                "content_hash": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                "segments": [
                    [g.text_start, g.source_start, g.length, int(g.exact), g.source_length]
                    for g in processed.segments
                ],
                "title": processed.title or item.title,
                "outlet": item.source or _host(item.url),
                "url": item.url,
                "published": processed.published or item.published,
                "language": processed.language,
                "n_chars": len(text),
                "ingested_at": now,
                "superseded_at": None,
            },
        )
        key = result.inserted_primary_key
        assert key is not None  # an INSERT of one row always has a primary key
        article_id = int(key[0])
        if processed.repairs:
            conn.execute(
                _INSERT_REPAIR,
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
                _INSERT_REMOVED,
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
                _INSERT_FLAG,
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
            _INSERT_FINGERPRINT,
            _fingerprint_row(article_id, fp, self.params),
        )
        if current is not None:
            counts.new_versions += 1
        else:
            counts.added += 1
        counts.repairs += len(processed.repairs)
        counts.removed_lines += len(processed.removed)
        counts.flags.update(f.name for f in processed.flags)


# Statements are built once; parameters are bound per execution. Building a fresh
# insert(...).values(...) per article cost more than the SQLite work itself.
_LOOKUP = union_all(
    select(literal("current").label("what"), Article.id, Article.raw_sha256, Article.version).where(
        Article.identity == bindparam("identity"), Article.is_current.is_(True)
    ),
    select(
        literal("alias").label("what"),
        ArticleAlias.article_id.label("id"),
        ArticleAlias.raw_sha256,
        literal(0).label("version"),
    ).where(ArticleAlias.identity == bindparam("identity")),
    select(literal("same").label("what"), Article.id, Article.raw_sha256, Article.version).where(
        Article.raw_sha256 == bindparam("sha"), Article.is_current.is_(True)
    ),
)
_SUPERSEDE = (
    update(Article)
    .where(Article.id == bindparam("article_id"))
    .values(is_current=False, superseded_at=bindparam("now"))
)
_INSERT_ALIAS = insert(ArticleAlias)
_INSERT_ARTICLE = insert(Article)
_INSERT_REPAIR = insert(ArticleRepair)
_INSERT_REMOVED = insert(RemovedLineRow)
_INSERT_FLAG = insert(ArticleFlag)
_INSERT_FINGERPRINT = insert(ArticleFingerprint)


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
