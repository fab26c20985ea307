"""Stokman & van Oosten's exchange model: equal-gain trades of voting positions across issues.

Stokman & van Oosten (1994), "The exchange of voting positions: an EU case study", in Bueno de
Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP, pp. 161–184; the
equal-gain exchange rate as restated by Arregui, Stokman & Thomson (2006), "Compromise,
exchange and challenge in the European Union", in *The European Union Decides*, ch. 5.

On each issue a the expected outcome is the compromise O_a = Σ c_i s_ia x_ia / Σ c_i s_ia, and
actor i's weight in it is α_ia = c_i s_ia / Σ_k c_k s_ka: moving x_ia by u moves O_a by α_ia u.
An actor values an outcome shift of δ towards it on issue a at s_ia δ. Actors i and j can trade
on issues a and b when i cares relatively more about a (s_ia s_jb > s_ib s_ja) and they sit on
opposite sides of the outcome on both issues: j moves towards O_a by u (i gains s_ia α_ja u,
j loses s_ja α_ja u) and i moves towards O_b by v (j gains s_jb α_ib v, i loses s_ib α_ib v).
Equal gains fix the rate v/u = α_ja (s_ia + s_ja) / (α_ib (s_ib + s_jb)); the size is the largest
for which neither mover passes the outcome, and the common gain is
G = u α_ja (s_ia s_jb − s_ib s_ja) / (s_ib + s_jb). Feasible exchanges are executed greedily,
largest gain first, each actor-issue at most once per round; outcomes are then recomputed and
the next round begins. docs/exchange.md has the derivation.

>>> import numpy as np
>>> from accord.solve.spatial.base import SpatialScenario
>>> s = SpatialScenario(("a", "b"), ("x", "y"), np.array([1.0, 1.0]),
...                     np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[0.9, 0.1], [0.1, 0.9]]))
>>> r = ExchangeModel(rounds=3).run(s)
>>> [(m.actor, m.dimension, round(m.after, 6)) for m in r.moves if m.round == 1]
[('b', 'x', 10.0), ('a', 'y', 90.0)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from accord.errors import InputError
from accord.solve.spatial.base import FloatArray, ForecastResult, Move, SpatialScenario
from accord.solve.spatial.compromise import actor_weights, check_scenario

Exclusive = Literal["all", "movers"]


@dataclass(frozen=True)
class Exchange:
    """One feasible trade: ``mover_a`` shifts on ``issue_a`` by ``shift_a`` towards the outcome
    (benefiting ``mover_b``), ``mover_b`` shifts on ``issue_b`` by ``shift_b``; both gain ``gain``.
    """

    gain: float
    mover_a: int
    issue_a: int
    shift_a: float
    mover_b: int
    issue_b: int
    shift_b: float


def compromise_outcome(position: FloatArray, weight: FloatArray) -> FloatArray:
    """O per dimension: Σ w x / Σ w over actors (weight = capability × salience)."""
    return np.asarray((weight * position).sum(axis=0) / weight.sum(axis=0), dtype=np.float64)


def feasible_exchanges(
    position: FloatArray, capability: FloatArray, salience: FloatArray, min_gain: float = 1e-12
) -> list[Exchange]:
    """All equal-gain exchanges available at ``position``, best first (vectorised over pairs).

    Ties in gain are broken by (issue pair, actor pair) order so runs are reproducible.
    """
    n, dims = position.shape
    weight = capability[:, None] * salience
    outcome = compromise_outcome(position, weight)
    alpha = weight / weight.sum(axis=0)
    side = np.sign(position - outcome)
    room = np.abs(position - outcome)  # how far an actor can move before passing the outcome
    found: list[Exchange] = []
    not_self = ~np.eye(n, dtype=bool)
    for a in range(dims):
        for b in range(a + 1, dims):
            # i (rows) cares relatively more about a, j (columns) about b; j yields on a and
            # i yields on b. With a < b each trade appears once: (j, i, b, a) is the same trade.
            s_ia = salience[:, a][:, None]
            s_ib = salience[:, b][:, None]
            s_ja = salience[:, a][None, :]
            s_jb = salience[:, b][None, :]
            edge = s_ia * s_jb - s_ib * s_ja
            opposite = (side[:, a][:, None] * side[:, a][None, :] < 0) & (
                side[:, b][:, None] * side[:, b][None, :] < 0
            )
            alpha_ja = alpha[:, a][None, :]
            alpha_ib = alpha[:, b][:, None]
            ok = opposite & not_self & (edge > 0) & (alpha_ja > 0) & (alpha_ib > 0)
            if not ok.any():
                continue
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                rate = (alpha_ja * (s_ia + s_ja)) / (alpha_ib * (s_ib + s_jb))  # v per unit u
                u = np.minimum(room[:, a][None, :], room[:, b][:, None] / rate)
                gain = u * alpha_ja * edge / (s_ib + s_jb)
            ok &= np.isfinite(gain) & (gain > min_gain)
            for i, j in zip(*np.nonzero(ok), strict=True):
                found.append(
                    Exchange(
                        gain=float(gain[i, j]),
                        mover_a=int(j),
                        issue_a=a,
                        shift_a=float(u[i, j]),
                        mover_b=int(i),
                        issue_b=b,
                        shift_b=float(u[i, j] * rate[i, j]),
                    )
                )
    found.sort(key=lambda e: -e.gain)  # stable: keeps the (a, b, i, j) order among equal gains
    return found


class ExchangeModel:
    """Stokman & van Oosten's exchange model (see the module docstring for the formulas).

    ``rounds`` bounds the number of exchange rounds; ``exclusive="all"`` lets each of the four
    actor-issue positions in an executed trade take part in no other trade that round
    (``"movers"`` only blocks the two positions that move); ``min_gain`` ignores trades worth
    less. The forecast is the compromise outcome of the final positions.
    """

    name = "exchange"

    def __init__(
        self, rounds: int = 10, exclusive: Exclusive = "all", min_gain: float = 1e-9
    ) -> None:
        if rounds < 0:
            raise InputError(f"rounds must be >= 0, got {rounds}", field="rounds")
        if exclusive not in ("all", "movers"):
            raise InputError(
                f"unknown value {exclusive!r}; expected 'all' or 'movers'", field="exclusive"
            )
        if not min_gain >= 0.0:
            raise InputError(f"min_gain must be >= 0, got {min_gain}", field="min_gain")
        self.rounds = rounds
        self.exclusive = exclusive
        self.min_gain = min_gain

    def run(self, scenario: SpatialScenario) -> ForecastResult:
        """Play up to ``rounds`` rounds of exchanges; stops early when none is feasible."""
        check_scenario(scenario)
        weight = actor_weights(scenario)
        x = np.array(scenario.position, dtype=np.float64)
        rows = [x.copy()]
        moves: list[Move] = []
        converged = False
        for rnd in range(1, self.rounds + 1):
            outcome = compromise_outcome(x, weight)
            trades = feasible_exchanges(x, scenario.capability, scenario.salience, self.min_gain)
            used: set[tuple[int, int]] = set()
            new_x = x.copy()
            for e in trades:
                keys = {(e.mover_a, e.issue_a), (e.mover_b, e.issue_b)}
                if self.exclusive == "all":
                    keys |= {(e.mover_b, e.issue_a), (e.mover_a, e.issue_b)}
                if keys & used:
                    continue
                used |= keys
                for mover, issue, shift, partner in (
                    (e.mover_a, e.issue_a, e.shift_a, e.mover_b),
                    (e.mover_b, e.issue_b, e.shift_b, e.mover_a),
                ):
                    before = float(x[mover, issue])
                    toward = float(np.sign(outcome[issue] - before))
                    after = before + toward * shift
                    # never step past the outcome (guards rounding in the shift)
                    after = min(after, outcome[issue]) if toward > 0 else max(after, outcome[issue])
                    new_x[mover, issue] = after
                    moves.append(
                        Move(
                            round=rnd,
                            actor=scenario.actors[mover],
                            dimension=scenario.dimensions[issue],
                            before=before,
                            after=float(after),
                            kind="exchange",
                            counterpart=scenario.actors[partner],
                            detail=self._detail(e, issue, outcome, scenario),
                        )
                    )
            if not used:
                converged = True
                break
            x = new_x
            rows.append(x.copy())
        history = np.stack(rows)
        return ForecastResult(
            engine=self.name,
            actors=scenario.actors,
            dimensions=scenario.dimensions,
            history=history,
            forecast=compromise_outcome(history[-1], weight),
            converged=converged,
            moves=moves,
            parameters={
                "rounds": self.rounds,
                "exclusive": self.exclusive,
                "min_gain": self.min_gain,
                "outcome": "compromise (capability*salience weighted mean)",
            },
        )

    @staticmethod
    def _detail(
        e: Exchange, issue: int, outcome: FloatArray, scenario: SpatialScenario
    ) -> dict[str, float]:
        other = e.issue_b if issue == e.issue_a else e.issue_a
        return {
            "gain": e.gain,
            "outcome_before": float(outcome[issue]),
            "shift": e.shift_a if issue == e.issue_a else e.shift_b,
            "partner_shift": e.shift_b if issue == e.issue_a else e.shift_a,
            "partner_issue_index": float(other),
        }
