"""End to end: ingest the five seeds into a real SQLite file (the real ``ingest_paths``), run
``accord extract``, query every listing through the CLI, run again → nothing re-processed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.corpus.ingest import ingest_paths
from accord.store.db import open_engine

runner = CliRunner()


@pytest.fixture(scope="module")
def db(module_db_url: str, seeds_dir: Path) -> str:
    path = module_db_url
    summary = ingest_paths([seeds_dir], open_engine(path))
    assert summary.ok, summary.errors
    result = runner.invoke(app, ["extract", "--db", str(path), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("extracted 5 of 5 current article(s) (0 unchanged)")
    return str(path)


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_second_run_processes_nothing(db: str) -> None:
    out = json.loads(run("extract", "--db", db, "--no-progress", "--json"))
    assert (out["current"], out["processed"], out["unchanged"]) == (5, 0, 5)


def test_figures_json(db: str) -> None:
    rows = json.loads(run("figures", "--db", db, "--json"))
    by_text = {r["text"]: r for r in rows}
    assert by_text["$216 billion"]["value"] == pytest.approx(216e9)
    assert by_text["€193 bn"]["unit"] == "EUR"
    assert by_text["1.5 million people"]["kind"] == "count"
    assert {r["article_id"] for r in rows} >= {1, 4, 5}
    money = json.loads(run("figures", "--db", db, "--kind", "money", "--json"))
    assert money and all(r["kind"] == "money" for r in money)


def test_events_filters_and_csv(db: str) -> None:
    rows = json.loads(run("events", "--db", db, "--type", "consult", "--actor", "Trump", "--json"))
    assert rows and all(r["plover"] == "CONSULT" and "trump" in r["participants"] for r in rows)
    call = next(r for r in rows if r["trigger"] == "call")
    assert call["date"] == "2025-02-12" and "putin" in call["participants"]
    table = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--csv"))))
    assert set(table[0]) == {"article_id", "plover", "trigger", "participants", "place", "date",
                             "date_precision", "date_text"}


def test_quotes_by_actor(db: str) -> None:
    rows = json.loads(run("quotes", "--db", db, "--actor", "Steve Witkoff", "--json"))
    assert rows and all(r["actor_id"] == "witkoff" for r in rows)
    assert any("interlocutor" in r["text"] for r in rows)


def test_positions_listing(db: str) -> None:
    rows = json.loads(run("positions", "--db", db, "--json"))
    assert rows and all(r["direction"] in {"wants", "offers", "refuses"} for r in rows)


def test_digest(db: str) -> None:
    out = run("digest", "--db", db)
    assert out.startswith("Digest of 5 article(s)")
    for section in ("Top actors", "Quotes:", "Figures:", "Events:"):
        assert section in out
    assert "Vladimir Putin" in out and "216 billion USD" in out
    data = json.loads(run("digest", "--db", db, "--json"))
    assert data["summary"]["articles"] == 5 and data["events"]


def test_tables_render(db: str) -> None:
    assert "Figures" in run("figures", "--db", db)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["figures", "--kind", "weight"], "--kind: unknown kind 'weight'"),
        (["events", "--type", "GREET"], "--type: unknown PLOVER type 'GREET'"),
        (["events", "--actor", "Nobody Atall"], "--actor: no actor 'Nobody Atall'"),
    ],
)
def test_bad_options_fail_with_one_line(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_bad_registry_names_the_file(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text("actors: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--db", db, "--registry", str(bad), "--no-progress"])
    assert result.exit_code == 1
    assert str(bad) in result.output and len(result.output.strip().splitlines()) == 1


def test_empty_database_digest(tmp_path: Path) -> None:
    out = run("digest", "--db", str(tmp_path / "empty.db"))
    assert out.strip() == "No extracted items yet: run `accord extract`."
