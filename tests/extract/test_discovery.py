"""Unknown people become one candidate each, with a proposed side and role; accepting one
re-resolves without new misattributions (no registry name inside a longer name)."""

from __future__ import annotations

import functools
from pathlib import Path

from spacy.language import Language
from typer.testing import CliRunner

from accord.cli import app
from accord.extract.actors import ActorResolver
from accord.extract.discovery import MentionText, discover_people
from accord.extract.nlp import load_pipeline
from accord.extract.registry import ActorRegistry

TEXT = (
    "Secretary of State Marco Rubio arrived in Geneva. Ukraine's national security secretary "
    "Rustem Umerov met Army Secretary Dan Driscoll, while Kremlin aide Yuri Ushakov stayed "
    "home. Later Rubio said the talks went well, and Secretary Rubio praised Umerov. "
    "Andrii Yermak, the head of Ukraine's presidential office, joined them; Andriy Yermak "
    "spoke first."
)
NAMES = ["Marco Rubio", "Rustem Umerov", "Dan Driscoll", "Yuri Ushakov", "Rubio said",
         "Secretary Rubio", "Umerov.", "Andrii Yermak", "Andriy Yermak"]


@functools.lru_cache(maxsize=1)
def nlp() -> Language:
    return load_pipeline()


def small_registry() -> ActorRegistry:
    return ActorRegistry.from_dict({"actors": [
        {"id": "united_states", "name": "United States", "kind": "state",
         "aliases": ["U.S.", "US"]},
        {"id": "ukraine", "name": "Ukraine", "kind": "state", "aliases": ["Ukraine"]},
        {"id": "russia", "name": "Russia", "kind": "state", "aliases": ["Russia"]},
        {"id": "kremlin", "name": "Kremlin", "kind": "organisation", "aliases": ["Kremlin"],
         "speaks_for": "russia"},
    ]})


def mentions() -> list[MentionText]:
    out = []
    for n in NAMES:
        name = n.split()[0].rstrip(".") if n.endswith((" said", ".")) else n
        at = TEXT.index(n)
        out.append(MentionText(1, TEXT, at, at + len(name), "PERSON"))
    return out


def test_one_candidate_per_person_with_affiliation_role_and_evidence() -> None:
    found = {c.name: c for c in discover_people(mentions(), small_registry())}
    rubio = found["Marco Rubio"]
    assert rubio.count == 3 and rubio.forms == ["Marco Rubio", "Rubio"]  # titled + bare
    assert rubio.role == "secretary of state"
    umerov = found["Rustem Umerov"]
    assert (umerov.count, umerov.affiliation, umerov.role) == (
        2, "ukraine", "national security secretary")
    assert umerov.evidence and "Ukraine's national security secretary" in umerov.evidence[0]
    assert found["Dan Driscoll"].role == "army secretary"
    assert (found["Yuri Ushakov"].affiliation, found["Yuri Ushakov"].role) == ("russia", "aide")
    yermak = [c for c in found.values() if "Yermak" in c.name]
    assert len(yermak) == 1 and yermak[0].count == 2  # transliterations are one person
    assert (yermak[0].affiliation, yermak[0].role) == ("ukraine", "head of presidential office")


def test_no_registry_name_inside_a_longer_name() -> None:
    resolver = ActorResolver(ActorRegistry.default())
    found = resolver.resolve(nlp()(
        "USA TODAY reported that Donald Trump Jr. and Eric Trump met President Trump."))
    by_text = {m.text: m.actor_id for m in found}
    assert "USA" not in by_text
    assert by_text.get("Donald Trump Jr.") is None and by_text.get("Eric Trump") is None
    assert [m.actor_id for m in found if m.text == "Trump"] == ["trump"]


def test_accept_with_affiliation_role_team_and_no_stolen_surname(tmp_path: Path) -> None:
    reg_file = tmp_path / "actors.yaml"
    packaged = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "actors.yaml"
    reg_file.write_text(packaged.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, [
        "actors", "accept", "Donald Trump Jr.", "--registry", str(reg_file),
        "--affiliation", "united_states", "--role", "businessman"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [
        "actors", "accept", "Josh Example", "--registry", str(reg_file),
        "--affiliation", "united_states", "--role", "army secretary", "--team",
        "us_negotiators"])
    assert result.exit_code == 0, result.output
    reg = ActorRegistry.load(reg_file)
    jr = reg.get("donald_trump_jr")
    assert "Trump" not in jr.aliases  # the surname stays Donald Trump's
    josh = reg.get("josh_example")
    assert [(r.title, r.of) for r in josh.roles] == [("army secretary", "united_states")]
    assert "josh_example" in {t.id: t for t in reg.teams}["us_negotiators"].members
    found = ActorResolver(reg).resolve(nlp()(
        "Donald Trump Jr. met Trump. Army Secretary Josh Example and Example spoke."))
    assert [(m.text, m.actor_id) for m in found if m.actor_id] == [
        ("Donald Trump Jr.", "donald_trump_jr"), ("Trump", "trump"),
        ("Josh Example", "josh_example"), ("Example", "josh_example")]
    bad = runner.invoke(app, ["actors", "accept", "Zed Zed", "--registry", str(reg_file),
                              "--team", "no_such_team"])
    assert bad.exit_code == 1 and "unknown team" in bad.output


def test_a_shared_given_name_is_not_the_same_person() -> None:
    resolver = ActorResolver(ActorRegistry.default())
    found = resolver.resolve(nlp()("Emmanuel Macron met Emmanuel Bonne in Paris."))
    assert [(m.text, m.actor_id) for m in found if m.label == "PERSON"] == [
        ("Emmanuel Macron", "macron"), ("Emmanuel Bonne", "bonne")]
    reg = ActorRegistry.default()
    reg.actors.pop("macron")
    found = ActorResolver(reg).resolve(nlp()("Emmanuel Macron met Zelensky."))
    assert [m.actor_id for m in found if m.text == "Emmanuel Macron"] == [None]
