"""The pages a user walks, in Chromium: an article with its repairs, accepting a candidate
actor, a what-if that changes the forecast, and the report's summary. Screenshots go to
tests/artifacts (the README's are copied from there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import screenshot

from accord.store.corpus_tables import Article
from accord.store.db import open_engine


def _article_id(db: Path, name: str) -> int:
    engine = open_engine(db)
    with Session(engine) as s:
        aid = s.scalar(select(Article.id).where(Article.source_path.like(f"%{name}")))
    engine.dispose()
    assert aid is not None
    return int(aid)


def test_article_shows_repairs_and_removed_lines(
    live_server: Any, guarded: Any, workbench_db: Path
) -> None:
    aid = _article_id(workbench_db, "004_06e5d23dc5b2d877.txt")  # GBK mojibake, spam header
    page = guarded.visit(f"{live_server.url}/articles/{aid}")
    repairs = page.locator("#text span.repair")
    assert repairs.count() > 50
    first = repairs.first
    assert first.inner_text() == "’s"
    assert "鈥檚" in (first.get_attribute("title") or "")
    assert page.locator("#text span.repair.guess").count() >= 1  # a lost byte inferred
    removed = page.locator("#text details.removed")
    assert removed.count() == 7
    assert not removed.first.evaluate("d => d.open")
    page.click("#toggle-removed")  # the vendored script opens them all
    assert removed.first.evaluate("d => d.open")
    assert "乐鱼 体育" in removed.first.inner_text()
    screenshot(page, "article")
    assert guarded.hits() == []


def test_accept_candidate_resolves_it(
    live_server: Any, guarded: Any, registry_file: Path
) -> None:
    page = guarded.visit(f"{live_server.url}/candidates")
    rows = page.locator("#candidates tr[data-name]")
    assert rows.count() > 0
    screenshot(page, "candidates")
    row = rows.first
    name = row.get_attribute("data-name")
    assert name
    row.locator("select[name=affiliation]").select_option("russia")
    row.locator("input[name=role]").fill("adviser")
    row.locator("button.accept").click()
    page.wait_for_load_state("load")
    assert "added actor" in page.locator("#done").inner_text()
    names = [r.get_attribute("data-name") for r in page.locator("#candidates tr[data-name]").all()]
    assert name not in names  # the registry now resolves it
    data = yaml.safe_load(registry_file.read_text(encoding="utf-8"))
    entry = next(a for a in data["actors"] if a["name"] == name)
    assert {"title": "adviser", "of": "russia"} in entry["roles"]
    page = guarded.visit(f"{live_server.url}/actors")
    assert name in page.inner_text("main")
    assert guarded.hits() == []


def test_whatif_changes_the_forecast(live_server: Any, guarded: Any) -> None:
    page = guarded.visit(f"{live_server.url}/models/ukraine-2025")
    screenshot(page, "model")
    form = page.locator("#whatif")
    form.locator("select[name=actor]").select_option("russia")
    form.locator("select[name=issue]").select_option("territory")
    form.locator("input[name=position]").fill("0")
    form.locator("button").click()
    page.wait_for_load_state("load")
    assert "position on territory 90 → 0" in page.locator("h1").inner_text()
    changed = page.locator("#whatif-results tr.changed")
    assert changed.count() >= 1
    assert "territory" in changed.first.inner_text()
    screenshot(page, "whatif")
    assert guarded.hits() == []


def test_report_summary(live_server: Any, guarded: Any) -> None:
    page = guarded.visit(f"{live_server.url}/models/ukraine-2025/report")
    summary = page.locator("#summary ol.summary > li")
    assert summary.count() == 8
    text = page.locator("#summary").inner_text()
    assert text.count("Forecast:") == 8
    assert "zone of agreement" in text.lower()
    assert page.locator("#explain details").count() > 10
    screenshot(page, "report")
    assert guarded.hits() == []
