"""``Corpus``: one handle on an accord database, with a method per corpus and extraction verb.

In the style of sqlite-utils' ``Database``: open it on a SQLite file (or any SQLAlchemy URL),
then ingest, cluster, extract and list. Every method is the library side of the CLI verb of
the same name (``accord ingest`` → :meth:`Corpus.ingest`, ``accord corpus list`` →
:meth:`Corpus.articles`, ``accord quotes`` → :meth:`Corpus.quotes`, …) with the same parameters.

>>> import accord
>>> db = accord.Corpus(":memory:")
>>> summary = db.ingest(["examples/corpus"])
>>> summary.added, summary.ok
(5, True)
>>> [a.id for a in db.articles(limit=2)]
[1, 2]
>>> db.article(5)["repairs"][0]["replacement"]
'’s'
>>> db.close()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.corpus.limits import InputLimits
from accord.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine as SqlEngine

    from accord.corpus.cluster import ClusterResult
    from accord.corpus.counters import IngestProgress, IngestSummary
    from accord.extract.digest import Digest
    from accord.extract.pipeline import ExtractReport
    from accord.extract.registry import ActorRegistry
    from accord.model.evidence import ArticleText
    from accord.store.corpus_queries import ArticleRow, StoryRow

PathLike = str | os.PathLike[str]

#: Kinds of figure ``Corpus.figures(kind=...)`` accepts.
FIGURE_KINDS = ("money", "percent", "count", "ratio")


#: Size cap per file (and per JSONL line / WARC record), in bytes: the readers' default
#: (:data:`accord.corpus.readers.DEFAULT_MAX_BYTES`), written out so that declaring CLI options
#: does not import the readers (YAML); a test keeps them equal.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_LIMITS = InputLimits()

#: Default story-clustering thresholds: shingle-MinHash Jaccard for reposts, and the spun-copy
#: score (the defaults of :class:`accord.corpus.cluster.ClusterParams`, written out so that
#: declaring CLI options does not import the clustering stack; a test keeps them equal).
REPOST_THRESHOLD = 0.5
SPIN_THRESHOLD = 0.3


def load_registry(registry: PathLike | ActorRegistry | None = None) -> ActorRegistry:
    """The actor registry: ``registry`` itself, the file it names, else ``$ACCORD_REGISTRY``,
    ``./actors.yaml`` when present, else the packaged 2025 registry."""
    from accord.extract.registry import ActorRegistry
    from accord.extract.registry_location import registry_path

    if isinstance(registry, ActorRegistry):
        return registry
    return ActorRegistry.load(registry_path(registry))


class Corpus:
    """An accord database: articles, stories and everything extracted from them.

    ``db`` is a SQLite file path (created and migrated on first use), ``":memory:"``, or an
    SQLAlchemy URL (anything with ``://``); ``None`` means ``$ACCORD_DB`` or ``./accord.db``.
    The connection opens on first use; :meth:`close` (or ``with Corpus(...) as db:``) ends it.
    With ``create=False`` a SQLite file that does not exist is an error rather than a new,
    empty database.
    """

    def __init__(self, db: PathLike | None = None, *, create: bool = True) -> None:
        from accord.store.db import resolve_url

        if not create and db is not None and "://" not in str(db) and not Path(db).exists():
            raise InputError("no such database (run `accord ingest` first)", file=str(db),
                             field="db")
        self.url = resolve_url(db)
        self._sql: SqlEngine | None = None

    def __repr__(self) -> str:
        return f"Corpus({self.url!r})"

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def sql_engine(self) -> SqlEngine:
        """The SQLAlchemy engine (schema migrated to the newest revision on first access)."""
        if self._sql is None:
            from accord.store.db import open_engine

            self._sql = open_engine(self.url)
        return self._sql

    def close(self) -> None:
        """Close the database connections (the handle reopens them if used again)."""
        if self._sql is not None:
            self._sql.dispose()
            self._sql = None

    def _session(self) -> Any:
        from sqlalchemy.orm import Session

        return Session(self.sql_engine)

    # -- corpus --------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[PathLike],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        follow_links: bool = False,
        cluster: bool = True,
        repost_threshold: float = REPOST_THRESHOLD,
        spin_threshold: float = SPIN_THRESHOLD,
        workers: int | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
        executor: Any = None,
        dask: str | None = None,
        max_decompressed: int = _LIMITS.max_decompressed,
        max_line_bytes: int = _LIMITS.max_line_bytes,
        max_header_bytes: int = _LIMITS.max_header_bytes,
        max_html_nodes: int = _LIMITS.max_html_nodes,
        max_html_attributes: int = _LIMITS.max_html_attributes,
        max_html_depth: int = _LIMITS.max_html_depth,
        max_word_chars: int = _LIMITS.max_word_chars,
        article_timeout: float = _LIMITS.article_timeout,
    ) -> IngestSummary:
        """Ingest files and folders (.txt, .html/.htm, .jsonl(.gz), .warc(.gz)).

        Errors never stop the run: each is in ``summary.errors`` and everything else lands.
        ``workers``: processes for decoding, cleaning and fingerprinting (None: all CPUs for
        large inputs, else 1); ``executor``: an :mod:`accord.parallel` executor (Dask) to run
        that work on instead, or ``dask``: a scheduler address or ``local:N`` (a LocalCluster
        started and closed with the run: ``accord ingest --dask``). ``cluster`` recomputes
        stories afterwards with the thresholds.
        Symbolic links out of the given folders are skipped (``summary.notes`` says so)
        unless ``follow_links``. ``max_bytes`` … ``article_timeout`` are the input limits
        (:class:`accord.corpus.limits.InputLimits`, where each is documented with its
        default): whatever is over one is refused with one located error.
        See :func:`accord.corpus.ingest.ingest_paths`.
        """
        from accord.corpus.cluster import ClusterParams
        from accord.corpus.ingest import ingest_paths

        if workers is not None and workers < 1:
            raise InputError(f"must be at least 1, not {workers}", field="workers")
        if (executor is not None or dask is not None) and workers is not None:
            raise InputError("give workers or an executor (Dask), not both", field="workers")
        limits = InputLimits(
            max_bytes=max_bytes, max_decompressed=max_decompressed,
            max_line_bytes=max_line_bytes, max_header_bytes=max_header_bytes,
            max_html_nodes=max_html_nodes, max_html_attributes=max_html_attributes,
            max_html_depth=max_html_depth, max_word_chars=max_word_chars,
            article_timeout=article_timeout,
        )
        with _started(executor, dask) as on:
            return ingest_paths(
                paths,
                self.sql_engine,
                limits=limits,
                follow_links=follow_links,
                cluster=cluster,
                cluster_params=ClusterParams(
                    repost_threshold=repost_threshold, spin_threshold=spin_threshold
                ),
                progress=progress,
                workers=workers,
                executor=on,
            )

    def articles(
        self, *, all: bool = False, flag: str | None = None, limit: int | None = None
    ) -> list[ArticleRow]:
        """Current articles (``all``: every version), optionally only those with quality
        ``flag``, at most ``limit``: ``accord corpus list``."""
        from accord.store.corpus_queries import list_articles

        with self._session() as session:
            return list_articles(session, include_old=all, flag=flag, limit=limit)

    def article(self, article_id: int) -> dict[str, Any]:
        """One article in full: metadata, cleaned text, removed lines, repairs, quality flags,
        story and identical copies: ``accord corpus show``."""
        from accord.store.corpus_queries import article_detail

        with self._session() as session:
            doc = article_detail(session, article_id)
        if doc is None:
            raise InputError(f"no article with id {article_id}", field="article_id")
        return doc

    def clusters(self, *, all: bool = False) -> list[StoryRow]:
        """Stories with more than one article (``all``: every story): ``accord corpus
        clusters``."""
        from accord.store.corpus_queries import list_stories

        with self._session() as session:
            return list_stories(session, min_size=1 if all else 2)

    def cluster(
        self, *, repost_threshold: float = REPOST_THRESHOLD, spin_threshold: float = SPIN_THRESHOLD
    ) -> ClusterResult:
        """Recompute every story with these thresholds: ``accord corpus cluster``."""
        from accord.corpus.cluster import ClusterParams, cluster_articles

        params = ClusterParams(repost_threshold=repost_threshold, spin_threshold=spin_threshold)
        return cluster_articles(self.sql_engine, params)

    def texts(self) -> list[ArticleText]:
        """The current articles' cleaned texts, as model evidence is checked against them."""
        from accord.model.evidence import ArticleText
        from accord.store.corpus_queries import current_articles

        with self._session() as session:
            return [
                ArticleText(Path(a.source_path).name, a.content_hash, a.text)
                for a in current_articles(session)
            ]

    def publication_dates(self) -> dict[str, dt.date]:
        """Article file name and content hash → publication date, for the current dated
        articles (how ``--as-of`` dates model evidence that names an article)."""
        from accord.store.corpus_queries import current_articles

        out: dict[str, dt.date] = {}
        with self._session() as session:
            for a in current_articles(session):
                if a.published is not None:
                    out[Path(a.source_path).name] = a.published
                    out[a.content_hash] = a.published
        return out

    # -- extraction ----------------------------------------------------------------------

    def extract(
        self,
        *,
        registry: PathLike | ActorRegistry | None = None,
        lexicon: PathLike | None = None,
        force: bool = False,
        batch_size: int = 16,
        n_process: int = 1,
        progress: Callable[[int, int], None] | None = None,
        executor: Any = None,
        dask: str | None = None,
        learned_positions: bool = False,
    ) -> ExtractReport:
        """Extract mentions, quotes, figures, dates, events and positions from new or changed
        articles (``force``: all of them) with spaCy: ``accord extract``.

        ``registry``: actor registry (see :func:`load_registry`); ``lexicon``: issue lexicon
        YAML (default the packaged one); ``progress(done, total)`` after each article;
        ``executor``: an :mod:`accord.parallel` executor (Dask) to parse and extract on, or
        ``dask``: a scheduler address or ``local:N``, started and closed with the run;
        ``learned_positions``: add the learned pass's position statements (packaged weights,
        :mod:`accord.extract.position_model`; off by default).
        """
        from accord.extract.nlp import load_pipeline
        from accord.extract.pipeline import Extractor, extract_articles
        from accord.extract.position_model import LogisticModel
        from accord.extract.positions import IssueLexicon

        extractor = Extractor(
            load_pipeline(),
            load_registry(registry),
            IssueLexicon.load(lexicon),
            batch_size=batch_size,
            n_process=n_process,
            position_model=LogisticModel.load() if learned_positions else None,
        )
        with _started(executor, dask) as on:
            return extract_articles(
                self.sql_engine, extractor, force=force, progress=progress, executor=on
            )

    def _actor_ids(self, actor: str | None, registry: PathLike | ActorRegistry | None) -> list[str]:
        """Registry ids for ``actor`` (an id, a name or an alias); [] when no such actor."""
        if not actor:
            return []
        reg = load_registry(registry)
        if actor in reg:
            return [actor]
        found = reg.find(actor)
        return [found.id] if found is not None else []

    def _registry_actor_ids(
        self, actor: str | None, registry: PathLike | ActorRegistry | None
    ) -> list[str]:
        """As :meth:`_actor_ids`, but an actor the registry does not know is an error."""
        ids = self._actor_ids(actor, registry)
        if actor and not ids:
            raise InputError(f"no actor {actor!r} in the registry", field="actor")
        return ids

    def quotes(
        self, *, actor: str | None = None, registry: PathLike | ActorRegistry | None = None
    ) -> list[dict[str, Any]]:
        """Quotes with their speakers and on whose behalf they speak (``on_behalf_of``);
        ``actor`` matches a registry actor (id, name or alias) — its own quotes and those
        spoken for it — or, failing that, any speaker whose text contains it:
        ``accord quotes``."""
        from accord.store.extract_queries import list_quotes

        ids = self._actor_ids(actor, registry)
        with self._session() as session:
            return list_quotes(session, actor_ids=ids, speaker=actor if actor and not ids else None)

    def figures(self, *, kind: str | None = None) -> list[dict[str, Any]]:
        """Money amounts, percentages, counts and ratios, normalised: ``accord figures``."""
        from accord.store.extract_queries import list_figures

        if kind is not None and kind not in FIGURE_KINDS:
            raise InputError(
                f"unknown kind {kind!r}; allowed: {', '.join(FIGURE_KINDS)}", field="kind"
            )
        with self._session() as session:
            return list_figures(session, kind=kind)

    def events(
        self,
        *,
        plover: str | None = None,
        actor: str | None = None,
        registry: PathLike | ActorRegistry | None = None,
    ) -> list[dict[str, Any]]:
        """Events typed with PLOVER (CONSULT, AGREE, …), optionally of one type or with one
        participant: ``accord events``."""
        from accord.extract.events import PLOVER_TYPES
        from accord.store.extract_queries import list_events

        if plover is not None and plover.upper() not in PLOVER_TYPES:
            raise InputError(
                f"unknown PLOVER type {plover!r}; allowed: {', '.join(sorted(PLOVER_TYPES))}",
                field="plover",
            )
        ids = self._registry_actor_ids(actor, registry)
        with self._session() as session:
            return list_events(session, plover=plover, actor_ids=ids)

    def positions(
        self,
        *,
        actor: str | None = None,
        issue: str | None = None,
        registry: PathLike | ActorRegistry | None = None,
    ) -> list[dict[str, Any]]:
        """Position statements: who wants, offers or refuses what: ``accord positions``."""
        from accord.store.extract_queries import list_positions

        ids = self._registry_actor_ids(actor, registry)
        with self._session() as session:
            return list_positions(session, actor_ids=ids, issue=issue)

    def digest(
        self, *, top: int = 5, registry: PathLike | ActorRegistry | None = None
    ) -> Digest:
        """Top actors, quotes, figures and events (``top`` of each): ``accord digest``."""
        from accord.extract.digest import build_digest

        with self._session() as session:
            return build_digest(
                session, n_actors=top, n_quotes=top, n_figures=top, n_events=top,
                registry=load_registry(registry),
            )

    def candidates(
        self,
        *,
        label: Sequence[str] = ("PERSON",),
        min_count: int = 1,
        registry: PathLike | ActorRegistry | None = None,
    ) -> list[dict[str, Any]]:
        """Names in the mentions that resolve to no actor, grouped, most frequent first, with
        an example context: ``accord actors candidates``."""
        from accord.extract.candidates import candidate_rows

        with self._session() as session:
            return candidate_rows(
                session, load_registry(registry), labels=tuple(label), min_count=min_count
            )


@contextlib.contextmanager
def _started(executor: Any, dask: str | None) -> Iterator[Any]:
    """``executor``, or the one ``dask`` names, started here and closed when the block ends
    (also on an error, so a LocalCluster's processes never outlive the run)."""
    if dask is None:
        yield executor
        return
    if executor is not None:
        raise InputError("give an executor or dask, not both", field="dask")
    from accord.parallel import get_executor

    started = get_executor(dask)
    try:
        yield started
    finally:
        started.close()
