"""Power, TU games and apportionment: ``power``, ``game`` and ``apportion`` (the CLI verbs).

Numbers may be given as numbers or as the comma-separated text the command line takes.

>>> import accord
>>> accord.power([7] * 5 + [1] * 10, 39).indices.shapley_shubik[0]
Fraction(421, 2145)
>>> [row["talmud"] for row in accord.apportion(200, [100, 200, 300], rule="talmud").rows]
[50.0, 75.0, 75.0]
>>> accord.game("examples/games/airport.csv", kind="cost").nucleolus.allocation[0]
Fraction(1, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import InputError

if TYPE_CHECKING:
    from accord.model.schema import NegotiationModel
    from accord.solve.coalition import (
        CoreCheck,
        LeastCore,
        Nucleolus,
        PowerIndices,
        SampledShapley,
        TUGame,
    )

Numbers = str | Sequence[int | float | str | Fraction]


def _numbers(values: Numbers, name: str) -> list[Fraction]:
    from accord.model.games import parse_number_list

    if isinstance(values, str):
        return parse_number_list(values, name)
    return parse_number_list(",".join(str(v) for v in values), name)


def _ints(values: Numbers, name: str) -> list[int]:
    out = _numbers(values, name)
    for i, v in enumerate(out):
        if v.denominator != 1 or v < 0:
            raise InputError(
                f"item {i + 1} ({v}) is not a non-negative integer "
                "(scale decimal weights to integers first)",
                field=name,
            )
    return [int(v) for v in out]


def _names(names: str | Sequence[str] | None, n: int) -> list[str] | None:
    if names is None:
        return None
    out = [s.strip() for s in names.split(",")] if isinstance(names, str) else list(names)
    if len(out) != n:
        raise InputError(f"{len(out)} names for {n} players", field="names")
    return out


@dataclass(frozen=True)
class Power:
    """Power indices of a weighted voting game with its weights (one row per majority)."""

    quotas: list[int]
    weights: list[list[int]]
    indices: PowerIndices

    def rows(self) -> list[dict[str, Any]]:
        """One row per player: weights, Shapley–Shubik and Banzhaf (float and exact), swings."""
        out = []
        for k, row in enumerate(self.indices.rows()):
            out.append({**row, "weights": ",".join(str(w[k]) for w in self.weights)})
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: quotas and players."""
        return {"quotas": list(self.quotas), "players": self.rows()}


def power(
    weights: Numbers | Sequence[Numbers] | None = None,
    quota: int | Sequence[int] | None = None,
    *,
    names: str | Sequence[str] | None = None,
    file: str | Path | None = None,
) -> Power:
    """Exact Shapley–Shubik and Banzhaf power of a weighted voting game (``accord power``).

    ``weights``: one weight vector, or one per majority requirement (a double or triple
    majority) with one ``quota`` each; or ``file``, a CSV of ``name,weight[,weight_2…]`` rows.
    """
    from accord.model.games import read_weights
    from accord.solve.coalition.voting import WeightedVotingGame

    quotas = [quota] if isinstance(quota, int) else list(quota or [])
    if not quotas:
        raise InputError("give the winning quota", field="quota")
    if file is not None:
        if weights:
            raise InputError("give weights either as a list or in a file, not both",
                             field="weights")
        player_names, rows = read_weights(file)
    elif weights:
        vectors: Sequence[Any] = weights
        if isinstance(weights, str) or not any(isinstance(w, str | Sequence) for w in weights):
            vectors = [weights]
        rows = [_ints(w, "weights") for w in vectors]
        player_names = _names(names, len(rows[0])) or [f"P{i + 1}" for i in range(len(rows[0]))]
    else:
        raise InputError("give the weights (or a file of them)", field="weights")
    game = WeightedVotingGame(rows, quotas, player_names)
    return Power(quotas, rows, game.power())


@dataclass(frozen=True)
class GameSolution:
    """Solutions of a TU game: Shapley, Banzhaf, nucleolus, least core, and optionally a
    sampled Shapley estimate and a core-membership test of one allocation."""

    game: TUGame
    shapley: list[Fraction]
    banzhaf: list[Fraction]
    nucleolus: Nucleolus
    least_core: LeastCore
    sampled: SampledShapley | None = None
    core_check: CoreCheck | None = None

    @property
    def core_nonempty(self) -> bool:
        """Whether the core is non-empty (least-core epsilon ≤ 0)."""
        return self.least_core.epsilon <= 1e-9

    def rows(self) -> list[dict[str, Any]]:
        """One row per player: each solution as a float, and exactly where it is exact."""
        rows = []
        for i, name in enumerate(self.game.names):
            nu = self.nucleolus.allocation[i]
            row: dict[str, Any] = {
                "player": name,
                "shapley": float(self.shapley[i]),
                "shapley_exact": str(self.shapley[i]),
                "banzhaf": float(self.banzhaf[i]),
                "nucleolus": float(nu),
                "nucleolus_exact": str(nu) if isinstance(nu, Fraction) else f"{nu:.6g}",
                "least_core": self.least_core.allocation[i],
            }
            if self.sampled is not None:
                row["shapley_sampled"] = self.sampled.values[i]
                row["sampled_halfwidth"] = self.sampled.halfwidth[i]
            rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: players, kind, least-core epsilon, core, core check, sampling."""
        doc: dict[str, Any] = {
            "players": self.rows(),
            "kind": self.game.kind,
            "least_core_epsilon": self.least_core.epsilon,
            "core_nonempty": self.core_nonempty,
            "nucleolus_exact": self.nucleolus.exact,
        }
        if self.core_check is not None:
            doc["core_check"] = {
                "in_core": self.core_check.in_core,
                "efficient": self.core_check.efficient,
                "blocking": [{"coalition": list(c), "by": e} for c, e in self.core_check.blocking],
            }
        if self.sampled is not None:
            doc["sampling"] = {"permutations": self.sampled.permutations,
                               "confidence": self.sampled.confidence}
        return doc


def game(
    file: str | Path,
    *,
    kind: str = "profit",
    players: str | Sequence[str] | None = None,
    default: str | float | None = None,
    allocation: Numbers | None = None,
    samples: int = 0,
    seed: int = 0,
) -> GameSolution:
    """Solve the TU game in ``file`` (``coalition,value`` rows such as ``A+B,3``): ``accord
    game``. ``kind``: ``profit`` (values to share) or ``cost``; ``players``: player order;
    ``default``: value of unlisted coalitions; ``allocation``: test it for core membership;
    ``samples``: also estimate Shapley from that many sampled orders (``seed``)."""
    from accord.model.games import read_coalition_values
    from accord.solve.coalition import (
        TUGame,
        banzhaf,
        core_check,
        least_core,
        nucleolus,
        shapley,
        shapley_monte_carlo,
    )

    if kind not in ("profit", "cost"):
        raise InputError(f"unknown kind {kind!r}; choose profit or cost", field="kind")
    if isinstance(players, str):
        players = [p.strip() for p in players.split(",")]
    read = read_coalition_values(
        file, players=list(players) if players else None, complete=default is None
    )
    tu = TUGame.from_values(
        read.names, read.values, kind="cost" if kind == "cost" else "profit", default=default
    )
    return GameSolution(
        tu,
        list(shapley(tu)),
        list(banzhaf(tu)),
        nucleolus(tu),
        least_core(tu),
        shapley_monte_carlo(tu, permutations=samples, seed=seed) if samples else None,
        core_check(tu, _numbers(allocation, "allocation")) if allocation is not None else None,
    )


@dataclass(frozen=True)
class Apportionment:
    """Awards under one or more claims rules: ``rows`` has one row per claimant with the claim
    and, per rule, the award as a float and exactly (``<rule>_exact``)."""

    estate: str
    rules: list[str]
    rows: list[dict[str, Any]]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: estate, rules, awards, note."""
        return {"estate": self.estate, "rules": self.rules, "awards": self.rows,
                "note": self.note}


def apportion(
    estate: str | float | Fraction | None = None,
    claims: Numbers | None = None,
    *,
    rule: str = "all",
    names: str | Sequence[str] | None = None,
    model: str | Path | NegotiationModel | None = None,
    pool: str | None = None,
) -> Apportionment:
    """Divide ``estate`` among ``claims`` by a claims rule (``proportional``, ``cea``,
    ``cel``, ``talmud``, or ``all``), exactly: ``accord apportion``. Or divide side-payment
    ``pool`` of ``model`` among the recipients' stated claims; when they do not exhaust the
    pool each is paid in full and the surplus is noted."""
    from accord.solve.coalition import RULES
    from accord.solve.coalition import apportion as divide

    rules = list(RULES) if rule == "all" else [rule]
    note = None
    if model is not None:
        if estate is not None or claims is not None:
            raise InputError("give either a model and pool or an estate and claims",
                             field="model")
        if pool is None:
            raise InputError("name the pool to divide", field="pool")
        from accord.forecasting import as_model
        from accord.solve.coalition.pools import apportion_pool

        m = as_model(model) if isinstance(model, str | Path) else model
        results = {r: apportion_pool(m, pool, r) for r in rules}
        first = next(iter(results.values()))
        estate_text = f"{first.estate} {first.currency} (pool {first.pool})"
        labels = list(first.recipients)
        values = list(first.claims)
        awards = {r: list(res.awards) for r, res in results.items()}
        if first.covered:
            note = (f"claims total {float(sum(first.claims)):g} ≤ pool {float(first.estate):g}: "
                    f"every claim is paid in full; {float(first.unallocated):g} "
                    f"{first.currency} stays unallocated")
    else:
        if estate is None or claims is None:
            raise InputError("give the estate and the claims (or a model and a pool)",
                             field="estate" if estate is None else "claims")
        values = _numbers(claims, "claims")
        labels = _names(names, len(values)) or [f"C{i + 1}" for i in range(len(values))]
        awards = {r: divide(estate, values, r) for r in rules}
        estate_text = str(estate)
    rows: list[dict[str, Any]] = []
    for i, label in enumerate(labels):
        row: dict[str, Any] = {"claimant": label, "claim": float(values[i])}
        for r in rules:
            row[r] = float(awards[r][i])
            row[f"{r}_exact"] = str(awards[r][i])
        rows.append(row)
    return Apportionment(estate_text, rules, rows, note)


__all__ = ["Apportionment", "GameSolution", "Power", "apportion", "game", "power"]
