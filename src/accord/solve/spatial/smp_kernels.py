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

from accord.errors import AccordError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# KTAB Model::coalitions: every coalition starts from this tiny strength (avoids 0/0).
MIN_COALITION = 1e-8
# KTAB SMPState::probEduChlg: the principals' coalitions start from this (different!) floor.
MIN_CHALLENGE_COALITION = 1e-10


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
    raise ValueError(f"unknown voting rule {rule!r}")


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
        raise ValueError(f"unknown victory model {model!r}")
    return np.asarray(x1 / (x1 + x2), dtype=np.float64)


def coalitions(rule: VotingRule, weight: FloatArray, util: FloatArray) -> FloatArray:
    """Coalition strength c[i, j] of option i against option j (KTAB Model::coalitions).

    ``weight`` has one entry per actor, ``util[k, i]`` is actor k's utility of option i. As in
    KTAB only the lower triangle (i > j) is voted on: c[i, j] collects the positive votes and
    c[j, i] the negated negative ones (this matters for the asymmetric voting rule).
    """
    n_act, n_opt = util.shape
    pos = np.full((n_opt, n_opt), MIN_COALITION)
    neg = np.full((n_opt, n_opt), MIN_COALITION)
    # votes v[k, i, j] are summed over actors in blocks so memory stays bounded for many options
    block = max(1, 4_000_000 // max(n_opt * n_opt, 1))
    for start in range(0, n_act, block):
        u = util[start : start + block]
        w = weight[start : start + block]
        v = vote(rule, w[:, None, None], u[:, :, None], u[:, None, :])
        pos += np.maximum(v, 0.0).sum(axis=0)
        neg += np.maximum(-v, 0.0).sum(axis=0)
    lower = np.tril(np.ones((n_opt, n_opt), dtype=bool), k=-1)
    c = np.where(lower, pos, neg.T)
    np.fill_diagonal(c, MIN_COALITION)
    return np.asarray(c, dtype=np.float64)


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
    raise AccordError("Markov uniform PCE did not converge in 1000 iterations", field="pce_model")


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
    raise AccordError("Markov incentive PCE did not converge in 1000 iterations", field="pce_model")


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
        raise ValueError(f"unknown PCE model {model!r}")
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
    raise ValueError(f"unknown big-R range {rng!r}")


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
    raise ValueError(f"unknown big-R adjustment {adjust!r}")


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
