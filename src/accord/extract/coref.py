"""Back-references to people: "he added", "she said".

A deliberately small, explainable rule (no neural coreference model): a third-person
singular pronoun refers to the most recent person mention before it that is compatible in
gender (registry ``gender``; unknown people are compatible with both) and lies outside direct
quotes (people named inside someone else's quote are rarely the next speaker). The search
stops after ``max_distance`` characters.

>>> from accord.extract.mentions import MentionIndex
>>> from accord.extract.registry import ActorRegistry
>>> from accord.extract.types import Mention
>>> reg = ActorRegistry.default()
>>> idx = MentionIndex([Mention(0, 5, "Putin", "PERSON", "putin", "alias", 1.0)])
>>> resolve_pronoun("he", 40, idx, reg).actor_id
'putin'
>>> resolve_pronoun("she", 40, idx, reg) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

from accord.extract.mentions import MentionIndex
from accord.extract.registry import ActorRegistry
from accord.extract.types import Mention

PRONOUN_GENDER: dict[str, str] = {
    "he": "male",
    "him": "male",
    "his": "male",
    "himself": "male",
    "she": "female",
    "her": "female",
    "hers": "female",
    "herself": "female",
}


def is_person_pronoun(word: str) -> bool:
    """True for third-person singular personal pronouns (he, she, ...)."""
    return word.lower() in PRONOUN_GENDER


def resolve_pronoun(
    pronoun: str,
    offset: int,
    index: MentionIndex,
    registry: ActorRegistry,
    *,
    excluded: Sequence[tuple[int, int]] = (),
    max_distance: int = 1500,
) -> Mention | None:
    """The person mention ``pronoun`` (at character ``offset``) most likely refers to.

    ``excluded`` are character ranges (direct quotes) whose mentions are skipped.
    """
    gender = PRONOUN_GENDER.get(pronoun.lower())
    if gender is None:
        return None
    for mention in index.before(offset):
        if offset - mention.end > max_distance:
            return None
        if mention.label != "PERSON" or _inside(mention, excluded):
            continue
        if mention.actor_id is not None and mention.actor_id in registry:
            actor = registry.get(mention.actor_id)
            if actor.kind != "person":
                continue
            if actor.gender is not None and actor.gender != gender:
                continue
        return mention
    return None


def previous_topic(
    sentence: Span, pronoun: str, index: MentionIndex, registry: ActorRegistry
) -> str | None:
    """The person a "he"/"she" opening or closing ``sentence`` continues: the named subject of
    the sentence before it, when that is a registry person of the pronoun's gender (the topic
    of a passage is its subject, not the last name in it: "Putin said he was ready to meet
    Zelensky … 'I am ready,' he said" is Putin speaking).

    >>> from accord.extract.nlp import load_pipeline
    >>> from accord.extract.types import Mention
    >>> doc = load_pipeline()("Putin said he would meet Zelensky. 'I am ready,' he said.")
    >>> idx = MentionIndex([Mention(0, 5, "Putin", "PERSON", "putin", "alias", 1.0),
    ...                     Mention(25, 33, "Zelensky", "PERSON", "zelensky", "alias", 1.0)])
    >>> previous_topic(list(doc.sents)[1], "he", idx, ActorRegistry.default())
    'putin'
    """
    gender = PRONOUN_GENDER.get(pronoun.lower())
    if gender is None or sentence.start == 0:
        return None
    previous = sentence.doc[sentence.start - 1].sent
    # the subject nearest the verb ("Moscow, June 19 (IANS) Putin said": the dateline is
    # parsed as a second subject)
    subject = next((c for c in reversed(list(previous.root.lefts)) if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "PROPN":
        return None
    for mention in index.covering(subject.idx, subject.idx + len(subject.text)):
        if mention.actor_id and mention.actor_id in registry:
            actor = registry.get(mention.actor_id)
            if actor.kind == "person" and actor.gender in (None, gender):
                return actor.id
            return None
    return None


def _inside(mention: Mention, ranges: Sequence[tuple[int, int]]) -> bool:
    # Ranges are few per article (its quotes), so a linear scan is cheap.
    return any(start <= mention.start and mention.end <= end for start, end in ranges)


def resolve_institution(
    offset: int, index: MentionIndex, registry: ActorRegistry, *, max_distance: int = 400
) -> Mention | None:
    """The state/organisation/bloc "it" (at ``offset``) most likely refers to: the most recent
    resolved non-person mention within ``max_distance`` characters."""
    for mention in index.before(offset):
        if offset - mention.end > max_distance:
            return None
        if mention.actor_id and mention.actor_id in registry:
            if registry.get(mention.actor_id).kind != "person":
                return mention
    return None
