"""`accord sweep` / `sweep list|show` / `sensitivity` / `compare` end to end, and sweeps stored in
a real SQLite file (streamed, complete or absent)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from accord import uncertainty
from accord.cli import app
from accord.store.db import open_engine
from accord.store.sweeps import SweepRecorder, get_sweep, iter_outcomes, list_sweeps

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ukraine-2025" / "model.yaml"
runner = CliRunner()

def test_sweep_stores_runs_and_lists_and_shows_them(model_file: Path, db_path: Path) -> None:
    res = runner.invoke(
        app,
        [
            "sweep",
            str(model_file),
            "-e",
            "compromise",
            "-n",
            "50",
            "--seed",
            "4",
            "--db",
            str(db_path),
            "--plot",
            str(db_path.with_suffix(".svg")),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "sweep 1: 50 runs of toy (compromise); 3 uncertain inputs" in res.stdout
    assert "≈ half" in res.stdout and "zone of agreement" in res.stdout
    assert db_path.with_suffix(".svg").read_text().startswith("<?xml")
    engine = open_engine(db_path)
    [row] = list_sweeps(engine)
    assert (row["runs"], row["status"], row["engines"]) == (50, "done", "compromise")
    stored = get_sweep(engine, 1)
    assert stored["stored_runs"] == 50
    values = [r["value"] for r in iter_outcomes(engine, 1)]
    again = uncertainty.sweep(model_file, engine="compromise", runs=50, seed=4)
    np.testing.assert_allclose(values, again.outcomes[:, 0, 0])
    assert stored["summary"]["issues"][0]["p50"] == pytest.approx(
        float(np.median(again.outcomes[:, 0, 0]))
    )
    shown = runner.invoke(app, ["sweep", "show", "1", "--db", str(db_path)])
    assert shown.exit_code == 0 and "50 runs of toy" in shown.stdout
    listed = runner.invoke(app, ["sweep", "list", "--db", str(db_path), "--json"])
    assert json.loads(listed.stdout)[0]["id"] == 1
    missing = runner.invoke(app, ["sweep", "show", "7", "--db", str(db_path)])
    assert missing.exit_code == 1 and "no sweep with id 7" in missing.output


def test_a_failed_sweep_leaves_nothing(model_file: Path, db_path: Path) -> None:
    engine = open_engine(db_path)
    result = uncertainty.sweep(model_file, engine="compromise", runs=10, seed=1)
    rec = SweepRecorder(engine)
    rec.start(
        model_name="toy",
        model_path=None,
        model_sha256="0" * 64,
        track=None,
        scenario=None,
        engines=("compromise",),
        runs=10,
        seed=1,
        method="lhs",
        executor="local",
        workers=1,
        inputs=list(result.input_names),
        actors=result.actors,
        issues=result.issues,
        parameters={},
    )

    class Chunk:
        start, outcomes, crossed, zone = 0, result.outcomes, result.crossed, result.zone

    rec.add_chunk(Chunk(), result.values)
    rec.abort()
    assert list_sweeps(engine) == []
    assert list(iter_outcomes(engine, 1)) == []


def test_sweep_json_warns_and_errors(model_file: Path, db_path: Path) -> None:
    res = runner.invoke(
        app,
        [
            "sweep",
            str(model_file),
            "-e",
            "median",
            "-n",
            "20",
            "--json",
            "--no-store",
            "--scenario",
            "a-soft",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["scenario"] == "a-soft" and data["runs"] == 20
    x = data["issues"][0]
    assert set(x) >= {"p5", "p25", "p50", "p75", "p95", "mean", "histogram", "red_line_crossed"}
    bad = runner.invoke(app, ["sweep", str(model_file), "-e", "nope", "--no-store"])
    assert bad.exit_code == 1 and "unknown engine 'nope'" in bad.output
    both = runner.invoke(
        app, ["sweep", str(model_file), "--workers", "2", "--dask", "local:2", "--no-store"]
    )
    assert both.exit_code == 1 and "not both" in both.output


def test_sensitivity_and_compare_commands(model_file: Path, tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        [
            "sensitivity",
            str(model_file),
            "-e",
            "compromise",
            "--method",
            "sobol",
            "-n",
            "32",
            "--plot",
            str(tmp_path / "t.png"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "sobol sensitivity of compromise forecasts: 3 uncertain inputs" in res.stdout
    assert (tmp_path / "t.png").stat().st_size > 1000
    oat = runner.invoke(
        app, ["sensitivity", str(model_file), "-e", "compromise", "-m", "oat", "--csv"]
    )
    assert oat.exit_code == 0 and oat.stdout.startswith("issue,rank,input,at 5%,at 95%,swing")
    cmp = runner.invoke(
        app,
        [
            "compare",
            str(model_file),
            "--scenarios",
            "b-out,a-soft",
            "-e",
            "compromise",
            "-n",
            "30",
            "--json",
        ],
    )
    assert cmp.exit_code == 0, cmp.output
    rows = json.loads(cmp.stdout)
    assert [r["scenario"] for r in rows] == ["base", "b-out", "a-soft"]
    assert rows[2]["point"] > rows[0]["point"]  # a moved towards b
    unknown = runner.invoke(app, ["compare", str(model_file), "--scenarios", "zzz"])
    assert unknown.exit_code == 1 and "unknown scenario 'zzz'; scenarios: b-out, a-soft" in (
        unknown.output
    )
    svg = tmp_path / "compare.svg"
    comparison = uncertainty.compare(model_file, ["b-out"], engine="compromise", runs=10,
                                     plot=svg)
    assert comparison.labels == ["base", "b-out"] and svg.read_text().lstrip().startswith("<?")
    bad = runner.invoke(app, ["compare", str(model_file), "-s", "zzz", "--plot", "x.gif"])
    assert bad.exit_code == 1 and "--plot" in bad.output  # refused before the scenarios


def test_zone_line_names_side_payments_only_when_the_model_has_pools() -> None:
    from accord.commands.sweep import _zone_line

    assert _zone_line(0.5, None) == (
        "zone of agreement (bargaining; the model has no side-payment pools) in 50.0% of runs")
    line = _zone_line(0.75, 0.25)
    assert "side payments from the model's pools allowed) in 75.0% of runs" in line
    assert line.endswith("without side payments in 25.0%")
