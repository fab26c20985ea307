"""Claims rules for dividing an estate: proportional, CEA, CEL, Talmud."""

from __future__ import annotations

from fractions import Fraction

import coopgame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.solve.coalition.claims import RULES, apportion, cea, cel, proportional, talmud

F = Fraction


@pytest.mark.parametrize(
    ("estate", "expected"),
    [
        (100, [F(100, 3), F(100, 3), F(100, 3)]),
        (200, [F(50), F(75), F(75)]),
        (300, [F(50), F(100), F(150)]),
    ],
)
def test_talmud_aumann_maschler(estate: int, expected: list[Fraction]) -> None:
    """The Talmud's three-widows estates (claims 100, 200, 300).

    Source: Aumann & Maschler (1985), "Game theoretic analysis of a bankruptcy problem from
    the Talmud", Journal of Economic Theory 36: 195–213, Table 1.
    """
    assert talmud(estate, [100, 200, 300]) == expected


def test_contested_garment() -> None:
    """Contested garment: claims 50 and 100 on an estate of 100 give (25, 75).

    Source: Aumann & Maschler (1985), JET 36, section 1 (Mishna Baba Metzia 2a).
    """
    assert talmud(100, [50, 100]) == [F(25), F(75)]


def test_rules_on_a_known_case() -> None:
    assert proportional(300, [100, 200, 300]) == [F(50), F(100), F(150)]
    assert cea(300, [100, 200, 300]) == [F(100), F(100), F(100)]
    assert cel(300, [100, 200, 300]) == [F(0), F(100), F(200)]


def test_decimal_inputs_are_exact() -> None:
    assert proportional("0.3", ["0.1", "0.2"]) == [F(1, 10), F(2, 10)]
    assert sum(cea(0.3, [0.1, 0.2])) == F(3, 10)


problems = st.lists(st.integers(0, 1000), min_size=1, max_size=8).flatmap(
    lambda claims: st.tuples(st.integers(0, sum(claims)), st.just(claims))
)


@settings(max_examples=200, deadline=None)
@given(problems)
def test_rules_are_feasible_and_match_coopgame(problem: tuple[int, list[int]]) -> None:
    """Every rule gives 0 ≤ award ≤ claim summing to the estate; CEA, CEL and Talmud agree with
    coopgame-py's independent implementations."""
    estate, claims = problem
    for rule in RULES:
        awards = apportion(estate, claims, rule)
        assert sum(awards) == estate
        assert all(0 <= a <= c for a, c in zip(awards, claims, strict=True))
    for ours, theirs in (
        (cea(estate, claims), coopgame.constrained_equal_awards(estate, claims)),
        (cel(estate, claims), coopgame.constrained_equal_losses(estate, claims)),
        (talmud(estate, claims), coopgame.talmud(estate, claims)),
    ):
        assert [float(x) for x in ours] == pytest.approx(theirs, abs=1e-9)


@pytest.mark.parametrize(
    ("estate", "claims", "field"),
    [
        (-1, [1, 2], "estate"),
        (10, [1, 2], "estate"),
        (1, [1, -2], "claims[2]"),
        (1, [], "claims"),
        ("x", [1], "estate"),
        (float("nan"), [1], "estate"),
    ],
)
def test_bad_input_names_the_field(estate: object, claims: list[object], field: str) -> None:
    with pytest.raises(InputError) as err:
        apportion(estate, claims, "talmud")  # type: ignore[arg-type]
    assert err.value.field == field


def test_unknown_rule() -> None:
    with pytest.raises(InputError, match="unknown rule"):
        apportion(1, [1], "nash")
