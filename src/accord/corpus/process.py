"""The corpus text pipeline: raw bytes in, cleaned text with full provenance out.

``process_bytes`` decodes (:mod:`~accord.corpus.decode`), repairs encodings
(:mod:`~accord.corpus.repair`), extracts the main text (trafilatura for HTML,
:mod:`~accord.corpus.clean` line rules for plain text and on top of trafilatura's output),
finds title, date (:mod:`~accord.corpus.dates`) and language (:mod:`~accord.corpus.language`)
and raises quality flags (:mod:`~accord.corpus.flags`). Every change is recorded: repairs in
decoded-text offsets, removed lines in repaired-text offsets, and any cleaned-text offset maps
back to the repaired text, the decoded text and the raw bytes.

>>> raw = "Talks\\nJoin us on Telegram\\nTrump鈥檚 envoy met Putin.\\n".encode()
>>> p = process_bytes(raw, kind="text")
>>> p.text
'Talks\\nTrump’s envoy met Putin.\\n'
>>> a = p.text.index("envoy"); p.raw[p.to_raw_bytes(a):p.to_raw_bytes(a + 5)]
b'envoy'
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Literal

from accord.corpus.clean import clean_plain_text
from accord.corpus.dates import find_dateline
from accord.corpus.decode import decode_bytes
from accord.corpus.flags import FlagSettings, compute_flags
from accord.corpus.htmltext import (
    HtmlExtraction,
    MainText,
    align,
    extract_html,
    finish_extraction,
    try_extract_main_text,
)
from accord.corpus.language import detect_language
from accord.corpus.limits import DEFAULT_LIMITS, InputLimits, check_html, check_words
from accord.corpus.records import QualityFlag, RemovedLine, Repair
from accord.corpus.repair import repair_text
from accord.corpus.spans import ByteMap, RepairMap, Segment, SegmentMap, apply_repairs

__all__ = [
    "ProcessedText",
    "QualityFlag",
    "RemovedLine",
    "Repair",
    "process_bytes",
]

MAX_TITLE_WORDS = 20
MAX_TITLE_CHARS = 160


@dataclass
class ProcessedText:
    """One article after decoding, repair and cleaning, with offset maps between versions.

    ``repaired == decoded with repairs applied``; for plain text ``text`` is a concatenation of
    slices of ``repaired`` (the kept lines). For HTML ``repaired`` is the repaired *HTML source*
    and ``text`` is trafilatura's main text; offsets map word by word to where the word occurs
    in the source (words found verbatim map exactly; whitespace and words written with entities
    map to the nearest preceding anchor — see docs/corpus-processing.md).
    """

    raw: bytes
    encoding: str
    decoded: str
    repaired: str
    text: str
    title: str | None
    published: dt.date | None
    language: str | None
    repairs: list[Repair]
    removed: list[RemovedLine]
    flags: list[QualityFlag]
    kind: Literal["text", "html"] = "text"
    segments: list[Segment] = field(default_factory=list, repr=False)
    _segment_map: SegmentMap | None = field(default=None, init=False, repr=False, compare=False)
    _repair_map: RepairMap | None = field(default=None, init=False, repr=False, compare=False)
    _byte_map: ByteMap | None = field(default=None, init=False, repr=False, compare=False)

    def to_repaired(self, offset: int) -> int:
        """Cleaned-text offset -> repaired-text offset (an offset between two kept pieces is the
        start of the later piece; use :meth:`to_repaired_span` for spans)."""
        return self._segments().to_source(offset)

    def to_decoded(self, offset: int) -> int:
        """Cleaned-text offset -> decoded-text offset, through the recorded repairs (an offset
        inside a replacement maps to the start of the replaced span)."""
        return self._repairs().to_source(self.to_repaired(offset))

    def to_raw_bytes(self, offset: int) -> int:
        """Cleaned-text offset -> byte offset in ``raw``."""
        return self._bytes().to_byte(self.to_decoded(offset))

    def to_repaired_span(self, start: int, end: int) -> tuple[int, int]:
        """Repaired-text span of the cleaned-text span ``[start, end)``.

        >>> p = process_bytes(b"Head\\nShare on Facebook\\nBody text here.\\n", kind="text")
        >>> a, b = p.to_repaired_span(0, len(p.text)); p.repaired[a:b] == p.repaired
        True
        """
        segments = self._segments()
        if start == end:
            point = segments.to_source(start)
            return point, point
        return segments.to_source(start), segments.to_source(end, is_end=True)

    def to_decoded_span(self, start: int, end: int) -> tuple[int, int]:
        """Decoded-text span of the cleaned-text span ``[start, end)``.

        A span that ends inside a repair's replacement takes in the whole replaced source, so
        the decoded (and raw) span always holds everything its characters came from.
        """
        a, b = self.to_repaired_span(start, end)
        repairs = self._repairs()
        if a == b:
            point = repairs.to_source(a)
            return point, point
        return repairs.to_source(a), repairs.to_source(b, is_end=True)

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Byte span in ``raw`` of the cleaned-text span ``[start, end)``."""
        a, b = self.to_decoded_span(start, end)
        byte_map = self._bytes()
        return byte_map.to_byte(a), byte_map.to_byte(b)

    def flag(self, name: str) -> QualityFlag | None:
        """The quality flag called ``name``, if raised."""
        return next((f for f in self.flags if f.name == name), None)

    def _segments(self) -> SegmentMap:
        if self._segment_map is None:
            self._segment_map = SegmentMap(self.segments, len(self.text), len(self.repaired))
        return self._segment_map

    def _repairs(self) -> RepairMap:
        if self._repair_map is None:
            self._repair_map = RepairMap(self.repairs)
        return self._repair_map

    def _bytes(self) -> ByteMap:
        if self._byte_map is None:
            self._byte_map = ByteMap(self.decoded, self.encoding, self.raw)
        return self._byte_map


def process_bytes(
    raw: bytes,
    *,
    kind: Literal["text", "html"],
    url: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    declared_encoding: str | None = None,
    settings: FlagSettings | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> ProcessedText:
    """Decode, repair, clean and flag one article.

    ``title``/``published`` given by the caller win over what is found in the text. Raises
    :class:`~accord.errors.InputError` for binary, undecodable or empty input, and for input
    over ``limits``: an HTML page over the element, attribute or depth caps (checked before
    it is parsed), a text with a word over ``max_word_chars``.
    """
    if kind not in ("text", "html"):
        raise ValueError(f"kind must be 'text' or 'html', not {kind!r}")
    decoded = decode_bytes(raw, declared_encoding=declared_encoding, sniff_html=kind == "html")
    (check_html if kind == "html" else check_words)(decoded.text, limits, kind)
    found_title: str | None = None
    found_date: dt.date | None = None
    if kind == "html":
        # A title or date the caller gives wins, so it is not looked for (htmldate's date search
        # is the costliest part of HTML metadata).
        repaired, repairs, extracted = _extract_and_repair(
            decoded.text, url=url, want_title=title is None, want_date=published is None
        )
        text, removed, segments = extracted.text, extracted.removed, extracted.segments
        check_words(text, limits, kind)
        found_title, found_date = extracted.title, extracted.published
        if found_date is None and published is None:  # no metadata date: try a dateline
            dateline = find_dateline(text)
            found_date = dateline[0] if dateline else None
        if found_title is None and title is None:
            found_title = guess_title(text)
    else:
        repaired, repairs = repair_text(decoded.text)
        cleaned = clean_plain_text(repaired)
        text, removed, segments = cleaned.text, cleaned.removed, cleaned.segments
        dateline = find_dateline(text)
        if dateline is not None:
            found_date = dateline[0]
        found_title = guess_title(text, skip=dateline[1] if dateline else None)
    guess = detect_language(text)
    flags = compute_flags(
        decoded=decoded.text,
        repaired=repaired,
        text=text,
        repairs=repairs,
        removed=removed,
        language=guess,
        settings=settings or FlagSettings(),
    )
    return ProcessedText(
        raw=raw,
        encoding=decoded.encoding,
        decoded=decoded.text,
        repaired=repaired,
        text=text,
        title=title if title is not None else found_title,
        published=published if published is not None else found_date,
        language=guess.language,
        repairs=repairs,
        removed=removed,
        flags=flags,
        kind=kind,
        segments=segments,
    )


def _extract_and_repair(
    html: str, *, url: str | None, want_title: bool, want_date: bool
) -> tuple[str, list[Repair], HtmlExtraction]:
    """Extract the main text of the decoded page, then repair what was extracted.

    Encoding repair runs on trafilatura's text and title, not on the whole HTML source (markup,
    scripts and styles are most of a page and never reach the text). Each repair of the text is
    placed in the source through the verbatim alignment of the text with the source, so
    ``repaired`` is the source with the repairs of its text applied. When a repair falls where
    the text is not a verbatim slice of the source (a word written with entities, or split by
    tags), or the title needs repair, the whole source is repaired and extracted again, as
    before: the results are the same either way.
    """
    main = try_extract_main_text(html, url=url, want_title=want_title, want_date=want_date)
    placed = _repairs_in_source(main.text if main is not None else "", html)
    title_repairs = repair_text(main.title)[1] if main is not None and main.title else []
    # A title with mojibake is extracted again from the repaired source: trafilatura splits a
    # title at separators (" — ", " | ") that mojibake hides.
    if placed is None or title_repairs:
        repaired, repairs = repair_text(html)
        return (
            repaired,
            repairs,
            extract_html(repaired, url=url, want_title=want_title, want_date=want_date),
        )
    fixed_text, repairs = placed
    repaired = apply_repairs(html, repairs) if repairs else html
    if main is not None:
        main = MainText(fixed_text, main.title, main.date)
    return repaired, repairs, finish_extraction(main, repaired)


def _repairs_in_source(text: str, source: str) -> tuple[str, list[Repair]] | None:
    """``text`` repaired, and its repairs placed in ``source`` (None when one cannot be)."""
    fixed, text_repairs = repair_text(text)
    if not text_repairs:
        return fixed, []
    segments = align(text, source).segments
    starts = [segment.text_start for segment in segments]
    placed: list[Repair] = []
    for repair in text_repairs:
        index = bisect_right(starts, repair.start) - 1
        if index < 0:
            return None
        segment = segments[index]
        if not segment.exact or repair.end > segment.text_start + segment.length:
            return None
        start = segment.source_start + (repair.start - segment.text_start)
        end = start + (repair.end - repair.start)
        if source[start:end] != repair.original or (placed and start < placed[-1].end):
            return None
        placed.append(replace(repair, start=start, end=end))
    return fixed, placed


def guess_title(text: str, *, skip: tuple[int, int] | None = None) -> str | None:
    """The first non-blank line of plain text if it reads like a headline, else None.

    A headline is at most 20 words and 160 characters; a dateline line is skipped.

    >>> guess_title("Kremlin Assembles Negotiation Team\\n\\nThe Kremlin is forming a team ...")
    'Kremlin Assembles Negotiation Team'
    """
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        in_skip = skip is not None and offset <= skip[0] < offset + len(line)
        offset += len(line)
        if not stripped or in_skip:
            continue
        if len(stripped) <= MAX_TITLE_CHARS and len(stripped.split()) <= MAX_TITLE_WORDS:
            return stripped
        return None
    return None
