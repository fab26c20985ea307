"""Reported and nominal positions, conditional red lines, and guesses that are nobody's position.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_positions import positions


def full(text: str) -> set[tuple[str | None, str, str, str | None, str | None]]:
    return {(p.actor_id, p.issue, p.direction, p.target, p.strength) for p in positions(text)}


def test_a_guess_about_another_party_is_not_its_position() -> None:
    found = full("“Moscow probably wants us to give up Crimea,” Zelensky said.")
    assert not any(a == "russia" for a, *_ in found)


def test_a_proposal_that_another_party_withdraws_is_a_demand_on_it() -> None:
    found = full("Washington has suggested that Ukrainian forces withdraw from Donetsk.")
    assert ("united_states", "territory", "demands", "ukraine", "demand") in found
    # agent and patient never swap: neither side offers the land
    assert not any(d == "offers" for _, _, d, _, _ in found)


def test_a_noun_proposal_that_another_party_cedes_is_a_demand_on_it() -> None:
    for text in ("Washington's suggestion that Ukraine cede Donetsk surprised few.",
                 "Washington made a proposal that Ukraine cede Donetsk."):
        found = full(text)
        assert ("united_states", "territory", "demands", "ukraine", "demand") in found, text
        assert not any(a == "ukraine" and d == "offers" for a, _, d, _, _ in found), text


def test_only_if_makes_the_condition_a_red_line_on_the_other_party() -> None:
    found = full("Lavrov said Russia would agree to a truce only if Kyiv gave up Luhansk.")
    assert ("russia", "territory", "demands", "ukraine", "red_line") in found
    # the truce is conditional, not offered; Luhansk is not Russia's to offer
    assert not any(d == "offers" for _, _, d, _, _ in found)


def test_unless_makes_the_condition_a_red_line() -> None:
    found = full("The Kremlin will not accept a ceasefire unless Ukrainian troops leave Kherson.")
    assert ("russia", "territory", "demands", "ukraine", "red_line") in found


def test_a_must_clause_about_the_issue_is_the_reporters_want() -> None:
    found = full("Peskov insisted that any direct talks must take place in private.")
    assert {(a, i, d) for a, i, d, _, _ in found} & {
        ("russia", "direct_talks", "wants"), ("putin", "direct_talks", "wants")}


def test_talks_to_end_the_war_offer_the_talks_not_a_ceasefire() -> None:
    found = {(a, i, d) for a, i, d, _, _ in full(
        "The Kremlin is open to negotiations to end the war.")}
    assert ("russia", "direct_talks", "offers") in found
    assert not any(i == "ceasefire" for _, i, _ in found)


def test_backing_and_endorsing_a_plan_want_it() -> None:
    # the plan is the US proposal (lexicon ``proposed_by``): another side endorsing it accepts it
    assert ("eu", "peace_plan", "offers") in {
        (a, i, d) for a, i, d, _, _ in full("The EU endorsed the peace framework.")}
    assert ("united_states", "peace_plan", "wants") in {
        (a, i, d) for a, i, d, _, _ in full("Washington backed the 20-point plan.")}


def test_would_like_is_a_want() -> None:
    found = {(a, i, d) for a, i, d, _, _ in full(
        "Zelensky said he would like talks with the US to continue.")}
    assert ("zelensky", "direct_talks", "wants") in found


def test_must_be_approved_is_a_demand_not_an_offer() -> None:
    found = full("Zelensky said any territorial concessions must be approved by voters.")
    assert {(a, i, d) for a, i, d, _, _ in found} & {
        ("zelensky", "territory", "wants"), ("zelensky", "territory", "demands")}
    assert not any(d == "offers" for _, _, d, _, _ in found)


def test_only_considering_a_settlement_with_guarantees_requires_them() -> None:
    found = full("Kyiv would only consider a settlement that includes security guarantees.")
    assert ("ukraine", "security_guarantees", "wants", None, "red_line") in found


def test_as_part_of_a_deal_frames_what_is_sought() -> None:
    found = {(a, i, d) for a, i, d, _, _ in full(
        "Ukraine seeks security guarantees as part of a peace deal.")}
    assert ("ukraine", "security_guarantees", "wants") in found
    assert not any(i == "peace_plan" for _, i, _ in found)


def test_ceding_land_to_end_the_fighting_offers_no_ceasefire() -> None:
    found = full("Trump said both sides will have to cede territory to end the fighting.")
    assert not any(i == "ceasefire" for _, i, _, _, _ in found)


def test_the_plans_concessions_are_rejected_not_the_plan() -> None:
    found = {(a, i, d) for a, i, d, _, _ in full(
        "The plan's territorial concessions were rejected by Zelensky.")}
    assert ("zelensky", "territory", "refuses") in found
    assert not any(i == "peace_plan" for _, i, _ in found)


def test_being_expected_to_travel_for_talks_is_no_position() -> None:
    assert full("Umerov is expected to travel to Berlin for peace negotiations.") == set()


def test_approval_through_elections_does_not_seek_elections() -> None:
    found = full("Zelensky stressed that any deal would require approval through elections.")
    assert not any(i == "elections" for _, i, _, _, _ in found)


def test_nothing_offered_by_no_proposal_inside_speech() -> None:
    found = full("Zelensky added that no proposal so far had offered security guarantees.")
    assert not any(d == "offers" for _, _, d, _, _ in found)


def test_evidence_that_suggests_something_is_no_proposal() -> None:
    found = full("The leak suggests that Ukraine must accept the plan. It also suggests that "
                 "Kyiv will cede Donetsk.")
    assert not any(d == "demands" for _, _, d, _, _ in found)


def test_a_participle_with_its_agent_is_the_agents_statement() -> None:
    found = {(a, i, d) for a, i, d, _, _ in full(
        "Zelensky praised the security guarantees offered by Washington.")}
    assert ("united_states", "security_guarantees", "offers") in found


def test_praised_for_proposing_makes_the_praised_party_the_proposer() -> None:
    found = {(a, i, d) for a, i, d, _, _ in full(
        "Merz commended Washington for proposing security guarantees.")}
    assert ("united_states", "security_guarantees", "offers") in found
    assert not any(a == "germany" for a, _, _ in found)


def test_pushback_from_parties_is_their_refusal() -> None:
    found = {(a, i, d) for a, i, d, _, _ in full(
        "The 28-point plan drew pushback from Ukraine and the EU.")}
    assert {("ukraine", "peace_plan", "refuses"), ("eu", "peace_plan", "refuses")} <= found


def test_wanting_to_give_a_guarantee_offers_it() -> None:
    found = {(a, i, d) for a, i, d, _, _ in full(
        "“We want to give Kyiv a security guarantee,” Rubio said.")}
    assert ("rubio", "security_guarantees", "offers") in found or (
        "united_states", "security_guarantees", "offers") in found
    assert not any(d == "wants" for _, _, d in found)


def test_reports_a_party_declines_to_address_are_nobodys_position() -> None:
    found = full("Peskov declined to address reports that Moscow is seeking sanctions relief.")
    assert not any(d == "wants" for _, _, d, _, _ in found)


def test_the_alternative_set_against_a_want_is_refused() -> None:
    for text in ('Peskov said: "We want to work for peace, not a ceasefire."',
                 "The Kremlin wants a lasting settlement rather than a ceasefire."):
        found = {(i, d) for _, i, d, _, _ in full(text)}
        assert ("ceasefire", "refuses") in found, text
        assert ("ceasefire", "wants") not in found, text
    # "not only … but also" rejects nothing
    both = full("Moscow seeks not only a ceasefire but also guarantees.")
    assert ("russia", "ceasefire", "wants") in {(a, i, d) for a, i, d, _, _ in both}


def test_what_a_plan_would_require_of_a_party_is_not_its_offer() -> None:
    for text in ("The plan would require Ukraine to cede territory in the east.",
                 "The deal could involve Ukraine giving up some of its territory."):
        assert not any(a == "ukraine" for a, *_ in full(text)), text


def test_an_obligation_is_a_demand_of_whoever_states_it_never_an_offer() -> None:
    # the writer's summary: nobody's position
    assert not full("Ukraine has to acknowledge the loss of Crimea and give up the Donbas.")
    for text in ("Trump said Ukraine has to give up the Donbas.",
                 "Ukraine needs to cede territory, Trump said."):
        found = full(text)
        assert ("trump", "territory", "demands", "ukraine", "demand") in found, text
        assert not any(a == "ukraine" and d == "offers" for a, _, d, _, _ in found), text


def test_an_offer_made_only_after_a_required_step_is_not_an_offer() -> None:
    found = full("Ushakov said Ukraine must withdraw its troops from the Donbas before Russia "
                 "would consider a ceasefire.")
    assert not any(i == "ceasefire" and d == "offers" for _, i, d, _, _ in found)
    assert any(i == "territory" and d == "demands" and t == "ukraine" for _, i, d, t, _ in found)


def test_a_withdrawal_as_the_only_condition_is_a_red_line_on_the_withdrawing_side() -> None:
    for text in ("Ushakov said a ceasefire can only be implemented after Ukrainian troops "
                 "withdraw from the Donbas.",
                 "The Kremlin said hostilities would end only if Ukrainian forces leave Donetsk."):
        found = full(text)
        assert any(i == "territory" and d == "demands" and t == "ukraine" and s == "red_line"
                   for _, i, d, t, s in found), text
        assert not any(a == "ukraine" for a, *_ in found), text
    # a withdrawal told as an event is nobody's condition
    assert not full("Fighting continued after Ukrainian troops withdrew from Kursk.")


def test_a_sentence_initial_he_continues_the_previous_subject() -> None:
    # the moneycontrol dev article: Zelensky, not the nearer Kushner, welcomed the guarantees
    found = {(a, i, d) for a, i, d, _, _ in full(
        "Zelensky met for a second consecutive day with Trump’s special envoy Steve Witkoff and "
        "the president’s son-in-law Jared Kushner to discuss ways to end the conflict. He "
        "welcomed the new security guarantees offered by Washington.")}
    assert ("zelensky", "security_guarantees", "wants") in found
    assert not any(a in ("kushner", "witkoff") for a, _, _ in found)
