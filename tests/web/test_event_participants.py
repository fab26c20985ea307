"""An actor's events come from ``event_participants``, which the database keeps from the
events' JSON participant lists (triggers, on SQLite and PostgreSQL): the actor page and
``/api/events?actor=`` list exactly the events whose participants name the actor."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from tests.corpus_maker import write_texts

from accord.corpus.ingest import ingest_paths
from accord.store.corpus_tables import Article
from accord.store.db import open_engine
from accord.store.extract_tables import EventParticipant, EventRow
from accord.web.queries import PAGE_SIZE, items

ACTORS = ["putin", "witkoff", "zelensky", "lavrov"]


def _event(article_id: int, start: int, participants: list[str]) -> EventRow:
    return EventRow(article_id=article_id, start=start, end=start + 10, text="they met",
                    plover="CONSULT", trigger="met", participants=participants,
                    participant_texts=[p.title() for p in participants])


def _expected(session: Session, actor: str) -> list[int]:
    """The actor's events read the slow way: every event's JSON list, in page order."""
    rows = session.execute(select(EventRow.id, EventRow.article_id, EventRow.start,
                                  EventRow.participants)).all()
    hits = sorted((r for r in rows if actor in r.participants),
                  key=lambda r: (-r.article_id, r.start, r.id))
    return [r.id for r in hits]


def test_actor_events_follow_the_participant_lists(db_url: str, tmp_path: Path) -> None:
    write_texts(tmp_path / "corpus", 0, 30)
    engine = open_engine(db_url)
    assert not ingest_paths([tmp_path / "corpus"], engine).errors
    with Session(engine) as s:
        ids = list(s.scalars(select(Article.id).order_by(Article.id)))
        k = 0
        for aid in ids:
            for j in range(4):
                k += 1
                people = [a for i, a in enumerate(ACTORS[:3]) if (k + i) % (i + 2) == 0]
                s.add(_event(aid, 100 * j, people + people[:1]))  # a repeated id counts once
        s.add(_event(ids[0], 999, ["lavrov", "unknown_person"]))
        s.commit()

        for actor in [*ACTORS, "unknown_person", "nobody"]:
            want = _expected(s, actor)
            got: list[int] = []
            for page in (1, 2, 3):
                rows, more = items(s, EventRow, actor=actor, page=page)
                got += [r.id for r, _title in rows]
                assert more == (len(want) > page * PAGE_SIZE)
            assert got == want[: 3 * PAGE_SIZE], actor
        assert len(_expected(s, "putin")) > PAGE_SIZE  # the pages were exercised

        # Deleting events (re-extraction does) or their article removes their participants.
        s.execute(delete(EventRow).where(EventRow.article_id == ids[1]))
        s.execute(delete(Article).where(Article.id == ids[2]))
        s.commit()
        left = s.scalar(select(func.count()).select_from(EventParticipant).where(
            EventParticipant.article_id.in_([ids[1], ids[2]])))
        assert left == 0
        for actor in ACTORS:
            assert [r.id for r, _ in items(s, EventRow, actor=actor)[0]] == \
                _expected(s, actor)[:PAGE_SIZE]
    engine.dispose()
