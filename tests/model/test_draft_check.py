"""Model draft, merge and check over plain statements; event merge across articles."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from accord.drafting.check import check_model
from accord.drafting.draft import Statement, draft_model, issue_alias
from accord.errors import InputError
from accord.extract.event_merge import merge_events
from accord.extract.positions import IssueLexicon
from accord.extract.registry import ActorRegistry
from accord.model.io import format_yaml
from accord.model.merge import merge_into
from accord.model.schema import NegotiationModel

REG = ActorRegistry.default()
LEX = IssueLexicon.load(None)


def st(actor: str, issue: str, direction: str, day: int, text: str = "",
       strength: str = "demand") -> Statement:
    text = text or f"{actor} {direction} {issue} on day {day}."
    return Statement(actor, issue, direction, text, 0, len(text), f"a{day}.txt", "0" * 64,
                     dt.date(2025, 12, day), "Outlet", f"https://example.org/{day}", strength)


STATEMENTS = [
    st("putin", "territory", "demands", 1),
    st("peskov", "territory", "offers", 3),           # a spokesman speaks for his side
    st("zelensky", "territory", "refuses", 2, strength="red_line"),
    st("ukraine", "peace_plan", "offers", 4, strength="openness"),
]


def test_draft_places_statements_keeps_the_spread_and_marks_every_number() -> None:
    m = draft_model(STATEMENTS, REG, LEX)
    by = {(p.actor, p.issue): p for p in m.positions}
    russia = by[("russia", "territory")]
    assert russia.position == 75.0  # median of 90 (demands) and 60 (offers)
    assert russia.uncertainty is not None
    assert (russia.uncertainty.low, russia.uncertainty.high) == (60.0, 90.0)
    assert set(russia.proposed or {}) == {"position", "salience"}
    assert len(russia.evidence) == 2 and russia.evidence[0].url == "https://example.org/1"
    ukraine = by[("ukraine", "territory")]
    assert ukraine.position == 10.0 and ukraine.salience == 50.0  # 30 + 10 + 10 (red line)
    assert all(a.proposed and "capability" in a.proposed for a in m.actors)
    assert {i.id for i in m.issues} == {"territory", "peace_plan"}
    NegotiationModel.model_validate(yaml.safe_load(format_yaml(m)))  # round-trips, validates


def test_draft_as_of_uses_only_what_was_published_by_then() -> None:
    m = draft_model(STATEMENTS, REG, LEX, as_of=dt.date(2025, 12, 2))
    assert {(p.actor, p.issue) for p in m.positions} == {("russia", "territory"),
                                                         ("ukraine", "territory")}
    assert m.as_of == dt.date(2025, 12, 2)
    with pytest.raises(InputError, match="no placeable position statements"):
        draft_model(STATEMENTS, REG, LEX, as_of=dt.date(2025, 11, 30))


ANALYST = """\
# my model: judgements are mine
name: analyst
as_of: 2025-12-01
actors:
- {id: ru, capability: 85, registry_id: russia}   # Kremlin and its envoys
- {id: ua, capability: 35, registry_id: ukraine}
issues:
- id: territory
  question: Who controls the occupied land?
positions:
# --- territory ---
- actor: ru
  issue: territory
  position: 30      # my reading, keep it
  salience: 85
- actor: ua
  issue: territory
  position: 50
  salience: 20
  proposed: {position: an earlier draft, salience: an earlier draft}
"""


def test_the_opposite_pole_is_placed_once_not_twice() -> None:
    # Wanting territorial integrity is extracted as refusing territory (Ukraine's land, 10);
    # wanting more sanctions enforcement as refusing relief (10); the words are not read again.
    kyiv = Statement("ukraine", "territory", "refuses", "Kyiv insists on its territorial "
                     "integrity.", 0, 40, "a.txt", "0" * 64, dt.date(2025, 12, 1), None, None,
                     cue="insistence (turned)")
    eu = Statement("eu", "sanctions_relief", "refuses", "The EU called for stronger sanctions "
                   "enforcement.", 0, 50, "b.txt", "0" * 64, dt.date(2025, 12, 1), None, None,
                   cue="called for (more)")
    m = draft_model([kyiv, eu], REG, LEX)
    values = {(p.actor, p.issue): p.position for p in m.positions}
    assert values[("ukraine", "territory")] == 10
    assert values[("eu", "sanctions_relief")] == 10
    # a demand of the opposite pole keeps its direction and is placed at the other end ...
    neutral = Statement("united_states", "nato_membership", "demands", "Washington asks "
                        "Ukraine to commit to neutrality.", 0, 50, "c.txt", "0" * 64,
                        dt.date(2025, 12, 1), None, None, target="ukraine",
                        cue="asks (inverse)")
    assert neutral.inverse
    m = draft_model([neutral], REG, LEX)
    assert m.positions[0].position == 100 - LEX.resolve("nato_membership").place("demands")
    # ... unless the side's own placement already points its way: Russia's demands on NATO
    # are renunciations, of membership or for neutrality alike
    for cue in ("requires (inverse)", "demands"):
        russia = Statement("russia", "nato_membership", "demands", "Moscow requires Ukraine to "
                           "commit to neutrality.", 0, 50, "d.txt", "0" * 64,
                           dt.date(2025, 12, 1), None, None, target="ukraine", cue=cue)
        assert draft_model([russia], REG, LEX).positions[0].position == 5
    # Ukraine's offers on NATO are to drop the bid
    kyiv_offer = Statement("ukraine", "nato_membership", "offers", "Kyiv is ready to drop its "
                           "NATO bid.", 0, 30, "e.txt", "0" * 64, dt.date(2025, 12, 1), None,
                           None)
    assert draft_model([kyiv_offer], REG, LEX).positions[0].position == 25


def test_merge_keeps_analyst_values_and_comments_and_fills_only_flagged() -> None:
    text, report = merge_into(ANALYST, draft_model(STATEMENTS, REG, LEX), "m.yaml",
                              issue_alias=issue_alias(LEX))
    for kept in ("# my model: judgements are mine", "# Kremlin and its envoys",
                 "position: 30      # my reading, keep it", "# --- territory ---",
                 "capability: 85"):
        assert kept in text
    merged = NegotiationModel.model_validate(yaml.safe_load(text))
    by = {(p.actor, p.issue): p for p in merged.positions}
    assert by[("ru", "territory")].position == 30  # the analyst's value wins
    assert by[("ru", "territory")].evidence  # empty evidence is filled from the draft
    assert by[("ua", "territory")].position == 10.0  # flagged (proposed): redrafted
    assert ("ua", "peace_plan") in by  # missing: added, with its issue
    assert "1 flagged replaced" in report and "1 filled with evidence" in report


def test_check_lists_supporting_contradicting_and_unevidenced_positions() -> None:
    model = NegotiationModel.model_validate(yaml.safe_load(ANALYST))
    results = {(r.actor, r.issue): r for r in check_model(model, STATEMENTS, REG, LEX)}
    ru = results[("ru", "territory")]
    # newer than as_of 2025-12-01: day 3 (offers → 60) is 30 points off 30; day 1 is not newer
    assert [f.statement.published.day for f in ru.contradicting] == [3]
    assert not ru.supporting and ru.no_evidence
    ua = results[("ua", "territory")]
    assert [f.value for f in ua.contradicting] == [10.0]  # refuses: 40 points from 50
    tolerant = check_model(model, STATEMENTS, REG, LEX, tolerance=45)
    assert [len(r.supporting) for r in tolerant] == [1, 1]


def test_the_same_event_across_articles_is_merged_with_all_sources() -> None:
    base = {"plover": "CONSULT", "place": "Moscow", "text": "Putin met Witkoff."}
    rows = [
        dict(base, article_id=1, participants=["putin", "witkoff"], date="2025-12-02",
             published="2025-12-03", outlet="A", url="https://a.org/1"),
        dict(base, article_id=2, participants=["witkoff", "kushner", "putin"], date="2025-12-02",
             place=None, published="2025-12-03", outlet="B", url="https://b.org/2"),
        dict(base, article_id=3, participants=["putin", "kushner"], date=None, place=None,
             published="2025-12-03", outlet="C", url="https://c.org/3"),  # undated, next day
        dict(base, article_id=4, participants=["putin", "witkoff"], date="2025-12-02",
             place="Miami", published="2025-12-03"),                      # another place
        dict(base, article_id=5, participants=["putin", "witkoff"], date="2025-08-06",
             published="2025-12-03"),                                     # another date
        dict(base, plover="ACCUSE", article_id=6, participants=["putin"], date="2025-12-02"),
    ]
    merged = merge_events(rows)
    moscow = next(m for m in merged if m.plover == "CONSULT" and m.place == "Moscow"
                  and m.date == dt.date(2025, 12, 2))
    assert [s["article_id"] for s in moscow.sources] == [1, 2, 3]
    assert moscow.participants == ["kushner", "putin", "witkoff"]
    assert len(moscow.members) == 3
    assert len(merged) == 4
