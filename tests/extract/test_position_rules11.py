"""Position rules of the eleventh round: a party's own effort to end the war seeks it ("Trump's
push to end the war", "intensified his efforts to …", "pursuing diplomatic efforts to …"),
while a third party's word on someone's efforts does not make them the speaker's; a demonym
on an ally noun names the bloc ("its European allies"); "Europe" is the EU; a "he said" after
a quote continues the previous sentence's named subject, not the last name in it; "the
priority is X" and "X is our priority"; "the necessity for X"; "the ceasefire initiative" is a
ceasefire, proposed; "out of the question" and "off the table" refuse; surrender, recognise
(offers), resistant (refuses); backing another's demand "for Ukraine to …" is a demand of
Ukraine; arranging or scheduling a meeting seeks it, a timetable ("is scheduled for") does not;
"dialogue is necessary"; what talks are about ("negotiations over a maritime ceasefire") is not
agreed; "ceasefire violations" are no ceasefire; a stance inside "concerns that …" is a guess;
"they" continues a state or bloc named as subject; "there should be X"; consent (offers);
"described it as a positive step"; a negation does not reach a coordinated predicate with its own
auxiliaries; "the war must end" and "wants the war to end" name the ceasefire; issue phrases
added to the lexicon (security commitments, sending troops, Ukraine's security; make a deal,
future agreement; three-way meeting, diplomacy with Russia; durable peace, peaceful resolution,
halt strikes).

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_rules7 import triples
from tests.extract.test_position_rules10 import rows


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


def test_the_priority_copula_wants_the_issue() -> None:
    assert ("zelensky", "security_guarantees", "wants") in triples(
        'Zelensky spoke on Monday. "The priority is security guarantees for Ukraine," he said.')
    assert ("zelensky", "ceasefire", "wants") in triples(
        "Zelensky said a ceasefire is our first priority.")


def test_the_necessity_for_an_issue_is_wanted() -> None:
    assert ("zelensky", "security_guarantees", "wants") in triples(
        "Zelensky highlighted the necessity for robust guarantees against any Russian attack.")


def test_support_for_a_ceasefire_initiative_wants_a_ceasefire() -> None:
    assert ("scholz", "ceasefire", "wants") in triples(
        "German Chancellor Olaf Scholz expressed support for the ceasefire initiative.")


def test_out_of_the_question_and_off_the_table_refuse() -> None:
    found = triples("Zelensky said that conceding any territory is out of the question.")
    assert ("zelensky", "territory", "refuses") in found
    assert not any(d == "offers" for _, _, d in found)
    assert ("zelensky", "territory", "refuses") in triples(
        "Zelensky said territorial concessions are off the table.")
    assert ("zelensky", "nato_membership", "offers") in triples(
        "Zelensky said NATO membership is not off the table.")


def test_surrender_recognise_and_resistant_are_cues() -> None:
    assert ("ukraine", "territory", "refuses") in triples(
        "Zelensky reiterated that Ukraine cannot legally or morally surrender territory.")
    assert ("zelensky", "territory", "refuses") in triples(
        "Zelensky has reiterated that he will not recognize the occupied territories as Russian.")
    assert ("ukraine", "territory", "refuses") in triples(
        "But Ukraine has been resistant to the idea of ceding any territory.")


def test_backing_anothers_demand_for_a_party_to_act_is_a_demand_of_it() -> None:
    found = rows("Trump shocked the world by backing Putin's demand for Ukraine to surrender "
                 "Donetsk and Luhansk.")
    assert ("trump", "territory", "demands", "ukraine") in found
    assert not any(a == "trump" and d == "offers" for a, _, d, _ in found)


def test_arranging_a_meeting_seeks_it_a_timetable_does_not() -> None:
    assert ("trump", "direct_talks", "wants") in triples(
        "Trump said he has begun arranging a meeting between Putin and Zelensky.")
    assert not triples("The next round of negotiations is scheduled for February 1, Rubio said.")
    assert not any(a == "zelensky" for a, _, _ in triples(
        "Merz is hosting the negotiations, with Zelensky scheduled to meet him before the "
        "evening sessions."))


def test_a_necessary_issue_is_wanted() -> None:
    assert ("zelensky", "direct_talks", "wants") in triples(
        "Zelensky responded cautiously, emphasizing that dialogue is necessary.")


def test_the_topic_of_talks_is_not_what_is_agreed() -> None:
    found = triples("Trump and Putin agreed to hold negotiations over a maritime ceasefire.")
    assert not any(i == "ceasefire" for _, i, _ in found)
    found = triples("Zelensky has called for a meeting with Putin to negotiate directly over a "
                    "ceasefire.")
    assert not any(i == "ceasefire" for _, i, _ in found)


def test_ceasefire_violations_are_no_ceasefire() -> None:
    assert not triples('"Our troops should be ready to repel possible ceasefire violations," '
                       "Putin said.")


def test_a_stance_inside_concerns_that_is_a_guess() -> None:
    found = triples("It was convened amid growing concerns that Trump may be ready to ease "
                    "sanctions.")
    assert not any(i == "sanctions_relief" for _, i, _ in found)


def test_they_continues_a_state_named_as_subject() -> None:
    assert ("russia", "territory", "wants") in triples(
        "The Kremlin has hardened its line. They are demanding control over the entire Donbas "
        "region.")
    found = triples("Putin spoke on Monday. They are demanding control over the Donbas region.")
    assert not any(a == "putin" for a, _, _ in found)


def test_there_should_be_an_issue_is_wanted() -> None:
    assert ("zelensky", "ceasefire", "wants") in triples(
        "Zelensky said that if there is a need for elections now, there should be a ceasefire.")


def test_consent_offers() -> None:
    assert ("zelensky", "ceasefire", "offers") in triples(
        "Zelensky consented to an absolute ceasefire beginning May 12.")


def test_described_as_a_positive_step_offers() -> None:
    assert ("zelensky", "ceasefire", "offers") in triples(
        'Zelensky described the ceasefire proposal as a "positive step".')


def test_a_negation_does_not_reach_a_predicate_with_its_own_auxiliaries() -> None:
    found = triples("Kellogg clarified that he had never suggested such an arrangement and had "
                    "been speaking about a post-ceasefire resiliency force.")
    assert not any(d == "refuses" for _, _, d in found)


def test_the_war_ending_as_subject_names_the_ceasefire() -> None:
    assert ("trump", "ceasefire", "wants") in triples("Trump said he wants the war to end.")
    found = rows("Trump said the war must end.")
    assert any(a == "trump" and i == "ceasefire" and d in ("wants", "demands")
               for a, i, d, _ in found)


def test_new_issue_phrases_of_the_eleventh_round() -> None:
    assert ("united_states", "security_guarantees", "refuses") in triples(
        "The United States has ruled out sending troops.")
    assert ("russia", "security_guarantees", "offers") in triples(
        "Putin said Russia was prepared to ensure Ukraine's security as part of peace efforts.")
    assert ("russia", "peace_plan", "offers") in triples(
        '"We are ready to reach a deal," Lavrov said.')  # "we": the speaker's side
    assert ("macron", "direct_talks", "wants") in triples(
        "Macron floated the idea of a quadrilateral meeting that also involves the European "
        "side.")
    assert ("russia", "ceasefire", "wants") in triples(
        'Putin said Russia wants "a peaceful resolution of the Ukraine crisis."')
    assert ("putin", "ceasefire", "offers") in triples(
        "Putin agreed to halt strikes on Ukraine's energy infrastructure.")
