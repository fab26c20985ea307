"""Property tests for all spatial engines of this package: defined, finite, in range."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accord.solve.spatial import get_engine
from accord.solve.spatial.base import SpatialScenario

ENGINE_PARAMS = {
    "compromise": {},
    "median": {},
    "eum": {"rounds": 4},
    "eum-least-move": {"rounds": 4, "offer_choice": "least_move", "probability": "pairwise"},
    "eum-q": {"rounds": 3, "q": 0.4, "t": 0.6, "range_basis": "current"},
    "exchange": {"rounds": 4},
}


@st.composite
def scenarios(draw: st.DrawFn) -> SpatialScenario:
    n = draw(st.integers(1, 7))
    d = draw(st.integers(1, 3))
    grid = draw(st.booleans())  # coarse grids give shared positions and exact ties
    pos_el = st.integers(0, 4).map(lambda v: 25.0 * v) if grid else st.floats(0, 100)
    position = np.array(draw(st.lists(pos_el, min_size=n * d, max_size=n * d))).reshape(n, d)
    salience = np.array(
        draw(st.lists(st.sampled_from([0.0, 0.3, 1.0]) | st.floats(0, 1),
                      min_size=n * d, max_size=n * d))
    ).reshape(n, d)
    capability = np.array(draw(st.lists(st.floats(0, 10), min_size=n, max_size=n)))
    weight = capability[:, None] * salience
    assume(bool((weight.sum(axis=0) > 1e-9).all()))
    return SpatialScenario(
        tuple(f"a{i}" for i in range(n)), tuple(f"d{k}" for k in range(d)),
        capability, position, salience,
    )


@pytest.mark.parametrize("label", sorted(ENGINE_PARAMS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scen=scenarios())
def test_no_nan_and_positions_within_input_range(label: str, scen: SpatialScenario) -> None:
    name = label.split("-")[0]
    result = get_engine(name, **ENGINE_PARAMS[label]).run(scen)
    lo = scen.position.min(axis=0) - 1e-9
    hi = scen.position.max(axis=0) + 1e-9
    assert np.isfinite(result.history).all() and np.isfinite(result.forecast).all()
    assert (result.history >= lo).all() and (result.history <= hi).all()
    assert ((result.forecast >= lo) & (result.forecast <= hi)).all()
    assert result.history.shape[1:] == scen.position.shape
    assert np.array_equal(result.history[0], scen.position)
    for move in result.moves:
        assert np.isfinite(move.after) and all(np.isfinite(v) for v in move.detail.values())
