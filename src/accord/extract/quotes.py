"""Direct and indirect quotes with their speakers.

Direct quotes are found by scanning the text for quote marks (curly “ ” „ « », straight ",
``''…''`` as some wire services print; nested marks counted so “… “bad debts”” is one quote).
Each is attributed by, in order:

1. the parse: a reporting verb ("said", "told", "warned" … ``CUE_LEMMAS``; "gushed", "fumed",
   "quipped" … ``MANNER_LEMMAS``; or any verb whose subject is a person and whose only
   complement is the quote) that governs the quoted words (``X said: “…”``, ``“…,” X said``,
   ``“…,” said X, a …``, partial quotes inside reported speech);
2. the words right after the closing mark: a reporting verb (``“…” Nikonov added``),
   ``according to X``, or, when the verb was lost (links stripped from a page), a name
   followed by a comma or full stop (``“…,” Moskovsky Komsomolets, a popular tabloid``);
3. the words before the opening mark: ``X said: “…”``, a ``Name, Outlet: “…”`` label;
4. continuation: an unattributed quote of four words or more later in the same paragraph, or
   one opening a paragraph right after an attributed quote, continues the previous speaker
   (``“A,” Karaganov added. “B.”``);
5. the lead: a paragraph ending with a colon, or the lead of a list of statements, names the
   speaker of the quotes under it.

Quoted fragments with no attribution and fewer than ``min_unattributed_words`` words are
scare quotes ('the “guarantor”') and are dropped, as are titles of shows and books (“Meet the
Press”), verbless capitalised names and quote marks in headlines set in capitals; longer
unattributed quotes are kept with no speaker. Single quote marks are treated as scare quotes
or nested quotes, never as the outer marks of a quote (curly ’ is also the apostrophe).

The speaker is the head of the subject's noun phrase ("the influential US daily" is not the
US; "Donald Trump's son" is not Trump), a named person in apposition to it, or the state an
official speaks for ("Russian officials").

Indirect speech: a reporting verb with a clausal complement (``X said (that) …``,
``…, Lavrov suggested``) or ``according to X, …``. The speaker is the verb's subject, resolved
through the article's mentions; a pronoun ("he added") goes to the most recent compatible
person (:mod:`accord.extract.coref`); a role noun ("the adviser said") was already resolved
by :class:`~accord.extract.actors.ActorResolver`.

>>> from accord.extract.nlp import load_pipeline
>>> from accord.extract.actors import ActorResolver
>>> from accord.extract.registry import ActorRegistry
>>> nlp = load_pipeline()
>>> doc = nlp("“We are ready to talk,” Lavrov said.")
>>> mentions = ActorResolver(ActorRegistry.default()).resolve(doc)
>>> [(q.text, q.kind, q.actor_id) for q in extract_quotes(doc, mentions)]
[('We are ready to talk', 'direct', 'lavrov')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.extract.coref import (
    is_person_pronoun,
    previous_topic,
    resolve_institution,
    resolve_pronoun,
)
from accord.extract.figures import doc_text
from accord.extract.mentions import MentionIndex
from accord.extract.registry import ActorRegistry, default_registry
from accord.extract.spokespeople import voiced_for
from accord.extract.types import Mention, Quote

if TYPE_CHECKING:
    # Types only: spaCy is imported by what parses text, not by what reads stored results.
    from spacy.tokens import Doc, Span, Token

# Lemmas of verbs that report speech. "mention" is here because it is an ordinary reporting
# verb (and also what synonym spinners turn "said" into).
CUE_LEMMAS: frozenset[str] = frozenset(
    """
    say tell argue warn stress emphasise emphasize suggest add state insist claim note announce
    declare acknowledge explain urge mention write assert contend maintain reply respond remark
    comment predict caution concede admit underline underscore observe tweet post recall
    confirm deny reiterate complain repeat propose demand vow pledge promise threaten ask
    """.split()
)
# Verbs of speaking in a manner ("gushed", "fumed", "quipped"): reporting verbs when they take
# the quote as their complement or stand in the attribution right after it.
MANNER_LEMMAS: frozenset[str] = frozenset(
    """
    gush fume implore quip boast scoff snap retort muse joke lament marvel plead exclaim shout
    yell whisper mutter sigh laugh chuckle grumble rail thunder bristle protest crow brag tout
    counter rebut reason recount vent rage cry beg sneer enthuse rave concur elaborate
    interject blast chide scold opine posit
    """.split()
)
# Speech acts whose subject is often not the one quoted: "Macron said that France and Britain
# were proposing a truce “in the air …”" quotes Macron, who reports the proposal.
INNER_CUES: frozenset[str] = frozenset(
    """
    propose demand promise pledge vow threaten ask urge deny confirm complain repeat predict
    recall claim suggest
    """.split()
)
# Verbs that never report speech even with a quote next to them.
NOT_CUES: frozenset[str] = frozenset(
    {"be", "have", "do", "go", "come", "get", "make", "take", "become", "seem", "remain"}
)
# People who speak for the state or organisation that modifies them ("a Kremlin spokesman",
# "Russian officials", "Ukraine's foreign minister"); a registry name modifying any other noun
# is not the speaker ("the influential US daily", "Donald Trump's son").
AGENT_NOUNS: frozenset[str] = frozenset(
    """
    spokesman spokeswoman spokesperson representative official diplomat negotiator delegation
    delegate envoy minister ministry government authority administration leadership officer
    aide adviser advisor ambassador embassy office side team military command army
    """.split()
)
OPENERS = {"\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
CLOSERS = {"\u201d", "\u00bb"}
STRAIGHT = '"'
# Two apostrophes ('' … '', as some wire services print) and ``…'' are double quote marks.
DOUBLE_APOSTROPHES = ("''", "``")
QUOTE_MARKS = frozenset({*OPENERS, *CLOSERS, STRAIGHT, *DOUBLE_APOSTROPHES})
SENTENCE_END = {".", "!", "?"}
SUBJECT_DEPS = ("nsubj", "csubj")
# Subjects of reporting verbs that are not speakers ("It suggests that …").
NON_SPEAKERS = frozenset({"it", "this", "that", "which", "what"})
_TRAILING = " \t\n,;:\u2014\u2013-"


@dataclass(frozen=True)
class _Marked:
    """A span between quote marks: [start, end) of the inner text, ``open``/``close`` marks."""

    start: int
    end: int
    open: int
    close: int  # index of the closing mark, or end of paragraph when unclosed
    para: int  # paragraph number
    closed: bool


class QuoteExtractor:
    """Find quotes in a parsed article.

    ``registry`` gives genders for pronoun back-references (default: the packaged one);
    ``cue_lemmas`` are the reporting verbs; ``min_unattributed_words`` separates unattributed
    quotes from scare quotes; ``window`` is how many tokens after a closing mark are searched
    for the attribution; ``min_indirect_tokens`` drops reported clauses too short to carry content.
    """

    def __init__(
        self,
        registry: ActorRegistry | None = None,
        *,
        cue_lemmas: frozenset[str] = CUE_LEMMAS,
        min_unattributed_words: int = 4,
        window: int = 12,
        min_indirect_tokens: int = 3,
    ) -> None:
        self.registry = registry if registry is not None else default_registry()
        self.cue_lemmas = cue_lemmas
        self.min_unattributed_words = min_unattributed_words
        self.window = window
        self.min_indirect_tokens = min_indirect_tokens
        self._addressees: list[tuple[int, int]] = []  # of the document being read

    # -- public -------------------------------------------------------------------------

    def extract(self, doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
        """Direct quotes then indirect quotes, each list in text order, merged by offset."""
        index = MentionIndex(mentions)
        starts = [t.idx for t in doc]
        marked = _find_marked(doc_text(doc))
        spans = [(m.open, m.close + 1) for m in marked]
        self._addressees = _addressees(doc)
        direct = self._direct(doc, marked, index, starts, spans)
        indirect = self._indirect(doc, index, spans)
        return sorted([*direct, *indirect], key=lambda q: (q.start, q.end))

    # -- direct -------------------------------------------------------------------------

    def _direct(
        self,
        doc: Doc,
        marked: list[_Marked],
        index: MentionIndex,
        starts: list[int],
        excluded: list[tuple[int, int]],
    ) -> list[Quote]:
        quotes: list[Quote] = []
        previous: Quote | None = None
        previous_mark: _Marked | None = None
        text = doc_text(doc)
        for mark in marked:
            tokens = _tokens_in(doc, starts, mark.start, mark.end)
            if not tokens or _in_capitals_line(text, mark) or _is_title(doc, starts, mark, tokens):
                continue  # a headline in capitals, or the title of a show, book or song
            quote = Quote(mark.start, mark.end, text[mark.start : mark.end], "direct")
            found = self._governing_cue(tokens) or self._after_close(doc, starts, mark, index)
            if found is None:
                found = self._before_open(doc, starts, mark)
            if found is None:
                found = self._label_before(doc, starts, mark)
            words = sum(1 for t in tokens if t.is_alpha)
            if found is not None:
                cue, speaker = found
                quote.cue = cue.text if cue is not None else None
                if speaker is not None:
                    self._set_speaker(quote, speaker, index, excluded)
            elif (
                previous is not None
                and previous_mark is not None
                and words >= self.min_unattributed_words
                and self._continues(text, previous_mark, mark)
            ):
                quote.speaker_text = previous.speaker_text
                quote.speaker_start = previous.speaker_start
                quote.speaker_end = previous.speaker_end
                quote.actor_id = previous.actor_id
                quote.cue = previous.cue
            elif words < self.min_unattributed_words or _is_name(tokens):
                continue  # a scare quote or a name, not something anyone is quoted as saying
            else:
                lead = self._speaker_of_lead(doc, text, mark, index)
                if lead is not None:
                    quote.cue = lead[0]
                    self._set_speaker(quote, lead[1], index, excluded)
            quotes.append(quote)
            previous, previous_mark = quote, mark
        return quotes

    def _continues(self, text: str, prev: _Marked, mark: _Marked) -> bool:
        if prev.para == mark.para:
            return True
        # A quote opening the next paragraph (blank lines between are not paragraphs) right
        # after an attributed quote.
        between = text[prev.close + 1 : mark.open]
        lines = between.split("\n")
        return (
            len(lines) >= 2
            and all(not line.strip() for line in lines[1:])
            and _para_starts_with(text, mark.open)
            and len(lines[0].split(".")) <= 2
        )

    def _speaker_of_lead(
        self, doc: Doc, text: str, mark: _Marked, index: MentionIndex
    ) -> tuple[str, Token] | None:
        """An unattributed quote in a list item or under a lead that ends with a colon takes
        the person the lead names: "Peskov said on Tuesday:\n“…”", or a list of statements
        ("- Drone attacks “are at odds with …”") under "a briefing by spokesman Dmitry
        Peskov"."""
        line_start = text.rfind("\n", 0, mark.open) + 1
        own = text[line_start : mark.open]
        bullet = bool(_BULLET.match(own))
        cursor = line_start - 1
        for _ in range(12):
            if cursor <= 0:
                return None
            start = text.rfind("\n", 0, cursor) + 1
            line = text[start:cursor].strip()
            cursor = start - 1
            if not line:
                continue
            if _BULLET.match(line) or (bullet and _is_heading(line)):
                if not bullet:
                    return None
                continue  # another item of the same list, or a heading inside it
            if not (bullet or line.endswith(":")):
                return None
            person = self._lead_person(doc, start, start + len(line), index)
            if person is not None:
                return ("lead" if bullet else "colon"), person
            if not bullet:
                return None
        return None

    def _lead_person(self, doc: Doc, start: int, end: int, index: MentionIndex) -> Token | None:
        """The person a lead paragraph names as the source: the subject of its reporting
        verb, else the person after a statement noun ("a briefing by … Peskov")."""
        tokens = [t for t in doc if start <= t.idx < end]
        for token in tokens:
            if self._is_cue(token):
                subject = self._subject(token, set())
                if subject is not None:
                    return subject
        for token in tokens:
            if token.lemma_.lower() in _STATEMENT_NOUNS:
                for later in tokens:
                    if later.i <= token.i:
                        continue
                    mentions = index.covering(later.idx, later.idx + len(later.text))
                    if any(m.label == "PERSON" for m in mentions):
                        return later
        return None

    def _label_before(
        self, doc: Doc, starts: list[int], mark: _Marked
    ) -> tuple[Token | None, Token | None] | None:
        """A label opening the paragraph: "Name: “…”" or "Name, Outlet: “…”"."""
        text = doc_text(doc)
        line_start = text.rfind("\n", 0, mark.open) + 1
        label = _LABEL.match(text, line_start, mark.open)
        if label is None:
            return None
        name_end = line_start + len(label.group(1))
        names = [t for t in _tokens_in(doc, starts, line_start, name_end) if t.pos_ == "PROPN"]
        return (None, names[-1]) if names else None

    def _governing_cue(self, tokens: list[Token]) -> tuple[Token | None, Token | None] | None:
        """A reporting verb outside the quote that governs the quoted words."""
        inside = {t.i for t in tokens}
        for token in tokens:
            if token.head.i in inside and token.head.i != token.i:
                continue
            head = token.head if token.head.i != token.i else token
            steps = 0
            while steps < 4:
                if head.i not in inside and (
                    self._is_cue(head, attached=steps == 0)
                    or (steps == 0 and _speaking_verb(head, inside))
                ):
                    head = self._outer_cue(head, inside)
                    speaker = self._subject(head, inside)
                    if speaker is not None or _is_passive(head):
                        return head, speaker
                    return None  # a cue with no visible subject: let the windows decide
                if head.head.i == head.i:
                    break
                head = head.head
                steps += 1
        return None

    def _outer_cue(self, cue: Token, inside: set[int]) -> Token:
        """The reporting verb whose clause holds ``cue`` when ``cue`` is an inner speech act
        (:data:`INNER_CUES`) in someone else's reported speech."""
        current = cue
        for _ in range(3):
            if current.lemma_.lower() not in INNER_CUES:
                break
            parent = current.head
            if current.dep_ not in ("ccomp", "xcomp", "conj") or parent.i == current.i:
                break
            if parent.i in inside or not self._is_cue(parent):
                break
            current = parent
        return current

    def _after_close(
        self, doc: Doc, starts: list[int], mark: _Marked, index: MentionIndex
    ) -> tuple[Token | None, Token | None] | None:
        if not mark.closed:
            return None
        i = bisect.bisect_left(starts, mark.close + 1)
        end = min(len(doc), i + self.window)
        first_word: Token | None = None
        for j in range(i, end):
            tok = doc[j]
            if tok.text in QUOTE_MARKS or "\n" in tok.text:
                break
            if tok.text in SENTENCE_END and first_word is not None:
                break
            if self._is_cue(tok, attached=j - i <= 3) or (j - i <= 3 and _speaking_verb(tok)):
                speaker = self._subject(tok, set()) or _next_name(doc, j + 1, end)
                return tok, speaker
            if tok.lower_ == "according" and j + 1 < end and doc[j + 1].lower_ == "to":
                # "“…,” according to X." / a partial quote "…, according to X."
                source = next((c for c in doc[j + 1].children if c.dep_ == "pobj"), None)
                return None, source or _next_name(doc, j + 2, end)
            if first_word is None and tok.is_alpha:
                first_word = tok
        # Verb lost ("“…,” Moskovsky Komsomolets, a popular tabloid." when a link was
        # stripped): after a comma at the close, a short verbless phrase ended by a comma or
        # full stop names the source; its last proper noun (else last word) is the speaker.
        text_at_close = doc_text(doc)[max(0, mark.close - 1) : mark.close + 2]
        if first_word is None or "," not in text_at_close:
            return None
        j = _skip_space(doc, i)
        phrase: list[Token] = []
        while j < len(doc) and len(phrase) <= 6:
            tok = doc[j]
            if tok.text in {",", "."} or tok.text in QUOTE_MARKS or "\n" in tok.text:
                break
            phrase.append(tok)
            j += 1
        if (
            not phrase
            or len(phrase) > 6
            or j >= len(doc)
            or doc[j].text not in {",", "."}
            # a capitalised "verb" here is a mis-tagged name ("Ura.ru" tagged VERB)
            or any(t.pos_ == "PRON" or t.pos_ in ("VERB", "AUX") and t.is_lower for t in phrase)
        ):
            return None
        names = [t for t in phrase if t.pos_ == "PROPN" or t.is_title]
        return None, (names[-1] if names else phrase[-1])

    def _before_open(
        self, doc: Doc, starts: list[int], mark: _Marked
    ) -> tuple[Token | None, Token | None] | None:
        """``X said: “…”`` / ``stating, “…”`` when the parse did not link them."""
        i = bisect.bisect_left(starts, mark.open) - 1
        j = i
        while j >= 0 and doc[j].text in {",", ":", "\u2014", "-"} and i - j < 2:
            j -= 1
        if j < 0 or j == i and doc[i].text not in {",", ":"} and not self._is_cue(doc[j]):
            return None
        if self._is_cue(doc[j]):
            return doc[j], self._subject(doc[j], set())
        return None

    def _is_cue(self, token: Token, *, attached: bool = False) -> bool:
        """A reporting verb. ``attached``: the verb stands in the attribution of a quote (it
        governs the quoted words, or opens the words right after the closing mark), where a
        verb of speaking in a manner ("fumed", "quipped") reports speech too."""
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        if lemma in self.cue_lemmas:
            return True
        if attached and lemma in MANNER_LEMMAS:
            return True
        # "…, calling the outcome a rejection of “lies”": a participle naming what someone
        # said something is (not "call for", not a phone call).
        return (
            lemma == "call"
            and token.tag_ == "VBG"
            and token.dep_ == "advcl"
            and not any(c.dep_ == "prep" for c in token.children)
        )

    def _subject(self, verb: Token, inside: set[int]) -> Token | None:
        """The speaker token of a reporting verb: its subject, or its governing verb's.

        Climbing from a participle ("…, adding, “…”") to the verbs above it, the subject of a
        reporting verb wins over the subject of a clause in between ("Witkoff claimed the
        summit yielded “…,” adding …" is Witkoff, not the summit). "X quoted Y as saying" and
        "Y was quoted as saying (by X)" give Y: the one quoted, never the outlet.
        """
        fallback: Token | None = None
        current: Token | None = verb
        for step in range(4):
            if current is None:
                break
            quoted = _quoted_person(current) if step > 0 else None
            if quoted is not None and quoted.i not in inside:
                return quoted
            for child in current.children:
                if child.dep_ in SUBJECT_DEPS and child.i not in inside:
                    if step == 0 or self._is_cue(current):
                        return child
                    fallback = fallback or child
                    break
            # "…, stating, “…”": the participle's subject is its head verb's subject.
            if current.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep", "ccomp") and (
                current.head.i != current.i
            ):
                if current.dep_ == "ccomp" and step == 0:
                    break  # a reporting verb's own clause: its subject is above it
                current = current.head
            else:
                break
        return fallback

    def _set_speaker(
        self,
        quote: Quote,
        speaker: Token,
        index: MentionIndex,
        excluded: Sequence[tuple[int, int]],
    ) -> None:
        speaker = _named_apposition(speaker, index) or speaker
        span = _speaker_span(speaker)
        mention = _mention_for(span, speaker, index)
        if mention is None and is_person_pronoun(speaker.text):
            topic = previous_topic(_sentence_at(speaker.doc, quote.start), speaker.text, index,
                                   self.registry)
            antecedent = None if topic is not None else resolve_pronoun(
                speaker.text,
                speaker.idx,
                index,
                self.registry,
                excluded=[*excluded, *self._addressees],
            )
            quote.speaker_text = speaker.text
            quote.speaker_start = speaker.idx
            quote.speaker_end = speaker.idx + len(speaker.text)
            quote.actor_id = topic or (antecedent.actor_id if antecedent else None)
            return
        if mention is not None:
            quote.speaker_text = mention.text
            quote.speaker_start, quote.speaker_end = mention.start, mention.end
            quote.actor_id = mention.actor_id
            return
        quote.speaker_text = span.text
        quote.speaker_start, quote.speaker_end = span.start_char, span.end_char
        if speaker.lower_ == "it":  # "… it has declared as “new Russian territories”"
            institution = resolve_institution(speaker.idx, index, self.registry)
            quote.actor_id = institution.actor_id if institution else None

    # -- indirect -----------------------------------------------------------------------

    def _indirect(
        self, doc: Doc, index: MentionIndex, excluded: list[tuple[int, int]]
    ) -> list[Quote]:
        quotes: list[Quote] = []
        for token in doc:
            if _within(token.idx, excluded):
                continue
            if self._is_cue(token) and not _is_passive(token):
                clauses = [c for c in token.children if c.dep_ == "ccomp"]
                for child in clauses:
                    quote = self._clause_quote(child, token, index, excluded)
                    if quote is not None:
                        quotes.append(quote)
                if not clauses and _parenthetical(token):
                    # "The truce will hold, Witkoff warned, only if …" / "…, as Lavrov
                    # has underlined": the reported words are the governing clause.
                    quote = self._clause_quote(token.head, token, index, excluded, skip=token)
                    if quote is not None:
                        quotes.append(quote)
            elif token.lower_ == "clear" and token.head.lemma_ in ("make", "be"):
                quote = self._made_clear(token, index, excluded)
                if quote is not None:
                    quotes.append(quote)
            elif token.lower_ == "according" and token.i + 1 < len(doc):
                quote = self._according_to(token, index, excluded)
                if quote is not None:
                    quotes.append(quote)
        return quotes

    def _clause_quote(
        self,
        clause: Token,
        cue: Token,
        index: MentionIndex,
        excluded: list[tuple[int, int]],
        *,
        skip: Token | None = None,
    ) -> Quote | None:
        lo, hi = _paragraph(cue)
        left, right = (skip.left_edge.i, skip.right_edge.i) if skip is not None else (-1, -1)
        tokens = [t for t in clause.subtree if lo <= t.idx < hi and not left <= t.i <= right]
        if skip is not None and tokens:
            # Keep one side of the parenthetical: the words before it, else those after.
            before = [t for t in tokens if t.i < left]
            tokens = before if len(before) >= self.min_indirect_tokens else tokens
        while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
            tokens.pop(0)
        while tokens and tokens[-1].is_punct and tokens[-1].text not in CLOSERS:
            tokens.pop()
        if len(tokens) < self.min_indirect_tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if _mostly_quoted(start, end, excluded):
            return None  # the attribution of a direct quote, already recorded
        subject = self._subject(cue, set())
        if subject is not None and subject.lower_ in NON_SPEAKERS:
            return None  # "It suggests that …": an inference, not reported speech
        quote = Quote(start, end, doc_text(cue.doc)[start:end], "indirect", cue=cue.text)
        if subject is not None and not (start <= subject.idx < end):
            self._set_speaker(quote, subject, index, excluded)
        return quote

    def _made_clear(
        self, clear: Token, index: MentionIndex, excluded: list[tuple[int, int]]
    ) -> Quote | None:
        """``X made (it) clear that …`` / ``X has been clear that …``: X states the clause."""
        doc = clear.doc
        verb = clear.head
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.lower_ in NON_SPEAKERS:
            return None
        mark = next(
            (
                doc[j]
                for j in range(clear.i + 1, min(len(doc), clear.i + 3))
                if doc[j].lower_ == "that" and doc[j].dep_ == "mark"
            ),
            None,
        )
        if mark is None or mark.head.i == mark.i:
            return None
        lo, hi = _paragraph(clear)
        tokens = [t for t in mark.head.subtree if lo <= t.idx < hi and t.i > mark.i]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in CLOSERS:
            tokens.pop()
        if len(tokens) < self.min_indirect_tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if _mostly_quoted(start, end, excluded) or _within(clear.idx, excluded):
            return None
        quote = Quote(start, end, doc_text(doc)[start:end], "indirect", cue=f"{verb.text} clear")
        self._set_speaker(quote, subject, index, excluded)
        return quote

    def _according_to(
        self, according: Token, index: MentionIndex, excluded: list[tuple[int, int]]
    ) -> Quote | None:
        doc = according.doc
        to = doc[according.i + 1]
        if to.lower_ != "to":
            return None
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        clause = according.head
        while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head.i != clause.i:
            clause = clause.head
        left, right = according.left_edge.i, source.right_edge.i
        lo, hi = _paragraph(according)
        tokens = [t for t in clause.subtree if not (left <= t.i <= right) and lo <= t.idx < hi]
        while tokens and tokens[0].is_punct:
            tokens.pop(0)
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        if len(tokens) < self.min_indirect_tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if _mostly_quoted(start, end, excluded):
            return None
        quote = Quote(start, end, doc_text(doc)[start:end], "indirect", cue="according to")
        self._set_speaker(quote, source, index, excluded)
        return quote


def extract_quotes(
    doc: Doc, mentions: Sequence[Mention], registry: ActorRegistry | None = None
) -> list[Quote]:
    """Direct and indirect quotes in ``doc`` with speakers resolved through ``mentions``.

    ``registry`` supplies genders so "she said" skips male candidates (default: the packaged
    registry; pass the one that resolved ``mentions``). A speaker who speaks for someone else
    — by a role the text states or the registry's ``speaks_for`` — gets ``on_behalf_of``
    (:func:`accord.extract.spokespeople.voiced_for`).
    """
    reg = registry if registry is not None else default_registry()
    quotes = QuoteExtractor(reg).extract(doc, mentions)
    for q in quotes:
        if q.actor_id and q.actor_id in reg:
            where = q.speaker_start if q.speaker_start is not None else q.start
            sent = doc.char_span(where, where + 1, alignment_mode="expand")
            q.on_behalf_of = voiced_for(q.actor_id, doc, mentions, reg, upto=max(q.end, where + 1),
                                        sentence=sent.sent if sent is not None else None)
    return quotes


# -- helpers ------------------------------------------------------------------------------


def _find_marked(text: str) -> list[_Marked]:
    """Outermost quoted spans, one linear pass; nesting counted, reset at line breaks.

    ``''`` and ````` `` (two apostrophes or backticks, as some wire services print) are read as a
    straight double quote mark followed by a space, so offsets stay those of ``text``.
    """
    if "''" in text or "``" in text:
        text = text.replace("''", '" ').replace("``", '" ')
    found: list[_Marked] = []
    depth = 0
    opened = -1
    straight = False
    para = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            if depth > 0 and opened >= 0:
                found.append(_span(text, opened, i, para, closed=False))
            depth, opened, straight = 0, -1, False
            para += 1
        elif ch in OPENERS:
            if depth == 0:
                opened, straight = i, False
            depth += 1
        elif ch in CLOSERS and depth > 0 and not straight:
            depth -= 1
            if depth == 0:
                found.append(_span(text, opened, i, para, closed=True))
                opened = -1
        elif ch == STRAIGHT:
            if depth == 0:
                opened, straight, depth = i, True, 1
            elif straight:
                depth = 0
                found.append(_span(text, opened, i, para, closed=True))
                opened, straight = -1, False
        i += 1
    if depth > 0 and opened >= 0:
        found.append(_span(text, opened, n, para, closed=False))
    return [m for m in found if m.end > m.start]


def _span(text: str, opened: int, close: int, para: int, *, closed: bool) -> _Marked:
    start = opened + 1
    end = close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return _Marked(start, end, opened, close, para, closed)


_BULLET = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s")
_LABEL = re.compile(
    r"[ \t]*([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3})(?:,[^:\n]{1,60})?:[ \t]*$"
)
_STATEMENT_NOUNS = frozenset(
    {
        "briefing",
        "statement",
        "remark",
        "comment",
        "interview",
        "address",
        "speech",
        "conference",
        "message",
        "post",
        "letter",
    }
)
_SMALL_WORDS = frozenset(
    {"the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"}
)


def _is_heading(line: str) -> bool:
    """A short line without a full stop: a subheading inside a list."""
    return len(line.split()) <= 10 and not line.rstrip().endswith((".", "!", "?", "”", '"'))


def _is_name(tokens: list[Token]) -> bool:
    """Verbless words most of which are capitalised: the name of an organisation, plan or
    event in quote marks (ANO “Russia - the land of Opportunities”), not a quotation."""
    if any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return False
    content = [t for t in tokens if t.is_alpha and t.lower_ not in _SMALL_WORDS]
    return bool(content) and 3 * sum(t.text[:1].isupper() for t in content) >= 2 * len(content)


def _in_capitals_line(text: str, mark: _Marked) -> bool:
    """The quote sits in a headline set in capitals ("TRUMP: “WE WILL SEE”")."""
    start = text.rfind("\n", 0, mark.open) + 1
    end = text.find("\n", mark.open)
    letters = [ch for ch in text[start : end if end >= 0 else len(text)] if ch.isalpha()]
    return len(letters) >= 10 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _is_title(doc: Doc, starts: list[int], mark: _Marked, tokens: list[Token]) -> bool:
    """The quoted words are the title of a show, book, song or plan: at most six words, each
    capitalised except small words ("Meet the Press", "This Week"), no verb in the sentence
    sense and no sentence punctuation inside."""
    words = [t for t in tokens if not t.is_punct]
    if not 1 <= len(words) <= 6 or any(t.text in SENTENCE_END or t.text == "," for t in tokens):
        return False
    if not words[0].text[:1].isupper():
        return False
    if not all(t.text[:1].isupper() or t.lower_ in _SMALL_WORDS or t.like_num for t in words):
        return False
    if len(words) == 1:
        # One capitalised word is a name in quotes ("Druzhba"), or a quoted word: titles need
        # the context of a medium ("ABC's “Nightline”", "the song “Imagine”").
        i = bisect.bisect_left(starts, mark.open) - 1
        before = doc[i - 1].lower_ if i >= 1 else ""
        return before in ("'s", "’s", "show", "program", "programme", "book", "song", "film")
    return True


def _parenthetical(cue: Token) -> bool:
    """A reporting verb inserted into the clause it reports (parataxis, or "as X said")."""
    if cue.head.i == cue.i or not any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return False
    if cue.dep_ == "parataxis":
        return True
    return cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)


def _paragraph(token: Token) -> tuple[int, int]:
    """Character bounds of the line (paragraph) holding ``token``."""
    text = doc_text(token.doc)
    lo = text.rfind("\n", 0, token.idx) + 1
    hi = text.find("\n", token.idx)
    return lo, hi if hi >= 0 else len(text)


def _para_starts_with(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


def _tokens_in(doc: Doc, starts: list[int], start: int, end: int) -> list[Token]:
    i = bisect.bisect_left(starts, start)
    j = bisect.bisect_left(starts, end)
    return [doc[k] for k in range(i, j) if not doc[k].is_space]


def _skip_space(doc: Doc, i: int) -> int:
    while i < len(doc) and (doc[i].is_space or doc[i].text == ","):
        i += 1
    return i


_ADDRESSING = frozenset({"tell", "ask", "inform", "brief", "assure", "warn", "interview"})


def _addressees(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the people spoken to: the object of "told"/"asked", the one after
    "interview with" or "in a conversation with". A pronoun in the next quote's attribution
    ("he added") refers to the speaker, not to the interviewer."""
    spans: list[tuple[int, int]] = []
    for token in doc:
        lemma = token.lemma_.lower()
        targets: list[Token] = []
        if token.pos_ == "VERB" and lemma in _ADDRESSING:
            targets = [c for c in token.children if c.dep_ in ("dobj", "dative")]
        elif lemma in ("interview", "conversation", "talk") and token.pos_ == "NOUN":
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "with":
                    targets.extend(c for c in prep.children if c.dep_ == "pobj")
        for target in targets:
            left, right = target.left_edge, target.right_edge
            spans.append((left.idx, right.idx + len(right.text)))
    return spans


def _quoted_person(verb: Token) -> Token | None:
    """Y in "X quoted Y as saying" (the object) and "Y was quoted as saying" (the subject)."""
    if verb.lemma_.lower() not in ("quote", "cite"):
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    return None


def _speaking_verb(verb: Token, quote: set[int] | frozenset[int] = frozenset()) -> bool:
    """A verb whose subject is a person and whose only complement is the quote ("“…,” Lavrov
    shrugged."): the attribution, whatever the verb (its lemma is not in any list)."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() in NOT_CUES or verb.tag_ not in ("VBD", "VBZ"):
        return False
    if any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp") and c.i not in quote
        for c in verb.children
    ):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (
        subject.pos_ == "PROPN" or is_person_pronoun(subject.text) or subject.ent_type_ == "PERSON"
    )


def _is_passive(verb: Token) -> bool:
    """ "X is said to …" reports hearsay, not a speaker."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _next_name(doc: Doc, start: int, end: int) -> Token | None:
    """The first proper noun or personal pronoun after an inverted cue ("said Dynkin")."""
    for j in range(start, min(end + 2, len(doc))):
        tok = doc[j]
        if tok.pos_ == "PROPN" or is_person_pronoun(tok.text):
            return tok
        if tok.text in SENTENCE_END:
            break
    return None


def _speaker_span(token: Token) -> Span:
    """The words naming the speaker: the head noun with its left modifiers and name parts."""
    doc = token.doc
    if token.pos_ == "PRON":
        return doc[token.i : token.i + 1]
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "det", "poss", "nmod", "nummod"):
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "amod", "prep") and child.i == right + 1:
            right = child.right_edge.i if child.dep_ in ("prep", "amod") else child.i
    span = doc[left : right + 1]
    while len(span) > 1 and span[0].lower_ in ("the", "a", "an"):
        span = span[1:]
    return span


def _mention_for(span: Span, head: Token, index: MentionIndex) -> Mention | None:
    """The mention naming the speaker: the one on the head word of the noun phrase.

    A registry name inside the phrase is not the speaker ("the influential US daily" is the
    daily, "Donald Trump's son" the son), except that officials speak for the state or
    organisation that modifies them (:data:`AGENT_NOUNS`: "Russian officials" → Russia).
    """
    on_head = index.covering(head.idx, head.idx + len(head.text))
    for mention in on_head:
        return mention
    if head.lemma_.lower() not in AGENT_NOUNS:
        return None
    inside = [
        m
        for m in index.covering(span.start_char, span.end_char)
        if span.start_char <= m.start and m.end <= span.end_char and m.actor_id
    ]
    return inside[-1] if inside else None


def _named_apposition(head: Token, index: MentionIndex) -> Token | None:
    """The named person in apposition to a common-noun speaker: "Donald Trump’s special envoy,
    Steve Witkoff, told CNN" is Witkoff."""
    if head.pos_ == "PROPN" or index.covering(head.idx, head.idx + len(head.text)):
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    return None


def _within(offset: int, ranges: Sequence[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]


def _mostly_quoted(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in ranges)
    return covered >= 0.5 * (end - start)


__all__ = ["CUE_LEMMAS", "QuoteExtractor", "extract_quotes"]


def _sentence_at(doc: Doc, offset: int) -> Span:
    """The sentence holding the character ``offset`` (a quote's opening mark)."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None:
        return span.sent
    # the offset falls on whitespace: the first token after it
    return next((t for t in doc if t.idx + len(t.text) > offset), doc[-1]).sent
