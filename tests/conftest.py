"""Shared test fixtures: paths to ../shared (seeds and published fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
FIXTURES = SHARED / "fixtures"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/corpus/seeds (the five real sample articles)."""
    assert SEEDS.is_dir(), f"expected the sample corpus at {SEEDS}"
    return SEEDS


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """../shared/fixtures (published reference inputs and outputs)."""
    assert FIXTURES.is_dir(), f"expected the fixtures at {FIXTURES}"
    return FIXTURES


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    """A fresh SQLite database file path for one test."""
    return tmp_path / "accord.db"


@pytest.fixture(scope="session")
def dask_executor():  # type: ignore[no-untyped-def]
    """A real Dask LocalCluster (2 worker processes, one thread each), shared by the session."""
    from accord.parallel import DaskExecutor

    with DaskExecutor(None, n_workers=2) as executor:
        yield executor


@pytest.fixture(scope="session")
def workbench_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite corpus of the sample articles plus the hostile XSS articles of
    tests/web/data/xss, ingested and extracted once per test session (report and web tests)."""
    from accord.corpus.ingest import ingest_paths
    from accord.extract.nlp import load_pipeline
    from accord.extract.pipeline import Extractor, extract_articles
    from accord.store.db import open_engine

    path = tmp_path_factory.mktemp("workbench") / "accord.db"
    engine = open_engine(path)
    summary = ingest_paths(
        [ROOT / "examples" / "corpus", ROOT / "tests" / "web" / "data" / "xss"], engine
    )
    assert not summary.errors, summary.errors
    extract_articles(engine, Extractor(load_pipeline()))
    engine.dispose()
    return path
