"""Position rules of the twelfth round: abandoning a call for X refuses X; "is against X";
an absolute "with the plan requiring …" clause describes, it is not what is sought; "the
US-proposed ceasefire" is the proposer's want (but a plan's own proposer is not restated);
"Trump's commitment to …"; "announced plans for a meeting"; "doubt about Putin's readiness" is
a guess; a yes/no question states nothing; denying a claim refuses nothing.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_rules7 import triples


def test_abandoning_a_call_refuses_what_it_called_for() -> None:
    found = triples("After meeting Putin, Trump abandoned his call for an immediate ceasefire.")
    assert ("trump", "ceasefire", "refuses") in found
    assert ("trump", "ceasefire", "wants") not in found


def test_dropping_a_bid_in_exchange_refuses_nothing_received() -> None:
    found = triples("Zelensky said Ukraine could drop its NATO bid in exchange for security "
                    "guarantees.")
    assert not any(i == "security_guarantees" and d == "refuses" for _, i, d in found)


def test_being_against_an_issue_refuses_it() -> None:
    assert ("russia", "security_guarantees", "refuses") in triples(
        "The Kremlin is against securing the region with Western troops, Peskov said.")


def test_an_absolute_with_clause_is_not_what_is_sought() -> None:
    found = triples("But Kyiv has sought changes to a draft, with the 28-point plan requiring "
                    "Ukraine to cede territory.")
    assert not any(i == "peace_plan" and d == "offers" for _, i, d in found)


def test_a_hyphenated_proposer_wants_the_ceasefire() -> None:
    found = triples("Vladimir Putin has rejected the US-proposed ceasefire.")
    assert ("united_states", "ceasefire", "wants") in found
    assert ("putin", "ceasefire", "refuses") in found
    assert not any(a == "united_states" for a, _, _ in triples(
        "Rubio said the US-proposed 28-point peace plan has been shortened."))


def test_a_commitment_is_a_want() -> None:
    assert ("trump", "ceasefire", "wants") in triples(
        "Rubio reaffirmed Trump's commitment to ending the war.")


def test_announced_plans_for_a_meeting_want_it() -> None:
    assert ("macron", "direct_talks", "wants") in triples(
        "Macron announced plans for a bilateral meeting between Putin and Zelenskyy within "
        "days.")


def test_doubt_about_anothers_readiness_is_a_guess() -> None:
    assert not any(a == "putin" for a, _, _ in triples(
        "Merz voiced doubt about Putin's readiness to end the war."))


def test_a_yes_no_question_states_nothing() -> None:
    assert not any(d == "offers" for _, _, d in triples(
        '"Can European military contingents provide security guarantees to Kyiv?" Peskov '
        "asked."))


def test_denying_a_claim_refuses_nothing() -> None:
    assert not triples("Peskov denied Trump's claims about preparations for a new meeting with "
                       "Putin.")


def test_dropping_ones_own_bid_concedes_the_issue() -> None:
    # found after test15 was scored (its two inverted NATO statements): a bid or goal given
    # up is offered, a call given up is refused
    found = triples("Zelensky said Kyiv is prepared to drop its bid to join NATO if the West "
                    "provides binding security guarantees.")
    assert ("ukraine", "nato_membership", "offers") in found
    assert not any(i == "nato_membership" and d == "refuses" for _, i, d in found)
