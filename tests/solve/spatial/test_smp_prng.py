"""KTAB's PRNG (kutils/libsrc/prng.cpp): std::mt19937_64 plus the qTrans scrambler."""

from __future__ import annotations

import pytest

from accord.solve.spatial.smp_prng import KtabPRNG, MersenneTwister64, q_trans


def test_mersenne_twister_64_matches_the_cpp_standard() -> None:
    """ISO C++ [rand.predef]: the 10000th output of a default-constructed mt19937_64."""
    g = MersenneTwister64(5489)
    values = [g.next() for _ in range(10000)]
    assert values[0] == 14514284786278117030  # first output for the default seed 5489
    assert values[-1] == 9981545732273789042


def test_q_trans_is_ktab_formula() -> None:
    # qTrans(i) = (i + Q64C) * (2 i + 3) mod 2^64 with Q64C = 0xE08C1D668B756F83 (prng.h)
    assert q_trans(0) == (0xE08C1D668B756F83 * 3) % 2**64
    assert q_trans(2**64 - 1) == ((2**64 - 1 + 0xE08C1D668B756F83) * (2 * (2**64 - 1) + 3)) % 2**64


def test_uniform_and_prob_sel() -> None:
    rng = KtabPRNG(3507583219545544127)
    draws = [rng.uniform() for _ in range(1000)]
    assert all(0.0 <= d <= 1.0 for d in draws)
    assert 0.45 < sum(draws) / len(draws) < 0.55
    again = KtabPRNG(3507583219545544127)
    assert again.uniform() == pytest.approx(draws[0], abs=0.0)
    # probSel picks the first index whose cumulative probability reaches the draw
    assert KtabPRNG(1).prob_sel([0.0, 1.0, 0.0]) == 1
    assert KtabPRNG(1).prob_sel([1.0, 0.0]) == 0
