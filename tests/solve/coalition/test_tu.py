"""TU games: Shapley, Banzhaf, nucleolus, core and least core, Monte Carlo Shapley."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.model.games import read_coalition_values
from accord.solve.coalition.tu import (
    GameKind,
    TUGame,
    banzhaf,
    core_check,
    least_core,
    nucleolus,
    shapley,
    shapley_monte_carlo,
)

F = Fraction
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "games"


def _game_file(path: Path, kind: GameKind = "profit") -> TUGame:
    read = read_coalition_values(path)
    return TUGame.from_values(read.names, read.values, kind=kind)


@pytest.fixture()
def glove() -> TUGame:
    """One left glove (L) and two right gloves: a pair is worth 1."""
    return TUGame.from_values(["L", "R1", "R2"], {"L+R1": 1, "L+R2": 1, "L+R1+R2": 1})


def test_glove_game(glove: TUGame) -> None:
    """Glove game with one left and two right gloves: Shapley (2/3, 1/6, 1/6), nucleolus
    (1, 0, 0) — the core is the single point where the scarce left glove takes everything.

    Source: the standard textbook example, e.g. Maschler, Solan & Zamir (2013), "Game
    Theory", ch. 17–20; Peleg & Sudhölter (2007), "Introduction to the Theory of Cooperative
    Games", ch. 5.
    """
    assert shapley(glove) == [F(2, 3), F(1, 6), F(1, 6)]
    nu = nucleolus(glove)
    assert nu.exact and nu.allocation == (F(1), F(0), F(0))
    assert core_check(glove, [1, 0, 0]).in_core
    assert least_core(glove).epsilon == pytest.approx(0.0, abs=1e-12)


def test_airport_game() -> None:
    """Airport game with runway costs 1, 2, 3: Shapley (1/3, 5/6, 11/6) (Littlechild & Owen
    1973, "A simple expression for the Shapley value in a special case", Management Science
    20(3)); nucleolus (1/2, 3/4, 7/4) (Littlechild 1974, "A simple expression for the nucleolus
    in a special case", IJGT 3).
    """
    airport = TUGame.airport([1, 2, 3])
    assert shapley(airport) == [F(1, 3), F(5, 6), F(11, 6)]
    assert nucleolus(airport).allocation == (F(1, 2), F(3, 4), F(7, 4))
    assert _game_file(EXAMPLES / "airport.csv", kind="cost").exact == airport.exact


def test_lemaire_three_investors() -> None:
    """Lemaire's three investors: Shapley (51750, 25875, 12375) and nucleolus
    (52687.5, 24468.75, 12843.75).

    Source: Lemaire (1984), "An application of game theory: cost allocation", ASTIN Bulletin
    14(1): 61–81. A sequential LP that fixes every coalition tight at the first optimum stops at
    a least-core point such as (52687.5, 24937.5, 12375) — the nucleolus needs the second LP.
    """
    game = _game_file(EXAMPLES / "lemaire.csv")
    assert shapley(game) == [F(51750), F(25875), F(12375)]
    nu = nucleolus(game)
    assert nu.exact
    assert nu.allocation == (F(105375, 2), F(97875, 4), F(51375, 4))
    assert nu.levels == (F(-13125, 2), F(-28125, 4))  # two LP stages fix the excesses
    floating = nucleolus(game, exact=False)
    assert [float(x) for x in floating.allocation] == pytest.approx(
        [52687.5, 24468.75, 12843.75], abs=1e-6
    )
    # the least core contains more than the nucleolus: the first LP alone is not enough
    assert least_core(game).epsilon == pytest.approx(-6562.5)


def test_core_check_lists_blocking_coalitions(glove: TUGame) -> None:
    check = core_check(glove, [F(1, 2), F(1, 4), F(1, 4)])
    assert not check.in_core and check.efficient
    assert {c for c, _ in check.blocking} == {("L", "R1"), ("L", "R2")}
    assert all(by == pytest.approx(0.25) for _, by in check.blocking)
    assert not core_check(glove, [0.5, 0.5, 0.5]).efficient


def test_banzhaf_glove(glove: TUGame) -> None:
    # L swings {R1}, {R2}, {R1, R2}; each R swings only {L}: raw (3/4, 1/4, 1/4)
    assert banzhaf(glove) == [F(3, 4), F(1, 4), F(1, 4)]
    assert banzhaf(glove, normalized=True) == [F(3, 5), F(1, 5), F(1, 5)]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.integers(-20, 60), min_size=2**n - 1,
                                             max_size=2**n - 1))
))
def test_shapley_axioms_on_random_games(data: tuple[int, list[int]]) -> None:
    """Efficiency, and agreement of the exact Shapley value with coopgame-py's."""
    import coopgame

    n, values = data
    game = TUGame(tuple(f"p{i}" for i in range(n)), (F(0), *map(F, values)))
    sv = shapley(game)
    assert sum(sv) == game.exact[-1]
    assert [float(x) for x in sv] == pytest.approx(coopgame.shapley(coopgame.Game(values)))


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 5).flatmap(
    lambda n: st.lists(st.integers(0, 40), min_size=2**n - 1, max_size=2**n - 1)
))
def test_nucleolus_is_in_the_core_when_the_core_is_nonempty(values: list[int]) -> None:
    n = (len(values) + 1).bit_length() - 1
    # make the game superadditive enough that imputations exist
    grand = max(values[-1], sum(values[(1 << i) - 1] for i in range(n)))
    values = [*values[:-1], grand]
    game = TUGame(tuple(f"p{i}" for i in range(n)), (F(0), *map(F, values)))
    nu = nucleolus(game)
    assert sum(nu.allocation) == grand
    if least_core(game).epsilon <= 1e-9:
        assert core_check(game, list(nu.allocation)).in_core


def test_monte_carlo_shapley_states_its_error() -> None:
    """Sampled Shapley lies within its stated 99 % interval of the exact value."""
    game = _game_file(EXAMPLES / "lemaire.csv")
    exact = [float(x) for x in shapley(game)]
    est = shapley_monte_carlo(game, permutations=4000, seed=3, confidence=0.99,
                              marginal_range=90000)
    assert est.hoeffding is not None
    for value, truth, half, hoeff in zip(est.values, exact, est.halfwidth, est.hoeffding,
                                         strict=True):
        assert abs(value - truth) <= half
        assert abs(value - truth) <= hoeff


def test_monte_carlo_with_a_value_function() -> None:
    """Many players by function: a symmetric majority game gives everyone 1/n."""
    n = 40
    est = shapley_monte_carlo(lambda s: float(len(s) > n // 2), n, permutations=3000, seed=1)
    assert np.allclose(est.values, 1 / n, atol=4 * max(est.stderr) + 1e-12)


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "game.csv"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("coalition,value\nA,1\nB,x\nA+B,3\n", 3, "value", "not a number"),
        ("coalition,value\nA,1\nB,2\n", 3, "coalition", "no value: A+B"),
        ("coalition,value\nA,1\nB,2\nA+B,3\nB+A,4\n", 5, "coalition", "listed twice"),
        ("coalition,worth\nA,1\n", 1, "header", "expected 'coalition,value'"),
        ("coalition,value\nA,1,2\n", 2, "row", "3 columns"),
        ("coalition,value\nA+A,1\n", 2, "coalition", "twice"),
    ],
)
def test_game_file_errors_name_line_and_field(
    tmp_path: Path, text: str, line: int | None, field: str | None, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        read_coalition_values(path)
    assert err.value.file == str(path)
    assert err.value.line == line
    assert err.value.field == field
    assert message in str(err.value)


def test_extra_player_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "coalition,value\nA,1\nB,1\nA+B,2\nC,1\n")
    with pytest.raises(InputError, match="unknown player 'C'") as err:
        read_coalition_values(path, players=["A", "B"])
    assert err.value.line == 5
