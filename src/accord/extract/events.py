"""Events (meetings, calls, visits, talks, proposals, sanctions ...) typed with PLOVER.

A trigger is a verb or noun from the lexicon in ``data/plover.yaml`` (lemma → PLOVER type, with
dependency conditions for ambiguous words). Its arguments come from the dependency parse, not
from sentence co-occurrence:

* verbs: subject (``nsubj``; through ``relcl`` for "Putin, who met ..."; through ``xcomp`` /
  ``conj`` for controlled subjects "agreed to meet"), object (``dobj``, ``nsubjpass``), agent
  ("by X"), and prepositional objects of *with, between, to, from, against, by*;
* nouns: possessor ("Putin's negotiations"), compounds ("Trump-Putin call", "U.S. sanctions"),
  prepositional objects (*with, between, by, from, against*) and, when the noun is the object or
  subject of a light verb ("hold talks", "a meeting is expected", "enter talks"), that verb's
  subject and prepositional objects.

Each argument head is widened to its noun phrase (compounds, possessors, appositions,
conjuncts) and the actor mentions inside it are the participants. Place: a GPE/LOC/FAC entity
under *in/at/to* attached to the trigger or its light verb (or the direct object of "visit").
Date: a resolved date mention attached by the parse to the trigger or its light verb. Negated
triggers ("did not meet") are not events. A trigger with no participant, place or date is too
thin to be an event and is dropped.

>>> from accord.extract.nlp import load_pipeline
>>> from accord.extract.types import Mention
>>> doc = load_pipeline()("Putin met Witkoff in Moscow.")
>>> ms = [Mention(0, 5, "Putin", "PERSON", "putin"),
...       Mention(10, 17, "Witkoff", "PERSON", "witkoff")]
>>> ev = EventExtractor.default()(doc, ms, [])[0]
>>> (ev.plover, ev.participants, ev.place)
('CONSULT', ['putin', 'witkoff'], 'Moscow')
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from accord.errors import InputError
from accord.extract.figures import doc_text
from accord.extract.types import DateMention, Event, Mention
from accord.files import parse_yaml_text, read_yaml

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST DEMAND ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)
LIGHT_VERBS = frozenset(
    "hold have enter begin start launch conduct resume attend lead host open join expect "
    "schedule plan propose reach make seek continue arrange announce impose introduce levy "
    "lift ease strike sign conclude finalize secure broker pursue engage prepare deepen "
    "pursue initiate convene request accept rewrite agree adopt follow precede".split()
)
ARG_PREPS = frozenset({"with", "between", "to", "from", "against", "by", "among"})
NOUN_ARG_PREPS = frozenset({"with", "between", "by", "from", "against", "among"})
PLACE_PREPS = frozenset({"in", "at", "to"})
# Prepositions through which a trigger noun belongs to the verb above it; temporal adjuncts
# ("after the call", "following the talks") introduce a different event and are excluded.
LIGHT_PREPS = frozenset({"in", "into", "on", "for", "to", "at", "of"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NP_DEPS = frozenset({"compound", "poss", "appos", "flat", "nmod", "amod", "conj", "cc", "det"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "dative", "attr", "oprd"})


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the PLOVER type and the conditions an occurrence must meet."""

    lemma: str
    pos: str  # "verb" | "noun"
    plover: str
    requires: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class TriggerLexicon:
    """Lemma → :class:`Trigger`, separately for verbs and nouns."""

    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    source: str = "<memory>"

    @classmethod
    def load(cls, path: str | Path) -> TriggerLexicon:
        """Read a lexicon YAML file (format: see ``accord/extract/data/plover.yaml``)."""
        p = Path(path)
        data = read_yaml(p)
        return cls.from_mapping(data, str(p))

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> TriggerLexicon:
        """The packaged lexicon ``accord/extract/data/plover.yaml``."""
        ref = resources.files("accord.extract").joinpath("data/plover.yaml")
        data = parse_yaml_text(ref.read_text(encoding="utf-8"), str(ref))
        return cls.from_mapping(data, str(ref))

    @classmethod
    def from_mapping(cls, data: Any, source: str = "<memory>") -> TriggerLexicon:
        """Build from parsed YAML, checking every entry."""
        if not isinstance(data, dict):
            raise InputError("expected a mapping with 'verbs' and 'nouns'", file=source)
        out: dict[str, dict[str, Trigger]] = {"verbs": {}, "nouns": {}}
        for section in ("verbs", "nouns"):
            entries = data.get(section) or {}
            if not isinstance(entries, dict):
                raise InputError("expected a mapping of lemma: {type: ...}", file=source,
                                 field=section)
            for lemma, spec in entries.items():
                where = f"{section}.{lemma}"
                if not isinstance(spec, dict) or "type" not in spec:
                    raise InputError("expected {type: PLOVER_TYPE}", file=source, field=where)
                plover = str(spec["type"]).upper()
                if plover not in PLOVER_TYPES:
                    raise InputError(
                        f"unknown PLOVER type {plover!r}; "
                        f"allowed: {', '.join(sorted(PLOVER_TYPES))}",
                        file=source,
                        field=where,
                    )
                requires = spec.get("requires") or {}
                if not isinstance(requires, dict):
                    raise InputError("'requires' must be a mapping", file=source, field=where)
                out[section][str(lemma).lower()] = Trigger(
                    str(lemma).lower(), section[:-1], plover, requires
                )
        return cls(out["verbs"], out["nouns"], source)

    def match(self, tok: Token) -> Trigger | None:
        """The trigger ``tok`` instantiates, if its part of speech and conditions fit."""
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB"}:
            trig = self.verbs.get(lemma)
        elif tok.pos_ in {"NOUN", "PROPN"}:
            if tok.dep_ == "compound":
                return None  # "the Witkoff negotiation enterprise": a modifier, not an event
            trig = self.nouns.get(lemma)
            if trig is None and tok.pos_ == "PROPN" and lemma.endswith("s"):
                trig = self.nouns.get(lemma[:-1])  # headline case: "Trump's Negotiations"
        else:
            return None
        if trig is None or not _requirements_hold(tok, trig.requires):
            return None
        return trig


def _requirements_hold(tok: Token, req: Mapping[str, Any]) -> bool:
    children = list(tok.children)
    if "with_prep" in req and not any(
        c.dep_ == "prep" and c.lower_ in req["with_prep"] for c in children
    ):
        return False
    if "compound" in req and not any(
        c.dep_ in {"compound", "amod", "nmod"} and c.lower_ in req["compound"] for c in children
    ):
        return False
    if "particle" in req and not any(
        c.dep_ in {"prep", "prt"} and c.lower_ in req["particle"] for c in children
    ):
        return False
    if req.get("plural") and tok.tag_ not in {"NNS", "NNPS"}:
        return False
    if "governor" in req and tok.head.lemma_.lower() not in req["governor"]:
        return False
    return True


NEGATING_HEADS = frozenset({"refuse", "decline", "fail", "reject", "avoid", "deny"})


def _negated(tok: Token) -> bool:
    """"did not meet", "no talks", and complements of refusal ("refused to discuss": the
    refusal is the event, REJECT, not the discussion)."""
    if any(c.dep_ == "neg" or c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ in {"xcomp", "dobj"} and any(c.dep_ == "neg" for c in head.children):
        return True
    if tok.dep_ in {"acl", "relcl"} and any(
        c.dep_ == "det" and c.lower_ == "no" or c.dep_ == "neg" for c in head.children
    ):
        return True  # "no plans to talk with Zelensky"
    return tok.dep_ == "xcomp" and head.lemma_.lower() in NEGATING_HEADS


WH_WORDS = frozenset({"who", "what", "when", "where", "why", "how", "which", "whether"})


def _is_question(tok: Token) -> bool:
    """A real question: ends with "?" and opens with an auxiliary or a wh-word ("Can Putin
    accept ...?"), unlike a statement with a rhetorical tag ("We adopted X — and what?")."""
    sent = tok.sent
    if not sent.text.rstrip().endswith("?"):
        return False
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    return first is not None and (first.pos_ == "AUX" or first.lower_ in WH_WORDS)


def _noun_phrase(tok: Token) -> list[Token]:
    """The head plus its compounds, possessors, appositions and conjuncts (no clauses)."""
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in NP_DEPS:
                out.append(c)
                stack.append(c)
    return out


def _pobjs(tok: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of ``tok``'s prepositions in ``preps`` (and of its "by" agent).

    One level deeper too: the parser often hangs "between X and Y" or "with X" on the place
    phrase before it ("a meeting in the Kremlin between Putin and ...").
    """
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            out.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ == "agent":
            out.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
            for g in c.children:
                if g.dep_ == "pobj":
                    out.extend(_pobjs_any(g, preps & {"between", "with", "among"}))
    return out


def _subject(verb: Token) -> list[Token]:
    """The verb's subject; through relative clauses and control/coordination when missing."""
    v: Token | None = verb
    for _ in range(4):
        if v is None:
            break
        subs = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
        if not subs and v is not verb:
            # "officials are scheduled to meet": the passive subject of the control verb
            subs = [c for c in v.children if c.dep_ == "nsubjpass"]
        if subs:
            if subs[0].lower_ in RELATIVE_PRONOUNS and v.dep_ == "relcl":
                return [v.head]
            return subs
        if v.dep_ == "relcl":
            return [v.head]
        if v.dep_ == "acl" and v.head.head.pos_ in {"VERB", "AUX"} and v.head.head is not v.head:
            # "initiated efforts to offer ...": the one making the efforts offers
            v = v.head.head
            continue
        if v.dep_ in {"xcomp", "conj", "advcl", "ccomp"} and v.head is not v:
            v = v.head
            continue
        break
    return []


def _light_verb(noun: Token) -> Token | None:
    """The verb a trigger noun is the object/subject of ("hold talks", "meeting is expected")."""
    head = noun.head
    if (
        noun.dep_ in OBJECT_DEPS | SUBJECT_DEPS
        and head.pos_ in {"VERB", "AUX"}
        and head.lemma_.lower() in LIGHT_VERBS
    ):
        # Only verbs that stage the event ("hold talks", "a meeting is expected"); "support
        # talks" or "discuss a call" make the noun a topic, and their subject no participant.
        return head
    if (
        noun.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.lower_ in LIGHT_PREPS
        and head.head.pos_ == "VERB"
    ):
        return head.head  # "engage in negotiations", "agree on a deal", "arrive for talks"
    return None


class EventExtractor:
    """Extract PLOVER-typed events from a parsed document and its actor mentions."""

    def __init__(self, lexicon: TriggerLexicon, require_argument: bool = True) -> None:
        self.lexicon = lexicon
        self.require_argument = require_argument
        self._keys: dict[int, np.ndarray[Any, Any]] = {}

    @classmethod
    def default(cls) -> EventExtractor:
        """An extractor over the packaged lexicon."""
        return cls(TriggerLexicon.default())

    def __call__(
        self, doc: Doc, mentions: Sequence[Mention], dates: Sequence[DateMention]
    ) -> list[Event]:
        """Events in ``doc``; ``dates`` should be resolved already (see :mod:`.dates`)."""
        mention_at = _index_mentions(doc, mentions)
        date_roots = _date_roots(doc, dates)
        events: list[Event] = []
        for i in self._candidate_indices(doc):
            tok = doc[i]
            trig = self.lexicon.match(tok)
            if trig is None or _negated(tok) or _is_question(tok):
                continue  # negated events and questions ("Can Putin accept ...?") did not happen
            event = self._build(tok, trig, doc, mention_at, date_roots)
            if event is not None:
                events.append(event)
        return events

    def _candidate_indices(self, doc: Doc) -> list[int]:
        """Tokens whose lemma or lower-case form can be a trigger, found on the attribute
        arrays (making a Token object per word costs more than the rest of this module)."""
        keys = self._keys.get(id(doc.vocab))
        if keys is None:
            forms: set[str] = set()
            for lemma in [*self.lexicon.verbs, *self.lexicon.nouns]:
                forms.update((lemma, lemma + "s", lemma + "es"))
            keys = np.array(sorted(doc.vocab.strings[f] for f in forms), dtype=np.uint64)
            self._keys[id(doc.vocab)] = keys
        if len(doc) == 0:
            return []
        arr = doc.to_array([LEMMA, LOWER])
        hit = np.isin(arr[:, 0], keys) | np.isin(arr[:, 1], keys)
        return [int(i) for i in np.flatnonzero(hit)]

    def _build(
        self,
        tok: Token,
        trig: Trigger,
        doc: Doc,
        mention_at: Mapping[int, list[Mention]],
        date_roots: Mapping[int, DateMention],
    ) -> Event | None:
        anchors = [tok]
        arg_heads: list[Token] = []
        if tok.pos_ == "VERB":
            arg_heads += _subject(tok)
            arg_heads += [c for c in tok.children if c.dep_ in OBJECT_DEPS]
            arg_heads += _pobjs(tok, ARG_PREPS)
            for comp in (c for c in tok.children if c.dep_ == "xcomp"):
                # "refused to discuss with Putin", "agreed to meet Trump": the complement's
                # object and partners are the targets of the refusal / agreement.
                arg_heads += [c for c in comp.children if c.dep_ in OBJECT_DEPS]
                arg_heads += _pobjs(comp, ARG_PREPS)
        else:
            own = [c for c in tok.children if c.dep_ in {"poss", "compound", "nmod"}]
            arg_heads += own
            arg_heads += _pobjs(tok, NOUN_ARG_PREPS)
            anchors += [c for c in tok.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
            if tok.head.pos_ == "VERB" and tok.head.dep_ == "prep":
                anchors.append(tok.head)  # "following a phone call on 12 February"
            light = _light_verb(tok)
            if light is None and _has_prep(tok, "with") and not _has_actor(own, mention_at):
                # "X agreed ... after a call with Z": a meeting "with Z" needs another party,
                # and absent a possessor it is the subject of the clause it hangs from.
                clause = next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}
                               and a.dep_ != "prep"), None)
                if clause is not None:
                    arg_heads += _subject(clause)
            if light is not None:
                anchors.append(light)
                if light.dep_ in {"xcomp", "advcl"} and light.head.pos_ == "VERB":
                    # "meet in Riyadh on Monday to deepen negotiations": place and date of the
                    # governing verb belong to the negotiations too (not its participants).
                    anchors.append(light.head)
                if tok.dep_ not in SUBJECT_DEPS and not _has_actor(own, mention_at):
                    # "Putin agreed to enter talks": the subject of the light verb takes part;
                    # "Russia's invasion", with its own possessor, keeps only that.
                    arg_heads += _subject(light)
                arg_heads += _pobjs(light, NOUN_ARG_PREPS)
        participant_mentions: list[Mention] = []
        seen: set[tuple[int, int]] = set()
        for head in arg_heads:
            if not mention_at.get(head.i):
                # "Representatives of Washington, Brussels ...": a generic head noun speaks
                # for the actors in its "of" phrase.
                arg_heads += _pobjs_any(head, frozenset({"of"}))
            for t in _noun_phrase(head):
                for m in mention_at.get(t.i, []):
                    if (m.start, m.end) not in seen:
                        seen.add((m.start, m.end))
                        participant_mentions.append(m)
        if trig.requires.get("has_actor") and not participant_mentions:
            return None
        place = _place(tok, anchors, trig)
        when = _attached_date(anchors, date_roots)
        if self.require_argument and not participant_mentions and place is None and when is None:
            return None
        sent = tok.sent
        participants: list[str] = []
        for m in sorted(participant_mentions, key=lambda m: m.start):
            if m.actor_id is not None and m.actor_id not in participants:
                participants.append(m.actor_id)
        texts = []
        for m in sorted(participant_mentions, key=lambda m: m.start):
            if m.text not in texts:
                texts.append(m.text)
        return Event(
            start=sent.start_char,
            end=sent.end_char,
            text=sent.text,
            plover=trig.plover,
            trigger=tok.text,
            participants=participants,
            place=place,
            date=when.value if when else None,
            date_text=when.text if when else None,
            date_precision=when.precision if when else None,
            participant_texts=texts,
            trigger_start=tok.idx,
        )


def _has_prep(tok: Token, prep: str) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == prep for c in tok.children)


def _has_actor(heads: Iterable[Token], mention_at: Mapping[int, list[Mention]]) -> bool:
    return any(mention_at.get(t.i) for h in heads for t in _noun_phrase(h))


def _index_mentions(doc: Doc, mentions: Iterable[Mention]) -> dict[int, list[Mention]]:
    """Token index → mentions overlapping that token."""
    out: dict[int, list[Mention]] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            out.setdefault(t.i, []).append(m)
    return out


def _date_roots(doc: Doc, dates: Iterable[DateMention]) -> dict[int, DateMention]:
    """Token index of each date mention's syntactic root → the mention."""
    out: dict[int, DateMention] = {}
    text = doc_text(doc)
    for d in dates:
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if line.strip(" \t\r.,;:") == d.text.strip(" .,;:"):
            continue  # a dateline dates the article, not an event the parser joined to it
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is not None:
            out[span.root.i] = d
    return out


def _place(tok: Token, anchors: Sequence[Token], trig: Trigger) -> str | None:
    candidates: list[Token] = []
    for a in anchors:
        candidates += _pobjs_any(a, PLACE_PREPS)
        if a.pos_ == "VERB":
            # "met Witkoff in Moscow": the parser often hangs the place on the object.
            for obj in (c for c in a.children if c.dep_ in {"dobj", "nsubjpass"}):
                candidates += _pobjs_any(obj, PLACE_PREPS)
    if trig.lemma == "visit":
        candidates += [c for c in tok.children if c.dep_ == "dobj"]
    for c in candidates:
        if _is_place(c, trig):
            return _entity_text(c)
    return None


def _entity_text(tok: Token) -> str:
    """The whole entity ``tok`` is part of (IOB walk, no ``doc.ents`` rebuild), else its text."""
    if not tok.ent_type_:
        return tok.text
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _is_place(tok: Token, trig: Trigger) -> bool:
    """A GPE/LOC/FAC entity; for meetings also an institution ("in the Kremlin", "at the UN")
    or a capitalised name the tagger left unlabelled ("at Anchorage")."""
    if tok.ent_type_ in PLACE_LABELS:
        return True
    if trig.plover in {"CONSULT", "AGREE"} and tok.ent_type_ in {"ORG", "FAC"}:
        return True
    return tok.pos_ == "PROPN" and tok.ent_type_ == "" and tok.text[:1].isupper()


def _pobjs_any(tok: Token, preps: frozenset[str]) -> list[Token]:
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _attached_date(
    anchors: Sequence[Token], date_roots: Mapping[int, DateMention]
) -> DateMention | None:
    """The date closest in the parse to an anchor, reached without entering another clause.

    The walk climbs from each date's root through prepositions, their objects and noun
    modifiers; any verb that is not an anchor ends it, so "talks following a call on 12
    February" gives the date to the call (whose anchor is the participle "following"), not
    to the talks.
    """
    anchor_ids = {a.i for a in anchors}
    best: tuple[int, DateMention] | None = None
    for root_i, dm in date_roots.items():
        t = anchors[0].doc[root_i]
        for hops in range(7):
            if t.i in anchor_ids:
                if best is None or hops < best[0]:
                    best = (hops, dm)
                elif hops == best[0]:
                    # Equally close in the parse: the one nearer in the text.
                    pivot = anchors[0].idx
                    if abs(dm.start - pivot) < abs(best[1].start - pivot):
                        best = (hops, dm)
                break
            if t.head is t or (hops > 0 and t.pos_ in {"VERB", "AUX"}):
                break
            t = t.head
    return best[1] if best else None
