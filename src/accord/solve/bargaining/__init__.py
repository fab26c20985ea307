"""Bargaining space: outcomes, Pareto frontier, zone of agreement, solutions, side payments.

>>> from accord.model.load import load_checked
>>> from accord.solve.bargaining import bargain, space_from_model
>>> loaded = load_checked("examples/ukraine-2025/model.yaml")  # doctest: +SKIP
>>> result = bargain(space_from_model(loaded, track="bilateral"))  # doctest: +SKIP
>>> result.zone.message(), result.solution("nash").outcome  # doctest: +SKIP

See docs/bargaining.md for the utility function, the definitions and the algorithms.
``load_for_bargaining`` and ``with_agenda`` moved to the model layer
(:func:`accord.model.load.load_checked`, :func:`accord.model.agenda.with_agenda`); importing
them from here still works and warns.
"""

import warnings
from typing import Any

from accord.solve.bargaining.analysis import (
    BargainingResult,
    SolutionPoint,
    TransferReport,
    TransferSetup,
    bargain,
)
from accord.solve.bargaining.from_model import (
    LocatedModel,
    space_from_model,
    transfers_from_model,
)
from accord.solve.bargaining.pareto import naive_pareto_mask, pareto_indices, pareto_mask
from accord.solve.bargaining.solutions import (
    CONCEPTS,
    ContinuousProblem,
    solve_all_discrete,
    solve_continuous,
    solve_discrete,
)
from accord.solve.bargaining.space import BargainingSpace, IssueSpace, risk_exponent
from accord.solve.bargaining.transfers import Pool, cheapest_transfer, min_transfer_for
from accord.solve.bargaining.zone import Zone, analyse_zone

__all__ = [
    "CONCEPTS",
    "BargainingResult",
    "BargainingSpace",
    "ContinuousProblem",
    "IssueSpace",
    "LocatedModel",
    "Pool",
    "SolutionPoint",
    "TransferReport",
    "TransferSetup",
    "Zone",
    "analyse_zone",
    "bargain",
    "cheapest_transfer",
    "min_transfer_for",
    "naive_pareto_mask",
    "pareto_indices",
    "pareto_mask",
    "risk_exponent",
    "solve_all_discrete",
    "solve_continuous",
    "solve_discrete",
    "space_from_model",
    "transfers_from_model",
]


def __getattr__(name: str) -> Any:
    if name == "load_for_bargaining":
        warnings.warn(
            "accord.solve.bargaining.load_for_bargaining moved to accord.model.load.load_checked",
            DeprecationWarning,
            stacklevel=2,
        )
        from accord.model.load import load_checked

        return load_checked
    if name == "with_agenda":
        warnings.warn(
            "accord.solve.bargaining.with_agenda moved to accord.model.agenda.with_agenda",
            DeprecationWarning,
            stacklevel=2,
        )
        from accord.model.agenda import with_agenda

        return with_agenda
    raise AttributeError(f"module 'accord.solve.bargaining' has no attribute {name!r}")
