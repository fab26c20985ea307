"""Parallel ingest: process and fingerprint articles in a process pool, ahead of the writer.

Articles go to the pool in chunks (one task per article would cost about as much in
inter-process traffic as the work itself), and at most :data:`WINDOW_CHUNKS` chunks per worker
are read ahead of the writer, so memory stays flat however large the input. The writer still
decides and writes every article in input order (:mod:`accord.corpus.writer`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Literal, TypeAlias

from sqlalchemy import Connection, Row

from accord.corpus.cluster import ClusterParams, Fingerprint, fingerprint
from accord.corpus.limits import DEFAULT_LIMITS, ArticleTimeout, InputLimits, deadline
from accord.corpus.readers import ArticleProblem, RawArticle, SkippedFile, SourceFile
from accord.corpus.records import QualityFlag, RemovedLine, Repair
from accord.corpus.spans import Segment
from accord.errors import InputError
from accord.parallel.base import Executor as ParallelExecutor
from accord.parallel.base import TaskFuture
from accord.store.article_writes import LOOKUP_ARTICLE

CHUNK_ARTICLES = 16
WINDOW_CHUNKS = 4

# The stream the writer consumes, in input order: a file that could not be listed, a skipped
# file, a file's start, its articles (each with the pool's result when it was sent to the
# pool), and its end (with the file-level read error, if any).
Event: TypeAlias = (
    "tuple[Literal['failed'], InputError]"
    " | tuple[Literal['skipped'], SkippedFile]"
    " | tuple[Literal['open'], SourceFile]"
    " | tuple[Literal['article'], RawArticle | ArticleProblem, Slot | None]"
    " | tuple[Literal['close'], SourceFile, InputError | None]"
)


@dataclass(frozen=True)
class Prepared:
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
    # (message, field, setting) of the InputError from process_bytes or the timeout
    error: tuple[str, str | None, str | None] | None = None


def prepare(
    item: RawArticle, params: ClusterParams, limits: InputLimits = DEFAULT_LIMITS
) -> Prepared:
    """Process and fingerprint one article (the part of ingest that runs in workers), within
    ``limits`` (an article over one, or still running after ``article_timeout``, gives an
    error)."""
    from accord.corpus.process import process_bytes

    try:
        with deadline(limits.article_timeout):
            processed = process_bytes(
                item.raw,
                kind=item.kind,
                url=item.url,
                title=item.title,
                published=item.published,
                declared_encoding=item.declared_encoding,
                limits=limits,
            )
            found = fingerprint(processed.text, params)
    except InputError as exc:
        return Prepared(error=(exc.message, exc.field, exc.setting))
    except ArticleTimeout:
        return Prepared(
            error=(
                f"processing took longer than {limits.article_timeout:g} s, over the cap",
                None,
                "article_timeout",
            )
        )
    return Prepared(
        encoding=processed.encoding,
        text=processed.text,
        segments=tuple(processed.segments),
        title=processed.title,
        published=processed.published,
        language=processed.language,
        repairs=tuple(processed.repairs),
        removed=tuple(processed.removed),
        flags=tuple(processed.flags),
        fingerprint=found,
    )


def prepare_chunk(
    items: list[RawArticle], params: ClusterParams, limits: InputLimits = DEFAULT_LIMITS
) -> list[Prepared]:
    """:func:`prepare` each article of a chunk (one task of the pool)."""
    return [prepare(item, params, limits) for item in items]


class ChunkTask:
    """One chunk sent to the pool: its results are fetched once and shared by its slots.

    A Dask future gathers its result from the worker on every ``result()`` call, and a chunk
    has up to :data:`CHUNK_ARTICLES` slots: asking the future once per article moved and
    unpickled the whole chunk once per article.
    """

    __slots__ = ("_future", "_results")

    def __init__(self, future: TaskFuture) -> None:
        self._future: TaskFuture | None = future
        self._results: list[Prepared] | None = None

    def results(self) -> list[Prepared]:
        """The chunk's results (waits for them the first time)."""
        if self._results is None:
            assert self._future is not None
            self._results = self._future.result()
            # Dropping the future lets the executor forget the result (a Dask worker frees
            # its copy); the writer holds the only one.
            self._future = None
        return self._results


class Slot:
    """Where one article's result will come from: entry ``index`` of a chunk's results."""

    __slots__ = ("chunk", "index", "sha")

    def __init__(self, index: int, sha: str) -> None:
        self.chunk: ChunkTask | None = None
        self.index = index
        self.sha = sha

    def result(self) -> Prepared:
        """This article's :class:`Prepared` (waits for its chunk)."""
        assert self.chunk is not None  # submitted before the writer reaches it
        return self.chunk.results()[self.index]


class Lookahead:
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
        pool: Executor | ParallelExecutor,
        params: ClusterParams,
        *,
        chunk: int,
        window: int,
        limits: InputLimits = DEFAULT_LIMITS,
    ) -> None:
        self.limits = limits
        self.conn = conn
        self.pool = pool
        self.params = params
        self.chunk = chunk
        self.window = window

    def run(self, events: Iterable[Event]) -> Iterator[Event]:
        """Yield ``events`` in order, articles with their :class:`Slot` when sent to the pool."""
        pending: deque[Event] = deque()
        items: list[RawArticle] = []
        slots: list[Slot] = []
        in_window: Counter[str] = Counter()

        def submit() -> None:
            task = ChunkTask(
                self.pool.submit(prepare_chunk, list(items), self.params, self.limits)
            )
            for slot in slots:
                slot.chunk = task
            items.clear()
            slots.clear()

        # The window counts articles, not events: a single-article file is three events
        # (open, article, close), and counting those kept barely one chunk ahead of the
        # writer, which then waited for every chunk. Other events are bounded too (a folder
        # of skipped files), with room for the three events of each single-article file.
        articles = 0
        limit = self.window * self.chunk
        for event in events:
            if event[0] == "article":
                articles += 1
            if event[0] == "article" and isinstance(event[1], RawArticle):
                item = event[1]
                sha = hashlib.sha256(item.raw).hexdigest()
                if not in_window[sha] and self._needs_processing(item, sha):
                    slot = Slot(len(items), sha)
                    in_window[sha] += 1
                    items.append(item)
                    slots.append(slot)
                    event = ("article", item, slot)
                    if len(items) >= self.chunk:
                        submit()
            pending.append(event)
            while articles > limit or len(pending) > 4 * limit:
                released = self._release(pending.popleft(), in_window, items, submit)
                if released[0] == "article":
                    articles -= 1
                yield released
        while pending:
            yield self._release(pending.popleft(), in_window, items, submit)

    @staticmethod
    def _release(
        event: Event,
        in_window: Counter[str],
        items: list[RawArticle],
        submit: Callable[[], None],
    ) -> Event:
        if event[0] == "article" and event[2] is not None:
            slot = event[2]
            if slot.chunk is None and items:
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
        for row in self.conn.execute(LOOKUP_ARTICLE, {"identity": item.identity, "sha": sha}):
            found.setdefault(row.what, row)
        if not was_open:
            self.conn.rollback()
        # The same decisions as FileWriter._store, on the state known now.
        current = found.get("current")
        if current is not None:
            return bool(current.raw_sha256 != sha)
        alias = found.get("alias")
        if alias is not None and alias.raw_sha256 == sha:
            return False
        return not ("same" in found and alias is None)


