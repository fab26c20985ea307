"""Demands on another party, refusals and strength: agent and patient never swap.

The sentences are written for the tests (not taken from the talks dev/test articles).
"""

from __future__ import annotations

import pytest
from tests.extract.test_positions import positions


def triples(text: str) -> set[tuple[str | None, str, str, str | None]]:
    return {(p.actor_id, p.issue, p.direction, p.target) for p in positions(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the issue's inversion: a demand on Ukraine is never Ukraine's offer
        ("U.S. negotiators insisted that Ukraine consider withdrawing troops from Donetsk.",
         ("united_states", "territory", "demands", "ukraine")),
        ("Putin insisted that Kyiv must surrender the territories it still holds.",
         ("putin", "territory", "demands", "ukraine")),
        ("Rubio urged Zelensky to accept the peace plan.",
         ("rubio", "peace_plan", "demands", "ukraine")),
        ("Trump gave Ukraine until Thursday to approve the plan.",
         ("trump", "peace_plan", "demands", "ukraine")),
        ("Lavrov said that Kyiv must begin negotiations with Russia.",
         ("russia", "direct_talks", "demands", "ukraine")),
    ],
)
def test_x_insisted_that_y_is_x_demanding_of_y(
    text: str, expected: tuple[str, str, str, str]
) -> None:
    found = triples(text)
    assert expected in found
    holder, issue, _, target = expected
    # never the patient's offer
    assert not any(a == target and i == issue and d == "offers" for a, i, d, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukraine refused to withdraw troops from Donbas.", ("ukraine", "territory", "refuses")),
        ("Umerov rejected any territorial concessions.", ("umerov", "territory", "refuses")),
        ("The territorial concessions were rejected by Zelensky.",
         ("zelensky", "territory", "refuses")),
        ("Moscow will not concede any territorial issues.", ("russia", "territory", "refuses")),
    ],
)
def test_y_refused_is_y_refusing(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in {(a, i, d) for a, i, d, _ in triples(text)}


def test_a_refusal_demanded_of_another_party_is_a_demand_made_of_it() -> None:
    # the guideline's target is the party a demand is made of, and the annotations code "must
    # not join NATO" as a demand of Ukraine; the cue's inverse mark places it on the other pole
    found = triples("Peskov insisted that Ukraine never join NATO.")
    assert ("putin", "nato_membership", "demands", "ukraine") in found
    assert ("putin", "nato_membership", "refuses", "ukraine") not in found


def test_strength_red_line_demand_openness() -> None:
    by_text = {
        "Zelensky said Ukraine will never accept territorial concessions.": "red_line",
        "Putin demanded control of the Donbas.": "demand",
        "Zelensky is ready to discuss a ceasefire.": "openness",
        "Ushakov said Moscow may reject some of the new proposals in the peace plan.": "openness",
    }
    for text, strength in by_text.items():
        got = [p.strength for p in positions(text)]
        assert got and got[0] == strength, (text, got)


def test_the_writers_must_and_the_issue_as_agent_are_nobodys_position() -> None:
    assert not positions("Ukraine must surrender territory, the plan says.")  # no reporter
    assert not positions("The peace plan requires more work before anyone signs.")


def test_owned_position_nouns() -> None:
    found = triples("Putin's demand for control of Ukrainian territory remains.")
    assert ("putin", "territory", "wants", None) in found
