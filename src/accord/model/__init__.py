"""accord.model: the negotiation model file — schema, readers/writers, validation, scenarios.

>>> from accord.model import load_model, to_scenario  # doctest: +SKIP
>>> scenario = to_scenario(load_model("examples/ukraine-2025/model.yaml"), track="settlement")
"""

from accord.model.formats import read_bdm_csv, read_ktab_csv, read_ktab_xml
from accord.model.io import load_model, save_model
from accord.model.scenario import run_engine, to_scenario
from accord.model.schema import NegotiationModel
from accord.model.validate import validate_file

__all__ = [
    "NegotiationModel",
    "load_model",
    "save_model",
    "validate_file",
    "read_bdm_csv",
    "read_ktab_csv",
    "read_ktab_xml",
    "run_engine",
    "to_scenario",
]
