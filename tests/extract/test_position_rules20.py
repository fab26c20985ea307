"""Position rules of the twentieth round, written on devall (which now holds the spent test26
and test27), after the blind split test28 was merged.

A party that threatens sanctions on Russia refuses their relief: "threatened to impose
sanctions", "warned Russia of massive sanctions", "said Russia would face severe sanctions",
and the "or face sanctions" of a demand made of Russia ("Agree to a ceasefire by Monday or face
new sanctions"), whose maker threatens them. Russia's own side reporting what Russia would face,
a threat on another party, and the consequences "of" sanctions are no such stance.
Welcoming or praising another party's stance on an issue ("welcomed Trump's willingness to
contribute to security guarantees") wants the issue too.

Mended after test28 was scored (development since): another side's speaker judging what a
party cannot do ("Putin cannot offer real security guarantees," Zelensky said) states no
position of that party, as reading its wishes does not.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full
from tests.extract.test_position_rules7 import triples

RELIEF_REFUSED = "sanctions_relief", "refuses"


def test_threatening_to_impose_sanctions_refuses_their_relief() -> None:
    assert ("trump", *RELIEF_REFUSED) in triples(
        "Trump threatened to impose additional sanctions on Russia.")
    assert not any(i == "sanctions_relief" for _, i, _ in triples(
        "Trump did not threaten to impose sanctions."))


def test_warning_of_sanctions_threatens_them() -> None:
    assert ("macron", *RELIEF_REFUSED) in triples(
        "Macron warned Russia of massive coordinated sanctions if the truce is ignored.")
    # the consequences of sanctions are no threat of them
    assert not any(i == "sanctions_relief" for _, i, _ in triples(
        "Peskov warned of the consequences of new sanctions."))
    # nor does the sanctioned side threaten sanctions
    assert not any(i == "sanctions_relief" for _, i, _ in triples(
        "Peskov warned of new sanctions."))
    assert not any(i == "sanctions_relief" for _, i, _ in triples(
        "Lavrov threatened to impose sanctions on the Baltic states."))


def test_reporting_that_russia_would_face_sanctions_threatens_them() -> None:
    assert ("trump", *RELIEF_REFUSED) in triples(
        "Trump said Russia would face severe sanctions if it did not agree to a ceasefire.")
    assert ("trump", *RELIEF_REFUSED) in triples(
        "Trump said new sanctions would be imposed on Moscow.")


def test_what_russia_would_face_by_its_own_side_or_a_threat_on_another_is_no_stance() -> None:
    assert not any(i == "sanctions_relief" for _, i, _ in triples(
        "Peskov said Russia would face new sanctions anyway."))
    assert not any(i == "sanctions_relief" for _, i, _ in triples(
        "Lavrov said Europe would face sanctions."))


def test_or_face_sanctions_of_a_demand_on_russia_is_its_makers_threat() -> None:
    found = triples("Zelensky urged Russia to accept the ceasefire or face tougher sanctions.")
    assert ("zelensky", "ceasefire", "demands") in found
    assert ("zelensky", *RELIEF_REFUSED) in found
    found = triples("European leaders told Russia: Agree to an unconditional 30-day ceasefire "
                    "in Ukraine by Monday or face massive new sanctions.")
    assert ("eu", *RELIEF_REFUSED) in found


def test_welcoming_another_partys_willingness_wants_the_issue_too() -> None:
    found = full("Zelensky and von der Leyen welcomed president Trump's willingness to "
                 "contribute to security guarantees with Europe.")
    assert ("trump", "security_guarantees", "offers", None, "openness") in found
    assert ("zelensky", "security_guarantees", "wants", None, "openness") in found
    assert ("von_der_leyen", "security_guarantees", "wants", None, "openness") in found
    found = full("Macron praised Trump's commitment to security guarantees.")
    assert ("macron", "security_guarantees", "wants", None, "openness") in found


def test_welcoming_ones_own_sides_stance_adds_nothing() -> None:
    found = triples("Peskov welcomed Putin's readiness for a ceasefire.")
    assert not any(a == "peskov" for a, _, _ in found)


def test_another_sides_judgement_of_what_a_party_cannot_do_is_not_its_position() -> None:
    assert not any(a == "putin" for a, _, _ in triples(
        '"We must apply pressure together," Zelensky noted, declaring that "Putin cannot '
        'offer real security guarantees."'))
    assert not any(a == "russia" for a, _, _ in triples(
        '"Russia cannot dictate Ukraine\'s future or veto its EU and NATO aspirations," '
        'Starmer declared.'))
    # its own side saying what it cannot accept is its refusal
    assert ("russia", "ceasefire", "refuses") in triples(
        "Putin said Russia cannot accept a ceasefire now.")
