"""The actor registry (load, validate, edit, save) and mention → actor resolution."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from accord.errors import InputError
from accord.extract.actors import ActorResolver
from accord.extract.registry import ActorRegistry, normalise_name
from accord.extract.registry_location import PACKAGED
from accord.extract.types import Mention

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ukraine-2025" / "actors.yaml"


@functools.lru_cache(maxsize=1)
def registry() -> ActorRegistry:
    return ActorRegistry.default()


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(registry())


def resolved(nlp: Language, resolver: ActorResolver, text: str) -> dict[str, str | None]:
    return {m.text: m.actor_id for m in resolver.resolve(nlp(text))}


# -- the registry file ------------------------------------------------------------------


def test_packaged_registry_is_identical_to_the_example() -> None:
    assert PACKAGED.read_bytes() == EXAMPLE.read_bytes()


def test_registry_covers_the_talks() -> None:
    reg = registry()
    for actor_id in ("trump", "putin", "zelensky", "witkoff", "kushner", "gruenbaum", "lavrov",
                     "peskov", "ushakov", "dmitriev", "naryshkin", "eu", "nato",
                     "united_kingdom", "russia", "ukraine", "united_states", "kremlin"):
        assert actor_id in reg
    dmitriev = reg.get("dmitriev")
    assert any(r.title == "head" and r.of == "rdif" and r.source for r in dmitriev.roles)
    assert reg.get("rdif").name == "Russian Direct Investment Fund"
    teams = {t.id: t for t in reg.teams}
    assert teams["us_negotiators"].members[:3] == ["witkoff", "kushner", "gruenbaum"]
    assert {"rubio", "driscoll"} <= set(teams["us_negotiators"].members)
    assert teams["russian_negotiators"].members[:3] == ["ushakov", "naryshkin", "dmitriev"]
    assert {"yermak", "umerov"} <= set(teams["ukrainian_negotiators"].members)
    assert set(teams["european_security_advisers"].members) == {"powell", "bonne", "sautter"}
    assert reg.principal("peskov") == "putin"
    assert reg.principal("kremlin") == "russia"


def test_registry_has_the_late_2025_negotiators_with_dated_sourced_roles() -> None:
    reg = registry()
    for actor_id in ("rubio", "driscoll", "umerov", "yermak", "kellogg", "budanov", "powell",
                     "bonne", "sautter", "kostyukov", "gargash"):
        actor = reg.get(actor_id)
        assert actor.roles and all(r.source and "http" in r.source for r in actor.roles), actor_id
    yermak = reg.get("yermak").roles[0]
    assert yermak.of == "ukraine" and yermak.active(date(2025, 11, 23))
    assert not yermak.active(date(2025, 12, 3))  # resigned 28 November 2025
    assert any(r.title == "secretary of state" and r.of == "united_states"
               for r in reg.get("rubio").roles)
    # Every role says where it comes from.
    assert all(r.source for a in reg for r in a.roles)


def test_saving_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    reg = ActorRegistry.load(EXAMPLE)
    out = tmp_path / "actors.yaml"
    reg.save(out)
    # The shipped file is in the canonical written form, so an edit gives a minimal diff.
    assert out.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")
    again = ActorRegistry.load(out)
    assert again.to_dict() == reg.to_dict()


def test_edits_add_aliases_actors_and_ignored_names(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    reg = ActorRegistry.load(path)
    assert reg.add_alias("Witkofff", "witkoff") is True
    assert reg.add_alias("witkofff", "witkoff") is False  # already there (case-folded)
    actor = reg.add_actor("Alex Krainer", "person")
    assert actor.id == "alex_krainer" and actor.aliases == ["Alex Krainer", "Krainer"]
    assert reg.add_ignore("Rick Sanchez") is True
    assert reg.add_ignore("rick sanchez") is False
    reg.save()
    back = ActorRegistry.load(path)
    assert "Witkofff" in back.get("witkoff").aliases
    assert back.get("alex_krainer").kind == "person"
    assert back.is_ignored("Rick Sanchez")
    assert back.header.startswith("# Actor registry")  # the comment block survives
    # Accepting an ignored name takes it off the ignore list.
    back.add_alias("Rick Sanchez", "alex_krainer")
    assert not back.is_ignored("Rick Sanchez")


def test_edits_refuse_conflicts() -> None:
    reg = ActorRegistry.load(EXAMPLE)
    with pytest.raises(InputError, match="already names actor 'putin'"):
        reg.add_alias("Putin", "trump")
    with pytest.raises(InputError, match="unknown actor id"):
        reg.add_alias("Somebody", "nobody")
    with pytest.raises(InputError, match="already names actor"):
        reg.add_actor("Vladimir Putin")
    with pytest.raises(InputError, match="kind must be one of"):
        reg.add_actor("New Bloc", kind="alliance")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("actors:\n- id: x\n  name: X\n  kind: planet\n", "2: x.kind: kind must be one of"),
        ("actors:\n- id: x\n  name: X\n  kind: person\n  speaks_for: y\n",
         "2: x.speaks_for: unknown actor id 'y'"),
        ("actors:\n- id: x\n  name: X\n  kind: person\n- id: x\n  name: Y\n  kind: person\n",
         "duplicate actor id 'x'"),
        ("actors:\n- id: x\n  name: X\n  kind: person\n  roles:\n  - title: t\n"
         "    start: 2025-13-01\n", "6: x.roles.start: expected a date"),
        ("actors:\n- id: X Y\n  name: X\n  kind: person\n", "2: id: each actor needs an id"),
        ("actors: [\n", "not valid YAML"),
        ("version: 1\n", "actors: expected a mapping with an 'actors' list"),
    ],
)
def test_bad_registry_files_name_file_line_and_field(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        ActorRegistry.load(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)


def test_normalise_name_folds_possessives_and_articles() -> None:
    assert normalise_name("Trump’s") == "trump"
    assert normalise_name("the  Kremlin") == "kremlin"


# -- resolution -------------------------------------------------------------------------


def test_aliases_resolve_whatever_label_the_ner_guessed(
    nlp: Language, resolver: ActorResolver
) -> None:
    got = resolved(nlp, resolver, "Trump, Witkoff and Kushner met Lavrov in Moscow.")
    assert got == {"Trump": "trump", "Witkoff": "witkoff", "Kushner": "kushner",
                   "Lavrov": "lavrov", "Moscow": "russia"}


def test_misspellings_and_fuzzy_matches(nlp: Language, resolver: ActorResolver) -> None:
    text = "Steve Witkov flew in. Later Witkof, a White Home envoy, met Vyacheslav Nikanov."
    mentions = {m.text: m for m in resolver.resolve(nlp(text))}
    assert mentions["Steve Witkov"].actor_id == "witkoff"
    assert mentions["Steve Witkov"].method == "misspelling"
    assert mentions["White Home"].actor_id == "white_house"
    # Not in the registry as spelt: fuzzy (Jaro–Winkler) match on the whole name.
    assert mentions["Witkof"].actor_id == "witkoff" and mentions["Witkof"].method == "fuzzy"
    assert mentions["Vyacheslav Nikanov"].actor_id == "nikonov"


def test_a_given_name_spelt_with_another_letter_still_fuzzy_matches(
    nlp: Language, resolver: ActorResolver
) -> None:
    # the surname's first letter must agree, the given name's need not (C/K)
    got = resolved(nlp, resolver, "Caroline Levitt said the talks went well.")
    assert got.get("Caroline Levitt") == "leavitt"
    assert resolved(nlp, resolver, "Emmanuel Bonne spoke.").get("Emmanuel Bonne") != "macron"


def test_fuzzy_matching_leaves_unrelated_names_alone(
    nlp: Language, resolver: ActorResolver
) -> None:
    got = resolved(nlp, resolver, "Kamala Harris spoke to Liz Truss and Tucker Carlson.")
    assert got.get("Kamala Harris") is None and got.get("Liz Truss") is None
    # A person is never fuzzy-matched to an organisation (Rothschild & Co).
    people = resolved(nlp, resolver, "The banker Jacob Rothschild met Mikhail Khodorkovsky.")
    assert people.get("Jacob Rothschild") is None
    assert "’s son" not in resolved(nlp, resolver, "Jared Kushner, the president’s son-in-law.")


def test_first_name_resolves_by_context(nlp: Language, resolver: ActorResolver) -> None:
    text = ("Kirill Dmitriev joined the talks. Witkoff said: “There is a gentleman from "
            "Russia, his name is Kirill, and he helped.”")
    mentions = [m for m in resolver.resolve(nlp(text)) if m.text == "Kirill"]
    assert [(m.actor_id, m.method) for m in mentions] == [("dmitriev", "context")]


def test_first_name_without_context_or_ambiguous_stays_unresolved(
    nlp: Language, resolver: ActorResolver
) -> None:
    alone = resolved(nlp, resolver, "A man called Kirill phoned the embassy.")
    assert alone.get("Kirill") is None
    both = resolved(nlp, resolver, "Dmitry Peskov and Dmitry Medvedev spoke. Then Dmitry left.")
    assert both.get("Dmitry") is None  # two Dmitrys mentioned: no guess


def test_role_descriptions_resolve_through_registry_roles(
    nlp: Language, resolver: ActorResolver
) -> None:
    got = resolved(
        nlp, resolver,
        "The Russian president spoke to Foreign Minister Lavrov. Putin's spokesperson "
        "declined to comment, and the Kremlin spokesman later said more. The American "
        "president's envoy arrived.",
    )
    assert got["The Russian president"] == "putin"
    assert got["Lavrov"] == "lavrov"
    assert got["Putin's spokesperson"] == "peskov"
    assert got["the Kremlin spokesman"] == "peskov"
    assert got["The American\npresident".replace("\n", " ")] == "trump"


def test_title_before_a_name_yields_one_mention(nlp: Language, resolver: ActorResolver) -> None:
    mentions = resolver.resolve(nlp("Russian President Vladimir Putin arrived."))
    assert [(m.text, m.actor_id) for m in mentions] == [("Vladimir Putin", "putin")]


def test_role_noun_back_reference_takes_the_latest_holder(
    nlp: Language, resolver: ActorResolver
) -> None:
    text = "Kirill Dmitriev met Witkoff. The adviser said talks went well."
    got = {m.text: (m.actor_id, m.method) for m in resolver.resolve(nlp(text))}
    assert got["The adviser"] == ("dmitriev", "title")
    nobody = resolved(nlp, resolver, "The adviser said talks went well.")
    assert "The adviser" not in nobody
    # "the head of X" describes someone else's post, not a back-reference.
    other = resolved(nlp, resolver, "Kirill Dmitriev spoke. The head of the IMF disagreed.")
    assert "The head" not in other


def test_roles_respect_the_article_date(nlp: Language) -> None:
    before = ActorResolver(registry(), when=date(2024, 6, 1))
    after = ActorResolver(registry(), when=date(2025, 6, 1))
    text = "The American president spoke."
    assert resolved(nlp, after, text).get("The American president") == "trump"
    assert "The American president" not in resolved(nlp, before, text)


def test_demonyms_resolve_to_the_state(nlp: Language, resolver: ActorResolver) -> None:
    mentions = resolver.resolve(nlp("Russian officials met Ukrainian diplomats."))
    assert [(m.text, m.label, m.actor_id, m.method) for m in mentions] == [
        ("Russian", "NORP", "russia", "demonym"),
        ("Ukrainian", "NORP", "ukraine", "demonym"),
    ]


def test_demonyms_of_attributes_do_not_stand_for_the_state(
    nlp: Language, resolver: ActorResolver
) -> None:
    mentions = resolver.resolve(nlp(
        "Russian and American officers met. A Russian artist painted it. Russians back talks."
    ))
    assert [(m.text, m.actor_id) for m in mentions] == [
        ("Russian", "russia"), ("American", "united_states"), ("Russian", None),
        ("Russians", "russia"),
    ]


def test_unknown_people_are_candidates_and_ignored_names_are_marked(
    nlp: Language, resolver: ActorResolver
) -> None:
    mentions = {m.text: m for m in resolver.resolve(nlp(
        "Alex Krainer told Tucker Carlson about it."
    ))}
    assert mentions["Alex Krainer"].actor_id is None
    assert mentions["Alex Krainer"].label == "PERSON" and mentions["Alex Krainer"].method is None
    assert mentions["Tucker Carlson"].method == "ignored"


def test_mention_offsets_point_at_the_text(nlp: Language, resolver: ActorResolver) -> None:
    doc = nlp("Witkov met “Putin’s spokesperson” and the Kremlin in Moscow’s centre.")
    mentions = resolver.resolve(doc)
    assert mentions and all(doc.text[m.start:m.end] == m.text for m in mentions)
    assert all(isinstance(m, Mention) for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_resolver_rejects_a_bad_threshold() -> None:
    with pytest.raises(ValueError, match="fuzzy_threshold"):
        ActorResolver(registry(), fuzzy_threshold=0)


_names = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'’.é"),
    min_size=2, max_size=20,
).filter(lambda s: s.strip() and s.strip()[0].isalpha())


@settings(max_examples=30, deadline=None)
@given(st.lists(_names, min_size=1, max_size=6, unique_by=normalise_name))
def test_edits_survive_a_save_and_load(tmp_path_factory: pytest.TempPathFactory,
                                       names: list[str]) -> None:
    """Whatever names the analyst merges or ignores, the written file reads back the same."""
    path = tmp_path_factory.mktemp("reg") / "actors.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    reg = ActorRegistry.load(path)
    for i, name in enumerate(names):
        if reg.find(name) is not None:
            continue
        if i % 2:
            reg.add_ignore(name)
        else:
            reg.add_alias(name, "witkoff")
    reg.save()
    back = ActorRegistry.load(path)
    assert back.to_dict() == reg.to_dict()
    for name in names:
        assert back.find(name) is not None or back.is_ignored(name)
