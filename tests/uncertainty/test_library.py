"""The Python names behind `accord sweep` / `sweep list|show` / `sensitivity`: the same
parameters as the flags (rounds, plot, workers or dask) and the same rows the CLI prints."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord
from accord import uncertainty
from accord.errors import InputError


def test_rounds_go_to_every_dynamic_engine_under_its_own_name() -> None:
    assert uncertainty.with_rounds("eum", None, None) is None
    assert uncertainty.with_rounds("eum", {"eum": {"rounds": 9}}, 4) == {"eum": {"rounds": 4}}
    assert uncertainty.with_rounds("all", {"smp": {"alpha": 1}}, 3) == {
        "eum": {"rounds": 3}, "smp": {"alpha": 1, "max_turns": 3}, "exchange": {"rounds": 3},
    }
    assert uncertainty.with_rounds("compromise", None, 3) == {}


def test_sweep_rows_plot_and_stored_sweep(model_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "sweeps.db"
    plot = tmp_path / "hist.png"
    result = accord.sweep(model_file, engine="compromise", runs=40, seed=1, workers=1,
                          db=db, plot=plot)
    assert plot.read_bytes().startswith(b"\x89PNG")
    rows = uncertainty.summary_rows(result, model_file)
    assert [r["issue"] for r in rows] == ["x"]
    assert " ≈ " in rows[0]["median means"]  # read on the scale anchors
    assert rows[0]["p5"] <= rows[0]["p50"] <= rows[0]["p95"]
    assert "a " in rows[0]["red lines crossed"]
    record = uncertainty.sweep_dict(result)
    assert record["sweep_id"] == result.sweep_id and record["runs"] == 40
    assert set(record["inputs"]) == set(result.input_names)
    assert [s["id"] for s in uncertainty.sweeps(db)] == [result.sweep_id]
    stored = uncertainty.stored_sweep(db, result.sweep_id)
    assert uncertainty.stored_rows(stored) == [
        {k: v for k, v in rows[0].items() if k != "median means"}
    ]
    assert len(list(uncertainty.stored_outcomes(db, result.sweep_id))) == 40
    with pytest.raises(InputError, match="no sweep with id 9"):
        uncertainty.stored_outcomes(db, 9)


def test_rows_of_a_scenario_sweep_read_the_scenario(model_file: Path) -> None:
    result = accord.sweep(model_file, engine="compromise", runs=20, workers=1,
                          scenario="b-out")
    rows = uncertainty.summary_rows(result, model_file)
    assert rows[0]["point"] == 25.0  # a alone, at the middle of its 10–40 range


def test_workers_or_dask_not_both(model_file: Path) -> None:
    for call in (accord.sweep, accord.sensitivity):
        with pytest.raises(InputError) as err:
            call(model_file, workers=1, dask="local:1")
        assert err.value.field == "workers"


def test_sensitivity_rows_and_tornado(model_file: Path, tmp_path: Path) -> None:
    plot = tmp_path / "tornado.svg"
    result = accord.sensitivity(model_file, engine="compromise", method="oat", workers=1,
                                plot=plot)
    assert plot.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    rows = uncertainty.sensitivity_rows(result)
    assert {r["input"] for r in rows} == set(result.inputs)
    assert all(set(r) == {"issue", "rank", "input", "at 5%", "at 95%", "swing"} for r in rows)
    top = uncertainty.sensitivity_rows(result, top=1)
    assert len(top) == 1 and top[0]["rank"] == 1 and top[0]["swing"] > 0


def test_a_plot_of_unknown_format_is_refused_before_any_run(model_file: Path,
                                                             tmp_path: Path) -> None:
    db = tmp_path / "sweeps.db"
    with pytest.raises(InputError) as err:
        accord.sweep(model_file, engine="compromise", runs=10, workers=1, db=db,
                     plot=tmp_path / "hist.gif")
    assert err.value.field == "plot" and "'gif' not supported" in err.value.message
    assert not db.exists() or uncertainty.sweeps(db) == []
    with pytest.raises(InputError, match="not supported"):
        accord.sensitivity(model_file, engine="compromise", method="oat", plot="t.jpeg")
