"""Bargaining space: outcomes, Pareto frontier, zone of agreement, solutions, side payments.

>>> from accord.solve.bargaining import bargain, load_for_bargaining, space_from_model
>>> loaded = load_for_bargaining("examples/ukraine-2025/model.yaml")  # doctest: +SKIP
>>> result = bargain(space_from_model(loaded, track="bilateral"))  # doctest: +SKIP
>>> result.zone.message(), result.solution("nash").outcome  # doctest: +SKIP

See docs/bargaining.md for the utility function, the definitions and the algorithms.
"""

from accord.solve.bargaining.analysis import (
    BargainingResult,
    SolutionPoint,
    TransferReport,
    TransferSetup,
    bargain,
)
from accord.solve.bargaining.from_model import (
    load_for_bargaining,
    space_from_model,
    transfers_from_model,
    with_agenda,
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
    "Pool",
    "SolutionPoint",
    "TransferReport",
    "TransferSetup",
    "Zone",
    "analyse_zone",
    "bargain",
    "cheapest_transfer",
    "load_for_bargaining",
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
    "with_agenda",
]
