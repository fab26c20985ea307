"""KTAB's Spatial Model of Politics (SMP): bargaining over positions in several dimensions.

A NumPy re-implementation of the ``smp`` library of the KAPSARC Toolkit for Behavioral Analysis
(KTAB, MIT licence, https://github.com/KAPSARC/KTAB, 2017), reproducing KTAB's own reference runs
to the printed precision. Each turn (KTAB ``SMPState::doBCN``):

1. every actor's utility for every position is ``(1 - d)(1 + d r)`` with ``d`` the
   salience-weighted distance from its ideal and ``r`` a risk attitude inferred from how likely
   its position is to win a probabilistic Condorcet election (PCE) of all positions;
2. every actor i estimates, for every other actor j, the probability of beating j in a contest
   where third parties join the side they expect to gain from, and the expected gain of
   challenging j; it targets the j with the best positive gain;
3. the initiator proposes a bargain: both move to a salience- and probability-weighted
   interpolation of their positions (rounded to 4 decimals on KTAB's [0, 1] scale);
4. each actor takes part in its status quo and in every bargain it proposed or received; a PCE
   among those options, voted on by all actors with their utilities for the resulting states,
   picks the one it adopts (the likeliest, or a random draw under stochastic transitions);
5. repeat until the total movement is below 2 % of the first step's (at least 2, at most 100
   turns).

See docs/smp.md for the KTAB files and functions each step follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

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
from accord.solve.spatial.smp_kernels import (
    MIN_CHALLENGE_COALITION,
    BigRAdjust,
    BigRRange,
    IntArray,
    PCEModel,
    ThirdPartyCommit,
    VictoryModel,
    VotingRule,
    big_r_from_prob,
    coalitions,
    distance_to_points,
    estimated_risk,
    initiator_challenges,
    pce,
    risk_utility,
    salience_distance,
    scalar_pce,
    third_party_values,
    vote,
)
from accord.solve.spatial.smp_prng import KtabPRNG

__all__ = [
    "BargainInterpolation",
    "BargainModel",
    "BigRAdjust",
    "BigRRange",
    "PCEModel",
    "SpatialModelOfPolitics",
    "StateTransition",
    "ThirdPartyCommit",
    "VictoryModel",
    "VotingRule",
]

# KTAB SMPState::bestChallenge: gains at or below this are not worth a challenge.
MIN_SIGNIFICANT_GAIN = 1e-5
# KTAB SMPModel::posTol: positions closer than this (Euclidean, [0, 1] scale) are one option.
POSITION_TOLERANCE = 1e-3
# Third-party work arrays hold about this many float64s per block: small enough to stay in
# cache (measured ~1.6x faster than 2e6 at 300 actors), large enough to amortise Python overhead.
_BLOCK_ELEMENTS = 131_072


class StateTransition(StrEnum):
    """KTAB ``StateTransMode``: adopt the likeliest bargain, or draw one at random."""

    DETERMINISTIC = "deterministic"
    STOCHASTIC = "stochastic"


class BargainInterpolation(StrEnum):
    """KTAB ``InterVecBrgn``: how a bargain interpolates two positions, dimension by dimension.

    ``S2P2`` weights each side by salience² × probability², ``S1P1`` by salience × probability,
    ``S2PMAX`` moves only the side less likely to win, by the probability gap.
    """

    S1P1 = "s1p1"
    S2P2 = "s2p2"
    S2PMAX = "s2pmax"


class BargainModel(StrEnum):
    """KTAB ``SMPBargnModel``: whose view of the contest shapes the proposed bargain."""

    INITIATOR_ONLY = "initiator-only"
    INITIATOR_RECEIVER = "initiator-receiver"
    POWER_WEIGHTED = "power-weighted"


@dataclass(frozen=True)
class _Bargain:
    """One proposed bargain: initiator and receiver adopt ``pos_init`` and ``pos_rcvr``."""

    init: int
    rcvr: int
    pos_init: FloatArray
    pos_rcvr: FloatArray
    p_init: float  # initiator's estimate that it would win the contest
    gain_init: float  # initiator's expected gain from challenging
    p_rcvr: float  # receiver's estimate that the initiator would win
    gain_rcvr: float  # receiver's estimate of its own expected gain (usually a loss)


@dataclass(frozen=True)
class _Assessment:
    """What every actor believes in one state: distances, risk attitudes, win probabilities."""

    distance: FloatArray  # d[i, j]: salience-weighted distance from i's ideal to j's position
    risk: FloatArray  # r[i]: inferred risk attitude
    unique: IntArray  # indices of the distinct positions (first actor at each)
    unique_prob: FloatArray  # PCE probability of each distinct position
    actor_prob: FloatArray  # probability of each actor's position (shared by equal positions)


# KTAB's own spellings (its *Names lists, as written in XML <ModelParameters> and printed in its
# logs) for each switch value, so KTAB scenarios' settings can be passed through unchanged.
_KTAB_NAMES: dict[str, str] = {
    "prop": "proportional",
    "propbin": "prop-bin",
    "propcbc": "prop-cubic",
    "asymprosp": "asym-prospect",
    "markovincentive": "markov-incentive",
    "markovuniform": "markov-uniform",
    "fullra": "full",
    "twothirds": "two-thirds",
    "twothirdsra": "two-thirds",
    "halfra": "half",
    "onethird": "one-third",
    "onethirdra": "one-third",
    "nora": "none",
    "fullcommit": "full",
    "semicommit": "semi",
    "nocommit": "none",
    "initonlyinterp": "initiator-only",
    "initrcvrinterp": "initiator-receiver",
    "pwcompinterp": "power-weighted",
}


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _as_enum(enum_type: type[Any], value: Any, name: str) -> Any:
    """``value`` as a member of ``enum_type``: a member, its value, or KTAB's own name."""
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str):
        key = _squash(value)
        ktab_value = _KTAB_NAMES.get(key)
        for member in enum_type:
            if key == _squash(member.value) or ktab_value == member.value:
                return member
    allowed = ", ".join(repr(m.value) for m in enum_type)
    raise InputError(f"{value!r} is not one of {allowed}", field=name)


#: Most actors SMP plays by default (``max_actors``): a turn costs the cube of the actors,
#: about 10 s at 1,000 on two cores.
MAX_ACTORS = 1_000


class SpatialModelOfPolitics:
    """KTAB's Spatial Model of Politics with every KTAB switch as an explicit parameter.

    The defaults are KTAB's (``smpc`` 2017): proportional voting, linear victory probability,
    conditional PCE, deterministic transitions, risk range "mid" ([-1/2, 1]), one-third risk
    adjustment, semi-committed third parties, S2P2 interpolation, initiator-only bargains, stop when
    a step moves less than 2 % of the first step (after at least 2 and at most 100 turns).

    The forecast is KTAB's expected outcome of the final state: the PCE probability of each
    distinct position (every actor voting with its own utilities) times that position, summed
    per dimension. More than ``max_actors`` actors (default :data:`MAX_ACTORS`; None for no
    limit) are refused before any array is allocated.

    >>> import numpy as np
    >>> from accord.solve.spatial.base import SpatialScenario
    >>> sc = SpatialScenario(actors=("A", "B", "C"), dimensions=("x",),
    ...     capability=np.array([100.0, 60.0, 40.0]), position=np.array([[20.0], [60.0], [90.0]]),
    ...     salience=np.array([[0.8], [0.5], [0.9]]))
    >>> result = SpatialModelOfPolitics().run(sc)
    >>> result.history.shape[1:], result.engine
    ((3, 1), 'smp')
    """

    name = "smp"

    def __init__(
        self,
        voting_rule: VotingRule | str = VotingRule.PROPORTIONAL,
        victory_model: VictoryModel | str = VictoryModel.LINEAR,
        pce_model: PCEModel | str = PCEModel.CONDITIONAL,
        state_transition: StateTransition | str = StateTransition.DETERMINISTIC,
        big_r_range: BigRRange | str = BigRRange.MID,
        big_r_adjust: BigRAdjust | str = BigRAdjust.ONE_THIRD,
        third_party_commit: ThirdPartyCommit | str = ThirdPartyCommit.SEMI,
        bargain_interpolation: BargainInterpolation | str = BargainInterpolation.S2P2,
        bargain_model: BargainModel | str = BargainModel.INITIATOR_ONLY,
        max_turns: int = 100,
        min_turns: int = 2,
        min_delta_ratio: float = 0.02,
        min_significant_delta: float = 1e-4,
        seed: int | None = None,
        normalise_salience: bool = False,
        max_actors: int | None = MAX_ACTORS,
    ) -> None:
        self.max_actors = actor_limit(max_actors)
        self.voting_rule: VotingRule = _as_enum(VotingRule, voting_rule, "voting_rule")
        self.victory_model: VictoryModel = _as_enum(VictoryModel, victory_model, "victory_model")
        self.pce_model: PCEModel = _as_enum(PCEModel, pce_model, "pce_model")
        self.state_transition: StateTransition = _as_enum(
            StateTransition, state_transition, "state_transition"
        )
        self.big_r_range: BigRRange = _as_enum(BigRRange, big_r_range, "big_r_range")
        self.big_r_adjust: BigRAdjust = _as_enum(BigRAdjust, big_r_adjust, "big_r_adjust")
        self.third_party_commit: ThirdPartyCommit = _as_enum(
            ThirdPartyCommit, third_party_commit, "third_party_commit"
        )
        self.bargain_interpolation: BargainInterpolation = _as_enum(
            BargainInterpolation, bargain_interpolation, "bargain_interpolation"
        )
        self.bargain_model: BargainModel = _as_enum(BargainModel, bargain_model, "bargain_model")
        if max_turns < 1:
            raise InputError(f"must be at least 1, got {max_turns}", field="max_turns")
        if min_turns < 1:
            raise InputError(f"must be at least 1, got {min_turns}", field="min_turns")
        if not min_delta_ratio >= 0.0:
            raise InputError(f"must be >= 0, got {min_delta_ratio}", field="min_delta_ratio")
        if not min_significant_delta > 0.0:
            raise InputError(
                f"must be > 0, got {min_significant_delta}", field="min_significant_delta"
            )
        self.max_turns = max_turns
        self.min_turns = min_turns
        self.min_delta_ratio = min_delta_ratio
        self.min_significant_delta = min_significant_delta
        self.seed = seed
        self.normalise_salience = normalise_salience

    # ------------------------------------------------------------------ public

    def get_params(self) -> dict[str, Any]:
        """The engine's parameters as plain values (enum members as their string values)."""
        return {
            "voting_rule": self.voting_rule.value,
            "victory_model": self.victory_model.value,
            "pce_model": self.pce_model.value,
            "state_transition": self.state_transition.value,
            "big_r_range": self.big_r_range.value,
            "big_r_adjust": self.big_r_adjust.value,
            "third_party_commit": self.third_party_commit.value,
            "bargain_interpolation": self.bargain_interpolation.value,
            "bargain_model": self.bargain_model.value,
            "max_turns": self.max_turns,
            "min_turns": self.min_turns,
            "min_delta_ratio": self.min_delta_ratio,
            "min_significant_delta": self.min_significant_delta,
            "seed": self.seed,
            "normalise_salience": self.normalise_salience,
        }

    def run(self, scenario: SpatialScenario) -> ForecastResult:
        """Play SMP turns on ``scenario`` until positions settle; return the whole history.

        ``history`` is on the scenario's scale; ``moves`` has one ``"bargain"`` record per actor
        and changed dimension, with the numbers behind the bargain in ``detail``;
        ``parameters`` holds the engine settings plus ``risk_attitudes`` (per state),
        ``win_probabilities`` (per state, per actor: probability its position wins) and any
        actors whose saliences were rescaled.
        """
        check_actor_limit(
            scenario.n_actors,
            self.max_actors,
            "the smp engine",
            "each turn costs the cube of the actors: about 10 s a turn at 1,000",
        )
        lo, hi, x0, sal, cap, rescaled = self._prepare(scenario)
        # KTAB's own generator, so a seed gives the draws KTAB would make with that seed
        seed = self.seed
        if seed is None:
            seed = int(np.random.default_rng().integers(1, 2**63))
        rng = KtabPRNG(seed)
        states: list[FloatArray] = [x0]
        assessments: list[_Assessment] = [self._assess(x0, sal, cap)]
        moves: list[Move] = []
        converged = False
        first_step = 0.0
        for turn in range(1, self.max_turns + 1):
            new, turn_moves = self._turn(turn, states[-1], assessments[-1], sal, cap, rng)
            states.append(new)
            assessments.append(self._assess(new, sal, cap))
            moves.extend(self._to_moves(turn, turn_moves, scenario, states[-2], new, lo, hi))
            # KTAB smpStopFn: movement is the sum over actors of the Euclidean step length
            step = float(np.linalg.norm(new - states[-2], axis=1).sum())
            if turn == 1:
                first_step = step + self.min_significant_delta
            if turn >= self.min_turns and step / first_step < self.min_delta_ratio:
                converged = True
                break

        stacked = np.stack(states)
        # coordinates still at their starting value keep the input number exactly (the
        # round trip through KTAB's [0, 1] scale would otherwise add float noise)
        history = np.where(stacked == x0, scenario.position, stacked * (hi - lo) + lo)
        final = assessments[-1]
        outcome = final.unique_prob @ states[-1][final.unique]
        parameters = self.get_params()
        parameters["risk_attitudes"] = [a.risk.tolist() for a in assessments]
        parameters["win_probabilities"] = [a.actor_prob.tolist() for a in assessments]
        parameters["salience_rescaled"] = rescaled
        parameters["seed_used"] = seed
        # KTAB infers risk attitudes from the state every turn; given ones are not used
        parameters["input_risk_ignored"] = scenario.risk is not None
        return ForecastResult(
            engine=self.name,
            actors=tuple(scenario.actors),
            dimensions=tuple(scenario.dimensions),
            history=np.asarray(history, dtype=np.float64),
            forecast=np.asarray(outcome * (hi - lo) + lo, dtype=np.float64),
            converged=converged,
            moves=moves,
            parameters=parameters,
        )

    # ------------------------------------------------------------------ input

    def _prepare(
        self, sc: SpatialScenario
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, list[str]]:
        n, d = sc.n_actors, sc.n_dimensions
        if n < 1 or d < 1:
            raise InputError("SMP needs at least one actor and one dimension", field="scenario")
        pos = np.asarray(sc.position, dtype=np.float64)
        sal = np.array(sc.salience, dtype=np.float64)
        cap = np.asarray(sc.capability, dtype=np.float64).reshape(-1)
        if pos.shape != (n, d) or sal.shape != (n, d) or cap.shape != (n,):
            raise InputError(
                f"expected position and salience of shape ({n}, {d}) and capability of ({n},), "
                f"got {pos.shape}, {sal.shape}, {cap.shape}",
                field="scenario",
            )
        lo = np.zeros(d) if sc.scale_min is None else np.asarray(sc.scale_min, dtype=np.float64)
        hi = np.full(d, 100.0) if sc.scale_max is None else np.asarray(sc.scale_max, np.float64)
        for name, arr in (("position", pos), ("salience", sal), ("capability", cap)):
            if not np.all(np.isfinite(arr)):
                raise InputError("must be finite numbers", field=name)
        if np.any(hi <= lo):
            raise InputError("scale_max must exceed scale_min on every dimension", field="scale")
        for i, actor in enumerate(sc.actors):
            if cap[i] <= 0.0:
                raise InputError(
                    f"actor {actor!r} has capability {cap[i]:g}; SMP needs positive capability",
                    field="capability",
                )
            bad = np.flatnonzero((pos[i] < lo - 1e-9) | (pos[i] > hi + 1e-9))
            if bad.size:
                k = int(bad[0])
                raise InputError(
                    f"actor {actor!r} position {pos[i, k]:g} on {sc.dimensions[k]!r} is outside "
                    f"[{lo[k]:g}, {hi[k]:g}]",
                    field="position",
                )
            if np.any(sal[i] < 0.0) or np.any(sal[i] > 1.0):
                raise InputError(
                    f"actor {actor!r} has a salience outside [0, 1]", field="salience"
                )
        total = sal.sum(axis=1)
        rescaled: list[str] = []
        for i, actor in enumerate(sc.actors):
            if total[i] <= 0.0:
                raise InputError(
                    f"actor {actor!r} has zero salience on every dimension; SMP needs an actor "
                    "to care about at least one issue",
                    field="salience",
                )
            if total[i] > 1.0 + 1e-9:
                if not self.normalise_salience:
                    raise InputError(
                        f"actor {actor!r} saliences sum to {total[i]:.3f} > 1 (KTAB's SMP needs "
                        "at most 100 % attention over all issues); pass normalise_salience=True "
                        "to divide them by their sum",
                        field="salience",
                    )
                sal[i] = sal[i] / total[i]
                rescaled.append(actor)
        x0 = np.clip((pos - lo) / (hi - lo), 0.0, 1.0)
        return lo, hi, x0, sal, cap, rescaled

    # ------------------------------------------------------------------ one state

    def _assess(self, x: FloatArray, sal: FloatArray, cap: FloatArray) -> _Assessment:
        """Distances, inferred risk attitudes and win probabilities (KTAB setAllAUtil, pDist)."""
        dist = salience_distance(x, x, sal)
        # risk-neutral utilities, PCE of all positions, then risk attitudes from the probabilities
        c = coalitions(self.voting_rule, cap, 1.0 - dist)
        p_all, _ = pce(self.pce_model, self.victory_model, c)
        risk = big_r_from_prob(p_all, self.big_r_range)

        unique, owner = _unique_positions(x)
        own_util = risk_utility(dist[:, unique], risk[:, None])  # aUtil[i](i, u)
        # KTAB SMPState::pDist(-1): each actor votes with its own utilities; the 2017 reference
        # runs use the model's voting rule here (smpExample, PropCbc, reproduces only so)
        p_unique = scalar_pce(cap, own_util, self.voting_rule, self.victory_model, self.pce_model)
        return _Assessment(dist, risk, unique, p_unique, p_unique[owner])

    @staticmethod
    def _utility(dist: FloatArray, est_risk: FloatArray, h: Any, row: Any, col: Any) -> FloatArray:
        """aUtil[h](row, col): h's estimate of row's utility for col's position (KTAB).

        ``est_risk[h, i]`` is h's estimate of i's risk attitude (KTAB Model::estNRA).
        """
        return risk_utility(dist[row, col], est_risk[h, row])

    def _prob_gain(
        self,
        a: _Assessment,
        sal_sum: FloatArray,
        cap: FloatArray,
        h: IntArray,
        k: IntArray,
        i: IntArray,
        j: IntArray,
    ) -> tuple[FloatArray, FloatArray]:
        """h's estimate that i beats j and of k's expected gain if i challenges j.

        Vectorised KTAB ``SMPState::probEduChlg`` over many (h, k, i, j) at once, with the
        third parties' "little contests" (``Actor::vProbLittle``, ``Actor::thirdPartyVoteSU``)
        on a second axis. Used for the receivers' views (one contest per initiator); the n²
        initiators' views go through the blocked kernel ``initiator_challenges``.
        """
        n = a.distance.shape[0]
        dist = a.distance
        dist_t = np.ascontiguousarray(dist.T)
        risk = estimated_risk(a.risk[:, None], a.risk[None, :], self.big_r_adjust)
        rule = self.voting_rule
        w = sal_sum * cap
        q = h.shape[0]
        p_out = np.empty(q)
        g_out = np.empty(q)
        block = max(1, _BLOCK_ELEMENTS // max(n, 1))
        for start in range(0, q, block):
            sl = slice(start, start + block)
            hh, kk, ii, jj = h[sl], k[sl], i[sl], j[sl]
            u = self._utility
            uii, uij = u(dist, risk, hh, ii, ii), u(dist, risk, hh, ii, jj)
            uji, ujj = u(dist, risk, hh, jj, ii), u(dist, risk, hh, jj, jj)
            eu_sq = u(dist, risk, hh, kk, ii) + u(dist, risk, hh, kk, jj)
            u_vict = 2.0 * u(dist, risk, hh, kk, ii)  # j adopts i's position
            u_loss = 2.0 * u(dist, risk, hh, kk, jj)  # i adopts j's position

            ci = vote(rule, w[ii], uii, uij)
            cj = vote(rule, w[jj], uji, ujj)
            chij = MIN_CHALLENGE_COALITION + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
            chji = MIN_CHALLENGE_COALITION + np.maximum(-ci, 0.0) + np.maximum(-cj, 0.0)

            # row gathers (dist.T[i] = every n's distance to i) are much faster than 2-D fancy
            # indexing; est_risk[h] = h's estimate of every n's risk attitude
            risk_hn = risk[hh]
            uni = risk_utility(dist_t[ii], risk_hn)
            unj = risk_utility(dist_t[jj], risk_hn)
            wn = w[None, :]
            # each third party first judges the little contest of i, j and itself
            cn = vote(rule, wn, uni, unj)
            cni = chij[:, None] + np.maximum(cn, 0.0)
            cnj = chji[:, None] + np.maximum(-cn, 0.0)
            pin = cni / (cni + cnj)
            pjn = 1.0 - pin
            vn = vote(rule, wn, *third_party_values(self.third_party_commit, pin, pjn, uni, unj))
            rows = np.arange(vn.shape[0])
            vn[rows, ii] = 0.0  # the principals are not third parties
            vn[rows, jj] = 0.0
            chij = chij + np.maximum(vn, 0.0).sum(axis=1)
            chji = chji + np.maximum(-vn, 0.0).sum(axis=1)

            p_ij = chij / (chij + chji)
            p_ji = chji / (chij + chji)
            s_j = sal_sum[jj]
            eu_contest = p_ij * u_vict + p_ji * u_loss
            # j may simply give in (probability 1 - s_j), else it is a contest
            eu_challenge = (1.0 - s_j) * u_vict + s_j * eu_contest
            p_out[sl] = p_ij
            g_out[sl] = eu_challenge - eu_sq
        return p_out, g_out

    # ------------------------------------------------------------------ one turn

    def _turn(
        self,
        turn: int,
        x: FloatArray,
        a: _Assessment,
        sal: FloatArray,
        cap: FloatArray,
        rng: KtabPRNG,
    ) -> tuple[FloatArray, list[tuple[int, _Bargain, float, int]]]:
        """One KTAB turn (SMPState::doBCN): challenges, bargains, PCE choice, new positions."""
        n = x.shape[0]
        sal_sum = sal.sum(axis=1)
        bargains = self._propose(x, a, sal, sal_sum, cap)

        # utilities of the state after each option, averaged over all positions (brgnUtil)
        own = risk_utility(a.distance, a.risk[:, None])  # own[a, m] = aUtil[a](a, m)
        row_sum = own.sum(axis=1)
        options_util = np.empty((n, len(bargains)))
        if bargains:
            inits = np.array([b.init for b in bargains])
            rcvrs = np.array([b.rcvr for b in bargains])
            p_i = np.stack([b.pos_init for b in bargains])
            p_r = np.stack([b.pos_rcvr for b in bargains])
            u_init = risk_utility(distance_to_points(x, sal, p_i), a.risk[:, None])
            u_rcvr = risk_utility(distance_to_points(x, sal, p_r), a.risk[:, None])
            rest = row_sum[:, None] - own[:, inits] - own[:, rcvrs]
            options_util = (u_init + u_rcvr + rest) / n
        sq_util = row_sum / n

        involved: list[list[int]] = [[] for _ in range(n)]
        for b_idx, b in enumerate(bargains):
            involved[b.init].append(b_idx)
            involved[b.rcvr].append(b_idx)

        new = x.copy()
        chosen: list[tuple[int, _Bargain, float, int]] = []
        for k in range(n):
            options = involved[k]
            if not options:
                continue  # only the status quo: nothing to vote on
            u_im = np.column_stack([sq_util, options_util[:, options]])
            p = scalar_pce(cap, u_im, self.voting_rule, self.victory_model, self.pce_model)
            if self.state_transition is StateTransition.DETERMINISTIC:
                m = int(np.argmax(p))  # first maximum, as KTAB ndxMaxAbs
            else:
                m = rng.prob_sel(p.tolist())  # KTAB PRNG::probSel
            if m == 0:
                continue  # status quo kept
            b = bargains[options[m - 1]]
            new[k] = b.pos_init if b.init == k else b.pos_rcvr
            chosen.append((k, b, float(p[m]), len(p)))
        return new, chosen

    def _propose(
        self,
        x: FloatArray,
        a: _Assessment,
        sal: FloatArray,
        sal_sum: FloatArray,
        cap: FloatArray,
    ) -> list[_Bargain]:
        """Each actor's best challenge and the bargain it proposes (KTAB bestChallenge etc.)."""
        n = x.shape[0]
        if n < 2:
            return []
        # every initiator's view of every contest: the O(n^3) heart of a turn
        risk = estimated_risk(a.risk[:, None], a.risk[None, :], self.big_r_adjust)
        p_mat, g_all = initiator_challenges(
            a.distance, risk, sal_sum * cap, sal_sum, self.voting_rule, self.third_party_commit
        )
        worth_it = (g_all > MIN_SIGNIFICANT_GAIN) & ~np.eye(n, dtype=bool)
        gain = np.where(worth_it, g_all, -np.inf)
        target = np.argmax(gain, axis=1)  # first maximum, as KTAB's scan over j
        initiators = np.flatnonzero(np.isfinite(gain[np.arange(n), target]))
        if initiators.size == 0:
            return []
        targets = target[initiators]
        # the receiver's view of the same contest (its estimate of i winning and of the gains)
        p_rcvr, g_init_by_rcvr = self._prob_gain(
            a, sal_sum, cap, targets, initiators, initiators, targets
        )
        _, g_rcvr = self._prob_gain(a, sal_sum, cap, targets, targets, initiators, targets)

        bargains: list[_Bargain] = []
        for idx, (i, j) in enumerate(zip(initiators.tolist(), targets.tolist(), strict=True)):
            p_ij = float(p_mat[i, j])
            info = {
                "p_init": p_ij,
                "gain_init": float(gain[i, j]),
                "p_rcvr": float(p_rcvr[idx]),
                "gain_rcvr": float(g_rcvr[idx]),
            }
            bi, bj = self._interpolate(x[i], sal[i], p_ij, x[j], sal[j], 1.0 - p_ij)
            if self.bargain_model is BargainModel.INITIATOR_ONLY:
                bargains.append(_Bargain(i, j, bi, bj, **info))
                continue
            # KTAB smpbcn.cpp doBCN forms the receiver's bargain from get<1> of
            # probEduChlg(j, i, i, j), i.e. j's estimate of i's expected GAIN, not of i's win
            # probability; reproduced as is so the non-default bargain models match KTAB.
            q = float(g_init_by_rcvr[idx])
            ri, rj = self._interpolate(x[i], sal[i], q, x[j], sal[j], 1.0 - q)
            if self.bargain_model is BargainModel.INITIATOR_RECEIVER:
                bargains.append(_Bargain(i, j, bi, bj, **info))
                bargains.append(_Bargain(i, j, ri, rj, **info))
            else:
                # KTAB weights both views by capability × total salience; its receiver weight
                # takes the capability of the receiver-view bargain's initiator, which is i.
                wi = cap[i] * sal_sum[i]
                wj = cap[i] * sal_sum[j]
                ci = (wi * bi + wj * ri) / (wi + wj)
                cj = (wi * bj + wj * rj) / (wi + wj)
                bargains.append(_Bargain(i, j, ci, cj, **info))
        return bargains

    def _interpolate(
        self,
        ti: FloatArray,
        si: FloatArray,
        p_i: float,
        tj: FloatArray,
        sj: FloatArray,
        p_j: float,
    ) -> tuple[FloatArray, FloatArray]:
        """Bargain positions of i and j (KTAB SMPActor::interpBrgnSnPm / interpBrgnS2PMax)."""
        min_w = 1e-6
        if self.bargain_interpolation is BargainInterpolation.S2PMAX:
            di = max(p_j - p_i, 0.0)
            dj = max(p_i - p_j, 0.0)
            dik = (di * sj**2) / (di * sj**2 + min_w + (1 - di) * si**2)
            djk = (dj * si**2) / (dj * si**2 + min_w + (1 - dj) * sj**2)
            return ti + dik * (tj - ti), tj + djk * (ti - tj)
        e = 1 if self.bargain_interpolation is BargainInterpolation.S1P1 else 2
        wi = si**e * p_i**e
        wj = sj**e * p_j**e
        # the tiny asymmetric weight keeps 0/0 away when neither side cares or can coerce;
        # rounding to 4 decimals (KTAB round4) removes spurious asymmetry and precision
        bi = _round4(((wi + min_w) * ti + wj * tj) / (wi + min_w + wj))
        bj = _round4((wi * ti + (min_w + wj) * tj) / (wi + min_w + wj))
        return bi, bj

    # ------------------------------------------------------------------ results

    def _to_moves(
        self,
        turn: int,
        chosen: list[tuple[int, _Bargain, float, int]],
        sc: SpatialScenario,
        before: FloatArray,
        after: FloatArray,
        lo: FloatArray,
        hi: FloatArray,
    ) -> list[Move]:
        """One Move per actor and dimension it changed, with the bargain's numbers."""
        turn_moves: list[Move] = []
        for k, b, prob, n_options in chosen:
            other = b.rcvr if b.init == k else b.init
            detail = {
                "initiator_p_win": b.p_init,
                "initiator_expected_gain": b.gain_init,
                "receiver_p_win_for_initiator": b.p_rcvr,
                "receiver_expected_gain": b.gain_rcvr,
                "choice_probability": prob,
                "options": float(n_options),
                "as_initiator": 1.0 if b.init == k else 0.0,
            }
            for dim in range(before.shape[1]):
                old = float(before[k, dim] * (hi[dim] - lo[dim]) + lo[dim])
                new = float(after[k, dim] * (hi[dim] - lo[dim]) + lo[dim])
                if old == new:
                    continue
                turn_moves.append(
                    Move(
                        round=turn,
                        actor=sc.actors[k],
                        dimension=sc.dimensions[dim],
                        before=old,
                        after=new,
                        kind="bargain",
                        counterpart=sc.actors[other],
                        detail={**detail, "bargain_position": new},
                    )
                )
        return turn_moves


def _round4(x: FloatArray) -> FloatArray:
    """KTAB's round4: ``int(0.5 + x * 1e4) / 1e4`` (truncation; x >= 0 on the [0, 1] scale)."""
    return np.asarray(np.trunc(0.5 + x * 10000.0) / 10000.0, dtype=np.float64)


def _unique_positions(x: FloatArray) -> tuple[IntArray, IntArray]:
    """Distinct positions (first actor at each) and, per actor, which one it holds.

    KTAB (State::setUENdx with SMPState::equivNdx) treats positions closer than ``posTol``
    (Euclidean, [0, 1] scale) as the same option: each actor joins the first earlier distinct
    position within the tolerance, else it starts a new one.
    """
    n = x.shape[0]
    is_unique = np.zeros(n, dtype=bool)
    slot_of = np.zeros(n, dtype=np.int64)  # slot of each distinct position, by its actor
    owner = np.empty(n, dtype=np.int64)
    n_unique = 0
    for i in range(n):
        # one row of the distance matrix at a time keeps memory O(n) at thousands of actors
        close = np.linalg.norm(x[:i] - x[i], axis=1) < POSITION_TOLERANCE
        earlier = np.flatnonzero(close & is_unique[:i])
        if earlier.size:
            owner[i] = slot_of[earlier[0]]
        else:
            owner[i] = slot_of[i] = n_unique
            is_unique[i] = True
            n_unique += 1
    return np.flatnonzero(is_unique).astype(np.int64), owner
