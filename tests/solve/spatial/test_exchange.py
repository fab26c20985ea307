"""Stokman & van Oosten's exchange model: equal gains, feasibility, greedy execution."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.model.formats import read_ktab_csv
from accord.solve.spatial.base import SpatialScenario
from accord.solve.spatial.exchange import ExchangeModel, compromise_outcome, feasible_exchanges
from accord.solve.spatial.scenario import to_scenario


def _scenario(position: list[list[float]], salience: list[list[float]], cap: list[float]):
    n, d = np.shape(position)
    return SpatialScenario(
        tuple(f"a{i}" for i in range(n)),
        tuple(f"d{k}" for k in range(d)),
        np.array(cap, dtype=float),
        np.array(position, dtype=float),
        np.array(salience, dtype=float),
    )


def _utility(scen: SpatialScenario, x: np.ndarray) -> np.ndarray:
    """Stokman & van Oosten's (1994) utility: −Σ_a s_ia |x⁰_ia − O_a| on the ORIGINAL positions."""
    w = scen.capability[:, None] * scen.salience
    out = compromise_outcome(x, w)
    return -(scen.salience * np.abs(scen.position - out[None, :])).sum(axis=1)


def test_two_actor_trade_has_equal_gains() -> None:
    """The defining property (Stokman & van Oosten 1994): both partners gain the same."""
    scen = _scenario([[0.0, 0.0], [100.0, 100.0], [50.0, 50.0]],
                     [[0.9, 0.2], [0.3, 0.8], [0.5, 0.5]], [1.0, 1.5, 0.7])
    trades = feasible_exchanges(scen.position, scen.capability, scen.salience)
    assert trades, "a0 cares about d0 and a1 about d1, on opposite sides: they must trade"
    best = trades[0]
    assert {best.mover_a, best.mover_b} == {0, 1}
    x = scen.position.copy()
    w = scen.capability[:, None] * scen.salience
    before = compromise_outcome(x, w)
    after_x = x.copy()
    for mover, issue, shift in ((best.mover_a, best.issue_a, best.shift_a),
                                (best.mover_b, best.issue_b, best.shift_b)):
        after_x[mover, issue] += np.sign(before[issue] - x[mover, issue]) * shift
    gain = _utility(scen, after_x) - _utility(scen, x)
    assert gain[0] == pytest.approx(gain[1], rel=1e-9)
    assert gain[0] == pytest.approx(best.gain, rel=1e-9) and best.gain > 0
    # one of the two movers goes exactly to the outcome (the exchange is as large as allowed)
    assert min(
        abs(after_x[best.mover_a, best.issue_a] - before[best.issue_a]),
        abs(after_x[best.mover_b, best.issue_b] - before[best.issue_b]),
    ) == pytest.approx(0.0, abs=1e-9)


def test_no_trade_without_opposite_sides_or_different_priorities() -> None:
    same_side = _scenario([[0.0, 0.0], [10.0, 10.0], [100.0, 100.0]],
                          [[0.9, 0.1], [0.1, 0.9], [0.5, 0.5]], [1.0, 1.0, 3.0])
    trades = feasible_exchanges(same_side.position, same_side.capability, same_side.salience)
    assert all({t.mover_a, t.mover_b} != {0, 1} for t in trades)
    same_priorities = _scenario([[0.0, 0.0], [100.0, 100.0]], [[0.6, 0.3], [0.6, 0.3]], [1, 1])
    assert feasible_exchanges(
        same_priorities.position, same_priorities.capability, same_priorities.salience
    ) == []


def test_run_records_exchanges_and_each_actor_issue_once_per_round() -> None:
    rng = np.random.default_rng(7)
    scen = _scenario(rng.uniform(0, 100, (12, 4)).tolist(), rng.uniform(0, 1, (12, 4)).tolist(),
                     rng.uniform(0.1, 1, 12).tolist())
    result = ExchangeModel(rounds=5).run(scen)
    assert result.moves and all(m.kind == "exchange" and m.counterpart for m in result.moves)
    for rnd in range(1, result.rounds + 1):
        ms = [m for m in result.moves if m.round == rnd]
        moved = [(m.actor, m.dimension) for m in ms]
        assert len(moved) == len(set(moved))
        # moves come in pairs, partners naming each other
        for m in ms:
            assert any(o.actor == m.counterpart and o.counterpart == m.actor for o in ms)
    # history agrees with moves, positions stay in the input range
    assert np.isfinite(result.history).all()
    assert (result.history >= scen.position.min(axis=0) - 1e-9).all()
    assert (result.history <= scen.position.max(axis=0) + 1e-9).all()


def test_one_issue_means_no_exchange_and_compromise_forecast() -> None:
    scen = _scenario([[10.0], [90.0]], [[0.5], [1.0]], [1.0, 1.0])
    result = ExchangeModel().run(scen)
    assert result.moves == [] and result.converged and result.rounds == 0
    assert result.forecast[0] == pytest.approx((10 * 0.5 + 90 * 1.0) / 1.5)


def test_ktab_two_issue_scenario_runs(fixtures_dir: Path) -> None:
    """Robustness on KTAB's SOE reform scenario (13 actors, 2 issues); no published outcome."""
    scen = to_scenario(read_ktab_csv(fixtures_dir / "ktab" / "SOE-Pol-Comp.csv"))
    result = ExchangeModel(rounds=20).run(scen)
    assert np.isfinite(result.forecast).all()
    assert result.history.shape[1:] == (13, 2)


def test_parameters_checked() -> None:
    with pytest.raises(AccordError, match="exclusive: unknown value"):
        ExchangeModel(exclusive="some")  # type: ignore[arg-type]
    with pytest.raises(AccordError, match="rounds must be >= 0"):
        ExchangeModel(rounds=-1)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 6),
    d=st.integers(2, 3),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_feasible_exchange_gives_equal_positive_gains(n: int, d: int, seed: int) -> None:
    """For every listed exchange, executing it alone gives both partners the same utility gain
    (Stokman & van Oosten 1994), neither mover passes the outcome, and the gain is positive."""
    rng = np.random.default_rng(seed)
    scen = _scenario(
        rng.uniform(0, 100, (n, d)).tolist(),
        rng.uniform(0.05, 1, (n, d)).tolist(),
        rng.uniform(0.1, 1, n).tolist(),
    )
    x = scen.position
    w = scen.capability[:, None] * scen.salience
    outcome = compromise_outcome(x, w)
    for trade in feasible_exchanges(x, scen.capability, scen.salience):
        assert trade.gain > 0
        moved = x.copy()
        for mover, issue, shift in ((trade.mover_a, trade.issue_a, trade.shift_a),
                                    (trade.mover_b, trade.issue_b, trade.shift_b)):
            room = abs(outcome[issue] - x[mover, issue])
            assert shift <= room * (1 + 1e-9)
            moved[mover, issue] += np.sign(outcome[issue] - x[mover, issue]) * shift
        # the outcome moves by alpha*shift <= shift, so it cannot pass the beneficiaries unless
        # they sit closer to it than that; compare gains with the model's linear valuation
        new_outcome = compromise_outcome(moved, w)
        delta = new_outcome - outcome
        i, j = trade.mover_b, trade.mover_a  # i yields on issue_b, j yields on issue_a
        a, b = trade.issue_a, trade.issue_b
        toward_i_a = np.sign(x[i, a] - outcome[a]) * delta[a]
        toward_j_b = np.sign(x[j, b] - outcome[b]) * delta[b]
        gain_i = scen.salience[i, a] * toward_i_a - scen.salience[i, b] * toward_j_b
        gain_j = scen.salience[j, b] * toward_j_b - scen.salience[j, a] * toward_i_a
        assert gain_i == pytest.approx(gain_j, rel=1e-9, abs=1e-12)
        assert gain_i == pytest.approx(trade.gain, rel=1e-9, abs=1e-12)
