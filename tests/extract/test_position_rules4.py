"""Position rules of the fourth round: issue wording and cues, and a bare "peace" that is no
ceasefire.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full


def triples(text: str) -> set[tuple[str | None, str, str]]:
    return {(a, i, d) for a, i, d, _, _ in full(text)}


def test_a_bare_peace_is_not_a_ceasefire() -> None:
    for text in ("Lavrov said Russia is ready for peace.",
                 "Zelensky will not accept a peace that leaves Kherson occupied.",
                 "Putin signalled readiness to discuss peace."):
        assert not any(i == "ceasefire" for _, i, _ in triples(text)), text


def test_peace_in_ukraine_and_achieving_peace_end_the_war() -> None:
    assert ("trump", "ceasefire", "wants") in triples("Trump wants peace in Ukraine.")
    assert ("trump", "ceasefire", "wants") in triples(
        "Trump said he is committed to achieving peace.")


def test_resolving_the_conflict_ends_the_war() -> None:
    assert ("putin", "ceasefire", "wants") in triples(
        "Putin said he is committed to resolving the conflict.")


def test_the_negotiating_table_and_dialogue_are_talks() -> None:
    assert ("trump", "direct_talks", "demands") in triples(
        "Trump urged Zelensky to return to the negotiating table.")
    assert ("putin", "direct_talks", "offers") in triples("Putin said he is open to dialogue.")


def test_nato_admission_is_membership() -> None:
    found = triples("Lavrov rejected NATO admission for Ukraine.")
    assert {("russia", "nato_membership", "refuses"),
            ("lavrov", "nato_membership", "refuses")} & found


def test_passing_on_a_plan_refuses_it() -> None:
    found = triples("Lavrov said Russia may pass on the peace plan.")
    assert {("russia", "peace_plan", "refuses"), ("lavrov", "peace_plan", "refuses")} & found
    assert not any(d != "refuses" for _, i, d in found if i == "peace_plan")


def test_a_predicate_coordinated_with_a_refusal_is_not_refused() -> None:
    found = triples("Moscow opposes short truces and remains firm on its demands, namely that "
                    "Ukraine withdraw from four regions.")
    assert not any(i == "territory" and d == "refuses" for _, i, d in found)
    found = triples("Moscow rejects a ceasefire and a withdrawal from Zaporizhzhia.")
    assert any(i == "territory" and d == "refuses" for _, i, d in found)
