"""Event merging does not depend on the order the reports come in: the same clusters, the same
merged events, for every permutation (hypothesis over generated reports, and the real events
of the talks dev split shuffled)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.extract.talks_gold import extracted, gold

from accord.extract.event_merge import merge_events

DAY = dt.date(2025, 12, 1)


def clusters(rows: Sequence[Mapping[str, Any]], window_days: int = 1) -> list[list[Any]]:
    """Each merged event as its members' ids, in output order."""
    return [[m["id"] for m in e.members] for e in merge_events(rows, window_days=window_days)]


def test_a_report_naming_no_place_joins_the_same_place_whatever_the_order() -> None:
    """Moscow and Miami on one day with the same people, and a report naming neither: it
    joins one of them (the place reported first), and which one never depends on the order
    (it joined whichever pair was tried first)."""
    base = {"plover": "CONSULT", "participants": ["putin", "witkoff"], "date": "2025-12-02",
            "text": "Putin met Witkoff."}
    rows = [dict(base, id="a", article_id=1, place="Miami", published="2025-12-03"),
            dict(base, id="b", article_id=2, place=None, published="2025-12-03"),
            dict(base, id="c", article_id=3, place="Moscow", published="2025-12-02")]
    expected = [["c", "b"], ["a"]]
    for order in ([0, 1, 2], [1, 0, 2], [1, 2, 0], [2, 1, 0], [0, 2, 1], [2, 0, 1]):
        got = sorted(clusters([rows[i] for i in order]), key=len, reverse=True)
        assert got == expected, order
    # Two pairs to Miami outweigh one to Moscow.
    rows.append(dict(base, id="d", article_id=4, place=None, published="2025-12-03"))
    rows.append(dict(base, id="e", article_id=0, place="Miami", published="2025-12-03"))
    assert sorted(map(sorted, clusters(rows))) == [["a", "b", "d", "e"], ["c"]]


def test_an_undated_report_joins_every_equally_close_dated_one() -> None:
    """Two dated reports sharing no participant are joined by an undated one that shares two
    with each, published the day after both (it joined only the first one tried)."""
    base = {"plover": "CONSULT", "text": "They met.", "date": "2025-12-02", "place": "Moscow"}
    rows = [dict(base, id="x", article_id=1, participants=["putin", "witkoff"]),
            dict(base, id="y", article_id=2, participants=["kushner", "umerov"]),
            dict(base, id="u", article_id=3, date=None, place=None, published="2025-12-03",
                 participants=["putin", "witkoff", "kushner", "umerov"])]
    assert sorted(map(sorted, clusters(rows, window_days=0))) == [["u", "x", "y"]]
    assert sorted(map(sorted, clusters(rows[:2], window_days=0))) == [["x"], ["y"]]


PLACES = st.sampled_from([None, None, "Moscow", "the Kremlin", "Kremlin", "Miami", "Abu Dhabi"])
PEOPLE = ["putin", "witkoff", "kushner", "umerov", "zelensky"]


@st.composite
def reports(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(0, 14))
    rows = []
    for i in range(n):
        date = draw(st.one_of(st.none(), st.integers(0, 5)))
        rows.append({
            "id": i,
            "article_id": draw(st.integers(1, 6)),
            "start": draw(st.integers(0, 3)) * 100 + i,  # one offset per report
            "plover": draw(st.sampled_from(["CONSULT", "CONSULT", "MEET"])),
            "participants": draw(st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True)),
            "date": None if date is None else DAY + dt.timedelta(days=date),
            "published": DAY + dt.timedelta(days=draw(st.integers(0, 6))),
            "place": draw(PLACES),
            "text": "report",
        })
    return rows


@settings(max_examples=300, deadline=None)
@given(rows=reports(), window=st.integers(0, 2), data=st.data())
def test_any_permutation_gives_the_same_merged_events(
    rows: list[dict[str, Any]], window: int, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(rows))
    first = merge_events(rows, window_days=window)
    again = merge_events(shuffled, window_days=window)
    assert [[m["id"] for m in e.members] for e in first] == [
        [m["id"] for m in e.members] for e in again]
    assert [e.to_dict() for e in first] == [e.to_dict() for e in again]
    assert sorted(m["id"] for e in first for m in e.members) == [r["id"] for r in rows]


def test_the_dev_events_merge_the_same_in_any_order() -> None:
    """The events extracted from the talks dev split (real articles), in 20 shuffled orders."""
    rows: list[dict[str, Any]] = []
    for name in gold("dev"):
        _, art = extracted("dev", name)
        rows += [{"id": len(rows) + k, "plover": e.plover, "date": e.date, "place": e.place,
                  "participants": list(e.participants), "article_id": name,
                  "published": art.published, "text": e.text, "start": e.start}
                 for k, e in enumerate(art.events)]
    assert len(rows) > 100 and sum(r["date"] is not None for r in rows) > 10
    for window in (0, 1, 2):
        expected = clusters(rows, window)
        assert any(len(c) > 1 for c in expected)
        for seed in range(20):
            shuffled = list(rows)
            random.Random(seed).shuffle(shuffled)
            assert clusters(shuffled, window) == expected, (window, seed)
