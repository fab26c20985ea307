"""Main-text extraction from HTML with trafilatura, mapped back to the HTML source.

trafilatura returns the main text with whitespace normalised and entities decoded, so the
text is not a slice of the source. Offsets are mapped line by line, then word by word: each
line of the extracted text (without its margins) is searched verbatim in the (repaired) HTML
source from where the previous match ended; a line that is not found (an entity, an inline
tag inside it) is searched word by word. Everything found verbatim becomes an *exact* segment
(characters map one to one); what is not found (whitespace between lines and words, words
written with entities or split by tags) becomes an *inexact* segment anchored where the search
stood. Title and date come from trafilatura's metadata extraction (which runs htmldate).

The same line rules as for plain text (:mod:`accord.corpus.clean`) then run on the extracted
text to catch share/contact/caption/bio lines that trafilatura kept; their spans are mapped to
the source the same way. What trafilatura itself drops (markup, navigation, comments) is not
listed line by line — the full source stays in ``ProcessedText.decoded``/``repaired``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

import trafilatura

from accord.corpus.clean import clean_plain_text
from accord.corpus.dates import parse_iso_date
from accord.corpus.records import RemovedLine
from accord.corpus.spans import Segment, SegmentMap

_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")  # a line's visible content, without its margins
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
    """Map ``text`` (extracted) to ``source`` (HTML): line by line where a line occurs verbatim,
    else word by word (see the module docstring)."""
    segments: list[Segment] = []
    cursor = 0
    for line in _LINE.finditer(text):
        start, end = line.span()
        found = source.find(line.group(), cursor, cursor + SEARCH_WINDOW + (end - start))
        if found >= 0:
            segments.append(Segment(start, found, end - start, True))
            cursor = found + (end - start)
        else:
            cursor = _align_words(text, start, end, source, cursor, segments)
    return _fill_gaps(segments, len(text), len(source))


def _align_words(
    text: str, lo: int, hi: int, source: str, cursor: int, segments: list[Segment]
) -> int:
    for match in _WORD.finditer(text, lo, hi):
        start, end = match.span()
        found = source.find(match.group(), cursor, cursor + SEARCH_WINDOW + (end - start))
        if found >= 0:
            segments.append(Segment(start, found, end - start, True))
            cursor = found + (end - start)
    return cursor


def _fill_gaps(segments: list[Segment], text_length: int, source_length: int) -> SegmentMap:
    """Cover what was not found verbatim with inexact segments anchored where the search was."""
    filled: list[Segment] = []
    text_pos = 0
    source_pos = 0
    for segment in segments:
        if segment.text_start > text_pos:
            filled.append(
                Segment(
                    text_pos,
                    source_pos,
                    segment.text_start - text_pos,
                    False,
                    segment.source_start - source_pos,
                )
            )
        filled.append(segment)
        text_pos = segment.text_start + segment.length
        source_pos = segment.source_start + segment.length
    if text_pos < text_length:
        filled.append(Segment(text_pos, source_pos, text_length - text_pos, False, 0))
    return SegmentMap(filled, text_length, source_length)


def _restrict(to_html: SegmentMap, piece: Segment) -> list[Segment]:
    """The HTML segments of one kept piece of the extracted text, in cleaned-text offsets."""
    out: list[Segment] = []
    lo, hi = piece.source_start, piece.source_start + piece.length
    shift = piece.text_start - lo
    segments = to_html.segments
    index = max(0, bisect_right([s.text_start for s in segments], lo) - 1)
    for segment in segments[index:]:
        s_lo, s_hi = segment.text_start, segment.text_start + segment.length
        if s_lo >= hi:
            break
        if s_hi <= lo:
            continue
        a, b = max(lo, s_lo), min(hi, s_hi)
        if segment.exact:
            out.append(Segment(a + shift, segment.source_start + (a - s_lo), b - a, True))
        else:
            out.append(
                Segment(a + shift, segment.source_start, b - a, False, segment.source_length)
            )
    return out
