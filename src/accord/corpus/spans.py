"""Offset bookkeeping: apply recorded repairs and map offsets between text versions.

Three versions of an article's text exist: *decoded* (raw bytes decoded), *repaired* (decoded
with the recorded :class:`~accord.corpus.records.Repair` edits applied) and the cleaned *text*
(for plain text a concatenation of slices of the repaired text). These helpers apply edits and
map an offset in a later version back to an earlier one, in O(log n) per offset.
"""

from __future__ import annotations

import codecs
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from accord.corpus.records import Repair


def apply_repairs(decoded: str, repairs: Sequence[Repair]) -> str:
    """Return ``decoded`` with the (sorted, non-overlapping) repairs applied.

    >>> apply_repairs("ab鈥檚c", [Repair(2, 4, "鈥檚", "’s", "gbk-mojibake", True, "")])
    'ab’sc'
    """
    pieces: list[str] = []
    cursor = 0
    for repair in repairs:
        if repair.start < cursor or repair.end < repair.start:
            raise ValueError(f"repairs overlap or are unsorted at {repair.start}")
        pieces.append(decoded[cursor : repair.start])
        pieces.append(repair.replacement)
        cursor = repair.end
    pieces.append(decoded[cursor:])
    return "".join(pieces)


class RepairMap:
    """Map offsets in the repaired text back to offsets in the decoded text.

    An offset strictly inside a replacement maps to the start of the replaced span — or, as
    the end of a span (``is_end=True``), to its end — so a span always covers the whole source
    of every character in it; offsets at replacement boundaries map exactly, so
    ``decoded[map(a):map(b, is_end=True)]`` is the source of ``repaired[a:b]``.
    """

    def __init__(self, repairs: Sequence[Repair]) -> None:
        self._repairs = list(repairs)
        self._starts: list[int] = []  # replacement starts, repaired coordinates
        self._ends: list[int] = []
        delta = 0
        for repair in self._repairs:
            start = repair.start + delta
            self._starts.append(start)
            self._ends.append(start + len(repair.replacement))
            delta += len(repair.replacement) - (repair.end - repair.start)

    def to_source(self, offset: int, is_end: bool = False) -> int:
        """Decoded-text offset for a repaired-text offset (``is_end``: as a span's end)."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        repair = self._repairs[index]
        if offset >= self._ends[index]:
            return repair.end + (offset - self._ends[index])
        if is_end and offset > self._starts[index]:
            return repair.end
        return repair.start


@dataclass(frozen=True)
class Segment:
    """A piece of the cleaned text taken from the source text.

    ``exact`` segments are verbatim slices (``text[t:t+n] == source[s:s+n]``); inexact ones
    (HTML whitespace, entities) map every offset inside them to ``source_start``.
    """

    text_start: int
    source_start: int
    length: int
    exact: bool
    source_length: int = -1  # for inexact segments; exact ones have ``length`` source chars

    @property
    def source_end(self) -> int:
        """End of the segment's source span."""
        return self.source_start + (self.length if self.source_length < 0 else self.source_length)


class SegmentMap:
    """Map cleaned-text offsets to source (repaired) offsets through sorted segments."""

    def __init__(self, segments: Sequence[Segment], text_length: int, source_length: int) -> None:
        self._segments = [s for s in segments if s.length > 0]
        self._starts = [s.text_start for s in self._segments]
        self._text_length = text_length
        self._source_length = source_length

    def to_source(self, offset: int, *, is_end: bool = False) -> int:
        """Source offset for a cleaned-text offset.

        At a boundary between two segments an offset is read as the *start* of the later
        segment, unless ``is_end`` is set (then it is the end of the earlier one), so that
        ``source[to_source(a):to_source(b, is_end=True)]`` is the source of ``text[a:b]``.
        """
        if not 0 <= offset <= self._text_length:
            raise IndexError(f"offset {offset} outside the cleaned text (0..{self._text_length})")
        if not self._segments:
            return 0
        index = bisect_right(self._starts, offset) - 1
        if is_end and index > 0 and self._starts[index] == offset:
            index -= 1
        if index < 0:
            return self._segments[0].source_start
        segment = self._segments[index]
        inside = min(offset - segment.text_start, segment.length)
        if not segment.exact:
            return segment.source_end if inside == segment.length else segment.source_start
        return segment.source_start + inside

    @property
    def segments(self) -> list[Segment]:
        """The segments, sorted by cleaned-text offset."""
        return list(self._segments)


class ByteMap:
    """Map decoded-text offsets to byte offsets in the raw input.

    Built once per article. When the text encodes back to the raw bytes (UTF-8 and nearly every
    codec; BOM-emitting codecs such as ``utf-16`` and ``utf-8-sig`` included) each character's
    length comes from an incremental encoder. Some codecs are not round-trip safe (cp932 has
    duplicate mappings), so for them the raw bytes are fed one at a time to an incremental
    decoder and each character starts where the bytes that produced it start. Either way
    ``raw[map(a):map(b)]`` are the bytes that decoded to ``decoded[a:b]``.
    """

    def __init__(self, decoded: str, encoding: str, raw: bytes | None = None) -> None:
        name = codecs.lookup(encoding).name
        bom = _BOM_CODECS.get(name, 0)
        if raw is None or bom or decoded.encode(name) == raw:
            encoder = codecs.getincrementalencoder(name)(errors="strict")
            lengths = [len(encoder.encode(ch)) for ch in decoded]
            self._offsets = [0, *accumulate(lengths)]
            if lengths and bom:
                # The encoder emits the BOM with the first character, which starts after it.
                self._offsets[0] = bom
        else:
            self._offsets = _offsets_by_decoding(raw, name, len(decoded))

    def to_byte(self, offset: int) -> int:
        """Byte offset in the raw input for a decoded-text offset."""
        return self._offsets[offset]


def _offsets_by_decoding(raw: bytes, encoding: str, length: int) -> list[int]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offsets: list[int] = []
    start = 0
    for index in range(len(raw)):
        produced = decoder.decode(raw[index : index + 1])
        if produced:
            offsets.extend([start] * len(produced))
            start = index + 1
    offsets.extend([start] * len(decoder.decode(b"", final=True)))
    offsets.append(len(raw))
    if len(offsets) != length + 1:  # should not happen with a strict decode; stay in bounds
        offsets = (offsets + [len(raw)] * (length + 1))[: length + 1]
    return offsets


_BOM_CODECS = {"utf-8-sig": 3, "utf-16": 2, "utf-32": 4}  # codecs.lookup() names
