"""Who speaks for whom is stored: ``quotes.on_behalf_of`` and ``positions.speaker`` (migration
0009_quote_behalf) on a real SQLite file and a real PostgreSQL schema, listed by the Python
API and ``accord quotes`` / ``accord positions`` (JSON, CSV, table), and the migration goes
down and up again without losing rows. Sentences written for these tests."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from alembic import command
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.corpus.ingest import ingest_paths
from accord.extract.nlp import load_pipeline
from accord.extract.pipeline import Extractor, extract_articles
from accord.store.db import alembic_config, open_engine
from accord.store.extract_tables import PositionRow, QuoteRow

runner = CliRunner()

ARTICLE = (
    "“We reject this plan,” Kremlin spokesman Dmitry Peskov said on Tuesday.\n\n"
    "Kremlin aide Yuri Ushakov rejected a ceasefire.\n\n"
    "“We are ready to talk,” Zelensky said.\n"
)


def _extracted(db_url: str, tmp_path: Path) -> str:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "peskov.txt").write_text(ARTICLE, encoding="utf-8")
    engine = open_engine(db_url)
    assert ingest_paths([folder], engine, cluster=False).ok
    extract_articles(engine, Extractor(load_pipeline()))
    engine.dispose()
    return db_url


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_on_behalf_of_and_speaker_are_stored_and_listed(db_url: str, tmp_path: Path) -> None:
    db = _extracted(db_url, tmp_path)
    quotes = accord.Corpus(db).quotes()
    assert [(q["actor_id"], q["on_behalf_of"]) for q in quotes] == [
        ("peskov", "russia"), ("zelensky", None)]
    # An actor's quotes include those its spokespeople speak for it.
    assert [q["actor_id"] for q in accord.Corpus(db).quotes(actor="russia")] == ["peskov"]
    (position,) = accord.Corpus(db).positions(issue="ceasefire")
    assert (position["actor_id"], position["speaker"], position["direction"]) == (
        "russia", "ushakov", "refuses")

    as_json = json.loads(_run("quotes", "--db", db, "--json"))
    assert [(q["speaker"], q["on_behalf_of"]) for q in as_json] == [
        ("Dmitry Peskov", "russia"), ("Zelensky", None)]
    rows = list(csv.DictReader(io.StringIO(_run("quotes", "--db", db, "--csv"))))
    assert [r["on_behalf_of"] for r in rows] == ["russia", ""]
    assert "on_behalf_of" in _run("quotes", "--db", db)
    rows = list(csv.DictReader(io.StringIO(_run("positions", "--db", db, "--csv"))))
    assert {(r["actor_id"], r["speaker"]) for r in rows} >= {("russia", "ushakov")}


def test_migration_0009_down_and_up_keeps_the_rows(db_url: str, tmp_path: Path) -> None:
    db = _extracted(db_url, tmp_path)
    engine = open_engine(db)
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()

    def columns(table: str) -> set[str]:
        eng = open_engine(db, migrate=False)
        try:
            return {c["name"] for c in inspect(eng).get_columns(table)}
        finally:
            eng.dispose()

    def counts() -> tuple[int, int]:
        eng = open_engine(db, migrate=False)
        try:
            with Session(eng) as s:
                return (int(s.scalar(select(func.count()).select_from(QuoteRow.__table__)) or 0),
                        int(s.scalar(select(func.count()).select_from(PositionRow.__table__))
                            or 0))
        finally:
            eng.dispose()

    before = counts()
    assert before[0] == 2 and before[1] >= 1
    command.downgrade(alembic_config(url), "0008_story_index")
    assert "on_behalf_of" not in columns("quotes") and "speaker" not in columns("positions")
    assert counts() == before
    command.upgrade(alembic_config(url), "head")
    assert "on_behalf_of" in columns("quotes") and "speaker" in columns("positions")
    assert counts() == before
    # The downgrade dropped the values: the column comes back empty.
    assert [q["on_behalf_of"] for q in accord.Corpus(db).quotes()] == [None, None]
