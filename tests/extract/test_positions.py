"""Position statements: issue lexicon, direction cues, negation, actors and principals."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from accord.errors import InputError
from accord.extract.actors import ActorResolver
from accord.extract.nlp import load_pipeline
from accord.extract.positions import IssueLexicon, PositionExtractor, extract_positions
from accord.extract.quotes import extract_quotes
from accord.extract.registry import ActorRegistry
from accord.extract.types import PositionStatement


@functools.lru_cache(maxsize=1)
def resolver() -> ActorResolver:
    return ActorResolver(ActorRegistry.default())


@functools.lru_cache(maxsize=1)
def lexicon() -> IssueLexicon:
    return IssueLexicon.load(None)


def positions(text: str) -> list[PositionStatement]:
    doc = load_pipeline()(text)
    mentions = resolver().resolve(doc)
    quotes = extract_quotes(doc, mentions, resolver().registry)
    return extract_positions(doc, mentions, quotes, lexicon(), registry=resolver().registry)


def summary(text: str) -> set[tuple[str | None, str, str]]:
    return {(p.actor_id, p.issue, p.direction) for p in positions(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zelensky demands security guarantees from Washington.",
         {("zelensky", "security_guarantees", "wants")}),
        ("Putin insists on the withdrawal of troops from Donetsk.",
         {("putin", "territory", "wants")}),
        ("Ukraine wants to join NATO.", {("ukraine", "nato_membership", "wants")}),
        ("Dmitriev has long advocated for economic cooperation with Washington.",
         {("dmitriev", "economic_cooperation", "wants")}),
        ("Ukraine is ready to accept a full ceasefire.", {("ukraine", "ceasefire", "offers")}),
        ("The United States offered reconstruction funds to Kyiv.",
         {("united_states", "reconstruction_funds", "offers")}),
        # the truce asked in exchange is the proposer's want (a mutual issue proposed)
        ("Witkoff proposed sanctions relief in exchange for a truce.",
         {("witkoff", "sanctions_relief", "offers"), ("witkoff", "ceasefire", "wants")}),
        ("The EU refuses to release frozen assets.", {("eu", "frozen_assets", "refuses")}),
        ("Putin is unwilling to make territorial concessions.",
         {("putin", "territory", "refuses")}),
    ],
)
def test_cue_words_give_the_direction(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia will never accept NATO membership for Ukraine.",
         {("russia", "nato_membership", "refuses")}),
        ("Kyiv is not ready to give up territory.", {("ukraine", "territory", "refuses")}),
        ("Russia does not rule out elections in Ukraine.", {("russia", "elections", "offers")}),
        # a refusal above an offer: the offer is refused
        ("Majorities in Moscow reject allowing Ukraine to join NATO, Russia said.",
         {("russia", "nato_membership", "refuses")}),
    ],
)
def test_negation_and_framing_flip_the_direction(
    text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert summary(text) == expected


def test_coordinated_subjects_each_take_the_position() -> None:
    assert summary("The EU and the United States are pitching for a reconstruction fund.") == {
        ("eu", "reconstruction_funds", "wants"), ("united_states", "reconstruction_funds", "wants")}


def test_relative_clauses_and_appositions_reach_the_named_actor() -> None:
    got = summary("There is Kirill Dmitriev, the head of the fund, who initiated efforts to "
                  "offer investment opportunities to the United States.")
    assert got == {("dmitriev", "economic_cooperation", "offers")}


def test_pro_x_modifiers_are_not_the_actor() -> None:
    assert positions("Pro-Putin analysts demand sanctions relief.") == []


def test_negation_does_not_cross_a_contrast() -> None:
    got = summary("Russia is not seeking a ceasefire but rather territorial gains.")
    assert ("russia", "territory", "wants") in got
    assert ("russia", "territory", "refuses") not in got


def test_a_spokesperson_speaks_for_the_principal() -> None:
    assert summary("Peskov rejected a ceasefire.") == {("putin", "ceasefire", "refuses")}
    assert summary("Putin's spokesperson rejected a ceasefire.") == {
        ("putin", "ceasefire", "refuses")}
    # The foreign ministry and the Kremlin speak for the state.
    assert summary("The Kremlin rejects the deployment of European troops.") == {
        ("russia", "security_guarantees", "refuses")}


def test_first_person_inside_a_quote_is_the_speaker() -> None:
    assert summary("“We will never accept a cap on the army,” Zelensky said.") == {
        ("zelensky", "force_caps", "refuses")}


def test_reported_positions_belong_to_the_reported_subject() -> None:
    # The commentator reports Russia's position; the statement is Russia's.
    assert summary("Karaganov said Russia is ready to discuss a ceasefire.") == {
        ("russia", "ceasefire", "offers")}


def test_no_cue_or_no_actor_means_no_statement() -> None:
    assert positions("The weather in Kyiv was cold, and NATO held a summit.") == []
    assert positions("Analysts want a ceasefire.") == []  # nobody in the registry


def test_unattributed_statements_can_be_kept() -> None:
    doc = load_pipeline()("Analysts want a ceasefire.")
    extractor = PositionExtractor(lexicon(), resolver().registry, keep_unattributed=True)
    got = extractor.extract(doc, resolver().resolve(doc), [])
    assert [(p.actor_id, p.issue, p.direction) for p in got] == [(None, "ceasefire", "wants")]


def test_statement_spans_are_the_sentence_text() -> None:
    text = "Talks resumed on Monday. Zelensky demands security guarantees. Lunch followed."
    (p,) = positions(text)
    assert text[p.start:p.end] == p.text == "Zelensky demands security guarantees."
    assert p.cue == "demands"


def test_the_packaged_lexicon_has_the_issues_of_the_talks() -> None:
    ids = set(lexicon().issues)
    assert {"nato_membership", "territory", "sanctions_relief", "ceasefire",
            "security_guarantees", "reconstruction_funds", "frozen_assets", "force_caps",
            "elections"} <= ids
    assert set(lexicon().cues.values()) == {"wants", "offers", "refuses"}


def test_a_custom_lexicon_is_used(tmp_path: Path) -> None:
    path = tmp_path / "issues.yaml"
    path.write_text("cues:\n  wants: [crave]\nissues:\n- id: grain\n  phrases: [grain deal]\n",
                    encoding="utf-8")
    lex = IssueLexicon.load(path)
    doc = load_pipeline()("Russia craves a grain deal.")
    got = extract_positions(doc, resolver().resolve(doc), [], lex)
    assert [(p.actor_id, p.issue, p.direction) for p in got] == [("russia", "grain", "wants")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("issues: []\ncues: {wants: [x]}\n", None),
        ("cues: {wants: [want]}\n", "issues: expected a mapping with an 'issues' list"),
        ("cues: {likes: [x]}\nissues:\n- id: a\n  phrases: [b]\n", "cues: direction must be"),
        ("cues: {wants: [x]}\nissues:\n- id: a\n  phrases: []\n", "a.phrases: expected"),
        ("issues:\n- id: a\n  phrases: [b]\n", "cues: no direction cues"),
        ("issues: [\n", "not valid YAML"),
    ],
)
def test_bad_lexicons_name_the_file_and_field(
    tmp_path: Path, body: str, message: str | None
) -> None:
    path = tmp_path / "issues.yaml"
    path.write_text(body, encoding="utf-8")
    if message is None:
        assert IssueLexicon.load(path).issues == {}
        return
    with pytest.raises(InputError) as err:
        IssueLexicon.load(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value)


def test_seed_positions_have_actors_issues_and_evidence(seeds_dir: Path) -> None:
    from accord.corpus.process import process_bytes

    raw = (seeds_dir / "004_06e5d23dc5b2d877.txt").read_bytes()
    text = process_bytes(raw, kind="text").text
    doc = load_pipeline()(text)
    mentions = resolver().resolve(doc)
    found = extract_positions(doc, mentions, extract_quotes(doc, mentions), lexicon())
    got = {(p.actor_id, p.issue, p.direction) for p in found}
    # "Moscow, at this point, is unwilling to engage in territorial compromises"
    assert ("russia", "territory", "refuses") in got
    # "Putin has reportedly agreed to enter talks with the United States"
    assert ("putin", "direct_talks", "offers") in got
    assert all(text[p.start:p.end] == p.text for p in found)


def test_a_reporter_holds_a_clause_about_the_issue() -> None:
    assert summary("Ushakov said that some American proposals were acceptable.") == {
        ("ushakov", "peace_plan", "offers")}
    assert summary("Ushakov said that although some American proposals were “acceptable,” "
                   "major disagreements remained.") == {("ushakov", "peace_plan", "offers")}


def test_this_or_it_stands_for_the_issue_just_named() -> None:
    assert summary("Moscow demands cessions in the east; Kyiv rejects this outright.") == {
        ("russia", "territory", "wants"), ("ukraine", "territory", "refuses")}
    assert summary("Putin demanded the Donbas. Zelensky rejected it.") == {
        ("putin", "territory", "wants"), ("zelensky", "territory", "refuses")}
    # a nearer noun is the antecedent: no statement on the issue named before it
    assert ("russia", "peace_plan", "refuses") not in summary(
        "Witkoff presented the peace plan. The Kremlin rejected Kyiv's memo, calling it weak.")


def test_voiced_position_nouns_basis_and_pushing() -> None:
    assert summary("Alice Rufo highlighted concerns over restrictions on Ukraine's army.") == {
        ("france", "force_caps", "refuses")}
    assert summary("Trump indicated his desire to meet with Putin.") == {
        ("trump", "direct_talks", "wants")}
    assert summary("Putin said the plan could serve as a basis for a settlement.") == {
        ("putin", "peace_plan", "offers")}
    pushed = summary("The Trump administration is pushing to end the war.")
    assert pushed and pushed <= {("united_states", "ceasefire", "wants"),
                                 ("trump", "ceasefire", "wants")}
    back = summary("The White House pushed back against calls to end the war.")
    assert not {(a, i, d) for a, i, d in back if d == "wants"}
