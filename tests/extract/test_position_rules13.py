"""Position rules of the thirteenth round: a demand that another party not act is a demand made
of it on the issue's other pole; "considers X as meaningless" judges X; an "if" clause parsed
as the object of "saying" is a condition, not what is offered; a refusal with its own object does
not reverse the adverbial clause beside it; "it would be unrealistic for X to Y" judges Y; "as a
result of peace negotiations" frames, it is not sought.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_rules7 import triples
from tests.extract.test_positions import positions

from accord.extract.positions import INVERSE_MARK, IssueLexicon


def test_insisting_that_another_party_must_not_act_demands_it_of_that_party() -> None:
    [found] = [p for p in positions("Putin insisted that Ukraine must not join NATO.")
               if p.issue == "nato_membership"]
    assert (found.actor_id, found.direction, found.target) == ("putin", "demands", "ukraine")
    # placed on the other pole of the scale: a demand that Ukraine stay out of NATO
    assert found.cue is not None and found.cue.endswith(INVERSE_MARK)
    issue = IssueLexicon.load(None).issues["nato_membership"]
    assert issue.place("demands", inverse=True) == 100 - issue.place("demands")


def test_ones_own_side_must_not_act_is_a_refusal_as_named() -> None:
    [found] = [p for p in positions("Zelensky said Ukraine must not give up any territory.")
               if p.issue == "territory"]
    assert (found.actor_id, found.direction, found.target) == ("zelensky", "refuses", None)
    assert found.cue is not None and not found.cue.endswith(INVERSE_MARK)


def test_considering_talks_meaningless_refuses_them() -> None:
    found = triples("Ukraine considers any negotiations about its future without its "
                    "involvement as meaningless.")
    assert ("ukraine", "direct_talks", "refuses") in found
    assert ("ukraine", "direct_talks", "offers") not in found


def test_an_if_clause_quoted_after_saying_offers_nothing() -> None:
    found = triples("Trump offered no firm commitment, saying, “If we can do the ceasefire, "
                    "great.”")
    assert ("trump", "ceasefire", "offers") not in found


def test_a_condemnation_does_not_reverse_the_urging_beside_it() -> None:
    found = triples("Trump condemned the airstrikes on Kyiv, calling them “not necessary” and "
                    "urging, “Let’s get the Peace Deal DONE!”")
    assert ("trump", "peace_plan", "refuses") not in found


def test_unrealistic_for_a_party_to_act_refuses_it() -> None:
    found = triples("Hegseth said Trump wanted an end to the war, claiming that it would be "
                    "“unrealistic” for Ukraine to be granted NATO membership as a result of "
                    "peace negotiations.")
    assert ("trump", "nato_membership", "refuses") in found
    assert ("trump", "nato_membership", "wants") not in found
    assert not any(i == "direct_talks" for _, i, _ in found)
