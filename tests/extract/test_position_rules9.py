"""Position rules of the ninth round: a denied show of willingness; what a condition is "for";
an issue inside a plain "if" clause; a leader's aide; support for another party's proposal;
"the importance of"; declaring a truce; adopting sanctions.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full, positions
from tests.extract.test_position_rules7 import triples


def test_not_showing_a_willingness_refuses() -> None:
    found = triples("Macron said that Russia has not shown any willingness to agree to a "
                    "ceasefire.")
    assert ("russia", "ceasefire", "refuses") in found
    assert ("russia", "ceasefire", "offers") not in found


def test_what_a_condition_is_for_is_not_sought() -> None:
    found = triples("European leaders pressed for security assurances for Ukraine as a "
                    "condition for further negotiations and potential ceasefire discussions.")
    assert ("eu", "security_guarantees", "wants") in found
    assert not any(i in ("ceasefire", "direct_talks") for _, i, _ in found)


def test_an_issue_in_a_plain_if_clause_is_not_the_stance() -> None:
    assert not any(i == "peace_plan" for _, i, _ in triples(
        "Putin suggested that Western forces would not need to be in Ukraine if a peace deal "
        "could be achieved."))
    # "even if" concedes: the concession is accepted
    assert ("trump", "territory", "wants") in triples(
        "Donald Trump's administration wants to achieve peace in Ukraine, even if it means "
        "territorial concessions.")


def test_a_leaders_aide_speaks_for_the_leader() -> None:
    found = triples("Putin's top foreign policy aide dismissed the United States' 30-day "
                    "ceasefire proposal.")
    assert any(a in ("putin", "russia") and i == "ceasefire" and d == "refuses"
               for a, i, d in found)


def test_support_for_another_partys_proposal_offers_it() -> None:
    found = triples("Russian President Vladimir Putin expressed support for a U.S. ceasefire "
                    "proposal.")
    assert ("putin", "ceasefire", "offers") in found
    assert ("putin", "ceasefire", "wants") not in found


def test_the_importance_of_an_issue_wants_it() -> None:
    assert ("zelensky", "direct_talks", "wants") in triples(
        "Zelensky emphasized the importance of productive negotiations in Geneva.")


def test_declaring_a_truce_offers_it_and_declaring_about_talks_does_not() -> None:
    assert ("putin", "ceasefire", "offers") in triples(
        "Russian president Vladimir Putin has declared a surprise one-day truce for Easter.")
    assert ("zelensky", "direct_talks", "offers") not in triples(
        "Zelensky has declared that he does not recognize the legitimacy of the talks.")


def test_adopting_sanctions_refuses_their_relief() -> None:
    assert ("united_states", "sanctions_relief", "refuses") in triples(
        "The United States adopted new sanctions against Russia.")


def test_no_plans_to_meet_refuses_the_meeting() -> None:
    assert ("trump", "direct_talks", "refuses") in triples(
        "The official also stated that Trump had no plans to meet with Putin.")


def test_calling_on_another_party_to_adopt_sanctions_refuses_their_relief() -> None:
    assert ("zelensky", "sanctions_relief", "refuses") in triples(
        "Zelensky responded by calling on Donald Trump to adopt sanctions against Russia.")


def test_wanting_the_opposite_pole_refuses_the_issue() -> None:
    rows = full("A Ukrainian official highlighted Kyiv's insistence on retaining its territorial "
                "integrity.")
    assert ("ukraine", "territory", "refuses") in {(a, i, d) for a, i, d, _, _ in rows}
    assert ("ukraine", "territory", "wants") not in {(a, i, d) for a, i, d, _, _ in rows}


def test_a_demand_of_the_opposite_pole_keeps_its_direction_and_is_marked() -> None:
    from accord.extract.positions import INVERSE_MARK

    found = [p for p in positions("Moscow emphasized that any sustainable settlement requires "
                                  "Ukraine to commit to neutrality.")
             if p.issue == "nato_membership"]
    assert [(p.actor_id, p.direction, p.target) for p in found] == [
        ("russia", "demands", "ukraine")]
    assert found[0].cue is not None and found[0].cue.endswith(INVERSE_MARK)
