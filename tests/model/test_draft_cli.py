"""End to end through the CLI on a real SQLite file: plain-text articles with front matter →
ingest → extract → `model draft` (validates, all evidence verifies) → `model check` (--strict)
→ `timeline` (JSON rows carry publication date, outlet and URL; --plot writes a PNG)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app

runner = CliRunner()

ARTICLES = {
    "a.txt": ("2025-12-03", "Outlet A", "Putin met Witkoff and Kushner in Moscow on Tuesday. "
              "Putin insisted that Kyiv must surrender the territories it still holds."),
    "b.txt": ("2025-12-04", "Outlet B", "Witkoff and Kushner met Putin in Moscow on Tuesday. "
              "Zelensky said Ukraine will never accept territorial concessions."),
    "c.txt": ("2025-12-10", "Outlet C", "Peskov said Russia is ready to consider a land swap."),
}
MODEL = """\
name: analyst
as_of: 2025-12-05
actors:
- {id: ru, capability: 80, registry_id: russia}
- {id: ua, capability: 40, registry_id: ukraine}
issues:
- {id: territory, question: Who controls the land}
positions:
- {actor: ru, issue: territory, position: 95, salience: 90}
- {actor: ua, issue: territory, position: 10, salience: 90}
"""


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("draft")
    src = root / "in"
    src.mkdir()
    for name, (day, outlet, body) in ARTICLES.items():
        (src / name).write_text(
            f"---\ntitle: {name}\nurl: https://example.org/{name}\noutlet: {outlet}\n"
            f"published: {day}\n---\n{body}\n", encoding="utf-8")
    path = str(root / "t.db")
    run("ingest", str(src), "--db", path)
    run("extract", "--db", path, "--no-progress")
    return path


def test_draft_validates_and_its_evidence_verifies(db: str, tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    run("model", "draft", "--db", db, "-o", str(out))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {p["actor"] for p in data["positions"]} >= {"russia", "ukraine"}
    assert all("proposed" in p for p in data["positions"])
    report = run("validate", str(out), "--db", db)
    assert "evidence:" in report and "verified" in report
    early = tmp_path / "early.yaml"
    run("model", "draft", "--db", db, "--as-of", "2025-12-03", "-o", str(early))
    n_early = len(yaml.safe_load(early.read_text(encoding="utf-8"))["positions"])
    assert n_early < len(data["positions"])
    run("model", "draft", "--db", db, "--as-of", "soon", "-o", str(early), code=1)


def test_check_reports_newer_contradicting_evidence_and_strict_fails(
    db: str, tmp_path: Path
) -> None:
    model = tmp_path / "m.yaml"
    model.write_text(MODEL, encoding="utf-8")
    out = json.loads(run("model", "check", str(model), "--db", db, "--json"))
    ru = next(p for p in out["positions"] if p["actor"] == "ru")
    # only c.txt (10 Dec) is newer than as_of: Russia open to a land swap, 60 vs 95
    assert [c["published"] for c in ru["contradicting"]] == ["2025-12-10"]
    assert ru["contradicting"][0]["outlet"] == "Outlet C" and ru["no_evidence"]
    run("model", "check", str(model), "--db", db, "--strict", code=1)


def test_timeline_merges_the_meeting_and_carries_sources(db: str, tmp_path: Path) -> None:
    rows = json.loads(run("timeline", "--db", db, "--json"))
    meetings = [r for r in rows if r["kind"] == "event" and r["what"] == "CONSULT"]
    assert len(meetings) == 1 and meetings[0]["n_sources"] == 2
    assert meetings[0]["date"] == "2025-12-02"
    assert {s["outlet"] for s in meetings[0]["sources"]} == {"Outlet A", "Outlet B"}
    positions = json.loads(run("timeline", "--db", db, "--issue", "territory", "--json"))
    assert positions and all(r["kind"] == "position" for r in positions)
    assert all(r["sources"][0]["url"].startswith("https://example.org/") for r in positions)
    only_ua = json.loads(run("timeline", "--db", db, "--actor", "Ukraine", "--json"))
    assert only_ua and all("zelensky" in r["actors"] or "ukraine" in r["actors"]
                           for r in only_ua)
    png = tmp_path / "f.png"
    run("timeline", "--db", db, "--plot", str(png), "--csv")
    assert png.read_bytes()[:4] == b"\x89PNG"
    listed = json.loads(run("positions", "--db", db, "--json"))
    assert all({"published", "outlet", "url"} <= set(p) for p in listed)


def test_the_library_names_give_what_the_commands_print(db: str, tmp_path: Path) -> None:
    import accord

    rows = json.loads(run("timeline", "--db", db, "--issue", "territory", "--json"))
    assert json.loads(json.dumps(accord.timeline(db, issue="territory").rows)) == rows
    model = tmp_path / "m.yaml"
    model.write_text(MODEL, encoding="utf-8")
    printed = json.loads(run("model", "check", str(model), "--db", db, "--json"))
    check = accord.model_check(model, db=db)
    assert json.loads(json.dumps(check.to_dict())) == printed and check.n_contradicting == 1
    out = tmp_path / "draft.yaml"
    line = run("model", "draft", "--db", db, "-o", str(out))
    draft = accord.model_draft(db=db)
    assert draft.text == out.read_text(encoding="utf-8")
    assert line.strip() == f"wrote {out}: {draft.summary()}"
    with pytest.raises(accord.InputError) as err:
        accord.timeline(db, since="soon")
    assert err.value.field == "since"
    with pytest.raises(accord.InputError, match="no such database"):
        accord.model_draft(db=tmp_path / "none.db")
