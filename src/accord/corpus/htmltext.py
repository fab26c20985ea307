"""Main-text extraction from HTML with trafilatura, mapped back to the HTML source.

trafilatura returns the main text with whitespace normalised and entities decoded, so the
text is not a slice of the source. Offsets are mapped line by line, then word by word: each
line of the extracted text (without its margins) is searched verbatim in the (repaired) HTML
source from where the previous match ended; a line that is not found (an entity, an inline
tag inside it) is searched word by word. Everything found verbatim becomes an *exact* segment
(characters map one to one); what is not found (whitespace between lines and words, words
written with entities or split by tags) becomes an *inexact* segment anchored where the search
stood. Title and date are trafilatura's metadata title and htmldate's date (see below).

The same line rules as for plain text (:mod:`accord.corpus.clean`) then run on the extracted
text to catch share/contact/caption/bio lines that trafilatura kept; their spans are mapped to
the source the same way. What trafilatura itself drops (markup, navigation, comments) is not
listed line by line — the full source stays in ``ProcessedText.decoded``/``repaired``.

Cost
----
``trafilatura.bare_extraction(html, with_metadata=True)`` fills every metadata field (author,
which deep-copies the whole tree, site name, categories, tags, licence, description...) and
builds a fresh :class:`trafilatura.settings.Extractor` (eight config-file lookups) per page. We
need two fields, so :func:`extract_html` parses the page once, runs only the steps of
``trafilatura.metadata.extract_metadata`` that decide the title, the URL and the date, in the
same order and with the same htmldate parameters, and extracts the text with a shared
``Extractor``. The answers are those of the full call (``tests/corpus/test_htmltext.py`` checks
it against ``bare_extraction(..., with_metadata=True)`` page by page); what is skipped is only
work whose result we threw away. Metadata is looked for only once the page has a main text,
because trafilatura returns no document (so no title or date) otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any

from htmldate import find_date
from trafilatura import bare_extraction
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
from trafilatura.settings import Document, Extractor, set_date_params
from trafilatura.utils import line_processing, load_html

from accord.corpus.clean import clean_plain_text
from accord.corpus.dates import parse_iso_date
from accord.corpus.records import RemovedLine
from accord.corpus.spans import Segment, SegmentMap

_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")  # a line's visible content, without its margins
SEARCH_WINDOW = 20_000  # how far ahead of the previous word a word may be found
# trafilatura raises these on some malformed markup; we treat them as "no main text".
_EXTRACTION_ERRORS = (ValueError, TypeError, AttributeError, LookupError)


@dataclass(frozen=True)
class HtmlExtraction:
    """Main text of an HTML page with its segments (source = the repaired HTML)."""

    text: str
    removed: list[RemovedLine]
    segments: list[Segment]
    title: str | None
    published: dt.date | None


@dataclass(frozen=True)
class MainText:
    """What trafilatura finds in a page: main text, metadata title and date (ISO string)."""

    text: str
    title: str | None
    date: str | None


def extract_html(
    html: str, *, url: str | None = None, want_title: bool = True, want_date: bool = True
) -> HtmlExtraction:
    """Extract main text, title and date from ``html``.

    ``want_title=False``/``want_date=False`` skip looking for what the caller already knows
    (the field is then None); date finding is the costliest part of the metadata.

    >>> page = "<html><head><title>Talks</title></head><body><article><p>" + "The envoys met. " * 30
    >>> x = extract_html(page + "</p></article></body></html>")
    >>> x.text.startswith("The envoys met.") and x.title
    'Talks'
    """
    return finish_extraction(
        try_extract_main_text(html, url=url, want_title=want_title, want_date=want_date), html
    )


def try_extract_main_text(
    html: str, *, url: str | None = None, want_title: bool = True, want_date: bool = True
) -> MainText | None:
    """:func:`extract_main_text`, with what trafilatura raises on malformed markup read as
    "no main text"."""
    try:
        return extract_main_text(html, url=url, want_title=want_title, want_date=want_date)
    except _EXTRACTION_ERRORS:
        return None


def finish_extraction(main: MainText | None, html: str) -> HtmlExtraction:
    """Clean trafilatura's text of ``html`` with the line rules and map it into ``html``."""
    extracted = main.text if main is not None else ""
    title = main.title if main is not None else None
    published = parse_iso_date(main.date) if main is not None else None
    if extracted and not extracted.endswith("\n"):
        extracted += "\n"
    cleaned = clean_plain_text(extracted)
    to_html = align(extracted, html)
    starts = [s.text_start for s in to_html.segments]
    segments: list[Segment] = []
    for piece in cleaned.segments:
        segments.extend(_restrict(to_html, starts, piece))
    removed = []
    for item in cleaned.removed:
        start = to_html.to_source(item.start)
        end = max(start, to_html.to_source(item.end, is_end=True))
        removed.append(RemovedLine(start, end, item.text, item.reason))
    return HtmlExtraction(cleaned.text, removed, segments, title, published)


def extract_main_text(
    html: str, *, url: str | None = None, want_title: bool = True, want_date: bool = True
) -> MainText | None:
    """trafilatura's main text, title and date of ``html``; None when it finds no main text.

    Same answers as ``trafilatura.bare_extraction(html, url=url, with_metadata=True,
    include_comments=False, include_tables=True)`` (its ``text``, ``title`` and ``date``),
    without computing the metadata fields accord does not use. May raise what trafilatura
    raises on malformed markup (:func:`extract_html` treats that as "no main text").
    ``want_title=False``/``want_date=False``: that field is not looked for and is None.

    >>> page = "<html><head><title>Talks</title></head><body><article><p>" + "The envoys met. " * 30
    >>> extract_main_text(page + "</p></article></body></html>").title
    'Talks'
    """
    tree = load_html(html)
    if tree is None:
        return None  # what bare_extraction does with a page lxml cannot make a tree of
    # The steps of trafilatura.metadata.extract_metadata that decide url, title and date, in
    # its order; meta tags and JSON-LD are read first because they may give the page's URL,
    # which trafilatura hands to the text extraction.
    metadata = examine_meta(tree)
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - as trafilatura: a broken JSON-LD block is ignored
        pass
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    # bare_extraction copies a tree it is given, so ``tree`` stays as parsed for the metadata.
    document = bare_extraction(tree, options=_extractor(url or _trimmed(metadata.url)))
    if document is None:
        return None  # too little text: trafilatura gives no document, so no title or date
    assert isinstance(document, Document)  # bare_extraction's "python" output format
    title: str | None = None
    if want_title:
        title = metadata.title or extract_title(tree)
    date: str | None = None
    if want_date:
        date_params: dict[str, Any] = {**date_search_params(), "url": metadata.url}
        date = find_date(tree, **date_params)
    return MainText(document.text or "", _trimmed(title), _trimmed(date))


@lru_cache(maxsize=1)
def _extractor_template() -> Extractor:
    """The options of ``bare_extraction(include_comments=False, include_tables=True)``;
    building them reads the config file eight times, so it is done once."""
    return Extractor(output_format="python", comments=False, tables=True)


def _extractor(url: str | None) -> Extractor:
    options = copy(_extractor_template())  # trafilatura copies it too before changing it
    # Extractor.__init__ sets these two from ``url``; nothing else in it depends on the URL.
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return options


# htmldate's "extensive" search (trafilatura's default) falls back to any date-like string in
# the page when the markup (meta tags, JSON-LD, <time>, URL, bylines) has none. Measured over
# 1,177 test and generated pages it only ever added guesses: 1 January of a footer's copyright
# year, a date mentioned in the body ("a phone call on February 12, 2025"), a reader comment's
# date. A date mentioned in the text is not the publication date (accord.corpus.dates), and the
# search cost a third of the bare HTML stages, so accord keeps to the markup; with no markup date,
# process_bytes looks for a dateline in the text instead.
EXTENSIVE_DATE_SEARCH = False


def date_search_params() -> dict[str, Any]:
    """The ``htmldate.find_date`` parameters for a page's publication date: trafilatura's
    (original date, ``max_date`` today, so this is not cached) without the extensive search
    (see ``EXTENSIVE_DATE_SEARCH``); the caller adds ``url``.

    >>> params = date_search_params()
    >>> sorted(params), params["extensive_search"]
    (['extensive_search', 'max_date', 'original_date'], False)
    """
    return set_date_params(EXTENSIVE_DATE_SEARCH)


def _trimmed(value: str | None) -> str | None:
    """A metadata string as ``trafilatura.settings.Document.clean_and_trim`` leaves it."""
    if not isinstance(value, str):
        return None
    if len(value) > 10000:
        value = value[:9999] + "…"
    return line_processing(unescape(value)) or None


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


def _restrict(to_html: SegmentMap, starts: list[int], piece: Segment) -> list[Segment]:
    """The HTML segments of one kept piece of the extracted text, in cleaned-text offsets
    (``starts``: the ``text_start`` of each of ``to_html``'s segments, built once per page)."""
    out: list[Segment] = []
    lo, hi = piece.source_start, piece.source_start + piece.length
    shift = piece.text_start - lo
    segments = to_html.segments
    for index in range(max(0, bisect_right(starts, lo) - 1), len(segments)):
        segment = segments[index]
        s_lo, s_hi = segment.text_start, segment.text_start + segment.length
        if s_lo >= hi:
            break
        if s_hi <= lo:
            continue
        if shift == 0 and lo <= s_lo and s_hi <= hi:
            out.append(segment)  # inside the piece, which did not move: the same segment
            continue
        a, b = max(lo, s_lo), min(hi, s_hi)
        if segment.exact:
            out.append(Segment(a + shift, segment.source_start + (a - s_lo), b - a, True))
        else:
            out.append(
                Segment(a + shift, segment.source_start, b - a, False, segment.source_length)
            )
    return out
