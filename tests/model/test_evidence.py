"""Evidence links verified against the real corpus pipeline's cleaned texts (seeds ingested
into a real SQLite database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.corpus.ingest import ingest_paths
from accord.model.evidence import ArticleText, find_quote
from accord.model.validate import validate_file
from accord.store.corpus_queries import current_articles
from accord.store.db import open_engine

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ukraine-2025" / "model.yaml"
SEED = "002_048b79d3524bd487.txt"


@pytest.fixture(scope="module")
def corpus_db(module_db_url: str) -> str:
    db = module_db_url
    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    summary = ingest_paths([seeds], open_engine(str(db)), cluster=False)
    assert summary.added == 5
    return db


@pytest.fixture(scope="module")
def articles(corpus_db: str) -> list[ArticleText]:
    return accord.Corpus(corpus_db, create=False).texts()


def test_example_evidence_all_verified(articles: list[ArticleText]) -> None:
    report = validate_file(EXAMPLE, articles)
    assert report.ok and report.warnings == []
    assert report.evidence and all(c.status == "ok" for c in report.evidence)
    assert all(c.span is not None for c in report.evidence)


def _write(tmp_path: Path, evidence: str) -> Path:
    f = tmp_path / "m.yaml"
    f.write_text(
        "name: m\nactors: [{id: ukraine, capability: 1}]\nissues: [{id: ceasefire, question: q}]\n"
        "positions:\n- actor: ukraine\n  issue: ceasefire\n  position: 0\n  salience: 90\n"
        f"  evidence:\n{evidence}",
        "utf-8",
    )
    return f


def test_hash_and_span_links(corpus_db: str, articles: list[ArticleText], tmp_path: Path) -> None:
    with Session(open_engine(str(corpus_db))) as s:
        art = next(a for a in current_articles(s) if a.source_path.endswith(SEED))
        text, digest = art.text, art.content_hash
    quote = "Though Ukraine says it’s prepared for an entire ceasefire"
    where = find_quote(text, quote)
    assert where is not None
    a, b = where
    good = f'  - {{content_hash: {digest}, start: {a}, end: {b}, quote: "{quote}"}}\n'
    bad_span = f'  - {{article: {SEED}, start: {a + 1}, end: {b}, quote: "{quote}"}}\n'
    missing = f'  - {{article: {SEED}, quote: "Ukraine rejects any ceasefire"}}\n'
    unknown = '  - {article: 999_nothing.txt, quote: "anything"}\n'
    report = validate_file(_write(tmp_path, good + bad_span + missing + unknown), articles)
    status = [c.status for c in report.evidence]
    assert status == ["ok", "span-mismatch", "not-found", "unknown-article"]
    errors = {e.field: e for e in report.errors}
    mismatch = errors["positions[0].evidence[1]"]
    assert mismatch.line == 11 and f"the quote is at {a}–{b}" in mismatch.message
    assert errors["positions[0].evidence[2]"].line == 12
    assert [w.field for w in report.warnings] == ["positions[0].evidence[3]"]


def test_cli_validate_with_db(corpus_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["validate", str(EXAMPLE), "--db", str(corpus_db)])
    assert res.exit_code == 0, res.output
    assert "evidence: 57 of 57 items verified against 5 articles" in res.output
    report = accord.validate(EXAMPLE, db=corpus_db)  # what the line above reads
    assert (report.verified, len(report.evidence), report.article_count) == (57, 57, 5)
    assert accord.validate(EXAMPLE).article_count is None
    res = runner.invoke(app, ["validate", str(EXAMPLE), "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "no such database" in res.output
    assert not (tmp_path / "none.db").exists()


def test_find_quote_tolerates_whitespace_only() -> None:
    assert find_quote("one  two\nthree", "two three") == (5, 14)
    assert find_quote("one two three", "two  three") == (4, 13)
    assert find_quote("one two three", "two four") is None
