"""Which inputs of a model are uncertain, and how one draw of them becomes engine arrays.

An input is uncertain when the model file gives it as a distribution
(:mod:`accord.model.distributions`), and, for positions, in two more cases (docs/uncertainty.md):

* a position with the older ``uncertainty: {low, high}`` range is drawn from a triangular
  distribution on that range with its mode at the stated position;
* a point position whose evidence items carry ``value``s that disagree (two quotes implying
  different stances) is drawn from a triangular distribution spanning the stated position
  and every evidence value, with its mode at the stated position.

Every other input stays at its value. :class:`InputSet` lists the uncertain inputs of the
actors and issues in play (a whole model, or one track) and turns a matrix of drawn values into
the arrays the engines and the bargaining check read, side-payment terms (each actor's
``utility_per_money``, each pool's size) included.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError
from accord.model.schema import Distribution, NegotiationModel, Triangular, distribution_of
from accord.solve.bargaining.from_model import transfer_setup
from accord.solve.bargaining.transfers import Pool
from accord.solve.spatial.base import SpatialScenario
from accord.solve.spatial.scenario import to_scenario

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: What an input sets: actor-level or (actor, issue)-level arrays, or a pool.
KINDS = (
    "capability",
    "position",
    "salience",
    "red_line_low",
    "red_line_high",
    "utility_per_money",
    "pool_size",
)


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain number: what it is, where it goes, and its distribution.

    ``actor``/``issue`` index the arrays of the actors and issues in play (``issue`` is -1 for
    actor-level inputs); for a pool's size ``actor`` is -1 and ``issue`` the pool's index in
    :attr:`Base.pools`. ``source`` says why it varies:
    ``"distribution"`` (given in the file), ``"uncertainty range"`` or ``"evidence"``.
    """

    name: str
    kind: str
    actor: int
    issue: int
    distribution: Distribution
    source: str = "distribution"

    @property
    def point(self) -> float:
        """The value point-valued uses take."""
        return self.distribution.point


@dataclass(frozen=True)
class Base:
    """The point model as arrays: engine scenario, red lines, disagreement outcomes and the
    side-payment terms (``rates``: utility per unit of money, NaN = cannot pay or receive;
    ``pools``: the side-payment pools that apply to the actors and issues in play)."""

    scenario: SpatialScenario
    red_low: FloatArray  # (actors, issues), -inf where none
    red_high: FloatArray  # (actors, issues), +inf where none
    disagreement: FloatArray  # (actors, issues): stated alternative, else status quo
    has_status_quo: bool
    discrete: tuple[bool, ...]
    rates: FloatArray = field(default_factory=lambda: np.zeros(0))  # (actors,)
    pools: tuple[Pool, ...] = ()


@dataclass(frozen=True)
class Draw:
    """One run's inputs as arrays (``rates`` and ``pools`` as in :class:`Base`)."""

    scenario: SpatialScenario
    red_low: FloatArray
    red_high: FloatArray
    rates: FloatArray
    pools: tuple[Pool, ...]


@dataclass(frozen=True)
class InputSet:
    """The uncertain inputs of a model (or one track) and the point arrays they vary."""

    inputs: tuple[UncertainInput, ...]
    base: Base
    notes: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        """Input names, in column order of a draw matrix."""
        return [i.name for i in self.inputs]

    @property
    def dimension(self) -> int:
        """Number of uncertain inputs."""
        return len(self.inputs)

    def values(self, u: FloatArray) -> FloatArray:
        """Uniform draws ``u`` (runs × inputs, in [0, 1)) → input values (same shape)."""
        u = np.asarray(u, dtype=np.float64)
        out = np.empty_like(u)
        for j, inp in enumerate(self.inputs):
            out[:, j] = inp.distribution.ppf(u[:, j])
        return out

    def points(self) -> FloatArray:
        """Every input at its point (the forecast's inputs), shape (inputs,)."""
        return np.array([i.point for i in self.inputs], dtype=np.float64)

    def draw(self, values: FloatArray) -> Draw:
        """Arrays of one run with the uncertain inputs set to ``values`` (shape (inputs,))."""
        b = self.base
        s = b.scenario
        arrays = {
            "capability": s.capability.copy(),
            "position": s.position.copy(),
            "salience": s.salience.copy(),
            "red_line_low": b.red_low.copy(),
            "red_line_high": b.red_high.copy(),
        }
        rates = b.rates
        sizes: list[float] | None = None
        for inp, v in zip(self.inputs, values, strict=True):
            if inp.kind == "utility_per_money":
                if rates is b.rates:
                    rates = b.rates.copy()
                rates[inp.actor] = v
                continue
            if inp.kind == "pool_size":
                if sizes is None:
                    sizes = [p.size for p in b.pools]
                sizes[inp.issue] = float(v)
                continue
            target = arrays[inp.kind]
            if inp.kind == "capability":
                target[inp.actor] = v
            else:
                target[inp.actor, inp.issue] = v / 100.0 if inp.kind == "salience" else v
        scenario = replace(
            s,
            capability=arrays["capability"],
            position=arrays["position"],
            salience=arrays["salience"],
        )
        pools = (
            b.pools
            if sizes is None
            else tuple(replace(p, size=z) for p, z in zip(b.pools, sizes, strict=True))
        )
        return Draw(scenario, arrays["red_line_low"], arrays["red_line_high"], rates, pools)


def _evidence_range(position: float, values: list[float]) -> Triangular | None:
    distinct = sorted({float(v) for v in values} | {float(position)})
    if len(distinct) < 2 or len({float(v) for v in values}) < 2:
        return None
    return Triangular(mode=float(position), low=distinct[0], high=distinct[-1])


def input_set(model: NegotiationModel, track: str | None = None) -> InputSet:
    """The uncertain inputs of ``model`` (or of one ``track``) and its point arrays.

    >>> from accord.model import load_model
    >>> s = input_set(load_model("examples/ukraine-2025/model.yaml"), "settlement")
    >>> s.inputs[0].name
    'capability[russia]'
    """
    scenario = to_scenario(model, track)  # also checks the point model can be forecast
    actor_ids, issue_ids = model.in_play(track)
    a_index = {a: i for i, a in enumerate(actor_ids)}
    n, m = len(actor_ids), len(issue_ids)
    red_low = np.full((n, m), -np.inf)
    red_high = np.full((n, m), np.inf)
    dis = np.empty((n, m))
    has_sq = True
    inputs: list[UncertainInput] = []
    notes: list[str] = []

    def add(name: str, kind: str, actor: int, issue: int, value: object, source: str) -> None:
        d = distribution_of(value)
        if d is not None:
            inputs.append(UncertainInput(name, kind, actor, issue, d, source))

    for aid in actor_ids:
        a = model.actor(aid)
        add(f"capability[{aid}]", "capability", a_index[aid], -1, a.capability, "distribution")
    for j, iid in enumerate(issue_ids):
        issue = model.issue(iid)
        mid = (issue.scale.min + issue.scale.max) / 2.0
        sq = issue.status_quo
        for aid in actor_ids:
            i = a_index[aid]
            p = model.position_of(aid, iid)
            alt = p.alternative.position if p is not None and p.alternative is not None else None
            if alt is not None:
                dis[i, j] = alt
            elif sq is not None:
                dis[i, j] = sq
            else:
                dis[i, j] = mid
                if p is not None and p.salience > 0:
                    has_sq = False
            if p is None:
                continue
            where = f"{aid},{iid}"
            if distribution_of(p.position) is not None:
                if p.uncertainty is not None:
                    raise InputError(
                        f"position of {aid!r} on {iid!r} is a distribution and also has an "
                        "uncertainty range; give one of them",
                        field=f"positions[{where}].uncertainty",
                    )
                add(f"position[{where}]", "position", i, j, p.position, "distribution")
            elif p.uncertainty is not None and p.uncertainty.high > p.uncertainty.low:
                tri = Triangular(
                    mode=float(p.position), low=p.uncertainty.low, high=p.uncertainty.high
                )
                inputs.append(
                    UncertainInput(f"position[{where}]", "position", i, j, tri, "uncertainty range")
                )
            else:
                ev = [e.value for e in p.evidence if e.value is not None]
                tri_ev = _evidence_range(float(p.position), ev)
                if tri_ev is not None:
                    inputs.append(
                        UncertainInput(f"position[{where}]", "position", i, j, tri_ev, "evidence")
                    )
            add(f"salience[{where}]", "salience", i, j, p.salience, "distribution")
            rl = p.red_line
            if rl is not None:
                if rl.lowest_acceptable is not None:
                    red_low[i, j] = rl.lowest_acceptable
                    add(
                        f"red_line_low[{where}]",
                        "red_line_low",
                        i,
                        j,
                        rl.lowest_acceptable,
                        "distribution",
                    )
                if rl.highest_acceptable is not None:
                    red_high[i, j] = rl.highest_acceptable
                    add(
                        f"red_line_high[{where}]",
                        "red_line_high",
                        i,
                        j,
                        rl.highest_acceptable,
                        "distribution",
                    )
    for aid in actor_ids:
        a = model.actor(aid)
        if a.utility_per_money is not None:
            add(
                f"utility_per_money[{aid}]",
                "utility_per_money",
                a_index[aid],
                -1,
                a.utility_per_money,
                "distribution",
            )
    rates = np.full(n, np.nan)
    pools: tuple[Pool, ...] = ()
    if model.side_payment_pools and n >= 2:
        setup, money_notes = transfer_setup(model, tuple(actor_ids), tuple(issue_ids))
        rates, pools = np.asarray(setup.rates, dtype=np.float64), setup.pools
        notes += [f"side payments: {note}" for note in money_notes]
        by_id = {p.id: p for p in model.side_payment_pools}
        for j, pool in enumerate(pools):
            size = by_id[pool.name].size
            add(f"pool_size[{pool.name}]", "pool_size", -1, j, size, "distribution")
    base = Base(
        scenario=scenario,
        red_low=red_low,
        red_high=red_high,
        disagreement=dis,
        has_status_quo=has_sq,
        discrete=tuple(model.issue(i).scale.options is not None for i in issue_ids),
        rates=rates,
        pools=pools,
    )
    return InputSet(tuple(inputs), base, tuple(notes))
