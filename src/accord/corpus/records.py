"""Plain-data records produced by the corpus text pipeline (see :mod:`accord.corpus.process`).

Every change the pipeline makes to an article is one of these records, with the offsets it
rests on, so nothing is altered or dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Repair:
    """One character-level repair of the decoded text.

    ``start``/``end`` is the span of the *decoded* text (before any repair) that was replaced by
    ``replacement``; ``original == decoded[start:end]``. ``certain`` is False when the
    replacement was inferred from context (a guess), and ``reason`` says why.

    >>> Repair(5, 8, "鈥檚", "’s", "gbk-mojibake", True, "UTF-8 bytes decoded as GBK").replacement
    '’s'
    """

    start: int
    end: int
    original: str
    replacement: str
    kind: str
    certain: bool
    reason: str


@dataclass
class RemovedLine:
    """A boilerplate line (or block of lines) removed from the repaired text.

    ``start``/``end`` is the span in the *repaired* text. For plain text
    ``text == repaired[start:end]`` (it includes the line ending and any blank lines absorbed
    with it); for HTML ``text`` is the line of trafilatura's output and the span is where it
    sits in the HTML source (approximate when the source writes it with entities or tags).
    ``reason`` is one of ``share-links``, ``contact``, ``blog-footer``, ``spam-header``,
    ``spam-footer``, ``caption``, ``author-bio``, ``disclaimer``.
    """

    start: int
    end: int
    text: str
    reason: str


@dataclass
class QualityFlag:
    """A quality warning about one article.

    ``spans`` are offsets in the space named by ``detail["span_space"]``: ``"text"`` (the
    cleaned text) for ``link-gaps``, ``spun-text``, ``non-english`` and ``too-short``;
    ``"decoded"`` for ``encoding-repaired`` (the repairs' own spans); ``"repaired"`` for
    ``boilerplate-removed`` (the removed lines' spans, which are not in the cleaned text).
    ``score`` is documented per flag in docs/corpus-processing.md.
    """

    name: str
    score: float | None
    spans: list[tuple[int, int]]
    detail: dict[str, Any] = field(default_factory=dict)
