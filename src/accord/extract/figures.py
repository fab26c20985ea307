"""Money amounts, percentages, counts and ranges, normalised.

A hand-written grammar over the cleaned text, with the spaCy parse as a *hint*:

* money: currency symbol or code before (``$216 billion``, ``€50bn``, ``USD 5 million``,
  ``US$3m``) or currency word after (``300 billion rubles``, ``a billion dollar``); the value is
  multiplied out (``€193 bn`` → 193e9, unit ``EUR``).
* ranges: ``$10-15 billion``, ``60 to 76 cents on the dollar``, ``between 5 and 7 percent``,
  ``19–20 cent range``; the magnitude and unit of the upper end apply to the lower end, as
  readers understand them.
* percentages: ``54 percent``, ``12%``, ``half a percent``, ``3 per cent``.
* counts: a number written with digits or a magnitude word, followed (within two adjectives)
  by a plural noun that is not a unit of time: ``1.5 million people``, ``20,000 troops``.

Not figures: years (``in 2003``, ``the 1990s``), dates, article/section numbers, ordinals,
durations (``80 years``, ``a 40-second commercial``) and bare small number words ("two
interviews"), which are prose rather than figures an analyst would compare. Vague quantities
("hundreds of billions") carry no value and are skipped.

>>> from accord.extract.nlp import load_pipeline
>>> doc = load_pipeline()("The EU alone has guaranteed €193 bn.")
>>> [(f.kind, f.value, f.unit) for f in extract_figures(doc)]
[('money', 193000000000.0, 'EUR')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord.extract.types import Figure

if TYPE_CHECKING:
    # Types only: spaCy is imported by what parses text, not by what reads stored results.
    from spacy.tokens import Doc, Token

MAGNITUDES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
# Single letters (m, b, k) are magnitudes only when glued to a number after a currency sign
# ("£3.5m", "$2b"); alone they are far too ambiguous.
_MAG_WORDS = r"thousand|million|billion|trillion|bn|bln|mn|mln|tn|trn"
_MAG_GLUED = r"bn|bln|mn|mln|tn|trn|m|b|k"

CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₴": "UAH",
    "₹": "INR",
}
CURRENCY_CODES = ("USD", "EUR", "GBP", "RUB", "UAH", "CNY", "JPY", "CHF", "INR", "SAR", "TRY")
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "hryvnas": "UAH",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "rupee": "INR",
    "rupees": "INR",
    "riyal": "SAR",
    "riyals": "SAR",
}

WORD_NUMBERS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "half": 0.5,
    "half a": 0.5,
    "a half": 0.5,
    "a quarter": 0.25,
    "quarter": 0.25,
    "a third": 1 / 3,
    "a dozen": 12,
    "dozen": 12,
}

# Time units: "80 years", "a 24-hour watch" are durations, not counts.
TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades century centuries".split()
)
# Words that make the following number a label, not a quantity ("Article 5", "No. 3").
LABEL_WORDS = frozenset(
    "article articles section sections resolution no no. number chapter page pages paragraph "
    "clause point item minsk room flight route highway".split()
)

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORDNUM = "|".join(
    sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True)
)
_NUM = rf"(?:{_DIGITS}|(?i:{_WORDNUM}))"
_DASH = r"\s*[-–—]\s*|\s+to\s+|\s*/\s*"
_SYM = r"US\$|\$|€|£|¥|₽|₴|₹"
_CODE = "|".join(CURRENCY_CODES)
_CURWORD = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))

# One regex per shape, tried in order; earlier (longer, more specific) shapes win overlaps.
_MONEY_PREFIX = re.compile(
    rf"(?<![\w$€£])(?P<cur>{_SYM}|(?:{_CODE})\s?)\s?"
    rf"(?P<lo>{_DIGITS})"
    rf"(?:(?P<lomag>\s?(?:{_MAG_WORDS})\b|(?:{_MAG_GLUED})\b))?"
    rf"(?:(?:{_DASH})(?:{_SYM})?\s?(?P<hi>{_DIGITS}))?"
    rf"(?:\s?(?P<mag>(?:{_MAG_WORDS})\b)|(?P<gmag>(?:{_MAG_GLUED})\b))?"
)
_MONEY_SUFFIX = re.compile(
    rf"(?i:(?<![\w.])(?:between\s+)?)"
    rf"(?P<lo>{_NUM})(?:(?:{_DASH}|\s+and\s+)(?P<hi>{_NUM}))?"
    rf"(?:\s?(?P<mag>(?i:{_MAG_WORDS}))\b)?"
    rf"(?:\s(?P<mag2>(?i:{_MAG_WORDS}))\b)?"
    rf"\s*-?\s*(?P<cur>(?i:{_CURWORD}))\b"
)
_CENTS = re.compile(
    rf"(?<![\w.])(?P<lo>{_DIGITS})(?:(?:{_DASH})(?P<hi>{_DIGITS}))?\s*-?\s*"
    r"(?P<unit>cents?)\b(?P<par>\s+on\s+the\s+(?:dollar|euro|pound))?"
)
_PERCENT = re.compile(
    rf"(?<![\w.])(?P<lo>{_NUM})(?:\s*%?\s*(?:{_DASH}|\s+and\s+)(?P<hi>{_NUM}))?"
    r"\s*(?:%|(?i:per\s?cent(?:age\s+points?)?|percent(?:age\s+points?)?|pct)\b)"
)
# Counts need digits, or a number word with a magnitude ("two million"): bare number words
# are prose, and leaving them out of the pattern keeps it from firing on every "a".
_COUNT = re.compile(
    rf"(?<![\w.,$€£])(?:(?P<lo>{_DIGITS})(?:(?:{_DASH})(?P<hi>{_DIGITS}))?"
    rf"(?:\s+(?P<mag>(?i:{_MAG_WORDS}))\b)?"
    rf"|(?P<wlo>(?i:{_WORDNUM}))\s+(?P<wmag>(?i:{_MAG_WORDS}))\b)(?![\w%])"
)
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")

# The suffix-unit shapes run only just before their unit word: scanning whole articles with
# their number-word alternations costs more than everything else in this module.
_CURRENCY_WORD_ANCHOR = re.compile(rf"(?i:\b(?:{_CURWORD})\b)")
_PERCENT_ANCHOR = re.compile(r"%|(?i:\bper\s?cent|\bpercent|\bpct\b)")
_WINDOW = 80  # longest number + range + magnitude before a unit ("between 1,234.5 and ...")


def _in_windows(
    pattern: re.Pattern[str], anchor: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` that end at or after an ``anchor`` and start within
    ``_WINDOW`` characters before it (windows merged, each match reported once)."""
    windows: list[tuple[int, int]] = []
    for a in anchor.finditer(text):
        lo, hi = max(0, a.start() - _WINDOW), min(len(text), a.end() + 20)
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    for lo, hi in windows:
        yield from pattern.finditer(text, lo, hi)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy re-joins every token on each access,
    ~2.5 ms for a news article) and cached in ``doc.user_data``."""
    cached = doc.user_data.get("accord.text")
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data["accord.text"] = cached
    return cached


def _num(text: str) -> float:
    t = text.strip().lower()
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    return float(t.replace(",", ""))


def _mag(*words: str | None) -> float:
    for w in words:
        if w:
            return MAGNITUDES[w.strip().lower()]
    return 1.0


def _is_wordnum(text: str) -> bool:
    return text.strip().lower() in WORD_NUMBERS


def _currency(symbol_or_code: str) -> str:
    s = symbol_or_code.strip()
    return CURRENCY_SYMBOLS.get(s) or s.upper()


class FigureExtractor:
    """Find figures in a parsed document.

    ``min_count`` drops counts below it when written without a magnitude (small counts such as
    "2 sides" are rarely figures worth tracking); digits-only counts need the noun that follows
    to be a plural noun in the parse.
    """

    def __init__(self, min_count: float = 2.0) -> None:
        self.min_count = min_count

    def __call__(self, doc: Doc) -> list[Figure]:
        """All figures in ``doc``, ordered by position, never overlapping."""
        text = doc_text(doc)
        found: list[Figure] = []
        taken: list[tuple[int, int]] = []
        for fig in self._candidates(doc, text):
            if any(fig.start < e and s < fig.end for s, e in taken):
                continue
            taken.append((fig.start, fig.end))
            found.append(fig)
        found.sort(key=lambda f: f.start)
        return found

    def _candidates(self, doc: Doc, text: str) -> Iterator[Figure]:
        yield from self._money_prefix(text)
        yield from self._percent(text)
        yield from self._money_suffix(text)
        yield from self._cents(text)
        yield from self._counts(doc, text)

    def _money_prefix(self, text: str) -> Iterator[Figure]:
        for m in _MONEY_PREFIX.finditer(text):
            hi_text = m.group("hi")
            mag_hi = _mag(m.group("mag"), m.group("gmag"))
            mag_lo = _mag(m.group("lomag")) if m.group("lomag") else mag_hi
            lo = _num(m.group("lo")) * mag_lo
            hi = _num(hi_text) * mag_hi if hi_text else None
            if hi is not None and hi < lo:  # "$10-15 billion" read as 10 then 15e9: share mag
                lo = _num(m.group("lo")) * mag_hi
            end = m.end()
            yield Figure(m.start(), end, text[m.start() : end], "money", lo,
                         _currency(m.group("cur")), hi)

    def _money_suffix(self, text: str) -> Iterator[Figure]:
        for m in _in_windows(_MONEY_SUFFIX, _CURRENCY_WORD_ANCHOR, text):
            lo_t, hi_t = m.group("lo"), m.group("hi")
            mag = _mag(m.group("mag")) * _mag(m.group("mag2"))
            if _is_wordnum(lo_t) and mag == 1.0 and lo_t.lower() in {"a", "an"}:
                continue  # "a dollar" is an idiom, not an amount
            lo = _num(lo_t) * mag
            hi = _num(hi_t) * mag if hi_t else None
            start = m.start("lo")
            yield Figure(start, m.end(), text[start : m.end()], "money", lo,
                         CURRENCY_WORDS[m.group("cur").lower()], hi)

    def _cents(self, text: str) -> Iterator[Figure]:
        for m in _CENTS.finditer(text):
            lo = _num(m.group("lo"))
            hi = _num(m.group("hi")) if m.group("hi") else None
            if m.group("par"):
                # A price quoted per unit of face value (bonds, debt buy-backs) is a ratio.
                yield Figure(m.start(), m.end(), m.group(0), "ratio", lo, "cents on the dollar",
                             hi)
            else:
                yield Figure(m.start(), m.end(), m.group(0), "money", lo, "cents", hi)

    def _percent(self, text: str) -> Iterator[Figure]:
        for m in _in_windows(_PERCENT, _PERCENT_ANCHOR, text):
            lo_t, hi_t = m.group("lo"), m.group("hi")
            if lo_t.lower() in {"a", "an"}:
                continue
            unit = "percentage points" if "point" in m.group(0).lower() else "percent"
            yield Figure(m.start(), m.end(), m.group(0), "percent", _num(lo_t), unit,
                         _num(hi_t) if hi_t else None)

    def _counts(self, doc: Doc, text: str) -> Iterator[Figure]:
        starts = [t.idx for t in doc]
        for m in _COUNT.finditer(text):
            lo_t = m.group("lo") or m.group("wlo")
            hi_t = m.group("hi")
            mag_t = m.group("mag") or m.group("wmag")
            if _is_wordnum(lo_t) and not mag_t:
                continue  # "two interviews": prose, not a figure
            if not mag_t and _YEAR.match(lo_t.replace(",", "")) and "," not in lo_t:
                continue  # a year
            before = text[max(0, m.start() - 12) : m.start()].lower().split()
            if before and before[-1].strip(".:#") in LABEL_WORDS | {"no"}:
                continue
            if text[m.end() : m.end() + 2].lower() in {"st", "nd", "rd", "th"}:
                continue
            if text[m.end() : m.end() + 1] == "-" or text[m.start() - 1 : m.start()] == "-":
                continue  # "40-second", "three-year", "2024-02": compounds and dates
            noun = self._count_noun(doc, starts, m.end())
            if noun is None:
                continue
            mag = _mag(mag_t)
            lo = _num(lo_t) * mag
            if mag == 1.0 and lo < self.min_count:
                continue
            hi = _num(hi_t) * mag if hi_t else None
            end = noun.idx + len(noun.text)
            yield Figure(m.start(), end, text[m.start() : end], "count", lo,
                         noun.lower_, hi)

    @staticmethod
    def _count_noun(doc: Doc, starts: list[int], char_end: int) -> Token | None:
        """The plural noun a number counts, if one follows within two modifiers."""
        first = bisect.bisect_left(starts, char_end)
        skipped = 0
        for i in range(first, min(first + 4, len(doc))):
            tok = doc[i]
            if tok.is_space:
                continue
            if tok.pos_ in {"ADJ"} and skipped < 2:
                skipped += 1
                continue
            if tok.ent_type_ in {"DATE", "TIME"}:
                return None
            if tok.tag_ in {"NNS", "NNPS"} and tok.lower_ not in TIME_UNITS:
                return tok
            if tok.lower_ == "people":
                return tok
            return None
        return None


def extract_figures(doc: Doc) -> list[Figure]:
    """Figures in ``doc`` with the default settings (see :class:`FigureExtractor`)."""
    return FigureExtractor()(doc)
