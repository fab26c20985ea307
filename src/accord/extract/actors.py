"""Mention → actor resolution against the registry (:mod:`accord.extract.registry`).

:class:`ActorResolver` turns a parsed article into :class:`~accord.extract.types.Mention`
items. It compiles its spaCy matchers once per vocabulary and then, per document:

1. matches every alias and misspelling (case-sensitive, token-aligned) and every role
   description ("the Russian president", "Putin's spokesperson", "Foreign Minister of Russia")
   anywhere in the text, whatever label spaCy's NER gave (the small model often tags
   "Witkoff" as ORG or GPE), longest match first;
2. takes the named entities (PERSON, ORG, GPE, NORP) no registry match covers and resolves
   them by first name in context ("Kirill" when Kirill Dmitriev is mentioned in the same
   article and no other Kirill is), then by fuzzy match (Jaro–Winkler, for "Witkov");
3. leaves the rest unresolved (``actor_id=None``): these are the candidates the analyst can
   accept, merge or ignore (``accord actors candidates``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

if TYPE_CHECKING:  # spaCy loads in ~1 s: the registry (and `accord actors`) must not need it
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

from accord.extract.registry import ActorRegistry, normalise_name, unique_names
from accord.extract.types import Mention

# Spelling variants of role titles in English news; the registry names one canonical title
# per role and these let "Kremlin spokesman" or "top diplomat" find it.
TITLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "spokesperson": ("spokesman", "spokeswoman", "press secretary"),
    "president": (),
    "foreign minister": ("top diplomat",),
    "envoy": ("special envoy", "special representative"),
    "adviser": ("advisor", "aide"),
    "aide": ("adviser", "advisor"),
    "chief executive": ("CEO", "chief executive officer"),
    "deputy chair": ("deputy chairman", "deputy head"),
    "head": ("chief", "director"),
    "crown prince": (),
}
# Titles a head of state or government also goes by, only with the state named ("the
# Ukrainian leader", "Russia's leader", "the leader of Germany"): "the leader" alone is too
# loose ("the leader of the delegation").
STATE_LEADER_TITLES: dict[str, tuple[str, ...]] = {
    "president": ("leader",),
    "prime minister": ("leader",),
    "chancellor": ("leader",),
}

# A demonym stands for its state only when it describes who acts or speaks for it
# ("Russian officials", "the Ukrainian side", "Russians"), not an attribute ("a Russian
# artist", "Russian custody"). Lemmas of such head nouns:
AGENT_HEADS: frozenset[str] = frozenset(
    {
        "official", "government", "authority", "diplomat", "diplomacy", "side", "delegation",
        "negotiator", "president", "leader", "leadership", "force", "troop", "military", "army",
        "medium", "media", "ministry", "minister", "team", "parliament", "lawmaker", "officer",
        "envoy", "counterpart", "position", "proposal", "demand", "offer", "stance", "state",
        "spokesperson", "spokesman", "intelligence", "embassy", "ambassador", "administration",
        "strategy", "interest", "claim", "narrative", "response", "plan", "objective", "goal",
        "negotiation", "talk", "security", "representative", "elite", "establishment", "aide",
        "adviser", "advisor",
    }
)

# Heads a demonym makes the bloc or state itself though a possessive does not ("European
# allies", "European capitals" are Europe; "Ukraine's allies" are not Ukraine).
ALLY_HEADS: frozenset[str] = frozenset({"ally", "partner", "capital", "country", "nation", "power"})
DEMONYM_HEADS: frozenset[str] = AGENT_HEADS | ALLY_HEADS

# Words that may sit in a PERSON/ORG entity around a name without making it another name
# ("President Trump", "Kremlin spokesman Peskov").
_TITLE_TOKENS = frozenset({
    "president", "secretary", "minister", "envoy", "general", "senator", "mr", "mr.", "ms",
    "ms.", "dr", "dr.", "chancellor", "prime", "foreign", "special", "spokesman", "aide",
    "adviser", "advisor", "state", "army", "defense", "defence", "deputy", "the", "'s", "’s",
    "u.s.", "us", "russian", "ukrainian", "american", "of", "former", "vice", "sen.", "gen.",
})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


# How alike two surnames must be for two-word names to fuzzy-match ("Nikanov" ~ "Nikonov"
# 0.89 yes; "Macron" ~ "Bonne" no).
SURNAME_AGREEMENT = 0.8


def _inside_longer_name(span: Span, covered: set[int] | frozenset[int] = frozenset()) -> bool:
    """True when a registry name is part of another name: a suffix follows ("Donald Trump
    Jr."), or the named entity around it has more proper-name words ("USA TODAY", "The
    Washington Post", "Eric Trump") — not a mention of that actor."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_.rstrip(".") in _NAME_SUFFIXES:
        return True
    if len(span) == 1:
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        # "Eric Trump": a given name before a bare surname makes it someone else's name
        if (prev is not None and prev.pos_ == "PROPN" and prev.is_alpha and prev.is_title
                and prev.i not in covered
                and prev.lower_ not in _TITLE_TOKENS and prev.ent_type_ == "PERSON"
                and span[0].ent_type_ == "PERSON"):
            return True
        # "USA TODAY": an acronym run on into another capitalised word
        if span.text.isupper() and nxt is not None and nxt.is_alpha and nxt.is_upper \
                and len(nxt) >= 3:
            return True
    for ent in doc.ents:
        if ent.start <= span.start and span.end <= ent.end and len(ent) > len(span):
            if ent.label_ not in ("PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT"):
                return False
            extra = [t for t in ent if (t.i < span.start or t.i >= span.end)
                     and t.i not in covered]
            return any(t.lower_ not in _TITLE_TOKENS and (t.pos_ == "PROPN" or t.is_upper)
                       and t.is_alpha for t in extra)
    return False


# Label a registry match by the actor's kind, not by what the NER guessed.
KIND_LABEL = {"person": "PERSON", "state": "GPE", "organisation": "ORG", "bloc": "ORG"}
NER_LABELS = ("PERSON", "ORG", "GPE", "NORP")

_APOSTROPHES = ("'", "\u2019")


@dataclass(frozen=True)
class _Target:
    """What a matcher key stands for."""

    actors: tuple[str, ...]  # candidate actor ids (one for aliases)
    method: str  # alias | misspelling | demonym | title | role_noun
    score: float


@dataclass
class _Compiled:
    alias: PhraseMatcher
    titles: PhraseMatcher
    targets: dict[str, _Target]
    fuzzy_choices: list[str]
    fuzzy_owner: list[str]
    person_choices: list[str]
    person_owner: list[str]
    first_names: dict[str, list[str]]


class ActorResolver:
    """Resolve the named mentions of a parsed article to registry actors.

    Parameters are explicit: ``fuzzy_threshold`` is the Jaro–Winkler similarity (0–1) a
    misspelt name needs to match an alias; ``min_fuzzy_length`` keeps short tokens out of
    fuzzy matching; ``when`` (an article date) picks the roles held on that day;
    ``labels`` are the NER labels kept as (possibly unresolved) mentions;
    ``demonym_heads`` are the head nouns (lemmas) for which "Russian …" means Russia acting
    ("Russian officials"); other demonyms ("a Russian artist") stay unresolved NORP mentions;
    ``role_noun_window`` is how many characters back "the adviser" looks for a holder.

    >>> from accord.extract.nlp import load_pipeline
    >>> nlp = load_pipeline()
    >>> from accord.extract.registry import ActorRegistry
    >>> resolver = ActorResolver(ActorRegistry.default())
    >>> [(m.text, m.actor_id) for m in resolver.resolve(nlp("Witkov met the Russian president."))]
    [('Witkov', 'witkoff'), ('the Russian president', 'putin')]
    """

    def __init__(
        self,
        registry: ActorRegistry,
        *,
        fuzzy_threshold: float = 0.9,
        min_fuzzy_length: int = 5,
        when: date | None = None,
        labels: Sequence[str] = NER_LABELS,
        demonym_heads: frozenset[str] = DEMONYM_HEADS,
        role_noun_window: int = 1500,
    ) -> None:
        if not 0.0 < fuzzy_threshold <= 1.0:
            raise ValueError("fuzzy_threshold must be in (0, 1]")
        self.registry = registry
        self.fuzzy_threshold = fuzzy_threshold
        self.min_fuzzy_length = min_fuzzy_length
        self.when = when
        self.labels = tuple(labels)
        self.demonym_heads = demonym_heads
        self.role_noun_window = role_noun_window
        self._compiled: dict[int, _Compiled] = {}

    # -- compile ------------------------------------------------------------------------

    def _compile(self, vocab: Vocab) -> _Compiled:
        key = id(vocab)
        if key in self._compiled:
            return self._compiled[key]
        import spacy  # local: only needed once per vocabulary

        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        from spacy.matcher import PhraseMatcher

        alias = PhraseMatcher(vocab, attr="ORTH")
        titles = PhraseMatcher(vocab, attr="LOWER")
        targets: dict[str, _Target] = {}
        fuzzy_choices: list[str] = []
        fuzzy_owner: list[str] = []
        first_names: dict[str, list[str]] = {}

        def add(matcher: PhraseMatcher, key: str, phrases: Iterable[str], target: _Target) -> None:
            phrases = unique_names(phrases)
            if not phrases:
                return
            targets[key] = target
            matcher.add(key, [tokenizer(p) for p in phrases])

        for actor in self.registry:
            add(alias, f"alias:{actor.id}", [actor.name, *actor.aliases],
                _Target((actor.id,), "alias", 1.0))
            add(alias, f"miss:{actor.id}", actor.misspellings,
                _Target((actor.id,), "misspelling", 0.95))
            add(alias, f"demonym:{actor.id}", actor.demonyms,
                _Target((actor.id,), "demonym", 0.9))
            for form in actor.surface_forms():
                fuzzy_choices.append(normalise_name(form))
                fuzzy_owner.append(actor.id)
            for first in actor.first_names():
                first_names.setdefault(first, []).append(actor.id)

        # Role descriptions: every (title variant × owner form) phrase, grouped by role key.
        by_phrase: dict[str, set[str]] = {}
        # each phrase as first written: the tokenizer splits a lowercased "u.s." into "u.s"
        # and ".", so "the U.S. president" is tokenized from its own case (and matched on
        # LOWER)
        written: dict[str, str] = {}
        role_nouns: dict[str, set[str]] = {}
        for actor in self.registry:
            for role in actor.roles:
                if not role.active(self.when):
                    continue
                variants = [role.title, *TITLE_SYNONYMS.get(role.title, ())]
                named = [*variants, *STATE_LEADER_TITLES.get(role.title, ())]
                for phrase in self._role_phrases(named, role.of):
                    by_phrase.setdefault(phrase.lower(), set()).add(actor.id)
                    written.setdefault(phrase.lower(), phrase)
                for variant in variants:
                    role_nouns.setdefault(f"the {variant}".lower(), set()).add(actor.id)
        for i, (phrase, ids) in enumerate(sorted(by_phrase.items())):
            add(titles, f"title:{i}", [written[phrase]],
                _Target(tuple(sorted(ids)), "title", 0.9))
        for i, (phrase, ids) in enumerate(sorted(role_nouns.items())):
            add(titles, f"noun:{i}", [phrase], _Target(tuple(sorted(ids)), "role_noun", 0.7))

        persons = [i for i, owner in enumerate(fuzzy_owner)
                   if self.registry.get(owner).kind == "person"]
        compiled = _Compiled(
            alias, titles, targets, fuzzy_choices, fuzzy_owner,
            [fuzzy_choices[i] for i in persons], [fuzzy_owner[i] for i in persons], first_names,
        )
        self._compiled[key] = compiled
        return compiled

    def _role_phrases(self, variants: Sequence[str], owner_id: str | None) -> Iterator[str]:
        if owner_id is None:
            return
        owner = self.registry.get(owner_id)
        names = [
            f for f in unique_names([owner.name, *owner.aliases])
            if not f.lower().startswith("the ")
        ]
        for title in variants:
            for demonym in owner.demonyms:
                yield f"{demonym} {title}"
                yield f"the {demonym} {title}"
            for name in names:
                for apos in _APOSTROPHES:
                    yield f"{name}{apos}s {title}"
                yield f"{name} {title}"
                yield f"the {name} {title}"
                yield f"{title} of {name}"
                yield f"the {title} of {name}"
                yield f"{title} to {name}"

    # -- resolve ------------------------------------------------------------------------

    def resolve(self, doc: Doc) -> list[Mention]:
        """All actor mentions in ``doc``, in text order, resolved where the registry allows."""
        compiled = self._compile(doc.vocab)
        proposals: list[tuple[Span, _Target]] = []
        alias_matches = list(compiled.alias(doc))
        covered = {i for _, start, end in alias_matches for i in range(start, end)}
        for match_id, start, end in alias_matches:
            target = compiled.targets[doc.vocab.strings[match_id]]
            if target.method in ("alias", "misspelling") and _inside_longer_name(
                doc[start:end], covered
            ):
                continue  # "USA" in "USA TODAY", "Trump" in "Eric Trump" or "Donald Trump Jr."
            proposals.append((doc[start:end], target))
        for match_id, start, end in compiled.titles(doc):
            proposals.append((doc[start:end], compiled.targets[doc.vocab.strings[match_id]]))
        # Longest first, then earliest; a token belongs to at most one mention.
        proposals.sort(key=lambda p: (-(p[0].end - p[0].start), p[0].start))
        taken = bytearray(len(doc))
        chosen: list[tuple[Span, _Target]] = []
        for span, target in proposals:
            if any(taken[span.start:span.end]):
                continue
            taken[span.start:span.end] = b"\x01" * (span.end - span.start)
            chosen.append((span, target))
        chosen.sort(key=lambda p: p[0].start)

        mentions: list[Mention] = []
        last_seen: dict[str, int] = {}  # actor id -> char offset of its latest mention
        named = {t.actors[0] for _, t in chosen if t.method in ("alias", "misspelling")}
        for idx, (span, target) in enumerate(chosen):
            if target.method == "role_noun" and span.end < len(doc) and doc[span.end].lower_ in (
                "of", "at", "for"
            ):
                continue  # "the head of the IMF": a description of someone else's post
            actor_id = self._pick(target, last_seen, span.start_char)
            if target.method in ("title", "role_noun") and self._before_name(chosen, idx):
                continue  # "Russian President Vladimir Putin": the name carries the mention
            if actor_id is None and target.method == "role_noun":
                continue  # "the president" with nobody in context is not a named mention
            if target.method == "demonym" and not self._agentive(span):
                mentions.append(Mention(span.start_char, span.end_char, span.text, "NORP"))
                continue
            kind = self.registry.get(actor_id).kind if actor_id else "person"
            label = "NORP" if target.method == "demonym" else KIND_LABEL[kind]
            mentions.append(
                Mention(span.start_char, span.end_char, span.text, label, actor_id,
                        "title" if target.method == "role_noun" else target.method,
                        target.score if actor_id else None)
            )
            if actor_id is not None:
                last_seen[actor_id] = span.start_char

        for ent in doc.ents:
            if ent.label_ not in self.labels or any(taken[ent.start:ent.end]):
                continue
            trimmed = _trim(ent)
            if trimmed is None:
                continue
            mentions.append(self._resolve_entity(trimmed, ent.label_, compiled, named))
        # First names that NER missed ("his name is Kirill"): proper nouns only.
        for token in doc:
            if taken[token.i] or token.ent_iob_ in ("B", "I") or token.pos_ != "PROPN":
                continue
            if token.text in compiled.first_names:
                m = self._by_first_name(doc[token.i:token.i + 1], "PERSON", compiled, named)
                if m is not None:
                    mentions.append(m)
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _pick(self, target: _Target, last_seen: dict[str, int], offset: int) -> str | None:
        if target.method == "role_noun":
            # "the adviser said": the most recently mentioned holder of that role, if recent.
            recent = [a for a in target.actors
                      if a in last_seen and offset - last_seen[a] <= self.role_noun_window]
            return max(recent, key=lambda a: last_seen[a]) if recent else None
        if len(target.actors) == 1:
            return target.actors[0]
        seen = [a for a in target.actors if a in last_seen]
        if len(seen) >= 1:
            return max(seen, key=lambda a: last_seen[a])
        return None

    def _agentive(self, span: Span) -> bool:
        """True when a demonym stands for its state (see :data:`DEMONYM_HEADS`)."""
        token = span.root
        while token.dep_ == "conj" and token.head.i != token.i:  # "Russian and American officers"
            token = token.head
        if token.dep_ not in ("amod", "compound", "nmod") and token.pos_ in ("NOUN", "PROPN"):
            return True  # used as a noun: "Russians", "the Ukrainians"
        if token.dep_ not in ("amod", "compound", "nmod"):
            return False
        return token.head.lemma_.lower() in self.demonym_heads

    @staticmethod
    def _before_name(chosen: Sequence[tuple[Span, _Target]], idx: int) -> bool:
        span = chosen[idx][0]
        if idx + 1 >= len(chosen):
            return False
        nxt_span, nxt = chosen[idx + 1]
        return (
            nxt_span.start == span.end
            and nxt.method in ("alias", "misspelling")
            and span.doc[nxt_span.start].pos_ == "PROPN"
        )

    def _resolve_entity(
        self, span: Span, label: str, compiled: _Compiled, named: set[str]
    ) -> Mention:
        text = span.text
        if span[-1].lower_.rstrip(".") in _NAME_SUFFIXES:
            # "Donald Trump Jr." is not Donald Trump, however close the spelling
            return Mention(span.start_char, span.end_char, text, label, None, None, None)
        if self.registry.is_ignored(text):
            return Mention(span.start_char, span.end_char, text, label, None, "ignored", None)
        if label == "PERSON" and len(span) == 1:
            by_first = self._by_first_name(span, label, compiled, named)
            if by_first is not None:
                return by_first
        # Demonyms are matched exactly; fuzzy "European" → "European Union" would be wrong.
        if label != "NORP":
            # The whole name, then (for a multi-word name whose first word may be NER noise,
            # "Later Witkof") its last word alone.
            # A PERSON never fuzzy-matches an organisation ("Jacob Rothschild" is not
            # Rothschild & Co); the last-word fallback is for people's surnames only.
            tries = [(span, label == "PERSON")]
            if len(span) > 1:
                tries.append((span[-1:], True))
            for part, persons_only in tries:
                found = self._fuzzy(normalise_name(part.text), compiled, persons_only)
                if found is not None:
                    actor_id, score = found
                    given = [t for t in span[:-1] if t.pos_ == "PROPN" and t.is_title]
                    if part.start > span.start and given and not (
                        {t.text for t in given} & self.registry.get(actor_id).first_names()
                    ):
                        break  # "Eric Trump" is someone else named Trump
                    if part.start == span.start and len(span) == 1 and _inside_longer_name(span):
                        break
                    return Mention(part.start_char, part.end_char, part.text,
                                   KIND_LABEL[self.registry.get(actor_id).kind], actor_id,
                                   "fuzzy", score)
        return Mention(span.start_char, span.end_char, text, label, None, None, None)

    def _fuzzy(
        self, key: str, compiled: _Compiled, persons_only: bool
    ) -> tuple[str, float] | None:
        choices, owners = (
            (compiled.person_choices, compiled.person_owner) if persons_only
            else (compiled.fuzzy_choices, compiled.fuzzy_owner)
        )
        if len(key) < self.min_fuzzy_length or not choices:
            return None
        best = process.extractOne(
            key, choices, scorer=JaroWinkler.normalized_similarity,
            score_cutoff=self.fuzzy_threshold,
        )
        # the surname's first letter must agree (a given name may be spelt with C or K:
        # "Caroline Levitt" for Karoline Leavitt)
        if best is None or best[0].split()[-1][:1] != key.split()[-1][:1]:
            return None
        if min(len(key), len(best[0])) / max(len(key), len(best[0])) < 0.75:
            return None
        # Two-word names must agree on the surname too: a shared given name makes
        # "Emmanuel Macron" look close to "Emmanuel Bonne", but they are two people.
        got, want = key.split(), best[0].split()
        if len(got) > 1 and len(want) > 1 and JaroWinkler.normalized_similarity(
            got[-1], want[-1]
        ) < SURNAME_AGREEMENT:
            return None
        return owners[best[2]], round(float(best[1]), 3)

    def _by_first_name(
        self, span: Span, label: str, compiled: _Compiled, named: set[str]
    ) -> Mention | None:
        candidates = [a for a in compiled.first_names.get(span.text, []) if a in named]
        if len(candidates) != 1:
            return None
        return Mention(span.start_char, span.end_char, span.text, "PERSON", candidates[0],
                       "context", 0.8)


def _trim(ent: Span) -> Span | None:
    """Drop a leading "the", a trailing possessive and punctuation; None if nothing is left.

    Entities that cross a line break, start with a pronoun or with a lowercase word are NER
    noise, not names.
    """
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "'s", "\u2019s") or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019")):
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    if "\n" in span.text or doc[start].pos_ == "PRON" or not span.text[0].isupper():
        return None  # names start with a capital; "’s son" or "it’s" are NER noise
    return span
