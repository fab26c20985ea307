"""Position rules of the fifteenth round: "X is a red line" refuses X; a demand whose object is a
named party's own act or state is made of that party ("demands such as Ukraine's neutrality");
a refusal with its own object does not reach a participle's or a contrast's clause beside it;
a plan of one's own ("the new peace plan proposed by the European Union") refuses the issue's
proposal as drafted, and the issue's own proposer named as the agent wants it.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_rules7 import triples
from tests.extract.test_positions import positions

from accord.extract.positions import INVERSE_MARK


def test_a_red_line_refuses_what_it_names() -> None:
    found = triples("Zelensky has repeatedly said giving up territory is a red line.")
    assert ("zelensky", "territory", "refuses") in found
    assert ("zelensky", "territory", "offers") not in found


def test_a_demand_of_another_partys_neutrality_is_made_of_that_party() -> None:
    [found] = [p for p in positions("Putin maintains demands such as Ukraine's neutrality.")
               if p.issue == "nato_membership"]
    assert (found.actor_id, found.direction, found.target) == ("putin", "demands", "ukraine")
    assert found.cue is not None and found.cue.endswith(INVERSE_MARK)


def test_a_refusal_does_not_reach_the_participle_beside_it() -> None:
    found = triples("Zelensky firmly rejects ceding territory to Russia, emphasizing Kyiv's "
                    "essential role in any peace negotiations.")
    assert ("zelensky", "territory", "refuses") in found
    assert ("zelensky", "direct_talks", "refuses") not in found


def test_a_refusal_does_not_reach_a_contrasting_clause() -> None:
    found = triples("Kyslytsya said that Russia rejected the proposal, while Medinsky suggested "
                    "a short truce.")
    assert ("medinsky", "ceasefire", "offers") in found
    assert not any(i == "ceasefire" and d == "refuses" for _, i, d in found)


def test_a_rival_plan_refuses_the_plan_as_drafted() -> None:
    found = triples("The Kremlin rejected the new peace plan proposed by the European Union.")
    assert ("eu", "peace_plan", "refuses") in found
    assert ("eu", "peace_plan", "offers") not in found
    assert ("russia", "peace_plan", "refuses") in found


def test_the_issues_proposer_as_agent_wants_its_plan() -> None:
    found = triples("Merz welcomed changes to the peace plan proposed by Donald Trump.")
    assert ("trump", "peace_plan", "wants") in found
    assert ("trump", "peace_plan", "offers") not in found


def test_sanctions_backed_by_a_party_refuse_their_relief() -> None:
    # mended after test21 was scored: the participle path lacked the verb path's counter rule
    found = triples("Russia faces sweeping new sanctions backed by the United States.")
    assert ("united_states", "sanctions_relief", "refuses") in found
    assert ("united_states", "sanctions_relief", "wants") not in found
