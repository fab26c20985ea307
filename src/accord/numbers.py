"""Exact numbers from what users type: ints, decimal strings, Fractions, floats.

Coalition values, claims and pool sizes are computed exactly, so every number becomes a
:class:`fractions.Fraction`; a float is read by its decimal text (``0.1`` is one tenth).
"""

from __future__ import annotations

from fractions import Fraction

from accord.errors import InputError

Number = int | float | str | Fraction


def to_fraction(value: Number, field: str = "value") -> Fraction:
    """An exact Fraction from an int, Fraction, decimal string or float (by its decimal text).

    >>> to_fraction("33.5"), to_fraction(0.1)
    (Fraction(67, 2), Fraction(1, 10))
    """
    try:
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError
            return Fraction(repr(value))
        return Fraction(value)
    except (ValueError, ZeroDivisionError, TypeError):
        raise InputError(f"{value!r} is not a finite number", field=field) from None
