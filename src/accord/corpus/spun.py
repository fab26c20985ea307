"""Detect machine-paraphrased ("spun") text from broken collocations and names.

Article spinners replace words with thesaurus synonyms one at a time, so fixed expressions
break: institutions ("Security Council" -> "Safety Council"), idioms ("as soon as possible" ->
"as soon as potential") and collocations ("climate change" -> "local weather change"). Fluent
writers do not produce these variants, so each one is evidence.

Method (all general knowledge, nothing taken from a particular article):

1. A lexicon of fixed expressions of news English (:data:`EXPRESSIONS`: institutions,
   with their capitalisation, and idioms/collocations), and a synonym table
   (:data:`SYNONYMS`) of the substitutions thesaurus spinners make. Every variant of every
   expression with at least one word substituted is precomputed into a hash index; variants
   that are themselves expressions are dropped. Matching is one pass over the word tokens with
   dictionary look-ups (longest match first), so it is linear in the text.
2. Two grammatical side-effects of word-for-word substitution: an article that no longer fits
   its noun ("an knowledgeable", "a assure") and "mentioned" used as the reporting verb right
   after a quotation.

Each hit has a weight (a *strong* substitution, never fluent in that expression, 1.0 — 1.5
for an institution's name; a *weak* one, occasionally fluent, 0.5; grammatical signals 0.5 with
a cap). The article's score is the total weight; the flag needs a minimum score and a minimum
number of distinct phrases (see :class:`accord.corpus.flags.FlagSettings`).

Limits: only corruptions of expressions in the lexicon are seen; a spinner that rewrites whole
sentences (an LLM paraphrase) leaves no broken collocations and is not detected; spaCy's small
English model carries no word probabilities, so no statistical bigram signal is used.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from itertools import product

# Fixed expressions; capitalised words must be capitalised in the text for a match.
EXPRESSIONS: tuple[str, ...] = (
    # institutions and proper names
    "White House",
    "House of Representatives",
    "Foreign Affairs Committee",
    "Foreign Affairs",
    "Foreign Ministry",
    "Foreign Minister",
    "Foreign Office",
    "State Department",
    "Justice Department",
    "Defense Department",
    "Defense Ministry",
    "Defence Ministry",
    "Defense Minister",
    "Defence Minister",
    "Security Council",
    "National Security Council",
    "Security Service",
    "Prime Minister",
    "Fox News",
    "Sky News",
    "New York",
    "New York Times",
    "New Delhi",
    "Wall Street",
    "Wall Street Journal",
    "Associated Press",
    "Central Bank",
    "Supreme Court",
    "Red Cross",
    "Middle East",
    "United Nations",
    "European Commission",
    "General Assembly",
    "Black Sea",
    "Higher School of Economics",
    "Foreign Intelligence Service",
    "Financial Times",
    "Washington Post",
    "National Guard",
    "Sovereign Wealth Fund",
    "House of Commons",
    "House of Lords",
    "Downing Street",
    "Defense Secretary",
    "Defence Secretary",
    "Foreign Secretary",
    "Attorney General",
    "Chief of Staff",
    "Central Intelligence Agency",
    "National Security Agency",
    "World Bank",
    "European Central Bank",
    "International Monetary Fund",
    "Federal Security Service",
    # idioms and collocations
    "as soon as possible",
    "as quickly as possible",
    "as much as possible",
    "as far as possible",
    "in the wake of",
    "on the other hand",
    "at the same time",
    "for the first time",
    "also known as",
    "energy facilities",
    "energy infrastructure",
    "climate change",
    "interest rates",
    "stock market",
    "stock exchange",
    "health care",
    "chief executive",
    "press conference",
    "news conference",
    "military operation",
    "military aid",
    "military equipment",
    "sanctions relief",
    "last week",
    "last month",
    "last year",
    "next week",
    "next year",
    "prisoner exchange",
    "front line",
    "national security",
    "international relations",
    "foreign policy",
    "spare parts",
    "ground troops",
    "air defense",
    "air defence",
    "power plant",
    "natural gas",
    "election campaign",
    "security guarantees",
    "supply chain",
    "real estate",
    "countries",
    "peace talks",
    "decision makers",
    "nuclear power plant",
    "human rights",
    "public opinion",
    "take place",
    "took place",
    "took part",
    "take part",
    "state media",
    "social media",
    "press release",
    "artificial intelligence",
    "executive order",
    "law enforcement",
    "rule of law",
    "breaking news",
    "told reporters",
    "news agency",
    "foreign policy expert",
    "security expert",
    "military expert",
)

# Spinner substitutions: word -> substitutes; a leading "~" marks a weak substitute (one that
# is sometimes fluent in these expressions). Multi-word substitutes are allowed.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "house": ("home", "residence", "household"),
    "foreign": ("overseas",),
    "affairs": ("~matters",),
    "ministry": ("~division",),
    "minister": ("~secretary",),
    "department": ("division", "~section"),
    "defense": ("protection",),
    "defence": ("protection",),
    "security": ("safety",),
    "council": ("~board",),
    "service": ("~providers",),
    "prime": ("main", "~major"),
    "news": ("information",),
    "new": ("recent",),
    "times": ("instances", "occasions"),
    "street": ("road",),
    "associated": ("related",),
    "bank": ("financial institution",),
    "court": ("courtroom", "court docket"),
    "red": ("purple",),
    "middle": ("center", "centre"),
    "nations": ("~countries", "international locations"),
    "commission": ("fee",),
    "general": ("normal", "common"),
    "assembly": ("meeting",),
    "sea": ("~ocean",),
    "higher": ("increased", "larger"),
    "school": ("faculty", "college"),
    "intelligence": ("~info", "~intel"),
    "financial": ("monetary",),
    "post": ("put up", "submit"),
    "guard": ("~guardian",),
    "sovereign": ("~autonomous",),
    "wealth": ("~riches",),
    "possible": ("potential", "attainable", "doable"),
    "much": ("a lot",),
    "far": ("~distant",),
    "wake": ("~aftermath",),
    "in": ("within",),
    "other": ("opposite",),
    "same": ("similar", "identical"),
    "first": ("primary",),
    "known": ("identified",),
    "also": ("additionally", "~often"),
    "energy": ("vitality", "vigor", "~power"),
    "facilities": ("~services", "amenities"),
    "infrastructure": ("~infra",),
    "climate": ("local weather",),
    "interest": ("curiosity",),
    "rates": ("charges",),
    "stock": ("inventory",),
    "exchange": ("~trade", "~change"),
    "health": ("well being",),
    "executive": ("govt",),
    "conference": ("~convention",),
    "military": ("navy",),
    "operation": ("~operations",),
    "aid": ("help", "assist"),
    "equipment": ("~tools", "~gear"),
    "relief": ("aid", "~reduction"),
    "last": ("~final", "~ultimate"),
    "week": ("~wk",),
    "month": ("~mo",),
    "year": ("yr", "12 months"),
    "next": ("~subsequent",),
    "prisoner": ("~captive",),
    "front": ("entrance",),
    "national": ("nationwide",),
    "international": ("~worldwide",),
    "relations": ("family members",),
    "policy": ("coverage",),
    "spare": ("~extra",),
    "parts": ("elements",),
    "ground": ("floor",),
    "plant": ("vegetation", "~crops"),
    "natural": ("pure",),
    "gas": ("~fuel",),
    "campaign": ("marketing campaign",),
    "guarantees": ("ensures",),
    "supply": ("provide",),
    "chain": ("~series",),
    "real": ("actual",),
    "estate": ("~property",),
    "countries": ("international locations",),
    "peace": ("~tranquility",),
    "talks": ("~chats",),
    "decision": ("~choice",),
    "makers": ("~creators",),
    "nuclear": (),
    "rights": ("~proper",),
    "public": ("~basic",),
    "opinion": ("~view",),
    "place": ("location",),
    "took": ("~acquired",),
    "take": ("~take",),
    "part": ("~half",),
    "state": ("~state",),
    "media": ("~medium",),
    "lords": ("~masters",),
    "commons": ("~frequent",),
    "secretary": ("~assistant",),
    "attorney": ("legal professional", "lawyer"),
    "staff": ("workers", "employees"),
    "agency": ("company",),
    "monetary": ("financial",),
    "release": ("launch",),
    "artificial": ("synthetic",),
    "law": ("regulation",),
    "enforcement": ("~implementation",),
    "told": ("advised", "instructed", "~informed"),
    "reporters": ("~journalists",),
    "expert": ("knowledgeable", "~skilled"),
}

STRONG_WEIGHT = 1.0
WEAK_WEIGHT = 0.5
NAME_FACTOR = 1.5
GRAMMAR_WEIGHT = 0.5
GRAMMAR_CAP = 2.0

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_SPACES = re.compile(r"[ \t\u00a0]+")
# "an" before a consonant sound / "a" before a vowel sound, minus the usual exceptions.
# "a"/"an" and the next word; whether the article fits is decided in Python.
_ARTICLE = re.compile(r"\b([Aa]n?)[ \u00a0]+([A-Za-z][a-z]+)\b")
_AN_EXCEPTIONS = ("hour", "honest", "honou", "heir", "herb")  # silent h: "an hour" is right
_A_EXCEPTIONS = ("eu", "one", "once", "uni", "use", "usu", "uti", "ura", "uro", "ubiq", "uk")
_MENTIONED = re.compile(
    r"[,.!?][\"”]\s+(?:(?:[A-Z][\w.’'-]*|he|she|they)\s+){0,3}mentioned\b"
    r"|\bmentioned\s+(?:in\s+an?\s+interview|on\s+(?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday))",
    re.I,
)


@dataclass(frozen=True)
class SpinHit:
    """One piece of spin evidence: a span of the text and what it seems to corrupt."""

    start: int
    end: int
    phrase: str
    expected: str
    kind: str  # "broken-expression" | "article-mismatch" | "reporting-verb"
    weight: float

    def to_dict(self) -> dict[str, object]:
        """Plain-data form for JSON."""
        return asdict(self)


@dataclass(frozen=True)
class SpinAnalysis:
    """All spin evidence in one text."""

    hits: list[SpinHit]
    words: int

    @property
    def weight(self) -> float:
        """Total evidence weight (grammatical signals capped)."""
        grammar = sum(h.weight for h in self.hits if h.kind != "broken-expression")
        lexical = sum(h.weight for h in self.hits if h.kind == "broken-expression")
        return lexical + min(grammar, GRAMMAR_CAP)

    @property
    def score(self) -> float:
        """The flag score: total evidence weight."""
        return self.weight

    @property
    def phrases(self) -> list[str]:
        """Distinct suspicious phrases, in order of first appearance."""
        return list(dict.fromkeys(h.phrase for h in self.hits))


@dataclass(frozen=True)
class _Variant:
    expected: str
    weight: float
    capitals: tuple[bool, ...]  # which variant tokens must start with a capital


class SpinDetector:
    """Find broken fixed expressions and spinner grammar in English text.

    >>> hits = SpinDetector().analyse("At the White Home they discussed local weather change.").hits
    >>> [(h.phrase, h.expected) for h in hits]
    [('White Home', 'White House'), ('local weather change', 'climate change')]
    """

    def __init__(
        self,
        expressions: tuple[str, ...] = EXPRESSIONS,
        synonyms: dict[str, tuple[str, ...]] = SYNONYMS,
    ) -> None:
        self._index: dict[tuple[str, ...], _Variant] = {}
        canonical = {tuple(e.lower().split()) for e in expressions}
        for expression in expressions:
            self._add(expression, synonyms, canonical)
        self._lengths = sorted({len(k) for k in self._index}, reverse=True)
        self._first_words = frozenset(k[0] for k in self._index)

    def _add(
        self, expression: str, synonyms: dict[str, tuple[str, ...]], canonical: set[tuple[str, ...]]
    ) -> None:
        words = expression.split()
        is_name = any(w[0].isupper() for w in words)
        options: list[list[tuple[str, float | None]]] = []
        for word in words:
            choices: list[tuple[str, float | None]] = [(word, None)]
            for substitute in synonyms.get(word.lower(), ()):
                weak = substitute.startswith("~")
                text = substitute.lstrip("~")
                if text != word.lower():
                    choices.append((text, WEAK_WEIGHT if weak else STRONG_WEIGHT))
            options.append(choices)
        for combo in product(*options):
            weights = [w for _, w in combo if w is not None]
            if not weights:
                continue
            tokens: list[str] = []
            capitals: list[bool] = []
            for (text, weight), original in zip(combo, words, strict=True):
                parts = text.split()
                capital = original[0].isupper()
                for k, part in enumerate(parts):
                    tokens.append(part.lower())
                    # A multi-word substitute of a capitalised word is capitalised on its
                    # first word only ("Central Financial institution").
                    capitals.append(capital and (k == 0 or weight is None))
            key = tuple(tokens)
            if key in canonical:
                continue
            # Two substitutions inside one fixed expression are strong evidence even if each
            # substitute alone is sometimes fluent.
            weight = weights[0] if len(weights) == 1 else STRONG_WEIGHT
            if is_name and weight >= STRONG_WEIGHT:
                weight *= NAME_FACTOR
            previous = self._index.get(key)
            if previous is None or previous.weight < weight:
                self._index[key] = _Variant(expression, weight, tuple(capitals))

    def analyse(self, text: str) -> SpinAnalysis:
        """All spin evidence in ``text`` (spans are offsets in ``text``)."""
        # Lower-casing and the apostrophe swap keep every offset, so one regex pass over the
        # lowered text gives the tokens; the original text is only read on a hit.
        lowered_text = text.lower().replace("’", "'")
        lowered = _TOKEN.findall(lowered_text)
        # Token spans are only needed around a hit, which most texts do not have: computed on
        # the first one. Candidate starts are picked in one comprehension (a set look-up per
        # token), not by stepping a Python loop through every token.
        spans: list[tuple[int, int]] | None = None
        first_words = self._first_words
        hits: list[SpinHit] = []
        n_tokens = len(lowered)
        resume = 0  # tokens before this are inside an expression already matched
        for i in [k for k, word in enumerate(lowered) if word in first_words]:
            if i < resume:
                continue
            for n in self._lengths:
                if i + n > n_tokens:
                    continue
                variant = self._index.get(tuple(lowered[i : i + n]))
                if variant is None:
                    continue
                if spans is None:
                    spans = [m.span() for m in _TOKEN.finditer(lowered_text)]
                window = [(a, b, text[a:b]) for a, b in spans[i : i + n]]
                if not self._fits(text, window, variant):
                    continue
                start, end = window[0][0], window[-1][1]
                hits.append(
                    SpinHit(
                        start,
                        end,
                        text[start:end],
                        variant.expected,
                        "broken-expression",
                        variant.weight,
                    )
                )
                resume = i + n
                break
        hits.extend(self._grammar(text))
        hits.sort(key=lambda h: h.start)
        return SpinAnalysis(hits, len(lowered))

    @staticmethod
    def _fits(text: str, window: list[tuple[int, int, str]], variant: _Variant) -> bool:
        for k, (start, _, token) in enumerate(window):
            if variant.capitals[k] and not token[0].isupper():
                return False
            if k and not _SPACES.fullmatch(text[window[k - 1][1] : start]):
                return False  # punctuation or a line break between the words
        return True

    @staticmethod
    def _grammar(text: str) -> list[SpinHit]:
        hits: list[SpinHit] = []
        for match in _ARTICLE.finditer(text):
            article, word = match.group(1).lower(), match.group(2)
            lower = word.lower()
            if len(word) < 3 or word[0].isupper():
                continue  # names and acronyms ("an NBA", "a Ukrainian") are left alone
            vowel = lower[0] in "aeiou"
            if article == "an" and not vowel and not lower.startswith(_AN_EXCEPTIONS):
                expected = "a"
            elif article == "a" and vowel and not lower.startswith(_A_EXCEPTIONS):
                if (
                    lower[0] == "u"
                    and len(lower) > 2
                    and lower[1] not in "aeiou"
                    and lower[2] in "aeiou"
                ):
                    continue  # "a usual", "a utopia": a consonant sound
                expected = "an"
            else:
                continue
            hits.append(
                SpinHit(
                    match.start(),
                    match.end(),
                    match.group(),
                    f"{expected} {word}",
                    "article-mismatch",
                    GRAMMAR_WEIGHT,
                )
            )
        if "mentioned" not in text:
            return hits
        for match in _MENTIONED.finditer(text):
            start = text.index("mentioned", match.start())
            hits.append(
                SpinHit(
                    start,
                    start + len("mentioned"),
                    "mentioned",
                    "said",
                    "reporting-verb",
                    GRAMMAR_WEIGHT,
                )
            )
        return hits
