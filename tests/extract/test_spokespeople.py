"""Spokespeople and aides speak for a principal when the text states their role or the registry
says so; otherwise for themselves. Sentences written for these tests."""

from __future__ import annotations

import functools

from accord.extract.actors import ActorResolver
from accord.extract.nlp import load_pipeline
from accord.extract.positions import extract_positions
from accord.extract.quotes import extract_quotes
from accord.extract.registry import ActorRegistry
from accord.extract.types import PositionStatement, Quote


@functools.lru_cache(maxsize=1)
def resolver() -> ActorResolver:
    return ActorResolver(ActorRegistry.default())


def run(text: str) -> tuple[list[Quote], list[PositionStatement]]:
    doc = load_pipeline()(text)
    mentions = resolver().resolve(doc)
    quotes = extract_quotes(doc, mentions, resolver().registry)
    return quotes, extract_positions(doc, mentions, quotes, registry=resolver().registry)


def holders(text: str) -> set[tuple[str | None, str | None, str, str]]:
    return {(p.actor_id, p.speaker, p.issue, p.direction) for p in run(text)[1]}


def test_a_title_before_the_name_gives_the_role_the_text_names() -> None:
    # the Kremlin, which the registry says speaks for Russia; Peskov is kept as the speaker
    assert holders("Kremlin spokesman Dmitry Peskov rejected a ceasefire.") == {
        ("russia", "peskov", "ceasefire", "refuses")}
    assert holders("Putin's spokesperson Dmitry Peskov rejected a ceasefire.") == {
        ("putin", "peskov", "ceasefire", "refuses")}


def test_an_aide_speaks_for_a_principal_only_when_the_text_says_so() -> None:
    # Ushakov has no speaks_for in the registry: his role must be in the text
    assert holders("Ushakov rejected a ceasefire.") == {
        ("ushakov", None, "ceasefire", "refuses")}
    assert holders("Kremlin aide Yuri Ushakov rejected a ceasefire.") == {
        ("russia", "ushakov", "ceasefire", "refuses")}
    # a title without an organisation: the registry's role of that title (aide of Putin)
    assert holders("Presidential aide Yuri Ushakov rejected a ceasefire.") == {
        ("putin", "ushakov", "ceasefire", "refuses")}
    # an apposition after the name, stated earlier in the article, still counts later
    assert holders(
        "Yuri Ushakov, the Kremlin's top foreign policy aide, spoke to reporters. "
        "Ushakov rejected a ceasefire.") == {("russia", "ushakov", "ceasefire", "refuses")}


def test_on_behalf_of_in_the_sentence() -> None:
    assert holders("On behalf of Putin, Ushakov rejected a ceasefire.") == {
        ("putin", "ushakov", "ceasefire", "refuses")}


def test_the_registry_speaks_for_without_a_stated_role() -> None:
    # Peskov's registry entry says he speaks for Putin
    assert holders("Peskov rejected a ceasefire.") == {("putin", "peskov", "ceasefire", "refuses")}


def test_titles_that_are_not_speaking_roles_do_not_count() -> None:
    # "secretary" counts only as "press secretary"; a minister of defence is not a spokesman
    assert holders("Ushakov, the secretary of the club, rejected a ceasefire.") == {
        ("ushakov", None, "ceasefire", "refuses")}


def test_quotes_keep_the_speaker_and_record_on_whose_behalf() -> None:
    quotes, _ = run("“We reject this plan,” Kremlin spokesman Dmitry Peskov said.")
    assert [(q.actor_id, q.on_behalf_of) for q in quotes] == [("peskov", "russia")]
    quotes, _ = run("“We reject this plan,” Ushakov said.")
    assert [(q.actor_id, q.on_behalf_of) for q in quotes] == [("ushakov", None)]
    quotes, _ = run("“We reject this plan,” Zelensky said.")
    assert [(q.actor_id, q.on_behalf_of) for q in quotes] == [("zelensky", None)]
