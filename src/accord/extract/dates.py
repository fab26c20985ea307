"""Date expressions resolved to calendar dates with a precision.

Absolute dates ("12 February 2025", "February 12, 2025", "2025-02-12", "February 2026",
"in 2003", "late 2024") resolve on their own. Everything that needs an anchor — weekdays
("this Tuesday", "on Monday"), "last year", "this week", "yesterday", "three days ago", and
day/month without a year ("Feb. 12", "in February", "mid-December") — is resolved against the
article's publication date and flagged ``relative=True``. With no publication date such
expressions are still reported (text, span, precision) but with ``value=None``: a date is never
guessed silently.

Precision is ``day``, ``week`` (value = the Monday of that ISO week), ``month`` (value = the
1st), ``year`` (value = 1 January) or ``decade`` ("the 1990s": value = 1 January 1990).

Rules that keep false positives out:

* month names must be capitalised; "May" and "March" (also a modal verb, a surname and a
  verb) count only with a day or year, or after a preposition such as "in", "since", "early";
* a month inside a PERSON entity ("Theresa May", "Mr May") is never a date;
* "today"/"now" are skipped (in commentary they almost always mean "nowadays"), and
  possessive forms ("yesterday's life") are skipped for the same reason;
* bare weekdays take their direction from the governing verb: past tense → the latest such
  day on or before publication, otherwise the next on or after it.

>>> from datetime import date
>>> from accord.extract.nlp import load_pipeline
>>> doc = load_pipeline()("Talks resume this Tuesday.")
>>> [(d.text, d.value) for d in extract_dates(doc, date(2025, 12, 1))]
[('this Tuesday', datetime.date(2025, 12, 2))]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc

from accord.extract.figures import doc_text
from accord.extract.types import DateMention

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("January", "Jan"),
        ("February", "Feb"),
        ("March", "Mar"),
        ("April", "Apr"),
        ("May",),
        ("June", "Jun"),
        ("July", "Jul"),
        ("August", "Aug"),
        ("September", "Sept", "Sep"),
        ("October", "Oct"),
        ("November", "Nov"),
        ("December", "Dec"),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i

WEEKDAYS = {
    "Monday": 0,
    "Tuesday": 1,
    "Wednesday": 2,
    "Thursday": 3,
    "Friday": 4,
    "Saturday": 5,
    "Sunday": 6,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Month names, longest first so "Sept" wins over "Sep"; abbreviations may carry a dot.
_FULL_MONTHS = [n for n in MONTHS if len(n) > 4 or n in {"May", "June", "July"}]
_ABBREV_MONTHS = [n for n in MONTHS if n not in _FULL_MONTHS]
_MONTH = (
    "(?:(?:" + "|".join(_FULL_MONTHS) + r")\b|(?:"
    + "|".join(sorted(_ABBREV_MONTHS, key=len, reverse=True)) + r")\b\.?)"
)
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_MOD = r"(?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[-\s]+)"
_PREP = r"(?:in|since|until|till|by|from|during|before|after|through|of|on|between|and|to)"

# (name, regex) in priority order: an earlier, longer match wins any overlap.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>20\d\d|19\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")),
    (
        "d_month_y",
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    (
        "month_d_y",
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    ("month_y", re.compile(rf"(?i:\b{_MOD})?\b(?P<mon>{_MONTH})\s+(?P<y>{_YEAR})\b")),
    (
        "month_d",
        re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<d>{_DAY})\b(?!,?\s*\d)"),
    ),
    (
        "d_month",
        re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH})"),
    ),
    ("mod_month", re.compile(rf"(?i:\b{_MOD})(?P<mon>{_MONTH})")),
    ("prep_month", re.compile(rf"(?i:\b{_PREP}\s+)(?P<mon>{_MONTH})")),
    ("month", re.compile(rf"\b(?P<mon>{_MONTH})")),
    (
        "decade",
        re.compile(
            r"(?i:\b(?:the\s+)?(?:early|mid|late)?[-\s]*)(?P<dec>1[89]\d0|20\d0)['’]?s\b"
        ),
    ),
    ("mod_year", re.compile(rf"(?i:\b{_MOD})(?P<y>{_YEAR})\b(?!s)")),
    (
        "prep_year",
        re.compile(rf"(?i:\b(?:{_PREP}|early|late|mid)\s+)(?P<y>{_YEAR})\b(?!s|\s*[-–]\s*\d)"),
    ),
    ("year", re.compile(rf"\b(?P<y>{_YEAR})\b(?!s)")),
    (
        "rel_weekday",
        re.compile(rf"(?i:\b(?P<rel>this|last|next|past|coming)\s+)(?P<wd>{_WEEKDAY})\b"),
    ),
    ("weekday", re.compile(rf"\b(?P<wd>{_WEEKDAY})\b(?!,?\s+(?:{_DAY}|{_MONTH}))")),
    (
        "rel_unit",
        re.compile(r"(?i:\b(?P<rel>this|last|next|past|coming)\s+(?P<unit>week|month|year)\b)"),
    ),
    (
        "ago",
        re.compile(
            r"(?i:\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
            r"|twelve)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b)"
        ),
    ),
    ("yesterday", re.compile(r"(?i:\b(?P<w>yesterday|tomorrow)\b)(?!['’]s)")),
]
_AMBIGUOUS_MONTHS = {"May", "March", "Mar"}
_Maker = Callable[[date | None, str, bool], DateMention]


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    match: re.Match[str]


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".")]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _nearest_year(
    published: date, month: int, day: int = 1, direction: str | None = None,
    *, exact_day: bool = False,
) -> int:
    """The most plausible year for a month/day without one.

    ``direction`` "past" keeps the latest such date on or before publication (its month may
    be the publication month), "future" the earliest on or after it; without a direction, the
    closest one (ties go to the past). With ``exact_day`` (a day was given) the comparison is by
    day, with two days' slack for late-posted copies: "met on December 20" in an article of
    3 December is 2024-12-20, not a day still to come.
    """
    best = published.year
    best_gap: int | None = None
    for y in (published.year - 1, published.year, published.year + 1):
        d = _safe_date(y, month, min(day, 28) if month == 2 else day)
        if d is None:
            continue
        if exact_day:
            if direction == "past" and (d - published).days > 2:
                continue
            if direction == "future" and (published - d).days > 2:
                continue
        elif direction == "past" and (d.year, d.month) > (published.year, published.month):
            continue
        elif direction == "future" and (d.year, d.month) < (published.year, published.month):
            continue
        gap = abs((d - published).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


class DateExtractor:
    """Find and resolve date expressions in a parsed document (see module docs)."""

    def __call__(self, doc: Doc, published: date | None = None) -> list[DateMention]:
        """All date mentions in ``doc``, resolved against ``published`` when given."""
        text = doc_text(doc)
        person_chars = _entity_chars(doc, {"PERSON"})
        taken: list[tuple[int, int]] = []
        out: list[DateMention] = []
        for cand in self._candidates(text):
            if any(cand.start < e and s < cand.end for s, e in taken):
                continue
            mention = self._resolve(cand, doc, published, person_chars)
            if mention is None:
                continue
            taken.append((cand.start, cand.end))
            out.append(mention)
        out.sort(key=lambda m: m.start)
        return out

    @staticmethod
    def _candidates(text: str) -> Iterator[_Candidate]:
        windows = _windows(text)
        for kind, pattern in _PATTERNS:
            for lo, hi in windows:
                for m in pattern.finditer(text, lo, hi):
                    yield _Candidate(m.start(), m.end(), kind, m)

    def _resolve(
        self, cand: _Candidate, doc: Doc, published: date | None, person_chars: set[int]
    ) -> DateMention | None:
        m, kind = cand.match, cand.kind
        groups = m.groupdict()
        mon_name = groups.get("mon")
        if mon_name is not None:
            mon_start = m.start("mon")
            if mon_start in person_chars:
                return None
            if (
                mon_name.rstrip(".") in _AMBIGUOUS_MONTHS
                and kind in {"month", "d_month", "month_d"}
                and not _day_is_plausible(m)
            ):
                return None
            if mon_name.endswith(".") is False and mon_name in {"Jan", "Feb", "Mar", "Apr", "Jun",
                                                               "Jul", "Aug", "Sep", "Sept", "Oct",
                                                               "Nov", "Dec"}:
                # Abbreviations without a dot are names or words too often ("Jan", "Dec").
                if kind in {"month", "prep_month", "mod_month"}:
                    return None
        text = m.group(0)
        span = (cand.start, cand.end)

        def mk(value: date | None, precision: str, relative: bool) -> DateMention:
            return DateMention(span[0], span[1], text, value, precision, relative)

        if kind == "iso" or kind in {"d_month_y", "month_d_y"}:
            y = int(m.group("y"))
            mo = int(m.group("m")) if kind == "iso" else _month(m.group("mon"))
            value = _safe_date(y, mo, _day(m.group("d")))
            return mk(value, "day", False) if value else None
        if kind == "month_y":
            return mk(date(int(m.group("y")), _month(m.group("mon")), 1), "month", False)
        if kind in {"month_d", "d_month"}:
            mo, d = _month(m.group("mon")), _day(m.group("d"))
            if published is None:
                return mk(None, "day", True)
            year = _nearest_year(published, mo, d, _tense(doc, m.start("mon")), exact_day=True)
            return mk(_safe_date(year, mo, d), "day", True)
        if kind in {"mod_month", "prep_month", "month"}:
            if kind == "month" and mon_name is not None and not _is_propn(doc, m.start("mon")):
                return None
            mo = _month(m.group("mon"))
            if published is None:
                return mk(None, "month", True)
            year = _nearest_year(published, mo, 1, _tense(doc, m.start("mon")))
            return mk(date(year, mo, 1), "month", True)
        if kind in {"mod_year", "prep_year", "year"}:
            if kind == "year" and not _in_entity(doc, m.start("y"), {"DATE"}):
                return None
            return mk(date(int(m.group("y")), 1, 1), "year", False)
        if kind == "decade":
            return mk(date(int(m.group("dec")), 1, 1), "decade", False)
        if kind in {"rel_weekday", "weekday"}:
            return mk(self._weekday(m, doc, published), "day", True)
        if kind == "rel_unit":
            return self._rel_unit(m, published, mk)
        if kind == "ago":
            n_text = m.group("n").lower()
            n = int(n_text) if n_text.isdigit() else NUMBER_WORDS[n_text]
            unit = m.group("unit").lower().rstrip("s")
            if published is None:
                return mk(None, "year" if unit == "year" else "month" if unit == "month" else "day",
                          True)
            if unit == "day":
                return mk(published - timedelta(days=n), "day", True)
            if unit == "week":
                return mk(_monday(published - timedelta(weeks=n)), "week", True)
            if unit == "month":
                total = published.year * 12 + published.month - 1 - n
                return mk(date(total // 12, total % 12 + 1, 1), "month", True)
            return mk(date(published.year - n, 1, 1), "year", True)
        if kind == "yesterday":
            if published is None:
                return mk(None, "day", True)
            step = -1 if m.group("w").lower() == "yesterday" else 1
            return mk(published + timedelta(days=step), "day", True)
        return None

    @staticmethod
    def _weekday(m: re.Match[str], doc: Doc, published: date | None) -> date | None:
        if published is None:
            return None
        wd = WEEKDAYS[m.group("wd")]
        rel = (m.groupdict().get("rel") or "").lower()
        if rel == "this":
            return _monday(published) + timedelta(days=wd)
        back = (published.weekday() - wd) % 7
        fwd = (wd - published.weekday()) % 7
        if rel in {"last", "past"}:
            return published - timedelta(days=back or 7)
        if rel in {"next", "coming"}:
            return published + timedelta(days=fwd or 7)
        if _tense(doc, m.start("wd")) in {"past", None}:
            return published - timedelta(days=back)
        return published + timedelta(days=fwd)

    @staticmethod
    def _rel_unit(m: re.Match[str], published: date | None, mk: _Maker) -> DateMention:
        rel, unit = m.group("rel").lower(), m.group("unit").lower()
        step = {"this": 0, "coming": 1, "next": 1, "last": -1, "past": -1}[rel]
        if published is None:
            return mk(None, unit, True)
        if unit == "week":
            return mk(_monday(published) + timedelta(weeks=step), "week", True)
        if unit == "month":
            total = published.year * 12 + published.month - 1 + step
            return mk(date(total // 12, total % 12 + 1, 1), "month", True)
        return mk(date(published.year + step, 1, 1), "year", True)


# Every pattern contains one of these words; the patterns run only in windows around them, which
# keeps 18 regexes from scanning whole articles (5× faster on news text).
_ANCHOR = re.compile(
    r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + "|" + "|".join(WEEKDAYS)
    + r"|(?i:yesterday|tomorrow|ago|week|month|year)|1[89]\d\d|20\d\d)"
)
_BEFORE, _AFTER = 40, 40


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged character windows around anchor words, widened to word boundaries."""
    out: list[tuple[int, int]] = []
    for m in _ANCHOR.finditer(text):
        lo = max(0, m.start() - _BEFORE)
        hi = min(len(text), m.end() + _AFTER)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _day_is_plausible(m: re.Match[str]) -> bool:
    """"May" / "March" need a day or a year next to them to count as months."""
    groups = m.groupdict()
    return bool(groups.get("d") or groups.get("y"))


def _entity_chars(doc: Doc, labels: set[str]) -> set[int]:
    chars: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in labels:
            chars.update(range(ent.start_char, ent.end_char))
    return chars


def _token_at(doc: Doc, char: int) -> int | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else None


def _in_entity(doc: Doc, char: int, labels: set[str]) -> bool:
    i = _token_at(doc, char)
    return i is not None and doc[i].ent_type_ in labels


def _is_propn(doc: Doc, char: int) -> bool:
    """A bare capitalised month counts only when the parser reads it as a date-like noun."""
    i = _token_at(doc, char)
    if i is None:
        return False
    tok = doc[i]
    return tok.ent_type_ == "DATE" or (tok.pos_ == "PROPN" and tok.ent_type_ == "")


_PAST_MARKS = frozenset({"previous", "last", "earlier", "former", "prior", "preceding", "past"})
_FUTURE_MARKS = frozenset({"next", "upcoming", "coming", "forthcoming", "planned", "scheduled"})


def _tense(doc: Doc, char: int) -> str | None:
    """"past", "future" or None for the verb governing the token at ``char``.

    Past: a past-tense verb or a perfect/passive participle. Future: a modal future ("will",
    "shall"), an infinitive ("scheduled to meet") or a present-tense verb ("are meeting on
    Monday" — news present tense with a day name looks ahead). None: no governing verb, as in
    headlines and datelines; weekdays then read as past (what happened), months as nearest.

    A noun the date hangs from speaks first when it says which way it looks: "his previous trip
    on August 6" is past even inside "will travel … after …"; "the next round on January 15"
    is future even after "said". "since" looks back.
    """
    i = _token_at(doc, char)
    if i is None:
        return None
    for anc in doc[i].ancestors:
        if anc.pos_ in {"NOUN", "PROPN"}:
            marks = {c.lower_ for c in anc.children if c.dep_ in {"amod", "advmod", "det"}}
            if marks & _PAST_MARKS:
                return "past"
            if marks & _FUTURE_MARKS:
                return "future"
            continue
        if anc.pos_ == "ADP" and anc.lower_ == "since":
            return "past"
        if anc.pos_ not in {"VERB", "AUX"}:
            continue
        auxes = {c.lower_ for c in anc.children if c.dep_ in {"aux", "auxpass"}}
        if auxes & {"will", "'ll", "shall", "to", "would", "going"}:
            return "future"
        if anc.tag_ == "VBD" or auxes & {"had", "has", "have", "was", "were", "did"}:
            return "past"
        if anc.tag_ in {"VBZ", "VBP", "VBG", "VB"} or auxes & {"is", "are", "am"}:
            return "future"
        return None
    return None


def extract_dates(doc: Doc, published: date | None = None) -> list[DateMention]:
    """Date mentions in ``doc`` resolved against ``published`` (see :class:`DateExtractor`)."""
    return DateExtractor()(doc, published)
