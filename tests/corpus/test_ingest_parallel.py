"""Parallel ingest (``workers=2``) writes exactly what a serial ingest writes.

Real process pool, real SQLite files, the real processing library, the seed articles and the
bad inputs of ``test_ingest``: same rows in every corpus table (timestamps aside), same errors,
same summary — for a first ingest, a re-ingest, and an ingest after files changed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, Engine, select

from accord.corpus import pool
from accord.corpus.ingest import AUTO_MIN_FILES, auto_workers, ingest_paths
from accord.store.db import open_engine

from .test_ingest import SEED_NAMES, TABLES, _bad_inputs


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every corpus table, in primary-key order, without wall-clock columns
    (only whether ``superseded_at`` is set: which version is current)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in TABLES:
            t = table.__table__
            columns = [c for c in t.columns if not isinstance(c.type, DateTime)]
            rows = conn.execute(select(*columns).order_by(*t.primary_key.columns)).all()
            out[t.name] = [
                tuple(json.dumps(v, sort_keys=True, default=repr) for v in r) for r in rows
            ]
            if "superseded_at" in t.columns:
                flags = conn.execute(
                    select(t.c.superseded_at.is_(None)).order_by(*t.primary_key.columns)
                ).scalars().all()
                out[t.name + ".superseded"] = [(f,) for f in flags]
    return out


def build_inputs(root: Path, seeds_dir: Path) -> list[Path]:
    """Seeds, byte-identical copies, many small variants, and every kind of bad input."""
    root.mkdir()
    _bad_inputs(root / "mixed", seeds_dir)
    seeds = root / "seeds"
    seeds.mkdir()
    for name in SEED_NAMES:
        shutil.copy(seeds_dir / name, seeds / name)
    shutil.copy(seeds_dir / SEED_NAMES[0], seeds / "zz_copy_of_000.txt")  # an alias in-run
    variants = root / "variants"
    variants.mkdir()
    texts = [(seeds_dir / n).read_text(encoding="utf-8") for n in SEED_NAMES]
    lines = []
    for i in range(30):
        body = f"Variant {i}\n\n" + texts[i % 5][: 600 + 97 * i]
        (variants / f"v{i:02d}.txt").write_text(body, encoding="utf-8")
        lines.append(json.dumps({"id": f"j{i}", "text": body[::-1] if i % 7 == 0 else body}))
    lines.insert(5, "{not json")
    (variants / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [root / "mixed", seeds, variants, root / "missing.txt"]


def run(paths: list[Path], engine: Engine, workers: int) -> tuple[dict[str, Any], list[str]]:
    summary = ingest_paths(paths, engine, max_bytes=10_400 * 40, workers=workers)
    return summary.to_dict(), [str(e) for e in summary.errors]


@pytest.mark.parametrize("chunk", [3, pool.CHUNK_ARTICLES])
def test_two_workers_write_exactly_what_one_writes(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # Small chunks make the look-ahead window end inside files and cross file boundaries.
    monkeypatch.setattr(pool, "CHUNK_ARTICLES", chunk)
    serial = open_engine(tmp_path / "serial.db")
    parallel = open_engine(tmp_path / "parallel.db")
    paths = build_inputs(tmp_path / "in", seeds_dir)

    first = run(paths, serial, 1)
    assert run(paths, parallel, 2) == first
    assert first[1] and first[0]["added"] > 30  # errors were raised and articles landed
    assert dump(parallel) == dump(serial)

    # Re-ingest: nothing changes, in either mode.
    again = run(paths, serial, 1)
    assert run(paths, parallel, 2) == again
    assert again[0]["added"] == 0 and again[0]["new_versions"] == 0

    # Changed files: new versions; a changed copy stops being an alias.
    (tmp_path / "in" / "seeds" / SEED_NAMES[2]).write_text("Rewritten\n\n" + "Talks. " * 80)
    (tmp_path / "in" / "seeds" / "zz_copy_of_000.txt").write_text("Now different. " * 40)
    third = run(paths, serial, 1)
    assert run(paths, parallel, 2) == third
    assert third[0]["new_versions"] == 1
    assert dump(parallel) == dump(serial)


def test_auto_workers_uses_the_pool_only_for_large_inputs(
    seeds_dir: Path, tmp_path: Path
) -> None:
    assert auto_workers([seeds_dir]) == 1  # five files: a pool would cost more than it saves
    many = tmp_path / "many"
    many.mkdir()
    for i in range(AUTO_MIN_FILES):
        (many / f"{i}.txt").write_text("Talks resumed. " * 10)
    assert auto_workers([many]) == (os.cpu_count() or 1)


def test_workers_must_be_positive(tmp_path: Path, seeds_dir: Path) -> None:
    with pytest.raises(ValueError, match="workers must be at least 1"):
        ingest_paths([seeds_dir], open_engine(tmp_path / "x.db"), workers=0)


# Counts os.fork() of this process while a test asks for it (a fork server or spawn starts its
# processes by fork + exec, without it).
_FORKS: list[int] = []
_COUNT_FORKS: list[bool] = []
os.register_at_fork(before=lambda: _FORKS.append(1) if _COUNT_FORKS else None)


def test_the_pool_never_forks_this_process(seeds_dir: Path, tmp_path: Path) -> None:
    """A pooled ingest starts its workers from a fork server: forking the caller, which may
    run other threads (a progress bar, a database driver, a Dask client), could leave a worker
    blocked on a lock one of them held."""
    paths = build_inputs(tmp_path / "in", seeds_dir)
    _COUNT_FORKS.append(True)
    try:
        summary, _ = run(paths, open_engine(tmp_path / "p.db"), 2)
    finally:
        _COUNT_FORKS.clear()
    assert _FORKS == []
    assert summary["added"] > 30
