"""Sweeps: same runs on every executor, point models collapse to the point forecast, red-line and
zone-of-agreement probabilities, SALib indices rank the one input that decides."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from accord.model import load_model
from accord.model.agenda import with_agenda
from accord.model.load import load_checked
from accord.model.scenarios import at_points
from accord.model.schema import NegotiationModel
from accord.parallel import LocalExecutor
from accord.solve.bargaining import space_from_model
from accord.solve.bargaining.analysis import bargain
from accord.solve.bargaining.from_model import transfers_from_model
from accord.solve.bargaining.zone import analyse_zone
from accord.solve.spatial import get_engine
from accord.solve.spatial.scenario import run_engine, to_scenario
from accord.solve.uncertainty import run_sweep, sensitivity, zone_exists, zone_with_transfers
from accord.solve.uncertainty.inputs import input_set

EXAMPLE = "examples/ukraine-2025/model.yaml"


def toy(**over: Any) -> NegotiationModel:
    """Two big actors and one small one on two issues; ``over`` patches the plain data."""
    data: dict[str, Any] = {
        "name": "toy",
        "actors": [
            {"id": "a", "capability": 10},
            {"id": "b", "capability": 10},
            {"id": "c", "capability": 1},
        ],
        "issues": [
            {"id": "x", "question": "?", "status_quo": 50},
            {"id": "y", "question": "?", "status_quo": 50},
        ],
        "positions": [
            {"actor": "a", "issue": "x", "position": 20, "salience": 80},
            {"actor": "b", "issue": "x", "position": 80, "salience": 80},
            {"actor": "c", "issue": "x", "position": 50, "salience": 50},
            {"actor": "a", "issue": "y", "position": 30, "salience": 40},
            {"actor": "b", "issue": "y", "position": 60, "salience": 40},
        ],
    }
    for key, value in over.items():
        kind, _, idx = key.partition("_")
        data[kind][int(idx)].update(value)
    return NegotiationModel.model_validate(data)


UNCERTAIN = toy(
    actors_0={"capability": {"mode": 10, "low": 6, "high": 14}},
    positions_0={"position": {"low": 10, "high": 35}},
    positions_3={"salience": {"mean": 40, "sd": 10, "low": 20, "high": 60}},
    positions_1={"red_line": {"lowest_acceptable": {"values": [30, 45, 60]}}},
)


def test_same_runs_on_one_process_a_pool_and_dask(dask_executor) -> None:
    def go(executor: Any, chunk: int) -> Any:
        return run_sweep(
            UNCERTAIN, ["eum", "compromise"], runs=30, seed=11, executor=executor, chunk_size=chunk
        )

    one = go(None, 64)
    with LocalExecutor(workers=2) as pool:
        two = go(pool, 4)
    dask = go(dask_executor, 7)
    for other in (two, dask):
        np.testing.assert_array_equal(one.values, other.values)
        np.testing.assert_array_equal(one.outcomes, other.outcomes)
        np.testing.assert_array_equal(one.crossed, other.crossed)
        np.testing.assert_array_equal(one.zone, other.zone)
    assert one.values.shape == (30, 4)
    assert len(np.unique(one.outcomes[:, 1, 0])) > 20  # the inputs really vary
    again = run_sweep(UNCERTAIN, ["compromise"], runs=30, seed=12)
    assert not np.array_equal(again.values, one.values)  # another seed, other draws


def test_random_sampling_is_reproducible_per_run() -> None:
    a = run_sweep(UNCERTAIN, "compromise", runs=20, seed=3, method="random")
    b = run_sweep(UNCERTAIN, "compromise", runs=5, seed=3, method="random")
    np.testing.assert_array_equal(a.values[:5], b.values)  # run i depends on (seed, i) only


def test_a_point_model_collapses_to_the_point_forecast() -> None:
    model = at_points(load_model(EXAMPLE))
    result = run_sweep(model, "all", runs=3, seed=1, track="settlement")
    assert result.values.shape == (3, 0)
    summary = result.summary()
    scenario = to_scenario(model, "settlement")
    for e, name in enumerate(result.engines):
        params = {"normalise_salience": True} if name == "smp" else {}
        point = run_engine(get_engine(name, **params), scenario).forecast
        np.testing.assert_allclose(result.outcomes[:, e, :], np.tile(point, (3, 1)))
        for k, issue in enumerate(result.issues):
            s = summary.issue(issue, name)
            assert s.point == pytest.approx(point[k])
            assert s.quantiles["p5"] == pytest.approx(point[k]) == s.quantiles["p95"]
    assert "no uncertain inputs" in " ".join(result.notes)


def test_red_line_crossings_are_counted() -> None:
    # b's red line on x: at least 30, 45 or 60 (equally likely); compromise on x stays near 50.
    result = run_sweep(UNCERTAIN, "compromise", runs=300, seed=5)
    s = result.summary().issue("x", "compromise")
    x = result.outcomes[:, 0, 0]
    bound = result.values[:, result.input_names.index("red_line_low[b,x]")]
    np.testing.assert_array_equal(result.crossed[:, 0, 1, 0], x < bound)
    assert s.red_line_crossed == {"b": pytest.approx(float(np.mean(x < bound)))}
    assert 0.25 < s.red_line_crossed["b"] < 0.5  # always below 60, never below 30


def test_zone_probability_follows_the_red_lines() -> None:
    # a accepts x up to U(30, 70); b only from 50: a zone exists iff a's bound reaches 50.
    model = toy(
        positions_0={"red_line": {"highest_acceptable": {"low": 30, "high": 70}}},
        positions_1={"red_line": {"lowest_acceptable": 50}},
    )
    result = run_sweep(model, "compromise", runs=200, seed=2)
    bound = result.values[:, 0]
    np.testing.assert_array_equal(result.zone == 1, bound >= 50)
    assert result.summary().zone_probability == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize(
    ("track", "actors", "issues"),
    [
        ("bilateral", None, None),
        ("settlement", None, None),
        (None, ["us", "russia", "ukraine"], ["territory", "ceasefire"]),  # README: no zone
        (None, ["us", "russia", "ukraine", "eu"], ["nato"]),  # blocked by a red line
    ],
)
def test_zone_test_agrees_with_bargain_on_the_example(
    track: str | None, actors: list[str] | None, issues: list[str] | None
) -> None:
    loaded = load_checked(EXAMPLE)
    if actors is not None:
        loaded, track = with_agenda(loaded, actors=actors, issues=issues)
    s = space_from_model(loaded, track)
    exact = zone_exists(
        s.ideal,
        s.salience,
        s.disagreement_outcome,
        s.red_low,
        s.red_high,
        np.array([i.low for i in s.issues]),
        np.array([i.high for i in s.issues]),
    )
    assert exact == analyse_zone(s).exists
    if actors is not None:
        assert not exact


def fund_model(size: Any) -> NegotiationModel:
    """a (at 0) refuses x above 30; b (at 100) needs x ≥ 50 without money: no zone. At x = 30
    a has 20 to spare and b lacks 20, both valuing money at 1, so a fund from a to b of at
    least 20 buys the deal."""
    return NegotiationModel.model_validate(
        {
            "name": "fund",
            "money_unit": "EUR bn",
            "actors": [
                {"id": "a", "capability": 1, "utility_per_money": 1.0},
                {"id": "b", "capability": 1, "utility_per_money": 1.0},
            ],
            "issues": [{"id": "x", "question": "?", "status_quo": 50}],
            "positions": [
                {
                    "actor": "a",
                    "issue": "x",
                    "position": 0,
                    "salience": 100,
                    "red_line": {"highest_acceptable": 30},
                },
                {"actor": "b", "issue": "x", "position": 100, "salience": 100},
            ],
            "side_payment_pools": [
                {
                    "id": "fund",
                    "name": "fund",
                    "size": size,
                    "currency": "EUR bn",
                    "funders": ["a"],
                    "recipients": ["b"],
                }
            ],
        }
    )


def test_side_payments_buy_a_zone_when_the_pool_is_large_enough() -> None:
    result = run_sweep(fund_model({"low": 5, "high": 35}), "compromise", runs=200, seed=3)
    size = result.values[:, result.input_names.index("pool_size[fund]")]
    # never a zone without money; with it exactly when the drawn fund covers b's shortfall
    np.testing.assert_array_equal(result.zone, np.where(size >= 20, 2, 0))
    summary = result.summary()
    assert summary.zone_probability == pytest.approx(0.5, abs=0.01)
    assert summary.zone_probability_without_transfers == 0.0
    assert summary.to_dict()["zone_probability_without_transfers"] == 0.0


def test_without_pools_the_zone_is_tested_without_money() -> None:
    data = fund_model(10).model_dump()
    data["side_payment_pools"] = []
    result = run_sweep(NegotiationModel.model_validate(data), "compromise", runs=20, seed=3)
    assert (result.zone == 0).all()
    assert result.summary().zone_probability == 0.0
    assert result.summary().zone_probability_without_transfers is None


@pytest.mark.parametrize(
    ("actors", "issues"),
    [
        (["us", "russia", "ukraine"], ["territory", "ceasefire"]),  # README: money opens it
        (["us", "russia", "ukraine", "eu"], ["nato"]),  # a red line money cannot move
    ],
)
def test_side_payment_test_agrees_with_bargain_on_the_example(
    actors: list[str], issues: list[str]
) -> None:
    loaded, track = with_agenda(load_checked(EXAMPLE), actors=actors, issues=issues)
    s = space_from_model(loaded, track)
    setup, _ = transfers_from_model(loaded, s)
    bought = zone_with_transfers(
        s.ideal,
        s.salience,
        s.disagreement_outcome,
        s.red_low,
        s.red_high,
        np.array([i.low for i in s.issues]),
        np.array([i.high for i in s.issues]),
        setup.rates,
        setup.pools,
    )
    report = bargain(s, transfers=setup).transfers
    assert report is not None
    assert bought == report.opens_zone


def test_sensitivity_ranks_the_input_that_decides_first() -> None:
    # a's capability dwarfs the others, so the weighted median on x is a's position: that one
    # input decides x; b's and c's inputs vary too but never move it.
    model = toy(
        actors_0={"capability": 1000},
        positions_0={"position": {"low": 0, "high": 40}},
        positions_1={"position": {"low": 60, "high": 100}},
        positions_2={"salience": {"low": 10, "high": 90}},
    )
    for method in ("sobol", "morris", "oat"):
        r = sensitivity(model, "median", method=method, runs=32, seed=4)
        ranked = r.effects["x"]
        assert ranked[0].input == "position[a,x]", method
        if method == "sobol":
            assert ranked[0].first == pytest.approx(1.0, abs=0.15)
            assert ranked[0].total == pytest.approx(1.0, abs=0.15)
            assert all(abs(e.total or 0) < 0.05 for e in ranked[1:])
        assert ranked[0].score > 0 and all(e.score <= 1e-9 for e in ranked[1:])


def test_inputs_of_the_example() -> None:
    s = input_set(load_model(EXAMPLE), "settlement")
    by_name = {i.name: i for i in s.inputs}
    ru = by_name["position[russia,territory]"]
    assert ru.source == "uncertainty range" and ru.point == 90.0
    assert all(i.point == i.distribution.point for i in s.inputs)
