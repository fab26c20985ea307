"""Main-text extraction from HTML with trafilatura, mapped back to the HTML source.

trafilatura returns the main text with whitespace normalised and entities decoded, so the
text is not a slice of the source. Offsets are mapped word by word: each word of the extracted
text is searched in the (repaired) HTML source from the position of the previous word on; a
word found verbatim becomes an *exact* segment (its characters map one to one), the
whitespace between words and any word not found verbatim (written with an entity, split by a
tag) become *inexact* segments that map to the position where the search stands. The same
line rules as for plain text (:mod:`accord.corpus.clean`) then run on the extracted text to
catch share/contact/caption/bio lines that trafilatura kept; their spans are mapped to the
source the same way. What trafilatura itself drops (markup, navigation, comments) is not
listed line by line — the full source stays in ``ProcessedText.decoded``/``repaired``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import htmldate
import trafilatura

from accord.corpus.clean import clean_plain_text
from accord.corpus.dates import parse_iso_date
from accord.corpus.records import RemovedLine
from accord.corpus.spans import Segment, SegmentMap

_WORD = re.compile(r"\S+")
SEARCH_WINDOW = 20_000  # how far ahead of the previous word a word may be found


@dataclass(frozen=True)
class HtmlExtraction:
    """Main text of an HTML page with its segments (source = the repaired HTML)."""

    text: str
    removed: list[RemovedLine]
    segments: list[Segment]
    title: str | None
    published: dt.date | None


def extract_html(html: str, *, url: str | None = None) -> HtmlExtraction:
    """Extract main text, title and date from ``html``.

    >>> page = "<html><head><title>Talks</title></head><body><article><p>" + "The envoys met. " * 30
    >>> x = extract_html(page + "</p></article></body></html>")
    >>> x.text.startswith("The envoys met.") and x.title
    'Talks'
    """
    document = None
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except (ValueError, TypeError, AttributeError, LookupError):
        document = None  # trafilatura raises on some malformed markup; treat as "no main text"
    extracted = (getattr(document, "text", None) or "") if document is not None else ""
    title = (getattr(document, "title", None) or None) if document is not None else None
    published = parse_iso_date(getattr(document, "date", None)) if document is not None else None
    if published is None and extracted:
        try:
            published = parse_iso_date(htmldate.find_date(html, url=url, extensive_search=False))
        except (ValueError, TypeError):
            published = None
    if extracted and not extracted.endswith("\n"):
        extracted += "\n"
    cleaned = clean_plain_text(extracted)
    to_html = align(extracted, html)
    segments: list[Segment] = []
    for piece in cleaned.segments:
        segments.extend(_restrict(to_html, piece))
    removed = []
    for item in cleaned.removed:
        start = to_html.to_source(item.start)
        end = max(start, to_html.to_source(item.end, is_end=True))
        removed.append(RemovedLine(start, end, item.text, item.reason))
    return HtmlExtraction(cleaned.text, removed, segments, title, published)


def align(text: str, source: str) -> SegmentMap:
    """Word-by-word map from ``text`` (extracted) to ``source`` (HTML)."""
    segments: list[Segment] = []
    cursor = 0
    text_pos = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        found = source.find(word, cursor, cursor + SEARCH_WINDOW + len(word))
        if start > text_pos:  # whitespace before the word
            segments.append(
                Segment(
                    text_pos,
                    cursor,
                    start - text_pos,
                    False,
                    max(0, (found if found >= 0 else cursor) - cursor),
                )
            )
        if found >= 0:
            segments.append(Segment(start, found, end - start, True))
            cursor = found + len(word)
        else:
            segments.append(Segment(start, cursor, end - start, False, 0))
        text_pos = end
    if text_pos < len(text):
        segments.append(Segment(text_pos, cursor, len(text) - text_pos, False, 0))
    return SegmentMap(segments, len(text), len(source))


def _restrict(to_html: SegmentMap, piece: Segment) -> list[Segment]:
    """The HTML segments of one kept piece of the extracted text, in cleaned-text offsets."""
    out: list[Segment] = []
    lo, hi = piece.source_start, piece.source_start + piece.length
    shift = piece.text_start - lo
    for segment in to_html.segments:
        s_lo, s_hi = segment.text_start, segment.text_start + segment.length
        if s_hi <= lo or s_lo >= hi:
            continue
        a, b = max(lo, s_lo), min(hi, s_hi)
        if segment.exact:
            out.append(Segment(a + shift, segment.source_start + (a - s_lo), b - a, True))
        else:
            out.append(
                Segment(a + shift, segment.source_start, b - a, False, segment.source_length)
            )
    return out
