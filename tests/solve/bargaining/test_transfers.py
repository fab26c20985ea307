"""Side payments: the linear program by hand, branch-and-bound against exhaustive search."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.solve.bargaining.transfers import Pool, cheapest_transfer, min_transfer_for


def test_single_outcome_by_hand() -> None:
    """Actor 1 is 3 utils short at rate 0.5/unit: it needs 6 units; actor 0 pays 6 at rate
    0.25/unit (1.5 utils) out of a surplus of 2."""
    u, d = np.array([4.0, 0.0]), np.array([2.0, 3.0])
    pools = (Pool("fund", 100.0, funders=(0,), recipients=(1,)),)
    total, transfers = min_transfer_for(u, d, np.array([0.25, 0.5]), pools)  # type: ignore[misc]
    assert total == pytest.approx(6.0)
    assert [(t.payer, t.payee) for t in transfers] == [(0, 1)]
    # Funder's surplus too small (needs 1.5 utils, has 1): no plan.
    assert min_transfer_for(np.array([3.0, 0.0]), d, np.array([0.25, 0.5]), pools) is None


def test_pool_size_and_issue_caps_bind() -> None:
    u, d, rates = np.array([10.0, 0.0]), np.array([0.0, 3.0]), np.array([1.0, 1.0])
    small = (Pool("fund", 2.0, (0,), (1,)),)
    assert min_transfer_for(u, d, rates, small) is None
    tied = (Pool("fund", 100.0, (0,), (1,), issues=(0,)),)
    # Recipient lost only 2 utils on issue 0 (its other loss is not compensable by this pool).
    loss = np.array([[0.0, 0.0], [2.0, 5.0]])
    assert min_transfer_for(u, d, rates, tied, loss) is None
    loss_ok = np.array([[0.0, 0.0], [3.0, 0.0]])
    sol = min_transfer_for(u, d, rates, tied, loss_ok)
    assert sol is not None and sol[0] == pytest.approx(3.0)


def test_no_rate_means_no_money() -> None:
    u, d = np.array([10.0, 0.0]), np.array([0.0, 1.0])
    pools = (Pool("fund", 100.0, (0,), (1,)),)
    assert min_transfer_for(u, d, np.array([1.0, np.nan]), pools) is None


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_branch_and_bound_equals_exhaustive_search(seed: int) -> None:
    """The pruned search returns the same minimum as solving the LP for every outcome."""
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 40)), int(rng.integers(2, 5))
    U = rng.random((n, k)) * 10
    d = rng.random(k) * 8
    rates = rng.choice([0.5, 1.0, 2.0, np.nan], size=k)
    pools = tuple(
        Pool(f"p{j}", float(rng.integers(1, 20)),
             tuple(int(a) for a in rng.choice(k, size=int(rng.integers(1, k + 1)), replace=False)),
             tuple(int(a) for a in rng.choice(k, size=int(rng.integers(1, k + 1)), replace=False)))
        for j in range(int(rng.integers(1, 3)))
    )
    plan = cheapest_transfer(U, d, rates, pools)
    totals = [min_transfer_for(U[i], d, rates, pools) for i in range(n)]
    feasible = [t[0] for t in totals if t is not None]
    assert plan.feasible == bool(feasible)
    if feasible:
        assert plan.total == pytest.approx(min(feasible), abs=1e-7)
        assert plan.utilities == pytest.approx(np.maximum(plan.utilities, d - 1e-7))
        paid = {p.name: 0.0 for p in pools}
        for t in plan.transfers:
            paid[t.pool] += t.amount
        assert all(paid[p.name] <= p.size + 1e-7 for p in pools)
