"""Publication dates: a dateline near the top of plain text, or HTML metadata.

Only a line that *is* a dateline counts (the date covers most of the line, or the line starts
with "Published", "Posted", "Updated" or "Date"), so a date mentioned in the first paragraph
("a phone call ... on February 12, 2025") is never taken for the publication date.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = (
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _YEAR + r"-(?P<mnum>[01]\d)-" + r"(?P<day>[0-3]\d)\b"),
)
_PREFIX = re.compile(
    r"^\s*(?:published|posted|updated|last updated|date|dated)\b[\s:]*(?:on\s+)?", re.I
)
MAX_DATELINE_LINES = 6


def parse_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """First valid date written in ``text`` and its span.

    >>> parse_date("Monday, 1 December 2025")
    (datetime.date(2025, 12, 1), (0, 23))
    >>> parse_date("Dec. 3, 2025")[0]
    datetime.date(2025, 12, 3)
    """
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
            try:
                return dt.date(int(groups["year"]), month, int(groups["day"])), match.span()
            except ValueError:
                continue
    return None


def find_dateline(
    text: str, *, max_lines: int = MAX_DATELINE_LINES
) -> tuple[dt.date, tuple[int, int]] | None:
    """Publication date from a dateline among the first ``max_lines`` non-blank lines.

    Returns the date and its span in ``text``.

    >>> find_dateline("Monday, 1 December 2025\\nThis week, a meeting is expected...")[0]
    datetime.date(2025, 12, 1)
    >>> find_dateline("Talks\\nPutin agreed after a call on February 12, 2025, with ...") is None
    True
    """
    offset = 0
    seen = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            seen += 1
            found = parse_date(line) if len(stripped) <= 120 else None
            if found is not None:
                date, (start, end) = found
                covered = (end - start) >= 0.6 * len(stripped)
                if covered or _PREFIX.match(line):
                    return date, (offset + start, offset + end)
            if seen >= max_lines:
                break
        offset += len(line)
    return None


def parse_iso_date(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` (as trafilatura/htmldate give it) to a date, else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
