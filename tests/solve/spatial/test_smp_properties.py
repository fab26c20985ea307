"""Properties, degenerate inputs and KTAB's alternative switches for the SMP engine."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.solve.spatial.base import SpatialScenario
from accord.solve.spatial.smp import (
    BargainInterpolation,
    BargainModel,
    BigRAdjust,
    BigRRange,
    PCEModel,
    SpatialModelOfPolitics,
    StateTransition,
    ThirdPartyCommit,
    VictoryModel,
    VotingRule,
)
from accord.solve.spatial.smp_kernels import (
    big_r_from_prob,
    coalitions,
    conditional_pce,
    risk_utility,
    salience_distance,
    victory_matrix,
    vote,
)


def scenario(
    cap: Any, pos: Any, sal: Any, lo: float | None = None, hi: float | None = None
) -> SpatialScenario:
    """A scenario with actors a0.. and dimensions d0.. from plain lists."""
    position = np.asarray(pos, dtype=np.float64)
    n, d = position.shape
    return SpatialScenario(
        actors=tuple(f"a{i}" for i in range(n)),
        dimensions=tuple(f"d{k}" for k in range(d)),
        capability=np.asarray(cap, dtype=np.float64),
        position=position,
        salience=np.asarray(sal, dtype=np.float64),
        scale_min=None if lo is None else np.full(d, lo),
        scale_max=None if hi is None else np.full(d, hi),
    )


def random_scenario(n: int, d: int, seed: int) -> SpatialScenario:
    """Random actors like KTAB's SMPActor::randomize (capability 10–200, total salience < 1)."""
    rng = np.random.default_rng(seed)
    sal = rng.uniform(0.1, 1.0, (n, d))
    sal = sal / sal.sum(axis=1, keepdims=True) * rng.uniform(0.75, 0.99, (n, 1))
    return scenario(rng.uniform(10, 200, n), rng.uniform(0, 100, (n, d)), sal)


# ---------------------------------------------------------------- properties


@st.composite
def scenarios(draw: st.DrawFn) -> SpatialScenario:
    n = draw(st.integers(1, 6))
    d = draw(st.integers(1, 3))
    coord = st.floats(0.0, 100.0, allow_nan=False)
    pos = [[draw(coord) for _ in range(d)] for _ in range(n)]
    cap = [draw(st.floats(0.01, 1000.0)) for _ in range(n)]
    sal = []
    for _ in range(n):
        raw = [draw(st.floats(0.0, 1.0)) for _ in range(d)]
        raw[draw(st.integers(0, d - 1))] = draw(st.floats(0.01, 1.0))  # cares about something
        total = sum(raw)
        sal.append([v / total for v in raw] if total > 1.0 else raw)
    return scenario(cap, pos, sal)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sc=scenarios())
def test_never_nan_and_positions_stay_on_the_scale(sc: SpatialScenario) -> None:
    """Any valid scenario: finite history inside [0, 100], forecast inside the scale."""
    result = SpatialModelOfPolitics().run(sc)
    assert np.all(np.isfinite(result.history))
    assert result.history.min() >= 0.0 and result.history.max() <= 100.0
    assert np.all(np.isfinite(result.forecast))
    assert np.all((result.forecast >= 0.0) & (result.forecast <= 100.0))
    np.testing.assert_array_equal(result.history[0], sc.position)
    assert 2 <= result.rounds <= 100
    probs = np.asarray(result.parameters["win_probabilities"])
    assert np.all((probs >= 0.0) & (probs <= 1.0 + 1e-12))


@settings(max_examples=25, deadline=None)
@given(sc=scenarios(), shift=st.floats(-500.0, 500.0), width=st.floats(1.0, 1000.0))
def test_result_follows_the_issue_scale(sc: SpatialScenario, shift: float, width: float) -> None:
    """SMP works on KTAB's [0, 1] scale: any linear issue scale gives the same dynamics."""
    base = SpatialModelOfPolitics().run(sc)
    scaled = scenario(
        sc.capability, sc.position / 100.0 * width + shift, sc.salience, shift, shift + width
    )
    other = SpatialModelOfPolitics().run(scaled)
    assert other.history.shape == base.history.shape
    np.testing.assert_allclose(
        other.history, base.history / 100.0 * width + shift, atol=1e-6 * width
    )


# ---------------------------------------------------------------- degenerate inputs


def test_one_actor_stays_put() -> None:
    result = SpatialModelOfPolitics().run(scenario([10.0], [[30.0, 40.0]], [[0.5, 0.3]]))
    assert result.converged and result.rounds == 2  # KTAB's minimum of 2 turns
    np.testing.assert_array_equal(result.history[-1], [[30.0, 40.0]])
    np.testing.assert_array_equal(result.forecast, [30.0, 40.0])
    assert result.moves == []


def test_everyone_at_the_same_position_is_a_fixed_point() -> None:
    sc = scenario([10.0, 20.0, 30.0], [[30.0, 40.0]] * 3, [[0.5, 0.3], [0.2, 0.2], [0.9, 0.1]])
    result = SpatialModelOfPolitics().run(sc)
    assert result.converged and result.moves == []
    np.testing.assert_array_equal(result.history[-1], sc.position)
    np.testing.assert_allclose(result.forecast, [30.0, 40.0])
    # no position can be likelier than another, so everyone is risk neutral
    assert result.parameters["risk_attitudes"][0] == [0.0, 0.0, 0.0]


def test_zero_salience_on_some_issues_is_fine() -> None:
    sc = scenario(
        [10.0, 20.0, 30.0],
        [[30.0, 40.0], [50.0, 50.0], [90.0, 10.0]],
        [[0.5, 0.0], [0.2, 0.3], [0.0, 0.4]],
    )
    result = SpatialModelOfPolitics().run(sc)
    assert np.all(np.isfinite(result.history)) and np.all(np.isfinite(result.forecast))


def test_actor_with_no_salience_at_all_is_a_clear_error() -> None:
    sc = scenario([10.0, 20.0], [[30.0], [50.0]], [[0.0], [0.3]])
    with pytest.raises(AccordError, match="'a0' has zero salience on every dimension"):
        SpatialModelOfPolitics().run(sc)


@pytest.mark.parametrize(
    ("cap", "pos", "sal", "message"),
    [
        ([0.0, 1.0], [[10.0], [20.0]], [[0.5], [0.5]], "positive capability"),
        ([1.0, 1.0], [[10.0], [120.0]], [[0.5], [0.5]], "outside"),
        ([1.0, 1.0], [[10.0], [np.nan]], [[0.5], [0.5]], "finite"),
        ([1.0, 1.0], [[10.0], [20.0]], [[0.5], [1.5]], "outside \\[0, 1\\]"),
    ],
)
def test_bad_inputs_are_one_line_errors(cap: Any, pos: Any, sal: Any, message: str) -> None:
    with pytest.raises(AccordError, match=message) as err:
        SpatialModelOfPolitics().run(scenario(cap, pos, sal))
    assert "\n" not in str(err.value)


def test_salience_over_100_percent_needs_explicit_rescaling() -> None:
    sc = scenario([10.0, 20.0], [[10.0, 90.0], [60.0, 20.0]], [[0.8, 0.6], [0.3, 0.3]])
    with pytest.raises(AccordError, match="saliences sum to 1.400 > 1"):
        SpatialModelOfPolitics().run(sc)
    result = SpatialModelOfPolitics(normalise_salience=True).run(sc)
    assert result.parameters["salience_rescaled"] == ["a0"]  # recorded, never silent
    assert np.all(np.isfinite(result.history))


def test_unknown_switch_value_is_a_clear_error() -> None:
    with pytest.raises(AccordError, match="voting_rule: 'majority' is not one of"):
        SpatialModelOfPolitics(voting_rule="majority")
    with pytest.raises(AccordError, match="max_turns"):
        SpatialModelOfPolitics(max_turns=0)


# ---------------------------------------------------------------- KTAB's other switches

SWITCHES: list[tuple[str, Any]] = [
    *[("voting_rule", v) for v in VotingRule],
    *[("victory_model", v) for v in VictoryModel],
    *[("pce_model", v) for v in PCEModel],
    *[("big_r_range", v) for v in BigRRange],
    *[("big_r_adjust", v) for v in BigRAdjust],
    *[("third_party_commit", v) for v in ThirdPartyCommit],
    *[("bargain_interpolation", v) for v in BargainInterpolation],
    *[("bargain_model", v) for v in BargainModel],
]


@pytest.mark.parametrize(("name", "value"), SWITCHES, ids=[f"{n}={v.value}" for n, v in SWITCHES])
def test_every_ktab_switch_runs_and_is_deterministic(name: str, value: Any) -> None:
    sc = random_scenario(10, 3, seed=7)
    engine = SpatialModelOfPolitics(**{name: value.value})
    first, second = engine.run(sc), engine.run(sc)
    np.testing.assert_array_equal(first.history, second.history)
    assert np.all(np.isfinite(first.history))
    assert first.history.min() >= 0.0 and first.history.max() <= 100.0
    assert first.parameters[name] == value.value


def test_switches_change_the_dynamics() -> None:
    sc = random_scenario(10, 3, seed=7)
    default = SpatialModelOfPolitics().run(sc).history
    for kwargs in ({"voting_rule": "cubic"}, {"bargain_interpolation": "s1p1"}):
        other = SpatialModelOfPolitics(**kwargs).run(sc).history
        assert other.shape != default.shape or not np.allclose(other, default)


def test_stochastic_transitions_are_reproducible_with_a_seed() -> None:
    sc = random_scenario(10, 2, seed=11)
    a = SpatialModelOfPolitics(state_transition=StateTransition.STOCHASTIC, seed=5).run(sc)
    b = SpatialModelOfPolitics(state_transition="stochastic", seed=5).run(sc)
    np.testing.assert_array_equal(a.history, b.history)
    runs = [
        SpatialModelOfPolitics(state_transition="stochastic", seed=s).run(sc).history
        for s in range(6)
    ]
    assert any(r.shape != runs[0].shape or not np.array_equal(r, runs[0]) for r in runs[1:])


def test_max_turns_caps_the_run() -> None:
    result = SpatialModelOfPolitics(max_turns=1).run(random_scenario(8, 2, seed=3))
    assert result.rounds == 1 and not result.converged


# ---------------------------------------------------------------- kernels


def test_utility_is_one_at_the_ideal_and_zero_at_distance_one_whatever_the_risk() -> None:
    r = np.array([-0.5, 0.0, 1.0])
    np.testing.assert_allclose(risk_utility(np.zeros(3), r), 1.0)
    np.testing.assert_allclose(risk_utility(np.ones(3), r), 0.0)
    # risk-averse actors value a half-way position less than risk-acceptant ones
    u = risk_utility(np.full(3, 0.5), r)
    assert u[0] < u[1] < u[2]


def test_salience_distance_is_the_normalised_weighted_euclidean_norm() -> None:
    x = np.array([[0.0, 0.0], [1.0, 1.0]])
    sal = np.array([[0.3, 0.4], [0.5, 0.0]])
    d = salience_distance(x, x, sal)
    assert d[0, 0] == 0.0
    assert d[0, 1] == pytest.approx(1.0)  # sqrt((0.09 + 0.16) / 0.25)
    assert d[1, 0] == pytest.approx(1.0)  # only the first issue counts for actor 1


def test_risk_range_mid_spans_minus_half_to_one() -> None:
    r = big_r_from_prob(np.array([0.1, 0.2, 0.7]), BigRRange.MID)
    assert r.min() == pytest.approx(-0.5) and r.max() == pytest.approx(1.0)


def test_conditional_pce_is_a_distribution_favouring_the_condorcet_winner() -> None:
    util = np.array([[1.0, 0.5, 0.0], [0.6, 1.0, 0.2], [0.0, 0.7, 1.0]])
    c = coalitions(VotingRule.PROPORTIONAL, np.array([1.0, 1.0, 1.0]), util)
    p = conditional_pce(victory_matrix(VictoryModel.LINEAR, c))
    assert p.sum() == pytest.approx(1.0)
    assert int(np.argmax(p)) == 1  # the middle option beats both extremes


def test_asymmetric_prospect_vote_discounts_gains() -> None:
    gain = vote(VotingRule.ASYM_PROSPECT, 3.0, np.array(0.6), np.array(0.3))
    loss = vote(VotingRule.ASYM_PROSPECT, 3.0, np.array(0.3), np.array(0.6))
    assert float(gain) == pytest.approx(0.6) and float(loss) == pytest.approx(-0.9)


def test_ktab_spellings_of_the_switches_are_accepted() -> None:
    """KTAB XML <ModelParameters> values (smp.h / kmodel.h *Names) map onto the switches."""
    engine = SpatialModelOfPolitics(
        victory_model="Linear",
        voting_rule="PropCbc",
        pce_model="MarkovIncentive",
        state_transition="Stochastic",
        big_r_range="Mid",
        big_r_adjust="OneThird",
        third_party_commit="SemiCommit",
        bargain_interpolation="S2P2",
        bargain_model="InitOnlyInterp",
    )
    assert engine.voting_rule is VotingRule.PROP_CUBIC
    assert engine.pce_model is PCEModel.MARKOV_INCENTIVE
    assert engine.state_transition is StateTransition.STOCHASTIC
    assert engine.big_r_adjust is BigRAdjust.ONE_THIRD
    assert engine.third_party_commit is ThirdPartyCommit.SEMI
    assert engine.bargain_model is BargainModel.INITIATOR_ONLY
    assert SpatialModelOfPolitics(voting_rule="Prop").voting_rule is VotingRule.PROPORTIONAL
    assert SpatialModelOfPolitics(bargain_model="PWCompInterp").bargain_model is (
        BargainModel.POWER_WEIGHTED
    )


def test_given_risk_attitudes_are_reported_as_unused() -> None:
    sc = random_scenario(5, 2, seed=2)
    with_risk = SpatialScenario(
        actors=sc.actors,
        dimensions=sc.dimensions,
        capability=sc.capability,
        position=sc.position,
        salience=sc.salience,
        risk=np.zeros(5),
    )
    assert SpatialModelOfPolitics().run(with_risk).parameters["input_risk_ignored"] is True
    assert SpatialModelOfPolitics().run(sc).parameters["input_risk_ignored"] is False
