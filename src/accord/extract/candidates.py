"""Names the actor registry does not know yet: unresolved mentions grouped for review.

``accord actors candidates`` lists them; ``merge``/``accept``/``ignore`` turn one into an
alias, a new actor or an ignored name.

>>> from sqlalchemy.orm import Session
>>> from accord.extract.registry import ActorRegistry
>>> from accord.store.db import open_engine
>>> with Session(open_engine(":memory:")) as s:
...     candidate_rows(s, ActorRegistry.default())
[]
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accord.extract.registry import ActorRegistry, normalise_name
from accord.store.extract_queries import unresolved_mentions


def candidate_rows(
    session: Session,
    registry: ActorRegistry,
    *,
    labels: tuple[str, ...] = ("PERSON",),
    min_count: int = 1,
    context: int = 60,
) -> list[dict[str, Any]]:
    """Unknown people: unresolved mentions grouped one candidate per person (full name,
    titled variants and bare surnames together), most frequent first, with the affiliation and
    role their titles propose and the evidence (:mod:`accord.extract.discovery`), and an
    example with ``context`` characters either side.

    Names the analyst ignored, and names the registry now resolves (edited since the last
    extraction), are left out.
    """
    from accord.extract.discovery import MentionText, candidate_dicts, discover_people

    mentions: list[MentionText] = []
    # A name recurs in thousands of mentions: the registry is asked once per distinct name.
    unknown: dict[str, bool] = {}
    for row, text in unresolved_mentions(session, labels):
        # Role descriptions that found no holder ("the US envoy") are not names.
        if row.method in ("ignored", "title"):
            continue
        keep = unknown.get(row.text)
        if keep is None:
            keep = unknown[row.text] = (
                not registry.is_ignored(row.text) and registry.find(row.text) is None
                and bool(normalise_name(row.text))
            )
        if keep:
            mentions.append(MentionText(row.article_id, text, row.start, row.end, row.label))
    return [r for r in candidate_dicts(discover_people(mentions, registry, context=context))
            if int(str(r["count"])) >= min_count]
