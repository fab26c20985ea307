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

After the files, the new articles are clustered into the stored stories against the story
index in the database (:func:`accord.corpus.story_index.update_stories`) when anything was
added or changed.

>>> from accord.store.db import open_engine
>>> summary = ingest_paths(["examples/corpus"], open_engine(":memory:"))  # doctest: +SKIP
>>> summary.added  # doctest: +SKIP
5
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from sqlalchemy import Connection, Engine

from accord.corpus import pool
from accord.corpus.cluster import ClusterParams
from accord.corpus.counters import IngestError, IngestProgress, IngestSummary
from accord.corpus.limits import DEFAULT_LIMITS, InputLimits
from accord.corpus.pool import Event, Lookahead
from accord.corpus.readers import (
    DEFAULT_MAX_BYTES,
    UNSUPPORTED,
    SkippedFile,
    SourceFile,
    discover,
)
from accord.corpus.story_index import update_stories
from accord.corpus.writer import FileWriter
from accord.errors import InputError
from accord.parallel.base import Executor
from accord.parallel.local import LocalExecutor
from accord.parallel.orphans import die_with_parent
from accord.store.article_search import (
    analyze_after_load,
    merge_search_index,
    merge_search_levels,
)
from accord.store.corpus_queries import stories_missing
from accord.store.dialect import prefer_throughput

ProgressCallback = Callable[[IngestProgress], None]


def ingest_paths(
    paths: Iterable[str | os.PathLike[str]],
    engine: Engine,
    *,
    max_bytes: int | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    follow_links: bool = False,
    cluster: bool = True,
    cluster_params: ClusterParams | None = None,
    progress: ProgressCallback | None = None,
    workers: int | None = 1,
    executor: Executor | None = None,
) -> IngestSummary:
    """Ingest files and folders into the database behind ``engine``.

    Errors never stop the run: each is recorded in ``summary.errors`` (one line naming the file,
    and the line or record) and every other file and article is still ingested.

    Args:
        paths: files or folders (walked recursively) of .txt, .html/.htm, .jsonl(.gz), .warc(.gz).
        engine: from :func:`accord.store.db.open_engine` (schema already migrated).
        max_bytes: size cap per file; overrides ``limits.max_bytes`` when given.
        limits: the caps on what is read and how long one article may take
            (:class:`~accord.corpus.limits.InputLimits`); whatever is over one is refused
            with one located error, the rest of the run lands.
        follow_links: follow symbolic links inside the folders that point out of the given
            folders (by default they are skipped, with a line in ``summary.notes``).
        cluster: cluster new articles into stories afterwards when anything was added or
            changed.
        cluster_params: thresholds for story clustering.
        progress: called after each file.
        workers: processes that decode, repair, clean, flag and fingerprint articles. ``1``
            does everything in this process; ``n > 1`` runs that work in a pool of ``n``
            processes while this process reads, looks up and writes, in input order, so the
            database ends up exactly as with ``1``. ``None`` picks: ``os.cpu_count()`` when the
            input is large (at least :data:`AUTO_MIN_FILES` files or :data:`AUTO_MIN_BYTES`
            bytes), else ``1`` (a pool costs more than it saves on a few files).
        executor: run that work on this executor instead (e.g. a Dask cluster from
            :func:`accord.parallel.get_executor`; ``workers`` is then ignored). Raw bytes go to
            the workers in chunks and the processed articles come back to this process, the
            single writer, which decides and writes them in input order: the database ends
            up exactly as with ``workers=1``.

    >>> from accord.store.db import open_engine
    >>> s = ingest_paths(["examples/corpus"], open_engine(":memory:"))  # doctest: +SKIP
    >>> (s.files, s.added, s.ok)  # doctest: +SKIP
    (5, 5, True)
    """
    params = cluster_params or ClusterParams()
    summary = IngestSummary()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    reading = _Reading(limits, follow_links)
    with engine.connect() as conn:
        prefer_throughput(conn)
        paths = list(paths)
        if executor is not None:
            _ingest_all(paths, conn, params, reading, summary, progress, executor)
        else:
            n_workers = auto_workers(paths, limits.max_bytes) if workers is None else workers
            if n_workers < 1:
                raise ValueError(f"workers must be at least 1, not {n_workers}")
            _ingest_all(paths, conn, params, reading, summary, progress, n_workers)
        changed = summary.added + summary.new_versions
        analyze_after_load(conn, changed)
        if changed and not merge_search_index(conn, changed):
            merge_search_levels(conn)
    if cluster and (summary.changed or stories_missing(engine)):
        summary.clusters = update_stories(engine, params)
    return summary


def _ingest_all(
    paths: Iterable[str | os.PathLike[str]],
    conn: Connection,
    params: ClusterParams,
    reading: _Reading,
    summary: IngestSummary,
    progress: ProgressCallback | None,
    workers: int | Executor,
) -> None:
    writer = FileWriter(conn, params, limits=reading.limits)
    events = _events(paths, reading)
    if isinstance(workers, int) and workers == 1:
        _consume(events, writer, summary, progress)
    elif not isinstance(workers, int):
        ahead = Lookahead(
            conn,
            workers,
            params,
            chunk=pool.CHUNK_ARTICLES,
            window=pool.WINDOW_CHUNKS * workers.workers,
            limits=reading.limits,
        )
        _consume(ahead.run(events), writer, summary, progress)
    else:
        # The workers end with this process, even when it is killed (kill -9). They start from
        # the local executor's fork server: a fork of this process, which may already run
        # threads (a progress bar's refresh, a database driver, a Dask client), can leave a
        # child blocked on a lock one of them held.
        with LocalExecutor(
            workers, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as executor:
            ahead = Lookahead(
                conn,
                executor,
                params,
                chunk=pool.CHUNK_ARTICLES,
                window=pool.WINDOW_CHUNKS * workers,
                limits=reading.limits,
            )
            _consume(ahead.run(events), writer, summary, progress)
    writer.flush()


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


@dataclass(frozen=True)
class _Reading:
    limits: InputLimits
    follow_links: bool


def _events(paths: Iterable[str | os.PathLike[str]], reading: _Reading) -> Iterator[Event]:
    for item in discover(paths, limits=reading.limits, follow_links=reading.follow_links):
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
    events: Iterable[Event],
    writer: FileWriter,
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
            if event[1].reason != UNSUPPORTED:
                summary.notes.append(f"{event[1].path}: skipped: {event[1].reason}")
        elif event[0] == "open":
            if event[1].renamed:
                summary.notes.append(
                    f"{event[1].path}: the file name is not valid UTF-8; stored with each "
                    "undecodable byte written as \\xNN"
                )
            writer.open(event[1])
        elif event[0] == "article":
            writer.article(event[1], event[2])
        else:
            source, error = event[1], event[2]
            summary.files += 1
            counts, errors, failed = writer.close(source, error)
            summary.errors.extend(errors)
            if failed:
                summary.files_failed += 1
            else:
                summary.add(counts)
            if progress is not None:
                progress(IngestProgress(summary.files, summary.articles_read, source.path))


__all__ = [
    "AUTO_MIN_BYTES",
    "AUTO_MIN_FILES",
    "IngestError",
    "IngestProgress",
    "IngestSummary",
    "auto_workers",
    "ingest_paths",
]
