"""accord.model: the negotiation model file — schema, readers/writers, validation.

>>> from accord.model import load_model
>>> model = load_model("examples/ukraine-2025/model.yaml")
>>> model.in_play("settlement")[1][:2]
['territory', 'nato']

Names are imported lazily (PEP 562) so that importing one submodule, or the CLI, does not pay
for building every pydantic schema. ``to_scenario`` and ``run_engine`` moved to
:mod:`accord.solve.spatial.scenario` (the model does not depend on the solvers); importing
them from here still works and warns.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.model.formats import read_bdm_csv, read_ktab_csv, read_ktab_xml
    from accord.model.io import load_model, save_model
    from accord.model.schema import NegotiationModel
    from accord.model.validate import validate_file

_WHERE = {
    "NegotiationModel": "accord.model.schema",
    "load_model": "accord.model.io",
    "save_model": "accord.model.io",
    "read_bdm_csv": "accord.model.formats",
    "read_ktab_csv": "accord.model.formats",
    "read_ktab_xml": "accord.model.formats",
    "validate_file": "accord.model.validate",
}
_MOVED = ("run_engine", "to_scenario")

__all__ = [
    "NegotiationModel",
    "load_model",
    "read_bdm_csv",
    "read_ktab_csv",
    "read_ktab_xml",
    "save_model",
    "validate_file",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    if name in _MOVED:
        warnings.warn(
            f"accord.model.{name} moved to accord.solve.spatial.scenario.{name}",
            DeprecationWarning,
            stacklevel=2,
        )
        from accord.solve.spatial import scenario

        return getattr(scenario, name)
    raise AttributeError(f"module 'accord.model' has no attribute {name!r}")
