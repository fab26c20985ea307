"""Position rules of the seventeenth round, each written on a statement of the development set
the extractor missed: reservations about a thing refuse it; judging "any plans to deploy
peacekeepers" judges the deployment; Ukraine's "NATO ambitions" and "NATO bid" and "NATO
enlargement" name NATO membership; "future agreements" name the peace deal; and the
EU's foreign-policy chief, the US defense secretary and two Russian foreign-ministry officials
speak for their principals. Three inversions of the spent test20 gave three more: a clause judged
by its copula ("surrendering Donetsk would be illegal") takes the judgment; what one would do
only "before" something else is not offered yet; backing away from a demand of another party
refuses nothing. Its false statements gave three more: insisting "on Ukraine surrendering"
Donetsk is a demand on Ukraine, never Ukraine's offer; "any peace plan must include guarantees"
states the guarantees, not the plan; a charge ("accused Russia of rejecting the ceasefire") is no
one's position. The lexicon gained "territorial claims", "territorial demands", "territorial
compromise" and "territorial losses" (not "the territorial issue", whose resolving leans neither
way).

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_rules7 import triples


def test_reservations_about_a_thing_refuse_it() -> None:
    assert ("trump", "direct_talks", "refuses") in triples(
        "Trump expressed reservations about a summit with Putin.")
    # a forecast is no position: optimism states none
    assert not triples("Trump expressed optimism about the talks in Geneva.")


def test_judging_plans_to_deploy_judges_the_deployment() -> None:
    assert ("russia", "security_guarantees", "refuses") in triples(
        "Lavrov said any plans to deploy European peacekeepers to Ukraine were unacceptable.")
    # a deal's purpose is still what the deal is for, not the thing judged
    assert ("russia", "security_guarantees", "refuses") in triples(
        "Lavrov said the deployment of European peacekeepers is unacceptable.")


def test_nato_ambitions_bids_and_renunciation_name_membership() -> None:
    assert ("zelensky", "nato_membership", "offers") in triples(
        "Zelensky offered to drop Ukraine's NATO bid in exchange for security guarantees.")
    assert ("russia", "nato_membership", "refuses") in triples(
        "Moscow opposes any further NATO enlargement.")
    assert ("zelensky", "nato_membership", "offers") in triples(
        "Zelensky said he was ready to abandon Ukraine's NATO aspirations.")


def test_future_agreements_name_the_peace_deal() -> None:
    assert ("putin", "peace_plan", "offers") in triples(
        "Putin said that largely we agree that this can be laid as the foundation for future "
        "agreements.")


def test_new_officials_speak_for_their_principals() -> None:
    assert ("eu", "peace_plan", "refuses") in triples(
        "Kaja Kallas rejected the 28-point plan.")
    assert ("united_states", "nato_membership", "refuses") in triples(
        "Hegseth ruled out Ukraine's membership in NATO.")
    found = triples("Foreign Ministry spokeswoman Maria Zakharova rejected the ceasefire proposal.")
    assert any(a in ("russia", "russian_mfa") and i == "ceasefire" and d == "refuses"
               for a, i, d in found)


def test_a_clause_judged_illegal_or_unacceptable_is_refused() -> None:
    assert ("zelensky", "territory", "refuses") in triples(
        "Zelensky said that surrendering the rest of Donetsk would be illegal.")
    assert ("zelensky", "territory", "refuses") in triples(
        "Zelensky said that ceding Donbas would be unacceptable.")
    assert ("zelensky", "territory", "offers") not in triples(
        "Zelensky said that ceding Donbas would be unconstitutional.")


def test_what_one_would_do_only_before_or_after_something_is_not_offered_yet() -> None:
    found = triples("Zelensky demanded real security guarantees before considering any "
                    "negotiations with Putin.")
    assert ("zelensky", "direct_talks", "offers") not in found
    assert ("russia", "ceasefire", "offers") not in triples(
        "Russia demanded a withdrawal of Ukrainian troops before agreeing to a ceasefire.")
    assert ("zelensky", "ceasefire", "offers") in triples(
        "Zelensky agreed to a ceasefire before the talks.")


def test_backing_away_from_what_another_party_was_to_do_refuses_nothing() -> None:
    found = triples("Trump backed away from his earlier suggestion that Ukraine should accept "
                    "the peace plan by Thanksgiving.")
    assert ("trump", "peace_plan", "refuses") not in found
    assert ("trump", "ceasefire", "refuses") in triples(
        "Trump moved away from his insistence on a ceasefire.")


def test_insisting_on_another_party_giving_up_land_is_a_demand_on_it() -> None:
    for text in ("Putin insists on Ukraine surrendering the rest of Donetsk.",
                 "Putin insisted on Ukraine ceding Donetsk."):
        found = triples(text)
        assert ("putin", "territory", "demands") in found, text
        assert not any(d == "offers" for _, i, d in found if i == "territory"), text


def test_a_deal_that_must_include_terms_frames_them() -> None:
    found = triples("Zelensky insists that any peace plan must include concrete security "
                    "guarantees.")
    assert ("zelensky", "security_guarantees", "demands") in found
    assert not any(i == "peace_plan" for _, i, _ in found)


def test_a_charge_is_no_ones_position() -> None:
    assert not triples("Zelensky accused Russia of rejecting the ceasefire.")
    assert not triples("Zelensky blamed Moscow for blocking the peace talks.")
    assert ("zelensky", "ceasefire", "wants") in triples(
        "Zelensky condemned the strikes and called for a ceasefire.")


def test_territorial_claims_and_losses_name_territory() -> None:
    assert ("ukraine", "territory", "refuses") in triples(
        "Ukraine rejected Russia's territorial claims.")
    assert ("trump", "territory", "demands") in triples(
        "Trump suggested that Ukraine might need to accept territorial losses.")


def test_backing_away_is_no_support_and_not_backing_away_keeps_the_stance() -> None:
    # found on test22 after its one scoring: "back" is a cue of support, but "back away",
    # "back down" and "back off" are retreats; and a retreat denied is no refusal
    assert ("russia", "territory", "refuses") not in triples(
        "Moscow is not backing away from its core demands or territorial claims.")
    assert not any(d == "wants" for _, _, d in triples(
        "Moscow is backing away from its territorial claims."))
    assert ("eu", "ceasefire", "wants") in triples("The EU backed the ceasefire proposal.")
    assert ("trump", "ceasefire", "refuses") in triples(
        "Trump backed away from his insistence on a ceasefire.")
