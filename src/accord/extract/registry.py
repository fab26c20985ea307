"""The actor registry: who matters in a negotiation, as the analyst wrote it down.

The registry lists states, blocs, organisations and people with their aliases, misspellings
seen in bad copies, roles (title + whose + dates + source), team memberships and
``speaks_for`` links (a spokesperson voices a principal). See
``examples/ukraine-2025/actors.yaml``. This module holds the entries, their validation, the
lookups and the analyst's edits; :mod:`accord.extract.registry_yaml` reads and writes the file,
:mod:`accord.extract.registry_location` finds it, :mod:`accord.extract.actors` resolves
mentions against it.

>>> registry = ActorRegistry.default()
>>> registry.get("peskov").speaks_for
'putin'
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.extract.registry_location import PACKAGED
from accord.extract.registry_yaml import format_registry_yaml, read_registry_yaml
from accord.files import atomic_write_text

KINDS = ("person", "state", "organisation", "bloc")
GENDERS = ("male", "female")

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Role:
    """A title held for (``of``) another actor, e.g. president of ``russia``."""

    title: str
    of: str | None = None
    start: date | None = None
    end: date | None = None
    source: str | None = None

    def active(self, when: date | None) -> bool:
        """True when the role is held on ``when`` (always true without a date)."""
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass
class Actor:
    """One registry entry."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    misspellings: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    gender: str | None = None
    roles: list[Role] = field(default_factory=list)
    speaks_for: str | None = None
    note: str | None = None

    def surface_forms(self) -> list[str]:
        """Canonical name, aliases and misspellings (no demonyms)."""
        return unique_names([self.name, *self.aliases, *self.misspellings])

    def first_names(self) -> set[str]:
        """Given names of a person: first token of each multi-word name form."""
        if self.kind != "person":
            return set()
        return {f.split()[0] for f in self.surface_forms() if len(f.split()) > 1}


@dataclass
class Team:
    """A negotiating team: members (actor ids) on one side."""

    id: str
    name: str
    side: str | None = None
    members: list[str] = field(default_factory=list)
    source: str | None = None


def unique_names(items: Iterable[str]) -> list[str]:
    """The non-empty names in ``items``, first occurrence kept, in order.

    >>> unique_names(["Putin", "", "Vladimir Putin", "Putin"])
    ['Putin', 'Vladimir Putin']
    """
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


@functools.lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """Fold a surface form for comparison: NFKC, straight apostrophes, no possessive, lower.

    Cached: registry lookups fold every name form of every actor for each name looked up
    (candidate review looks up tens of thousands of mentions).

    >>> normalise_name("  Trump’s ")
    'trump'
    """
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").strip()
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"^(the|The)\s+", "", text)
    return " ".join(text.split()).lower()


def slugify(name: str) -> str:
    """A registry id for a new actor name.

    >>> slugify("Anastasia Likhacheva")
    'anastasia_likhacheva'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"actor_{slug}"


class ActorRegistry:
    """The actors of one negotiation, loaded from (and saved to) a YAML file.

    >>> reg = ActorRegistry.default()
    >>> reg.get("dmitriev").name
    'Kirill Dmitriev'
    >>> reg.principal("peskov")
    'putin'
    """

    def __init__(
        self,
        actors: Sequence[Actor],
        teams: Sequence[Team] = (),
        ignore: Sequence[str] = (),
        *,
        path: Path | None = None,
        header: str = "",
        version: int = 1,
    ) -> None:
        self.actors: dict[str, Actor] = {}
        for actor in actors:
            if actor.id in self.actors:
                raise InputError(f"duplicate actor id {actor.id!r}", file=_s(path), field="id")
            self.actors[actor.id] = actor
        self.teams = list(teams)
        self.ignore = list(ignore)
        self.path = path
        self.header = header
        self.version = version

    # -- loading and saving -------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ActorRegistry:
        """Read a registry file; bad content is an :class:`InputError` naming file and line."""
        path = Path(path)
        data, header = read_registry_yaml(path)
        registry = cls.from_dict(data, path=path)
        registry.header = header
        return registry

    @classmethod
    def default(cls) -> ActorRegistry:
        """The packaged registry for the 2025 US–Russia talks on Ukraine."""
        return cls.load(PACKAGED)

    @classmethod
    def from_dict(cls, data: Any, *, path: Path | None = None) -> ActorRegistry:
        """Build a registry from parsed YAML, validating every field."""
        file = _s(path)
        if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
            raise InputError("expected a mapping with an 'actors' list", file=file, field="actors")
        actors = [_parse_actor(entry, file) for entry in data["actors"]]
        teams = [_parse_team(entry, file) for entry in data.get("teams") or []]
        ignore = data.get("ignore") or []
        if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
            raise InputError("expected a list of names", file=file, field="ignore")
        registry = cls(actors, teams, ignore, path=path, version=int(data.get("version", 1)))
        registry._check_references(data)
        return registry

    def _check_references(self, data: dict[str, Any]) -> None:
        file = _s(self.path)
        lines = {e.get("id"): e.get("__line__") for e in data["actors"] if isinstance(e, dict)}
        for actor in self.actors.values():
            line = lines.get(actor.id)
            if actor.speaks_for is not None and actor.speaks_for not in self.actors:
                raise InputError(
                    f"unknown actor id {actor.speaks_for!r}", file=file, line=line,
                    field=f"{actor.id}.speaks_for",
                )
            for role in actor.roles:
                if role.of is not None and role.of not in self.actors:
                    raise InputError(
                        f"unknown actor id {role.of!r}", file=file, line=line,
                        field=f"{actor.id}.roles.of",
                    )
        for team in self.teams:
            for member in [*team.members, *([team.side] if team.side else [])]:
                if member not in self.actors:
                    raise InputError(
                        f"unknown actor id {member!r}", file=file, field=f"teams.{team.id}"
                    )

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the file's layout (empty fields left out)."""
        return {
            "version": self.version,
            "actors": [_actor_dict(a) for a in self.actors.values()],
            "teams": [_team_dict(t) for t in self.teams],
            "ignore": list(self.ignore),
        }

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the registry back, deterministically, atomically (temp file + rename).

        The comment block at the top of the file is kept; comments inside entries are not
        (PyYAML does not keep them).
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise InputError("no file to save the registry to", field="registry")
        atomic_write_text(target, format_registry_yaml(self.to_dict(), self.header))
        self.path = target
        return target

    # -- lookups ------------------------------------------------------------------------

    def get(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if absent)."""
        return self.actors[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def __len__(self) -> int:
        return len(self.actors)

    def principal(self, actor_id: str) -> str:
        """Follow ``speaks_for`` links to the actor whose position is voiced.

        Cycles stop at the first repeated id.
        """
        seen = {actor_id}
        current = actor_id
        while (nxt := self.actors[current].speaks_for) is not None and nxt not in seen:
            seen.add(nxt)
            current = nxt
        return current

    def teams_of(self, actor_id: str) -> list[Team]:
        """Teams with this actor as a member."""
        return [t for t in self.teams if actor_id in t.members]

    def find(self, name: str) -> Actor | None:
        """The actor whose id, name, alias or misspelling equals ``name`` (folded)."""
        key = normalise_name(name)
        for actor in self.actors.values():
            if key == actor.id or key in {normalise_name(f) for f in actor.surface_forms()}:
                return actor
        return None

    def is_ignored(self, name: str) -> bool:
        """True when the analyst chose to ignore this name."""
        key = normalise_name(name)
        return any(normalise_name(n) == key for n in self.ignore)

    # -- edits (used by `accord actors merge/accept/ignore`) -----------------------------

    def add_alias(self, name: str, actor_id: str) -> bool:
        """Add ``name`` as an alias of ``actor_id``; False if it already names that actor."""
        if actor_id not in self.actors:
            # ``into`` is the caller's parameter, not a field of the file: the file goes in the
            # message so the CLI can name the flag (--into).
            raise InputError(f"unknown actor id {actor_id!r} in {_s(self.path)}", field="into")
        other = self.find(name)
        if other is not None and other.id != actor_id:
            raise InputError(
                f"{name!r} already names actor {other.id!r}", file=_s(self.path), field="aliases"
            )
        actor = self.actors[actor_id]
        if other is not None:
            return False
        actor.aliases.append(name)
        self._unignore(name)
        return True

    def add_actor(self, name: str, kind: str = "person", actor_id: str | None = None) -> Actor:
        """Add a new actor named ``name`` (id from the name unless given)."""
        if kind not in KINDS:
            raise InputError(f"kind must be one of {', '.join(KINDS)}", field="kind")
        existing = self.find(name)
        if existing is not None:
            raise InputError(
                f"{name!r} already names actor {existing.id!r}", file=_s(self.path), field="name"
            )
        new_id = actor_id or slugify(name)
        if not _ID_RE.match(new_id):
            raise InputError("ids are lowercase letters, digits and _", field="id")
        if new_id in self.actors:
            raise InputError(f"actor id {new_id!r} exists", file=_s(self.path), field="id")
        aliases = [name]
        words = [w for w in name.split() if w.lower().rstrip(".") not in ("jr", "sr", "ii", "iii")]
        if kind == "person" and len(words) > 1 and self.find(words[-1]) is None:
            # the surname alone, the usual second reference — unless it already names someone
            # else ("Trump" stays Donald Trump's when "Donald Trump Jr." is accepted)
            aliases.append(words[-1])
        actor = Actor(id=new_id, name=name, kind=kind, aliases=unique_names(aliases))
        self.actors[new_id] = actor
        self._unignore(name)
        return actor

    def add_role(
        self, actor_id: str, title: str, of: str | None, source: str | None = None,
        start: date | None = None,
    ) -> Role:
        """Give ``actor_id`` a role (``title`` of ``of``): its affiliation from then on."""
        if of is not None and of not in self.actors:
            raise InputError(f"unknown actor id {of!r} in {_s(self.path)}", field="affiliation")
        role = Role(title=title, of=of, start=start,
                    source=source or "accepted by the analyst from `accord actors candidates`")
        self.actors[actor_id].roles.append(role)
        return role

    def add_to_team(self, actor_id: str, team_id: str) -> None:
        """Add ``actor_id`` to the team ``team_id`` (which must exist)."""
        team = next((t for t in self.teams if t.id == team_id), None)
        if team is None:
            known = ", ".join(t.id for t in self.teams) or "none"
            raise InputError(f"unknown team {team_id!r} (teams: {known})", file=_s(self.path),
                             field="--team")
        if actor_id not in team.members:
            team.members.append(actor_id)

    def add_ignore(self, name: str) -> bool:
        """Record ``name`` in the ignore list; False if already there."""
        if self.is_ignored(name):
            return False
        self.ignore.append(name)
        return True

    def _unignore(self, name: str) -> None:
        key = normalise_name(name)
        self.ignore = [n for n in self.ignore if normalise_name(n) != key]


@functools.lru_cache(maxsize=1)
def default_registry() -> ActorRegistry:
    """The packaged registry, loaded once per process (do not edit the returned object)."""
    return ActorRegistry.default()


def _s(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _str_list(entry: dict[str, Any], key: str, file: str | None, where: str) -> list[str]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise InputError(
            "expected a list of strings", file=file, line=entry.get("__line__"),
            field=f"{where}.{key}",
        )
    return [str(v) for v in value]


def _date(value: Any, file: str | None, line: int | None, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"expected a date YYYY-MM-DD, got {value!r}", file=file, line=line, field=where
        ) from None


def _parse_actor(entry: Any, file: str | None) -> Actor:
    if not isinstance(entry, dict):
        raise InputError("each actor must be a mapping", file=file, field="actors")
    line = entry.get("__line__")
    actor_id = entry.get("id")
    if not isinstance(actor_id, str) or not _ID_RE.match(actor_id):
        raise InputError(
            "each actor needs an id of lowercase letters, digits and _", file=file, line=line,
            field="id",
        )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError("missing name", file=file, line=line, field=f"{actor_id}.name")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise InputError(
            f"kind must be one of {', '.join(KINDS)}, got {kind!r}", file=file, line=line,
            field=f"{actor_id}.kind",
        )
    gender = entry.get("gender")
    if gender is not None and gender not in GENDERS:
        raise InputError(
            f"gender must be one of {', '.join(GENDERS)}", file=file, line=line,
            field=f"{actor_id}.gender",
        )
    roles = []
    for raw in entry.get("roles") or []:
        rline = raw.get("__line__", line) if isinstance(raw, dict) else line
        if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
            raise InputError(
                "each role needs a title", file=file, line=rline, field=f"{actor_id}.roles"
            )
        roles.append(
            Role(
                title=raw["title"],
                of=raw.get("of"),
                start=_date(raw.get("start"), file, rline, f"{actor_id}.roles.start"),
                end=_date(raw.get("end"), file, rline, f"{actor_id}.roles.end"),
                source=raw.get("source"),
            )
        )
    speaks_for = entry.get("speaks_for")
    if speaks_for is not None and not isinstance(speaks_for, str):
        raise InputError(
            "expected an actor id", file=file, line=line, field=f"{actor_id}.speaks_for"
        )
    return Actor(
        id=actor_id,
        name=name.strip(),
        kind=kind,
        aliases=_str_list(entry, "aliases", file, actor_id),
        misspellings=_str_list(entry, "misspellings", file, actor_id),
        demonyms=_str_list(entry, "demonyms", file, actor_id),
        gender=gender,
        roles=roles,
        speaks_for=speaks_for,
        note=entry.get("note"),
    )


def _parse_team(entry: Any, file: str | None) -> Team:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise InputError("each team needs an id", file=file, field="teams")
    return Team(
        id=entry["id"],
        name=str(entry.get("name") or entry["id"]),
        side=entry.get("side"),
        members=_str_list(entry, "members", file, f"teams.{entry['id']}"),
        source=entry.get("source"),
    )


def _actor_dict(actor: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": actor.id, "name": actor.name, "kind": actor.kind}
    if actor.gender:
        out["gender"] = actor.gender
    for key in ("aliases", "misspellings", "demonyms"):
        values = getattr(actor, key)
        if values:
            out[key] = list(values)
    if actor.roles:
        out["roles"] = [
            {k: v for k, v in vars(r).items() if v is not None} for r in actor.roles
        ]
    if actor.speaks_for:
        out["speaks_for"] = actor.speaks_for
    if actor.note:
        out["note"] = actor.note
    return out


def _team_dict(team: Team) -> dict[str, Any]:
    out = {k: v for k, v in vars(team).items() if v not in (None, [])}
    return out


def side_of(registry: ActorRegistry, actor_id: str) -> str:
    """The state or bloc an actor stands for: itself for a state or bloc; else, through whom it
    speaks for and then its roles in order, the first that leads to a state ("Zelensky" →
    ``ukraine``; Dmitriev, head of the RDIF and adviser to Putin → ``russia``); itself if none.

    >>> side_of(default_registry(), "peskov"), side_of(default_registry(), "dmitriev")
    ('russia', 'russia')
    """
    found = _side(registry, actor_id, set())
    return found if found is not None else actor_id


def _side(registry: ActorRegistry, actor_id: str, seen: set[str]) -> str | None:
    if actor_id not in registry or actor_id in seen:
        return None
    seen.add(actor_id)
    actor = registry.get(actor_id)
    if actor.kind in ("state", "bloc"):
        return actor_id
    for nxt in [actor.speaks_for, *(r.of for r in actor.roles)]:
        if nxt is not None and (side := _side(registry, nxt, seen)) is not None:
            return side
    return None
