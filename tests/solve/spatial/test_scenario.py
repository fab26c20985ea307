"""Degenerate models get a defined result or a clear error — never a crash or a silent NaN."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from accord.errors import InputError
from accord.model.schema import NegotiationModel
from accord.solve.spatial import get_engine
from accord.solve.spatial.scenario import run_engine, to_scenario


def _model(
    actors: list[dict[str, Any]], positions: list[dict[str, Any]], **extra: Any
) -> NegotiationModel:
    return NegotiationModel.model_validate(
        {
            "name": "t",
            "actors": actors,
            "issues": [
                {"id": "x", "question": "q"},
                {"id": "y", "question": "r", "status_quo": 30},
            ],
            "positions": positions,
            **extra,
        }
    )


def _pos(actor: str, issue: str, position: float, salience: float) -> dict[str, Any]:
    return {"actor": actor, "issue": issue, "position": position, "salience": salience}


@pytest.mark.parametrize("engine", ["compromise", "median", "eum"])
def test_single_actor_forecast_is_its_position(engine: str) -> None:
    m = _model([{"id": "a", "capability": 3}], [_pos("a", "x", 42, 80), _pos("a", "y", 7, 10)])
    result = run_engine(get_engine(engine), to_scenario(m))
    assert result.forecast.tolist() == [42.0, 7.0]
    assert result.rounds == 0 and result.converged


def test_everyone_at_the_same_position() -> None:
    actors = [{"id": k, "capability": c} for k, c in (("a", 1), ("b", 5), ("c", 2))]
    m = _model(
        actors, [_pos(k, i, 64, s) for k, s in (("a", 10), ("b", 50), ("c", 90)) for i in "xy"]
    )
    for engine in ("compromise", "median", "eum"):
        result = run_engine(get_engine(engine), to_scenario(m))
        np.testing.assert_allclose(result.forecast, [64.0, 64.0])
        assert np.all(np.isfinite(result.history))


def test_zero_total_salience_on_an_issue_is_a_clear_error() -> None:
    actors = [{"id": "a", "capability": 1}, {"id": "b", "capability": 1}]
    m = _model(actors, [_pos("a", "x", 10, 50), _pos("b", "x", 90, 50), _pos("a", "y", 5, 0)])
    with pytest.raises(InputError, match="no actor gives issue 'y' any salience"):
        to_scenario(m)


def test_zero_capability_is_a_clear_error() -> None:
    actors = [{"id": "a", "capability": 0}, {"id": "b", "capability": 0}]
    m = _model(actors, [_pos("a", "x", 10, 50), _pos("b", "y", 90, 50)])
    with pytest.raises(InputError, match="total capability"):
        to_scenario(m)


def test_caring_actors_without_capability_is_a_clear_error() -> None:
    actors = [{"id": "a", "capability": 0}, {"id": "b", "capability": 4}]
    m = _model(actors, [_pos("a", "x", 10, 50), _pos("b", "x", 90, 0), _pos("b", "y", 1, 9)])
    with pytest.raises(InputError, match="every actor that cares about issue 'x' has zero"):
        to_scenario(m)


def test_nan_and_inf_never_reach_a_scenario() -> None:
    with pytest.raises(ValidationError):
        _model([{"id": "a", "capability": float("nan")}], [])
    with pytest.raises(ValidationError):
        _model([{"id": "a", "capability": 1}], [_pos("a", "x", float("inf"), 10)])


def test_missing_position_means_zero_salience_at_status_quo() -> None:
    actors = [{"id": "a", "capability": 1}, {"id": "b", "capability": 1}]
    m = _model(actors, [_pos("a", "x", 10, 50), _pos("b", "x", 90, 50), _pos("a", "y", 5, 40)])
    s = to_scenario(m)
    b = s.actors.index("b")
    assert s.salience[b, 1] == 0.0 and s.position[b, 1] == 30.0  # status quo of y
    assert s.scale_min is not None and s.scale_min.tolist() == [0.0, 0.0]


def test_partial_risk_is_an_error_full_risk_is_carried() -> None:
    ps = [_pos("a", "x", 10, 50), _pos("b", "x", 90, 50), _pos("a", "y", 5, 40)]
    m = _model([{"id": "a", "capability": 1, "risk": 0.5}, {"id": "b", "capability": 1}], ps)
    with pytest.raises(InputError, match="risk attitude given for some actors but not for b"):
        to_scenario(m)
    m2 = _model(
        [{"id": "a", "capability": 1, "risk": 0.5}, {"id": "b", "capability": 1, "risk": -1}], ps
    )
    r = to_scenario(m2).risk
    assert r is not None and r.tolist() == [0.5, -1.0]


def test_tracks_select_actors_and_issues() -> None:
    actors = [{"id": k, "capability": 1} for k in "abc"]
    ps = [_pos(k, i, 50, 50) for k in "abc" for i in "xy"]
    m = _model(actors, ps, tracks=[{"id": "t", "actors": ["c", "a"], "issues": ["y"]}])
    assert m.in_play("t") == (["a", "c"], ["y"])
    s = to_scenario(m, "t")
    assert s.actors == ("a", "c") and s.dimensions == ("y",)
    with pytest.raises(InputError, match="unknown track 'nope'; tracks: t"):
        to_scenario(m, "nope")
