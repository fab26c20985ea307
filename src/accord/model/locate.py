"""Turn pydantic validation errors into located, one-line :class:`InputError`s.

Readers (YAML, CSV, XML) know where each value came from; they pass a ``locate`` callback that
maps a pydantic error location such as ``("positions", 3, "salience")`` to a (line, column) in
the source file. The message says what is wrong and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from accord.errors import InputError, Loc, ModelFileError, field_path

Locator = Callable[[Loc], tuple[int | None, int | None]]

# What is allowed, per pydantic error type, for the "what is allowed" half of the message.
_ALLOWED: dict[str, str] = {
    "finite_number": "a finite number (NaN and infinity are not allowed)",
    "float_parsing": "a number",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "string_type": "a text string",
    "list_type": "a list (YAML '- item' entries)",
    "dict_type": "a mapping (YAML 'key: value' entries)",
    "model_type": "a mapping (YAML 'key: value' entries)",
    "missing": "this field is required",
}


def _message(err: Any, allowed_fields: Callable[[Loc], list[str]] | None) -> str:
    kind = str(err["type"])
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        loc = tuple(err["loc"])
        allowed = allowed_fields(loc[:-1]) if allowed_fields else []
        tail = f"; allowed fields: {', '.join(allowed)}" if allowed else ""
        return f"unknown field {loc[-1]!r}{tail}"
    got = err.get("input")
    shown = f" (got {got!r})" if got is not None and not isinstance(got, dict | list) else ""
    if kind == "string_type" and isinstance(got, bool):
        # YAML 1.1 reads yes/no/on/off/true/false unquoted as booleans.
        return (
            f"expected text, got the boolean {got!r}: YAML reads unquoted yes/no/on/off "
            "as true/false; quote it"
        )
    hint = _ALLOWED.get(kind)
    if kind == "finite_number":
        return f"{hint}{shown}"
    if hint and hint not in msg:
        return f"{msg}{shown}; expected {hint}"
    return f"{msg}{shown}"


def to_input_errors(
    exc: ValidationError,
    file: str,
    locate: Locator,
    allowed_fields: Callable[[Loc], list[str]] | None = None,
) -> list[InputError]:
    """One :class:`InputError` per pydantic error, each with file, line, column and field."""
    out: list[InputError] = []
    for err in exc.errors():
        loc: Loc = tuple(err["loc"])
        line, col = locate(loc)
        out.append(
            InputError(
                _message(err, allowed_fields),
                file=file,
                line=line,
                column=col,
                field=field_path(loc),
            )
        )
    return out


_ID_LISTS = ("actors", "issues", "tracks", "side_payment_pools")


def check_unique_ids(data: Any, file: str, locate: Locator) -> None:
    """Duplicate ids and duplicate (actor, issue) positions in a model's plain data, at the
    line (and column) of the second one — before the schema, which can only name the model."""
    if not isinstance(data, dict):
        return
    for section in _ID_LISTS:
        items = data.get(section)
        if not isinstance(items, list):
            continue
        seen: dict[Any, int] = {}
        for k, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str | int | float):
                if item["id"] in seen:
                    line, col = locate((section, k, "id"))
                    raise InputError(
                        f"duplicate id {item['id']!r} (also {section}[{seen[item['id']]}]); "
                        "ids must be unique",
                        file=file,
                        line=line,
                        column=col,
                        field=f"{section}[{k}].id",
                    )
                seen[item["id"]] = k
    positions = data.get("positions")
    if isinstance(positions, list):
        pairs: dict[tuple[Any, Any], int] = {}
        for k, p in enumerate(positions):
            if isinstance(p, dict) and "actor" in p and "issue" in p:
                key = (str(p["actor"]), str(p["issue"]))
                if key in pairs:
                    line, col = locate(("positions", k))
                    raise InputError(
                        f"second position for actor {key[0]!r} on issue {key[1]!r} "
                        f"(first is positions[{pairs[key]}]); give one position per pair",
                        file=file,
                        line=line,
                        column=col,
                        field=f"positions[{k}]",
                    )
                pairs[key] = k


__all__ = [
    "Loc",
    "Locator",
    "ModelFileError",
    "check_unique_ids",
    "field_path",
    "to_input_errors",
]
