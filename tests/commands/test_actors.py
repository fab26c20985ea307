"""`accord actors` commands against real files and a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from accord.cli import app
from accord.corpus.ingest import ingest_paths
from accord.extract.registry import ActorRegistry
from accord.store.corpus_tables import Article
from accord.store.db import open_engine
from accord.store.extract_tables import MentionRow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "actors.yaml"
runner = CliRunner()


@pytest.fixture()
def registry_file(tmp_path: Path) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def mention(article: Article, name: str, actor: str | None = None, label: str = "PERSON",
            method: str | None = None, nth: int = 1) -> MentionRow:
    start = -1
    for _ in range(nth):
        start = article.text.index(name, start + 1)
    return MentionRow(article_id=article.id, start=start, end=start + len(name), text=name,
                      label=label, actor_id=actor, method=method, score=None)


@pytest.fixture()
def db_with_mentions(db_url: str, tmp_path: Path) -> str:
    """Two articles ingested the real way, with mention rows as the extractor writes them."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(
        "Bond markets moved this week as investors weighed a settlement.\n\n"
        "Alex Krainer said bonds fell sharply on Monday. Putin met Alex Krainer later.\n",
        encoding="utf-8",
    )
    (texts / "b.txt").write_text(
        "A second report on the same talks came out on Tuesday morning.\n\n"
        "Krainer’s view, per Rick Sanchez, was shared by Tucker Carlson on air.\n",
        encoding="utf-8",
    )
    engine = open_engine(db_url)
    summary = ingest_paths([texts], engine, cluster=False)
    assert summary.ok, summary.errors
    with Session(engine) as session:
        a, b = sorted(session.scalars(select(Article)), key=lambda x: x.source_path)
        session.add_all([
            mention(a, "Alex Krainer"),
            mention(a, "Putin", "putin", method="alias"),
            mention(a, "Alex Krainer", nth=2),
            mention(b, "Krainer’s"),
            mention(b, "Rick Sanchez"),
            mention(b, "Tucker Carlson", method="ignored"),
            mention(b, "view", label="ORG"),
        ])
        session.commit()
    engine.dispose()
    return db_url


def test_actors_lists_the_registry_as_json(registry_file: Path) -> None:
    result = runner.invoke(app, ["actors", "--registry", str(registry_file), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_id = {r["id"]: r for r in rows}
    assert by_id["peskov"]["speaks_for"] == "putin"
    assert "russian_negotiators" in by_id["dmitriev"]["teams"]
    assert "head of rdif" in by_id["dmitriev"]["roles"]


def test_actors_csv_has_a_header_and_one_row_per_actor(registry_file: Path) -> None:
    result = runner.invoke(app, ["actors", "--registry", str(registry_file), "--csv"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "id,name,kind,aliases,roles,teams,speaks_for"
    assert len(lines) == 1 + len(ActorRegistry.load(registry_file))


def test_candidates_groups_unresolved_people(db_with_mentions: str, registry_file: Path) -> None:
    result = runner.invoke(app, ["actors", "candidates", "--db", str(db_with_mentions),
                                 "--registry", str(registry_file), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    names = [(r["name"], r["count"], r["articles"]) for r in rows]
    # One candidate per person: the bare surname ("Krainer’s", possessive folded) counts
    # toward the full name; resolved, ignored and ORG rows left out.
    assert names[0] == ("Alex Krainer", 3, 2)
    assert "Krainer" in rows[0]["forms"] and "Alex Krainer" in rows[0]["forms"]
    assert ("Rick Sanchez", 1, 1) in names
    assert not any(r["name"].startswith("Krainer") for r in rows)
    assert all(r["name"] not in ("Putin", "Tucker Carlson", "view") for r in rows)
    assert "said bonds fell" in rows[0]["example"]


def test_merge_accept_ignore_edit_the_registry(
    db_with_mentions: str, registry_file: Path
) -> None:
    reg = ["--registry", str(registry_file)]
    assert runner.invoke(app, ["actors", "accept", "Alex Krainer", *reg]).exit_code == 0
    # "Krainer’s" folds to "krainer", which accepting Alex Krainer already added as an alias.
    merged = runner.invoke(app, ["actors", "merge", "Krainer’s", "--into", "alex_krainer", *reg])
    assert merged.exit_code == 0 and "unchanged" in merged.stdout
    assert runner.invoke(app, ["actors", "merge", "A. Krainer", "--into", "alex_krainer",
                               *reg]).exit_code == 0
    assert runner.invoke(app, ["actors", "ignore", "Rick Sanchez", *reg]).exit_code == 0
    edited = ActorRegistry.load(registry_file)
    assert edited.get("alex_krainer").aliases == ["Alex Krainer", "Krainer", "A. Krainer"]
    assert edited.is_ignored("Rick Sanchez")
    # The registry now resolves or ignores every candidate.
    result = runner.invoke(app, ["actors", "candidates", "--db", str(db_with_mentions), *reg,
                                 "--json"])
    assert json.loads(result.stdout) == []


def test_merge_into_an_unknown_actor_fails_without_writing(registry_file: Path) -> None:
    before = registry_file.read_bytes()
    result = runner.invoke(app, ["actors", "merge", "Witkofff", "--into", "nobody",
                                 "--registry", str(registry_file)])
    assert result.exit_code == 1
    assert "--into: unknown actor id 'nobody'" in result.output
    assert str(registry_file) in result.output
    assert registry_file.read_bytes() == before


def test_a_broken_registry_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text("actors:\n- id: x\n  name: X\n  kind: planet\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", "--registry", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: x.kind: kind must be one of" in " ".join(result.output.split())


def test_edits_never_touch_the_packaged_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.extract.registry_location import PACKAGED

    before = PACKAGED.read_bytes()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORD_REGISTRY", raising=False)
    result = runner.invoke(app, ["actors", "ignore", "Rick Sanchez"])
    assert result.exit_code == 0, result.output
    assert PACKAGED.read_bytes() == before
    assert ActorRegistry.load(tmp_path / "actors.yaml").is_ignored("Rick Sanchez")
