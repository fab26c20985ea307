"""Vectorised numerical kernels of KTAB's Spatial Model of Politics (SMP).

Each function here is a NumPy translation of one KTAB routine (KAPSARC Toolkit for Behavioral
Analysis, MIT licence, https://github.com/KAPSARC/KTAB). The KTAB source file and function are
named in every docstring so a reader can check the arithmetic line by line; where KTAB loops over
actors or options, these functions broadcast over whole arrays instead.

Conventions: positions and saliences are on KTAB's internal [0, 1] scale; ``cap`` is the raw
capability; utilities are in [0, 1] (KTAB's ``bsUtil`` can go slightly below 0 only when a
distance exceeds 1, which cannot happen for positions in [0, 1]).
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# KTAB Model::coalitions: every coalition starts from this tiny strength (avoids 0/0).
MIN_COALITION = 1e-8
# KTAB SMPState::probEduChlg: the principals' coalitions start from this (different!) floor.
MIN_CHALLENGE_COALITION = 1e-10
# Work arrays of the O(n^3) kernels hold about this many float64s (1 MiB): small enough for
# the L2/L3 caches, large enough that NumPy's per-call overhead is amortised (measured at 1,000
# actors: 32k elements 0.91 s, 131k 0.75 s, 512k 1.1 s per coalition matrix).
_BLOCK_ELEMENTS = 131_072


class VotingRule(StrEnum):
    """KTAB ``VotingRule``: how an actor turns a utility difference into a vote (kmodel.cpp)."""

    BINARY = "binary"
    PROP_BIN = "prop-bin"
    PROPORTIONAL = "proportional"
    PROP_CUBIC = "prop-cubic"
    CUBIC = "cubic"
    ASYM_PROSPECT = "asym-prospect"


class VictoryModel(StrEnum):
    """KTAB ``VPModel``: victory probability from two coalition strengths (Model::vProb)."""

    LINEAR = "linear"
    SQUARE = "square"
    QUARTIC = "quartic"
    OCTIC = "octic"
    BINARY = "binary"


class PCEModel(StrEnum):
    """KTAB ``PCEModel``: probabilistic Condorcet election over several options."""

    CONDITIONAL = "conditional"
    MARKOV_INCENTIVE = "markov-incentive"
    MARKOV_UNIFORM = "markov-uniform"


class BigRRange(StrEnum):
    """KTAB ``BigRRange``: range of the inferred risk attitudes (Model::bigRfromProb)."""

    MIN = "min"  # [0, 1]
    MID = "mid"  # [-1/2, 1]
    MAX = "max"  # [-1, 1]


class BigRAdjust(StrEnum):
    """KTAB ``BigRAdjust``: how actor h estimates actor i's risk attitude (Model::estNRA)."""

    FULL = "full"  # r^h_i = r_i
    TWO_THIRDS = "two-thirds"  # (r_h + 2 r_i) / 3
    HALF = "half"  # (r_h + r_i) / 2
    ONE_THIRD = "one-third"  # (2 r_h + r_i) / 3
    NONE = "none"  # r^h_i = r_h


class ThirdPartyCommit(StrEnum):
    """KTAB ``ThirdPartyCommit``: what a third party expects to keep after a contest."""

    FULL = "full"
    SEMI = "semi"
    NONE = "none"


def vote(
    rule: VotingRule, weight: FloatArray | float, u1: FloatArray, u2: FloatArray
) -> FloatArray:
    """Vote of actors with ``weight`` for option 1 over option 2 (KTAB kmodel.cpp Model::vote).

    >>> float(vote(VotingRule.PROPORTIONAL, 2.0, np.array(0.7), np.array(0.5)))
    0.3999999999999999
    """
    du = np.asarray(u1, dtype=np.float64) - np.asarray(u2, dtype=np.float64)
    w = np.asarray(weight, dtype=np.float64)
    if rule is VotingRule.PROPORTIONAL:
        return np.asarray(w * du, dtype=np.float64)
    if rule is VotingRule.BINARY:
        return np.asarray(w * np.clip(du / 1e-8, -1.0, 1.0), dtype=np.float64)
    if rule is VotingRule.PROP_BIN:
        rbin = np.clip(du / 1e-8, -1.0, 1.0)
        return np.asarray(w * (0.8 * du + 0.2 * rbin), dtype=np.float64)
    if rule is VotingRule.PROP_CUBIC:
        return np.asarray(w * (0.5 * du + 0.5 * du**3), dtype=np.float64)
    if rule is VotingRule.CUBIC:
        return np.asarray(w * du**3, dtype=np.float64)
    if rule is VotingRule.ASYM_PROSPECT:
        # gains count two thirds as much as losses (prospect-theory asymmetry)
        return np.asarray(np.where(du > 0.0, (2.0 * w * du) / 3.0, w * du), dtype=np.float64)
    raise InputError(f"unknown voting rule {rule!r}", field="voting_rule")


def victory_probability(model: VictoryModel, s1: FloatArray, s2: FloatArray) -> FloatArray:
    """Probability that coalition strength ``s1`` beats ``s2`` (KTAB kmodel.cpp Model::vProb).

    >>> float(victory_probability(VictoryModel.LINEAR, np.array(3.0), np.array(1.0)))
    0.75
    """
    a = np.asarray(s1, dtype=np.float64)
    b = np.asarray(s2, dtype=np.float64)
    if model is VictoryModel.LINEAR:
        x1, x2 = a, b
    elif model is VictoryModel.SQUARE:
        x1, x2 = a**2, b**2
    elif model is VictoryModel.QUARTIC:
        x1, x2 = a**4, b**4
    elif model is VictoryModel.OCTIC:
        x1, x2 = a**8, b**8
    elif model is VictoryModel.BINARY:
        # a 10 % advantage either way is decisive; linear interpolation in between
        thresh = 1.10
        r12 = a / (a + b)
        p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0)
        x1 = np.where(a >= thresh * b, 1.0, np.where(b >= thresh * a, 1e-6, p12))
        x2 = np.where(a >= thresh * b, 1e-6, np.where(b >= thresh * a, 1.0, 1.0 - p12))
    else:
        raise InputError(f"unknown victory model {model!r}", field="victory_model")
    return np.asarray(x1 / (x1 + x2), dtype=np.float64)


def coalitions(rule: VotingRule, weight: FloatArray, util: FloatArray) -> FloatArray:
    """Coalition strength c[i, j] of option i against option j (KTAB Model::coalitions).

    ``weight`` has one entry per actor, ``util[k, i]`` is actor k's utility of option i. As in
    KTAB only the lower triangle (i > j) is voted on: c[i, j] collects the positive votes and
    c[j, i] the negated negative ones (this matters for the asymmetric voting rule).

    The work is O(actors × options²). It runs over one option i at a time against blocks of
    options j < i with the voters on the contiguous last axis, so every temporary stays small
    and each vote is computed once for both c[i, j] and c[j, i]; for proportional votes the
    weighted sums over voters are matrix-vector products.

    >>> c = coalitions(VotingRule.PROPORTIONAL, np.array([1.0, 2.0]),
    ...                np.array([[1.0, 0.0], [0.25, 0.75]]))
    >>> np.round(c, 6).tolist()  # option 0: 1 x 1.0; option 1: 2 x 0.5
    [[0.0, 1.0], [1.0, 0.0]]
    """
    n_act, n_opt = util.shape
    w = np.asarray(weight, dtype=np.float64).reshape(-1)
    if n_act * n_opt * n_opt <= _BLOCK_ELEMENTS:
        # small elections (each actor's choice among its bargains, every turn): one broadcast
        # v[k, i, j] costs less than a Python loop over options
        u = np.asarray(util, dtype=np.float64)
        v = vote(rule, w[:, None, None], u[:, :, None], u[:, None, :])
        pos = MIN_COALITION + np.maximum(v, 0.0).sum(axis=0)
        neg = MIN_COALITION + np.maximum(-v, 0.0).sum(axis=0)
        small = np.where(np.tri(n_opt, k=-1, dtype=bool), pos, neg.T)
        np.fill_diagonal(small, MIN_COALITION)
        return np.asarray(small, dtype=np.float64)
    ut = np.ascontiguousarray(np.asarray(util, dtype=np.float64).T)  # ut[i, k] = util[k, i]
    c = np.full((n_opt, n_opt), MIN_COALITION)
    # proportional votes with non-negative weights: max(w du, 0) = w max(du, 0) exactly, so the
    # weighted sum over voters is one matrix-vector product of the clipped differences
    linear = rule is VotingRule.PROPORTIONAL and bool(np.all(w >= 0.0))
    rows = max(1, _BLOCK_ELEMENTS // max(n_act, 1))
    buf = np.empty((min(rows, n_opt), n_act))
    side = np.empty_like(buf)
    for i in range(1, n_opt):
        for j0 in range(0, i, rows):
            j1 = min(i, j0 + rows)
            if linear:
                du = np.subtract(ut[i], ut[j0:j1], out=buf[: j1 - j0])
                c[i, j0:j1] += np.maximum(du, 0.0, out=side[: j1 - j0]) @ w
                c[j0:j1, i] -= np.minimum(du, 0.0, out=du) @ w
            else:
                v = vote(rule, w, ut[i], ut[j0:j1])  # v[j, k]: voter k, option i against j
                c[i, j0:j1] += np.maximum(v, 0.0).sum(axis=1)
                c[j0:j1, i] += np.maximum(-v, 0.0).sum(axis=1)
    return c


def victory_matrix(model: VictoryModel, c: FloatArray) -> FloatArray:
    """p[i, j] = probability option i beats option j, p[i, i] = 1/2 (KTAB Model::vProb)."""
    # p[i, j] = x_ij / (x_ij + x_ji): KTAB computes the pair once for i > j and sets p[j, i]
    # from the same ratio, which is the same number as calling it with the arguments swapped.
    p = victory_probability(model, c, c.T)
    np.fill_diagonal(p, 0.5)
    return np.asarray(p, dtype=np.float64)


def conditional_pce(pv: FloatArray) -> FloatArray:
    """One-step conditional probabilistic Condorcet election (KTAB Model::condPCE)."""
    p = np.prod(pv, axis=1)
    return np.asarray(p / p.sum(), dtype=np.float64)


def markov_uniform_pce(pv: FloatArray, tol: float = 1e-6, max_iter: int = 1000) -> FloatArray:
    """Markov PCE with uniformly likely challenges (KTAB Model::markovUniformPCE)."""
    n = pv.shape[0]
    p = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        q = (pv * (p[:, None] + p[None, :])).sum(axis=1) / n
        change = float(np.max(np.abs(q - p)))
        p = (p + q) / 2.0
        if change <= tol:
            return np.asarray(p, dtype=np.float64)
    raise InputError("Markov uniform PCE did not converge in 1000 iterations", field="pce_model")


def markov_incentive_pce(
    c: FloatArray, model: VictoryModel, tol: float = 1e-8, max_iter: int = 1000
) -> FloatArray:
    """Markov PCE where challenges follow the incentive to challenge (KTAB markovIncentivePCE)."""
    n = c.shape[0]
    pv = victory_matrix(model, c)
    incentive = c * pv + np.eye(n) * 1e-10
    challenge = incentive / incentive.sum(axis=0, keepdims=True)  # P[i -> j]
    p = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        ct = p[:, None] * challenge.T  # ct[i, j] = p_i * P[j -> i]
        q = (pv * (ct + ct.T)).sum(axis=1)
        change = float(np.max(np.abs(q - p)))
        p = (p + q) / 2.0
        if change <= tol:
            return np.asarray(p, dtype=np.float64)
    raise InputError("Markov incentive PCE did not converge in 1000 iterations", field="pce_model")


def pce(model: PCEModel, victory: VictoryModel, c: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Option probabilities and the pairwise victory matrix (KTAB Model::probCE2)."""
    pv = victory_matrix(victory, c)
    if model is PCEModel.CONDITIONAL:
        p = conditional_pce(pv)
    elif model is PCEModel.MARKOV_UNIFORM:
        p = markov_uniform_pce(pv)
    elif model is PCEModel.MARKOV_INCENTIVE:
        p = markov_incentive_pce(c, victory)
    else:
        raise InputError(f"unknown PCE model {model!r}", field="pce_model")
    return p, pv


def scalar_pce(
    weight: FloatArray,
    util: FloatArray,
    rule: VotingRule,
    victory: VictoryModel,
    model: PCEModel,
) -> FloatArray:
    """Probability of each option winning a vote of actors (KTAB Model::scalarPCE)."""
    return pce(model, victory, coalitions(rule, weight, util))[0]


def big_r_from_prob(p: FloatArray, rng: BigRRange) -> FloatArray:
    """Risk attitudes inferred from the actors' win probabilities (KTAB Model::bigRfromProb).

    The likeliest winner is the most risk-accepting. When every probability is equal (all actors
    at one position) KTAB divides 0 by 0; here everyone is then risk neutral (0).
    """
    p_min = float(p.min())
    p_max = float(p.max())
    span = p_max - p_min
    if span <= 1e-12:
        return np.zeros_like(p)
    if rng is BigRRange.MIN:
        return np.asarray((p - p_min) / span, dtype=np.float64)
    if rng is BigRRange.MID:
        return np.asarray((3.0 * p - (p_max + 2.0 * p_min)) / (2.0 * span), dtype=np.float64)
    if rng is BigRRange.MAX:
        return np.asarray((2.0 * p - (p_max + p_min)) / span, dtype=np.float64)
    raise InputError(f"unknown big-R range {rng!r}", field="big_r_range")


def estimated_risk(r_h: FloatArray, r_i: FloatArray, adjust: BigRAdjust) -> FloatArray:
    """h's estimate of i's risk attitude (KTAB kmodel.cpp Model::estNRA)."""
    if adjust is BigRAdjust.FULL:
        return np.asarray(r_i + 0.0 * r_h, dtype=np.float64)
    if adjust is BigRAdjust.TWO_THIRDS:
        return np.asarray((r_h + 2.0 * r_i) / 3.0, dtype=np.float64)
    if adjust is BigRAdjust.HALF:
        return np.asarray((r_h + r_i) / 2, dtype=np.float64)
    if adjust is BigRAdjust.ONE_THIRD:
        return np.asarray((2.0 * r_h + r_i) / 3.0, dtype=np.float64)
    if adjust is BigRAdjust.NONE:
        return np.asarray(r_h + 0.0 * r_i, dtype=np.float64)
    raise InputError(f"unknown big-R adjustment {adjust!r}", field="big_r_adjust")


def salience_distance(ideal: FloatArray, pos: FloatArray, sal: FloatArray) -> FloatArray:
    """Salience-weighted distance from each ideal to each position (KTAB SMPModel::bvDiff).

    ``d[i, j] = sqrt(sum_k (s_ik (x_ik - y_jk))^2 / sum_k s_ik^2)``: a weighted Euclidean distance
    normalised so that it stays in [0, 1] for positions in [0, 1]. Shapes: ideal (n, d),
    pos (m, d), sal (n, d) -> (n, m).
    """
    diff = (ideal[:, None, :] - pos[None, :, :]) * sal[:, None, :]
    num = np.einsum("ijk,ijk->ij", diff, diff)
    den = np.einsum("ik,ik->i", sal, sal)
    return np.asarray(np.sqrt(num / den[:, None]), dtype=np.float64)


def distance_to_points(pos: FloatArray, sal: FloatArray, points: FloatArray) -> FloatArray:
    """d[a, b] = bvDiff(pos_a - points_b, sal_a) for a list of points (KTAB SMPActor::posUtil)."""
    return salience_distance(pos, points, sal)


def risk_utility(d: FloatArray, r: FloatArray) -> FloatArray:
    """Utility of a position at normalised distance ``d`` for risk attitude ``r`` (bsUtil).

    ``u = (1 - d)(1 + d r)``: concave (risk averse) for r < 0, convex-ish for r > 0, and equal to
    1 at d = 0 and 0 at d = 1 whatever r (KTAB SMPModel::bsUtil).
    """
    # min(d, 1) gives KTAB's two branches in one expression: d itself up to 1, then 1
    return np.asarray((1.0 - d) * (1.0 + np.minimum(d, 1.0) * r), dtype=np.float64)


def third_party_values(
    commit: ThirdPartyCommit, pin: FloatArray, pjn: FloatArray, uni: FloatArray, unj: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """A third party's expected values of joining i or joining j (KTAB thirdPartyVoteSU).

    ``pin``/``pjn``: its estimate that i / j wins the little contest; ``uni``/``unj``: its
    utilities for i's and j's positions. Its utility for its own position is 1 (distance 0 from
    its ideal, KTAB keeps ideals = positions). Returns (value of i+self against j, value of i
    against j+self).
    """
    unn = 1.0
    if commit is ThirdPartyCommit.FULL:
        ik_def_j, j_def_ik, i_def_jk, jk_def_i = 3 * uni, 3 * unj, 3 * uni, 3 * unj
    elif commit is ThirdPartyCommit.SEMI:
        ik_def_j = uni + uni + unn
        j_def_ik = unj + unj + unj
        i_def_jk = uni + uni + uni
        jk_def_i = unj + unj + unn
    else:
        ik_def_j = uni + uni + unn
        j_def_ik = unj + unj + unn
        i_def_jk = uni + uni + unn
        jk_def_i = unj + unj + unn
    u_ik_j = pin * ik_def_j + pjn * j_def_ik
    u_i_jk = pin * i_def_jk + pjn * jk_def_i
    return np.asarray(u_ik_j, dtype=np.float64), np.asarray(u_i_jk, dtype=np.float64)


def third_parties_are_neutral(commit: ThirdPartyCommit) -> bool:
    """True when third parties never vote in KTAB's challenge contests.

    Under full and no commitment both values of :func:`third_party_values` are the same
    expression (3 u_i p + 3 u_j (1 - p), resp. p (2 u_i + 1) + (1 - p)(2 u_j + 1)), so every
    third-party vote is ``vote(0) = 0`` whatever the voting rule; only semi-commitment brings
    third parties in.
    """
    return commit is not ThirdPartyCommit.SEMI


def initiator_challenges(
    dist: FloatArray,
    est_risk: FloatArray,
    weight: FloatArray,
    sal_sum: FloatArray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
) -> tuple[FloatArray, FloatArray]:
    """Every actor's view of challenging every other (KTAB SMPState::probEduChlg(i, i, i, j)).

    ``p[i, j]`` is i's estimate that it would beat j and ``gain[i, j]`` its expected gain from
    challenging j, both as KTAB computes them with the third parties' little contests
    (``Actor::vProbLittle``, ``thirdPartyVoteSU``). Inputs: ``dist[a, b]`` the salience-weighted
    distance from a's ideal to b's position, ``est_risk[h, a]`` h's estimate of a's risk attitude,
    ``weight`` = capability × total salience, ``sal_sum`` = total salience. Diagonal entries are
    computed but meaningless (an actor does not challenge itself).

    There are n² contests with n third parties each, so this is O(n³). It runs one initiator at
    a time over blocks of targets, third parties on the contiguous last axis. Under proportional
    voting (linear in utilities) a third party's net vote reduces to
    ``w (p_i (1 - u_i) - (1 - p_i)(1 - u_j))`` with ``1 - u_j = d - (1 - d) min(d, 1) r`` and
    ``p_i = (c_ij + max(c, 0)) / (c_ij + c_ji + |c|)``, about half the array passes of the
    general expressions (the results agree to float re-association); other rules evaluate
    KTAB's expressions as written.

    >>> d = np.array([[0.0, 0.5, 0.9], [0.5, 0.0, 0.4], [0.9, 0.4, 0.0]])
    >>> p, g = initiator_challenges(d, np.zeros((3, 3)), np.ones(3), np.full(3, 0.8),
    ...                             VotingRule.PROPORTIONAL, ThirdPartyCommit.SEMI)
    >>> round(float(p[0, 1]), 4), round(float(g[0, 1]), 4)
    (0.5161, 0.1129)
    """
    n = dist.shape[0]
    w = np.asarray(weight, dtype=np.float64).reshape(-1)
    d_own = np.diag(dist)
    r_own = np.diag(est_risk)
    # the principals, as seen by the initiator h = i (KTAB aUtil[h](row, col))
    uii = risk_utility(d_own[:, None], r_own[:, None])  # i's utility for its own position
    uij = risk_utility(dist, r_own[:, None])  # i's utility for j's position
    uji = risk_utility(dist.T, est_risk)  # i's estimate of j's utility for i's position
    ujj = risk_utility(d_own[None, :], est_risk)  # ... and for j's own position
    ci = vote(rule, w[:, None], uii, uij)
    cj = vote(rule, w[None, :], uji, ujj)
    chij = MIN_CHALLENGE_COALITION + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
    chji = MIN_CHALLENGE_COALITION + np.maximum(-ci, 0.0) + np.maximum(-cj, 0.0)

    if not third_parties_are_neutral(commit) and n > 2:
        tp = _ThirdParties(dist, est_risk, w, chij, chji, rule, commit)
        tp.run(0, n)
        chij = chij + tp.pos
        chji = chji + tp.neg

    p_ij = chij / (chij + chji)
    p_ji = chji / (chij + chji)
    u_vict = 2.0 * uii  # j adopts i's position
    u_loss = 2.0 * uij  # i adopts j's position
    eu_sq = uii + uij
    s_j = sal_sum[None, :]
    eu_contest = p_ij * u_vict + p_ji * u_loss
    # j may simply give in (probability 1 - s_j), else it is a contest
    eu_challenge = (1.0 - s_j) * u_vict + s_j * eu_contest
    return np.asarray(p_ij, dtype=np.float64), np.asarray(eu_challenge - eu_sq, dtype=np.float64)


class _ThirdParties:
    """Summed positive (``pos``) and negative (``neg``) third-party votes of every contest.

    ``pos[i, j]``/``neg[i, j]``: what the third parties add to i's / j's coalition in the
    initiator i's view of i challenging j (the semi-committed little contests of KTAB
    ``SMPState::probEduChlg``). ``run(lo, hi)`` fills the rows of initiators lo..hi-1; rows
    are independent, so ranges can run on separate threads.
    """

    def __init__(
        self,
        dist: FloatArray,
        est_risk: FloatArray,
        w: FloatArray,
        chij: FloatArray,
        chji: FloatArray,
        rule: VotingRule,
        commit: ThirdPartyCommit,
    ) -> None:
        n = dist.shape[0]
        self.dist_t = np.ascontiguousarray(dist.T)  # dist_t[j, m]: third party m's distance to j
        self.est_risk = est_risk
        self.w = w
        self.chij = chij
        self.chji = chji
        self.rule = rule
        self.commit = commit
        self.pos = np.empty((n, n))
        self.neg = np.empty((n, n))
        self.rows = max(1, _BLOCK_ELEMENTS // n)
        self.proportional = rule is VotingRule.PROPORTIONAL
        if self.proportional:
            # 1 - u = d - (1 - d) min(d, 1) r: the utility loss, linear in the risk attitude r
            self.w_d = self.dist_t * w[None, :]
            self.w_b = (1.0 - self.dist_t) * np.minimum(self.dist_t, 1.0) * w[None, :]
            self.total = chij + chji

    def run(self, lo: int, hi: int) -> None:
        """Fill rows lo..hi-1 of ``pos`` and ``neg``."""
        if self.proportional:
            self._run_proportional(lo, hi)
        else:
            self._run_general(lo, hi)

    def _run_proportional(self, lo: int, hi: int) -> None:
        n = self.dist_t.shape[0]
        w_b, w_d, chij, total = self.w_b, self.w_d, self.chij, self.total
        buffers = [np.empty((min(self.rows, n), n)) for _ in range(3)]
        for i in range(lo, hi):
            r = self.est_risk[i]  # i's estimate of every third party's risk attitude
            # weighted loss if i's position wins, by the same expression as for j's below, so
            # a target at i's very position gets exactly zero third-party votes as in KTAB
            # (both principals' coalitions are then 1e-10: any rounding would be amplified)
            w_a = w_d[i] - w_b[i] * r
            for j0 in range(0, n, self.rows):
                j1 = min(n, j0 + self.rows)
                wb, cn, vn = (b[: j1 - j0] for b in buffers)
                np.multiply(w_b[j0:j1], r, out=wb)
                np.subtract(w_d[j0:j1], wb, out=wb)  # weighted loss if j's position wins
                np.subtract(wb, w_a, out=cn)  # the third party's vote in its little contest
                np.abs(cn, out=vn)
                vn += total[i, j0:j1, None]
                np.maximum(cn, 0.0, out=cn)
                cn += chij[i, j0:j1, None]
                np.divide(cn, vn, out=cn)  # its estimate that i wins the little contest
                np.add(wb, w_a, out=vn)
                vn *= cn
                vn -= wb  # its net vote for i: w (p_i (1 - u_i) - (1 - p_i)(1 - u_j))
                self._store(vn, cn, i, j0, j1)

    def _run_general(self, lo: int, hi: int) -> None:
        n = self.dist_t.shape[0]
        w, chij, chji, rule = self.w, self.chij, self.chji, self.rule
        for i in range(lo, hi):
            r = self.est_risk[i]
            uni = risk_utility(self.dist_t[i], r)
            for j0 in range(0, n, self.rows):
                j1 = min(n, j0 + self.rows)
                unj = risk_utility(self.dist_t[j0:j1], r)
                cn = vote(rule, w, uni, unj)
                cni = chij[i, j0:j1, None] + np.maximum(cn, 0.0)
                cnj = chji[i, j0:j1, None] + np.maximum(-cn, 0.0)
                pin = cni / (cni + cnj)
                vn = vote(rule, w, *third_party_values(self.commit, pin, 1.0 - pin, uni, unj))
                self._store(vn, cn, i, j0, j1)

    def _store(self, vn: FloatArray, scratch: FloatArray, i: int, j0: int, j1: int) -> None:
        """Sum the votes of block j0..j1 into pos/neg, leaving out the two principals."""
        vn[:, i] = 0.0  # the principals are not third parties
        local = np.arange(j1 - j0)
        vn[local, local + j0] = 0.0
        self.pos[i, j0:j1] = np.maximum(vn, 0.0, out=scratch).sum(axis=1)
        # sum of max(-v, 0) = -(sum of min(v, 0)), exactly: negation commutes with rounding
        self.neg[i, j0:j1] = np.minimum(vn, 0.0, out=vn).sum(axis=1)
        np.negative(self.neg[i, j0:j1], out=self.neg[i, j0:j1])
