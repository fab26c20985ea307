"""Position rules of the sixth round: a second statement in one sentence, read from a relative
clause whose cue takes the issue (or a position noun set beside the clause naming it) as its
object; pressure on a party to accept something as the pressing party's demand.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full


def triples(text: str) -> set[tuple[str | None, str, str]]:
    return {(a, i, d) for a, i, d, _, _ in full(text)}


def test_a_relative_clause_on_the_issue_states_its_subjects_position() -> None:
    found = triples("Zelensky criticised the ceasefire that Trump has demanded for months.")
    assert ("trump", "ceasefire", "wants") in found
    assert ("zelensky", "ceasefire", "refuses") in found


def test_a_negated_relative_clause_flips_the_direction() -> None:
    found = triples("Lavrov spoke about the security guarantees that Moscow does not accept.")
    assert ("russia", "security_guarantees", "refuses") in found


def test_a_position_noun_beside_the_clause_takes_up_its_issue() -> None:
    for text, mark in (("Putin has called for Ukraine to cede the whole territory, a demand "
                        "that Ukraine has resisted.", ","),
                       ("Putin insisted that Ukraine give up its territory in Donbas – an "
                        "ultimatum that Ukraine has rejected.", "–")):
        found = triples(text)
        assert ("ukraine", "territory", "refuses") in found, mark
        assert ("putin", "territory", "demands") in found, mark


def test_a_position_noun_after_two_issues_is_left_alone() -> None:
    # which of the two the noun takes up is not said
    found = triples("Putin demanded that Ukraine cede Donbas and drop its bid for NATO "
                    "membership, a demand that Ukraine has resisted.")
    assert not any(a == "ukraine" and d == "refuses" for a, _, d in found)


def test_a_judging_relative_clause_reads_its_judgment() -> None:
    found = triples("Washington presented a peace plan, which Zelensky considered too "
                    "favorable to Moscow.")
    assert ("zelensky", "peace_plan", "refuses") in found
    assert ("zelensky", "peace_plan", "offers") not in found


def test_a_relative_clause_after_a_comma_states_its_cue() -> None:
    found = triples("Kyiv described the truce, which Moscow rejected as a trick.")
    assert ("russia", "ceasefire", "refuses") in found


def test_pressure_on_a_party_to_accept_is_the_pressing_partys_demand() -> None:
    found = full("Washington put strong pressure on Ukraine to quickly accept the peace plan.")
    assert ("united_states", "peace_plan", "demands", "ukraine", "demand") in found
    assert not any(a == "ukraine" for a, *_ in found)


def test_owned_pressure_faced_by_a_party_is_the_owners_demand() -> None:
    found = triples("Ukraine faces growing U.S. pressure to agree to a quick peace deal.")
    assert ("united_states", "peace_plan", "demands") in found
    assert not any(a == "ukraine" for a, _, _ in found)


def test_pressure_a_party_is_urged_to_increase_is_the_urging_partys_demand() -> None:
    found = triples("Zelensky urged Washington to increase its pressure on Moscow to agree to a "
                    "ceasefire.")
    assert ("zelensky", "ceasefire", "demands") in found
    assert not any(d == "offers" for _, _, d in found)
