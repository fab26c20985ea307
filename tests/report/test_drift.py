"""The report's position-drift section: each model position against the positions read from
real articles (the sample corpus and the demo's extra articles, ingested and extracted into a
real SQLite file and a real PostgreSQL schema), with an SVG plot and links to the evidence; its
counts of newer statements are those of ``accord model check``."""

from __future__ import annotations

import base64
import json
import re
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.corpus.ingest import ingest_paths
from accord.extract.nlp import load_pipeline
from accord.extract.pipeline import Extractor, extract_articles
from accord.store.db import open_engine

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples" / "ukraine-2025" / "model.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(module_db_url: str) -> str:
    engine = open_engine(module_db_url)
    summary = ingest_paths([ROOT / "examples" / "corpus", ROOT / "examples" / "corpus-extra"],
                           engine)
    assert not summary.errors, summary.errors
    extract_articles(engine, Extractor(load_pipeline()))
    engine.dispose()
    return module_db_url


@pytest.fixture(scope="module")
def section(db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    r = runner.invoke(app, ["report", str(MODEL), "--db", db, "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert '<a href="#drift">Position drift</a>' in html and "<script" not in html.lower()
    return html.split('<section id="drift">')[1].split("</section>")[0]


def _rows(section: str) -> dict[tuple[str, str], list[str]]:
    """The summary table: (actor label, issue) → the other cells, as text."""
    table = section.split('<table class="drift">')[1].split("</table>")[0]
    out = {}
    for row in re.findall(r"<tr><td>(.*?)</tr>", table, re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.split(r"</td>\s*<td[^>]*>", "<td>" + row)]
        cells[0] = cells[0].removeprefix("<td>")
        out[(cells[0], cells[1])] = cells[2:]
    return out


def test_the_plot_is_an_embedded_svg(section: str) -> None:
    found = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', section)
    assert found is not None
    svg = base64.b64decode(found[1]).decode("utf-8")
    assert "<svg" in svg and "<script" not in svg
    assert not re.search(r'href="(?!#)', svg)  # nothing outside the image is referenced


def test_newer_statements_match_model_check(db: str, section: str) -> None:
    """Every position is listed with the model's value; the newer supporting and contradicting
    counts are exactly those of `accord model check` (evidence after the model's date)."""
    r = runner.invoke(app, ["model", "check", str(MODEL), "--db", db, "--json"])
    assert r.exit_code == 0, r.output
    checked = json.loads(r.stdout)["positions"]
    rows = _rows(section)
    labels = {"ukraine": "Ukraine", "russia": "Russia (Kremlin)"}
    assert len(rows) == len(checked)
    for p in checked:
        if p["actor"] not in labels:
            continue
        cells = rows[(labels[p["actor"]], p["issue"])]
        assert cells[0].startswith(f"{p['position']:g}")
        assert (int(cells[2]), int(cells[3])) == (len(p["supporting"]), len(p["contradicting"]))
    ukraine = next(p for p in checked if (p["actor"], p["issue"]) == ("ukraine", "territory"))
    assert ukraine["contradicting"], "the demo articles contradict Ukraine's territory position"
    # the statement before the model's date is drawn too (statements ≥ newer ones)
    assert int(rows[("Ukraine", "territory")][1]) > len(ukraine["supporting"]) + len(
        ukraine["contradicting"])


def test_each_statement_links_to_its_article(db: str, section: str) -> None:
    r = runner.invoke(app, ["model", "check", str(MODEL), "--db", db, "--json"])
    checked = json.loads(r.stdout)["positions"]
    ukraine = next(p for p in checked if (p["actor"], p["issue"]) == ("ukraine", "territory"))
    details = section.split('<details id="drift-ukraine-territory" open>')[1].split(
        "</details>")[0]
    assert details.count('<span class="bad">contradicts</span>') == len(ukraine["contradicting"])
    for found in ukraine["contradicting"]:
        assert found["url"] and f'<a href="{found["url"]}">' in unescape(details)
        assert found["published"] in details


def test_reading_only_placeable_statements_changes_nothing(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drift check reads only statements on the model's placed issues by holders of its
    actors' sides, in dated articles: the result equals that of reading every statement of the
    store (undated ones included)."""
    from sqlalchemy.orm import Session

    import accord.store.extract_queries as queries
    from accord.model.load import load_checked
    from accord.report.drift import position_drift

    model = load_checked(MODEL).model
    engine = open_engine(db)
    with Session(engine) as s:
        filtered = position_drift(model, s)
        every = queries.list_positions(s)
        read: list[int] = []

        def everything(session: object, **_: object) -> list[dict[str, object]]:
            read.append(len(every))
            return every

        monkeypatch.setattr(queries, "list_positions", everything)
        unfiltered = position_drift(model, s)
    engine.dispose()
    assert read  # the unfiltered run did read every statement
    assert any(r["published"] is None for r in every)  # undated statements too
    assert filtered == unfiltered
    assert sum(len(d.points) for d in filtered) > 0  # statements were placed
