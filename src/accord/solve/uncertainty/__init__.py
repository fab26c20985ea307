"""accord.solve.uncertainty: Monte Carlo sweeps, sensitivity analysis, zone-of-agreement odds.

* :mod:`.inputs` — which inputs of a model are uncertain and how a draw becomes arrays;
* :mod:`.sampling` — Latin hypercube (default) or plain random designs, by seed;
* :mod:`.sweep` — every engine on every draw, in chunks on any executor (:func:`run_sweep`);
* :mod:`.summary` — quantiles, histograms, red-line and zone probabilities, engine spread;
* :mod:`.sensitivity` — Sobol and Morris (SALib) and one-at-a-time effects;
* :mod:`.zone` — does a zone of agreement exist for one draw, or can side payments buy one.

Method and conventions: docs/uncertainty.md.
"""

from __future__ import annotations

from accord.solve.uncertainty.inputs import InputSet, UncertainInput, input_set
from accord.solve.uncertainty.sampling import unit_design
from accord.solve.uncertainty.sensitivity import InputEffect, SensitivityResult, sensitivity
from accord.solve.uncertainty.summary import IssueSummary, SweepSummary, summarise
from accord.solve.uncertainty.sweep import ALL_ENGINES, SweepResult, run_sweep
from accord.solve.uncertainty.zone import zone_exists, zone_with_transfers

__all__ = [
    "ALL_ENGINES",
    "InputEffect",
    "InputSet",
    "IssueSummary",
    "SensitivityResult",
    "SweepResult",
    "SweepSummary",
    "UncertainInput",
    "input_set",
    "run_sweep",
    "sensitivity",
    "summarise",
    "unit_design",
    "zone_exists",
    "zone_with_transfers",
]
