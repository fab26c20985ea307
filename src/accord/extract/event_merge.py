"""One event reported by several articles becomes one merged event with all its sources.

Two extracted events (from any articles) are the same event when they have the same PLOVER
type, share a participant (registry ids), have dates no more than ``window_days`` apart, and do
not name different places (a place given on one side only is no objection). Undated events are
never merged with each other: without a date, "Putin met Witkoff" in June and in December look
alike; an undated report joins the dated one it shares two participants with, dated just before
its publication. Merging is transitive, every merged event keeps its members, and the result is
the same in whatever order the reports come: all candidate pairs are found first, then the
groups are read off that graph.

Plain data in and out: the rows are the dictionaries of
:func:`accord.store.extract_queries.list_events` (``plover``, ``participants``, ``date``,
``place``, ``article_id``, ``published``, ``outlet``, ``url``, ``text`` …).

>>> a = {"plover": "CONSULT", "participants": ["putin", "witkoff"], "date": "2025-12-02",
...      "place": "Moscow", "article_id": 1, "text": "Putin met Witkoff."}
>>> b = dict(a, participants=["witkoff", "kushner", "putin"], place=None, article_id=2)
>>> c = dict(a, date="2025-08-06", article_id=3)
>>> [(m.date.isoformat(), m.participants, len(m.members)) for m in merge_events([a, b, c])]
[('2025-08-06', ['putin', 'witkoff'], 1), ('2025-12-02', ['kushner', 'putin', 'witkoff'], 2)]
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_WINDOW_DAYS = 1


@dataclass
class MergedEvent:
    """An event with every article that reported it (``members`` are the extracted rows)."""

    plover: str
    date: dt.date | None
    participants: list[str]
    place: str | None
    members: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def sources(self) -> list[dict[str, Any]]:
        """One entry per reporting article: id, publication date, outlet, URL, sentence."""
        seen: dict[Any, dict[str, Any]] = {}
        for m in self.members:
            seen.setdefault(m.get("article_id"), {
                "article_id": m.get("article_id"), "published": m.get("published"),
                "outlet": m.get("outlet"), "url": m.get("url"), "text": m.get("text"),
            })
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON/CSV output."""
        return {
            "plover": self.plover, "date": self.date.isoformat() if self.date else None,
            "participants": self.participants, "place": self.place,
            "n_sources": len(self.sources), "sources": self.sources,
        }


def merge_events(
    rows: Sequence[Mapping[str, Any]], *, window_days: int = DEFAULT_WINDOW_DAYS
) -> list[MergedEvent]:
    """Merge ``rows`` into events (see the module docs), in date order (undated last).

    The result does not depend on the order of ``rows``: every candidate pair is found first
    (the graph), then the groups are read off it — reports that name the same place are joined
    through their pairs, and a group of reports naming no place joins the place it has most
    pairs with (a tie goes to the place reported first: earliest publication, then article).
    Members are listed in publication order.
    """
    keys = [_order_key(r) for r in rows]
    order = sorted(range(len(rows)), key=keys.__getitem__)
    edges = _candidate_pairs(rows, order, window_days)
    place = [_place(r.get("place")) for r in rows]

    # Reports naming a place: joined only with reports naming the same place.
    placed = _Components(len(rows))
    loose = _Components(len(rows))
    for i, j in edges:
        if place[i] is not None and place[j] is not None:
            placed.union(i, j)  # a pair never names two different places (_same)
        elif place[i] is None and place[j] is None:
            loose.union(i, j)
    # A group of reports naming no place joins the place it is paired with most often.
    links: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, j in edges:
        for a, b in ((i, j), (j, i)):
            pb = place[b]
            if place[a] is None and pb is not None:
                links[loose.find(a)][pb].append(b)
    final = _Components(len(rows))
    for i in range(len(rows)):
        final.union(i, placed.find(i) if place[i] is not None else loose.find(i))
    for group, by_place in links.items():
        def weight(p: str, by_place: dict[str, list[int]] = by_place) -> tuple[Any, ...]:
            return (-len(by_place[p]), min(keys[b] for b in by_place[p]), p)

        for b in by_place[min(by_place, key=weight)]:
            final.union(group, b)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in order:
        groups[final.find(i)].append(i)
    merged = [_merged([rows[i] for i in members]) for members in groups.values()]
    first = {id(m): min(keys[i] for i in members) for m, members in
             zip(merged, groups.values(), strict=True)}
    merged.sort(key=lambda m: (m.date is None, m.date or dt.date.min, m.plover, m.participants,
                               first[id(m)]))
    return merged


class _Components:
    """Union–find over ``0..n-1``; the groups it ends with do not depend on the union order."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _candidate_pairs(
    rows: Sequence[Mapping[str, Any]], order: list[int], window_days: int
) -> list[tuple[int, int]]:
    """Every pair of reports that may be one event: dated reports of the same type, sharing a
    participant, within the window and not naming two places; and each undated report with the
    dated ones it shares two participants with, dated at the smallest lag (0 to window + 1
    days) before its publication date (all of them when several are equally close)."""
    dated = sorted((i for i in order if _date(rows[i].get("date")) is not None),
                   key=lambda i: _date(rows[i].get("date")) or dt.date.min)
    days = [(_date(rows[i].get("date")) or dt.date.min).toordinal() for i in dated]
    edges: list[tuple[int, int]] = []
    for a_pos, i in enumerate(dated):
        for b_pos in range(a_pos + 1, bisect.bisect_right(days, days[a_pos] + window_days)):
            j = dated[b_pos]
            if _same(rows[i], rows[j]):
                edges.append((i, j))
    for i in order:
        r = rows[i]
        published = _date(r.get("published"))
        if _date(r.get("date")) is not None or published is None:
            continue
        lo = bisect.bisect_left(days, published.toordinal() - window_days - 1)
        hi = bisect.bisect_right(days, published.toordinal())
        mine = set(r.get("participants") or [])
        best: list[int] = []
        best_lag = 0
        for b_pos in range(lo, hi):
            j = dated[b_pos]
            lag = published.toordinal() - days[b_pos]
            if not (_same(r, rows[j]) and len(mine & set(rows[j].get("participants") or [])) >= 2):
                continue
            if not best or lag < best_lag:
                best, best_lag = [j], lag
            elif lag == best_lag:
                best.append(j)
        edges += [(j, i) for j in best]
    return edges


def _order_key(row: Mapping[str, Any]) -> tuple[str, ...]:
    """A total order on reports from their content alone (publication, article, offset, then
    every other field), so ties are broken the same way whatever order the rows come in; only
    rows equal in every field compare equal, and those are interchangeable."""
    start = row.get("start")
    return (
        str(_date(row.get("published")) or "9999"), str(row.get("article_id")),
        f"{int(start):012d}" if isinstance(start, int) else "",
        *(f"{k}={v!r}" for k, v in sorted(row.items(), key=lambda kv: str(kv[0]))),
    )


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    if a.get("plover") != b.get("plover"):
        return False
    if not set(a.get("participants") or []) & set(b.get("participants") or []):
        return False
    pa, pb = _place(a.get("place")), _place(b.get("place"))
    return pa is None or pb is None or pa == pb


def _merged(members: list[Mapping[str, Any]]) -> MergedEvent:
    dates = Counter(d for m in members if (d := _date(m.get("date"))) is not None)
    places = Counter(p for m in members if (p := m.get("place")))
    participants = sorted({p for m in members for p in (m.get("participants") or [])})
    return MergedEvent(
        plover=str(members[0].get("plover")),
        date=min(dates, key=lambda d: (-dates[d], d)) if dates else None,
        participants=participants,
        # The most frequent place; a tie goes to the first in alphabetical order.
        place=min(places, key=lambda p: (-places[p], p)) if places else None,
        members=members,
    )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _place(value: Any) -> str | None:
    if not value:
        return None
    text = str(value).strip().lower()
    return text[4:] if text.startswith("the ") else text


__all__ = ["DEFAULT_WINDOW_DAYS", "MergedEvent", "merge_events"]
