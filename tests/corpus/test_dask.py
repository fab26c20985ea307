"""Ingest and extraction on a real Dask LocalCluster give exactly the rows of a local run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from accord.corpus.ingest import ingest_paths
from accord.extract.pipeline import extract_articles
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
