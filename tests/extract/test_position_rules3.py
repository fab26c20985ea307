"""Position rules of the third round: issue words, what a party receives, obligations reported
by others, questions, purposes, hypotheses and superseded stances.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full


def triples(text: str) -> set[tuple[str | None, str, str]]:
    return {(a, i, d) for a, i, d, _, _ in full(text)}


def test_peace_is_an_end_of_the_war_but_not_inside_a_peace_process_or_deal() -> None:
    assert ("trump", "ceasefire", "wants") in triples("Trump said he wants peace in Ukraine.")
    found = triples("Trump wants to speed up the peace process.")
    assert not any(i == "ceasefire" for _, i, _ in found)
    found = triples("Russia is ready to discuss a peace settlement.")
    assert not any(i == "ceasefire" for _, i, _ in found)


def test_peace_set_against_a_ceasefire_is_not_a_wanted_ceasefire() -> None:
    found = triples("Peskov said Russia wants peace, not a ceasefire.")
    assert not any(i == "ceasefire" and d == "wants" for _, i, d in found)
    assert {("russia", "ceasefire", "refuses"), ("putin", "ceasefire", "refuses")} & found


def test_accepting_guarantees_wants_them() -> None:
    found = triples("Zelensky is willing to accept security guarantees from the United States.")
    assert ("zelensky", "security_guarantees", "wants") in found
    assert not any(d == "offers" and i == "security_guarantees" for _, i, d in found)


def test_what_a_party_gets_in_exchange_is_wanted() -> None:
    found = triples("Zelensky signalled willingness to forgo NATO membership in exchange for "
                    "security guarantees.")
    assert ("zelensky", "security_guarantees", "wants") in found
    assert not any(d == "offers" and i == "security_guarantees" for _, i, d in found)


def test_an_only_if_conjunct_is_the_outer_subjects_condition() -> None:
    found = full("Zelensky would consider a demilitarized zone, but only if Europe and the "
                 "United States provide security guarantees.")
    assert any(a == "zelensky" and i == "security_guarantees" and d == "demands"
               and s == "red_line" for a, i, d, _, s in found)
    assert not any(a in ("united_states", "eu") for a, *_ in found)


def test_a_reported_need_to_is_the_reporters_demand_on_its_subject() -> None:
    found = full("Peskov said that Ukraine needs to withdraw its troops from Donbas.")
    assert any(a in ("russia", "putin") and i == "territory" and d == "demands" and t == "ukraine"
               for a, i, d, t, _ in found)
    assert not any(a == "ukraine" for a, *_ in found)


def test_the_writers_need_to_is_nobodys_position() -> None:
    assert not full("Ukraine needs to give up Donbas.")


def test_a_question_states_no_position() -> None:
    assert not full("What kind of territorial concessions can Ukraine agree to?")
    assert not full("Zelensky did not agree on what would happen to the Donbas region.")


def test_a_purpose_is_not_what_is_offered_or_sought() -> None:
    found = triples("The Russians agreed to a ceasefire in order to hold a referendum on "
                    "territorial concessions.")
    assert not any(i == "territory" for _, i, _ in found)
    found = triples("Washington continues to push for a deal to end the war.")
    assert not any(i == "ceasefire" for _, i, _ in found)
    found = triples("Trump will meet Putin in Alaska for talks aimed at ending the war.")
    assert not any(i == "ceasefire" for _, i, _ in found)


def test_considering_something_to_be_part_of_another_offers_nothing() -> None:
    found = triples("Zelensky said: we consider EU accession to be part of security guarantees.")
    assert not any(d == "offers" for _, _, d in found)


def test_a_denied_fact_is_no_refusal() -> None:
    assert not full("Umerov denied he played any role in approving the peace plan.")


def test_refusing_what_does_not_give_x_wants_x() -> None:
    found = triples("Ushakov dismissed any settlement that does not place the Donbas under "
                    "Russian control.")
    assert not any(d == "refuses" for _, _, d in found)
    assert any(i == "territory" and d == "wants" for _, i, d in found)


def test_a_superseded_stance_is_not_held() -> None:
    found = triples("The Russians, who had previously opposed a ceasefire, now agree that talks "
                    "can continue.")
    assert not any(i == "ceasefire" and d == "refuses" for _, i, d in found)


def test_a_stance_inside_a_plain_if_clause_is_a_supposition() -> None:
    found = triples("Peskov said that if the idea is to demand a ceasefire, it will not work.")
    assert not any(i == "ceasefire" and d == "wants" for _, i, d in found)


def test_welcoming_another_sides_plan_accepts_it() -> None:
    assert ("putin", "peace_plan", "offers") in triples("Putin welcomed the US peace plan.")
    assert ("trump", "peace_plan", "wants") in triples("Trump welcomed the peace plan.")


def test_new_issue_words_and_support() -> None:
    assert {("france", "security_guarantees", "wants"), ("macron", "security_guarantees", "wants")
            } & triples("Macron supported the idea of a reassurance force.")
    found = triples("The Kremlin did not rule out a demilitarized zone in Donetsk.")
    assert {("russia", "territory", "offers"), ("putin", "territory", "offers")} & found


def test_a_territory_said_to_belong_to_a_party_is_the_speakers_claim() -> None:
    found = triples("Ushakov said all of Donbass belongs to Russia.")
    assert any(i == "territory" and d == "wants" for _, i, d in found)
    assert not any(a in ("ukraine", "zelensky") for a, _, _ in found)
    assert not full("The Kremlin claims the plan fails to address its concerns.")


def test_little_willingness_is_a_refusal_and_our_openness_an_offer() -> None:
    found = triples("Russia has shown little willingness to enter into trilateral talks.")
    assert ("russia", "direct_talks", "refuses") in found
    found = triples("Peskov said: we maintain our openness to peace negotiations.")
    assert {("russia", "direct_talks", "offers"), ("putin", "direct_talks", "offers")} & found


def test_criticising_the_plan_refuses_it() -> None:
    assert ("ukraine", "peace_plan", "refuses") in triples(
        "Ukraine sharply criticized the US peace plan.")


def test_the_proposers_own_plan_is_wanted_not_offered() -> None:
    found = triples("Trump approved the peace plan.")
    assert ("trump", "peace_plan", "wants") in found
    assert not any(d == "offers" for _, _, d in found)


def test_an_issue_on_another_partys_terms_is_not_the_issue_itself() -> None:
    found = triples("Russia is not seeking peace on Ukraine's terms.")
    assert not any(i == "ceasefire" for _, i, _ in found)


def test_welcoming_the_possibility_of_talks_is_openness() -> None:
    found = triples("The Kremlin welcomed the possibility of talks with Ukraine.")
    assert {("russia", "direct_talks", "offers"), ("putin", "direct_talks", "offers")} & found
    assert not any(d == "wants" for _, _, d in found)


def test_a_relative_clause_belongs_to_its_antecedent_not_to_its_conjuncts() -> None:
    found = triples("Analysts fear that Trump, who wants a ceasefire by Christmas, and Putin "
                    "could meet soon.")
    assert not any(a == "putin" for a, _, _ in found)


def test_a_relative_that_after_a_matched_issue_is_not_a_second_reading() -> None:
    found = triples("Putin went through the US proposals that the Kremlin had received.")
    assert not any(a == "united_states" for a, _, _ in found)


def test_a_belief_about_another_partys_mind_is_no_position() -> None:
    found = triples("The delegation believed that Putin showed a genuine desire for peace.")
    assert not any(a == "putin" for a, _, _ in found)


def test_a_partys_proposal_for_the_issue_under_anothers_refusal_is_its_want() -> None:
    found = triples("The Kremlin has flatly rejected Ukrainian proposals for a ceasefire.")
    assert ("ukraine", "ceasefire", "wants") in found
    assert ("russia", "ceasefire", "refuses") in found


def test_not_acceptable_without_x_wants_x() -> None:
    found = triples("Zelensky said the plan is not acceptable without firm guarantees.")
    assert ("zelensky", "security_guarantees", "wants") in found
    assert ("zelensky", "peace_plan", "refuses") in found


def test_a_threatened_loss_is_no_demand() -> None:
    found = triples("The Kremlin urged Zelensky to begin negotiations now or face losing more "
                    "territory.")
    assert not any(i == "territory" for _, i, _ in found)


def test_a_negated_pullback_refuses_the_territory() -> None:
    found = full("Zelensky said Ukraine will not withdraw from Donetsk.")
    assert any(a in ("ukraine", "zelensky") and i == "territory" and d == "refuses"
               for a, i, d, _, _ in found)
    assert not any(d == "offers" for _, _, d, _, _ in found)


def test_a_proposed_issue_from_a_party_is_its_want() -> None:
    found = triples("Trump and Putin discussed a proposed ceasefire from Ukraine.")
    assert ("ukraine", "ceasefire", "wants") in found
    assert not any(a in ("trump", "putin") for a, _, _ in found)


def test_there_will_be_said_by_a_party_is_its_want_and_the_writers_is_nobodys() -> None:
    assert ("trump", "territory", "wants") in triples(
        "Trump said there will be some swapping of territories.")
    assert not full("There will be a ceasefire soon.")


def test_a_negated_future_issue_verb_refuses_it_even_under_a_condition() -> None:
    assert ("ukraine", "nato_membership", "refuses") in triples("Ukraine will not join NATO.")
    assert ("trump", "direct_talks", "refuses") in triples(
        "Trump said he would not meet Putin unless there was a clear purpose.")


def test_it_is_important_that_y_provides_x_is_the_speakers_demand_on_y() -> None:
    found = full("“It is important that America agrees to provide security guarantees for "
                 "Ukraine,” Zelensky said.")
    assert ("zelensky", "security_guarantees", "demands", "united_states", "demand") in found
    assert not any(a == "united_states" for a, *_ in found)


def test_a_voiced_desire_in_a_relative_clause_is_the_antecedents() -> None:
    # the parser hangs the infinitives from "expressed", not from "desires"
    found = triples("Trump met Zelensky, who has long expressed desires to join NATO or to "
                    "receive security guarantees.")
    assert ("zelensky", "security_guarantees", "wants") in found
    assert ("zelensky", "nato_membership", "wants") in found
