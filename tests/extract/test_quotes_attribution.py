"""Quote attribution on outside-style text: quote marks, cue verbs, labels, sources at the end
of a sentence, speakers named in a lead paragraph, titles and scare quotes, the head of the
speaker's noun phrase, addressees and pronouns (sentences written for these tests)."""

from __future__ import annotations

import functools

import pytest

from accord.extract.actors import ActorRegistry, ActorResolver
from accord.extract.nlp import load_pipeline
from accord.extract.quotes import extract_quotes
from accord.extract.types import Quote


@functools.lru_cache(maxsize=1)
def resolver() -> ActorResolver:
    return ActorResolver(ActorRegistry.default())


def direct(text: str) -> list[Quote]:
    doc = load_pipeline()(text)
    found = extract_quotes(doc, resolver().resolve(doc), resolver().registry)
    return [q for q in found if q.kind == "direct"]


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.actor_id) for q in direct(text)]


def test_two_apostrophes_are_quotation_marks() -> None:
    text = "''We will not give up our land,'' Zelensky said on Sunday in Kyiv."
    assert speakers(text) == [("We will not give up our land", "zelensky")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The talks were a triumph for everyone,” Witkoff gushed after the meeting.", "witkoff"),
        ("“This proposal is simply outrageous,” Lavrov fumed on Thursday.", "lavrov"),
        ("“We hold all the cards here,” Trump quipped to reporters.", "trump"),
        ("“Nothing at all was agreed today,” Peskov insisted.", "peskov"),
        ("“We made some mistakes in March,” Rubio conceded.", "rubio"),
        ("Zelensky implored the European leaders: “Do not abandon us now.”", "zelensky"),
        ("“Maybe the meeting will be next week,” Dmitriev shrugged.", "dmitriev"),
    ],
)
def test_verbs_of_speaking_in_a_manner_attribute_the_quote(text: str, speaker: str) -> None:
    assert [actor for _, actor in speakers(text)] == [speaker]


def test_name_and_outlet_label_gives_the_speaker() -> None:
    (quote,) = direct(
        "Fyodor Lukyanov, Russia in Global Affairs: “The window for a deal is closing.”"
    )
    assert quote.speaker_text is not None and "Lukyanov" in quote.speaker_text
    assert quote.actor_id is None


def test_according_to_at_the_end_of_the_sentence_names_the_source() -> None:
    text = "The envoy’s visit was “a real step toward peace,” according to Ushakov."
    assert speakers(text) == [("a real step toward peace", "ushakov")]


def test_speaker_in_the_lead_paragraph_ending_with_a_colon() -> None:
    text = (
        "Peskov told reporters on Tuesday:\n\n“There is no date for a summit yet. Work goes on.”\n"
    )
    assert [actor for _, actor in speakers(text)] == ["peskov"]


def test_list_of_statements_takes_the_person_of_the_briefing() -> None:
    text = (
        "The main topics of a briefing by Kremlin spokesman Dmitry Peskov on Monday.\n"
        "About the talks\n"
        '- The next round "will depend on how Kyiv behaves in the coming days."\n'
        '- On sanctions: "We have learned to live with them for many years."\n'
    )
    assert [actor for _, actor in speakers(text)] == ["peskov", "peskov"]


@pytest.mark.parametrize(
    "text",
    [
        "Rubio told NBC’s “Meet the Press” on Sunday that talks would continue next week.",
        "Lavrov’s new book “Diplomacy in Our Time” was presented in Moscow on Friday.",
        "Officials called the plan “constructive” and a “first step” on Monday evening.",
        "TRUMP VOWS “TOTAL PEACE IN UKRAINE WITHIN WEEKS”\nThe president spoke on Monday.",
        "A delegation of ANO “Russia - the Land of Opportunities” visited Riyadh on Tuesday.",
    ],
)
def test_titles_scare_quotes_and_capital_headlines_are_not_quotes(text: str) -> None:
    assert direct(text) == []


def test_a_short_scare_quote_after_a_quote_does_not_continue_it() -> None:
    text = (
        "“We are ready to talk at any time,” Peskov said. The “peace dividend” was not discussed."
    )
    assert speakers(text) == [("We are ready to talk at any time", "peskov")]


def test_a_registry_name_inside_the_speakers_noun_phrase_is_not_the_speaker() -> None:
    (daily,) = direct("“The deal is dead in the water,” the influential US daily wrote on Monday.")
    assert daily.actor_id is None and "daily" in (daily.speaker_text or "")
    (son,) = direct("“My father wants peace more than anyone,” Donald Trump’s son said.")
    assert son.actor_id != "trump"


def test_a_spokesman_speaks_for_the_organisation_that_modifies_him() -> None:
    (quote,) = direct("“The door to talks remains open,” a Kremlin spokesman said on Monday.")
    assert quote.actor_id is not None


def test_the_named_envoy_in_apposition_is_the_speaker() -> None:
    text = (
        "Donald Trump’s special envoy, Steve Witkoff, told CNN that “the border will be discussed.”"
    )
    assert speakers(text) == [("the border will be discussed.", "witkoff")]


def test_quoted_as_saying_gives_the_person_not_the_outlet() -> None:
    text = "“We never set any deadline for the talks,” TASS quoted Peskov as saying."
    assert [actor for _, actor in speakers(text)] == ["peskov"]


def test_the_addressee_of_an_interview_is_not_the_pronouns_antecedent() -> None:
    text = (
        "“We will see what Moscow does next,” Rubio told ABC co-anchor Martha Raddatz.\n"
        "“It all depends on the Russians now,” he added.\n"
    )
    assert [actor for _, actor in speakers(text)] == ["rubio", "rubio"]


def test_a_pronoun_goes_to_the_nearer_person_outside_the_registry() -> None:
    text = (
        "Putin met the analyst Fyodor Lukyanov in Moscow on Monday. "
        "Afterwards Lukyanov spoke to reporters outside the Kremlin. "
        "“The mood in the room has changed,” he said."
    )
    (quote,) = direct(text)
    assert quote.actor_id is None and quote.speaker_text == "he"
