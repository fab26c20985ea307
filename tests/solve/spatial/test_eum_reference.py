"""The vectorised EUM round agrees with the naive per-actor loop in bench/bench_spatial.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.solve.spatial.eum import EUMSettings, eum_round

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_spatial.py"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_spatial", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


naive_eum_round = _load_bench().naive_eum_round

READINGS = [
    EUMSettings(),
    EUMSettings(offer_choice="least_move", tie_break="last"),
    EUMSettings(tie_break="last"),
    EUMSettings(risk="positions"),
    EUMSettings(risk="positions", probability="pairwise", q=0.7, t=0.2),
    EUMSettings(probability="pairwise", perspective="own"),
    EUMSettings(q=0.5, t=0.3, salience_of="challenger", risk_in_votes=False),
    EUMSettings(risk="neutral", median_rule="weighted_mean", q=0.2, t=0.9),
]


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(
        st.tuples(
            st.integers(0, 10),  # positions on a coarse grid: ties and shared positions happen
            st.floats(0.05, 1.0),
            st.floats(0.0, 1.0),
        ),
        min_size=2,
        max_size=8,
    ),
    reading=st.sampled_from(READINGS),
)
def test_vectorised_round_matches_naive_loop(
    data: list[tuple[int, float, float]], reading: EUMSettings
) -> None:
    """Same positions (to 1e-12) and the same accepted proposer for every actor."""
    x = np.array([float(p) for p, _, _ in data])
    c = np.array([cap for _, cap, _ in data])
    s = np.array([sal for _, _, sal in data])
    span = float(x.max() - x.min())
    if span == 0.0 or float((c * s).sum()) == 0.0:
        return
    state = eum_round(x, c, s, span, reading)
    new_x, choice = naive_eum_round(x.tolist(), c.tolist(), s.tolist(), span, reading)
    assert state.choice.tolist() == choice
    np.testing.assert_allclose(state.new_position, new_x, rtol=0, atol=1e-12)


def test_emissions_round_matches_naive_loop(fixtures_dir: Path) -> None:
    """On the published EC data the two implementations give identical first rounds."""
    from accord.model.formats import read_bdm_csv
    from accord.solve.spatial.scenario import to_scenario

    scen = to_scenario(read_bdm_csv(fixtures_dir / "bdm" / "eu_emissions.csv"))
    x, c, s = scen.position[:, 0], scen.capability, scen.salience[:, 0]
    state = eum_round(x, c, s, 6.0, EUMSettings())
    new_x, _ = naive_eum_round(x.tolist(), c.tolist(), s.tolist(), 6.0)
    assert state.new_position.tolist() == pytest.approx(new_x, abs=1e-12)
