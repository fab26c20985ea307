"""The story index in the database gives the same stories as the in-memory LSH clustering.

The corpus is real: the five seed articles, reposts and machine-spun copies of each (at two
spin rates, and reposts of spun copies), plus articles mixed from seed paragraphs
(``corpus_maker``), which share paragraphs and cluster now and then. The reference is
:func:`cluster_fingerprints` (datasketch's LSH parameters, every fingerprint in memory) over the
fingerprints stored by the ingest; the database path never loads the corpus. Both stores.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from tests.corpus.test_cluster import repost, spin

from accord.corpus import story_index
from accord.corpus.cluster import ClusterParams, cluster_fingerprints
from accord.corpus.ingest import ingest_paths
from accord.corpus.story_index import (
    bucket_keys,
    index_state,
    load_fingerprints,
    update_stories,
)
from accord.store.corpus_tables import (
    Article,
    Story,
    StoryBand,
    StoryIndexState,
    StoryMember,
    StoryTerm,
)
from accord.store.db import alembic_config, open_engine
from corpus_maker import write_texts


def _variants(seeds_dir: Path, folder: Path) -> None:
    """Seeds, and per seed: two reposts, copies spun at 50 % and 35 %, a repost of a spun copy."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        stem = path.stem[:3]
        (folder / path.name).write_text(text, encoding="utf-8")
        (folder / f"{stem}_repost_a.txt").write_text(repost(text, seed=1), encoding="utf-8")
        (folder / f"{stem}_repost_b.txt").write_text(repost(text, seed=2), encoding="utf-8")
        spun = spin(text, rate=0.5, seed=3)
        (folder / f"{stem}_spun_a.txt").write_text(spun, encoding="utf-8")
        (folder / f"{stem}_spun_b.txt").write_text(spin(text, rate=0.35, seed=4), encoding="utf-8")
        (folder / f"{stem}_spun_repost.txt").write_text(repost(spun, seed=5), encoding="utf-8")


def _corpus(tmp_path: Path, seeds_dir: Path) -> list[Path]:
    """Three folders, to ingest at once or one after another."""
    first, second, third = (tmp_path / name for name in ("a", "b", "c"))
    _variants(seeds_dir, first)
    write_texts(second, 0, 120, seed=3, n_paragraphs=2)
    write_texts(third, 120, 200, seed=3, n_paragraphs=1)
    for i, path in enumerate(sorted(first.glob("*.txt"))[:10]):  # late reposts of early articles
        shutil.copy(path, third / f"late_{i}.txt")
        (third / f"late_{i}.txt").write_text(
            repost(path.read_text(encoding="utf-8"), seed=10 + i), encoding="utf-8"
        )
    return [first, second, third]


def _stored(engine: Engine) -> dict[int, frozenset[int]]:
    with Session(engine) as session:
        rows = session.execute(select(StoryMember.story_id, StoryMember.article_id)).all()
    stories: dict[int, set[int]] = {}
    for story, article in rows:
        stories.setdefault(story, set()).add(article)
    return {sid: frozenset(members) for sid, members in stories.items()}


def _in_memory(engine: Engine, params: ClusterParams) -> dict[int, frozenset[int]]:
    with Session(engine) as session:
        ids = list(
            session.scalars(
                select(Article.id).where(Article.is_current.is_(True)).order_by(Article.id)
            )
        )
        fps = load_fingerprints(session, ids)
    result = cluster_fingerprints(ids, [fps[i] for i in ids], params)
    return {sid: frozenset(members) for sid, members in result.stories.items()}


def _check_sizes(engine: Engine) -> None:
    with Session(engine) as session:
        sizes = dict(session.execute(select(Story.id, Story.size)).all())
        counted = dict(
            session.execute(
                select(StoryMember.story_id, func.count()).group_by(StoryMember.story_id)
            ).all()
        )
    assert sizes == counted


@pytest.mark.parametrize("bucket_cap", [4, 1])
def test_one_batch_gives_the_in_memory_stories(
    db_url: str, tmp_path: Path, seeds_dir: Path, bucket_cap: int
) -> None:
    params = ClusterParams(bucket_cap=bucket_cap)
    engine = open_engine(db_url)
    summary = ingest_paths(_corpus(tmp_path, seeds_dir), engine, cluster_params=params)
    assert summary.ok and summary.added > 200
    stored, reference = _stored(engine), _in_memory(engine, params)
    assert stored == reference
    # Not a trivial partition: reposts and spun copies joined their seeds.
    assert sum(len(m) > 1 for m in stored.values()) >= 5
    assert summary.clusters is not None and summary.clusters.n_spin_links >= 5
    assert summary.clusters.n_multi == sum(len(m) > 1 for m in reference.values())
    assert summary.clusters.n_stories == len(reference)
    _check_sizes(engine)
    with Session(engine) as session:  # at most bucket_cap articles stored per bucket
        fullest = session.scalar(
            select(func.count())
            .select_from(StoryBand)
            .group_by(StoryBand.bucket)
            .order_by(func.count().desc())
            .limit(1)
        )
    assert fullest is not None and fullest <= bucket_cap


def test_signatures_loaded_in_slices_give_the_same_stories(
    db_url: str, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks, so that chunks meet many older candidates, loaded a few at a time.
    monkeypatch.setattr(story_index, "CHUNK", 40)
    monkeypatch.setattr(story_index, "SIGNATURE_SLICE", 3)
    monkeypatch.setattr(story_index, "SPIN_SLICE", 5)
    params = ClusterParams()
    engine = open_engine(db_url)
    summary = ingest_paths(_corpus(tmp_path, seeds_dir), engine, cluster_params=params)
    assert summary.ok and summary.clusters is not None
    assert _stored(engine) == _in_memory(engine, params)
    assert summary.clusters.n_spin_links >= 5
    _check_sizes(engine)


def test_batches_cluster_against_the_whole_corpus(
    db_url: str, tmp_path: Path, seeds_dir: Path
) -> None:
    """Three ingests: each batch is clustered against the index of the earlier ones (late
    reposts join stories from the first batch) without a rebuild, and the stories equal the
    in-memory clustering of everything."""
    params = ClusterParams()
    engine = open_engine(db_url)
    folders = _corpus(tmp_path, seeds_dir)
    for folder in folders:
        ingest_paths([folder], engine, cluster_params=params)
    state = index_state(engine)
    assert state is not None and state["rebuild_reason"] == "first use"
    assert state["articles"] == sum(len(list(f.glob("*.txt"))) for f in folders)
    stored = _stored(engine)
    assert stored == _in_memory(engine, params)
    late = {Path(p).name: s for p, s in _files(engine).items() if "late_" in p}
    assert len(late) == 10 and all(len(stored[s]) > 1 for s in late.values())
    _check_sizes(engine)


def _files(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        rows = session.execute(
            select(Article.source_path, StoryMember.story_id).join(
                StoryMember, StoryMember.article_id == Article.id
            )
        )
        return dict(rows.all())


def _index(engine: Engine) -> dict[str, object]:
    """Everything the index stores that a rebuild must reproduce: stories (id, size, title),
    memberships, bucket rows and term counts, and the article count."""
    with Session(engine) as session:
        state = session.get(StoryIndexState, 1)
        assert state is not None
        return {
            "stories": sorted(session.execute(select(Story.id, Story.size, Story.title)).all()),
            "members": sorted(
                session.execute(select(StoryMember.article_id, StoryMember.story_id)).all()
            ),
            "bands": sorted(session.execute(select(StoryBand.bucket, StoryBand.article_id)).all()),
            "terms": sorted(session.execute(select(StoryTerm.kind, StoryTerm.term, StoryTerm.df))),
            "articles": state.articles,
        }


def _new_version(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_superseded_articles_update_the_index_in_place_as_a_rebuild_would(
    db_url: str, tmp_path: Path, seeds_dir: Path
) -> None:
    """New versions of a repost of a spun copy (in a story of six), of the first article of a
    story of two and of one of a story of forty-odd mixed articles — none in a full bucket:
    their old versions leave the index, their stories are clustered again, and the index
    equals a full rebuild's, without a rebuild."""
    engine = open_engine(db_url)
    folders = _corpus(tmp_path, seeds_dir)
    ingest_paths(folders[:2], engine)
    before = index_state(engine)
    assert before is not None
    changed = [folders[0] / "003_spun_repost.txt", folders[1] / "000001.txt",
               folders[1] / "000021.txt"]
    stories = _stored(engine)
    files = _files(engine)
    assert [len(stories[files[str(p)]]) for p in changed] == [6, 2, 44]
    assert files[str(changed[1])] == min(stories[files[str(changed[1])]])  # the story's id
    for path in changed:
        _new_version(path, "Updated at 18:00.")
    summary = ingest_paths(folders, engine)
    assert summary.new_versions == 3
    state = index_state(engine)
    assert state is not None and state["rebuild_reason"] == "first use"
    assert state["rebuilt_at"] == before["rebuilt_at"]  # no rebuild
    assert _stored(engine) == _in_memory(engine, ClusterParams())
    _check_sizes(engine)
    in_place = _index(engine)
    update_stories(engine, rebuild=True)
    assert _index(engine) == in_place


def test_a_superseded_article_in_a_full_bucket_rebuilds_the_index(
    db_url: str, tmp_path: Path, seeds_dir: Path
) -> None:
    """A seed shares full buckets (``bucket_cap`` articles) with its reposts and spun copies:
    an article beyond the cap, never stored, would move up, which only a rebuild finds."""
    engine = open_engine(db_url)
    folders = _corpus(tmp_path, seeds_dir)
    ingest_paths(folders[:2], engine)
    _new_version(sorted(folders[0].glob("0*.txt"))[0], "Updated at 18:00.")
    ingest_paths(folders, engine)
    state = index_state(engine)
    assert state is not None and state["rebuild_reason"] == "articles superseded"
    assert _stored(engine) == _in_memory(engine, ClusterParams())
    _check_sizes(engine)


def test_new_parameters_rebuild_the_index(db_url: str, tmp_path: Path, seeds_dir: Path) -> None:
    engine = open_engine(db_url)
    folders = _corpus(tmp_path, seeds_dir)
    ingest_paths(folders[:2], engine)
    strict = ClusterParams(spin_threshold=0.6)
    update_stories(engine, strict)
    state = index_state(engine)
    assert state is not None and state["rebuild_reason"] == "parameters changed"
    assert _stored(engine) == _in_memory(engine, strict)
    _check_sizes(engine)


def test_existing_database_is_backfilled_on_first_use(
    db_url: str, tmp_path: Path, seeds_dir: Path
) -> None:
    """A database with stories from before the index (migrated down to 0007 and up again):
    the next ingest fills the index from the stored fingerprints and records it."""
    engine = open_engine(db_url)
    folders = _corpus(tmp_path, seeds_dir)
    ingest_paths(folders[:2], engine)
    before = _stored(engine)
    engine.dispose()
    url = str(engine.url.render_as_string(hide_password=False))
    command.downgrade(alembic_config(url), "0007_event_participants")
    command.upgrade(alembic_config(url), "head")
    engine = open_engine(db_url)
    assert index_state(engine) is None and _stored(engine) == before
    ingest_paths(folders[2:], engine)
    state = index_state(engine)
    assert state is not None and state["rebuild_reason"] == "first use"
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(StoryBand))
    assert _stored(engine) == _in_memory(engine, ClusterParams())


def test_bucket_keys_separate_stages_and_bands() -> None:
    rng = np.random.default_rng(0)
    sig = rng.integers(0, 2**32, size=(50, 128), dtype=np.uint64).astype(np.uint32)
    keys = np.concatenate([bucket_keys(sig, 25, 5, 0), bucket_keys(sig, 25, 5, 1)], axis=1)
    assert (keys >= 0).all()
    assert len(np.unique(keys)) == keys.size  # no bucket shared across stage or band
    assert (bucket_keys(sig[:1], 25, 5, 0) == bucket_keys(sig, 25, 5, 0)[:1]).all()
