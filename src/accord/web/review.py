"""Candidate review from the workbench: accept a name as a new actor (with an affiliation),
merge it into an existing actor as an alias, or ignore it. Each rewrites the registry file the
same way ``accord actors accept/merge/ignore`` does."""

from __future__ import annotations

from typing import Any

from accord.errors import InputError
from accord.extract.registry import Role


def review_candidate(
    wb: Any,
    action: str,
    name: str,
    *,
    kind: str = "person",
    affiliation: str = "",
    role: str = "",
    into: str = "",
) -> str:
    """Apply one review ``action`` (accept, merge, ignore) to candidate ``name``; return what
    was done, in words."""
    from accord.registry import editable_registry

    name = " ".join(name.split())
    if not name:
        raise InputError("the name is empty", field="name")
    reg, target = editable_registry(wb.registry_option)
    if action == "accept":
        actor = reg.add_actor(name, kind)
        if affiliation:
            if affiliation not in reg:
                raise InputError(f"no actor {affiliation!r} to affiliate with", field="affiliation")
            actor.roles.append(Role(title=role.strip() or "member", of=affiliation))
        reg.save(target)
        wb.registry_option = str(target)
        return f"added actor {actor.id} ({actor.name})" + (
            f", {role.strip() or 'member'} of {affiliation}" if affiliation else ""
        )
    if action == "merge":
        if into not in reg:
            raise InputError(f"no actor {into!r} to merge into", field="into")
        changed = reg.add_alias(name, into)
        if changed:
            reg.save(target)
        wb.registry_option = str(target)
        if changed:
            return f"{name!r} is now an alias of {into}"
        return f"{name!r} already names {into}"
    if action == "ignore":
        if reg.add_ignore(name):
            reg.save(target)
        wb.registry_option = str(target)
        return f"ignoring {name!r}"
    raise InputError(f"unknown action {action!r}: accept, merge or ignore", field="action")
