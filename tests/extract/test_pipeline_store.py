"""The extraction store: migration 0002_extract == ORM metadata, and the incremental
``extract_articles`` step on a real SQLite file with articles ingested by the real ingest."""

from __future__ import annotations

import os
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, inspect, select
from sqlalchemy.orm import Session

from accord.corpus.ingest import ingest_paths
from accord.extract.nlp import load_pipeline
from accord.extract.pipeline import Extractor, extract_articles
from accord.extract.registry import ActorRegistry
from accord.extract.types import Event
from accord.store import extract_tables
from accord.store.base import Base
from accord.store.corpus_tables import Article
from accord.store.db import open_engine
from accord.store.extract_queries import list_events, list_figures
from accord.store.extract_tables import (
    ExtractionState,
    FigureRow,
    MentionRow,
)

EXTRACT_TABLES = {
    "extraction_state",
    "mentions",
    "quotes",
    "figures",
    "date_mentions",
    "events",
    "positions",
}

ARTICLE_A = (
    "Putin met Steve Witkoff in Moscow on 12 February 2025.\n"
    "The EU alone has guaranteed €193 bn, and 54 percent of Russians support talks.\n"
)
ARTICLE_B = "Kirill Dmitriev said Russia would offer investment to the United States.\n"


def test_extract_tables_are_all_mapped() -> None:
    mapped = {
        m.class_.__tablename__
        for m in Base.registry.mappers
        if m.class_.__module__ == extract_tables.__name__
    }
    # event_participants hangs off events (written by triggers, for lookups by actor).
    assert mapped == EXTRACT_TABLES | {"event_participants"}


def test_extraction_rows_cascade_from_articles(db_url: str) -> None:
    """(The whole migrated schema is compared with the ORM in tests/store/test_schema.py.)"""
    engine = open_engine(db_url)
    inspector = inspect(engine)
    assert EXTRACT_TABLES <= set(inspector.get_table_names())
    for table in EXTRACT_TABLES:
        (fk,) = inspector.get_foreign_keys(table)
        assert fk["referred_table"] == "articles" and fk["options"].get("ondelete") == "CASCADE"
    (fk,) = inspector.get_foreign_keys("event_participants")
    assert fk["referred_table"] == "events" and fk["options"].get("ondelete") == "CASCADE"
    mention_columns = {c["name"] for c in inspector.get_columns("mentions")}
    assert {"id", "article_id", "start", "end", "text", "label", "actor_id", "method",
            "score"} <= mention_columns


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_pipeline())


def _ingest(tmp_path: Path, files: dict[str, str], db: Path) -> Engine:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    engine = open_engine(db)
    summary = ingest_paths([folder], engine, cluster=False)
    assert summary.ok, summary.errors
    return engine


def _count(engine: Engine, table: Any) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_incremental_extraction(tmp_path: Path, db_url: str, extractor: Extractor) -> None:
    engine = _ingest(tmp_path, {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B}, db_url)
    first = extract_articles(engine, extractor)
    assert (first.current, first.processed, first.unchanged) == (2, 2, 0)
    assert first.counts["figures"] == 2 and first.counts["events"] >= 1

    with Session(engine) as s:
        figures = list_figures(s)
        events = list_events(s, plover="CONSULT")
    assert [f["text"] for f in figures] == ["€193 bn", "54 percent"]
    meeting = events[0]
    assert set(meeting["participants"]) >= {"putin", "witkoff"}
    assert meeting["place"] == "Moscow" and str(meeting["date"]) == "2025-02-12"
    # Offsets index the stored cleaned text.
    with Session(engine) as s:
        for row in s.scalars(select(FigureRow)):
            text = s.get(Article, row.article_id).text  # type: ignore[union-attr]
            assert text[row.start : row.end] == row.text

    again = extract_articles(engine, extractor)
    assert (again.processed, again.unchanged) == (0, 2)

    # A changed article is a new version: only it is extracted; the listing shows the new one.
    changed = ARTICLE_A.replace("€193 bn", "€200 bn")
    _ingest(tmp_path, {"a.txt": changed}, db_url)
    third = extract_articles(engine, extractor)
    assert (third.current, third.processed, third.unchanged) == (2, 1, 1)
    with Session(engine) as s:
        assert [f["text"] for f in list_figures(s)] == ["€200 bn", "54 percent"]


def test_changed_registry_re_resolves(tmp_path: Path, db_url: str) -> None:
    """Adding an actor to the registry re-extracts: the unknown name now resolves."""
    nlp = load_pipeline()
    text = "Anatoly Zorblat met Vladimir Putin in Minsk on 3 March 2025.\n"
    engine = _ingest(tmp_path, {"z.txt": text, "b.txt": ARTICLE_B}, db_url)
    registry = ActorRegistry.default()
    extract_articles(engine, Extractor(nlp, registry))
    assert extract_articles(engine, Extractor(nlp, registry)).processed == 0
    with Session(engine) as s:
        ids = s.scalars(select(MentionRow.actor_id).where(MentionRow.text == "Anatoly Zorblat"))
        assert list(ids) == [None]

    registry.add_actor("Anatoly Zorblat", kind="person", actor_id="zorblat")
    rerun = extract_articles(engine, Extractor(nlp, registry))
    assert (rerun.processed, rerun.unchanged) == (2, 0)
    with Session(engine) as s:
        ids = s.scalars(select(MentionRow.actor_id).where(MentionRow.text == "Anatoly Zorblat"))
        assert list(ids) == ["zorblat"]
        (meeting,) = list_events(s, actor_ids=["zorblat"])
        assert set(meeting["participants"]) == {"zorblat", "putin"}
        states = list(s.scalars(select(ExtractionState)))
    assert len({st.config_hash for st in states}) == 1


def test_deleting_an_article_cascades(tmp_path: Path, db_url: str, extractor: Extractor) -> None:
    engine = _ingest(tmp_path, {"a.txt": ARTICLE_A}, db_url)
    extract_articles(engine, extractor)
    assert _count(engine, FigureRow) == 2 and _count(engine, ExtractionState) == 1
    with Session(engine) as s, s.begin():
        s.execute(delete(Article))
    assert _count(engine, FigureRow) == 0 and _count(engine, MentionRow) == 0
    assert _count(engine, ExtractionState) == 0


class _FailingExtractor(Extractor):
    """Fails on one article, as a crash in the middle of a run would."""

    def extract_doc(self, doc: Any, published: Any = None, key: Any = 0) -> Any:
        if "Dmitriev" in doc.text:
            raise RuntimeError("boom")
        return super().extract_doc(doc, published, key)


def test_failed_chunk_leaves_nothing_half_written(tmp_path: Path, db_url: str) -> None:
    engine = _ingest(tmp_path, {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B}, db_url)
    with pytest.raises(RuntimeError):
        extract_articles(engine, _FailingExtractor(load_pipeline()), chunk_size=2)
    assert _count(engine, ExtractionState) == 0 and _count(engine, MentionRow) == 0
    # With one article per chunk, the good article is stored and the run can resume.
    with pytest.raises(RuntimeError):
        extract_articles(engine, _FailingExtractor(load_pipeline()), chunk_size=1)
    assert _count(engine, ExtractionState) == 1
    resumed = extract_articles(engine, Extractor(load_pipeline()))
    assert (resumed.processed, resumed.unchanged) == (1, 1)


def test_extractor_returns_plain_data_in_input_order(extractor: Extractor) -> None:
    texts = [(ARTICLE_B, None, "b"), (ARTICLE_A, None, "a"), ("No figures here.", None, "c")]
    results = list(extractor.extract(texts))
    assert [r.key for r in results] == ["b", "a", "c"]
    assert all(isinstance(e, Event) for r in results for e in r.events)
    assert results[1].counts()["figures"] == 2 and results[2].counts()["figures"] == 0


_FORKS: list[int] = []
_COUNT_FORKS: list[bool] = []
# Counts os.fork() of this process (the way spaCy's own n_process starts its workers) while a
# test asks for it; a fork server or spawn starts its processes by fork + exec, without it.
os.register_at_fork(before=lambda: _FORKS.append(1) if _COUNT_FORKS else None)


def test_two_processes_give_the_same_result(extractor: Extractor) -> None:
    """n_process=2 parses and extracts in worker processes started by a fork server — never a
    fork of this process, whose other threads could leave the child deadlocked — and every
    extracted item is identical, in order."""
    texts = [(ARTICLE_A, None, i) for i in range(4)] + [(ARTICLE_B, date(2025, 3, 1), 9)]
    one = list(extractor.extract(texts))
    _COUNT_FORKS.append(True)
    try:
        two = list(Extractor(load_pipeline(), n_process=2, batch_size=2).extract(texts))
    finally:
        _COUNT_FORKS.clear()
    assert _FORKS == []
    assert [r.key for r in two] == [0, 1, 2, 3, 9]
    assert [asdict(r) for r in one] == [asdict(r) for r in two]
    assert sum(len(r.mentions) for r in two) > 0 and sum(len(r.events) for r in two) > 0


def test_extract_articles_in_two_processes_writes_the_same_rows(
    tmp_path: Path, extractor: Extractor
) -> None:
    """The store step with n_process=2 (one pool for the whole run) writes what one process
    writes."""
    files = {f"a{i}.txt": ARTICLE_A.replace("12 February", f"{i + 1} February") for i in range(5)}
    files["b.txt"] = ARTICLE_B
    dumps = []
    for n, name in ((1, "one.db"), (2, "two.db")):
        (tmp_path / name).mkdir()
        engine = _ingest(tmp_path / name, files, tmp_path / name / "c.db")
        report = extract_articles(
            engine, Extractor(load_pipeline(), n_process=n), chunk_size=2
        )
        assert report.processed == 6
        with Session(engine) as session:
            dumps.append([
                sorted(repr(tuple(v for k, v in row._mapping.items() if k not in ("id", "created")))
                       for row in session.execute(select(*table.__table__.columns)))
                for table in (MentionRow, FigureRow)
            ])
    assert dumps[0] == dumps[1] and dumps[0][0]


def test_roles_follow_the_publication_date(extractor: Extractor) -> None:
    """"the US president" is Trump only from 20 January 2025 (registry role dates); resolvers
    are shared between dates with the same active roles, never across a role change."""
    text = "The US president met Vladimir Putin in Alaska."
    dates = [date(2024, 6, 1), date(2025, 6, 1), date(2024, 7, 1), date(2025, 7, 1)]
    results = list(extractor.extract([(text, d) for d in dates]))
    resolved = [
        [m.actor_id for m in r.mentions if m.text.lower().startswith("the us president")]
        for r in results
    ]
    assert resolved[0] != ["trump"] and resolved[2] != ["trump"]
    assert resolved[1] == ["trump"] and resolved[3] == ["trump"]
