"""Position rules of the sixteenth round, each a false statement of the development set that no
annotator of the agreement study counted: an inverted condition ("should Russia refuse …") and
what someone "should have" done are suppositions; a document's participle ("a draft agreement
proposing neutrality") is its content; a claim pressed on a third party about another's mind
("tried to convince him that Russia is interested in …") is nobody's statement; "urged against"
and "cautioned against" refuse; "the Ukrainian leader" and "the U.S. president" name persons.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_rules7 import triples
from tests.extract.test_positions import resolver

from accord.extract.nlp import load_pipeline


def test_an_inverted_condition_is_a_supposition() -> None:
    found = triples("European leaders pledged more support to Ukraine should Russia refuse to "
                    "agree to the proposed ceasefire.")
    assert ("russia", "ceasefire", "refuses") not in found
    assert not any(a == "russia" for a, _, _ in triples(
        "Should Moscow reject the truce, new sanctions will follow."))
    assert ("russia", "ceasefire", "refuses") in triples(
        "Russia refused to agree to the proposed ceasefire.")


def test_what_someone_should_have_done_is_no_position_of_theirs() -> None:
    assert ("zelensky", "direct_talks", "wants") not in triples(
        "In other words, Zelensky should have sought negotiations before the invasion.")
    assert ("zelensky", "direct_talks", "wants") in triples(
        "Zelensky sought negotiations with Russia.")


def test_a_documents_participle_is_its_content() -> None:
    found = triples("Putin also cited a 2022 draft agreement proposing Ukrainian neutrality in "
                    "exchange for security guarantees.")
    assert not any(a == "putin" for a, _, _ in found)
    # an infinitive on the proposal is what the one accepting it takes on
    assert ("ukraine", "ceasefire", "offers") in triples(
        "Ukraine has expressed its readiness to accept a U.S. proposal to implement an "
        "immediate 30-day ceasefire.")


def test_a_claim_pressed_on_another_about_a_third_partys_mind_is_nobodys() -> None:
    found = triples("Zelensky recounted that Witkoff tried to convince him that Russia is "
                    "interested in ending the war.")
    assert not any(a == "russia" for a, _, _ in found)


def test_urging_or_cautioning_against_refuses() -> None:
    assert ("zelensky", "peace_plan", "refuses") in triples(
        "Zelensky urged against imposing a peace plan on Ukrainian society.")
    assert ("vance", "ceasefire", "refuses") in triples(
        "Vance cautioned against a temporary ceasefire.")


def test_a_state_named_with_leader_and_abbreviated_titles_name_persons() -> None:
    doc = load_pipeline()("The U.S. president said he would meet the Russian leader, and the "
                          "Ukrainian leader agreed. The leader of the delegation said nothing.")
    found = {(m.text, m.actor_id) for m in resolver().resolve(doc)}
    assert {("The U.S. president", "trump"), ("the Russian leader", "putin"),
            ("the Ukrainian leader", "zelensky")} <= found
    assert not any("delegation" in text or text == "the leader" for text, _ in found)
