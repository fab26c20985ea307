"""Spokespeople and aides: on whose behalf a person speaks, when the text or registry says so.

"Kremlin spokesman Dmitry Peskov said …" is Peskov speaking, and through the role the text
gives him, the Kremlin — which the registry says speaks for Russia. A person's words go to a
principal only when

* the **text** states a speaking role for them somewhere up to the statement: a title before the
  name ("Kremlin spokesman Dmitry Peskov", "presidential aide Yuri Ushakov", "Putin's
  spokesperson …"), an apposition after it ("Yuri Ushakov, the Kremlin's top foreign policy
  aide,"), or "on behalf of X" in the statement's sentence. The principal is the actor the role
  phrase names (the Kremlin, Putin), else the registry role of that title ("aide" of Putin);
* or the **registry** says so (``speaks_for: putin`` on Peskov).

Otherwise a person speaks for themselves ("Ushakov said …" with no role anywhere is Ushakov).
Institutions ("the Kremlin said") keep their registry ``speaks_for`` as before.

>>> from accord.extract.nlp import load_pipeline
>>> from accord.extract.actors import ActorResolver
>>> from accord.extract.registry import ActorRegistry
>>> reg = ActorRegistry.default()
>>> doc = load_pipeline()("Kremlin aide Yuri Ushakov said talks were useful.")
>>> ms = ActorResolver(reg).resolve(doc)
>>> voiced_for("ushakov", doc, ms, reg, upto=len(doc.text))
'russia'
>>> doc = load_pipeline()("Ushakov said talks were useful.")
>>> voiced_for("ushakov", doc, ActorResolver(reg).resolve(doc), reg, upto=len(doc.text)) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from accord.extract.registry import ActorRegistry
from accord.extract.types import Mention

if TYPE_CHECKING:
    # Types only: spaCy is imported by what parses text, not by what reads stored results.
    from spacy.tokens import Doc, Span, Token

#: Lemmas of the titles that make a person speak for someone else.
ROLE_WORDS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokeswomen", "spokespeople",
    "aide", "adviser", "advisor", "envoy", "emissary", "representative", "negotiator",
    "secretary",  # "press secretary"; other secretaries are ministers, not spokespeople
})
#: How far (tokens) a title may sit before the name, or an apposition run after it.
WINDOW = 8


def voiced_for(
    actor_id: str,
    doc: Doc,
    mentions: Sequence[Mention],
    registry: ActorRegistry,
    *,
    upto: int,
    sentence: Span | None = None,
) -> str | None:
    """The principal a person's statement speaks for, or None when they speak for themselves.

    ``upto``: only roles stated before this character offset count (the statement's end);
    ``sentence``: the statement's sentence, searched for "on behalf of X". Non-persons and
    actors not in the registry give None (institutions are handled by ``speaks_for``).
    """
    if actor_id not in registry or registry.get(actor_id).kind != "person":
        return None
    if sentence is not None:
        behalf = _on_behalf_of(sentence, mentions, actor_id)
        if behalf is not None:
            return registry.principal(behalf)
    for m in mentions:
        if m.actor_id != actor_id or m.start >= upto:
            continue
        stated = _stated_role(doc, m, mentions, registry)
        if stated is not None:
            return stated
    person = registry.get(actor_id)
    if person.speaks_for is not None:
        return registry.principal(actor_id)
    return None


def _stated_role(
    doc: Doc, m: Mention, mentions: Sequence[Mention], registry: ActorRegistry
) -> str | None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    # a title before the name, possibly with one comma between ("aide, Yuri Ushakov")
    lo = max(sent.start, span.start - WINDOW)
    before = list(doc[lo:span.start])
    if before and before[-1].text == ",":
        before = before[:-1]
    cut = max((i for i, t in enumerate(before) if t.is_punct or t.pos_ in ("VERB", "AUX")),
              default=-1)
    before = before[cut + 1:]
    found = _role_in(before, m, mentions, registry)
    if found is not None:
        return found
    # an apposition after the name: ", the Kremlin spokesman,"
    if span.end < sent.end and doc[span.end].text == ",":
        after: list[Token] = []
        for t in doc[span.end + 1:min(sent.end, span.end + 1 + WINDOW)]:
            if t.is_punct or t.pos_ in ("VERB", "AUX"):
                break
            after.append(t)
        return _role_in(after, m, mentions, registry)
    return None


def _role_in(
    tokens: list[Token], m: Mention, mentions: Sequence[Mention], registry: ActorRegistry
) -> str | None:
    words = [t for t in tokens if t.lemma_.lower() in ROLE_WORDS or t.lower_ in ROLE_WORDS]
    if not words:
        return None
    word = words[-1]
    if word.lower_ == "secretary" and not any(t.lower_ == "press" for t in tokens):
        return None
    if not tokens:
        return None
    lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    named = [x.actor_id for x in mentions
             if x.actor_id and x.actor_id != m.actor_id and x.start >= lo and x.end <= hi]
    if not named:  # a name used as a modifier is often no mention of its own ("Kremlin spokesman")
        for t in tokens:
            if t.pos_ == "PROPN" and (found := registry.find(t.text)) is not None \
                    and found.id != m.actor_id:
                named.append(found.id)
    if named:
        return registry.principal(named[-1])
    person = registry.get(m.actor_id or "")
    if person.speaks_for is not None:
        return registry.principal(person.id)
    title = word.lower_
    for role in person.roles:
        if role.of and (title in role.title.lower() or role.title.lower().startswith(title[:5])):
            return registry.principal(role.of)
    return None


def _on_behalf_of(sentence: Span, mentions: Sequence[Mention], actor_id: str) -> str | None:
    for t in sentence:
        if t.lower_ == "behalf" and t.i + 1 < sentence.end and t.doc[t.i + 1].lower_ == "of":
            rest = t.doc[t.i + 2:min(sentence.end, t.i + 2 + WINDOW)]
            if not len(rest):
                return None
            lo, hi = rest[0].idx, rest[-1].idx + len(rest[-1].text)
            for x in mentions:
                if x.actor_id and x.actor_id != actor_id and x.start >= lo and x.end <= hi:
                    return x.actor_id
    return None


__all__ = ["ROLE_WORDS", "voiced_for"]
