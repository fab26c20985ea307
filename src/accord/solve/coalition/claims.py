"""Claims rules: divide an estate (a fund, a debt pool) among claimants whose claims exceed it.

A claims (bankruptcy) problem has an estate ``E ≥ 0`` and claims ``c ≥ 0`` with
``E ≤ Σc``. Each rule returns awards ``0 ≤ aᵢ ≤ cᵢ`` that sum to ``E``:

- ``proportional``: ``aᵢ = cᵢ · E / Σc``;
- ``cea`` (constrained equal awards): ``aᵢ = min(cᵢ, λ)``, everyone gets the same until satisfied;
- ``cel`` (constrained equal losses): ``aᵢ = max(0, cᵢ − μ)``, everyone loses the same;
- ``talmud`` (Aumann & Maschler 1985): CEA on half-claims while ``E ≤ Σc/2``; past that each
  gets half its claim and the rest is shared by CEL on the half-claims. It is the nucleolus
  of the bankruptcy game.

Arithmetic is exact: numbers become :class:`fractions.Fraction` (floats by their decimal
text, so ``0.1`` means one tenth), and awards come back as Fractions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from accord.errors import InputError
from accord.numbers import Number, to_fraction

RULES = ("proportional", "cea", "cel", "talmud")


def _check(estate: Number, claims: Sequence[Number]) -> tuple[Fraction, list[Fraction]]:
    e = to_fraction(estate, "estate")
    c = [to_fraction(x, f"claims[{i + 1}]") for i, x in enumerate(claims)]
    if not c:
        raise InputError("no claims given", field="claims")
    if e < 0:
        raise InputError(f"estate {e} is negative; it must be ≥ 0", field="estate")
    for i, x in enumerate(c):
        if x < 0:
            raise InputError(f"claim {x} is negative; claims must be ≥ 0", field=f"claims[{i + 1}]")
    total = sum(c, Fraction(0))
    if e > total:
        raise InputError(
            f"estate {e} exceeds the total claims {total}: nothing to ration "
            "(a claims rule divides an estate no larger than the claims)",
            field="estate",
        )
    return e, c


def proportional(estate: Number, claims: Sequence[Number]) -> list[Fraction]:
    """Awards proportional to claims.

    >>> [str(a) for a in proportional(100, [100, 200, 300])]
    ['50/3', '100/3', '50']
    """
    e, c = _check(estate, claims)
    total = sum(c, Fraction(0))
    if total == 0:
        return [Fraction(0)] * len(c)
    return [x * e / total for x in c]


def _cea(e: Fraction, c: list[Fraction]) -> list[Fraction]:
    # Raise a common level λ; claimants drop out (capped) in increasing order of claim.
    order = sorted(range(len(c)), key=lambda i: c[i])
    awards = [Fraction(0)] * len(c)
    remaining = e
    for k, i in enumerate(order):
        share = remaining / (len(c) - k)
        if c[i] <= share:
            awards[i] = c[i]
            remaining -= c[i]
        else:
            for j in order[k:]:
                awards[j] = share
            return awards
    return awards


def cea(estate: Number, claims: Sequence[Number]) -> list[Fraction]:
    """Constrained equal awards.

    >>> [str(a) for a in cea(200, [100, 200, 300])]
    ['200/3', '200/3', '200/3']
    """
    e, c = _check(estate, claims)
    return _cea(e, c)


def cel(estate: Number, claims: Sequence[Number]) -> list[Fraction]:
    """Constrained equal losses: the losses ``Σc − E`` are shared by CEA.

    >>> [str(a) for a in cel(300, [100, 200, 300])]
    ['0', '100', '200']
    """
    e, c = _check(estate, claims)
    losses = _cea(sum(c, Fraction(0)) - e, c)
    return [x - loss for x, loss in zip(c, losses, strict=True)]


def talmud(estate: Number, claims: Sequence[Number]) -> list[Fraction]:
    """The Talmud rule of Aumann & Maschler (1985).

    >>> [str(a) for a in talmud(200, [100, 200, 300])]
    ['50', '75', '75']
    """
    e, c = _check(estate, claims)
    half = [x / 2 for x in c]
    total = sum(c, Fraction(0))
    if e <= total / 2:
        return _cea(e, half)
    # Everyone gets half its claim; the losses Σc − E are shared equally on the half-claims.
    losses = _cea(total - e, half)
    return [x - loss for x, loss in zip(c, losses, strict=True)]


_RULE_FUNCTIONS: dict[str, Callable[[Number, Sequence[Number]], list[Fraction]]] = {
    "proportional": proportional,
    "cea": cea,
    "cel": cel,
    "talmud": talmud,
}


def apportion(estate: Number, claims: Sequence[Number], rule: str) -> list[Fraction]:
    """Apply the claims rule called ``rule`` (one of :data:`RULES`).

    >>> [str(a) for a in apportion(100, [50, 100], "talmud")]
    ['25', '75']
    """
    try:
        func = _RULE_FUNCTIONS[rule]
    except KeyError:
        raise InputError(
            f"unknown rule {rule!r}; choose one of {', '.join(RULES)}", field="rule"
        ) from None
    return func(estate, claims)
