"""`--as-of` on forecasts and bargaining: a model whose inputs change as evidence is published.

The expected forecasts are the compromise engine's capability × salience weighted means worked
by hand from the positions known on each date.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.errors import InputError
from accord.model.as_of import evidence_days, model_as_of

runner = CliRunner()

DRIFTING = """\
name: drifting
actors:
- {id: ru, capability: 60}
- {id: ua, capability: 40}
- {id: us, capability: 50}
issues:
- {id: territory, question: Who controls the land, status_quo: 50}
- {id: ceasefire, question: How soon the guns fall silent, status_quo: 0}
positions:
- actor: ru
  issue: territory
  position: 90
  salience: 80
  evidence:
  - {citation: "Putin demands the Donbas", published: 2025-11-01, value: 90}
- actor: ua
  issue: territory
  position: 20
  salience: 80
  uncertainty: {low: 10, high: 30}
  evidence:
  - {citation: "Kyiv: not one metre", published: 2025-11-01, value: 10}
  - {citation: "Kyiv: a freeze on the line", published: 2025-12-01, value: 30}
- actor: us
  issue: territory
  position: 60
  salience: 50
  evidence:
  - {citation: "Witkoff floats a land swap", published: 2025-11-20}
- actor: ua
  issue: ceasefire
  position: 80
  salience: 50
  evidence:
  - {citation: "Zelensky wants a ceasefire now", published: 2025-12-01}
- {actor: ru, issue: ceasefire, position: 20, salience: 50}
"""


def wmean(*pairs: tuple[float, float]) -> float:
    """Weighted mean of (position, weight) pairs."""
    return sum(p * w for p, w in pairs) / sum(w for _, w in pairs)


# weights: capability × salience
RU_T, UA_T, US_T, UA_C, RU_C = 60 * 80, 40 * 80, 50 * 50, 40 * 50, 60 * 50


@pytest.fixture()
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "drifting.yaml"
    path.write_text(DRIFTING, encoding="utf-8")
    return path


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_forecast_follows_the_evidence_published_by_each_date(model_file: Path) -> None:
    early = accord.forecast(model_file, as_of="2025-11-01").result
    got = dict(zip(early.dimensions, early.forecast, strict=True))
    # ua's position is the one value published by then (10); us has nothing yet; ua's
    # ceasefire statement is later, ru's ceasefire position has no evidence and is kept.
    assert got["territory"] == pytest.approx(wmean((90, RU_T), (10, UA_T)))
    assert got["ceasefire"] == pytest.approx(20)
    mid = accord.forecast(model_file, as_of=dt.date(2025, 11, 20)).result
    assert mid.forecast[0] == pytest.approx(wmean((90, RU_T), (10, UA_T), (60, US_T)))
    now = accord.forecast(model_file, as_of="2025-12-31").result
    plain = accord.forecast(model_file).result
    assert list(now.forecast) == pytest.approx(list(plain.forecast))
    assert plain.forecast[0] == pytest.approx(wmean((90, RU_T), (20, UA_T), (60, US_T)))
    assert plain.forecast[1] == pytest.approx(wmean((80, UA_C), (20, RU_C)))


def test_model_as_of_notes_what_it_left_out() -> None:
    model = accord.NegotiationModel.model_validate(__import__("yaml").safe_load(DRIFTING))
    dated = model_as_of(model, dt.date(2025, 11, 1))
    assert dated.model.as_of == dt.date(2025, 11, 1)
    assert {(p.actor, p.issue) for p in dated.model.positions} == {
        ("ru", "territory"), ("ua", "territory"), ("ru", "ceasefire")}
    ua = next(p for p in dated.model.positions if p.actor == "ua")
    assert ua.position == 10 and ua.uncertainty is None and len(ua.evidence) == 1
    assert any(n.startswith("us on territory: left out") for n in dated.notes)
    assert any("ua on territory: 20 → 10" in n for n in dated.notes)
    # before any dated evidence only the undated judgement is left: territory goes
    before = model_as_of(model, dt.date(2025, 10, 1))
    assert [i.id for i in before.model.issues] == ["ceasefire"]
    assert evidence_days(model) == [dt.date(2025, 11, 1), dt.date(2025, 11, 20),
                                    dt.date(2025, 12, 1)]


def test_drift_series_and_plot(model_file: Path, tmp_path: Path) -> None:
    points = accord.forecast_drift(model_file)
    assert [p.as_of for p in points] == evidence_days(accord.load_model(model_file))
    territory = [p.forecast["territory"] for p in points]
    assert territory == pytest.approx([
        wmean((90, RU_T), (10, UA_T)),
        wmean((90, RU_T), (10, UA_T), (60, US_T)),
        wmean((90, RU_T), (20, UA_T), (60, US_T)),
    ])
    assert {m["actor"] for m in points[-1].moved_by} == {"ua"}
    png = tmp_path / "drift.png"
    out = run("forecast", str(model_file), "--drift", str(png))
    assert "drift plot written" in out and "(3 as-of dates)" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    bad = run("forecast", str(model_file), "--drift", str(tmp_path / "drift.txt"), code=1)
    assert "error:" in bad and "--drift" in bad and not (tmp_path / "drift.txt").exists()
    capped = accord.forecast_drift(model_file, until="2025-11-20")
    assert [p.as_of.isoformat() for p in capped] == ["2025-11-01", "2025-11-20"]


def test_one_forecast_call_carries_what_the_cli_shows(model_file: Path, tmp_path: Path) -> None:
    """``accord.forecast`` with as_of, drift and plot: the dated model, its notes, the file's
    warnings, red lines, the images written and the number of drift dates."""
    drift, plot = tmp_path / "drift.svg", tmp_path / "moves.png"
    f = accord.forecast(model_file, as_of="2025-11-20", drift=drift, plot=plot)
    assert f.as_of == dt.date(2025, 11, 20) and f.model.as_of == f.as_of
    assert f.result.forecast[0] == pytest.approx(wmean((90, RU_T), (10, UA_T), (60, US_T)))
    assert any("ua on ceasefire: left out" in n for n in f.as_of_notes)
    assert all(n.startswith("as of 2025-11-20: ") for n in f.as_of_notes)
    assert [w.field for w in f.warnings] == ["positions[4]"]  # ru's ceasefire cites nothing
    assert (f.drift, f.drift_dates, f.plot) == (drift, 2, plot)
    assert drift.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert plot.read_bytes()[:4] == b"\x89PNG"
    assert f.header().startswith("drifting (as of 2025-11-20): compromise")
    assert [r["issue"] for r in f.rows()] == ["territory", "ceasefire"]
    assert f.to_dict() == f.result.to_dict()
    with pytest.raises(accord.InputError) as info:
        accord.forecast(model_file, plot=tmp_path / "moves.gif", drift=tmp_path / "d.svg")
    assert info.value.field == "plot" and not (tmp_path / "d.svg").exists()  # refused first


def test_cli_as_of_prints_the_date_and_notes(model_file: Path) -> None:
    out = run("forecast", str(model_file), "--as-of", "2025-11-01")
    assert "(as of 2025-11-01)" in out
    assert "us on territory: left out" in out
    data = json.loads(runner.invoke(app, ["forecast", str(model_file), "--as-of", "2025-11-01",
                                          "--json"]).stdout)
    assert data["forecast"]["territory"] == pytest.approx(wmean((90, RU_T), (10, UA_T)))


def test_bad_or_too_early_dates_are_one_error_line(model_file: Path, tmp_path: Path) -> None:
    out = run("forecast", str(model_file), "--as-of", "soon", code=1)
    assert "error:" in out and "--as-of" in out and "soon" in out
    dated_only = tmp_path / "dated.yaml"
    dated_only.write_text(DRIFTING.replace(
        "- {actor: ru, issue: ceasefire, position: 20, salience: 50}\n", ""), encoding="utf-8")
    out = run("bargain", str(dated_only), "--as-of", "2025-10-01", code=1)
    assert "error:" in out and "--as-of" in out and "2025-10-01" in out
    with pytest.raises(InputError, match="no position"):
        accord.at_date(dated_only, "2025-10-01")


def test_bargain_as_of_uses_the_model_of_that_date(model_file: Path) -> None:
    b = accord.bargain(model_file, as_of="2025-11-01", resolution=11)
    assert b.source_model is not None and b.source_model.as_of == dt.date(2025, 11, 1)
    assert [a.id for a in b.source_model.actors] == ["ru", "ua"]
    assert any(n.startswith("as of 2025-11-01: us on territory") for n in b.result.notes)
    out = run("bargain", str(model_file), "--as-of", "2025-11-01", "-r", "11")
    assert "note: as of 2025-11-01:" in out


def test_evidence_naming_articles_is_dated_from_the_corpus(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, day, body in (("a.txt", "2025-11-01", "Putin demanded all of Donetsk."),
                            ("b.txt", "2025-12-01", "Zelensky said Ukraine wants a ceasefire.")):
        (src / name).write_text(f"---\ntitle: {name}\npublished: {day}\n---\n{body}\n",
                                encoding="utf-8")
    db = str(tmp_path / "t.db")
    run("ingest", str(src), "--db", db)
    model = tmp_path / "m.yaml"
    model.write_text("""\
name: from articles
actors:
- {id: ru, capability: 60}
- {id: ua, capability: 40}
issues:
- {id: territory, question: Who controls the land}
positions:
- actor: ru
  issue: territory
  position: 90
  salience: 80
  evidence: [{article: a.txt, quote: "Putin demanded all of Donetsk."}]
- actor: ua
  issue: territory
  position: 10
  salience: 80
  evidence: [{article: b.txt, quote: "Zelensky said Ukraine wants a ceasefire."}]
""", encoding="utf-8")
    assert accord.Corpus(db, create=False).publication_dates()["a.txt"] == dt.date(2025, 11, 1)
    dated = accord.at_date(model, "2025-11-15", db=db)
    assert [p.actor for p in dated.model.positions] == ["ru"]
    # without the corpus the articles' dates are unknown and every input is kept
    assert len(accord.at_date(model, "2025-11-15").model.positions) == 2
    out = run("forecast", str(model), "--as-of", "2025-11-15", "--db", db, "--json")
    assert json.loads(out[out.index("{"):])["forecast"] == pytest.approx({"territory": 90.0})
