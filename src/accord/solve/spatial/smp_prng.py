"""KTAB's pseudo-random number generator, so a seed means the same draws as in KTAB.

KTAB (kutils/libsrc/prng.cpp, ``KBase::PRNG``) draws 64-bit words from C++'s ``std::mt19937_64``
and scrambles each with the bijection ``qTrans(i) = (i + Q64C)(2i + 3) mod 2^64``;
``uniform(a, b)`` divides the word by 2^64 - 1 (as a double) and ``probSel`` picks the first
option whose cumulative probability reaches a uniform draw. This module is a plain-Python
transcription (the generator is called a handful of times per turn, so speed is irrelevant).
"""

from __future__ import annotations

from collections.abc import Sequence

_MASK64 = (1 << 64) - 1
_N, _M = 312, 156
_MATRIX_A = 0xB5026F5AA96619E9
_UPPER = _MASK64 ^ 0x7FFFFFFF
_LOWER = 0x7FFFFFFF
# KTAB prng.h: the golden ratio's decimals, shifted and made odd
_Q64C = 0xE08C1D668B756F83


class MersenneTwister64:
    """``std::mt19937_64`` (Matsumoto & Nishimura 2004), the C++ standard's parameters.

    >>> g = MersenneTwister64(5489)  # the C++ standard's check: 10000th output
    >>> [g.next() for _ in range(10000)][-1]
    9981545732273789042
    """

    def __init__(self, seed: int) -> None:
        self._mt = [0] * _N
        self._mt[0] = seed & _MASK64
        for i in range(1, _N):
            prev = self._mt[i - 1]
            self._mt[i] = (6364136223846793005 * (prev ^ (prev >> 62)) + i) & _MASK64
        self._index = _N

    def _twist(self) -> None:
        mt = self._mt
        for i in range(_N):
            x = (mt[i] & _UPPER) | (mt[(i + 1) % _N] & _LOWER)
            xa = x >> 1
            if x & 1:
                xa ^= _MATRIX_A
            mt[i] = mt[(i + _M) % _N] ^ xa
        self._index = 0

    def next(self) -> int:
        """The next 64-bit output word."""
        if self._index >= _N:
            self._twist()
        y = self._mt[self._index]
        self._index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & _MASK64


def q_trans(i: int) -> int:
    """KTAB's qTrans scrambling bijection on 64-bit words."""
    return ((i + _Q64C) * (2 * i + 3)) & _MASK64


class KtabPRNG:
    """KTAB's ``KBase::PRNG``: seeded ``mt19937_64`` with qTrans-scrambled output."""

    def __init__(self, seed: int) -> None:
        self.seed = seed & _MASK64
        self._mt = MersenneTwister64(self.seed)

    def word(self) -> int:
        """``PRNG::uniform()``: a scrambled 64-bit word."""
        return q_trans(self._mt.next())

    def uniform(self, a: float = 0.0, b: float = 1.0) -> float:
        """``PRNG::uniform(a, b)``."""
        x = float(self.word()) / float(_MASK64)
        return a + (b - a) * x

    def prob_sel(self, p: Sequence[float]) -> int:
        """``PRNG::probSel``: index of the first option whose cumulative probability >= a draw."""
        draw = self.uniform(0.0, 1.0)
        total = 0.0
        for i, pi in enumerate(p):
            total += float(pi)
            if draw <= total:
                return i
        return len(p) - 1  # round-off: the draw exceeded the summed probabilities
