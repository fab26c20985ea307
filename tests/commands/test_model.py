"""The CLI end to end: validate, forecast (table, JSON, plots), explain, model schema/convert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ukraine-2025" / "model.yaml"
DATA = Path(__file__).resolve().parents[1] / "model" / "data"
runner = CliRunner()


def test_forecast_compromise_on_eu_emissions_json(fixtures_dir: Path) -> None:
    """Scholz, Calbert & Smith (2011), J. Theoretical Politics 23(4), on Bueno de Mesquita's
    EC car-emissions example: the capability × salience weighted mean is 7.4 (7.39 to two
    decimals, fixtures/README.md)."""
    res = runner.invoke(
        app,
        ["forecast", str(fixtures_dir / "bdm" / "eu_emissions.csv"), "-e", "compromise", "--json"],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["engine"] == "compromise"
    assert round(data["forecast"]["eu_emissions"], 2) == 7.39


def test_forecast_table_names_issue_and_value(fixtures_dir: Path) -> None:
    res = runner.invoke(app, ["forecast", str(fixtures_dir / "bdm" / "eu_emissions.csv")])
    assert res.exit_code == 0, res.output
    assert "eu_emissions" in res.stdout and "7.39" in res.stdout


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_forecast_plot_written(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"traj.{suffix}"
    res = runner.invoke(
        app,
        [
            "forecast",
            str(EXAMPLE),
            "-e",
            "eum",
            "--rounds",
            "3",
            "--track",
            "settlement",
            "--plot",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 1000
    head = out.read_bytes()[:64]
    assert head.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in out.read_bytes()[:2000]
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left behind


def test_forecast_bad_plot_suffix_and_unknown_engine(tmp_path: Path) -> None:
    res = runner.invoke(app, ["forecast", str(EXAMPLE), "--plot", str(tmp_path / "x.gif")])
    assert res.exit_code == 1 and "use .png or .svg" in res.output
    res = runner.invoke(app, ["forecast", str(EXAMPLE), "--engine", "oracle"])
    assert res.exit_code == 1 and "unknown engine 'oracle'; available: " in res.output
    assert "compromise" in res.output


def test_forecast_ktab_inputs(fixtures_dir: Path) -> None:
    for name in ("dummyData_3Dim.csv", "dummyData_3Dim.xml"):
        res = runner.invoke(app, ["forecast", str(fixtures_dir / "ktab" / name), "--json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["dimensions"] == ["Pstn1", "Pstn2", "Pstn3"]


def test_forecast_bad_model_is_one_line_error() -> None:
    res = runner.invoke(app, ["forecast", str(DATA / "bad_range.yaml")])
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "bad_range.yaml:10:13: positions[0].salience" in lines[0]


def test_forecast_zero_salience_issue_is_clear(tmp_path: Path) -> None:
    f = tmp_path / "z.yaml"
    f.write_text(
        "name: z\nactors: [{id: a, capability: 1}, {id: b, capability: 1}]\n"
        "issues: [{id: x, question: q}]\npositions:\n"
        "- {actor: a, issue: x, position: 1, salience: 0}\n"
        "- {actor: b, issue: x, position: 9, salience: 0}\n"
    )
    res = runner.invoke(app, ["forecast", str(f)])
    assert res.exit_code == 1 and "no actor gives issue 'x' any salience" in res.output


def test_validate_exit_codes() -> None:
    ok = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert ok.exit_code == 0 and "ok — 6 actors, 8 issues" in ok.output
    warn = runner.invoke(app, ["validate", str(DATA / "warn_suspicious.yaml")])
    assert warn.exit_code == 0 and "warning:" in warn.output
    bad = runner.invoke(app, ["validate", str(DATA / "bad_duplicate_key.yaml"), "--json"])
    assert bad.exit_code == 1
    doc = json.loads(bad.stdout)
    assert doc["ok"] is False and doc["errors"][0]["line"] == 5


def test_explain_eum_moves_and_json() -> None:
    args = ["explain", str(EXAMPLE), "--actor", "us", "--engine", "eum", "--rounds", "3"]
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["actor"] == "us" and doc["engine"] == "eum"
    assert len(doc["trajectory"]) == 4  # start + 3 rounds
    for move in doc["moves"]:
        assert move["before"] != move["after"] or move["kind"]
        assert move["issue"] in doc["dimensions"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0
    if doc["moves"]:
        assert "Round " in table.stdout
    res = runner.invoke(app, ["explain", str(EXAMPLE), "--actor", "martians"])
    assert res.exit_code == 1 and "unknown actor 'martians'" in res.output


def test_explain_prints_the_model_files_warnings_as_the_library_returns_them(
    tmp_path: Path,
) -> None:
    import accord

    model = tmp_path / "m.yaml"
    model.write_text(
        "name: m\nactors:\n- {id: a, capability: 10}\n- {id: b, capability: 10}\n"
        "- {id: idle, capability: 5}\nissues:\n- {id: x, question: How much}\npositions:\n"
        "- {actor: a, issue: x, position: 20, salience: 50}\n"
        "- {actor: b, issue: x, position: 80, salience: 70}\n", encoding="utf-8")
    why = accord.explain(model, "a", rounds=2)
    assert any("idle" in str(w) for w in why.warnings) and why.notes == ()
    res = runner.invoke(app, ["explain", str(model), "--actor", "a", "--rounds", "2", "--json"])
    assert res.exit_code == 0, res.output
    assert [line for line in res.stderr.splitlines() if line.startswith("warning")] == [
        f"warning: {w}" for w in why.warnings
    ]
    assert json.loads(res.stdout) == why.to_dict()


def test_model_convert_and_schema(tmp_path: Path, fixtures_dir: Path) -> None:
    out = tmp_path / "u.xml"
    res = runner.invoke(app, ["model", "convert", str(EXAMPLE), str(out)])
    assert res.exit_code == 0, res.output
    assert "not carried: tracks" in res.output
    assert out.read_text().startswith('<?xml version="1.0"')
    y = tmp_path / "eu.yaml"
    res = runner.invoke(
        app, ["model", "convert", str(fixtures_dir / "bdm" / "eu_emissions.csv"), str(y)]
    )
    assert res.exit_code == 0 and "not carried" not in res.output
    res = runner.invoke(app, ["model", "convert", str(y), str(tmp_path / "o.x"), "--to", "nope"])
    assert res.exit_code == 1 and "unknown format 'nope'" in res.output
    schema = runner.invoke(app, ["model", "schema"])
    assert schema.exit_code == 0
    assert json.loads(schema.stdout)["title"] == "accord negotiation model"


def test_json_schema_file_is_up_to_date() -> None:
    """docs/model.schema.json must be regenerated (`accord model schema -o ...`) on changes."""
    from accord.model.schema import json_schema

    on_disk = json.loads((ROOT / "docs" / "model.schema.json").read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "run: accord model schema -o docs/model.schema.json"


def test_engine_params_and_stakeholder_only_columns(tmp_path: Path) -> None:
    """--param reaches the engine; actors with no position on an issue are not 'movers'."""
    res = runner.invoke(
        app,
        [
            "forecast",
            str(EXAMPLE),
            "-e",
            "smp",
            "-p",
            "normalise_salience=true",
            "--track",
            "settlement",
            "-p",
            "max_turns=5",
        ],
    )
    assert res.exit_code == 0, res.output
    ceasefire = next(ln for ln in res.stdout.splitlines() if "ceasefire" in ln)
    assert "eu " not in ceasefire and "creditors" not in ceasefire  # no stated position
    res = runner.invoke(app, ["forecast", str(EXAMPLE), "-e", "eum", "-p", "bogus=1"])
    assert res.exit_code == 1 and "engine 'eum' has no parameter 'bogus'" in res.output
    res = runner.invoke(app, ["forecast", str(EXAMPLE), "-e", "eum", "-p", "rounds"])
    assert res.exit_code == 1 and "expected name=value" in res.output
