"""The SMP engine's O(n³) kernels against straightforward loop implementations of KTAB's formulas.

``coalitions`` and ``initiator_challenges`` are blocked and partly rewritten in closed form for
speed (1,000 actors); here they are checked, on random small scenarios, against plain loops that
follow KTAB's C++ line by line (kmodel.cpp ``Model::coalitions``; smpstate.cpp
``SMPState::probEduChlg`` with ``Actor::vProbLittle`` and ``Actor::thirdPartyVoteSU``). The
tolerance is float re-association: 1e-12 relative on coalition strengths and win probabilities,
and on expected gains 1e-12 relative or 1e-14 absolute (a gain is a difference of O(1)
utilities, so near-zero gains carry absolute rounding); contests between principals at (almost)
one position are ill-conditioned in KTAB's formula and get the allowance of
``contest_tolerance``.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.solve.spatial import smp_kernels
from accord.solve.spatial.base import SpatialScenario
from accord.solve.spatial.smp import SpatialModelOfPolitics, _unique_positions
from accord.solve.spatial.smp_kernels import (
    MIN_CHALLENGE_COALITION,
    MIN_COALITION,
    BigRAdjust,
    ThirdPartyCommit,
    VotingRule,
    coalitions,
    estimated_risk,
    initiator_challenges,
    risk_utility,
    salience_distance,
    vote,
)

# ---------------------------------------------------------------- loop references (KTAB)


def _vote(rule: VotingRule, w: float, u1: float, u2: float) -> float:
    return float(vote(rule, w, np.array(u1), np.array(u2)))


def reference_coalitions(rule: VotingRule, w: np.ndarray, util: np.ndarray) -> np.ndarray:
    """KTAB Model::coalitions: for i > j, every actor's vote goes to c(i, j) or c(j, i)."""
    n_act, n_opt = util.shape
    c = np.full((n_opt, n_opt), MIN_COALITION)
    for i in range(n_opt):
        for j in range(i):
            for k in range(n_act):
                v = _vote(rule, float(w[k]), float(util[k, i]), float(util[k, j]))
                if v > 0:
                    c[i, j] += v
                elif v < 0:
                    c[j, i] -= v
    return c


def reference_prob_gain(
    dist: np.ndarray,
    est_risk: np.ndarray,
    w: np.ndarray,
    sal_sum: np.ndarray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
    h: int,
    k: int,
    i: int,
    j: int,
) -> tuple[float, float, float]:
    """KTAB SMPState::probEduChlg(h, k, i, j): h's estimate that i beats j, and k's gain.

    Third item: the float tolerance this contest allows (see :func:`contest_tolerance`).
    """

    def util(row: int, col: int) -> float:  # aUtil[h](row, col)
        return float(risk_utility(np.array(dist[row, col]), np.array(est_risk[h, row])))

    ci = _vote(rule, float(w[i]), util(i, i), util(i, j))
    cj = _vote(rule, float(w[j]), util(j, i), util(j, j))
    chij = MIN_CHALLENGE_COALITION + max(ci, 0.0) + max(cj, 0.0)
    chji = MIN_CHALLENGE_COALITION + max(-ci, 0.0) + max(-cj, 0.0)
    before_i, before_j = chij, chji
    for m in range(len(w)):
        if m in (i, j):
            continue
        uni, unj, unn = util(m, i), util(m, j), util(m, m)
        cn = _vote(rule, float(w[m]), uni, unj)
        cni = before_i + max(cn, 0.0)
        cnj = before_j + max(-cn, 0.0)
        pin = cni / (cni + cnj)
        pjn = 1.0 - pin
        if commit is ThirdPartyCommit.FULL:
            ik_j, j_ik, i_jk, jk_i = 3 * uni, 3 * unj, 3 * uni, 3 * unj
        elif commit is ThirdPartyCommit.SEMI:
            ik_j, j_ik, i_jk, jk_i = 2 * uni + unn, 3 * unj, 3 * uni, 2 * unj + unn
        else:
            ik_j, j_ik, i_jk, jk_i = 2 * uni + unn, 2 * unj + unn, 2 * uni + unn, 2 * unj + unn
        vn = _vote(rule, float(w[m]), pin * ik_j + pjn * j_ik, pin * i_jk + pjn * jk_i)
        if vn > 0:
            chij += vn
        elif vn < 0:
            chji -= vn
    p_ij = chij / (chij + chji)
    p_ji = chji / (chij + chji)
    u_vict, u_loss = 2.0 * util(k, i), 2.0 * util(k, j)
    s_j = float(sal_sum[j])
    eu = (1.0 - s_j) * u_vict + s_j * (p_ij * u_vict + p_ji * u_loss)
    return p_ij, eu - (util(k, i) + util(k, j)), contest_tolerance(w, before_i + before_j)


def contest_tolerance(w: np.ndarray, principals: float) -> float:
    """Absolute rounding allowance of one contest's win probability and gain.

    A third party's little contest weighs its vote (~w ε of rounding) against the principals'
    coalitions. When both principals stand (almost) at one position those coalitions are only
    KTAB's 1e-10 floor, and rounding in votes that should be zero is amplified by up to
    sum(w) / 1e-10: the formula itself is ill-conditioned there, whatever the implementation.
    Elsewhere this allowance is ~1e-14 and the 1e-12 relative bound is what binds.
    """
    return 1e-15 * float(np.sum(w)) / principals


# ---------------------------------------------------------------- random inputs


@st.composite
def actors(draw: st.DrawFn, max_n: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions in [0, 1], saliences summing to (0, 1] per actor, capabilities."""
    n = draw(st.integers(2, max_n))
    d = draw(st.integers(1, 3))
    unit = st.floats(0.0, 1.0, allow_nan=False)
    x = np.array([[draw(unit) for _ in range(d)] for _ in range(n)])
    sal = np.array([[draw(st.floats(0.0, 1.0)) for _ in range(d)] for _ in range(n)])
    sal[np.arange(n), [draw(st.integers(0, d - 1)) for _ in range(n)]] += 0.05
    sal = sal / np.maximum(sal.sum(axis=1, keepdims=True), 1.0)
    cap = np.array([draw(st.floats(0.5, 500.0)) for _ in range(n)])
    return x, sal, cap


def _contest_inputs(
    x: np.ndarray, sal: np.ndarray, cap: np.ndarray, risk: np.ndarray, adjust: BigRAdjust
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    dist = salience_distance(x, x, sal)
    est = estimated_risk(risk[:, None], risk[None, :], adjust)
    sal_sum = sal.sum(axis=1)
    return dist, est, sal_sum * cap, sal_sum


# ---------------------------------------------------------------- coalitions


@settings(max_examples=60, deadline=None)
@given(
    rule=st.sampled_from(list(VotingRule)),
    n_act=st.integers(1, 7),
    n_opt=st.integers(1, 7),
    seed=st.integers(0, 2**32 - 1),
)
def test_coalitions_match_ktab_loops(rule: VotingRule, n_act: int, n_opt: int, seed: int) -> None:
    """Every voting rule: the blocked coalitions equal KTAB's triple loop to 1e-12."""
    rng = np.random.default_rng(seed)
    util = rng.uniform(0.0, 1.0, (n_act, n_opt))
    util[rng.uniform(size=util.shape) < 0.2] = 0.5  # ties: zero votes
    w = rng.uniform(0.0, 300.0, n_act)
    np.testing.assert_allclose(
        coalitions(rule, w, util), reference_coalitions(rule, w, util), rtol=1e-12, atol=0.0
    )


@pytest.fixture
def tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Work arrays of a few elements, so every kernel loops over many small blocks."""
    monkeypatch.setattr(smp_kernels, "_BLOCK_ELEMENTS", 16)
    yield


def test_coalitions_do_not_depend_on_the_block_size(tiny_blocks: None) -> None:
    rng = np.random.default_rng(4)
    util, w = rng.uniform(0.0, 1.0, (9, 40)), rng.uniform(1.0, 100.0, 9)
    for rule in VotingRule:
        np.testing.assert_allclose(
            coalitions(rule, w, util), reference_coalitions(rule, w, util), rtol=1e-12
        )


# ---------------------------------------------------------------- challenges


@settings(max_examples=60, deadline=None)
@given(
    data=actors(),
    rule=st.sampled_from(list(VotingRule)),
    commit=st.sampled_from(list(ThirdPartyCommit)),
    adjust=st.sampled_from(list(BigRAdjust)),
    seed=st.integers(0, 2**32 - 1),
)
def test_initiator_challenges_match_ktab_loops(
    data: tuple[np.ndarray, np.ndarray, np.ndarray],
    rule: VotingRule,
    commit: ThirdPartyCommit,
    adjust: BigRAdjust,
    seed: int,
) -> None:
    """Every pair (i, j), every switch: probEduChlg(i, i, i, j) as KTAB's loops compute it."""
    x, sal, cap = data
    risk = np.random.default_rng(seed).uniform(-0.5, 1.0, len(cap))
    dist, est, w, sal_sum = _contest_inputs(x, sal, cap, risk, adjust)
    p, gain = initiator_challenges(dist, est, w, sal_sum, rule, commit)
    n = len(cap)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            p_ref, g_ref, tol = reference_prob_gain(dist, est, w, sal_sum, rule, commit, i, i, i, j)
            assert p[i, j] == pytest.approx(p_ref, rel=1e-12, abs=tol)
            assert gain[i, j] == pytest.approx(g_ref, rel=1e-12, abs=max(tol, 1e-14))


def test_initiator_challenges_do_not_depend_on_the_block_size(tiny_blocks: None) -> None:
    """Blocks of one target row and more: the same numbers as one block per initiator."""
    rng = np.random.default_rng(8)
    n = 12
    x, sal = rng.uniform(0.0, 1.0, (n, 2)), rng.uniform(0.05, 0.45, (n, 2))
    risk = rng.uniform(-0.5, 1.0, n)
    dist, est, w, sal_sum = _contest_inputs(x, sal, rng.uniform(10, 200, n), risk, BigRAdjust.HALF)
    for rule in (VotingRule.PROPORTIONAL, VotingRule.PROP_CUBIC):
        p, gain = initiator_challenges(dist, est, w, sal_sum, rule, ThirdPartyCommit.SEMI)
        for i, j in [(0, 1), (5, 2), (11, 10), (3, 9)]:
            p_ref, g_ref, tol = reference_prob_gain(
                dist, est, w, sal_sum, rule, ThirdPartyCommit.SEMI, i, i, i, j
            )
            assert p[i, j] == pytest.approx(p_ref, rel=1e-12, abs=tol)
            assert gain[i, j] == pytest.approx(g_ref, rel=1e-12, abs=max(tol, 1e-14))


@settings(max_examples=25, deadline=None)
@given(data=actors(), rule=st.sampled_from(list(VotingRule)), seed=st.integers(0, 2**32 - 1))
def test_receiver_views_match_ktab_loops(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], rule: VotingRule, seed: int
) -> None:
    """The engine's general (h, k, i, j) path, used for the receivers' views of each bargain."""
    x, sal, cap = data
    n = len(cap)
    scenario = SpatialScenario(
        actors=tuple(f"a{a}" for a in range(n)),
        dimensions=tuple(f"d{b}" for b in range(x.shape[1])),
        capability=cap,
        position=x * 100.0,
        salience=sal,
    )
    engine = SpatialModelOfPolitics(voting_rule=rule)
    _, _, x0, sal0, cap0, _ = engine._prepare(scenario)
    assessment = engine._assess(x0, sal0, cap0)
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, 6)
    j = (i + rng.integers(1, n, 6)) % n  # j != i
    h = np.where(rng.uniform(size=6) < 0.5, i, j)
    k = np.where(rng.uniform(size=6) < 0.5, i, j)
    sal_sum = sal0.sum(axis=1)
    p, gain = engine._prob_gain(assessment, sal_sum, cap0, h, k, i, j)
    est = estimated_risk(assessment.risk[:, None], assessment.risk[None, :], engine.big_r_adjust)
    for q in range(6):
        p_ref, g_ref, tol = reference_prob_gain(
            assessment.distance,
            est,
            sal_sum * cap0,
            sal_sum,
            rule,
            engine.third_party_commit,
            int(h[q]),
            int(k[q]),
            int(i[q]),
            int(j[q]),
        )
        assert p[q] == pytest.approx(p_ref, rel=1e-12, abs=tol)
        assert gain[q] == pytest.approx(g_ref, rel=1e-12, abs=max(tol, 1e-14))


def test_third_parties_never_vote_under_full_or_no_commitment() -> None:
    """KTAB's full/no-commit values are one expression on both sides: only principals count."""
    rng = np.random.default_rng(2)
    n = 6
    x, sal = rng.uniform(0.0, 1.0, (n, 2)), rng.uniform(0.05, 0.45, (n, 2))
    dist, est, w, sal_sum = _contest_inputs(
        x, sal, rng.uniform(10, 200, n), rng.uniform(-0.5, 1.0, n), BigRAdjust.ONE_THIRD
    )
    for commit in (ThirdPartyCommit.FULL, ThirdPartyCommit.NONE):
        p, _ = initiator_challenges(dist, est, w, sal_sum, VotingRule.BINARY, commit)
        two = initiator_challenges(
            dist[:2, :2], est[:2, :2], w[:2], sal_sum[:2], VotingRule.BINARY, commit
        )[0]
        assert p[0, 1] == two[0, 1]  # exactly: the four others add nothing


# ---------------------------------------------------------------- distinct positions


def reference_unique(x: np.ndarray) -> tuple[list[int], list[int]]:
    """KTAB State::setUENdx: join the first earlier distinct position within posTol."""
    unique: list[int] = []
    owner: list[int] = []
    for i in range(len(x)):
        for slot, u in enumerate(unique):
            if np.linalg.norm(x[i] - x[u]) < 1e-3:
                owner.append(slot)
                break
        else:
            owner.append(len(unique))
            unique.append(i)
    return unique, owner


@settings(max_examples=60, deadline=None)
@given(
    base=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=12),
    jitter=st.lists(st.floats(-8e-4, 8e-4), min_size=12, max_size=12),
)
def test_unique_positions_follow_ktab(base: list[float], jitter: list[float]) -> None:
    """Near-duplicates (chains of points closer than posTol) resolve as KTAB's greedy scan."""
    x = np.array([[b, b + jitter[a]] for a, b in enumerate(base)])
    x = np.concatenate([x, x[::-1] + 5e-4])  # every point has a near twin
    unique, owner = _unique_positions(x)
    ref_unique, ref_owner = reference_unique(x)
    assert unique.tolist() == ref_unique
    assert owner.tolist() == ref_owner


# ---------------------------------------------------------------- whole runs


def test_a_run_does_not_depend_on_the_block_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Block sizes only change float summation order: the same history and bargains."""
    rng = np.random.default_rng(11)
    n = 14
    sal = rng.uniform(0.1, 1.0, (n, 2))
    sal = sal / sal.sum(axis=1, keepdims=True) * rng.uniform(0.75, 0.99, (n, 1))
    scenario = SpatialScenario(
        actors=tuple(f"a{a}" for a in range(n)),
        dimensions=("x", "y"),
        capability=rng.uniform(10.0, 200.0, n),
        position=np.round(rng.uniform(0.0, 100.0, (n, 2)), 2),
        salience=sal,
    )
    default = SpatialModelOfPolitics().run(scenario)
    monkeypatch.setattr(smp_kernels, "_BLOCK_ELEMENTS", 16)
    blocked = SpatialModelOfPolitics().run(scenario)
    np.testing.assert_allclose(blocked.history, default.history, rtol=0.0, atol=1e-9)
    assert [(m.actor, m.counterpart, m.round) for m in blocked.moves] == [
        (m.actor, m.counterpart, m.round) for m in default.moves
    ]
    np.testing.assert_allclose(
        blocked.parameters["win_probabilities"],
        default.parameters["win_probabilities"],
        rtol=1e-12,
        atol=1e-15,
    )


@pytest.mark.parametrize("rule", [VotingRule.PROPORTIONAL, VotingRule.PROP_BIN])
def test_all_pairs_kernel_agrees_with_the_engines_general_path(rule: VotingRule) -> None:
    """40 actors, every (i, j): the blocked kernel and the (h, k, i, j) path give one answer."""
    rng = np.random.default_rng(21)
    n = 40
    sal = rng.uniform(0.1, 1.0, (n, 3))
    sal = sal / sal.sum(axis=1, keepdims=True) * rng.uniform(0.75, 0.99, (n, 1))
    scenario = SpatialScenario(
        actors=tuple(f"a{a}" for a in range(n)),
        dimensions=("x", "y", "z"),
        capability=rng.uniform(10.0, 200.0, n),
        position=np.round(rng.uniform(0.0, 100.0, (n, 3)), 2),
        salience=sal,
    )
    engine = SpatialModelOfPolitics(voting_rule=rule)
    _, _, x0, sal0, cap0, _ = engine._prepare(scenario)
    assessment = engine._assess(x0, sal0, cap0)
    sal_sum = sal0.sum(axis=1)
    ii, jj = np.nonzero(~np.eye(n, dtype=bool))
    p_general, g_general = engine._prob_gain(assessment, sal_sum, cap0, ii, ii, ii, jj)
    est = estimated_risk(assessment.risk[:, None], assessment.risk[None, :], engine.big_r_adjust)
    p, gain = initiator_challenges(
        assessment.distance, est, sal_sum * cap0, sal_sum, rule, engine.third_party_commit
    )
    np.testing.assert_allclose(p[ii, jj], p_general, rtol=1e-12, atol=0.0)
    np.testing.assert_allclose(gain[ii, jj], g_general, rtol=1e-12, atol=1e-14)
