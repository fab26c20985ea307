"""Merge a draft into an analyst's model file without losing the analyst's work.

The analyst's file is edited as text, so every comment, value, quoting choice and key order in
it stays as written. The draft only

* **adds** actors, issues and positions the analyst's file does not have (a draft actor is the
  analyst's actor with the same ``id`` or ``registry_id``; a draft issue is the analyst's issue
  with the same id or a lexicon alias of it: ``nato_membership`` ↔ ``nato``);
* **fills** what is empty: a position without ``evidence`` gets the draft's evidence;
* **replaces** a position the analyst has left *flagged* — one that still carries a
  ``proposed:`` mapping (from an earlier draft) — with the new draft of it.

Everything else the analyst wrote wins. The result is validated by the caller like any model.

>>> analyst = '''name: m  # my model
... actors:
... - {id: ru, capability: 80, registry_id: russia}  # my judgement
... issues:
... - {id: territory, question: Who controls the land}
... positions: []
... '''
>>> from accord.model.schema import NegotiationModel
>>> draft = NegotiationModel.model_validate({"name": "d", "actors": [
...     {"id": "russia", "capability": 50, "registry_id": "russia"},
...     {"id": "ukraine", "capability": 50, "registry_id": "ukraine"}],
...     "issues": [{"id": "territory", "question": "?"}], "positions": [
...     {"actor": "russia", "issue": "territory", "position": 90, "salience": 40}]})
>>> text, report = merge_into(analyst, draft, "m.yaml")
>>> "# my judgement" in text and "capability: 80" in text and "actor: ru" in text
True
>>> report
'1 actor(s), 0 issue(s), 1 position(s) added; 0 filled with evidence; 0 flagged replaced'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from accord.errors import InputError
from accord.files import compose_yaml_text, parse_yaml_text
from accord.model.schema import NegotiationModel


def merge_into(
    text: str,
    draft: NegotiationModel,
    file: str,
    *,
    issue_alias: Callable[[str], str | None] | None = None,
) -> tuple[str, str]:
    """``(merged text, one-line report)``: the analyst's ``text`` with the draft merged in.

    ``issue_alias`` maps an issue id to a canonical one (the issue lexicon's
    :meth:`~accord.extract.positions.IssueLexicon.resolve` does: the analyst's ``nato`` and the
    draft's ``nato_membership`` are one issue); by default ids are compared as they are.
    """
    canon = issue_alias or (lambda issue_id: issue_id)
    root = compose_yaml_text(text, file)
    data = parse_yaml_text(text, file)
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise InputError("expected a model mapping at the top level", file=file, line=1)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"

    actor_map: dict[str, str] = {}
    for a in data.get("actors") or []:
        for key in (a.get("id"), a.get("registry_id")):
            if key is not None:
                actor_map.setdefault(str(key), str(a["id"]))
    issue_map = {canon(str(i["id"])) or str(i["id"]): str(i["id"])
                 for i in data.get("issues") or []}
    edits: list[tuple[int, int, list[str]]] = []  # (start line, end line, new lines)
    appended: dict[str, list[dict[str, Any]]] = {"actors": [], "issues": [], "positions": []}

    for a in draft.actors:
        if a.id not in actor_map and str(a.registry_id) not in actor_map:
            appended["actors"].append(_dump(a))
            actor_map[a.id] = a.id
    needed_issues = {p.issue for p in draft.positions}
    for i in draft.issues:
        key = canon(i.id) or i.id
        if key not in issue_map and i.id in needed_issues:
            appended["issues"].append(_dump(i))
            issue_map[key] = i.id

    seq = _sequence(root, "positions")
    existing: dict[tuple[str, str], int] = {}
    for k, p in enumerate(data.get("positions") or []):
        existing[(str(p.get("actor")), canon(str(p.get("issue"))) or str(p.get("issue")))] = k
    filled = replaced = 0
    for p in draft.positions:
        actor = actor_map.get(p.actor, p.actor)
        key_issue = canon(p.issue) or p.issue
        issue = issue_map.get(key_issue, p.issue)
        entry = _dump(p)
        entry["actor"], entry["issue"] = actor, issue
        found = existing.get((actor, key_issue))
        if found is None:
            appended["positions"].append(entry)
            continue
        k = found
        old = (data.get("positions") or [])[k]
        assert seq is not None
        start, end, indent = _item_lines(seq, k, lines)
        if old.get("proposed"):
            edits.append((start, end, _render([entry], indent)))
            replaced += 1
        elif not old.get("evidence") and entry.get("evidence"):
            block = yaml.safe_dump({"evidence": entry["evidence"]}, sort_keys=False,
                                   allow_unicode=True, width=100)
            pad = " " * (indent + 2)
            edits.append((end, end, [pad + line + "\n" for line in block.splitlines()]))
            filled += 1

    for key in ("positions", "issues", "actors"):  # bottom-up keeps line numbers valid
        items = appended[key]
        if not items:
            continue
        node = _sequence(root, key)
        if node is None or not node.value:
            if node is not None and isinstance(node, yaml.SequenceNode) and node.flow_style:
                line = node.start_mark.line
                lines[line] = lines[line].replace("[]", "", 1)
                edits.append((line + 1, line + 1, _render(items, 0)))
            else:
                edits.append((len(lines), len(lines), [f"{key}:\n", *_render(items, 0)]))
            continue
        _, end, indent = _item_lines(node, len(node.value) - 1, lines)
        edits.append((end, end, _render(items, indent)))
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:end] = new
    report = (f"{len(appended['actors'])} actor(s), {len(appended['issues'])} issue(s), "
              f"{len(appended['positions'])} position(s) added; {filled} filled with evidence; "
              f"{replaced} flagged replaced")
    return "".join(lines), report


def _dump(item: Any) -> dict[str, Any]:
    out: dict[str, Any] = item.model_dump(mode="json", by_alias=True, exclude_none=True,
                                          exclude_defaults=True)
    return out


def _render(items: list[dict[str, Any]], indent: int) -> list[str]:
    block = yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=100)
    pad = " " * indent
    return [pad + line + "\n" for line in block.splitlines()]


def _sequence(root: yaml.MappingNode, key: str) -> yaml.SequenceNode | None:
    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.SequenceNode):
            return v
    return None


def _item_lines(seq: yaml.SequenceNode, k: int, lines: list[str]) -> tuple[int, int, int]:
    """(first line, line after the last content line, dash column) of item ``k``; comment and
    blank lines after an item belong to what follows it."""
    node = seq.value[k]
    start = node.start_mark.line
    dash = lines[start].index("-") if "-" in lines[start][: node.start_mark.column] else max(
        0, node.start_mark.column - 2)
    end = seq.value[k + 1].start_mark.line if k + 1 < len(seq.value) else seq.end_mark.line
    if node.end_mark.line > start:  # block style: the mapping ends where its last line does
        end = min(end, node.end_mark.line + (1 if node.end_mark.column else 0))
    else:
        end = start + 1
    while end > start + 1 and lines[end - 1].strip() in ("",) or (
        end > start + 1 and lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    return start, end, dash


__all__ = ["merge_into"]
