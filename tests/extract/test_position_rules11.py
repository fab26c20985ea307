"""Position rules of the eleventh round: a party's own effort to end the war seeks it ("Trump's
push to end the war", "intensified his efforts to …", "pursuing diplomatic efforts to …"),
while a third party's word on someone's efforts does not make them the speaker's; a demonym
on an ally noun names the bloc ("its European allies"); "Europe" is the EU; a "he said" after
a quote continues the previous sentence's named subject, not the last name in it.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_rules7 import triples


def test_a_partys_own_push_or_effort_to_end_the_war_seeks_a_ceasefire() -> None:
    assert ("trump", "ceasefire", "wants") in triples(
        "The talks took place amid Trump's push to end the war quickly.")
    assert ("trump", "ceasefire", "wants") in triples(
        "Trump has intensified his efforts to end the war in Ukraine.")
    assert ("united_states", "ceasefire", "wants") in triples(
        "The United States has been pursuing diplomatic efforts to resolve the conflict.")


def test_praise_for_anothers_efforts_is_not_their_statement() -> None:
    found = triples("Putin thanked Trump for his efforts to end the hostilities.")
    assert not any(a == "trump" for a, _, _ in found)


def test_a_demonym_on_an_ally_noun_names_the_bloc() -> None:
    found = triples("Ukraine and several European allies criticized the 28-point U.S. proposal.")
    assert ("eu", "peace_plan", "refuses") in found
    assert ("ukraine", "peace_plan", "refuses") in found


def test_a_possessive_on_an_ally_noun_is_not_the_ally() -> None:
    found = triples("Ukraine's allies rejected the 28-point plan.")
    assert not any(a == "ukraine" for a, _, _ in found)


def test_europe_is_the_eu() -> None:
    assert ("eu", "peace_plan", "refuses") in triples(
        "The 28-point plan drew pushback from Ukraine and Europe.")


def test_a_pronoun_speaker_after_a_quote_continues_the_previous_subject() -> None:
    found = triples("Putin said he was ready to meet Zelensky in a final phase of the talks. "
                    '"I am even ready to meet him, but only in a final phase," he said.')
    assert ("putin", "direct_talks", "offers") in found
    assert not any(a == "zelensky" for a, _, _ in found)
