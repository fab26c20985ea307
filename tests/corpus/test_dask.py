"""Ingest and extraction on a real Dask LocalCluster give exactly the rows of a local run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

import testdb
from accord.corpus import pool
from accord.corpus.cluster import ClusterParams
from accord.corpus.ingest import _events, _Reading, ingest_paths
from accord.corpus.limits import DEFAULT_LIMITS
from accord.corpus.pool import ChunkTask, Lookahead, Slot, prepare, prepare_chunk
from accord.corpus.readers import SourceFile
from accord.extract.pipeline import extract_articles
from accord.parallel import LocalExecutor
from accord.store.db import open_engine
from corpus_maker import write_jsonl, write_texts

# Columns that record when a row was written, not what it says.
WHEN = {"ingested_at", "superseded_at", "computed_at", "processed_at"}
CORPUS = ("articles", "article_repairs", "article_removed_lines", "article_flags",
          "article_fingerprints", "stories", "story_members")
EXTRACTED = ("extraction_state", "mentions", "quotes", "figures", "date_mentions", "events",
             "positions")


def rows(engine: Engine, tables: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    out = {}
    with engine.connect() as conn:
        for table in tables:
            result = conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
            out[table] = [
                {k: v for k, v in row._mapping.items() if k not in WHEN} for row in result
            ]
    return out


def _corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "in"
    write_texts(folder, 0, 40, n_paragraphs=1)
    write_jsonl(folder / "feed.jsonl", 40, 60, n_paragraphs=1)
    for seed in sorted(seeds_dir.glob("*.txt")):  # real articles: repairs, removals, flags
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def test_ingest_and_extract_on_dask_equal_a_local_run(
    tmp_path: Path, seeds_dir: Path, dask_executor: Any
) -> None:
    folder = _corpus(tmp_path, seeds_dir)
    local = open_engine(tmp_path / "local.db")
    on_dask = open_engine(tmp_path / "dask.db")
    a = ingest_paths([folder], local, workers=1)
    b = ingest_paths([folder], on_dask, executor=dask_executor)
    assert a.to_dict() == b.to_dict() and b.added == 65
    assert rows(local, CORPUS) == rows(on_dask, CORPUS)
    assert rows(on_dask, ("article_repairs",))["article_repairs"]  # the seeds were repaired

    ra = extract_articles(local, chunk_size=8)
    rb = extract_articles(on_dask, chunk_size=8, executor=dask_executor)
    assert (ra.processed, ra.counts) == (rb.processed, rb.counts) and rb.processed == 65
    assert rows(local, EXTRACTED) == rows(on_dask, EXTRACTED)
    assert rb.counts["mentions"] > 0
    # Nothing left to do, on Dask as locally.
    assert extract_articles(on_dask, executor=dask_executor).processed == 0


def test_cli_ingest_on_a_local_cluster(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "cli.db"
    out = subprocess.run(
        [sys.executable, "-m", "accord.cli", "ingest", str(seeds_dir), "--db", str(db),
         "--dask", "local:1", "--json", "--no-progress"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["added"] == 5
    both = subprocess.run(
        [sys.executable, "-m", "accord.cli", "ingest", str(seeds_dir), "--db", str(db),
         "--dask", "local:1", "--workers", "2"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert both.returncode == 1
    assert both.stderr.strip().endswith("give --workers or --dask, not both")

    import accord  # the same from Python: Corpus.ingest starts and closes the cluster itself

    with accord.Corpus(tmp_path / "lib.db") as corpus:
        assert corpus.ingest([seeds_dir], dask="local:1").added == 5
        with pytest.raises(accord.InputError) as info:
            corpus.ingest([seeds_dir], dask="local:1", executor=object())
        assert info.value.field == "dask"


class _CountingFuture:
    """A real Dask future that counts how often its result is asked for."""

    def __init__(self, future: Any) -> None:
        self.future = future
        self.calls = 0

    def result(self, timeout: float | None = None) -> Any:
        self.calls += 1
        return self.future.result(timeout)

    def done(self) -> bool:
        return bool(self.future.done())


def test_a_chunk_is_fetched_from_dask_once_for_all_its_articles(
    seeds_dir: Path, dask_executor: Any
) -> None:
    items = [list(SourceFile(str(p), "text").read()) for p in sorted(seeds_dir.glob("*.txt"))]
    articles = [a for group in items for a in group]
    future = _CountingFuture(
        dask_executor.submit(prepare_chunk, articles, ClusterParams(), DEFAULT_LIMITS)
    )
    task = ChunkTask(future)
    slots = []
    for i in range(len(articles)):
        slot = Slot(i, "")
        slot.chunk = task
        slots.append(slot)
    got = [slot.result() for slot in slots]
    assert future.calls == 1
    here = [prepare(a, ClusterParams()) for a in articles]
    assert [g.text for g in got] == [h.text for h in here] and len(got) == 5
    for g, h in zip(got, here, strict=True):
        assert g.fingerprint is not None and h.fingerprint is not None
        assert (g.fingerprint.shingle_minhash == h.fingerprint.shingle_minhash).all()


def test_the_look_ahead_keeps_its_window_of_chunks_in_flight(tmp_path: Path) -> None:
    """Single-article files are three events each (open, article, close): the window counts
    articles, so the writer has ``window`` chunks in flight, not one and a bit."""
    folder = tmp_path / "in"
    write_texts(folder, 0, 200, n_paragraphs=1)
    submitted: list[int] = []

    class Recording(LocalExecutor):
        def submit(self, fn: Any, /, *args: Any) -> Any:
            submitted.append(len(args[0]))
            return super().submit(fn, *args)

    engine = open_engine(tmp_path / "x.db")
    with engine.connect() as conn, Recording(workers=1) as executor:
        ahead = Lookahead(conn, executor, ClusterParams(), chunk=8, window=4)
        events = ahead.run(_events([folder], _Reading(DEFAULT_LIMITS, False)))
        first = next(e for e in events if e[0] == "article")
        assert first[2] is not None
        # Four full chunks were sent before the writer saw its first article.
        assert submitted == [8, 8, 8, 8]
        rest = [e for e in events if e[0] == "article"]
    assert len(rest) == 199 and sum(submitted) == 200


@pytest.mark.parametrize("chunk", [5, pool.CHUNK_ARTICLES])
def test_ingest_on_dask_equals_a_local_run_on_both_stores(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dask_executor: Any, chunk: int
) -> None:
    """More single-article files than one window, on SQLite and PostgreSQL."""
    monkeypatch.setattr(pool, "CHUNK_ARTICLES", chunk)
    folder = tmp_path / "in"
    write_texts(folder, 0, 150, n_paragraphs=1)
    write_jsonl(folder / "feed.jsonl", 150, 190, n_paragraphs=1)
    # The local run's database is of the same store (rows compare with their stored types).
    (tmp_path / "local").mkdir()
    other = testdb.database("postgresql" if "://" in db_url else "sqlite", tmp_path / "local")
    try:
        local = open_engine(next(other))
        on_dask = open_engine(db_url)
        a = ingest_paths([folder], local, workers=1)
        b = ingest_paths([folder], on_dask, executor=dask_executor)
        assert a.to_dict() == b.to_dict() and b.added == 190
        assert rows(local, CORPUS) == rows(on_dask, CORPUS)
        local.dispose()
        on_dask.dispose()
    finally:
        other.close()
