"""Named scenarios: "what if" overlays on a model ("EU leaves the talks", "US offers USD 100 bn").

A scenario in the model file (:class:`~accord.model.schema.Scenario`) removes actors, adds
actors, pools and positions, and changes fields of actors, issues, positions, pools and tracks.
:func:`apply_scenario` returns the model as the scenario describes it, validated as a whole, so
every engine, ``bargain``, ``sweep`` and ``compare`` run on it unchanged.

>>> from accord.model.schema import NegotiationModel
>>> m = NegotiationModel.model_validate({
...     "name": "toy",
...     "actors": [{"id": "a", "capability": 1}, {"id": "b", "capability": 2}],
...     "issues": [{"id": "x", "question": "?"}],
...     "positions": [{"actor": "a", "issue": "x", "position": 10, "salience": 50},
...                   {"actor": "b", "issue": "x", "position": 90, "salience": 50}],
...     "scenarios": [{"id": "b-out", "name": "b leaves", "remove_actors": ["b"]},
...                   {"id": "a-cares", "changes": [{"actor": "a", "issue": "x",
...                                                  "set": {"salience": 100}}]}]})
>>> [a.id for a in apply_scenario(m, "b-out").actors]
['a']
>>> apply_scenario(m, "a-cares").position_of("a", "x").salience
100.0
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from accord.errors import InputError
from accord.model.locate import field_path
from accord.model.schema import NegotiationModel, Scenario

_TARGET_LIST = {
    "actor": "actors",
    "issue": "issues",
    "pool": "side_payment_pools",
    "track": "tracks",
}


def scenario_ids(model: NegotiationModel) -> list[str]:
    """The ids of the model's scenarios, in file order."""
    return [s.id for s in model.scenarios]


def get_scenario(model: NegotiationModel, scenario_id: str) -> Scenario:
    """The scenario called ``scenario_id``; :class:`InputError` naming the known ones if none."""
    try:
        return model.scenario(scenario_id)
    except KeyError:
        known = ", ".join(scenario_ids(model)) or "(the model defines no scenarios)"
        raise InputError(
            f"unknown scenario {scenario_id!r}; scenarios: {known}", field="scenarios"
        ) from None


def apply_scenario(model: NegotiationModel, scenario: str | Scenario) -> NegotiationModel:
    """The model with ``scenario`` (an id or a :class:`Scenario`) applied, validated.

    The result keeps no scenarios of its own and is named ``"<model> [<scenario>]"``. Raises
    :class:`InputError` (field ``scenarios[<id>]…``) when the scenario names something the
    model does not have or leaves an invalid model.
    """
    sc = get_scenario(model, scenario) if isinstance(scenario, str) else scenario
    where = f"scenarios[{sc.id}]"
    data: dict[str, Any] = model.to_data()
    data.pop("scenarios", None)
    data["name"] = f"{model.name} [{sc.label}]"

    actor_ids = {a["id"] for a in data["actors"]}
    for k, gone in enumerate(sc.remove_actors):
        if gone not in actor_ids:
            raise InputError(
                f"remove_actors names unknown actor {gone!r}", field=f"{where}.remove_actors[{k}]"
            )
    removed = set(sc.remove_actors)
    if removed:
        remove_actors(data, removed)

    data["actors"] = [
        *data["actors"],
        *(a.model_dump(mode="json", by_alias=True, exclude_none=True) for a in sc.add_actors),
    ]
    data["side_payment_pools"] = [
        *data.get("side_payment_pools", []),
        *(p.model_dump(mode="json", by_alias=True, exclude_none=True) for p in sc.add_pools),
    ]
    data["positions"] = [
        *data.get("positions", []),
        *(p.model_dump(mode="json", by_alias=True, exclude_none=True) for p in sc.add_positions),
    ]

    for k, change in enumerate(sc.changes):
        kind, ident = change.target
        target = _find(data, kind, change.actor, change.issue, ident)
        if target is None:
            what = (
                f"no position of {change.actor!r} on {change.issue!r}"
                if kind == "position"
                else f"unknown {kind} {ident!r}"
            )
            raise InputError(f"{what} to change", field=f"{where}.changes[{k}]")
        for name, value in change.set.items():
            if name in ("id", "actor", "issue") and kind in (
                "actor",
                "issue",
                "position",
                "pool",
                "track",
            ):
                raise InputError(
                    f"a scenario cannot change the {name!r} that identifies a {kind}",
                    field=f"{where}.changes[{k}].set.{name}",
                )
            if value is None:
                target.pop(name, None)
            else:
                target[name] = value

    try:
        return NegotiationModel.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise InputError(
            f"the scenario leaves an invalid model: {field_path(tuple(err['loc']))}: {msg}",
            field=where,
        ) from None


def remove_actors(data: dict[str, Any], removed: set[str]) -> None:
    """Take ``removed`` actors out of a dumped model: their positions, and out of tracks and
    side-payment pools (a track or pool left empty goes too)."""
    data["actors"] = [a for a in data["actors"] if a["id"] not in removed]
    data["positions"] = [p for p in data.get("positions", []) if p["actor"] not in removed]
    tracks = []
    for t in data.get("tracks", []):
        t["actors"] = [a for a in t["actors"] if a not in removed]
        if t["actors"]:
            tracks.append(t)
    data["tracks"] = tracks
    pools = []
    for p in data.get("side_payment_pools", []):
        p["funders"] = [a for a in p["funders"] if a not in removed]
        p["recipients"] = [a for a in p["recipients"] if a not in removed]
        if "claims" in p:
            p["claims"] = [c for c in p["claims"] if c["recipient"] not in removed]
        if p["funders"] and p["recipients"]:  # a pool nobody funds or nobody receives is gone
            pools.append(p)
    data["side_payment_pools"] = pools


def _find(
    data: dict[str, Any], kind: str, actor: str | None, issue: str | None, ident: str
) -> dict[str, Any] | None:
    if kind == "position":
        for p in data.get("positions", []):
            if p["actor"] == actor and p["issue"] == issue:
                return p  # type: ignore[no-any-return]
        return None
    for item in data.get(_TARGET_LIST[kind], []):
        if item["id"] == ident:
            return item  # type: ignore[no-any-return]
    return None


def at_points(model: NegotiationModel) -> NegotiationModel:
    """The model with every uncertain input at its point and no ranges left to sample.

    Distributions become their points, ``uncertainty`` ranges and evidence ``value``s are
    dropped: a sweep of the result is the point forecast on every run.

    >>> from accord.model import load_model
    >>> m = at_points(load_model("examples/ukraine-2025/model.yaml"))
    >>> type(m.actor("russia").capability).__name__
    'float'
    """

    def pt(obj: Any, names: tuple[str, ...]) -> Any:
        return obj.model_copy(
            update={n: float(getattr(obj, n)) for n in names if getattr(obj, n) is not None}
        )

    positions = []
    for p in model.positions:
        rl = pt(p.red_line, ("lowest_acceptable", "highest_acceptable")) if p.red_line else None
        evidence = [e.model_copy(update={"value": None}) for e in p.evidence]
        positions.append(
            pt(p, ("position", "salience")).model_copy(
                update={"red_line": rl, "uncertainty": None, "evidence": evidence}
            )
        )
    return model.model_copy(
        update={
            "actors": [pt(a, ("capability", "utility_per_money")) for a in model.actors],
            "positions": positions,
            "side_payment_pools": [pt(x, ("size",)) for x in model.side_payment_pools],
        }
    )
