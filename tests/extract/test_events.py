"""Events: PLOVER types from the trigger lexicon, participants / place / date from the
dependency parse. Real spaCy, the real packaged actor registry and resolver."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from accord.errors import InputError
from accord.extract.actors import ActorResolver
from accord.extract.dates import extract_dates
from accord.extract.events import PLOVER_TYPES, EventExtractor, TriggerLexicon
from accord.extract.nlp import load_pipeline
from accord.extract.registry import ActorRegistry
from accord.extract.types import Event

PUBLISHED = date(2025, 12, 1)


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(ActorRegistry.default(), when=PUBLISHED)


def events(nlp: Language, resolver: ActorResolver, text: str) -> list[Event]:
    doc = nlp(text)
    out = EventExtractor.default()(doc, resolver.resolve(doc), extract_dates(doc, PUBLISHED))
    for e in out:
        assert e.trigger_start is not None
        assert text[e.trigger_start : e.trigger_start + len(e.trigger)] == e.trigger
        assert text[e.start : e.end] == e.text
    return out


def by_trigger(found: list[Event], trigger: str) -> Event:
    match = [e for e in found if e.trigger == trigger]
    assert len(match) == 1, found
    return match[0]


def test_phone_call_with_date_and_both_parties(nlp: Language, resolver: ActorResolver) -> None:
    text = (
        "President Vladimir Putin has reportedly agreed to enter talks with the United States "
        "immediately following a phone call with US President Donald Trump on February 12, 2025."
    )
    found = events(nlp, resolver, text)
    call = by_trigger(found, "call")
    assert call.plover == "CONSULT"
    assert set(call.participants) == {"putin", "trump"}
    assert call.date == date(2025, 2, 12) and call.date_text == "February 12, 2025"
    talks = by_trigger(found, "talks")
    assert set(talks.participants) == {"putin", "united_states"}
    assert talks.date is None  # the date belongs to the call, not to the talks
    assert by_trigger(found, "agreed").plover == "AGREE"


def test_visit_place_and_relative_date(nlp: Language, resolver: ActorResolver) -> None:
    text = "Steve Witkoff and Jared Kushner will meet Vladimir Putin in Moscow this Tuesday."
    meet = by_trigger(events(nlp, resolver, text), "meet")
    assert meet.plover == "CONSULT"
    assert set(meet.participants) == {"witkoff", "kushner", "putin"}
    assert meet.place == "Moscow"
    assert meet.date == date(2025, 12, 2)


def test_relative_clause_subject(nlp: Language, resolver: ActorResolver) -> None:
    text = "Putin, who met envoy Steve Witkoff in Moscow this month, gave him a portrait."
    met = by_trigger(events(nlp, resolver, text), "met")
    assert set(met.participants) == {"putin", "witkoff"}
    assert met.place == "Moscow"


def test_noun_trigger_with_light_verb_and_controlled_subject(
    nlp: Language, resolver: ActorResolver
) -> None:
    text = "Russian and American officials are scheduled to meet in Saudi Arabia on Monday."
    meet = by_trigger(events(nlp, resolver, text), "meet")
    assert {"russia", "united_states"} <= set(meet.participants)
    assert meet.place == "Saudi Arabia"
    assert meet.date == date(2025, 12, 1)


def test_sanctions_and_rejections(nlp: Language, resolver: ActorResolver) -> None:
    found = events(nlp, resolver, "The U.S. Treasury Department sanctioned Kirill Dmitriev.")
    sanction = by_trigger(found, "sanctioned")
    assert sanction.plover == "SANCTION"
    assert "dmitriev" in sanction.participants
    found = events(nlp, resolver, "Dmitry Peskov rejected Volodymyr Zelensky's proposal.")
    assert by_trigger(found, "rejected").plover == "REJECT"
    assert set(by_trigger(found, "rejected").participants) >= {"peskov", "zelensky"}
    assert by_trigger(found, "proposal").participants == ["zelensky"]


def test_refusal_is_the_event_not_the_refused_action(
    nlp: Language, resolver: ActorResolver
) -> None:
    found = events(nlp, resolver, "Washington refused to discuss the matter with Putin.")
    assert [e.plover for e in found] == ["REJECT"]
    assert set(found[0].participants) >= {"putin"}


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Minister Lavrov does not attend the talks.",
        "Can Putin accept such a deal?",
        "The Witkoff negotiation enterprise is failing.",
        "Trump wants a peace deal.",
        "A ceasefire would help everyone.",
        "Putin talked about the weather.",
    ],
)
def test_not_events(nlp: Language, resolver: ActorResolver, text: str) -> None:
    assert events(nlp, resolver, text) == []


def test_unresolved_participants_keep_their_text(nlp: Language, resolver: ActorResolver) -> None:
    found = events(nlp, resolver, "Putin met Maria Zakharova-Blunt in Minsk.")
    met = by_trigger(found, "met")
    assert "putin" in met.participants
    assert any("Zakharova" in t for t in met.participant_texts)


def test_packaged_lexicon_uses_only_plover_types() -> None:
    lex = TriggerLexicon.default()
    assert lex.verbs and lex.nouns
    assert {t.plover for t in [*lex.verbs.values(), *lex.nouns.values()]} <= PLOVER_TYPES


def test_lexicon_errors_name_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "triggers.yaml"
    bad.write_text("verbs:\n  meet: {type: GREET}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        TriggerLexicon.load(bad)
    assert str(err.value).startswith(f"{bad}: verbs.meet: unknown PLOVER type 'GREET'")
    broken = tmp_path / "broken.yaml"
    broken.write_text("verbs: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        TriggerLexicon.load(broken)
    assert f"{broken}:2" in str(err.value)


def test_custom_lexicon_changes_types(nlp: Language, resolver: ActorResolver) -> None:
    lex = TriggerLexicon.from_mapping({"verbs": {"meet": {"type": "COOPERATE"}}})
    doc = nlp("Putin met Witkoff in Moscow.")
    (event,) = EventExtractor(lex)(doc, resolver.resolve(doc), [])
    assert (event.plover, event.place) == ("COOPERATE", "Moscow")


def test_text_outside_the_seeds(nlp: Language, resolver: ActorResolver) -> None:
    """A wire-style paragraph: dateline, past-tense weekday, sanctions, threats, negation."""
    text = (
        "GENEVA, March 3 (Reuters) - Ukrainian officials met US envoy Steve Witkoff in Jeddah on "
        "Tuesday. The European Union announced new sanctions on Russian banks, and Moscow "
        "threatened to retaliate. Dmitry Peskov said Putin had no plans to talk with Zelensky."
    )
    doc = nlp(text)
    dates = extract_dates(doc, date(2025, 3, 3))
    found = EventExtractor.default()(doc, resolver.resolve(doc), dates)
    met = by_trigger(found, "met")
    assert {"ukraine", "witkoff"} <= set(met.participants)
    assert (met.place, met.date) == ("Jeddah", date(2025, 2, 25))  # the Tuesday before Monday 3rd
    assert by_trigger(found, "sanctions").plover == "SANCTION"
    assert by_trigger(found, "threatened").participants == ["russia"]
    assert not [e for e in found if e.trigger == "talk"]  # "no plans to talk"


def test_event_dates_keep_their_precision() -> None:
    """"in 2022" dates an event to the year, not to 1 January (and the digest says 2022)."""
    from datetime import date

    from accord.extract.digest import _at_precision
    from accord.extract.pipeline import Extractor

    art = next(iter(Extractor(load_pipeline()).extract(
        [("The U.S. Treasury sanctioned Kirill Dmitriev in 2022.", date(2025, 3, 1))]
    )))
    (event,) = [e for e in art.events if e.plover == "SANCTION"]
    assert event.date == date(2022, 1, 1) and event.date_precision == "year"
    assert _at_precision(event.date, event.date_precision) == "2022"


def test_a_plan_is_a_topic_not_an_event(nlp: Language, resolver: ActorResolver) -> None:
    text = ("Trump's 28-point plan would require Ukraine to cede territory. "
            "Trump said the US plan was not his final offer.")
    assert not [e for e in events(nlp, resolver, text) if e.trigger in ("plan", "offer")]
