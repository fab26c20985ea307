"""Coalitions and apportionment: power indices, TU-game solutions and claims rules.

- :mod:`.voting` — exact Shapley–Shubik and Banzhaf indices of (compound) weighted voting games;
- :mod:`.tu` — Shapley, Banzhaf, nucleolus, core, least core, Monte Carlo Shapley for TU games;
- :mod:`.claims` — proportional, constrained equal awards / losses and Talmud rules.
"""

from accord.solve.coalition.claims import RULES, apportion, cea, cel, proportional, talmud
from accord.solve.coalition.tu import (
    CoreCheck,
    LeastCore,
    Nucleolus,
    SampledShapley,
    TUGame,
    banzhaf,
    core_check,
    least_core,
    nucleolus,
    shapley,
    shapley_monte_carlo,
)
from accord.solve.coalition.voting import PowerIndices, WeightedVotingGame, power_indices

__all__ = [
    "RULES",
    "CoreCheck",
    "LeastCore",
    "Nucleolus",
    "PowerIndices",
    "SampledShapley",
    "TUGame",
    "WeightedVotingGame",
    "apportion",
    "banzhaf",
    "cea",
    "cel",
    "core_check",
    "least_core",
    "nucleolus",
    "power_indices",
    "proportional",
    "shapley",
    "shapley_monte_carlo",
    "talmud",
]
