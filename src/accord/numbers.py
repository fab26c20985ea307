"""Exact numbers from what users type: ints, decimal strings, Fractions, floats.

Coalition values, claims and pool sizes are computed exactly, so every number becomes a
:class:`fractions.Fraction`; a float is read by its decimal text (``0.1`` is one tenth).
"""

from __future__ import annotations

import re
from fractions import Fraction

from accord.errors import InputError

Number = int | float | str | Fraction

#: Largest decimal exponent read exactly (``1e1000``): beyond it a tiny string would build an
#: integer of millions of digits (``1e99999999`` takes minutes), far past any float.
MAX_EXPONENT = 1000
_EXPONENT = re.compile(r"[eE]\s*([+-]?\d+)\s*$")


def to_fraction(value: Number, field: str = "value") -> Fraction:
    """An exact Fraction from an int, Fraction, decimal string or float (by its decimal text).

    >>> to_fraction("33.5"), to_fraction(0.1)
    (Fraction(67, 2), Fraction(1, 10))
    >>> to_fraction("1e99999999")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: value: '1e99999999' is out of range (a decimal exponent beyond ±1000)
    """
    if isinstance(value, str):
        exponent = _EXPONENT.search(value)
        digits = exponent.group(1).lstrip("+-").lstrip("0") if exponent else ""
        if len(digits) > 4 or int(digits or 0) > MAX_EXPONENT:
            raise InputError(
                f"{value!r} is out of range (a decimal exponent beyond ±{MAX_EXPONENT})",
                field=field,
            )
    try:
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError
            return Fraction(repr(value))
        return Fraction(value)
    except (ValueError, ZeroDivisionError, TypeError):
        raise InputError(f"{value!r} is not a finite number", field=field) from None
