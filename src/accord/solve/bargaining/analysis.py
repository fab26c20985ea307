"""One call from a bargaining space to every answer: zone, frontier, solutions, side payments.

:func:`bargain` enumerates the outcome grid, finds the zone of agreement and what binds it,
the Pareto frontier, the four bargaining solutions exactly on the grid (then polished on the
continuous issues by SLSQP, kept only when it does at least as well), and — when side-payment
pools are given — the cheapest transfers that make some outcome acceptable to all, and the
actors no transfer can bring in.

>>> import numpy as np
>>> from accord.solve.bargaining.space import BargainingSpace, IssueSpace
>>> issues = tuple(IssueSpace.continuous(n, 0, 100, 11) for n in ("x", "y"))
>>> s = BargainingSpace.spatial(("a", "b"), issues, np.array([[0.0, 0], [100, 100]]),
...     np.array([[0.8, 0.2], [0.2, 0.8]]), np.array([50.0, 50.0]))
>>> r = bargain(s, continuous=False)
>>> r.zone.exists, r.solution("nash").outcome
(True, {'x': 0.0, 'y': 100.0})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import ModelError
from accord.solve.bargaining.pareto import pareto_mask
from accord.solve.bargaining.solutions import (
    CONCEPTS,
    GAIN_TOL,
    Concept,
    ContinuousProblem,
    continuous_ideal_point,
    ideal_point,
    objective_values,
    solve_continuous,
    solve_discrete,
)
from accord.solve.bargaining.space import BargainingSpace
from accord.solve.bargaining.transfers import Pool, TransferPlan, cheapest_transfer, max_receivable
from accord.solve.bargaining.zone import Zone, analyse_zone

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class SolutionPoint:
    """One bargaining solution: where, what each actor gets, and which constraints bind."""

    concept: Concept
    method: str  # "grid" or "continuous"
    outcome: dict[str, float]
    utilities: dict[str, float]
    gains: dict[str, float]
    value: float
    binding: tuple[str, ...] = ()
    ties: int = 1
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "concept": self.concept, "method": self.method, "outcome": self.outcome,
            "utilities": self.utilities, "gains": self.gains, "value": self.value,
            "binding": list(self.binding), "ties": self.ties, "note": self.note,
        }


@dataclass(frozen=True)
class TransferSetup:
    """Side-payment terms: each actor's utility per unit of money (NaN = cannot trade)."""

    rates: FloatArray
    pools: tuple[Pool, ...]
    money_unit: str = ""


@dataclass(frozen=True)
class Holdout:
    """An actor no transfer within the pools can bring into a deal, and why."""

    actor: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready record."""
        return {"actor": self.actor, "reason": self.reason}


@dataclass(frozen=True)
class RedLineBlock:
    """A red line that no transfer can buy out, but without which a deal would exist.

    ``total`` is the least money a deal would need with this one red line dropped (0 when a
    zone would exist without any transfer).
    """

    actor: str
    issue: str
    bound: str
    total: float

    def describe(self, unit: str = "") -> str:
        """One line, e.g. "russia's red line on nato (≤ 0) binds ..."."""
        unit = f" {unit}" if unit else ""
        cost = "a zone would exist with no transfer" if self.total <= 0 else (
            f"a deal would need {self.total:.4g}{unit}"
        )
        return (f"{self.actor}'s red line on {self.issue} ({self.bound}) binds, and money "
                f"cannot relax it (without it, {cost})")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"actor": self.actor, "issue": self.issue, "bound": self.bound,
                "total_without_it": self.total, "message": self.describe()}


@dataclass(frozen=True)
class TransferReport:
    """What money can do: whether it opens a zone, at what minimum total, paid by whom."""

    opens_zone: bool
    zone_without_transfers: bool
    plan: TransferPlan
    outcome: dict[str, float] | None
    utilities_before: dict[str, float] | None
    utilities_after: dict[str, float] | None
    payments: tuple[dict[str, Any], ...]
    holdouts: tuple[Holdout, ...]
    money_unit: str
    blocking_red_lines: tuple[RedLineBlock, ...] = ()

    def message(self) -> str:
        """One line verdict."""
        unit = f" {self.money_unit}" if self.money_unit else ""
        if self.zone_without_transfers:
            return "a zone of agreement exists without transfers (minimum transfer 0)"
        if self.plan.feasible:
            return (
                f"transfers open a zone of agreement: minimum total {self.plan.total:.4g}{unit}"
            )
        if self.blocking_red_lines:
            names = "; ".join(b.describe(self.money_unit) for b in self.blocking_red_lines)
            return f"no transfer within the pools opens a zone of agreement: {names}"
        held = ", ".join(h.actor for h in self.holdouts)
        why = f"cannot be brought in: {held}" if held else self.plan.reason
        return f"no transfer within the pools opens a zone of agreement ({why})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "message": self.message(), "opens_zone": self.opens_zone,
            "zone_without_transfers": self.zone_without_transfers,
            "feasible": self.plan.feasible,
            "minimum_total": self.plan.total if self.plan.feasible else None,
            "money_unit": self.money_unit, "outcome": self.outcome,
            "utilities_before": self.utilities_before, "utilities_after": self.utilities_after,
            "payments": list(self.payments), "holdouts": [h.to_dict() for h in self.holdouts],
            "blocking_red_lines": [b.to_dict() for b in self.blocking_red_lines],
            "programs_solved": self.plan.examined, "candidates_screened": self.plan.screened,
            "reason": self.plan.reason,
        }


@dataclass
class BargainingResult:
    """Everything :func:`bargain` finds, as plain data (``to_dict`` for JSON)."""

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    disagreement: dict[str, float]
    disagreement_outcome: dict[str, dict[str, float]]
    zone: Zone
    frontier_utilities: FloatArray
    frontier_outcomes: FloatArray
    feasible_utilities: FloatArray
    frontier_outside_zone_utilities: FloatArray
    solutions: list[SolutionPoint]
    transfers: TransferReport | None = None
    weighted: bool = False
    weights: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def solution(self, concept: Concept, method: str | None = None) -> SolutionPoint:
        """The solution for ``concept`` (the continuous one when both exist, unless asked)."""
        found = [s for s in self.solutions if s.concept == concept]
        if method is not None:
            found = [s for s in found if s.method == method]
        if not found:
            raise KeyError(concept)
        return found[-1]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record of the whole result (frontier as utility rows)."""
        return {
            "actors": list(self.actors), "issues": list(self.issues),
            "disagreement": self.disagreement,
            "disagreement_outcome": self.disagreement_outcome,
            "zone": self.zone.to_dict(),
            "frontier": {
                "size": int(len(self.frontier_utilities)),
                "pareto_optimal_outside_zone": int(len(self.frontier_outside_zone_utilities)),
                "utilities": self.frontier_utilities.tolist(),
                "outcomes": self.frontier_outcomes.tolist(),
            },
            "solutions": [s.to_dict() for s in self.solutions],
            "transfers": None if self.transfers is None else self.transfers.to_dict(),
            "weighted": self.weighted, "weights": self.weights, "notes": self.notes,
        }


def _binding_on_grid(space: BargainingSpace, x: FloatArray, u: FloatArray, d: FloatArray
                     ) -> tuple[str, ...]:
    out: list[str] = []
    for k, iss in enumerate(space.issues):
        eps = 1e-6 * max(1.0, iss.width)
        for i, actor in enumerate(space.actors):
            lo, hi = space.red_low[i, k], space.red_high[i, k]
            if np.isfinite(lo) and abs(x[k] - lo) <= eps and lo > iss.low:
                out.append(f"{actor}'s red line on {iss.name} (≥ {lo:g})")
            if np.isfinite(hi) and abs(x[k] - hi) <= eps and hi < iss.high:
                out.append(f"{actor}'s red line on {iss.name} (≤ {hi:g})")
    for i, actor in enumerate(space.actors):
        if abs(u[i] - d[i]) <= 1e-7 * max(1.0, abs(float(d[i]))):
            out.append(f"{actor} gets only its disagreement utility")
    return tuple(out)


def _point(
    space: BargainingSpace, concept: Concept, method: str, x: FloatArray, u: FloatArray,
    d: FloatArray, value: float, ties: int = 1, note: str = "",
) -> SolutionPoint:
    return SolutionPoint(
        concept=concept,
        method=method,
        outcome={iss.name: float(x[k]) for k, iss in enumerate(space.issues)},
        utilities={a: float(u[i]) for i, a in enumerate(space.actors)},
        gains={a: float(u[i] - d[i]) for i, a in enumerate(space.actors)},
        value=float(value),
        binding=_binding_on_grid(space, x, u, d),
        ties=ties,
        note=note,
    )


def bargain(
    space: BargainingSpace,
    *,
    weighted: bool = False,
    transfers: TransferSetup | None = None,
    continuous: bool = True,
) -> BargainingResult:
    """Zone of agreement, frontier, the four solutions and (optionally) side payments.

    ``weighted`` uses capabilities as asymmetric-Nash weights; ``continuous`` polishes grid
    solutions on continuous issues with SLSQP.
    """
    U = space.grid_utilities()
    d = space.disagreement()
    zone = analyse_zone(space, U, d)
    feas = np.flatnonzero(zone.feasible)
    Uf = U[feas]
    notes = list(space.notes)
    weights = space.capability if weighted else None
    if weighted and (weights is None or float(np.sum(weights)) <= 0):
        raise ModelError(
            "weighted Nash needs at least one actor with positive capability",
            field="actors.capability",
            loc=("actors",),
        )

    # A zone outcome that is Pareto-optimal among zone outcomes is Pareto-optimal among all
    # feasible ones (anything dominating it also beats the disagreement point), so the zone's
    # frontier is the feasible frontier restricted to the zone.
    front_all = feas[pareto_mask(Uf)] if len(feas) else np.zeros(0, dtype=np.intp)
    # Sorted by the first actor's utility, so a plot can draw it as a line.
    front_all = front_all[np.argsort(U[front_all, 0], kind="stable")]
    front = front_all[zone.zone[front_all]]

    solutions: list[SolutionPoint] = []
    grid_ideal = ideal_point(Uf, d) if len(Uf) else d.copy()
    if zone.exists:
        for concept in CONCEPTS:
            choice = solve_discrete(Uf, d, concept, weights)
            if choice.index is None:
                notes.append(f"{concept}: {choice.reason}")
                continue
            flat = feas[choice.index]
            x = space.outcomes(np.array([flat]))[0]
            solutions.append(
                _point(space, concept, "grid", x, U[flat], d, choice.value, choice.ties)
            )
        if continuous:
            solutions += _polish(space, solutions, d, weights, grid_ideal, notes)
    plan_report = None
    if transfers is not None:
        plan_report = _transfers(space, U, d, zone, transfers)
    return BargainingResult(
        actors=space.actors,
        issues=tuple(i.name for i in space.issues),
        disagreement={a: float(d[i]) for i, a in enumerate(space.actors)},
        disagreement_outcome={
            a: {iss.name: float(space.disagreement_outcome[i, k])
                for k, iss in enumerate(space.issues)}
            for i, a in enumerate(space.actors)
        },
        zone=zone,
        frontier_utilities=U[front],
        frontier_outcomes=space.outcomes(front),
        feasible_utilities=Uf,
        frontier_outside_zone_utilities=U[front_all[~zone.zone[front_all]]],
        solutions=solutions,
        transfers=plan_report,
        weighted=weighted,
        weights=(
            {} if weights is None
            else {a: float(w) for a, w in zip(space.actors, weights / weights.sum(), strict=True)}
        ),
        notes=notes,
    )


def _polish(
    space: BargainingSpace,
    grid: list[SolutionPoint],
    d: FloatArray,
    weights: FloatArray | None,
    grid_ideal: FloatArray,
    notes: list[str],
) -> list[SolutionPoint]:
    """Continuous optimum over the continuous issues, discrete ones fixed at the grid answer."""
    cont = [k for k, iss in enumerate(space.issues) if not iss.discrete]
    if not cont:
        return []
    box_lo, box_hi = space.feasible_box()
    lo, hi = box_lo[cont], box_hi[cont]
    out: list[SolutionPoint] = []
    ideal = grid_ideal
    for sol in grid:
        base = np.array([sol.outcome[iss.name] for iss in space.issues])

        def util(v: FloatArray, base: FloatArray = base) -> FloatArray:
            x = base.copy()
            x[cont] = v
            return space.point_utility(x)

        def jac(v: FloatArray, base: FloatArray = base) -> FloatArray:
            x = base.copy()
            x[cont] = v
            return np.asarray(space.point_jacobian(x)[:, cont])

        def batch(vs: FloatArray, base: FloatArray = base) -> FloatArray:
            X = np.repeat(base[None, :], len(vs), axis=0)
            X[:, cont] = vs
            return space.utility(X)

        problem = ContinuousProblem(
            util, lo, hi, d, weights, tuple(space.issues[k].name for k in cont),
            jacobian=jac, batch_utility=batch,
        )
        if sol.concept == "kalai-smorodinsky" and len(cont) == space.n_issues:
            ideal = np.maximum(grid_ideal, continuous_ideal_point(problem))
        res = solve_continuous(
            problem, sol.concept, samples=512, start=base[cont],
            ideal=ideal if sol.concept == "kalai-smorodinsky" else None,
        )
        if not res.details.get("polished") or not np.all(np.isfinite(res.outcome)):
            notes.append(f"{sol.concept}: the continuous search (SLSQP: "
                         f"{res.details.get('optimizer', res.reason)}) found no better point "
                         "than the grid's; grid answer kept")
            continue
        x = base.copy()
        x[cont] = res.outcome
        u_x = np.asarray(res.utilities)
        x, u_x = _snap(space, sol.concept, x, u_x, cont, d, weights, ideal)
        # Compare on the same objective (KS against the same ideal point).
        grid_u = np.array([sol.utilities[a] for a in space.actors])
        both = objective_values(np.vstack([grid_u, u_x]), d, sol.concept, weights, ideal)
        if both[1] < both[0] - 1e-9 * max(1.0, abs(float(both[0]))):
            notes.append(f"{sol.concept}: continuous polish found no better point than the grid")
            continue
        grid_x = np.array([sol.outcome[iss.name] for iss in space.issues])
        if np.allclose(x, grid_x, rtol=0.0, atol=1e-9 * max(1.0, float(np.max(hi - lo)))):
            notes.append(f"{sol.concept}: the continuous optimum is the grid point")
            continue
        note = "" if res.converged else f"optimizer: {res.details.get('optimizer')}"
        out.append(
            _point(space, sol.concept, "continuous", x, u_x, d, float(both[1]), note=note)
        )
    return out


def _snap(
    space: BargainingSpace, concept: Concept, x: FloatArray, u: FloatArray, cont: list[int],
    d: FloatArray, weights: FloatArray | None, ideal: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Move coordinates the optimiser left a hair's breadth from a named point (a position,
    a red-line bound — where utilities have kinks) onto it, if that is no worse.

    SLSQP stops within its tolerance of a kink; 60.0000019 instead of 60 is noise, not news.
    """
    best_x, best_u = x.copy(), u.copy()
    best_v = objective_values(best_u[None, :], d, concept, weights, ideal)[0]
    for k in cont:
        vals = space.issues[k].values
        j = int(np.argmin(np.abs(vals - best_x[k])))
        if 0 < abs(vals[j] - best_x[k]) <= 1e-4 * space.issues[k].width:
            trial = best_x.copy()
            trial[k] = vals[j]
            if not np.all(space.allowed(k, trial[k : k + 1])):
                continue
            tu = space.point_utility(trial)
            tv = objective_values(tu[None, :], d, concept, weights, ideal)[0]
            if np.all(tu >= d - GAIN_TOL) and tv >= best_v - 1e-9 * max(1.0, abs(float(best_v))):
                best_x, best_u, best_v = trial, tu, tv
    return best_x, best_u


def issue_losses(space: BargainingSpace, outcomes: FloatArray) -> Callable[[int], FloatArray]:
    """``loss(i)``: what each actor loses on each issue at ``outcomes[i]`` against its
    disagreement outcome, shape (n_actors, n_issues) (for pools tied to issues)."""
    issue_d = space.issue_disagreement()

    def loss(i: int) -> FloatArray:
        x = outcomes[i]
        per = np.column_stack(
            [space.issue_utility(k, x[k : k + 1])[:, 0] for k in range(space.n_issues)]
        )
        return np.asarray(issue_d - per)

    return loss


def grid_transfer(
    space: BargainingSpace,
    U: FloatArray,
    feasible: IntArray,
    d: FloatArray,
    rates: FloatArray,
    pools: tuple[Pool, ...],
) -> TransferPlan:
    """The cheapest side payments that make some red-line-feasible grid outcome acceptable to
    every actor (:func:`~accord.solve.bargaining.transfers.cheapest_transfer`).

    ``U`` holds the utilities of every grid outcome, ``feasible`` the flat indices of those
    that break no red line, ``d`` the disagreement utilities; the plan's ``outcome`` indexes
    ``feasible``.
    """
    needs_issue = any(p.issues is not None for p in pools)
    loss = None
    if needs_issue:
        outcomes = space.outcomes(feasible) if len(feasible) else np.zeros((0, space.n_issues))
        loss = issue_losses(space, outcomes)
    return cheapest_transfer(U[feasible], d, rates, pools, loss)


def _transfers(
    space: BargainingSpace, U: FloatArray, d: FloatArray, zone: Zone, setup: TransferSetup
) -> TransferReport:
    rates = np.asarray(setup.rates, dtype=np.float64)
    feas = np.flatnonzero(zone.feasible)
    needs_issue = any(p.issues is not None for p in setup.pools)

    def issue_loss_for(outcomes: FloatArray) -> Callable[[int], FloatArray]:
        return issue_losses(space, outcomes)

    plan = grid_transfer(space, U, feas, d, rates, setup.pools)
    holdouts = _holdouts(space, U[feas], d, rates, setup.pools, zone)
    payments: tuple[dict[str, Any], ...] = ()
    outcome = before = after = None
    if plan.feasible and plan.outcome is not None:
        flat = feas[plan.outcome]
        x = space.outcomes(np.array([flat]))[0]
        outcome = {iss.name: float(x[k]) for k, iss in enumerate(space.issues)}
        before = {a: float(U[flat, i]) for i, a in enumerate(space.actors)}
        after = {a: float(plan.utilities[i]) for i, a in enumerate(space.actors)}
        payments = tuple(
            {"pool": t.pool, "from": space.actors[t.payer], "to": space.actors[t.payee],
             "amount": t.amount}
            for t in plan.transfers
        )
    blocks: tuple[RedLineBlock, ...] = ()
    if not plan.feasible:
        blocks = _blocking_red_lines(space, U, d, rates, setup.pools, issue_loss_for, needs_issue)
    return TransferReport(
        blocking_red_lines=blocks,
        opens_zone=(not zone.exists) and plan.feasible,
        zone_without_transfers=zone.exists,
        plan=plan,
        outcome=outcome,
        utilities_before=before,
        utilities_after=after,
        payments=payments,
        holdouts=holdouts,
        money_unit=setup.money_unit,
    )


def _holdouts(
    space: BargainingSpace, Uf: FloatArray, d: FloatArray, rates: FloatArray,
    pools: tuple[Pool, ...], zone: Zone,
) -> tuple[Holdout, ...]:
    """Actors whom no transfer can satisfy at any outcome their red lines leave open."""
    out: list[Holdout] = []
    if len(Uf) == 0:
        # Red lines are hard: money cannot make an infeasible outcome feasible.
        for c in zone.red_line_conflicts:
            pair = ((c.high_actor, c.low_actor, f"≤ {c.high:g}", f"≥ {c.low:g}"),
                    (c.low_actor, c.high_actor, f"≥ {c.low:g}", f"≤ {c.high:g}"))
            for actor, other, mine, theirs in pair:
                if any(h.actor == actor for h in out):
                    continue
                out.append(Holdout(
                    actor,
                    f"its red line on {c.issue} ({mine}) excludes every outcome {other}'s "
                    f"({theirs}) allows; red lines are not for sale",
                ))
        if not out:
            out.append(Holdout("*", "red lines together leave no feasible outcome"))
        return tuple(out)
    recv = max_receivable(rates, pools, space.n_actors)
    ok_rate = np.isfinite(rates) & (rates > 0)
    best_plain = Uf.max(axis=0)
    for i, actor in enumerate(space.actors):
        if best_plain[i] >= d[i] - GAIN_TOL:
            continue
        gap = float(d[i] - best_plain[i])
        if not ok_rate[i]:
            out.append(Holdout(actor, f"worse off than its alternative at every acceptable "
                                      f"outcome (by ≥ {gap:.4g}) and has no utility_per_money"))
        elif recv[i] <= 0:
            out.append(Holdout(actor, f"worse off than its alternative at every acceptable "
                                      f"outcome (by ≥ {gap:.4g}) and receives from no pool"))
        elif float((Uf[:, i] + rates[i] * recv[i]).max()) < d[i] - GAIN_TOL:
            out.append(Holdout(actor, f"needs ≥ {gap / rates[i]:.4g} but its pools hold only "
                                      f"{recv[i]:.4g}"))
    return tuple(out)


def _blocking_red_lines(
    space: BargainingSpace,
    U: FloatArray,
    d: FloatArray,
    rates: FloatArray,
    pools: tuple[Pool, ...],
    issue_loss_for: Callable[[FloatArray], Callable[[int], FloatArray]],
    needs_issue: bool,
) -> tuple[RedLineBlock, ...]:
    """Red lines whose removal alone would let transfers (or nothing) make a deal.

    Utilities do not depend on red lines, so each check only recomputes which outcomes are
    feasible and reruns the exact transfer search on them.
    """
    out: list[RedLineBlock] = []
    for i, actor in enumerate(space.actors):
        for k, iss in enumerate(space.issues):
            lo, hi = float(space.red_low[i, k]), float(space.red_high[i, k])
            if not (np.isfinite(lo) or np.isfinite(hi)):
                continue
            red_low = space.red_low.copy()
            red_high = space.red_high.copy()
            red_low[i, k], red_high[i, k] = -np.inf, np.inf
            relaxed = replace(space, red_low=red_low, red_high=red_high)
            feas = np.flatnonzero(relaxed.grid_violations() == 0)
            if len(feas) == 0:
                continue
            loss = issue_loss_for(relaxed.outcomes(feas)) if needs_issue else None
            plan = cheapest_transfer(U[feas], d, rates, pools, loss)
            if plan.feasible:
                bound = ("≥ " + f"{lo:g}") if np.isfinite(lo) else ("≤ " + f"{hi:g}")
                if np.isfinite(lo) and np.isfinite(hi):
                    bound = f"{lo:g}–{hi:g}"
                out.append(RedLineBlock(actor, iss.name, bound, plan.total))
    return tuple(out)
