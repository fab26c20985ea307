"""Transferable-utility (TU) games: Shapley, Banzhaf, nucleolus, core, least core, sampling.

A game lists a value ``v(S)`` for every non-empty coalition ``S``. Values are stored exactly
(:class:`fractions.Fraction`, from the decimal text the analyst wrote) and as floats. A *cost*
game lists what each coalition would pay on its own (``c(S)``); its solutions are cost shares,
computed on the savings-equivalent game ``−c`` and turned back, so the same definitions apply.

- Shapley and Banzhaf values are exact sums over all coalitions, vectorised over bitmasks
  (``O(n · 2ⁿ)``), fine up to ~20 players; :func:`shapley_monte_carlo` samples permutations for
  more players and states its error.
- The nucleolus is computed by the sequence of linear programmes of Maschler, Peleg & Shapley
  (1979) in coopgame-py (MIT): in exact rational arithmetic up to 10 players, in floating point
  with the exact tightness tests beyond. A careless sequential LP that fixes every coalition
  tight at one optimum gets Lemaire's three-investor game wrong; the golden tests cover it.
- Core membership lists the coalitions that would block an allocation; the least core is the
  first LP of that sequence.

Coalitions are bitmasks: player ``i`` is bit ``i``; ``values[mask]`` is ``v(S)`` and
``values[0] = 0``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import coopgame
import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError
from accord.numbers import Number, to_fraction

GameKind = Literal["profit", "cost"]
EXACT_NUCLEOLUS_MAX_PLAYERS = 10  # coopgame-py's rational LP handles up to 10 players


@dataclass(frozen=True)
class TUGame:
    """A TU game over named players with one exact value per coalition.

    ``exact[mask]`` is the value of the coalition whose members are the set bits of ``mask``
    (``exact[0] == 0``). ``kind="cost"`` marks a cost game (values are costs to share).

    >>> glove = TUGame.from_values(["L", "R1", "R2"], {"L+R1": 1, "L+R2": 1, "L+R1+R2": 1})
    >>> [float(x) for x in shapley(glove)]
    [0.6666666666666666, 0.16666666666666666, 0.16666666666666666]
    """

    names: tuple[str, ...]
    exact: tuple[Fraction, ...]
    kind: GameKind = "profit"

    def __post_init__(self) -> None:
        if len(self.exact) != 1 << len(self.names):
            raise InputError(
                f"{len(self.exact)} values for {len(self.names)} players "
                f"(need 2^{len(self.names)})",
                field="values",
            )
        if len(set(self.names)) != len(self.names):
            raise InputError("player names must be distinct", field="players")

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.names)

    @property
    def values(self) -> NDArray[np.float64]:
        """Coalition values as floats, indexed by bitmask."""
        return np.array([float(v) for v in self.exact], dtype=np.float64)

    def savings_values(self) -> NDArray[np.float64]:
        """Values of the profit game the solutions are computed on (``−c`` for a cost game)."""
        return -self.values if self.kind == "cost" else self.values

    def _signed_exact(self) -> list[Fraction]:
        return [-v for v in self.exact] if self.kind == "cost" else list(self.exact)

    def mask(self, coalition: Sequence[str] | Sequence[int]) -> int:
        """Bitmask of a coalition given by player names or indices."""
        m = 0
        for member in coalition:
            i = self.names.index(member) if isinstance(member, str) else int(member)
            m |= 1 << i
        return m

    def members(self, mask: int) -> tuple[str, ...]:
        """Names of the players in the coalition ``mask``."""
        return tuple(name for i, name in enumerate(self.names) if mask >> i & 1)

    def value(self, coalition: Sequence[str] | Sequence[int]) -> Fraction:
        """Exact value of a coalition."""
        return self.exact[self.mask(coalition)]

    @classmethod
    def from_values(
        cls,
        players: Sequence[str],
        values: Mapping[str, Number] | Mapping[frozenset[str], Number],
        *,
        kind: GameKind = "profit",
        default: Number | None = 0,
    ) -> TUGame:
        """Build a game from coalition values keyed by ``"A+B"`` strings or frozensets.

        Coalitions not listed get ``default`` (0 — convenient for simple games); pass
        ``default=None`` to require every coalition (a missing one is an error).
        """
        names = tuple(players)
        n = len(names)
        if n == 0:
            raise InputError("a game needs at least one player", field="players")
        if n > 25:
            raise InputError(f"{n} players: listing 2^{n} coalitions is not practical; "
                             "use shapley_monte_carlo with a value function", field="players")
        index = {name: i for i, name in enumerate(names)}
        exact: list[Fraction | None] = [None] * (1 << n)
        exact[0] = Fraction(0)
        for key, raw in values.items():
            members = _split_coalition(key)
            m = 0
            for member in members:
                if member not in index:
                    raise InputError(
                        f"coalition {_label(members)} names unknown player {member!r}",
                        field="values",
                    )
                m |= 1 << index[member]
            if m == 0:
                raise InputError("the empty coalition has value 0 by definition", field="values")
            if exact[m] is not None:
                raise InputError(f"coalition {_label(members)} is given twice", field="values")
            exact[m] = to_fraction(raw, f"values[{_label(members)}]")
        for m in range(1, 1 << n):
            if exact[m] is None:
                if default is None:
                    missing = "+".join(names[i] for i in range(n) if m >> i & 1)
                    raise InputError(f"coalition {missing} has no value", field="values")
                exact[m] = to_fraction(default, "default")
        return cls(names, tuple(v for v in exact if v is not None), kind)

    @classmethod
    def airport(cls, costs: Sequence[Number], names: Sequence[str] | None = None) -> TUGame:
        """The airport cost game: a coalition pays for the longest runway its members need."""
        c = [to_fraction(x, f"costs[{i + 1}]") for i, x in enumerate(costs)]
        n = len(c)
        players = tuple(names) if names else tuple(f"P{i + 1}" for i in range(n))
        exact = [Fraction(0)] + [
            max(c[i] for i in range(n) if m >> i & 1) for m in range(1, 1 << n)
        ]
        return cls(players, tuple(exact), "cost")


def _split_coalition(key: str | frozenset[str]) -> tuple[str, ...]:
    if isinstance(key, frozenset):
        return tuple(sorted(key))
    parts = [p.strip() for p in str(key).replace(",", "+").split("+")]
    return tuple(p for p in parts if p)


def _label(members: Sequence[str]) -> str:
    return "{" + ", ".join(members) + "}"


def _popcounts(n: int) -> NDArray[np.int64]:
    masks = np.arange(1 << n, dtype=np.int64)
    counts = np.zeros(1 << n, dtype=np.int64)
    for i in range(n):
        counts += (masks >> i) & 1
    return counts


def _marginal_sums(game: TUGame, weight_of_size: Callable[[int], Fraction]) -> list[Fraction]:
    """Σ_{S ∌ i} w(|S|) (v(S ∪ i) − v(S)), exactly, for each player i.

    Values are scaled to integers by their common denominator; the marginal differences are
    summed per coalition size in int64 when that cannot overflow (vectorised over bitmasks),
    else in Python integers.
    """
    n = game.n_players
    denominator = math.lcm(*(v.denominator for v in game.exact))
    scaled = [int(v * denominator) for v in game.exact]
    weights = [weight_of_size(s) for s in range(n)]
    size = _popcounts(n)
    masks = np.arange(1 << n, dtype=np.int64)
    fits = max(abs(x) for x in scaled) < (1 << 61) >> n
    ints = np.array(scaled, dtype=np.int64) if fits else np.array(scaled, dtype=object)
    out: list[Fraction] = []
    for i in range(n):
        without = masks[(masks >> i) & 1 == 0]
        diffs = ints[without | (1 << i)] - ints[without]
        sizes = size[without]
        total = Fraction(0)
        for s in range(n):
            by_size = int(diffs[sizes == s].sum())
            if by_size:
                total += weights[s] * by_size
        out.append(total / denominator)
    return out


def shapley(game: TUGame) -> list[Fraction]:
    """The exact Shapley value (cost shares for a cost game).

    >>> [str(x) for x in shapley(TUGame.airport([1, 2, 3]))]
    ['1/3', '5/6', '11/6']
    """
    n = game.n_players
    return _marginal_sums(
        game, lambda s: Fraction(math.factorial(s) * math.factorial(n - 1 - s), math.factorial(n))
    )


def banzhaf(game: TUGame, normalized: bool = False) -> list[Fraction]:
    """The exact Banzhaf value: average marginal contribution over coalitions of the others.

    With ``normalized=True`` the values are rescaled to sum to ``v(N)``.
    """
    n = game.n_players
    raw = _marginal_sums(game, lambda s: Fraction(1, 1 << (n - 1)))
    if not normalized:
        return raw
    total = sum(raw, Fraction(0))
    if total == 0:
        raise InputError("Banzhaf values sum to 0: cannot normalise", field="values")
    grand = game.exact[-1]
    return [x * grand / total for x in raw]


@dataclass(frozen=True)
class Nucleolus:
    """The nucleolus allocation and the excess levels fixed at each LP stage.

    ``exact`` is True when computed in rational arithmetic (then ``allocation`` holds
    Fractions). ``levels`` are the successive minimal maximum excesses (in the savings game).
    """

    allocation: tuple[Fraction, ...] | tuple[float, ...]
    levels: tuple[Fraction, ...] | tuple[float, ...]
    exact: bool
    lp_solves: int


def nucleolus(game: TUGame, *, exact: bool | None = None) -> Nucleolus:
    """The nucleolus over imputations (cost shares for a cost game).

    Rational arithmetic by default up to 10 players (``exact=None``); floating point beyond
    or with ``exact=False``.

    >>> [float(x) for x in nucleolus(TUGame.airport([1, 2, 3])).allocation]
    [0.5, 0.75, 1.75]
    """
    _require_imputations(game)
    use_exact = game.n_players <= EXACT_NUCLEOLUS_MAX_PLAYERS if exact is None else exact
    sign = -1 if game.kind == "cost" else 1
    if use_exact:
        if game.n_players > EXACT_NUCLEOLUS_MAX_PLAYERS:
            raise InputError(
                f"exact nucleolus is limited to {EXACT_NUCLEOLUS_MAX_PLAYERS} players",
                field="players",
            )
        signed = [str(v) for v in game._signed_exact()[1:]]
        result: dict[str, Any] = coopgame.nucleolus_exact(signed, domain="imputation")
        alloc = tuple(sign * Fraction(x) for x in result["allocation"])
        levels = tuple(Fraction(x) for x in result["levels"])
        return Nucleolus(alloc, levels, True, int(result["lp_solves"]))
    g = coopgame.Game([float(v) for v in game.savings_values()[1:]])
    result = coopgame.nucleolus(g, domain="imputation")
    return Nucleolus(
        tuple(sign * float(x) for x in result["allocation"]),
        tuple(float(x) for x in result["levels"]),
        False,
        int(result["lp_solves"]),
    )


def _require_imputations(game: TUGame) -> None:
    v = game._signed_exact()
    singles = sum((v[1 << i] for i in range(game.n_players)), Fraction(0))
    if singles > v[-1]:
        if game.kind == "cost":
            detail = (f"the stand-alone costs sum to {-singles}, less than the grand "
                      f"coalition's cost {-v[-1]}")
        else:
            detail = (f"the stand-alone values sum to {singles}, more than the grand "
                      f"coalition's value {v[-1]}")
        raise InputError(f"no imputation exists: {detail}", field="values")


@dataclass(frozen=True)
class CoreCheck:
    """Whether an allocation is in the core, and which coalitions block it (by how much)."""

    in_core: bool
    efficient: bool
    blocking: list[tuple[tuple[str, ...], float]] = field(default_factory=list)


def core_check(game: TUGame, allocation: Sequence[Number], tolerance: float = 1e-9) -> CoreCheck:
    """Test core membership of ``allocation`` and list the blocking coalitions.

    A coalition blocks when it could do better alone: ``x(S) < v(S)`` (or, in a cost game,
    pays more than its stand-alone cost ``x(S) > c(S)``). The shortfall is how much.
    """
    if len(allocation) != game.n_players:
        raise InputError(
            f"allocation has {len(allocation)} entries for {game.n_players} players",
            field="allocation",
        )
    x = np.array([float(to_fraction(a, "allocation")) for a in allocation])
    v = game.savings_values()
    sx = -x if game.kind == "cost" else x
    n = game.n_players
    masks = np.arange(1 << n)
    member = ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(np.float64)
    totals = member @ sx
    excess = v - totals
    efficient = abs(totals[-1] - v[-1]) <= tolerance * max(1.0, abs(v[-1]))
    blocking = [
        (game.members(int(m)), float(excess[m]))
        for m in np.flatnonzero(excess > tolerance * np.maximum(1.0, np.abs(v)))
        if m != 0
    ]
    blocking.sort(key=lambda item: -item[1])
    return CoreCheck(efficient and not blocking, bool(efficient), blocking)


@dataclass(frozen=True)
class LeastCore:
    """The least core: the smallest ``epsilon`` such that no coalition gains more by leaving.

    ``epsilon ≤ 0`` means the core is non-empty; ``allocation`` is one point of the least core.
    """

    epsilon: float
    allocation: tuple[float, ...]


def least_core(game: TUGame) -> LeastCore:
    """Least core over pre-imputations (one LP), via coopgame-py."""
    g = coopgame.Game([float(v) for v in game.savings_values()[1:]])
    result = coopgame.least_core(g, domain="preimputation")
    sign = -1.0 if game.kind == "cost" else 1.0
    return LeastCore(float(result["epsilon"]), tuple(sign * float(x) for x in result["allocation"]))


@dataclass(frozen=True)
class SampledShapley:
    """A Monte Carlo estimate of the Shapley value with its stated error.

    ``stderr`` is the standard error of each estimate; ``halfwidth`` the half-width of a
    normal-approximation confidence interval at ``confidence``; ``hoeffding`` a distribution-free
    half-width at the same confidence when a bound on marginal contributions was given.
    """

    values: tuple[float, ...]
    stderr: tuple[float, ...]
    halfwidth: tuple[float, ...]
    hoeffding: tuple[float, ...] | None
    permutations: int
    confidence: float


def shapley_monte_carlo(
    value: Callable[[frozenset[int]], float] | TUGame,
    n_players: int | None = None,
    *,
    permutations: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
    marginal_range: float | None = None,
) -> SampledShapley:
    """Estimate the Shapley value by sampling random orders of the players.

    ``value`` maps a frozenset of player indices to its worth (or is a :class:`TUGame`). Each
    sampled order gives every player one marginal contribution; the mean over orders is
    unbiased. Stated error: the standard error, a normal confidence half-width, and — if
    ``marginal_range`` (an upper bound on max − min marginal contribution) is given — the
    Hoeffding half-width ``range · sqrt(ln(2/δ) / 2m)``, which holds without assumptions.
    """
    worth: Callable[[frozenset[int]], float]
    if isinstance(value, TUGame):
        v = value.values
        n = value.n_players

        def worth_of_game(coalition: frozenset[int]) -> float:
            return float(v[sum(1 << i for i in coalition)])

        worth = worth_of_game
    else:
        if n_players is None:
            raise InputError("n_players is required with a value function", field="n_players")
        n = n_players
        worth = value
    if permutations < 2:
        raise InputError("at least 2 permutations are needed for an error estimate",
                         field="permutations")
    if not 0 < confidence < 1:
        raise InputError("confidence must be between 0 and 1", field="confidence")
    rng = np.random.default_rng(seed)
    sums = np.zeros(n)
    squares = np.zeros(n)
    cache: dict[frozenset[int], float] = {}

    def cached(c: frozenset[int]) -> float:
        if c not in cache:
            cache[c] = 0.0 if not c else float(worth(c))
        return cache[c]

    for _ in range(permutations):
        order = rng.permutation(n)
        members: set[int] = set()
        before = 0.0
        for i in order.tolist():
            members.add(i)
            after = cached(frozenset(members))
            contribution = after - before
            sums[i] += contribution
            squares[i] += contribution * contribution
            before = after
    mean = sums / permutations
    variance = np.maximum(squares / permutations - mean**2, 0.0) * permutations / (permutations - 1)
    stderr = np.sqrt(variance / permutations)
    z = _normal_quantile(0.5 + confidence / 2)
    hoeffding = None
    if marginal_range is not None:
        half = marginal_range * math.sqrt(math.log(2 / (1 - confidence)) / (2 * permutations))
        hoeffding = tuple([half] * n)
    return SampledShapley(
        tuple(mean.tolist()),
        tuple(stderr.tolist()),
        tuple((z * stderr).tolist()),
        hoeffding,
        permutations,
        confidence,
    )


def _normal_quantile(p: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(p))
