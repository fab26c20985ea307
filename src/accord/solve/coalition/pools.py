"""Apportion a model's side-payment pool among the recipients that claim on it."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from accord.errors import InputError
from accord.model.schema import NegotiationModel
from accord.numbers import to_fraction
from accord.solve.coalition.claims import apportion


@dataclass(frozen=True)
class PoolApportionment:
    """Awards from one pool under one rule.

    When the claims do not exhaust the pool (``covered``), every claim is paid in full and
    ``unallocated`` is what is left: the claims rules ration only an estate smaller than the
    claims, and this is said rather than hidden.
    """

    pool: str
    currency: str
    estate: Fraction
    recipients: tuple[str, ...]
    claims: tuple[Fraction, ...]
    rule: str
    awards: tuple[Fraction, ...]
    covered: bool
    unallocated: Fraction


def apportion_pool(model: NegotiationModel, pool_id: str, rule: str) -> PoolApportionment:
    """Divide pool ``pool_id`` of ``model`` among its claimants by ``rule``.

    >>> from accord.model import load_model
    >>> m = load_model("examples/ukraine-2025/model.yaml")
    >>> apportion_pool(m, "reconstruction_fund", "talmud").covered
    True
    """
    pools = {p.id: p for p in model.side_payment_pools}
    if pool_id not in pools:
        known = ", ".join(pools) or "none"
        raise InputError(f"no side-payment pool {pool_id!r} (pools: {known})", field="pool")
    pool = pools[pool_id]
    if not pool.claims:
        raise InputError(
            f"pool {pool_id!r} lists no claims; add `claims:` (recipient, amount) to the model",
            field="claims",
        )
    estate = to_fraction(pool.size, "size")
    names = tuple(c.recipient for c in pool.claims)
    claims = tuple(to_fraction(c.amount, f"claims[{c.recipient}]") for c in pool.claims)
    total = sum(claims, Fraction(0))
    if total <= estate:
        return PoolApportionment(
            pool.id, pool.currency, estate, names, claims, rule, claims, True, estate - total
        )
    awards = tuple(apportion(estate, list(claims), rule))
    return PoolApportionment(
        pool.id, pool.currency, estate, names, claims, rule, awards, False, Fraction(0)
    )
