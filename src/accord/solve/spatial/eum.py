"""Bueno de Mesquita's expected-utility model (EUM), as reconstructed by Scholz et al. (2011).

Scholz, Calbert & Smith, "Unravelling Bueno de Mesquita's group decision model", Journal of
Theoretical Politics 23(4): 510–531. The model is uni-dimensional: a multi-issue scenario is
played issue by issue, independently (there is no cross-issue trading here — that is what the
exchange model is for).

One round on one issue, for positions x, capabilities c and saliences s (0–1):

1. risk exponents r_i (``risk="scholz"``): with every r = 1, actor i's *danger* is
   Σ_j EU_j(j challenges i); R_i = (2·danger_i − max − min) / (max − min) over actors and
   r_i = (1 − R_i/3) / (1 + R_i/3), so r ∈ [0.5, 2];
2. votes v_k(a over b) = c_k s_k (|x_k − x_b|^{r_k} − |x_k − x_a|^{r_k}) on positions scaled by
   the range, and the probability of success P(a over b) = Σ_k max(0, v_k) / denominator;
3. utilities U^s, U^f, U^b, U^w, U^sq = 2 − 4(0.5 ∓ …)^r and
   EU(a challenges b) = s_b (P U^s + (1 − P) U^f) + (1 − s_b) U^s − Q U^sq − (1 − Q)(T U^b +
   (1 − T) U^w);
4. each receiver i classifies every proposer j by (EU_i(ij), EU_j(ji)): conflict (j wins),
   compromise or compel (see :func:`eum_round`), and accepts one offer; all moves happen at
   once.

Every point where the paper (or the code behind its numbers) can be read more than one way is
a constructor parameter; docs/eum.md lists them with the reading each value stands for.

>>> import numpy as np
>>> from accord.solve.spatial.base import SpatialScenario
>>> s = SpatialScenario(("a", "b", "c"), ("d",), np.array([1.0, 1.0, 1.0]),
...                     np.array([[0.0], [5.0], [10.0]]), np.full((3, 1), 0.5))
>>> ExpectedUtilityModel(rounds=3).run(s).history.shape
(4, 3, 1)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np

from accord.errors import InputError
from accord.solve.spatial.base import (
    FloatArray,
    ForecastResult,
    Move,
    SpatialScenario,
    actor_limit,
    check_actor_limit,
)
from accord.solve.spatial.compromise import (
    actor_weights,
    check_scenario,
    weighted_mean,
    weighted_median,
)

Probability = Literal["scholz", "pairwise"]
Risk = Literal["scholz", "positions", "neutral", "given"]
SalienceOf = Literal["challenged", "challenger"]
Perspective = Literal["receiver", "own"]
OfferChoice = Literal["scholz", "least_move"]
RangeBasis = Literal["initial", "current", "scale"]
MedianRule = Literal["weighted_median", "weighted_mean"]
TieBreak = Literal["first", "last"]

NO_OFFER = 0
CONFLICT = 1
COMPROMISE = 2
COMPEL = 3
OFFER_KINDS = {CONFLICT: "conflict", COMPROMISE: "compromise", COMPEL: "compel"}


@dataclass(frozen=True)
class EUMSettings:
    """The switchable readings of the paper (see docs/eum.md for each one).

    The defaults are the reading that reproduces Scholz et al.'s Table 2 on the EC
    car-emissions data: the medians after rounds 1 and 3-8 as the table prints them (round 2
    is not reproduced; docs/eum.md says why).
    """

    q: float = 1.0
    t: float = 1.0
    probability: Probability = "scholz"
    risk: Risk = "scholz"
    risk_in_votes: bool = True
    salience_of: SalienceOf = "challenged"
    perspective: Perspective = "receiver"
    offer_choice: OfferChoice = "scholz"
    range_basis: RangeBasis = "initial"
    median_rule: MedianRule = "weighted_median"
    clip_to_scale: bool = True
    tie_break: TieBreak = "first"


@dataclass(frozen=True)
class RoundState:
    """Everything one EUM round computed on one issue (arrays indexed [receiver i, proposer j]).

    ``eu_own[i, j]`` is EU_i(i challenges j) and ``eu_other[i, j]`` is EU_j(j challenges i), both
    as ``settings.perspective`` says who perceives them; ``prob[a, b]`` is P(a prevails over b);
    ``kind``/``target`` describe the offer j makes to i; ``choice[i]`` is the accepted proposer
    (−1: none) and ``new_position`` the positions after the round.
    """

    risk: FloatArray
    prob: FloatArray
    eu_own: FloatArray
    eu_other: FloatArray
    kind: np.ndarray
    target: FloatArray
    choice: np.ndarray
    new_position: FloatArray


def _sum_abs_pairwise(values: FloatArray) -> FloatArray:
    """Σ_{a,b} |v_a − v_b| for each row (ordered pairs), by sorting: O(n log n) per row."""
    n = values.shape[1]
    ranked = np.sort(values, axis=1)
    coef = 2.0 * np.arange(n) - n + 1.0
    return np.asarray(2.0 * ranked @ coef, dtype=np.float64)


@dataclass(frozen=True)
class VoterSplit:
    """Which voters prefer which candidate, for every pair of actors (depends on x only).

    In one dimension the voters who prefer a over b form a half-line cut at the midpoint of x_a
    and x_b. ``cut[a, b]`` counts the sorted voters on the low side of that cut (strictly below
    the midpoint when x_a < x_b, at or below it when x_a > x_b), so each pair's vote total is a
    difference of prefix sums. Computed once per round and shared by every vote count.
    """

    order: np.ndarray
    flat_a: np.ndarray
    flat_b: np.ndarray
    lower: np.ndarray
    higher: np.ndarray

    @classmethod
    def of(cls, x: FloatArray) -> VoterSplit:
        """The split for positions ``x``."""
        n = x.shape[0]
        order = np.argsort(x, kind="stable")
        xs = x[order]
        lower = x[:, None] < x[None, :]
        higher = x[:, None] > x[None, :]
        # the midpoint is symmetric in (a, b): search each unordered pair once, both ways
        ia, ib = np.triu_indices(n, 1)
        mid = (x[ia] + x[ib]) / 2.0
        left = np.searchsorted(xs, mid, side="left")
        right = np.searchsorted(xs, mid, side="right")
        cut = np.zeros((n, n), dtype=np.intp)
        cut[ia, ib] = np.where(x[ia] < x[ib], left, right)
        cut[ib, ia] = np.where(x[ib] < x[ia], left, right)
        cols = np.arange(n)
        return cls(
            order=order,
            flat_a=cut * n + cols[:, None],
            flat_b=cut * n + cols[None, :],
            lower=lower,
            higher=higher,
        )


def positive_votes(
    x: FloatArray,
    weight: FloatArray,
    exponent: FloatArray,
    span: float,
    powered: FloatArray | None = None,
    split: VoterSplit | None = None,
) -> FloatArray:
    """Pos[a, b] = Σ_k max(0, v_k(a over b)), the capability behind a against b.

    v_k(a over b) = w_k ((|x_k − x_b|/span)^{e_k} − (|x_k − x_a|/span)^{e_k}). Using
    :class:`VoterSplit` the sum is a difference of prefix sums over voters sorted by position —
    O(n²) time and memory instead of the (n, n, n) vote tensor. Voters exactly at the midpoint
    vote 0 either way.
    """
    n = x.shape[0]
    if powered is None:
        powered = _powered_distance(x, exponent, span)
    if split is None:
        split = VoterSplit.of(x)
    scaled = weight[:, None] * powered
    prefix = np.zeros((n + 1, n))
    np.cumsum(scaled[split.order], axis=0, out=prefix[1:])
    total = prefix[n]
    flat = prefix.ravel()
    below_b = flat[split.flat_b]
    below_a = flat[split.flat_a]
    # a left of b: voters below the cut prefer a; a right of b: voters above it do
    left = below_b - below_a
    right = (total[None, :] - below_b) - (total[:, None] - below_a)
    pos = np.where(split.lower, left, np.where(split.higher, right, 0.0))
    return np.asarray(np.maximum(pos, 0.0), dtype=np.float64)


def _powered_distance(x: FloatArray, exponent: FloatArray, span: float) -> FloatArray:
    """(|x_k − x_m| / span)^{e_k}, rows are voters k."""
    dist = np.abs(x[:, None] - x[None, :]) / span
    if bool(np.all(exponent == 1.0)):
        return dist
    return np.asarray(dist ** exponent[:, None], dtype=np.float64)


def win_probability(
    x: FloatArray,
    weight: FloatArray,
    exponent: FloatArray,
    span: float,
    rule: Probability,
    split: VoterSplit | None = None,
) -> FloatArray:
    """P[a, b]: probability that a's position prevails over b's, from the weighted votes.

    ``"scholz"`` divides by the absolute votes summed over every voter and every ordered pair of
    actors (the reading behind Scholz et al.'s numbers, which makes P small); ``"pairwise"``
    divides by the absolute votes on this pair only, so P[a, b] + P[b, a] = 1.
    """
    powered = _powered_distance(x, exponent, span)
    pos = positive_votes(x, weight, exponent, span, powered, split)
    if rule == "scholz":
        denom = float(np.dot(weight, _sum_abs_pairwise(powered)))
        if denom <= 0.0:
            return np.zeros_like(pos)
        return pos / denom
    pair = pos + pos.T
    return np.divide(pos, pair, out=np.zeros_like(pos), where=pair > 0.0)


def basic_utilities(
    d: FloatArray, r: FloatArray | float
) -> tuple[FloatArray, FloatArray, FloatArray | float]:
    """U^s, U^f and U^sq for scaled distances ``d`` and risk exponents ``r`` (Scholz et al. §3).

    U^s = 2 − 4(0.5 − 0.5 d)^r, U^f = 2 − 4(0.5 + 0.5 d)^r, U^sq = 2 − 4·0.5^r.
    """
    # bases stay in [0, 1] for positions inside the span; the clip only guards rounding
    u_success = 2.0 - 4.0 * np.maximum(0.5 - 0.5 * d, 0.0) ** r
    u_failure = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
    u_status_quo = 2.0 - 4.0 * np.power(0.5, r)
    return u_success, u_failure, u_status_quo


def _expected_utility(
    prob: FloatArray,
    utilities: tuple[FloatArray, FloatArray, FloatArray | float],
    resist: FloatArray,
    d: FloatArray,
    dm: FloatArray,
    r: FloatArray | float,
    settings: EUMSettings,
) -> FloatArray:
    u_success, u_failure, u_status_quo = utilities
    challenge = resist * (prob * u_success + (1.0 - prob) * u_failure) + (1.0 - resist) * u_success
    eu = challenge - settings.q * u_status_quo
    # U^b and U^w only matter when Q < 1; skipping them at Q = 1 (the default) halves the cost
    if settings.q < 1.0:
        if settings.t > 0.0:
            u_better = 2.0 - 4.0 * np.maximum(0.5 - 0.25 * (dm + d), 0.0) ** r
            eu = eu - (1.0 - settings.q) * settings.t * u_better
        if settings.t < 1.0:
            u_worse = 2.0 - 4.0 * (0.5 + 0.25 * (dm + d)) ** r
            eu = eu - (1.0 - settings.q) * (1.0 - settings.t) * u_worse
    out = np.array(eu, dtype=np.float64)
    np.fill_diagonal(out, 0.0)
    return out


def challenge_utility(
    x: FloatArray,
    salience: FloatArray,
    prob: FloatArray,
    exponent: FloatArray | float,
    span: float,
    median: float,
    settings: EUMSettings,
) -> FloatArray:
    """E[a, b] = expected utility of a challenging b, with risk exponent ``exponent[a, b]``.

    E = s (P U^s + (1 − P) U^f) + (1 − s) U^s − Q U^sq − (1 − Q)(T U^b + (1 − T) U^w) with
    U^b/U^w = 2 − 4(0.5 ∓ 0.25(|x_a − μ| + d))^r, d = |x_a − x_b| / span and s the challenged
    (or, by ``settings.salience_of``, the challenger's) salience. ``exponent`` may be a scalar
    (e.g. 1 for the risk-neutral pass). The diagonal (no self-challenge) is 0.
    """
    d = np.abs(x[:, None] - x[None, :]) / span
    dm = (np.abs(x - median) / span)[:, None]
    resist = salience[None, :] if settings.salience_of == "challenged" else salience[:, None]
    utilities = basic_utilities(d, exponent)
    return _expected_utility(prob, utilities, resist, d, dm, exponent, settings)


def _danger(
    x: FloatArray,
    weight: FloatArray,
    salience: FloatArray,
    span: float,
    settings: EUMSettings,
    split: VoterSplit | None = None,
) -> FloatArray:
    """D_i = Σ_{j≠i} EU_j(j challenges i) for every i, everyone risk-neutral (r = 1)."""
    ones = np.ones(x.shape[0])
    if settings.median_rule == "weighted_median":
        median = weighted_median(x, weight)
    else:
        median = weighted_mean(x, weight)
    prob = win_probability(x, weight, ones, span, settings.probability, split)
    eu = challenge_utility(x, salience, prob, 1.0, span, median, settings)
    return np.asarray(eu.sum(axis=0), dtype=np.float64)  # column i; the diagonal is 0


def risk_exponents(
    x: FloatArray,
    weight: FloatArray,
    salience: FloatArray,
    span: float,
    settings: EUMSettings,
    split: VoterSplit | None = None,
) -> FloatArray:
    """Risk exponents r_i from security levels (Scholz et al. section 5), computed with all r = 1.

    D_i = Σ_{j≠i} EU_j(j challenges i) is i's danger, R_i = (2 D_i − max − min)/(max − min) and
    r_i = (1 − R_i/3)/(1 + R_i/3) ∈ [0.5, 2]. ``settings.risk == "scholz"``: max and min over
    the actors' dangers. ``"positions"`` (BdM's wording): max and min of i's own danger were it
    to hold each of the positions currently held by some actor, everything else unchanged —
    O(n⁴) per round, meant for small scenarios. If max = min, R_i = 0, i.e. r_i = 1.
    """
    n = x.shape[0]
    danger = _danger(x, weight, salience, span, settings, split)
    if settings.risk == "positions":
        candidates = np.unique(x)
        hi_i = np.empty(n)
        lo_i = np.empty(n)
        for i in range(n):
            levels = []
            for p in candidates.tolist():
                moved = x.copy()
                moved[i] = p
                levels.append(float(_danger(moved, weight, salience, span, settings)[i]))
            hi_i[i], lo_i[i] = max(levels), min(levels)
        spread = hi_i - lo_i
        big_r = np.divide(
            2.0 * danger - hi_i - lo_i, spread, out=np.zeros(n), where=spread > 0.0
        )
    else:
        hi, lo = float(danger.max()), float(danger.min())
        if not hi > lo:
            return np.ones(n)
        big_r = (2.0 * danger - hi - lo) / (hi - lo)
    return np.asarray((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0), dtype=np.float64)


def eum_round(
    x: FloatArray,
    capability: FloatArray,
    salience: FloatArray,
    span: float,
    settings: EUMSettings,
    given_risk: FloatArray | None = None,
) -> RoundState:
    """Play one EUM round on one issue; pure function of its inputs (vectorised over pairs).

    ``span`` is the position range used to scale distances (must be > 0). Offers from proposer j
    to receiver i with e_i = EU_i(ij), e_j = EU_j(ji) (x_i ≠ x_j):

    * conflict  — e_j > e_i > 0: i loses and moves to x_j;
    * compromise — e_j > 0 > e_i and e_j > |e_i|: i moves to x_i + (x_j − x_i)·|e_i / e_j|;
    * compel    — e_j > 0 > e_i and e_j <= |e_i|: i moves to x_j.

    At e_j = |e_i| compromise and compel coincide (the concession is 1): i moves to x_j. An exact
    conflict tie (e_j = e_i > 0) makes no offer. Equally good offers: ``settings.tie_break``.
    """
    n = x.shape[0]
    weight = capability * salience
    if settings.median_rule == "weighted_median":
        median = weighted_median(x, weight)
    else:
        median = weighted_mean(x, weight)
    split = VoterSplit.of(x)
    if settings.risk in ("scholz", "positions"):
        risk = risk_exponents(x, weight, salience, span, settings, split)
    elif settings.risk == "given":
        if given_risk is None:
            raise InputError("risk='given' needs the scenario's risk exponents", field="risk")
        risk = np.asarray(given_risk, dtype=np.float64)
    else:
        risk = np.ones(n)
    vote_exponent = risk if settings.risk_in_votes else np.ones(n)
    prob = win_probability(x, weight, vote_exponent, span, settings.probability, split)
    d = np.abs(x[:, None] - x[None, :]) / span
    dm = np.abs(x - median) / span
    r_row = risk[:, None]
    # U^s, U^f depend on |x_i - x_j| and the perceiver's r_i only, so i's own challenge and j's
    # challenge as i perceives it share them (d is symmetric)
    utilities = basic_utilities(d, r_row)
    challenged_is_col = settings.salience_of == "challenged"
    eu_own = _expected_utility(
        prob, utilities, salience[None, :] if challenged_is_col else salience[:, None],
        d, dm[:, None], r_row, settings,
    )
    if settings.perspective == "receiver":
        # eu_other[i, j]: j (column) challenges i (row), judged with the receiver's r_i
        eu_other = _expected_utility(
            np.ascontiguousarray(prob.T), utilities,
            salience[:, None] if challenged_is_col else salience[None, :],
            d, dm[None, :], r_row, settings,
        )
    else:
        eu_other = np.ascontiguousarray(eu_own.T)

    e_i, e_j = eu_own, eu_other
    valid = x[:, None] != x[None, :]  # also excludes i == j
    conflict = valid & (e_j > e_i) & (e_i > 0.0)
    weaker = valid & (e_j > 0.0) & (e_i < 0.0)
    compromise = weaker & (e_j > np.abs(e_i))
    compel = weaker & (e_j <= np.abs(e_i))
    kind = np.full((n, n), NO_OFFER, dtype=np.int8)
    kind[conflict] = CONFLICT
    kind[compromise] = COMPROMISE
    kind[compel] = COMPEL
    frac = np.divide(np.abs(e_i), e_j, out=np.zeros((n, n)), where=compromise)
    xi = np.broadcast_to(x[:, None], (n, n))
    xj = np.broadcast_to(x[None, :], (n, n))
    target = np.where(compromise, xi + (xj - xi) * frac, xj)

    move = np.abs(target - xi)
    if settings.offer_choice == "least_move":
        key = np.where(kind != NO_OFFER, move, np.inf)
    else:
        # Scholz's code: a conflict offer beats any compromise, which beats any compel; among
        # compromises the one with the lowest EU-weighted point (|e_i| x_i + |e_j| x_j)/(|e_i| +
        # |e_j|) wins, among the others the smallest move.
        has_conflict = conflict.any(axis=1, keepdims=True)
        has_compromise = compromise.any(axis=1, keepdims=True)
        chosen_kind = np.where(
            has_conflict, CONFLICT, np.where(has_compromise, COMPROMISE, COMPEL)
        )
        denom = np.abs(e_i) + np.abs(e_j)
        weighted_point = np.divide(
            np.abs(e_i) * xi + np.abs(e_j) * xj, denom, out=np.zeros((n, n)), where=denom > 0.0
        )
        key = np.where(kind == COMPROMISE, weighted_point, move)
        key = np.where(kind == chosen_kind, key, np.inf)
    any_offer = np.isfinite(key).any(axis=1)
    if settings.tie_break == "first":
        best = np.argmin(key, axis=1)  # argmin returns the lowest index among equal keys
    else:
        best = n - 1 - np.argmin(key[:, ::-1], axis=1)
    choice = np.where(any_offer, best, -1)
    rows = np.arange(n)
    new_x = np.where(any_offer, target[rows, np.maximum(choice, 0)], x)
    return RoundState(
        risk=risk,
        prob=prob,
        eu_own=eu_own,
        eu_other=eu_other,
        kind=kind,
        target=target,
        choice=choice,
        new_position=np.asarray(new_x, dtype=np.float64),
    )


#: Most actors EUM plays by default (``max_actors``): its pairwise arrays take about 0.75 GB
#: at 2,000 actors and grow with the square of the actors.
MAX_ACTORS = 2_000


class ExpectedUtilityModel:
    """Bueno de Mesquita's EUM (Scholz et al. 2011 reading), played issue by issue.

    Parameters are the model constants ``q`` (probability the status quo persists if i does not
    challenge) and ``t`` (probability that a change is for the better), ``rounds``, and the
    reading switches of :class:`EUMSettings` (documented in docs/eum.md). The forecast per
    issue is the weighted median (capability × salience) of the positions after the last round;
    :func:`accord.solve.spatial.compromise.round_outcomes` gives median and mean per round.
    Each accepted offer is a :class:`Move` whose ``detail`` holds the expected utilities,
    probabilities and risk exponent behind it. More than ``max_actors`` actors (default
    :data:`MAX_ACTORS`; None for no limit) are refused before any array is allocated.
    """

    name = "eum"

    def __init__(
        self,
        rounds: int = 5,
        q: float = 1.0,
        t: float = 1.0,
        probability: Probability = "scholz",
        risk: Risk = "scholz",
        risk_in_votes: bool = True,
        salience_of: SalienceOf = "challenged",
        perspective: Perspective = "receiver",
        offer_choice: OfferChoice = "scholz",
        range_basis: RangeBasis = "initial",
        median_rule: MedianRule = "weighted_median",
        clip_to_scale: bool = True,
        tie_break: TieBreak = "first",
        max_actors: int | None = MAX_ACTORS,
    ) -> None:
        self.max_actors = actor_limit(max_actors)
        if rounds < 0:
            raise InputError(f"rounds must be >= 0, got {rounds}", field="rounds")
        for label, value in (("q", q), ("t", t)):
            if not 0.0 <= value <= 1.0:
                raise InputError(f"{label} is a probability in [0, 1], got {value}", field=label)
        choices: dict[str, tuple[object, tuple[object, ...]]] = {
            "probability": (probability, ("scholz", "pairwise")),
            "risk": (risk, ("scholz", "positions", "neutral", "given")),
            "salience_of": (salience_of, ("challenged", "challenger")),
            "perspective": (perspective, ("receiver", "own")),
            "offer_choice": (offer_choice, ("scholz", "least_move")),
            "range_basis": (range_basis, ("initial", "current", "scale")),
            "median_rule": (median_rule, ("weighted_median", "weighted_mean")),
            "tie_break": (tie_break, ("first", "last")),
        }
        for label, (picked, allowed) in choices.items():
            if picked not in allowed:
                raise InputError(
                    f"unknown value {picked!r}; expected one of {', '.join(map(str, allowed))}",
                    field=label,
                )
        self.rounds = rounds
        self.settings = EUMSettings(
            q=q,
            t=t,
            probability=probability,
            risk=risk,
            risk_in_votes=risk_in_votes,
            salience_of=salience_of,
            perspective=perspective,
            offer_choice=offer_choice,
            range_basis=range_basis,
            median_rule=median_rule,
            clip_to_scale=clip_to_scale,
            tie_break=tie_break,
        )

    def _span(self, k: int, scenario: SpatialScenario, x: FloatArray) -> float:
        basis = self.settings.range_basis
        if basis == "scale" and scenario.scale_min is not None and scenario.scale_max is not None:
            return float(scenario.scale_max[k] - scenario.scale_min[k])
        if basis == "current":
            return float(x.max() - x.min())
        initial = scenario.position[:, k]
        return float(initial.max() - initial.min())

    def run(self, scenario: SpatialScenario) -> ForecastResult:
        """Play ``rounds`` rounds on every issue; see the class docstring."""
        check_scenario(scenario)
        check_actor_limit(
            scenario.n_actors,
            self.max_actors,
            "the eum engine",
            "its memory grows with the square of the actors: about 0.75 GB at 2,000",
        )
        if self.settings.risk == "given":
            if scenario.risk is None:
                raise InputError(
                    "risk='given' but the scenario has no risk attitudes", field="risk"
                )
            if not bool(np.all(scenario.risk > 0.0)):
                # r is an exponent on distances in [0, 1]: r <= 0 gives 0**0 or infinities
                raise InputError(
                    "risk exponents must be > 0 (Scholz et al.: 0.5..2)", field="risk"
                )
        if self.settings.range_basis == "scale" and (
            scenario.scale_min is None or scenario.scale_max is None
        ):
            raise InputError("range_basis='scale' but the scenario has no scale", field="scale")
        n, dims = scenario.n_actors, scenario.n_dimensions
        history = np.empty((self.rounds + 1, n, dims))
        history[0] = scenario.position
        moves: list[Move] = []
        stable = np.zeros(dims, dtype=bool)
        weight = actor_weights(scenario)
        for rnd in range(1, self.rounds + 1):
            history[rnd] = history[rnd - 1]
            for k in range(dims):
                if stable[k]:
                    continue
                x = history[rnd - 1, :, k]
                span = self._span(k, scenario, x)
                if not span > 0.0 or n < 2:
                    stable[k] = True  # everyone agrees (or alone): nothing to bargain over
                    continue
                state = eum_round(
                    x, scenario.capability, scenario.salience[:, k], span, self.settings,
                    scenario.risk,
                )
                new_x = state.new_position
                if self.settings.clip_to_scale:
                    lo, hi = self._bounds(k, scenario)
                    new_x = np.clip(new_x, lo, hi)
                history[rnd, :, k] = new_x
                changed = np.flatnonzero(new_x != x)
                if changed.size == 0:
                    stable[k] = True
                moves.extend(self._moves(rnd, k, scenario, x, new_x, state, changed))
        forecast = np.array(
            [
                weighted_median(history[-1, :, k], weight[:, k])
                if self.settings.median_rule == "weighted_median"
                else weighted_mean(history[-1, :, k], weight[:, k])
                for k in range(dims)
            ]
        )
        params: dict[str, Any] = {"rounds": self.rounds, **asdict(self.settings)}
        return ForecastResult(
            engine=self.name,
            actors=scenario.actors,
            dimensions=scenario.dimensions,
            history=history,
            forecast=forecast,
            converged=bool(stable.all()),
            moves=moves,
            parameters=params,
        )

    @staticmethod
    def _bounds(k: int, scenario: SpatialScenario) -> tuple[float, float]:
        lo = float(scenario.position[:, k].min())
        hi = float(scenario.position[:, k].max())
        if scenario.scale_min is not None and scenario.scale_max is not None:
            lo = min(lo, float(scenario.scale_min[k]))
            hi = max(hi, float(scenario.scale_max[k]))
        return lo, hi

    @staticmethod
    def _moves(
        rnd: int,
        k: int,
        scenario: SpatialScenario,
        x: FloatArray,
        new_x: FloatArray,
        state: RoundState,
        changed: np.ndarray,
    ) -> list[Move]:
        out: list[Move] = []
        for i in changed.tolist():
            j = int(state.choice[i])
            kind = OFFER_KINDS[int(state.kind[i, j])]
            e_i = float(state.eu_own[i, j])
            e_j = float(state.eu_other[i, j])
            out.append(
                Move(
                    round=rnd,
                    actor=scenario.actors[i],
                    dimension=scenario.dimensions[k],
                    before=float(x[i]),
                    after=float(new_x[i]),
                    kind=kind,
                    counterpart=scenario.actors[j],
                    detail={
                        "eu_actor_challenging": e_i,
                        "eu_counterpart_challenging": e_j,
                        "p_actor_prevails": float(state.prob[i, j]),
                        "p_counterpart_prevails": float(state.prob[j, i]),
                        "risk_actor": float(state.risk[i]),
                        "risk_counterpart": float(state.risk[j]),
                        "counterpart_position": float(x[j]),
                        "concession": abs(e_i / e_j) if kind == "compromise" else 1.0,
                    },
                )
            )
        return out
