"""The actor registry: ``actors`` lists it; ``merge``, ``accept`` and ``ignore`` edit it.

The packaged registry is never edited in place: with no registry file named and no
``./actors.yaml``, an edit writes a new ``./actors.yaml`` started from the packaged one
(:attr:`RegistryEdit.created` says so).

>>> import accord
>>> rows = accord.actors()
>>> next(r for r in rows if r["id"] == "putin")["kind"]
'person'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.extract.registry import Actor, ActorRegistry

PathLike = str | os.PathLike[str]


def actors(registry: PathLike | ActorRegistry | None = None) -> list[dict[str, Any]]:
    """One plain row per registry actor: id, name, kind, aliases, demonyms, roles, teams,
    speaks_for, gender (``accord actors``)."""
    from accord.corpus_db import load_registry

    reg = load_registry(registry)
    return [
        {
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind,
            "aliases": [*actor.aliases, *actor.misspellings],
            "demonyms": list(actor.demonyms),
            "roles": [f"{r.title} of {r.of}" if r.of else r.title for r in actor.roles],
            "teams": [t.id for t in reg.teams_of(actor.id)],
            "speaks_for": actor.speaks_for,
            "gender": actor.gender,
        }
        for actor in reg
    ]


@dataclass(frozen=True)
class RegistryEdit:
    """What an edit did: whether the registry ``changed``, the file written (``path``),
    whether the file is new, ``created`` from the packaged registry, and the ``actor`` touched."""

    changed: bool
    path: Path
    created: bool
    actor: Actor | None = None


def editable_registry(registry: PathLike | None = None) -> tuple[ActorRegistry, Path]:
    """The registry to edit and the file edits go to: the named (or local) registry file, or
    a new ``./actors.yaml`` started from the packaged registry, which is never edited."""
    reg, path, _created = _editable(registry)
    return reg, path


def _editable(registry: PathLike | None) -> tuple[ActorRegistry, Path, bool]:
    from accord.extract.registry import ActorRegistry
    from accord.extract.registry_location import LOCAL_NAME, PACKAGED, registry_path

    path = registry_path(registry)
    reg = ActorRegistry.load(path)
    if path.resolve() == PACKAGED.resolve():
        reg.path = Path(LOCAL_NAME)
        return reg, Path(LOCAL_NAME), True
    return reg, path, False


def merge(name: str, into: str, *, registry: PathLike | None = None) -> RegistryEdit:
    """Make ``name`` an alias of actor ``into`` and rewrite the registry file."""
    reg, path, created = _editable(registry)
    changed = reg.add_alias(name, into)
    if changed:
        reg.save(path)
    return RegistryEdit(changed, path, created)


def accept(
    name: str,
    *,
    kind: str = "person",
    id: str | None = None,
    affiliation: str | None = None,
    role: str | None = None,
    team: str | None = None,
    source: str | None = None,
    registry: PathLike | None = None,
) -> RegistryEdit:
    """Add ``name`` as a new actor of ``kind`` (id from the name unless given), optionally
    holding ``role`` (default "member") for ``affiliation`` as ``source`` states, and in
    ``team``; rewrite the registry file."""
    reg, path, created = _editable(registry)
    actor = reg.add_actor(name, kind, id)
    if affiliation or role:
        reg.add_role(actor.id, role or "member", affiliation, source)
    if team is not None:
        reg.add_to_team(actor.id, team)
    reg.save(path)
    return RegistryEdit(True, path, created, actor)


def ignore(name: str, *, registry: PathLike | None = None) -> RegistryEdit:
    """Stop listing ``name`` as a candidate (the registry's ignore list) and rewrite the file."""
    reg, path, created = _editable(registry)
    changed = reg.add_ignore(name)
    if changed:
        reg.save(path)
    return RegistryEdit(changed, path, created)
