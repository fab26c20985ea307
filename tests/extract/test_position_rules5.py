"""Position rules of the fifth round: sanctions wanted as the refusal of their relief,
rejections and approvals in evaluative words, priorities carried by nouns, anaphoric "the idea",
and issue wording.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full


def triples(text: str) -> set[tuple[str | None, str, str]]:
    return {(a, i, d) for a, i, d, _, _ in full(text)}


def test_wanting_sanctions_refuses_their_relief() -> None:
    for text in ("Zelensky said sanctions are needed against Moscow.",
                 "Zelensky called for tougher sanctions on Russia."):
        found = triples(text)
        assert ("zelensky", "sanctions_relief", "refuses") in found, text
        assert not any(i == "sanctions_relief" and d != "refuses" for _, i, d in found), text


def test_a_reported_rise_in_sanctions_refuses_their_relief_without_a_target() -> None:
    found = full("The German government suggested that European sanctions on Russia would "
                 "increase.")
    assert any(i == "sanctions_relief" and d == "refuses" and t is None
               for _, i, d, t, _ in found)
    assert not any(i == "sanctions_relief" and d != "refuses" for _, i, d, _, _ in found)


def test_a_party_increasing_sanctions_refuses_their_relief() -> None:
    found = triples("The EU will increase the pressure of sanctions on Moscow.")
    assert ("eu", "sanctions_relief", "refuses") in found


def test_the_lifting_of_sanctions_is_still_their_relief() -> None:
    for text in ("Lavrov demanded the lifting of Western sanctions.",
                 "Lavrov wants Western sanctions to be lifted."):
        found = triples(text)
        assert any(i == "sanctions_relief" and d in ("wants", "demands") for _, i, d in found), text
        assert not any(i == "sanctions_relief" and d == "refuses" for _, i, d in found), text


def test_refusing_more_sanctions_is_not_asking_for_relief() -> None:
    found = triples("Trump resisted new sanctions on Russia.")
    assert not any(i == "sanctions_relief" for _, i, _ in found)


def test_a_denied_good_word_refuses() -> None:
    found = triples("Lavrov said the European plan is not constructive.")
    assert {("russia", "peace_plan", "refuses"), ("lavrov", "peace_plan", "refuses")} & found
    assert not any(d != "refuses" for _, i, d in found if i == "peace_plan")


def test_a_constructive_mood_of_talks_states_nothing() -> None:
    assert not triples("Lavrov said the peace talks were constructive.")


def test_does_not_work_for_us_refuses() -> None:
    found = triples("“The European plan does not work for us,” Lavrov said.")
    assert {("russia", "peace_plan", "refuses"), ("lavrov", "peace_plan", "refuses")} & found


def test_too_favorable_to_one_side_refuses() -> None:
    found = triples("Zelensky considered the peace plan too favorable to Moscow.")
    assert ("zelensky", "peace_plan", "refuses") in found


def test_a_judgment_by_adjective_is_the_judges_stance() -> None:
    found = triples("The Kremlin criticized Kyiv, deeming the proposed amendments unacceptable.")
    assert {("russia", "peace_plan", "refuses"), ("kremlin", "peace_plan", "refuses")} & found
    found = triples("Zelensky called the ceasefire proposal positive.")
    assert ("zelensky", "ceasefire", "offers") in found


def test_a_priority_carried_by_a_noun_is_wanted() -> None:
    found = triples("Trump has made ending the war a priority.")
    assert ("trump", "ceasefire", "wants") in found
    found = triples("Zelensky emphasized the need for credible security guarantees.")
    assert any(a == "zelensky" and i == "security_guarantees" and d in ("wants", "demands")
               for a, i, d in found)


def test_the_idea_takes_up_the_proposal_named_before() -> None:
    found = triples("Trump proposed a full ceasefire. Moscow rejected the idea.")
    assert ("russia", "ceasefire", "refuses") in found


def test_peacekeeping_wording_is_security_guarantees() -> None:
    found = triples("Starmer said Britain is ready to deploy troops in Ukraine.")
    assert any(i == "security_guarantees" and d == "offers" for _, i, d in found)


def test_a_cue_inside_a_whether_question_states_nothing() -> None:
    found = triples("Nobody knew whether Putin tried to avoid sanctions by offering a ceasefire.")
    assert not any(i == "ceasefire" for _, i, _ in found)
    assert ("putin", "ceasefire", "offers") in triples("Putin offered a ceasefire.")


def test_russian_control_is_territory() -> None:
    found = triples("Trump is prepared to recognize Russian control over Crimea.")
    assert ("trump", "territory", "offers") in found
