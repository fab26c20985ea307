"""The engines' input from a negotiation model (:func:`to_scenario`), and engines run safely.

>>> from accord.model.schema import NegotiationModel
>>> m = NegotiationModel.model_validate({
...     "name": "toy", "actors": [{"id": "a", "capability": 1}, {"id": "b", "capability": 3}],
...     "issues": [{"id": "x", "question": "?"}],
...     "positions": [{"actor": "a", "issue": "x", "position": 0, "salience": 50},
...                   {"actor": "b", "issue": "x", "position": 100, "salience": 100}]})
>>> s = to_scenario(m)
>>> s.salience.tolist()
[[0.5], [1.0]]
"""

from __future__ import annotations

import numpy as np

from accord.errors import InputError, ModelError
from accord.model.schema import NegotiationModel
from accord.solve.spatial.base import Engine, ForecastResult, SpatialScenario


def to_scenario(model: NegotiationModel, track: str | None = None) -> SpatialScenario:
    """The engines' input: capability, positions (issue scale) and salience (0–1).

    An actor with no position on an issue gets salience 0 there, placed at the issue's status
    quo (or the scale midpoint): it then carries no weight on that issue in any engine.
    Raises :class:`InputError` when an issue has no weight at all (zero total salience or
    capability × salience) or when risk attitudes are given for some actors but not all,
    because engines would otherwise divide by zero or guess silently.
    """
    actor_ids, issue_ids = model.in_play(track)
    if not actor_ids:
        raise InputError("no actors to forecast", field="actors")
    if not issue_ids:
        raise InputError("no issues to forecast", field="issues")
    by_actor = {a.id: a for a in model.actors}
    by_issue = {i.id: i for i in model.issues}
    actors = [by_actor[a] for a in actor_ids]
    issues = [by_issue[i] for i in issue_ids]
    stated = {(p.actor, p.issue): p for p in model.positions}  # one dict, not a scan per cell
    n, m = len(actors), len(issues)
    capability = np.array([a.capability for a in actors], dtype=np.float64)
    position = np.empty((n, m), dtype=np.float64)
    salience = np.zeros((n, m), dtype=np.float64)
    for r, a in enumerate(actors):
        for c, i in enumerate(issues):
            p = stated.get((a.id, i.id))
            if p is None:
                sq = i.status_quo
                position[r, c] = sq if sq is not None else (i.scale.min + i.scale.max) / 2.0
            else:
                position[r, c] = p.position
                salience[r, c] = p.salience / 100.0
    if float(capability.sum()) <= 0.0:
        raise ModelError(
            "total capability of the actors in play is zero; at least one actor needs "
            "capability > 0",
            field="actors.capability",
            loc=("actors",),
        )
    issue_index = {it.id: k for k, it in enumerate(model.issues)}
    for c, i in enumerate(issues):
        if float(salience[:, c].sum()) <= 0.0:
            raise ModelError(
                f"no actor gives issue {i.id!r} any salience; cannot forecast it "
                "(give some actor salience > 0, or forecast a track without the issue)",
                field=f"issues[{i.id}]",
                loc=("issues", issue_index[i.id]),
            )
        if float((capability * salience[:, c]).sum()) <= 0.0:
            raise ModelError(
                f"every actor that cares about issue {i.id!r} has zero capability; "
                "cannot weight a forecast",
                field=f"issues[{i.id}]",
                loc=("issues", issue_index[i.id]),
            )
    risks = [a.risk for a in actors]
    given = [r is not None for r in risks]
    if any(given) and not all(given):
        lacking = [a.id for a in actors if a.risk is None]
        raise ModelError(
            f"risk attitude given for some actors but not for {', '.join(lacking)}; "
            "give it for all actors in play or for none",
            field="actors.risk",
            loc=("actors",),
        )
    risk = np.array(risks, dtype=np.float64) if all(given) else None
    name = model.name if track is None else f"{model.name} [{track}]"
    return SpatialScenario(
        actors=tuple(actor_ids),
        dimensions=tuple(issue_ids),
        capability=capability,
        position=position,
        salience=salience,
        scale_min=np.array([i.scale.min for i in issues], dtype=np.float64),
        scale_max=np.array([i.scale.max for i in issues], dtype=np.float64),
        risk=risk,
        name=name,
    )


def run_engine(engine: Engine, scenario: SpatialScenario) -> ForecastResult:
    """Run ``engine`` on ``scenario``, with defined answers for degenerate scenarios.

    With a single actor there is nobody to bargain with: the forecast is its position, in zero
    rounds, whatever the engine. An engine result containing NaN or infinity is an error rather
    than a number passed on.
    """
    if scenario.n_actors == 1:
        start = scenario.position[np.newaxis, :, :].copy()
        return ForecastResult(
            engine=engine.name,
            actors=scenario.actors,
            dimensions=scenario.dimensions,
            history=start,
            forecast=scenario.position[0].copy(),
            converged=True,
            parameters={"note": "single actor: the forecast is its position"},
        )
    result = engine.run(scenario)
    if not (np.all(np.isfinite(result.forecast)) and np.all(np.isfinite(result.history))):
        bad = [
            d for d, v in zip(result.dimensions, result.forecast, strict=True) if not np.isfinite(v)
        ]
        raise InputError(
            f"engine {engine.name!r} produced a non-finite result"
            + (f" on {', '.join(bad)}" if bad else " in its history")
            + "; check capabilities and saliences",
            field="engine",
        )
    return result
