"""Rebuild what processing produced from a stored article (the inverse of the ingest writer).

The store keeps the raw bytes, the encoding, the cleaned text, the repairs, removed lines,
flags and offset segments; from these the full :class:`ProcessedText`, with its offset maps
from the cleaned text back to the raw bytes, is rebuilt exactly.
"""

from __future__ import annotations

from accord.corpus.process import ProcessedText
from accord.corpus.records import QualityFlag, RemovedLine, Repair
from accord.corpus.spans import Segment, apply_repairs
from accord.store.corpus_tables import Article


def processed_text(article: Article) -> ProcessedText:
    """Rebuild the processing result of a stored article, with its offset maps.

    Use it to map a span of ``article.text`` back to the raw bytes:

    >>> p = processed_text(article)  # doctest: +SKIP
    >>> a, b = p.to_raw_span(10, 20)  # doctest: +SKIP
    >>> article.raw[a:b]  # doctest: +SKIP
    """
    repairs = [
        Repair(r.start, r.end, r.original, r.replacement, r.kind, r.certain, r.reason)
        for r in article.repairs
    ]
    # Decoding is strict in the processing library, so raw.decode(encoding) is the decoded text.
    decoded = article.raw.decode(article.encoding)
    return ProcessedText(
        raw=article.raw,
        encoding=article.encoding,
        decoded=decoded,
        repaired=apply_repairs(decoded, repairs),
        text=article.text,
        title=article.title,
        published=article.published,
        language=article.language,
        repairs=repairs,
        removed=[RemovedLine(r.start, r.end, r.text, r.reason) for r in article.removed_lines],
        flags=[
            QualityFlag(f.name, f.score, [(a, b) for a, b in f.spans], dict(f.detail))
            for f in article.flags
        ],
        kind="html" if article.kind == "html" else "text",
        segments=[
            Segment(text_start=t, source_start=s, length=n, exact=bool(e), source_length=sl)
            for t, s, n, e, sl in article.segments
        ],
    )
