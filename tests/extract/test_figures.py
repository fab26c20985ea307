"""Figures: money with currency and magnitude, ranges, percentages, counts — and what is not a
figure (years, dates, article numbers, ordinals, durations). Real spaCy parses throughout."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from accord.extract.figures import extract_figures
from accord.extract.nlp import load_pipeline
from accord.extract.types import Figure


def figs(nlp: Language, text: str) -> list[Figure]:
    return extract_figures(nlp(text))


def one(nlp: Language, text: str) -> Figure:
    found = figs(nlp, text)
    assert len(found) == 1, found
    f = found[0]
    assert text[f.start : f.end] == f.text
    return f


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("Ukraine's bond debt of more than $216 billion.", "$216 billion", 216e9, "USD"),
        ("The EU alone has guaranteed €193 bn.", "€193 bn", 193e9, "EUR"),
        ("They pitch an $800 billion fund.", "$800 billion", 800e9, "USD"),
        ("Brussels pledged €50bn on Monday.", "€50bn", 50e9, "EUR"),
        ("London added £3.5m in aid.", "£3.5m", 3.5e6, "GBP"),
        ("Moscow spent 300 billion rubles on it.", "300 billion rubles", 300e9, "RUB"),
        ("The grant is USD 5 million.", "USD 5 million", 5e6, "USD"),
        ("Kyiv got US$2.5 billion.", "US$2.5 billion", 2.5e9, "USD"),
        ("It cost 1,200 euros.", "1,200 euros", 1200.0, "EUR"),
        ("a billion dollar re-construction cake", "a billion dollar", 1e9, "USD"),
        ("a fund of $1.2 trillion", "$1.2 trillion", 1.2e12, "USD"),
        ("Kyiv will get 40 billion hryvnias.", "40 billion hryvnias", 40e9, "UAH"),
    ],
)
def test_money(nlp: Language, text: str, surface: str, value: float, unit: str) -> None:
    f = one(nlp, text)
    assert (f.kind, f.text, f.unit, f.value_high) == ("money", surface, unit, None)
    assert f.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "kind", "lo", "hi", "unit"),
    [
        ("bonds trade in the 60 to 76 cents on the dollar range", "ratio", 60, 76,
         "cents on the dollar"),
        ("lows in the 19–20 cent range", "money", 19, 20, "cents"),
        ("a package of $10-15 billion", "money", 10e9, 15e9, "USD"),
        ("a package of $10 billion to $15 billion", "money", 10e9, 15e9, "USD"),
        ("support rose to between 5 and 7 per cent", "percent", 5, 7, "percent"),
        ("growth of 2–3%", "percent", 2, 3, "percent"),
    ],
)
def test_ranges(nlp: Language, text: str, kind: str, lo: float, hi: float, unit: str) -> None:
    f = one(nlp, text)
    assert (f.kind, f.unit) == (kind, unit)
    assert (f.value, f.value_high) == (pytest.approx(lo), pytest.approx(hi))


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("54 percent of Russians support talks", 54, "percent"),
        ("71 percent oppose concessions", 71, "percent"),
        ("a 12% tariff", 12, "percent"),
        ("inflation fell by half a percent", 0.5, "percent"),
        ("3.5 per cent of GDP", 3.5, "percent"),
        ("rates rose 2.5 percentage points", 2.5, "percentage points"),
    ],
)
def test_percentages(nlp: Language, text: str, value: float, unit: str) -> None:
    f = one(nlp, text)
    assert (f.kind, f.value, f.unit) == ("percent", pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Ukraine's mobilisation potential is no more than 1.5 million people.", 1.5e6, "people"),
        ("Moscow massed 20,000 troops at the border.", 20000, "troops"),
        ("Kyiv received 300 tanks this spring.", 300, "tanks"),
        ("some 2 million refugees returned", 2e6, "refugees"),
        ("They freed 150 Ukrainian prisoners.", 150, "prisoners"),
    ],
)
def test_counts(nlp: Language, text: str, value: float, unit: str) -> None:
    f = one(nlp, text)
    assert (f.kind, f.value, f.unit) == ("count", pytest.approx(value), unit)


@pytest.mark.parametrize(
    "text",
    [
        "In 2003, Khodorkovsky appointed him.",
        "the largest enterprise in Russia in the 1990s",
        "They met on 12 February 2025 and again on 2025-03-11.",
        "Article 5 of the NATO treaty applies.",
        "the 3rd round and the first 100 days",
        "for 80 years since World War II",
        "a 40-second commercial and 24-hour monitoring",
        "the nearly three-year war",
        "two recent interviews and three years of policy",
        "Resolution 2202 was adopted.",
        "He may come in May.",
    ],
)
def test_not_figures(nlp: Language, text: str) -> None:
    assert figs(nlp, text) == []


def test_several_figures_keep_order_and_do_not_overlap(nlp: Language) -> None:
    text = "The EU pledged €50bn, the US $61 billion, and 54 percent approved; 20,000 troops left."
    found = figs(nlp, text)
    assert [f.text for f in found] == ["€50bn", "$61 billion", "54 percent", "20,000 troops"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


MAGNITUDE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}


@settings(max_examples=60, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999),
    frac=st.one_of(st.none(), st.integers(min_value=1, max_value=9)),
    magnitude=st.sampled_from(sorted(MAGNITUDE_WORDS)),
    symbol=st.sampled_from(sorted(SYMBOLS)),
)
def test_property_money_value_is_number_times_magnitude(
    whole: int, frac: int | None, magnitude: str, symbol: str
) -> None:
    """Any "<sym><number> <magnitude>" normalises to number × magnitude in the right currency."""
    number = f"{whole}.{frac}" if frac is not None else str(whole)
    text = f"The fund holds {symbol}{number} {magnitude} in reserves."
    (f,) = extract_figures(load_pipeline()(text))
    assert f.text == f"{symbol}{number} {magnitude}"
    assert f.unit == SYMBOLS[symbol]
    assert f.value == pytest.approx(float(number) * MAGNITUDE_WORDS[magnitude])


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=1000, max_value=9_999_999))
def test_property_grouped_counts_parse_exactly(n: int) -> None:
    """Comma-grouped counts ("1,234,567 soldiers") keep their exact value, never a year."""
    text = f"Officials said {n:,} soldiers were deployed."
    (f,) = extract_figures(load_pipeline()(text))
    assert (f.kind, f.value, f.unit) == ("count", float(n), "soldiers")
