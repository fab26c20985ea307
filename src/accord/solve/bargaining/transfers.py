"""Side payments: can money buy a deal, for how much, who pays whom — and who cannot be bought.

Money moves through *pools* (a reconstruction fund, sanctions relief…): each has a size, the
actors who may fund it and those who may receive from it, and optionally the issues whose
concessions it may compensate. An actor values money at its rate ``r_i`` (utility per unit);
actors without a rate cannot pay or receive.

For one outcome ``x`` the cheapest compensation is a linear program over transfers
``t[p, f, r] >= 0`` (pool p, funder f, recipient r)::

    minimise   Σ t
    subject to u_i(x) + r_i · (received_i − paid_i) >= d_i      for every actor i
               Σ_{f,r} t[p, f, r] <= size_p                        for every pool p
               r_r · Σ_f t[p, f, r] <= loss_r(x on p's issues)     if p names issues

Red lines are *not* in the program: they are hard constraints on outcomes that money cannot
relax, so only red-line-feasible outcomes are candidates. Over the candidates the search is
exact branch-and-bound: ``Σ_i deficit_i / r_i`` (money the losers must at least receive) is a
lower bound on each outcome's total, so outcomes are solved in increasing bound order and the
search stops when the bound reaches the best total found.

>>> import numpy as np
>>> U = np.array([[3.0, 0.0], [2.0, 0.5]])          # two outcomes, two actors
>>> pools = (Pool("fund", 10.0, funders=(0,), recipients=(1,)),)
>>> r = cheapest_transfer(U, np.array([1.0, 1.0]), np.array([1.0, 1.0]), pools)
>>> r.feasible, r.outcome, round(r.total, 6)
(True, 1, 0.5)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_TOL = 1e-9


@dataclass(frozen=True)
class Pool:
    """A side-payment pool: ``size`` units of money from ``funders`` to ``recipients``.

    Actors are indices into the actor list; ``issues`` (indices) restricts what the money
    may compensate (None = any issue).
    """

    name: str
    size: float
    funders: tuple[int, ...]
    recipients: tuple[int, ...]
    issues: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Transfer:
    """One payment: ``amount`` units from ``payer`` to ``payee`` through ``pool``."""

    pool: str
    payer: int
    payee: int
    amount: float


@dataclass(frozen=True)
class TransferPlan:
    """The cheapest way (if any) to make some feasible outcome acceptable to every actor.

    ``outcome`` is the row of the candidate utility matrix; ``utilities`` are after transfers.
    ``examined`` counts the linear programs solved; ``screened`` the candidates that passed
    the necessary conditions.
    """

    feasible: bool
    outcome: int | None
    total: float
    transfers: tuple[Transfer, ...]
    utilities: FloatArray
    examined: int
    screened: int
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def _variables(pools: tuple[Pool, ...], rates: FloatArray) -> list[tuple[int, int, int]]:
    """(pool, funder, recipient) triples that can carry money."""
    can = np.isfinite(rates) & (rates > 0)
    out: list[tuple[int, int, int]] = []
    for p, pool in enumerate(pools):
        for f in pool.funders:
            for r in pool.recipients:
                if f != r and can[f] and can[r]:
                    out.append((p, f, r))
    return out


def max_receivable(
    rates: FloatArray, pools: tuple[Pool, ...], n_actors: int
) -> FloatArray:
    """Most money each actor could receive (all pools it may draw on, fully), shape (n,)."""
    out = np.zeros(n_actors)
    for p, r in {(p, r) for p, _f, r in _variables(pools, rates)}:
        out[r] += pools[p].size
    return out


def min_transfer_for(
    u: FloatArray,
    d: FloatArray,
    rates: FloatArray,
    pools: tuple[Pool, ...],
    issue_loss: FloatArray | None = None,
) -> tuple[float, tuple[Transfer, ...]] | None:
    """Cheapest transfers making utilities ``u`` at least ``d`` for everyone (None if none).

    ``issue_loss`` (n_actors, n_issues) is each actor's utility lost on each issue relative to
    its disagreement outcome (needed only when pools are tied to issues).
    """
    n = len(u)
    surplus = u - d
    if np.all(surplus >= -_TOL):
        return 0.0, ()
    var = _variables(pools, rates)
    if not var:
        return None
    m = len(var)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    # Participation rows: r_i*(paid_i - received_i) <= surplus_i.
    for j, (_p, f, r) in enumerate(var):
        rows += [f, r]
        cols += [j, j]
        vals += [float(rates[f]), -float(rates[r])]
    b: list[float] = list(surplus)
    row = n
    for p, pool in enumerate(pools):
        members = [j for j, v in enumerate(var) if v[0] == p]
        if not members:
            continue
        rows += [row] * len(members)
        cols += members
        vals += [1.0] * len(members)
        b.append(pool.size)
        row += 1
        if pool.issues is not None and issue_loss is not None:
            for r in pool.recipients:
                mine = [j for j in members if var[j][2] == r]
                if not mine:
                    continue
                cap = float(np.maximum(issue_loss[r, list(pool.issues)], 0.0).sum())
                rows += [row] * len(mine)
                cols += mine
                vals += [float(rates[r])] * len(mine)
                b.append(cap)
                row += 1
    A = coo_matrix((vals, (rows, cols)), shape=(row, m)).tocsr()
    res = linprog(
        np.ones(m), A_ub=A, b_ub=np.asarray(b), bounds=(0, None), method="highs"
    )
    if res.status != 0:
        return None
    x = np.asarray(res.x)
    transfers = tuple(
        Transfer(pools[p].name, f, r, float(x[j]))
        for j, (p, f, r) in enumerate(var)
        if x[j] > 1e-9
    )
    return float(x.sum()), transfers


def cheapest_transfer(
    utilities: FloatArray,
    disagreement: FloatArray,
    rates: FloatArray,
    pools: tuple[Pool, ...],
    issue_loss: Callable[[int], FloatArray] | None = None,
    *,
    max_programs: int = 20_000,
) -> TransferPlan:
    """The outcome (row of ``utilities``) that needs the least total money, and the payments.

    ``utilities`` (n, k) holds only red-line-feasible outcomes; ``issue_loss(i)``,
    if given, returns outcome i's per-issue losses, shape (k, issues) (for pools tied to
    issues). Ties on the total go to the outcome with the larger utility sum.
    """
    U = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    n, k = U.shape
    empty = np.full(k, np.nan)
    if n == 0:
        return TransferPlan(
            False, None, np.inf, (), empty, 0, 0, "no outcome respects every red line"
        )
    deficit = np.maximum(d[None, :] - U, 0.0)
    ok_rate = np.isfinite(rates) & (rates > 0)
    safe_rate = np.where(ok_rate, rates, 1.0)
    recv = max_receivable(rates, pools, k)
    # Necessary conditions: every loser can be paid enough, and the pools can pay everyone.
    need = deficit / safe_rate[None, :]
    payable = (deficit <= _TOL) | (ok_rate[None, :] & (need <= recv[None, :] + _TOL))
    lower = need.sum(axis=1)
    total_pool = float(sum(p.size for p in pools))
    screen = payable.all(axis=1) & (lower <= total_pool + _TOL)
    cand = np.flatnonzero(screen)
    if len(cand) == 0:
        return TransferPlan(
            False, None, np.inf, (), empty, 0, 0,
            "no red-line-feasible outcome can be compensated within the pools",
        )
    order = cand[np.lexsort((-U[cand].sum(axis=1), lower[cand]))]
    best_total = np.inf
    best: tuple[int, tuple[Transfer, ...]] | None = None
    examined = 0
    capped = False
    for i in order:
        if lower[i] > best_total + _TOL:
            break
        if examined >= max_programs:
            capped = True
            break
        examined += 1
        loss = None if issue_loss is None else issue_loss(int(i))
        sol = min_transfer_for(U[i], d, rates, pools, loss)
        if sol is None:
            continue
        total, transfers = sol
        if total < best_total - _TOL:
            best_total, best = total, (int(i), transfers)
    details = {"capped": capped, "max_programs": max_programs}
    if best is None:
        reason = (
            f"stopped after {max_programs} programs without a feasible transfer"
            if capped
            else "no red-line-feasible outcome can be compensated within the pools"
        )
        return TransferPlan(False, None, np.inf, (), empty, examined, len(cand), reason, details)
    i, transfers = best
    after = U[i].copy()
    for t in transfers:
        after[t.payer] -= rates[t.payer] * t.amount
        after[t.payee] += rates[t.payee] * t.amount
    return TransferPlan(True, i, best_total, transfers, after, examined, len(cand), "", details)
