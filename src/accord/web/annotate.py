"""An article's cleaned text cut into pieces for display: repairs and guesses, flag spans, a
target span, and the removed lines in the places they were cut from.

The stored offsets live in three coordinate systems (docs/corpus-processing.md): repairs in the
decoded text, removed lines in the repaired text, extracted items in the cleaned text, and flags
in the one their ``span_space`` names. Everything is mapped here onto the cleaned text.

>>> from accord.corpus.process import process_bytes
>>> raw = "Putin鈥檚 envoy\\nShare on Facebook\\nTalks resume.\\n".encode()
>>> p = process_bytes(raw, kind="text")
>>> [(x.kind, x.text) for x in annotate_text(p.text, p.repairs, p.removed, [], p.segments)][:3]
[('text', 'Putin'), ('text', '’s'), ('text', ' envoy\\n')]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from accord.corpus.spans import Segment
from accord.web.listing import escape_all


@dataclass
class Piece:
    """A run of text with the same annotations, or a removed line (``kind == "removed"``)."""

    kind: str  # "text" | "removed"
    text: str
    start: int = 0
    repair: dict[str, Any] | None = None
    flags: list[str] = field(default_factory=list)
    target: bool = False
    reason: str | None = None

    @property
    def classes(self) -> str:
        """CSS classes of a text piece."""
        out = []
        if self.repair is not None:
            out.append("repair" if self.repair["certain"] else "repair guess")
        out += [f"flag-{f}" for f in self.flags]
        if self.target:
            out.append("target")
        return " ".join(out)


class _Inverse:
    """Repaired-text offsets → cleaned-text offsets (the inverse of the segment map)."""

    def __init__(self, segments: Sequence[Segment], text_length: int) -> None:
        segs = sorted((s for s in segments if s.length > 0), key=lambda s: s.source_start)
        self._segs = segs
        self._starts = [s.source_start for s in segs]
        self._n = text_length

    def point(self, offset: int) -> int:
        """The cleaned offset at or after repaired ``offset`` (for insertion points)."""
        if not self._segs:
            return min(offset, self._n)
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return self._segs[0].text_start
        s = self._segs[i]
        inside = offset - s.source_start
        if inside < s.source_end - s.source_start:
            return s.text_start + (min(inside, s.length) if s.exact else 0)
        if i + 1 < len(self._segs):
            return self._segs[i + 1].text_start
        return s.text_start + s.length

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The cleaned span of repaired ``[start, end)``, or None if nothing of it was kept."""
        a, b = self.point(start), self.point(end)
        if end > start and b <= a:
            # an end that falls in a gap maps past it: take the end of the last kept piece
            return None
        return a, max(a, b)


def _repaired_repairs(repairs: Sequence[Any]) -> list[tuple[int, int, Any]]:
    """Each repair's span in the repaired text (repairs are stored in decoded offsets)."""
    out = []
    delta = 0
    for r in repairs:
        start = r.start + delta
        out.append((start, start + len(r.replacement), r))
        delta += len(r.replacement) - (r.end - r.start)
    return out


def _to_repaired(offset: int, repaired_repairs: Sequence[tuple[int, int, Any]]) -> int:
    delta = 0
    for start, end, r in repaired_repairs:
        if r.start >= offset:
            break
        delta = (end - start) - (r.end - r.start) + delta
    return offset + delta


def annotate_text(
    text: str,
    repairs: Sequence[Any],
    removed: Sequence[Any],
    flags: Sequence[tuple[str, Sequence[Sequence[int]], str | None]],
    segments: Sequence[Segment],
    *,
    target: tuple[int, int] | None = None,
) -> list[Piece]:
    """Cut ``text`` into pieces: runs with the same repair / flags / target, and removed lines
    (``kind == "removed"``) at the offsets they were removed from.

    ``repairs`` have decoded offsets, ``removed`` repaired offsets, ``flags`` are
    ``(name, spans, span_space)`` with spans in that space ("text", "repaired" or "decoded").
    """
    n = len(text)
    inverse = _Inverse(segments, n) if segments else None
    rr = _repaired_repairs(repairs)

    def from_repaired(a: int, b: int) -> tuple[int, int] | None:
        if inverse is None:
            return (a, b) if b <= n else None
        return inverse.span(a, b)

    marks: list[tuple[int, int, str, Any]] = []  # (start, end, kind, payload) in cleaned text
    for start, end, r in rr:
        sp = from_repaired(start, end)
        if sp is not None and sp[1] > sp[0]:
            marks.append((sp[0], sp[1], "repair", {
                "original": r.original, "replacement": r.replacement, "kind": r.kind,
                "certain": bool(r.certain), "reason": r.reason,
            }))
    for name, spans, space in flags:
        for a, b in spans:
            if space == "decoded":
                a, b = _to_repaired(a, rr), _to_repaired(b, rr)
                sp = from_repaired(a, b)
            elif space == "repaired":
                sp = from_repaired(a, b)
            else:
                sp = (a, b)
            if sp is not None and 0 <= sp[0] < sp[1] <= n:
                marks.append((sp[0], sp[1], "flag", name))
    if target is not None and 0 <= target[0] < target[1] <= n:
        marks.append((target[0], target[1], "target", None))
    inserts: list[tuple[int, Any]] = []
    for line in removed:
        at = inverse.point(line.start) if inverse is not None else min(line.start, n)
        inserts.append((at, line))
    bounds = sorted({0, n, *(m[0] for m in marks), *(m[1] for m in marks),
                     *(a for a, _ in inserts)})
    inserts.sort(key=lambda x: (x[0], x[1].start))
    pieces: list[Piece] = []
    k = 0
    for i, lo in enumerate(bounds):
        while k < len(inserts) and inserts[k][0] == lo:
            line = inserts[k][1]
            pieces.append(Piece("removed", line.text, lo, reason=line.reason))
            k += 1
        if i + 1 >= len(bounds):
            break
        hi = bounds[i + 1]
        if hi <= lo:
            continue
        active = [m for m in marks if m[0] <= lo and m[1] >= hi]
        repair = next((m[3] for m in active if m[2] == "repair"), None)
        piece = Piece(
            "text", text[lo:hi], lo, repair=repair,
            flags=sorted({m[3] for m in active if m[2] == "flag"}),
            target=any(m[2] == "target" for m in active),
        )
        prev = pieces[-1] if pieces else None
        if (prev is not None and prev.kind == "text" and prev.repair is None and repair is None
                and prev.flags == piece.flags and prev.target == piece.target):
            prev.text += piece.text
        else:
            pieces.append(piece)
    while k < len(inserts):
        pieces.append(Piece("removed", inserts[k][1].text, n, reason=inserts[k][1].reason))
        k += 1
    return pieces


def render_pieces(pieces: Sequence[Piece]) -> Markup:
    """The pieces as HTML (every text escaped): removed lines as collapsed ``<details>``,
    annotated runs as ``<span>`` with their classes and, for a repair, what it changed.

    Built here rather than in the template: an article is hundreds of pieces, and a template
    loop spent more CPU on them than the rest of the page.

    >>> str(render_pieces([Piece("text", "a<b"), Piece("removed", "x", reason="ad")]))
    'a&lt;b<details class="removed"><summary>removed: ad</summary>x</details>'
    """
    # Every text and attribute value escaped in one call (accord.web.listing.escape_all).
    values: list[Any] = []
    for p in pieces:
        if p.kind == "removed":
            values += (p.reason, p.text)
            continue
        classes = p.classes
        if classes:
            values.append(classes)
            if p.repair:
                values += (p.repair["original"], p.repair["replacement"], p.repair["reason"])
        values.append(p.text)
    f = iter(escape_all(values))
    out: list[str] = []
    for p in pieces:
        if p.kind == "removed":
            reason, text = next(f), next(f)
            out.append(f'<details class="removed"><summary>removed: {reason}</summary>'
                       f"{text}</details>")
            continue
        if not p.classes:
            out.append(next(f))
            continue
        classes = next(f)
        attrs = ' id="target"' if p.target else ""
        if p.repair:
            original, replacement, reason = next(f), next(f), next(f)
            attrs += (f' title="{original} → {replacement} '
                      f'({"certain" if p.repair["certain"] else "guess"}: {reason})"')
        out.append(f'<span class="{classes}"{attrs}>{next(f)}</span>')
    return Markup("".join(out))
