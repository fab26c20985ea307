"""An ad-hoc agenda: a narrower set of actors and issues of a model, as a track of its own.

The analyst's "what if only these parties talked about these issues": the model gains a track
``"agenda"``; the file is not changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from accord.errors import InputError
from accord.model.io import LoadedModel
from accord.model.schema import Track

Loaded = TypeVar("Loaded", bound=LoadedModel)

AGENDA_ID = "agenda"


def with_agenda(
    source: Loaded,
    actors: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    track: str | None = None,
) -> tuple[Loaded, str]:
    """Add an ad-hoc agenda — a narrower set of actors and issues — as a track to bargain on.

    Starts from ``track`` (or the whole model) and keeps only ``actors`` and/or ``issues``;
    returns the model with the agenda as track ``"agenda"`` and that track's id. The file is
    not changed: this is the analyst's "what if only these parties talked about these issues".

    >>> from accord.model.load import load_checked
    >>> loaded = load_checked("examples/ukraine-2025/model.yaml")
    >>> m, t = with_agenda(loaded, actors=["us", "russia", "ukraine"],
    ...                    issues=["territory", "ceasefire"])
    >>> [(x.id, x.actors, x.issues) for x in m.model.tracks if x.id == t]
    [('agenda', ['us', 'russia', 'ukraine'], ['territory', 'ceasefire'])]
    """
    model = source.model
    base_actors, base_issues = model.in_play(track)
    chosen_actors = _pick(actors, base_actors, "actors", track)
    chosen_issues = _pick(issues, base_issues, "issues", track)
    if len(chosen_actors) < 2:
        raise InputError("an agenda needs at least two actors", field="actors")
    agenda = Track(
        id=AGENDA_ID,
        name="ad-hoc agenda",
        actors=chosen_actors,
        issues=chosen_issues,
        description=f"{', '.join(chosen_actors)} on {', '.join(chosen_issues)}",
    )
    tracks = [t for t in model.tracks if t.id != AGENDA_ID] + [agenda]
    return replace(source, model=model.model_copy(update={"tracks": tracks})), AGENDA_ID


def _pick(
    wanted: Sequence[str] | None, available: list[str], field: str, track: str | None
) -> list[str]:
    if wanted is None:
        return available
    where = f"track {track!r}" if track else "the model"
    unknown = [w for w in wanted if w not in available]
    if unknown:
        raise InputError(
            f"{', '.join(map(repr, unknown))} not in {where} ({', '.join(available)})",
            field=field,
        )
    return list(dict.fromkeys(wanted))
