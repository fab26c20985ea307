"""Draws in the unit cube: Latin hypercube (default) or plain random, reproducible by seed.

Both designs depend only on ``(seed, runs, inputs)``, never on how the runs are later split
into chunks or workers. The Latin hypercube is SciPy's :class:`scipy.stats.qmc.LatinHypercube`
(each input's range cut into ``runs`` equal strata, one draw per stratum); plain random draws
row ``i`` from its own generator ``numpy.random.default_rng([seed, i])``, so any run can be
reproduced alone.

>>> u = unit_design(4, 2, seed=1)
>>> u.shape, bool(((u >= 0) & (u < 1)).all())
((4, 2), True)
>>> sorted((u[:, 0] * 4).astype(int).tolist())   # one draw per stratum
[0, 1, 2, 3]
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.stats import qmc

FloatArray = NDArray[np.float64]
Method = Literal["lhs", "random"]
METHODS: tuple[str, ...] = ("lhs", "random")


def unit_design(runs: int, inputs: int, seed: int, method: Method = "lhs") -> FloatArray:
    """``runs`` × ``inputs`` draws in [0, 1)."""
    if runs < 1:
        raise ValueError(f"runs must be at least 1, not {runs}")
    if method not in METHODS:
        raise ValueError(
            f"unknown sampling method {method!r}; expected one of {', '.join(METHODS)}"
        )
    if inputs == 0:
        return np.zeros((runs, 0))
    if method == "lhs":
        sampler = qmc.LatinHypercube(d=inputs, rng=np.random.default_rng(seed))
        return np.asarray(sampler.random(runs), dtype=np.float64)
    out = np.empty((runs, inputs))
    for i in range(runs):
        out[i] = np.random.default_rng([seed, i]).random(inputs)
    return out
