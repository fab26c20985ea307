"""Build a :class:`BargainingSpace` (and side-payment terms) from a negotiation model.

Reading of the model (accord.model.schema):

* actors and issues in play: the whole model, or one track's;
* an actor's position and salience (0–100 → 0–1) on each issue; an actor with no position on
  an issue does not care about it (salience 0) and has no red line there;
* risk attitude → exponent ρ (:func:`~accord.solve.bargaining.space.risk_exponent`; an actor
  without one is treated as risk-neutral, ρ = 1, and the result says so);
* red lines → hard bounds; the stated alternative on an issue, else the issue's status quo,
  → the actor's disagreement outcome there;
* ``utility_per_money`` → transfer rate; side-payment pools → :class:`Pool` over the actors
  and issues in play.

The model comes as a :class:`~accord.model.schema.NegotiationModel` or as a model read from a
file (any object with ``model``, ``file`` and ``locate(loc)``, such as
:class:`accord.model.io.LoadedModel`); with the latter, errors name the file, line, column and
field. Reading and checking files is the model layer's job (:func:`accord.model.load.load_checked`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

import numpy as np

from accord.errors import InputError, Loc, ModelError, field_path
from accord.model.schema import NegotiationModel
from accord.solve.bargaining.analysis import TransferSetup
from accord.solve.bargaining.space import BargainingSpace, IssueSpace, risk_exponent
from accord.solve.bargaining.transfers import Pool
from accord.solve.spatial.base import actor_limit, check_actor_limit


class LocatedModel(Protocol):
    """A model read from a file, with where each of its parts is in that file."""

    @property
    def model(self) -> NegotiationModel: ...

    @property
    def file(self) -> str: ...

    def locate(self, loc: Loc) -> tuple[int | None, int | None]: ...


ModelSource = NegotiationModel | LocatedModel


def _split(source: ModelSource) -> tuple[NegotiationModel, LocatedModel | None]:
    if isinstance(source, NegotiationModel):
        return source, None
    return source.model, source


def _error(located: LocatedModel | None, loc: Loc, message: str) -> ModelError:
    error = ModelError(message, loc=loc)
    if located is None:
        return error
    line, col = located.locate(loc)
    return error.located(located.file, line, col)


DEFAULT_RESOLUTION = 21
#: Most actors a bargain takes by default (``max_actors``): time grows faster than the square
#: of the actors (about 30 s at 1,000 actors over 10,000 outcomes).
MAX_ACTORS = 1_000
#: With no resolution given, the finest grid (up to DEFAULT_RESOLUTION) within this many outcomes.
AUTO_MAX_OUTCOMES = 1_000_000


def space_from_model(
    source: ModelSource,
    track: str | None = None,
    resolution: int | None = None,
    max_actors: int | None = MAX_ACTORS,
) -> BargainingSpace:
    """The bargaining space of the model (or of one track) at ``resolution`` points per scale.

    With ``resolution=None`` the finest resolution up to 21 whose grid stays within
    1,000,000 outcomes is chosen (and noted in the space's notes). More than ``max_actors``
    actors in play (None: no limit) are refused before the grid is built.

    >>> m = NegotiationModel.model_validate({
    ...     "name": "toy", "actors": [{"id": "a", "capability": 1}, {"id": "b", "capability": 1}],
    ...     "issues": [{"id": "x", "question": "?", "status_quo": 50}],
    ...     "positions": [{"actor": "a", "issue": "x", "position": 0, "salience": 100},
    ...                   {"actor": "b", "issue": "x", "position": 100, "salience": 100}]})
    >>> space_from_model(m, resolution=5).issues[0].values.tolist()
    [0.0, 25.0, 50.0, 75.0, 100.0]
    """
    max_actors = actor_limit(max_actors)
    if resolution is None:
        for res in range(DEFAULT_RESOLUTION, 1, -1):
            space = _build(source, track, res, check=False, max_actors=max_actors)
            if space.size <= AUTO_MAX_OUTCOMES:
                break
        if space.size > AUTO_MAX_OUTCOMES:
            raise InputError(
                f"even at resolution 2 the grid has {space.size:,} outcomes; bargain on one "
                "track", field="resolution",
            )
        note = f"resolution {res} (finest up to {DEFAULT_RESOLUTION} within " \
            f"{AUTO_MAX_OUTCOMES:,} outcomes)"
        return replace(space, notes=(*space.notes, note))
    return _build(source, track, resolution, max_actors=max_actors)


def _build(
    source: ModelSource, track: str | None, resolution: int,
    check: bool = True, max_actors: int | None = MAX_ACTORS,
) -> BargainingSpace:
    model, loaded = _split(source)
    if resolution < 2:
        raise InputError(f"resolution must be at least 2, got {resolution}", field="resolution")
    try:
        actor_ids, issue_ids = model.in_play(track)
    except InputError as exc:
        if loaded is not None and exc.file is None:
            exc.file = loaded.file
        raise
    if len(actor_ids) < 2:
        raise _error(loaded, ("actors",), "bargaining needs at least two actors in play")
    try:
        check_actor_limit(
            len(actor_ids), max_actors, "bargaining", "time grows faster than the square of the "
            "actors: about 30 s at 1,000"
        )
    except ModelError as exc:
        raise _error(loaded, exc.loc, exc.message) from None
    issue_pos = {i.id: k for k, i in enumerate(model.issues)}
    pos_index = {(p.actor, p.issue): j for j, p in enumerate(model.positions)}
    na, ni = len(actor_ids), len(issue_ids)
    ideal = np.zeros((na, ni))
    salience = np.zeros((na, ni))
    red_low = np.full((na, ni), -np.inf)
    red_high = np.full((na, ni), np.inf)
    dis = np.zeros((na, ni))
    issues: list[IssueSpace] = []
    notes: list[str] = []
    for k, iid in enumerate(issue_ids):
        issue = model.issue(iid)
        lo, hi = issue.scale.min, issue.scale.max
        mid = (lo + hi) / 2.0
        named: list[float] = []
        for i, aid in enumerate(actor_ids):
            p = model.position_of(aid, iid)
            if p is None:
                ideal[i, k] = mid
                dis[i, k] = issue.status_quo if issue.status_quo is not None else mid
                continue
            loc: Loc = ("positions", pos_index[(aid, iid)])
            ideal[i, k] = p.position
            salience[i, k] = p.salience / 100.0
            named.append(p.position)
            if p.red_line is not None:
                if p.red_line.lowest_acceptable is not None:
                    red_low[i, k] = p.red_line.lowest_acceptable
                    named.append(p.red_line.lowest_acceptable)
                if p.red_line.highest_acceptable is not None:
                    red_high[i, k] = p.red_line.highest_acceptable
                    named.append(p.red_line.highest_acceptable)
            if p.alternative is not None:
                dis[i, k] = p.alternative.position
            elif issue.status_quo is not None:
                dis[i, k] = issue.status_quo
            elif p.salience > 0:
                raise _error(
                    loaded, ("issues", issue_pos[iid], "status_quo"),
                    f"issue {iid!r} has no status_quo and {aid!r} states no alternative "
                    f"(at {field_path(loc)}): bargaining needs a disagreement point",
                )
            else:
                dis[i, k] = mid
            named.append(dis[i, k])
        if issue.status_quo is not None:
            named.append(issue.status_quo)
        options = issue.scale.options
        if options is not None:
            issues.append(
                IssueSpace.options(
                    iid, lo, hi, [o.value for o in options], [o.label for o in options]
                )
            )
        else:
            issues.append(IssueSpace.continuous(iid, lo, hi, resolution, named))
    risks = [model.actor(a).risk for a in actor_ids]
    if any(r is None for r in risks):
        neutral = [a for a, r in zip(actor_ids, risks, strict=True) if r is None]
        notes.append(f"no risk attitude for {', '.join(neutral)}: treated as risk-neutral (ρ = 1)")
    exponent = np.array([risk_exponent(r) for r in risks])
    capability = np.array([model.actor(a).capability for a in actor_ids], dtype=np.float64)
    space = BargainingSpace(
        actors=tuple(actor_ids),
        issues=tuple(issues),
        ideal=ideal,
        salience=salience,
        exponent=exponent,
        red_low=red_low,
        red_high=red_high,
        disagreement_outcome=dis,
        capability=capability,
        notes=tuple(notes),
    )
    if check:
        space.check_size()
    return space


def transfers_from_model(
    source: ModelSource, space: BargainingSpace
) -> tuple[TransferSetup, list[str]]:
    """Transfer rates and pools restricted to the actors and issues of ``space``, plus notes.

    Funders or recipients outside the actors in play are left out (noted); a pool with no
    funder or recipient in play, or tied only to issues not in play, is left out (noted). A
    pool priced in another currency than the model's ``money_unit`` is an error.
    """
    return transfer_setup(source, space.actors, tuple(iss.name for iss in space.issues))


def transfer_setup(
    source: ModelSource, actor_ids: tuple[str, ...], issue_ids: tuple[str, ...]
) -> tuple[TransferSetup, list[str]]:
    """Transfer rates and pools restricted to ``actor_ids`` and ``issue_ids`` (in that order),
    plus notes: :func:`transfers_from_model` without a bargaining space."""
    model, loaded = _split(source)
    notes: list[str] = []
    actor_index = {a: i for i, a in enumerate(actor_ids)}
    issue_index = {iss: k for k, iss in enumerate(issue_ids)}
    known_actors = {a.id for a in model.actors}
    known_issues = {i.id for i in model.issues}
    rates = np.array(
        [
            np.nan if model.actor(a).utility_per_money is None
            else float(model.actor(a).utility_per_money or 0.0)
            for a in actor_ids
        ]
    )
    no_rate = [a for a, r in zip(actor_ids, rates, strict=True) if np.isnan(r)]
    if no_rate:
        notes.append(f"no utility_per_money for {', '.join(no_rate)}: they cannot pay or receive")
    pools: list[Pool] = []
    for j, pool in enumerate(model.side_payment_pools):
        base: Loc = ("side_payment_pools", j)
        if model.money_unit is not None and pool.currency.strip() != model.money_unit.strip():
            raise _error(
                loaded, (*base, "currency"),
                f"pool {pool.id!r} is in {pool.currency!r} but actors price money in "
                f"money_unit {model.money_unit!r}; convert the pool size to {model.money_unit!r}",
            )
        for role in ("funders", "recipients"):
            for m, aid in enumerate(getattr(pool, role)):
                if aid not in known_actors:
                    raise _error(loaded, (*base, role, m), f"unknown actor {aid!r} in pool "
                                 f"{pool.id!r}")
        for m, iid in enumerate(pool.issues):
            if iid not in known_issues:
                raise _error(loaded, (*base, "issues", m), f"unknown issue {iid!r} in pool "
                             f"{pool.id!r}")
        funders = tuple(actor_index[a] for a in pool.funders if a in actor_index)
        recipients = tuple(actor_index[a] for a in pool.recipients if a in actor_index)
        outside = [a for a in (*pool.funders, *pool.recipients) if a not in actor_index]
        if outside:
            notes.append(f"pool {pool.id}: {', '.join(sorted(set(outside)))} not in play")
        issues: tuple[int, ...] | None = None
        if pool.issues:
            issues = tuple(issue_index[i] for i in pool.issues if i in issue_index)
            if not issues:
                notes.append(f"pool {pool.id}: none of its issues is in play; left out")
                continue
        if not funders or not recipients:
            notes.append(f"pool {pool.id}: no funder or no recipient in play; left out")
            continue
        pools.append(Pool(pool.id, float(pool.size), funders, recipients, issues))
    if not pools:
        notes.append("no side-payment pool applies to the actors and issues in play")
    return TransferSetup(rates, tuple(pools), model.money_unit or ""), notes
