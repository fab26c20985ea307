"""Compromise (weighted mean) and weighted median engines, on the published BdM fixtures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.errors import AccordError
from accord.model.formats import read_bdm_csv
from accord.solve.spatial import get_engine
from accord.solve.spatial.base import SpatialScenario
from accord.solve.spatial.compromise import (
    CompromiseModel,
    WeightedMedianModel,
    check_scenario,
    weighted_median,
)
from accord.solve.spatial.scenario import to_scenario


@pytest.fixture(scope="module")
def emissions(fixtures_dir: Path) -> SpatialScenario:
    return to_scenario(read_bdm_csv(fixtures_dir / "bdm" / "eu_emissions.csv"))


def test_emissions_weighted_mean_is_7_39(emissions: SpatialScenario) -> None:
    """Golden: capability × salience weighted mean of the EC car-emissions data is 7.39 years.

    Source: Scholz, Calbert & Smith (2011), JTP 23(4), the worked example (they print 7.4);
    data from Bueno de Mesquita (1994). fixtures/bdm/README.md lists the number.
    """
    result = CompromiseModel().run(emissions)
    assert result.forecast[0] == pytest.approx(7.39, abs=0.01)
    assert result.rounds == 0 and result.moves == [] and result.converged


def test_emissions_weighted_median_is_7(emissions: SpatialScenario) -> None:
    """Golden: the weighted median of the EC car-emissions data is 7 (Scholz et al. 2011)."""
    assert WeightedMedianModel().run(emissions).forecast[0] == 7.0


def test_median_tie_takes_lower_position() -> None:
    """Exactly half the weight on each side: the lower position is the median (stated rule)."""
    assert weighted_median(np.array([3.0, 1.0]), np.array([0.5, 0.5])) == 1.0
    # 0.1 + 0.2 is not exactly 0.3 in floating point; the tie must still hold
    assert weighted_median(np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.2, 0.3])) == 2.0


def test_median_is_an_actor_position_and_ignores_zero_weight() -> None:
    x = np.array([0.0, 50.0, 100.0, 70.0])
    w = np.array([1.0, 1.0, 1.0, 0.0])
    assert weighted_median(x, w) == 50.0


def test_china_runs(fixtures_dir: Path) -> None:
    """Robustness: the 24-actor 1989 China scenario (no published outcome to compare with)."""
    scen = to_scenario(read_bdm_csv(fixtures_dir / "bdm" / "china_1989.csv"))
    mean = get_engine("compromise").run(scen).forecast[0]
    median = get_engine("median").run(scen).forecast[0]
    assert 10.0 <= median <= 100.0 and 10.0 <= mean <= 100.0
    assert median in set(scen.position[:, 0].tolist())


def _scenario(position: list[float], salience: list[float], cap: list[float]) -> SpatialScenario:
    n = len(position)
    return SpatialScenario(
        tuple(f"a{i}" for i in range(n)),
        ("d",),
        np.array(cap),
        np.array(position)[:, None],
        np.array(salience)[:, None],
    )


@pytest.mark.parametrize("engine", ["compromise", "median"])
def test_degenerate_inputs_are_defined(engine: str) -> None:
    one = _scenario([40.0], [0.5], [1.0])
    assert get_engine(engine).run(one).forecast[0] == 40.0
    same = _scenario([60.0, 60.0, 60.0], [0.2, 0.9, 0.4], [1.0, 2.0, 3.0])
    assert get_engine(engine).run(same).forecast[0] == 60.0


@pytest.mark.parametrize("engine", ["compromise", "median", "eum", "exchange"])
def test_zero_salience_everywhere_is_a_clear_error(engine: str) -> None:
    scen = _scenario([10.0, 90.0], [0.0, 0.0], [1.0, 1.0])
    with pytest.raises(AccordError, match="dimension 'd' has no weight") as err:
        get_engine(engine).run(scen)
    assert str(err.value).startswith("salience: ")


def test_bad_arrays_are_refused() -> None:
    scen = _scenario([10.0, float("nan")], [0.5, 0.5], [1.0, 1.0])
    with pytest.raises(AccordError, match="position: contains NaN"):
        check_scenario(scen)
    scen = _scenario([10.0, 20.0], [0.5, 1.5], [1.0, 1.0])
    with pytest.raises(AccordError, match=r"salience must lie in \[0, 1\]"):
        check_scenario(scen)
    scen = SpatialScenario(("a", "b"), ("d",), np.ones(3), np.ones((2, 1)), np.ones((2, 1)))
    with pytest.raises(AccordError, match=r"capability: expected shape \(2,\)"):
        check_scenario(scen)


def test_get_engine_errors() -> None:
    with pytest.raises(AccordError, match="unknown engine 'nope'"):
        get_engine("nope")
    with pytest.raises(AccordError, match="bad parameters for engine 'eum'"):
        get_engine("eum", roundz=3)
