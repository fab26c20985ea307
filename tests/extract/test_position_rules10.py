"""Position rules of the tenth round: "advocating for X to …" parsed apart; skepticism as a
refusal noun; a time clause is not what someone was called to do; the subject of an
infinitive under a proposal ("suggested Ukraine consider ceding"); "suggested that X have
agreed" reports, it proposes nothing; undoing an issue ("demilitarization reversal").

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from tests.extract.test_position_recall import full
from tests.extract.test_position_rules7 import triples


def rows(text: str) -> set[tuple[str | None, str, str, str | None]]:
    return {(a, i, d, t) for a, i, d, t, _ in full(text)}


def test_advocating_for_another_party_to_act_is_a_demand_of_it() -> None:
    found = rows("Trump aligned himself with the Kremlin, advocating for Ukraine to cede "
                 "territory.")
    assert ("trump", "territory", "demands", "ukraine") in found
    assert not any(d == "offers" for _, _, d, _ in found)


def test_skepticism_refuses() -> None:
    assert ("kellogg", "direct_talks", "refuses") in triples(
        "Kellogg expressed skepticism about Europe's direct participation in peace talks.")


def test_a_proposal_in_a_time_clause_is_its_proposers_demand() -> None:
    found = rows('Zelensky had called Vance "too radical" after Vance suggested Ukraine consider '
                 "ceding territory to Russia.")
    assert ("vance", "territory", "demands", "ukraine") in found
    assert not any(a in ("zelensky", "ukraine") for a, _, _, _ in found)


def test_suggesting_that_others_have_agreed_reports_an_agreement() -> None:
    found = triples("Witkoff suggested that Trump and Russian President Vladimir Putin have "
                    "agreed to provide robust security guarantees for Ukraine.")
    assert ("putin", "security_guarantees", "offers") in found
    assert not any(d == "demands" for _, _, d in found)


def test_urging_the_reversal_of_an_issue_refuses_it() -> None:
    assert ("witkoff", "force_caps", "refuses") in triples(
        "Witkoff is urging not only demilitarization reversal but also the return of the plant.")
