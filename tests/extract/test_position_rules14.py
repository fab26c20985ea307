"""Position rules of the fourteenth round: cutting down one's part in something refuses it
("reduce its involvement in mediating negotiations"); moving off a stance gives it up ("moved
from his insistence on a rapid ceasefire"); "the risks of conceding territory" warns against it;
"considered as legal targets" judges what it names; "preserve" and "uphold" are wants.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_rules7 import triples


def test_reducing_ones_involvement_in_talks_refuses_them() -> None:
    found = triples("Washington now seeks to reduce its involvement in mediating negotiations.")
    assert ("united_states", "direct_talks", "refuses") in found
    assert ("united_states", "direct_talks", "wants") not in found


def test_moving_from_an_insistence_gives_it_up() -> None:
    found = triples("Trump moved from his previous insistence on a rapid ceasefire.")
    assert ("trump", "ceasefire", "refuses") in found
    assert ("trump", "ceasefire", "wants") not in found


def test_the_risks_of_conceding_refuse_the_concession() -> None:
    found = triples("Zelensky emphasized the risks of conceding territory.")
    assert ("zelensky", "territory", "refuses") in found
    assert ("zelensky", "territory", "offers") not in found


def test_a_risk_with_no_stance_inside_states_nothing() -> None:
    found = triples("Zelensky spoke of the risk of a ceasefire.")
    assert not any(i == "ceasefire" and d == "refuses" for _, i, d in found)


def test_considered_as_targets_refuses_the_troops() -> None:
    found = triples("Putin said that any foreign troops in Ukraine would be considered as "
                    "legal targets.")
    assert ("putin", "security_guarantees", "refuses") in found
    assert ("putin", "security_guarantees", "offers") not in found


def test_fighting_to_preserve_territorial_integrity_refuses_territory() -> None:
    found = triples("Zelensky said Ukraine is ready to continue fighting to preserve its "
                    "territorial integrity.")
    assert ("ukraine", "territory", "refuses") in found
    assert not any(i == "territory" and d == "offers" for _, i, d in found)
