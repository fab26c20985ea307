"""Build an engine for a model: rounds, the model file's own settings, explicit parameters.

A KTAB XML scenario carries the settings its author chose (``<ModelParameters>``: victory
model, voting rule, state transitions, …, and a PRNG seed); the SMP engine plays it with those.
Explicit parameters win over settings read from the file. Errors name the parameter as a field
(``engine``, ``rounds``, ``params``), never a command-line flag.

>>> engine_settings("smp", {"ktab": {"ModelParameters": {"VotingRule": "Proportional"},
...                                  "prngSeed": "7"}})
({'voting_rule': 'Proportional', 'seed': 7}, [])
>>> make_engine("eum", rounds=3).rounds
3
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from accord.errors import InputError
from accord.solve.spatial import ENGINES, get_engine
from accord.solve.spatial.base import Engine

#: The keyword each engine uses for "how many rounds at most", in order of preference.
ROUNDS_PARAMETER_NAMES = ("rounds", "max_rounds", "max_turns")

#: KTAB XML ``<ModelParameters>`` element → SMP engine keyword.
KTAB_TO_SMP = {
    "VictoryProbModel": "victory_model",
    "PCEModel": "pce_model",
    "StateTransitions": "state_transition",
    "VotingRule": "voting_rule",
    "BigRAdjust": "big_r_adjust",
    "BigRRange": "big_r_range",
    "ThirdPartyCommit": "third_party_commit",
    "InterVecBrgn": "bargain_interpolation",
    "BargnModel": "bargain_model",
}


def accepted_parameters(factory: Callable[..., Any]) -> set[str] | None:
    """Keyword names an engine class accepts, or None if it takes ``**kwargs``."""
    try:
        sig = inspect.signature(factory)
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values()):
        return None
    return set(sig.parameters) - {"self"}


def engine_settings(
    name: str, model_parameters: Mapping[str, Any] | None
) -> tuple[dict[str, Any], list[str]]:
    """Engine keywords taken from a model's ``parameters`` (today: KTAB settings for ``smp``),
    and notes on settings the engine cannot use."""
    ktab = (model_parameters or {}).get("ktab")
    if name != "smp" or not isinstance(ktab, dict) or name not in ENGINES:
        return {}, []
    accepted = accepted_parameters(ENGINES[name])
    params: dict[str, Any] = {}
    for src, dst in KTAB_TO_SMP.items():
        value = (ktab.get("ModelParameters") or {}).get(src)
        if value is not None and (accepted is None or dst in accepted):
            params[dst] = value
    seed = ktab.get("prngSeed")
    if seed and (accepted is None or "seed" in accepted):
        params["seed"] = int(seed)
    notes = []
    if ktab.get("IdealAdjustment"):
        notes.append("the scenario's IdealAdjustment pairs are not used by the smp engine")
    return params, notes


def make_engine(
    name: str,
    *,
    rounds: int | None = None,
    model_parameters: Mapping[str, Any] | None = None,
    params: Mapping[str, Any] | None = None,
) -> Engine:
    """Engine ``name`` with at most ``rounds`` rounds, the settings in ``model_parameters``
    (a model's ``parameters``) and explicit ``params`` (which win)."""
    if name not in ENGINES:
        available = ", ".join(sorted(ENGINES)) or "none"
        raise InputError(f"unknown engine {name!r}; available: {available}", field="engine")
    accepted = accepted_parameters(ENGINES[name])
    settings: dict[str, Any] = {}
    if rounds is not None:
        if rounds < 1:
            raise InputError(f"must be at least 1, got {rounds}", field="rounds")
        key = next((k for k in ROUNDS_PARAMETER_NAMES if accepted and k in accepted), None)
        if key is None:
            raise InputError(f"engine {name!r} does not take a number of rounds", field="rounds")
        settings[key] = rounds
    settings.update(engine_settings(name, model_parameters)[0])
    for key, value in (params or {}).items():
        if accepted is not None and key not in accepted:
            raise InputError(
                f"engine {name!r} has no parameter {key!r}; it takes: "
                f"{', '.join(sorted(accepted))}",
                field="params",
            )
        settings[key] = value
    return get_engine(name, **settings)
