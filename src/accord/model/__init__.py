"""accord.model: the negotiation model file — schema, readers/writers, validation, scenarios.

>>> from accord.model import load_model, to_scenario
>>> model = load_model("examples/ukraine-2025/model.yaml")
>>> to_scenario(model, track="settlement").dimensions[:2]
('territory', 'nato')

Names are imported lazily (PEP 562) so that importing one submodule, or the CLI, does not pay
for building every pydantic schema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.model.formats import read_bdm_csv, read_ktab_csv, read_ktab_xml
    from accord.model.io import load_model, save_model
    from accord.model.scenario import run_engine, to_scenario
    from accord.model.schema import NegotiationModel
    from accord.model.validate import validate_file

_WHERE = {
    "NegotiationModel": "accord.model.schema",
    "load_model": "accord.model.io",
    "save_model": "accord.model.io",
    "read_bdm_csv": "accord.model.formats",
    "read_ktab_csv": "accord.model.formats",
    "read_ktab_xml": "accord.model.formats",
    "run_engine": "accord.model.scenario",
    "to_scenario": "accord.model.scenario",
    "validate_file": "accord.model.validate",
}

__all__ = [
    "NegotiationModel",
    "load_model",
    "read_bdm_csv",
    "read_ktab_csv",
    "read_ktab_xml",
    "run_engine",
    "save_model",
    "to_scenario",
    "validate_file",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'accord.model' has no attribute {name!r}")
