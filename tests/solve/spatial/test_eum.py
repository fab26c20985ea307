"""Bueno de Mesquita's expected-utility model against Scholz, Calbert & Smith (2011)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from accord.errors import AccordError
from accord.model.formats import read_bdm_csv
from accord.solve.spatial.base import SpatialScenario
from accord.solve.spatial.compromise import round_outcomes
from accord.solve.spatial.eum import ExpectedUtilityModel
from accord.solve.spatial.scenario import to_scenario

# Scholz et al. print one decimal; ±0.05 is "the same number when printed" for round 1.
TOL = 0.05

# Table 2 of Scholz, Calbert & Smith (2011): the median voter position after rounds 1..8
# (conference version, ICAART 2011, results section; rounds 1-5 are also stated in the text:
# 8.4 after round 1, 9.9 after rounds 2-5).
TABLE_2_MEDIANS = (8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6)


def printed(value: float) -> float:
    """``value`` as Scholz et al.'s Table 2 prints it: cut (not rounded) to one decimal.

    The table's later rounds fix the convention: the model's 7.472 and 9.671 (rounds 6 and 8)
    appear as 7.4 and 9.6, and 9.962 (rounds 3-5) as 9.9; rounding would print 7.5, 9.7 and
    10.0. The 1e-9 guards values such as 8.4 stored as 8.3999999.
    """
    return math.floor(value * 10 + 1e-9) / 10


@pytest.fixture(scope="module")
def emissions(fixtures_dir: Path) -> SpatialScenario:
    return to_scenario(read_bdm_csv(fixtures_dir / "bdm" / "eu_emissions.csv"))


@pytest.fixture(scope="module")
def emissions_medians(emissions: SpatialScenario) -> np.ndarray:
    """Weighted median (capability × salience) of the positions after rounds 0..8."""
    result = ExpectedUtilityModel(rounds=8).run(emissions)
    return round_outcomes(result, emissions)["median"][:, 0]


def test_round1_median_is_8_4(emissions_medians: np.ndarray) -> None:
    """Golden: "median actor position" after round 1 is 8.4 years.

    Source: Scholz, Calbert & Smith (2011), JTP 23(4): 510–531, EC car-emission example with
    Q = T = 1 (data: Bueno de Mesquita 1994). "Median actor position" = the capability ×
    salience weighted median of the positions after the round. Ours: 8.416 (Belgium's
    compromise with France, 7 → 8.416, becomes the median position).
    """
    assert emissions_medians[0] == 7.0
    assert emissions_medians[1] == pytest.approx(8.4, abs=TOL)
    assert printed(emissions_medians[1]) == TABLE_2_MEDIANS[0]


def test_rounds_3_to_5_median_is_9_9(emissions_medians: np.ndarray) -> None:
    """Golden: median 9.9 after rounds 3, 4 and 5 as printed (Scholz et al. 2011, text and
    Table 2). Ours: 9.962 each time, printed 9.9 (see :func:`printed`); the median actor
    changes (Belgium, then Luxembourg, then Ireland) but the position holds."""
    for rnd in (3, 4, 5):
        assert printed(emissions_medians[rnd]) == TABLE_2_MEDIANS[rnd - 1] == 9.9


def test_rounds_6_to_8_follow_table_2(emissions_medians: np.ndarray) -> None:
    """Golden: after the plateau the median falls and climbs again, 7.4, 8.8, 9.6 after rounds
    6, 7 and 8 (Scholz et al. 2011, Table 2: "appears to stabilise, but then continues to
    change"). Ours: 7.472, 8.825, 9.671 — Belgium's compromise with the Netherlands in round 4
    (the compromise-selection rule of Scholz's code, ``offer_choice="scholz"``) starts it."""
    for rnd in (6, 7, 8):
        assert printed(emissions_medians[rnd]) == TABLE_2_MEDIANS[rnd - 1]


@pytest.mark.xfail(
    strict=True,
    reason=(
        "not reproduced: Scholz et al. (2011) print 9.9 after round 2; we get 9.611 (9.6). "
        "Every other median of their Table 2 (rounds 1 and 3-8) is reproduced, and under this "
        "model a 9.9 after round 2 would start the later fall one round early "
        "(test_a_9_9_round_2_contradicts_table_2_rounds_3_to_8); see docs/eum.md"
    ),
)
def test_round2_median_is_9_9(emissions_medians: np.ndarray) -> None:
    """Golden (not reproduced): median 9.9 after round 2 (Scholz et al. 2011, JTP 23(4))."""
    assert printed(emissions_medians[2]) == TABLE_2_MEDIANS[1]


@pytest.mark.parametrize(
    "moved",
    [("Belgium",), ("Luxembourg",), ("Ireland",), ("Belgium", "Luxembourg"),
     ("Belgium", "Ireland"), ("Luxembourg", "Ireland"), ("Belgium", "Luxembourg", "Ireland")],
)
def test_a_9_9_round_2_contradicts_table_2_rounds_3_to_8(
    emissions: SpatialScenario, moved: tuple[str, ...]
) -> None:
    """Why round 2 is left as an xfail rather than chased further.

    Only Belgium, Luxembourg and Ireland ever move on this data, and the state after a round is
    just the positions (risk exponents are recomputed from them each round; the distance range
    stays 4..10). So we put the movers at every position from 9.90 to 9.995 after round 2 —
    each such state prints 9.9 as Table 2 does — and play on: none of them gives Table 2's
    rounds 3-8 (9.9, 9.9, 9.9, 7.4, 8.8, 9.6). With Belgium at 9.98 the model prints 9.9, 9.9,
    7.4, 8.8, 9.6, 9.6: the same fall, one round early. Our 9.611 is the round-2 state from
    which Table 2's later rounds follow.
    """
    after_round_2 = ExpectedUtilityModel(rounds=2).run(emissions).history[2]
    later = TABLE_2_MEDIANS[2:]
    rows = [emissions.actors.index(a) for a in moved]
    for value in np.arange(9.9, 10.0, 0.005):
        position = after_round_2.copy()
        position[rows, 0] = value
        state = replace(emissions, position=position)
        medians = round_outcomes(ExpectedUtilityModel(rounds=6).run(state), state)["median"]
        assert printed(medians[0, 0]) == 9.9
        assert tuple(printed(v) for v in medians[1:, 0]) != later, value


def test_our_trajectory_is_pinned(emissions_medians: np.ndarray) -> None:
    """Regression pin of the exact medians behind the printed ones (not published numbers)."""
    assert emissions_medians[1:].tolist() == pytest.approx(
        [8.4159, 9.6109, 9.9620, 9.9620, 9.9620, 7.4721, 8.8246, 9.6711], abs=1e-4
    )


def test_moves_carry_their_reasons(emissions: SpatialScenario) -> None:
    result = ExpectedUtilityModel(rounds=1).run(emissions)
    belgium = [m for m in result.moves if m.actor == "Belgium"]
    assert len(belgium) == 1
    move = belgium[0]
    assert move.kind == "compromise" and move.counterpart == "France"
    assert (move.before, move.after) == (7.0, pytest.approx(8.4159, abs=1e-4))
    d = move.detail
    # compromise: the proposer gains more than the receiver loses; concession = |e_i / e_j|
    assert d["eu_counterpart_challenging"] > 0 > d["eu_actor_challenging"]
    assert d["eu_counterpart_challenging"] > abs(d["eu_actor_challenging"])
    assert d["concession"] == pytest.approx(
        abs(d["eu_actor_challenging"] / d["eu_counterpart_challenging"])
    )
    assert move.after == pytest.approx(7.0 + (10.0 - 7.0) * d["concession"])
    assert 0.5 <= d["risk_actor"] <= 2.0
    # the history agrees with the moves
    i = result.actors.index("Belgium")
    assert result.history[1, i, 0] == move.after
    moved = {m.actor for m in result.moves}
    unmoved = [k for k, a in enumerate(result.actors) if a not in moved]
    assert np.array_equal(result.history[1, unmoved, 0], result.history[0, unmoved, 0])


def test_risk_exponents_span_half_to_two(emissions: SpatialScenario) -> None:
    """R_i ∈ [−1, 1] over actors, so r_i = (1 − R/3)/(1 + R/3) ∈ [0.5, 2] with both ends hit."""
    from accord.solve.spatial.eum import EUMSettings, eum_round

    x = emissions.position[:, 0]
    state = eum_round(x, emissions.capability, emissions.salience[:, 0], 6.0, EUMSettings())
    assert state.risk.min() == pytest.approx(0.5) and state.risk.max() == pytest.approx(2.0)


def test_multi_issue_is_issue_by_issue(emissions: SpatialScenario) -> None:
    """The model is uni-dimensional: a two-issue run equals two one-issue runs."""
    rng = np.random.default_rng(3)
    other = rng.uniform(0, 100, emissions.n_actors)
    both = SpatialScenario(
        emissions.actors,
        ("cars", "other"),
        emissions.capability,
        np.column_stack([emissions.position[:, 0], other]),
        np.column_stack([emissions.salience[:, 0], emissions.salience[::-1, 0]]),
    )
    engine = ExpectedUtilityModel(rounds=4)
    joint = engine.run(both)
    for k in range(2):
        single = SpatialScenario(
            both.actors, (both.dimensions[k],), both.capability,
            both.position[:, [k]], both.salience[:, [k]],
        )
        assert np.array_equal(engine.run(single).history[:, :, 0], joint.history[:, :, k])


def test_china_1989_runs(fixtures_dir: Path) -> None:
    """Robustness on the 24-actor 1989 China scenario (no published outcome)."""
    scen = to_scenario(read_bdm_csv(fixtures_dir / "bdm" / "china_1989.csv"))
    for choice in ("scholz", "least_move"):
        result = ExpectedUtilityModel(rounds=10, offer_choice=choice).run(scen)
        assert result.history.shape == (11, 24, 1)
        assert np.isfinite(result.history).all()
        assert result.history.min() >= 10.0 and result.history.max() <= 100.0
        assert 10.0 <= result.forecast[0] <= 100.0
        assert result.moves, "stakeholders this far apart must bargain"


def _one_issue(position: list[float], salience: list[float]) -> SpatialScenario:
    n = len(position)
    return SpatialScenario(
        tuple(f"a{i}" for i in range(n)), ("d",), np.ones(n),
        np.array(position)[:, None], np.array(salience)[:, None],
    )


def test_degenerate_scenarios() -> None:
    engine = ExpectedUtilityModel(rounds=3)
    alone = engine.run(_one_issue([30.0], [0.7]))
    assert alone.forecast[0] == 30.0 and alone.moves == [] and alone.converged
    agree = engine.run(_one_issue([50.0, 50.0, 50.0], [0.1, 0.5, 1.0]))
    assert agree.forecast[0] == 50.0 and agree.moves == [] and agree.converged
    # some actors indifferent (salience 0): they never resist, results stay finite
    some = engine.run(_one_issue([0.0, 40.0, 100.0], [0.0, 0.6, 0.0]))
    assert np.isfinite(some.history).all()


def test_parameters_are_checked() -> None:
    with pytest.raises(AccordError, match="q: q is a probability"):
        ExpectedUtilityModel(q=1.5)
    with pytest.raises(AccordError, match="offer_choice: unknown value 'closest'"):
        ExpectedUtilityModel(offer_choice="closest")  # type: ignore[arg-type]
    with pytest.raises(AccordError, match="risk='given' but the scenario has no risk"):
        ExpectedUtilityModel(risk="given").run(_one_issue([0.0, 10.0], [0.5, 0.5]))
    bad = _one_issue([0.0, 10.0], [0.5, 0.5])
    bad = SpatialScenario(bad.actors, bad.dimensions, bad.capability, bad.position, bad.salience,
                          risk=np.array([1.0, 0.0]))
    with pytest.raises(AccordError, match="risk: risk exponents must be > 0"):
        ExpectedUtilityModel(risk="given").run(bad)


def test_given_risk_and_q_t_switches_change_the_play(emissions: SpatialScenario) -> None:
    base = ExpectedUtilityModel(rounds=2).run(emissions).history
    with_q = ExpectedUtilityModel(rounds=2, q=0.5, t=0.5).run(emissions).history
    assert not np.array_equal(base, with_q)
    risky = SpatialScenario(
        emissions.actors, emissions.dimensions, emissions.capability, emissions.position,
        emissions.salience, risk=np.ones(emissions.n_actors),
    )
    given = ExpectedUtilityModel(rounds=2, risk="given").run(risky).history
    neutral = ExpectedUtilityModel(rounds=2, risk="neutral").run(emissions).history
    assert np.array_equal(given, neutral)
