"""Concurrent and interrupted writers, with real processes, on SQLite and PostgreSQL.

* Two ``accord ingest`` on overlapping folders, an ``accord extract`` and readers, all started
  at once on a fresh database (so all five also race the migration): every process succeeds,
  no lock error reaches anyone, each article is stored once, nothing is lost.
* Two ``accord ingest`` of the same folder at once, and processes racing the migration of a
  fresh database: all succeed, counts exact, nothing stored twice.
* ``kill -9`` of an ingest or an extract half-way, or inside story clustering, then a re-run:
  the database is consistent (no orphan rows, no half-written article, no article left in no
  story) and ends complete with no duplicates.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

import testdb
from accord.corpus.ingest import ingest_paths
from accord.parallel.orphans import _alive
from accord.store.corpus_tables import Article, ArticleFingerprint, StoryMember
from accord.store.db import current, head, open_engine
from accord.store.extract_tables import ITEM_TABLES, ExtractionState
from corpus_maker import write_jsonl, write_texts

ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def accord(*args: str) -> subprocess.Popen[str]:
    """Start ``accord ARGS...`` as its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "accord.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 240) -> tuple[str, str]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, (proc.args, err[-3000:])
    assert "Traceback" not in err and "locked" not in err.lower(), err[-3000:]
    return out, err


def scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def assert_consistent(engine: Engine, expected_articles: int) -> None:
    """Each identity once, one current version, every article whole, every row owned."""
    assert scalar(engine, "SELECT count(*) FROM articles") == expected_articles
    assert scalar(engine, "SELECT count(DISTINCT identity) FROM articles") == expected_articles
    assert scalar(engine, "SELECT count(*) FROM articles WHERE is_current") == expected_articles
    # An article is written with its fingerprint in one transaction: never one without it.
    assert scalar(engine, "SELECT count(*) FROM article_fingerprints") == expected_articles
    for table in ("article_repairs", "article_removed_lines", "article_flags",
                  "article_fingerprints", "story_members", "extraction_state",
                  *(t.__tablename__ for t in ITEM_TABLES)):
        orphans = scalar(
            engine,
            f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
            f"(SELECT 1 FROM articles a WHERE a.id = t.article_id)",
        )
        assert orphans == 0, table
    # Every current article is in exactly one story.
    assert scalar(engine, "SELECT count(*) FROM story_members") == expected_articles


def assert_extraction_complete(engine: Engine) -> None:
    """Every current article extracted once: stored items match the counts of its state."""
    with Session(engine) as session:
        current = session.scalar(
            select(func.count()).select_from(Article).where(Article.is_current.is_(True))
        )
        states = session.scalars(select(ExtractionState)).all()
        assert len(states) == current
        for table in ITEM_TABLES:
            name = table.__tablename__
            stored = dict(
                session.execute(
                    select(table.article_id, func.count()).group_by(table.article_id)
                ).all()
            )
            for state in states:
                key = "n_dates" if name == "date_mentions" else f"n_{name}"
                assert stored.get(state.article_id, 0) == getattr(state, key), (name, state)


def test_two_ingests_an_extract_and_readers_at_once(tmp_path: Path, db_url: str) -> None:
    root = tmp_path / "in"
    write_texts(root / "a", 0, 12, n_paragraphs=1)
    write_texts(root / "shared", 12, 24, n_paragraphs=1)
    write_jsonl(root / "shared" / "feed.jsonl", 24, 36, n_paragraphs=1)
    write_texts(root / "b", 36, 48, n_paragraphs=1)
    a, b, shared = (str(root / name) for name in ("a", "b", "shared"))
    procs = [
        accord("ingest", a, shared, "--db", db_url, "--json", "--no-progress"),
        accord("ingest", shared, b, "--db", db_url, "--json", "--no-progress"),
        accord("extract", "--db", db_url, "--no-progress"),
        accord("corpus", "list", "--db", db_url, "--json"),
        accord("corpus", "clusters", "--db", db_url, "--json"),
    ]
    for proc in procs:
        finish(proc)
    engine = open_engine(db_url)
    # Each article stored once whichever process got it first; stories over all of them.
    assert_consistent(engine, 48)
    # A last extract picks up what was ingested after the first one started; then nothing
    # is missing and nothing is doubled.
    finish(accord("extract", "--db", db_url, "--no-progress"))
    assert_extraction_complete(engine)
    engine.dispose()


def _wait_for(engine: Engine, sql: str, at_least: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert proc.poll() is None, "finished before it could be killed: make the input larger"
        try:
            if scalar(engine, sql) >= at_least:
                return
        except Exception:  # the schema may not exist yet
            pass
        time.sleep(0.05)
    raise AssertionError(f"{sql} never reached {at_least}")


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_of_ingest_then_rerun_completes(tmp_path: Path, db_url: str) -> None:
    root = tmp_path / "in"
    write_texts(root, 0, 300, n_paragraphs=1)
    write_jsonl(root / "zz_feed.jsonl", 300, 500, n_paragraphs=1)
    engine = open_engine(db_url)  # migrated up front: the poll below reads articles at once
    # One process: a pool's workers outliving a killed parent is another matter.
    proc = accord("ingest", str(root), "--db", db_url, "--no-progress", "--workers", "1")
    _wait_for(engine, "SELECT count(*) FROM articles", 50, proc)
    _kill(proc)
    killed_at = scalar(engine, "SELECT count(*) FROM articles")
    assert 50 <= killed_at < 500
    # What was committed is whole: every article with its fingerprint, no orphan rows.
    assert scalar(engine, "SELECT count(*) FROM article_fingerprints") == killed_at
    out, _ = finish(accord("ingest", str(root), "--db", db_url, "--json", "--no-progress"))
    assert_consistent(engine, 500)
    engine.dispose()


def test_kill_9_of_extract_then_rerun_completes(tmp_path: Path, db_url: str) -> None:
    root = tmp_path / "in"
    write_texts(root, 0, 70, n_paragraphs=1)
    engine = open_engine(db_url)
    summary = ingest_paths([root], engine)
    assert summary.ok and summary.added == 70
    proc = accord("extract", "--db", db_url, "--no-progress")
    _wait_for(engine, "SELECT count(*) FROM extraction_state", 32, proc)
    _kill(proc)
    assert 32 <= scalar(engine, "SELECT count(*) FROM extraction_state") < 70
    assert_extraction_complete_so_far(engine)
    finish(accord("extract", "--db", db_url, "--no-progress"))
    assert_extraction_complete(engine)
    engine.dispose()


def assert_extraction_complete_so_far(engine: Engine) -> None:
    """Extracted articles have all their items (a chunk is one transaction)."""
    with Session(engine) as session:
        states = session.scalars(select(ExtractionState)).all()
        mentions = dict(
            session.execute(
                select(ITEM_TABLES[0].article_id, func.count()).group_by(
                    ITEM_TABLES[0].article_id
                )
            ).all()
        )
        for state in states:
            assert mentions.get(state.article_id, 0) == state.n_mentions


def test_articles_left_storyless_are_clustered_by_the_next_run(
    tmp_path: Path, db_url: str
) -> None:
    """kill -9 during clustering leaves articles committed and in no story (clustering is one
    transaction: it is as if it never ran). The next ingest, with nothing new to add, still
    clusters them."""
    root = tmp_path / "in"
    write_texts(root, 0, 40, n_paragraphs=1)
    engine = open_engine(db_url)
    first = ingest_paths([root], engine)
    assert first.added == 40
    write_texts(root, 40, 60, n_paragraphs=1)
    interrupted = ingest_paths([root], engine, cluster=False)  # the state a kill leaves
    assert interrupted.added == 20
    with Session(engine) as session:
        in_story = session.scalar(select(func.count()).select_from(StoryMember))
        assert in_story == 40
    rerun = ingest_paths([root], engine)
    assert rerun.added == 0 and rerun.clusters is not None
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(StoryMember)) == 60
        assert session.scalar(select(func.count()).select_from(ArticleFingerprint)) == 60
    engine.dispose()


def test_two_ingests_of_the_same_folder_at_once(tmp_path: Path, db_url: str) -> None:
    """Both start on a fresh database (racing the migration too) and read the same files: each
    article is added once by whichever got it first and found unchanged by the other."""
    root = tmp_path / "in"
    write_texts(root, 0, 80, n_paragraphs=1)
    write_jsonl(root / "feed.jsonl", 80, 120, n_paragraphs=1)
    procs = [accord("ingest", str(root), "--db", db_url, "--json", "--no-progress")
             for _ in range(2)]
    summaries = [json.loads(finish(proc)[0]) for proc in procs]
    for summary in summaries:
        assert summary["articles_read"] == 120 and summary["errors"] == [], summary
        assert summary["new_versions"] == 0 and summary["duplicates"] == 0, summary
    assert sum(s["added"] for s in summaries) == 120
    assert sum(s["unchanged"] for s in summaries) == 120
    engine = open_engine(db_url)
    assert_consistent(engine, 120)
    engine.dispose()


def test_processes_racing_the_migration_of_a_fresh_database(db_url: str) -> None:
    procs = [accord("db", "upgrade", "--db", db_url, "--json") for _ in range(3)]
    for proc in procs:
        assert json.loads(finish(proc)[0])["current"] == head()
    engine = open_engine(db_url, migrate=False)
    assert current(engine) == head()
    assert scalar(engine, "SELECT count(*) FROM alembic_version") == 1
    engine.dispose()


def test_kill_9_during_clustering_then_rerun_clusters_every_article(
    tmp_path: Path, db_url: str
) -> None:
    """A real ``kill -9`` inside the clustering transaction (stopped there by the
    ``ACCORD_PAUSE_IN=cluster`` seam): the new articles stay committed and in no story; the
    next plain ``accord ingest``, with nothing new to add, clusters them all."""
    root = tmp_path / "in"
    write_texts(root, 0, 40, n_paragraphs=1)
    finish(accord("ingest", str(root), "--db", db_url, "--no-progress"))
    write_texts(root, 40, 70, n_paragraphs=1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord.cli", "ingest", str(root), "--db", db_url,
         "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**ENV, "ACCORD_PAUSE_IN": "cluster"},
    )
    assert proc.stderr is not None
    assert proc.stderr.readline() == "paused: cluster\n"
    engine = open_engine(db_url)
    # Paused with the new partition written but not committed: others still see the old one.
    assert scalar(engine, "SELECT count(*) FROM story_members") == 40
    _kill(proc)
    assert scalar(engine, "SELECT count(*) FROM articles") == 70
    assert scalar(engine, "SELECT count(*) FROM story_members") == 40
    out, _ = finish(accord("ingest", str(root), "--db", db_url, "--json", "--no-progress"))
    rerun = json.loads(out)
    assert rerun["added"] == 0 and rerun["unchanged"] == 70
    assert rerun["stories"]["articles"] == 70
    assert_consistent(engine, 70)
    # And it stays so: a further run has nothing to do.
    again = json.loads(finish(accord("ingest", str(root), "--db", db_url, "--json",
                                     "--no-progress"))[0])
    assert again["added"] == 0 and again["stories"] is None
    engine.dispose()


def story_rows(engine: Engine) -> list[tuple[object, ...]]:
    """Every membership and story, as comparable rows (not when they were computed)."""
    with engine.connect() as conn:
        members = conn.execute(text(
            "SELECT m.article_id, m.story_id, m.linked_to, m.stage, m.score, s.size, s.title "
            "FROM story_members m JOIN stories s ON s.id = m.story_id ORDER BY m.article_id"
        ))
        return [tuple(row) for row in members]


def test_kill_9_between_clustering_steps_then_rerun_gives_the_same_stories(
    tmp_path: Path, db_url: str
) -> None:
    """Clustering commits a chunk of stories at a time: a real ``kill -9`` after the first
    chunk of 500 committed (``ACCORD_PAUSE_IN=cluster-committed``) leaves a consistent
    database — the committed chunk's articles in stories, the rest counted in the index and
    in no story — and the next plain ``accord ingest`` links the rest, ending with exactly
    the stories of an uninterrupted run."""
    root = tmp_path / "in"
    write_texts(root, 0, 40, n_paragraphs=1)
    finish(accord("ingest", str(root), "--db", db_url, "--no-progress"))
    write_texts(root, 40, 620, n_paragraphs=1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord.cli", "ingest", str(root), "--db", db_url,
         "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**ENV, "ACCORD_PAUSE_IN": "cluster-committed"},
    )
    assert proc.stderr is not None
    assert proc.stderr.readline() == "paused: cluster-committed\n"
    _kill(proc)
    engine = open_engine(db_url)
    assert scalar(engine, "SELECT count(*) FROM articles") == 620
    assert scalar(engine, "SELECT count(*) FROM story_members") == 540
    assert scalar(engine, "SELECT articles FROM story_index") == 620
    # Every story's size is its members; no story without members.
    assert scalar(engine, "SELECT count(*) FROM stories s WHERE s.size <> "
                          "(SELECT count(*) FROM story_members m WHERE m.story_id = s.id)") == 0
    rerun = json.loads(finish(accord("ingest", str(root), "--db", db_url, "--json",
                                     "--no-progress"))[0])
    assert rerun["added"] == 0 and rerun["stories"]["articles"] == 620
    assert_consistent(engine, 620)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT rebuild_reason FROM story_index")).scalar_one() == (
            "first use"
        )  # went on where it stopped, no rebuild
    interrupted = story_rows(engine)
    engine.dispose()

    other = testdb.database("postgresql" if "://" in db_url else "sqlite", tmp_path)
    try:
        reference = open_engine(next(other).replace("accord.db", "reference.db"))
        once = tmp_path / "once"
        write_texts(once, 0, 40, n_paragraphs=1)
        ingest_paths([once], reference)
        write_texts(once, 40, 620, n_paragraphs=1)
        ingest_paths([once], reference)
        assert story_rows(reference) == interrupted
        reference.dispose()
    finally:
        other.close()


def _descendants(pid: int) -> set[int]:
    """Every live process under ``pid`` (children, grandchildren...), read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":  # a zombie has ended; only its exit status is left
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def test_kill_9_of_a_pooled_ingest_leaves_no_worker_running(
    tmp_path: Path, db_url: str
) -> None:
    """The pool's workers (and the fork server they start from) end with an ingest that is
    killed: none is left holding memory and CPU; a re-run then completes."""
    root = tmp_path / "in"
    write_texts(root, 0, 600, n_paragraphs=1)
    engine = open_engine(db_url)
    proc = accord("ingest", str(root), "--db", db_url, "--no-progress", "--workers", "2")
    _wait_for(engine, "SELECT count(*) FROM articles", 50, proc)
    workers = _descendants(proc.pid)
    assert len(workers) >= 2, workers  # the pool is running
    _kill(proc)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not [p for p in workers if _alive(p)]
    finish(accord("ingest", str(root), "--db", db_url, "--json", "--no-progress"))
    assert_consistent(engine, 600)
    engine.dispose()
