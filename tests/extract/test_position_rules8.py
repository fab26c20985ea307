"""Position rules of the eighth round: hopes and expectations about another party; doubts;
"calls for X to …" and "pressure X into …ing" frames (the pressed party never offers); a
document's "calls for"; a coordinated verb's shared subject; speaking about an issue without a
stand on it; "impossible to …"; a relative clause's own antecedent; wanting and demanding one
thing in one sentence are one statement; a party's announced meeting; the terms a party says a
deal still to be made would have; "threats" after "or else"; "European leaders"; a summed-up
demand answered by a participle's agent; "X said Y should …"; deadlines; backing what another
party is to receive.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full
from tests.extract.test_position_rules7 import triples


def test_a_hope_about_another_party_is_the_hopers_want_never_the_others_offer() -> None:
    found = triples("Trump expressed hope that Putin would agree to a ceasefire.")
    assert ("trump", "ceasefire", "demands") in found
    assert not any(a == "putin" for a, _, _ in found)
    found = triples("The Kremlin hopes that Kyiv will support the new round of direct talks.")
    assert ("russia", "direct_talks", "demands") in found
    assert ("ukraine", "direct_talks", "offers") not in found


def test_a_doubt_about_another_party_is_nobodys_statement() -> None:
    assert triples("Diplomats doubt Putin will accept the security guarantees.") == set()


def test_calling_for_another_party_to_act_is_a_demand_of_it() -> None:
    rows = full("Zelensky called for Russia to withdraw its troops from Ukrainian territory.")
    assert ("ukraine", "territory", "offers") not in {(a, i, d) for a, i, d, _, _ in rows}
    assert not any(a == "russia" for a, _, _, _, _ in rows)


def test_a_plan_calling_for_a_party_to_cede_is_the_plans_content() -> None:
    found = triples("Washington's plan reportedly calls for Ukraine to cede the entire Donbas "
                    "region.")
    assert not any(i == "territory" for _, i, _ in found)


def test_a_coordinated_demand_verb_takes_its_heads_subject() -> None:
    rows = full("Russia occupies about a fifth of Ukraine and demands Ukraine cede the rest of "
                "Donetsk.")
    assert ("russia", "territory", "demands", "ukraine") in {
        (a, i, d, t) for a, i, d, t, _ in rows}
    assert ("ukraine", "territory", "offers") not in {(a, i, d) for a, i, d, _, _ in rows}


def test_pressing_a_party_into_an_act_is_a_demand_and_not_pressing_refuses() -> None:
    rows = full("The White House tried to pressure Kyiv into ceding territory to Russia.")
    assert ("united_states", "territory", "demands", "ukraine") in {
        (a, i, d, t) for a, i, d, t, _ in rows}
    found = triples("Rubio said that the United States will not pressure Ukraine into ceding "
                    "territory to Russia.")
    assert ("united_states", "territory", "refuses") in found
    assert not any(d == "offers" for _, _, d in found)


def test_speaking_about_an_issue_is_no_stand_on_it() -> None:
    assert triples("Peskov declined to comment on the ceasefire proposal.") == set()
    assert triples("Peskov refused to elaborate on the negotiations with Ukraine.") == set()
    assert triples("Trump gave an assessment of the security guarantees.") == set()


def test_a_silence_coordinated_with_a_proposal_is_not_proposed() -> None:
    found = triples("Putin proposed direct negotiations with Ukraine, but remained silent on "
                    "a 30-day ceasefire.")
    assert ("putin", "direct_talks", "offers") in found
    assert not any(i == "ceasefire" for _, i, _ in found)


def test_impossible_to_cede_refuses_the_cession() -> None:
    found = triples("Zelensky noted that Ukraine's Constitution makes it impossible to cede "
                    "territory.")
    assert not any(d == "offers" for _, _, d in found)
    assert any(i == "territory" and d == "refuses" for _, i, d in found)


def test_a_relative_clause_belongs_to_its_antecedent_not_the_speaker() -> None:
    found = triples('Zelensky said that he would not repeat "mistakes of predecessors" who '
                    "allowed Russia to seize territory.")
    assert ("zelensky", "territory", "offers") not in found


def test_wanting_and_demanding_one_issue_in_one_sentence_is_one_statement() -> None:
    rows = full("Trump expected that Putin would agree to Trump's proposal for a ceasefire.")
    mine = [r for r in rows if r[0] == "trump" and r[1] == "ceasefire"]
    assert len(mine) == 1


def test_a_demand_in_a_participle_clause_takes_the_governing_subject() -> None:
    rows = full("Russia went into the summit demanding that Ukraine give up territory.")
    assert ("russia", "territory", "demands", "ukraine") in {
        (a, i, d, t) for a, i, d, t, _ in rows}
    assert ("ukraine", "territory", "offers") not in {(a, i, d) for a, i, d, _, _ in rows}


def test_a_plan_requiring_a_party_to_act_is_the_plans_content() -> None:
    found = triples("Zelensky voiced concern that Trump might negotiate a deal requiring Ukraine "
                    "to cede territory.")
    assert not any(i == "territory" for _, i, _ in found)


def test_a_threatened_consequence_is_not_demanded() -> None:
    found = triples("Peskov said: “He must negotiate immediately, or else he will lose more "
                    "territory every day.”")
    assert not any(i == "territory" for _, i, _ in found)


def test_what_a_party_says_a_deal_to_be_made_must_contain_is_its_demand() -> None:
    rows = full("Trump said the final peace agreement would involve land concessions on both "
                "sides.")
    assert ("trump", "territory", "demands") in {(a, i, d) for a, i, d, _, _ in rows}
    rows = full("Trump said a potential deal would involve Ukraine giving up some of its "
                "territory.")
    assert ("trump", "territory", "demands", "ukraine") in {
        (a, i, d, t) for a, i, d, t, _ in rows}


def test_an_existing_plans_content_said_by_a_party_is_not_its_demand() -> None:
    found = triples("Zelensky said the plan would require Ukraine to cede territory.")
    assert not any(i == "territory" for _, i, _ in found)


def test_european_leaders_are_the_eu() -> None:
    found = triples("The European leaders supported the idea of a ceasefire.")
    assert ("eu", "ceasefire", "wants") in found


def test_a_demand_summed_up_and_rejected_is_the_rejecters_refusal() -> None:
    found = triples("Putin wants Ukraine to withdraw its forces from the Donetsk region, a demand "
                    "rejected by Kyiv.")
    assert ("ukraine", "territory", "refuses") in found
    found = triples("Russia aims to retain the Ukrainian territories it has seized, a demand "
                    "that Kyiv has refused to entertain.")
    assert ("ukraine", "territory", "refuses") in found
    assert ("russia", "territory", "wants") in found


def test_what_another_party_should_do_is_a_demand_and_ones_own_side_an_offer() -> None:
    rows = full("Trump stated that Ukraine should agree to a peace deal with Russia.")
    assert ("trump", "peace_plan", "demands", "ukraine") in {
        (a, i, d, t) for a, i, d, t, _ in rows}
    assert ("ukraine", "peace_plan", "offers") not in {(a, i, d) for a, i, d, _, _ in rows}
    rows = full("Ukraine should agree to a peace deal, Zelensky said.")
    assert {(a, i, d, t) for a, i, d, t, _ in rows} == {
        ("zelensky", "peace_plan", "offers", None)}


def test_a_deadline_for_another_party_to_act_is_a_demand_of_it() -> None:
    rows = full("Donald Trump has set a deadline of November 27 for Kyiv to accept the plan.")
    assert {(a, i, d, t) for a, i, d, t, _ in rows} == {
        ("trump", "peace_plan", "demands", "ukraine")}


def test_backing_what_another_party_is_to_receive_offers_it() -> None:
    assert ("united_states", "security_guarantees", "offers") in triples(
        "The United States backed the concept of binding security guarantees for Ukraine.")
    assert ("putin", "security_guarantees", "offers") in triples(
        "Trump said Putin agreed to accept security guarantees for Ukraine.")
    assert ("zelensky", "security_guarantees", "wants") in triples(
        "Zelensky wants security guarantees for Ukraine.")
    assert ("eu", "security_guarantees", "wants") in triples(
        "European Union leaders issued a statement urging security guarantees for Kyiv.")


def test_a_ceasefire_agreement_is_a_ceasefire() -> None:
    assert ("zelensky", "ceasefire", "wants") in triples(
        "Zelensky has repeatedly called for the establishment of an energy ceasefire agreement.")
    assert ("russia", "ceasefire", "offers") in triples(
        "Russia once agreed to an energy ceasefire agreement in March last year.")


def test_imposing_sanctions_refuses_their_relief() -> None:
    assert ("united_states", "sanctions_relief", "refuses") in triples(
        "The US Treasury Department imposed sanctions against Rosneft and Lukoil.")


def test_more_verbs_of_the_lexicon() -> None:
    assert ("putin", "ceasefire", "refuses") in triples(
        "Putin shot down a 30-day ceasefire the U.S. had pitched.")
    assert ("united_states", "ceasefire", "wants") in triples(
        "Putin shot down a 30-day ceasefire the U.S. had pitched.")
    assert ("ukraine", "ceasefire", "offers") in triples(
        "Zelensky said that Ukraine would respect the partial ceasefire immediately.")


def test_it_is_time_for_another_party_to_act_is_a_demand_of_it() -> None:
    rows = full("Trump said earlier it was time for Ukraine to hold an election.")
    assert {(a, i, d, t) for a, i, d, t, _ in rows} == {
        ("trump", "elections", "demands", "ukraine")}
    assert ("trump", "ceasefire", "demands") in triples(
        "Trump emphasized that it is time for Russia and Ukraine to finish this war.")
    assert triples("Trump said it was not time for Ukraine to hold an election.") == set()
