"""The extraction pipeline: parse articles in batches, extract every kind of item, store them.

:class:`Extractor` is the in-memory orchestrator: it runs spaCy with ``nlp.pipe``
(``batch_size``; ``n_process`` worker processes) and, per document, actor mentions
(:class:`accord.extract.actors.ActorResolver`), quotes
(:func:`accord.extract.quotes.extract_quotes`), positions
(:func:`accord.extract.positions.extract_positions`), figures, dates and events — returning
plain :class:`ArticleExtraction` records.

:func:`extract_articles` is the incremental store step behind ``accord extract``: it extracts
only current articles whose cleaned text (``content_hash``), extractor version or configuration
(registry, issue lexicon, trigger lexicon, spaCy pipeline → ``config_hash``) changed since the
last run, and replaces their rows in one transaction per chunk, so an interrupted run leaves
every article either fully old or fully new.

>>> from datetime import date
>>> from accord.extract.nlp import load_pipeline
>>> ex = Extractor(load_pipeline())
>>> out = next(iter(ex.extract([("Putin met Witkoff in Moscow on 12 February 2025.", None)])))
>>> [(e.plover, e.participants, e.place, e.date) for e in out.events]
[('CONSULT', ['putin', 'witkoff'], 'Moscow', datetime.date(2025, 2, 12))]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from accord.errors import AccordError
from accord.extract.actors import ActorResolver
from accord.extract.dates import DateExtractor
from accord.extract.events import EventExtractor, TriggerLexicon
from accord.extract.figures import FigureExtractor, doc_text
from accord.extract.position_model import LogisticModel
from accord.extract.positions import IssueLexicon, extract_positions
from accord.extract.quotes import extract_quotes
from accord.extract.registry import ActorRegistry
from accord.extract.types import DateMention, Event, Figure, Mention, PositionStatement, Quote
from accord.parallel.base import Executor, worker_cache
from accord.store.dialect import write_session

log = logging.getLogger(__name__)

# Bump when a change to the extraction code should re-extract every stored article.
EXTRACTOR_VERSION = "4"  # 4: quotes.on_behalf_of, positions.speaker stored

ArticleInput = tuple[str, dt.date | None] | tuple[str, dt.date | None, Hashable]


@dataclass
class ArticleExtraction:
    """Everything extracted from one article; offsets index ``text`` (the cleaned text)."""

    key: Hashable
    text: str
    published: dt.date | None
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    positions: list[PositionStatement] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Number of items per kind."""
        return {
            "mentions": len(self.mentions),
            "quotes": len(self.quotes),
            "figures": len(self.figures),
            "dates": len(self.dates),
            "events": len(self.events),
            "positions": len(self.positions),
        }


def _fingerprint(obj: Any) -> Any:
    """A JSON-able description of a configuration object, for the config hash."""
    if obj is None:
        return None
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    # Dataclass reprs list their fields (compiled matchers are kept out with repr=False).
    return repr(obj)


class Extractor:
    """Parse texts with ``nlp`` and extract mentions, quotes, positions, figures, dates, events.

    Parameters: ``registry`` (an :class:`~accord.extract.actors.ActorRegistry`; default the
    packaged one), ``lexicon`` (an :class:`~accord.extract.positions.IssueLexicon`; default the
    packaged one when that module provides ``default()``), ``triggers`` (event trigger lexicon),
    ``batch_size`` for ``nlp.pipe``, ``n_process`` worker processes that parse and extract
    batches (each loads the spaCy pipeline once; started from a fork server, never forked from
    this process, whose other threads could leave a forked child deadlocked);
    ``position_model`` turns on the learned pass over position statements
    (:mod:`accord.extract.position_model`; off by default — its cross-validated precision is
    below the rules'), and its weights enter the config hash.
    """

    def __init__(
        self,
        nlp: Language,
        registry: ActorRegistry | None = None,
        lexicon: IssueLexicon | None = None,
        *,
        triggers: TriggerLexicon | None = None,
        batch_size: int = 16,
        n_process: int = 1,
        position_model: LogisticModel | None = None,
    ) -> None:
        if batch_size < 1 or n_process < 1:
            raise ValueError("batch_size and n_process must be >= 1")
        self.nlp = nlp
        self.registry = registry if registry is not None else ActorRegistry.default()
        self.lexicon = lexicon if lexicon is not None else IssueLexicon.load(None)
        self.triggers = triggers or TriggerLexicon.default()
        self.batch_size = batch_size
        self.n_process = n_process
        self.position_model = position_model
        self.figures = FigureExtractor()
        self.dates = DateExtractor()
        self.events = EventExtractor(self.triggers)
        self._resolvers: dict[tuple[tuple[str, int], ...], ActorResolver] = {}

    # -- configuration identity ----------------------------------------------------------

    def config_hash(self) -> str:
        """sha256 over everything besides the text that decides what is extracted."""
        meta = self.nlp.meta
        config = {
            "registry": _fingerprint(self.registry),
            "lexicon": _fingerprint(self.lexicon),
            "triggers": {
                "verbs": {k: [v.plover, dict(v.requires)] for k, v in self.triggers.verbs.items()},
                "nouns": {k: [v.plover, dict(v.requires)] for k, v in self.triggers.nouns.items()},
            },
            "nlp": [meta.get("lang"), meta.get("name"), meta.get("version")],
            # both item extractors, as recorded since 0.1.0 (a changed hash re-extracts all)
            "components": [True, True],
        }
        if self.position_model is not None:
            # only when on, so that the rules-only hash (and what is stored under it) stays
            config["position_model"] = self.position_model.digest()
        blob = json.dumps(config, sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()

    # -- extraction ----------------------------------------------------------------------

    def extract(self, items: Iterable[ArticleInput]) -> Iterator[ArticleExtraction]:
        """Extract from ``(text, published)`` or ``(text, published, key)`` tuples, in order.

        ``published`` anchors relative dates; the key (default: the position) is handed back
        in :attr:`ArticleExtraction.key`.
        """

        if self.n_process > 1:
            from accord.parallel.local import LocalExecutor

            # spaCy's own ``n_process`` forks this process, which can deadlock a child when
            # other threads (a database driver, a server, a Dask client) hold a lock at that
            # moment; the local executor's workers start from a fork server instead.
            with LocalExecutor(workers=self.n_process) as executor:
                for results in executor.map_chunks(
                    extract_chunk, self._keyed_batches(items), shared=ExtractorSpec.of(self)
                ):
                    yield from results
            return

        docs = self.nlp.pipe(
            ((text, (published, key)) for text, published, key in _keyed(items)),
            as_tuples=True, batch_size=self.batch_size,
        )
        for doc, (published, key) in docs:
            yield self.extract_doc(doc, published, key)

    def _keyed_batches(
        self, items: Iterable[ArticleInput]
    ) -> Iterator[list[tuple[str, dt.date | None, Hashable]]]:
        """Lists of ``batch_size`` ``(text, published, key)`` items."""
        batch: list[tuple[str, dt.date | None, Hashable]] = []
        for item in _keyed(items):
            batch.append(item)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def extract_doc(
        self, doc: Doc, published: dt.date | None = None, key: Hashable = 0
    ) -> ArticleExtraction:
        """Extract every item kind from one parsed document."""
        mentions = self._resolver(published).resolve(doc)
        quotes = extract_quotes(doc, mentions, self.registry)
        positions = extract_positions(doc, mentions, quotes, self.lexicon, registry=self.registry,
                                      model=self.position_model)
        dates = self.dates(doc, published)
        return ArticleExtraction(
            key=key,
            text=doc_text(doc),
            published=published,
            mentions=list(mentions),
            quotes=list(quotes),
            figures=self.figures(doc),
            dates=dates,
            events=self.events(doc, mentions, dates),
            positions=list(positions),
        )

    def _resolver(self, published: dt.date | None) -> ActorResolver:
        """A resolver for the roles held on ``published`` ("the US president" depends on it).

        Compiling a resolver's matchers takes about half a second, so resolvers are shared by
        every date on which the same registry roles are active (the key below) — a corpus
        spanning months needs as many resolvers as there are role changes in it, not one per
        publication date. The cache is bounded (cleared past 64 entries).
        """
        key = tuple(
            (actor.id, i)
            for actor in self.registry
            for i, role in enumerate(actor.roles)
            if role.active(published)
        )
        resolver = self._resolvers.get(key)
        if resolver is None:
            if len(self._resolvers) >= 64:
                self._resolvers.clear()
            resolver = ActorResolver(self.registry, when=published)
            self._resolvers[key] = resolver
        return resolver


# -- the incremental store step ----------------------------------------------------------


@dataclass
class ExtractReport:
    """What one ``extract_articles`` run did."""

    current: int = 0
    processed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


ProgressCallback = Callable[[int, int], None]


def extract_articles(
    engine: Engine,
    extractor: Extractor | None = None,
    *,
    force: bool = False,
    chunk_size: int = 32,
    progress: ProgressCallback | None = None,
    executor: Executor | None = None,
) -> ExtractReport:
    """Extract new or changed current articles into the store; return what was done.

    An article is (re)extracted when it has no extraction state, its ``content_hash`` changed,
    or the extractor version / configuration hash differs (e.g. an edited actor registry:
    mentions are re-resolved and everything depending on them re-extracted). ``force``
    re-extracts everything. ``progress(done, total)`` is called after each article (after
    each chunk with an executor).

    ``executor`` (from :func:`accord.parallel.get_executor`, e.g. a Dask cluster) parses and
    extracts chunks of ``chunk_size`` articles in its workers — each worker loads the spaCy
    pipeline and builds the extractor once — while this process reads the texts and writes
    every chunk's rows, in order, in one transaction: the database ends up exactly as with
    no executor.
    """
    from accord.store.corpus_tables import Article
    from accord.store.extract_tables import ExtractionState

    started = time.perf_counter()
    extractor = extractor or Extractor(_load_nlp())
    config = extractor.config_hash()
    report = ExtractReport()
    with Session(engine) as session:
        articles = session.execute(
            select(Article.id, Article.content_hash, Article.published)
            .where(Article.is_current.is_(True))
            .order_by(Article.id)
        ).all()
        states = {
            s.article_id: (s.content_hash, s.extractor_version, s.config_hash)
            for s in session.scalars(select(ExtractionState))
        }
    report.current = len(articles)
    todo = [
        (aid, chash, published)
        for aid, chash, published in articles
        if force or states.get(aid) != (chash, EXTRACTOR_VERSION, config)
    ]
    report.unchanged = report.current - len(todo)
    totals: dict[str, int] = dict.fromkeys(
        ("mentions", "quotes", "figures", "dates", "events", "positions"), 0
    )

    def inputs() -> Iterator[list[tuple[str, dt.date | None, tuple[int, str]]]]:
        # Texts are read a chunk at a time, as the chunks are sent: memory stays flat.
        for chunk_start in range(0, len(todo), chunk_size):
            chunk = todo[chunk_start : chunk_start + chunk_size]
            ids = [aid for aid, _, _ in chunk]
            with Session(engine) as session:
                texts = dict(
                    session.execute(
                        select(Article.id, Article.text).where(Article.id.in_(ids))
                    ).all()
                )
            yield [(texts[aid], published, (aid, chash)) for aid, chash, published in chunk]

    done = 0

    def here() -> Iterator[list[ArticleExtraction]]:
        nonlocal done
        for chunk in inputs():
            results = []
            for result in extractor.extract(chunk):
                results.append(result)
                done += 1
                if progress is not None:
                    progress(done, len(todo))
            yield results

    def remote(ex: Executor) -> Iterator[list[ArticleExtraction]]:
        nonlocal done
        spec = ExtractorSpec.of(extractor)
        for results in ex.map_chunks(extract_chunk, inputs(), shared=spec):
            done += len(results)
            if progress is not None:
                progress(done, len(todo))
            yield results

    own_pool = None
    if executor is None and extractor.n_process > 1 and todo:
        from accord.parallel.local import LocalExecutor

        # one pool for the whole run (extractor.extract would start one per chunk)
        executor = own_pool = LocalExecutor(workers=extractor.n_process)
    try:
        for results in here() if executor is None else remote(executor):
            with write_session(engine) as session:  # one writer at a time (store.dialect)
                _replace_rows(session, config, results)
            for result in results:
                for k, v in result.counts().items():
                    totals[k] += v
            report.processed += len(results)
    finally:
        if own_pool is not None:
            own_pool.close()
    report.counts = totals
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True)
class ExtractorSpec:
    """What a worker needs to rebuild an :class:`Extractor`: everything but the spaCy
    pipeline, which each worker loads itself (once). ``config_hash`` is the writer's: a worker
    whose pipeline or configuration would extract differently refuses to run."""

    registry: Any
    lexicon: Any
    triggers: TriggerLexicon
    batch_size: int
    config_hash: str
    position_model: LogisticModel | None = None
    pipeline: str | None = None

    @classmethod
    def of(cls, extractor: Extractor) -> ExtractorSpec:
        """The spec of ``extractor``."""
        return cls(
            extractor.registry,
            extractor.lexicon,
            extractor.triggers,
            extractor.batch_size,
            extractor.config_hash(),
            extractor.position_model,
            _pipeline_name(extractor.nlp),
        )

    def build(self) -> Extractor:
        """An extractor like the writer's, on this process's spaCy pipeline."""
        extractor = Extractor(
            _load_nlp(self.pipeline), self.registry, self.lexicon, triggers=self.triggers,
            batch_size=self.batch_size, position_model=self.position_model,
        )
        if extractor.config_hash() != self.config_hash:
            raise AccordError(
                "this worker's spaCy pipeline or extraction modules differ from the writer's "
                "(install the same accord and model on every worker)"
            )
        return extractor


def extract_chunk(
    spec: ExtractorSpec, chunk: list[tuple[str, dt.date | None, Hashable]]
) -> list[ArticleExtraction]:
    """Extract one chunk of ``(text, published, key)`` in a worker (its extractor is built
    once per worker process and reused for every chunk)."""
    extractor = worker_cache(("accord.extract", spec.config_hash), spec.build)
    return list(extractor.extract(chunk))


def _keyed(items: Iterable[ArticleInput]) -> Iterator[tuple[str, dt.date | None, Hashable]]:
    """``(text, published, key)`` per item, the key defaulting to the item's position."""
    for i, item in enumerate(items):
        yield item[0], item[1], item[2] if len(item) > 2 else i


def _load_nlp(name: str | None = None) -> Language:
    """The pipeline called ``name`` (the default one when that is not an installed package:
    the caller's configuration hash then tells whether it extracts the same)."""
    from accord.extract.nlp import load_pipeline

    if name is not None:
        try:
            return load_pipeline(name)
        except AccordError:
            pass
    return load_pipeline()


def _pipeline_name(nlp: Language) -> str:
    """The package name of a loaded pipeline (``en`` + ``core_web_sm`` → ``en_core_web_sm``)."""
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}"


def _replace_rows(session: Session, config: str, results: list[ArticleExtraction]) -> None:
    """Delete the old items and states of the articles of ``results`` and insert the new ones
    (caller's transaction): a statement per table for the whole chunk, rows as plain
    parameter sets (ORM objects cost the single writer ~3 ms per article, the workers' pace
    limit when they extract in parallel). Each result's ``key`` is ``(article_id,
    content_hash)``."""
    from accord.store.extract_tables import (
        ITEM_TABLES,
        DateMentionRow,
        EventRow,
        ExtractionState,
        FigureRow,
        MentionRow,
        PositionRow,
        QuoteRow,
    )

    keys: list[tuple[int, str]] = [r.key for r in results]  # type: ignore[misc]
    ids = [aid for aid, _ in keys]
    for table in (*ITEM_TABLES, ExtractionState):
        session.execute(delete(table).where(table.article_id.in_(ids)))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for table, items_of in (
        (MentionRow, "mentions"),
        (QuoteRow, "quotes"),
        (FigureRow, "figures"),
        (DateMentionRow, "dates"),
        (EventRow, "events"),
        (PositionRow, "positions"),
    ):
        columns = set(table.__table__.columns.keys())
        rows = [
            _row(columns, aid, item)
            for (aid, _), result in zip(keys, results, strict=True)
            for item in getattr(result, items_of)
        ]
        if rows:
            session.execute(insert(table), rows)
    session.execute(insert(ExtractionState), [
        {
            "article_id": aid,
            "content_hash": chash,
            "extractor_version": EXTRACTOR_VERSION,
            "config_hash": config,
            "processed_at": now,
            **{f"n_{k}": v for k, v in result.counts().items()},
        }
        for (aid, chash), result in zip(keys, results, strict=True)
    ])


def _row(columns: set[str], article_id: int, item: Any) -> dict[str, Any]:
    """A table row from an item dataclass: its fields that are ``columns`` of the table.

    Fields the item types gain later (and the table does not store) are left out rather than
    breaking the insert; every stored column is a field of the item.
    """
    data = asdict(item)
    return {"article_id": article_id, **{k: v for k, v in data.items() if k in columns}}


def extract_texts(
    texts: Sequence[str], published: Sequence[dt.date | None] | None = None, **kwargs: Any
) -> list[ArticleExtraction]:
    """Convenience: extract from plain strings with the default pipeline and registry.

    >>> [f.text for f in extract_texts(["The EU has guaranteed €193 bn."])[0].figures]
    ['€193 bn']
    """
    dates = list(published) if published is not None else [None] * len(texts)
    extractor = Extractor(_load_nlp(), **kwargs)
    return list(extractor.extract(zip(texts, dates, strict=True)))
