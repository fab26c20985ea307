"""Dates: absolute and relative expressions resolved against the publication date, with
precision; "may"/"Mr May" never dates; no anchor → value None. Real spaCy parses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from accord.extract.dates import WEEKDAYS, extract_dates
from accord.extract.nlp import load_pipeline
from accord.extract.types import DateMention

MONDAY_1_DEC_2025 = date(2025, 12, 1)


def dates(
    nlp: Language, text: str, published: date | None = MONDAY_1_DEC_2025
) -> list[DateMention]:
    out = extract_dates(nlp(text), published)
    for d in out:
        assert text[d.start : d.end] == d.text
    return out


def one(nlp: Language, text: str, published: date | None = MONDAY_1_DEC_2025) -> DateMention:
    found = dates(nlp, text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "value", "precision"),
    [
        ("Trump called Putin on February 12, 2025.", "February 12, 2025", date(2025, 2, 12), "day"),
        ("They spoke on 12 February 2025.", "12 February 2025", date(2025, 2, 12), "day"),
        ("The memo is dated 2025-02-12.", "2025-02-12", date(2025, 2, 12), "day"),
        ("Monday, 1 December 2025", "Monday, 1 December 2025", date(2025, 12, 1), "day"),
        ("As of February 2026, bonds rallied.", "February 2026", date(2026, 2, 1), "month"),
        ("In 2003, Khodorkovsky appointed him.", "In 2003", date(2003, 1, 1), "year"),
        ("lows seen in late 2024", "late 2024", date(2024, 1, 1), "year"),
        ("the largest firm in the 1990s", "the 1990s", date(1990, 1, 1), "decade"),
        ("On the 12th of March 2022 they met.", "12th of March 2022", date(2022, 3, 12), "day"),
    ],
)
def test_absolute_dates(
    nlp: Language, text: str, surface: str, value: date, precision: str
) -> None:
    d = one(nlp, text)
    assert (d.text, d.value, d.precision, d.relative) == (surface, value, precision, False)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        # Article dated Monday 1 December 2025.
        ("Putin will meet Trump's envoys this Tuesday.", date(2025, 12, 2), "day"),
        ("Last year, examples became outrageous.", date(2024, 1, 1), "year"),
        ("This week, a meeting is expected.", date(2025, 12, 1), "week"),
        ("Lavrov spoke last week.", date(2025, 11, 24), "week"),
        ("They will meet next month.", date(2026, 1, 1), "month"),
        ("Prices rose this month.", date(2025, 12, 1), "month"),
        ("He said so three days ago.", date(2025, 11, 28), "day"),
        ("The envoy arrived yesterday.", date(2025, 11, 30), "day"),
        ("The ministers met last Friday.", date(2025, 11, 28), "day"),
        ("The ministers will meet next Friday.", date(2025, 12, 5), "day"),
        ("Officials met on Thursday.", date(2025, 11, 27), "day"),
        ("Officials will meet on Thursday.", date(2025, 12, 4), "day"),
        ("Talks resume on Dec. 15.", date(2025, 12, 15), "day"),
        ("They met on Feb. 12.", date(2025, 2, 12), "day"),
        ("A deal could come in February.", date(2026, 2, 1), "month"),
        ("The two leaders spoke in February.", date(2025, 2, 1), "month"),
        ("Another round is planned for mid-December.", date(2025, 12, 1), "month"),
    ],
)
def test_relative_dates(nlp: Language, text: str, value: date, precision: str) -> None:
    d = one(nlp, text)
    assert (d.value, d.precision, d.relative) == (value, precision, True)


@pytest.mark.parametrize(
    "text",
    [
        "Putin will meet the envoys this Tuesday.",
        "Last year was hard.",
        "They spoke in February.",
        "Talks resume on Dec. 15.",
        "The envoy arrived yesterday.",
    ],
)
def test_relative_dates_without_publication_date_have_no_value(nlp: Language, text: str) -> None:
    d = one(nlp, text, published=None)
    assert d.relative and d.value is None


@pytest.mark.parametrize(
    "text",
    [
        "Russia may accept the deal, he said.",
        "Mr May said the talks were over.",
        "Theresa May met the president.",
        "Can today's Putin accept such an order?",
        "Yesterday's life is gone.",
        "for 80 years since World War II",
        "They march on the capital.",
        "Article 5 applies.",
    ],
)
def test_not_dates(nlp: Language, text: str) -> None:
    assert dates(nlp, text) == []


def test_may_with_context_is_a_month(nlp: Language) -> None:
    assert [d.value for d in dates(nlp, "The deal was signed in May.")] == [date(2025, 5, 1)]
    assert [d.value for d in dates(nlp, "They met on 9 May 2025.")] == [date(2025, 5, 9)]


@settings(max_examples=50, deadline=None)
@given(
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    weekday=st.sampled_from(sorted(WEEKDAYS)),
)
def test_property_weekday_resolution(published: date, weekday: str) -> None:
    """"this <day>" stays in the publication week; "last <day>" is 1–7 days before; "next
    <day>" 1–7 days after; the weekday always matches."""
    nlp = load_pipeline()
    text = f"They met last {weekday}. They meet this {weekday}. They will meet next {weekday}."
    last, this, nxt = extract_dates(nlp(text), published)
    monday = published - timedelta(days=published.weekday())
    assert this.value is not None and monday <= this.value < monday + timedelta(days=7)
    assert last.value is not None and 1 <= (published - last.value).days <= 7
    assert nxt.value is not None and 1 <= (nxt.value - published).days <= 7
    for d in (last, this, nxt):
        assert d.value is not None and d.value.weekday() == WEEKDAYS[weekday]


@settings(max_examples=40, deadline=None)
@given(published=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_property_last_and_next_year(published: date) -> None:
    nlp = load_pipeline()
    last, nxt = extract_dates(nlp("Last year was bad. Next year will be better."), published)
    assert (last.value, last.precision) == (date(published.year - 1, 1, 1), "year")
    assert (nxt.value, nxt.precision) == (date(published.year + 1, 1, 1), "year")


# -- year-less dates: tense and proximity against the publication date ----------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the case: a past trip inside a future sentence, article of 3 December 2025
        ("Witkoff will travel to Moscow next week, after his previous trip on August 6.",
         date(2025, 8, 6)),
        ("Putin met Witkoff on December 20.", date(2024, 12, 20)),  # past: not still to come
        ("Putin will meet Witkoff on August 6.", date(2026, 8, 6)),  # future: the next one
        ("The next round on January 15 was announced on Monday.", date(2026, 1, 15)),
        ("Talks have continued since August 6.", date(2025, 8, 6)),
        ("Dmitriev arrived in Miami on December 2.", date(2025, 12, 2)),
    ],
)
def test_yearless_dates_past_and_future_clauses(nlp: Language, text: str, value: date) -> None:
    found = [d for d in dates(nlp, text, date(2025, 12, 3)) if d.precision == "day"]
    assert found[0].value == value  # the month-day date comes first
