"""Shared test fixtures: paths to ../shared (seeds and published fixtures) and databases on
every supported store (see ``testdb``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import testdb

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


@pytest.fixture(params=testdb.BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test, as a ``--db`` value: an SQLite file path, then a
    PostgreSQL URL to a schema of its own (dropped afterwards). Tests taking it run on both."""
    yield from testdb.database(request.param, tmp_path)


@pytest.fixture(scope="module", params=testdb.BACKENDS)
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Like :func:`db_url`, shared by the tests of one module (for costly set-ups)."""
    yield from testdb.database(request.param, tmp_path_factory.mktemp("db"))


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL schema only (skipped, or failed with ``CI=true``, without a server)."""
    yield from testdb.database("postgresql", Path())
