"""The bargaining search's Sobol' points are SciPy's, computed without importing scipy.stats."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import qmc

from accord.solve.bargaining.sobol import MAX_DIMS, scrambled_sobol

MODEL = Path(__file__).resolve().parents[3] / "examples" / "ukraine-2025" / "model.yaml"


@pytest.mark.parametrize("dims", [1, 2, 3, 6, 11, MAX_DIMS, MAX_DIMS + 1])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 512, 1000, 1024, 4096])
@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_same_points_as_scipy(dims: int, n: int, seed: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # n not a power of 2
        expected = qmc.Sobol(d=dims, scramble=True, seed=seed).random(n)
        got = scrambled_sobol(dims, n, seed=seed)
    assert got.shape == expected.shape and got.dtype == np.float64
    assert np.array_equal(got, expected)


def test_shared_and_read_only() -> None:
    a, b = scrambled_sobol(3, 512, seed=0), scrambled_sobol(3, 512, seed=0)
    assert a is b and not a.flags.writeable


def test_warns_like_scipy_when_n_is_not_a_power_of_two() -> None:
    with pytest.warns(UserWarning, match="power of 2"):
        scrambled_sobol(2, 100, seed=0)


def test_bargaining_over_a_multi_dimensional_space_does_not_import_scipy_stats() -> None:
    code = (
        "import sys\n"
        "from accord.model.load import load_checked\n"
        "from accord.solve.bargaining.analysis import bargain\n"
        "from accord.solve.bargaining.from_model import space_from_model\n"
        f"m = load_checked({str(MODEL)!r}).model\n"
        "r = bargain(space_from_model(m, track='settlement'))\n"
        "assert any(s.method == 'continuous' for s in r.solutions)\n"
        "print(sorted(k for k in sys.modules if k.startswith('scipy.stats')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == "[]"
