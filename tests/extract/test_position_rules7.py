"""Position rules of the seventh round: a proposal's content and its owner; what a party
proposes on a mutual issue (a ceasefire, talks) is its want; a proposal that is only the vehicle
of another issue; a person's state named by a possessive ("his country"); a title parsed apart
from its name; persons added to the registry.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full


def triples(text: str) -> set[tuple[str | None, str, str]]:
    return {(a, i, d) for a, i, d, _, _ in full(text)}


def test_refusing_a_proposal_refuses_its_content_and_the_owner_wants_it() -> None:
    found = triples("Zelensky on Monday dismissed a Russian proposal to hand over the rest of "
                    "the territory in the east.")
    assert ("zelensky", "territory", "refuses") in found
    assert ("russia", "territory", "wants") in found
    assert ("zelensky", "territory", "offers") not in found


def test_a_proposal_of_a_mutual_issue_is_the_proposers_want() -> None:
    found = triples("Kyiv said it would accept a U.S. proposal for a 30-day ceasefire.")
    assert ("united_states", "ceasefire", "wants") in found
    assert ("united_states", "ceasefire", "offers") not in found
    assert ("ukraine", "ceasefire", "offers") in found


def test_a_proposal_for_another_issue_is_not_the_peace_plan() -> None:
    found = triples("Ukraine agreed to accept a U.S. proposal for the introduction of a "
                    "ceasefire.")
    assert ("ukraine", "ceasefire", "offers") in found
    assert not any(i == "peace_plan" for _, i, _ in found)


def test_a_proposal_for_peace_is_still_the_plan() -> None:
    found = triples("Putin said that US proposals for peace in Ukraine were acceptable.")
    assert ("putin", "peace_plan", "offers") in found


def test_his_country_is_the_speakers_state() -> None:
    found = triples("Vladimir Medinsky said that his country is ready to begin negotiations "
                    "with Ukraine.")
    assert ("russia", "direct_talks", "offers") in found


def test_a_title_parsed_apart_from_its_name_still_names_the_holder() -> None:
    found = triples("Macron, Scholz and the UK's prime minister Keir Starmer welcomed the "
                    "progress made towards a ceasefire.")
    assert {("macron", "ceasefire", "wants"), ("scholz", "ceasefire", "wants"),
            ("starmer", "ceasefire", "wants")} <= found


def test_the_two_are_the_pair_just_named() -> None:
    found = triples("Trump called Putin on Wednesday, which surprised Ukraine. The two agreed "
                    "to start negotiations.")
    assert {("trump", "direct_talks", "offers"), ("putin", "direct_talks", "offers")} <= found
    assert not any(a == "ukraine" for a, _, _ in found)


def test_the_parties_are_the_two_sides_named_before() -> None:
    found = triples("Russian and Ukrainian negotiators met in Istanbul on Friday. The parties "
                    "agreed to prepare written proposals on a possible ceasefire.")
    assert {("russia", "ceasefire", "offers"), ("ukraine", "ceasefire", "offers")} <= found


def test_both_sides_as_the_object_of_a_demand_hold_nothing() -> None:
    found = triples("Trump said both sides will need to cede land.")
    assert not any(a in ("russia", "ukraine") for a, _, _ in found)
