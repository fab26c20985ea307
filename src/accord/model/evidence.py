"""Verify a model's evidence against the articles' cleaned texts.

Evidence names an article by source file name or by ``content_hash`` (sha256 of the cleaned
text), quotes it, and may give the character span of the quote. Verification checks that the
article exists, that the quote occurs in it, and that a given span reads exactly the quote.
Whitespace differences (a quote folded across YAML lines, a line break inside a sentence in the
cleaned text) are tolerated; any other difference is not.

The texts come from the caller (``accord validate --db`` reads them from the corpus store), so
this module stays plain functions over plain data.

>>> arts = [ArticleText(name="a.txt", content_hash="0" * 64, text="He said: peace now.")]
>>> from accord.model.schema import NegotiationModel
>>> m = NegotiationModel.model_validate({"name": "m", "actors": [{"id": "x", "capability": 1}],
...     "issues": [{"id": "i", "question": "?"}], "positions": [{"actor": "x", "issue": "i",
...     "position": 1, "salience": 1, "evidence": [{"article": "a.txt", "quote": "peace now"}]}]})
>>> [(c.status, c.span) for c in verify_evidence(m, arts)]
[('ok', (9, 18))]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from accord.model.locate import Loc
from accord.model.schema import Evidence, NegotiationModel

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class ArticleText:
    """One article's cleaned text and the names evidence may use for it."""

    name: str
    content_hash: str
    text: str


@dataclass(frozen=True)
class EvidenceCheck:
    """The outcome for one evidence item.

    ``status``: ``ok``; ``span-mismatch`` (the span reads something else); ``not-found`` (the
    quote is not in the article); ``unknown-article``; ``ambiguous-article`` (two articles share
    the file name: use ``content_hash``); ``citation`` (free text, nothing to verify).
    ``span`` is where the quote was found (start, end) in the cleaned text.
    """

    loc: Loc
    status: str
    message: str
    span: tuple[int, int] | None = None

    @property
    def is_error(self) -> bool:
        """A broken link: the quote or its span does not match the article."""
        return self.status in ("span-mismatch", "not-found")


def iter_evidence(model: NegotiationModel) -> Iterator[tuple[Loc, Evidence]]:
    """Every evidence item of the model with its field path."""
    for k, p in enumerate(model.positions):
        for j, e in enumerate(p.evidence):
            yield ("positions", k, "evidence", j), e
        if p.red_line is not None:
            for j, e in enumerate(p.red_line.evidence):
                yield ("positions", k, "red_line", "evidence", j), e
        if p.alternative is not None:
            for j, e in enumerate(p.alternative.evidence):
                yield ("positions", k, "alternative", "evidence", j), e
    for k, pool in enumerate(model.side_payment_pools):
        for j, e in enumerate(pool.evidence):
            yield ("side_payment_pools", k, "evidence", j), e


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """(start, end) of ``quote`` in ``text``, exactly or up to runs of whitespace; else None.

    >>> find_quote("a  b\\nc d", "b c")
    (3, 6)
    """
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    target = _WS.sub(" ", quote.strip())
    if not target:
        return None
    # Collapse whitespace in the text, remembering where each kept character came from.
    kept: list[str] = []
    origin: list[int] = []
    i = 0
    for m in _WS.finditer(text):
        kept.extend(text[i : m.start()])
        origin.extend(range(i, m.start()))
        kept.append(" ")
        origin.append(m.start())
        i = m.end()
    kept.extend(text[i:])
    origin.extend(range(i, len(text)))
    flat = "".join(kept)
    at = flat.find(target)
    if at < 0:
        return None
    end_char = origin[at + len(target) - 1]
    return origin[at], end_char + 1


def _spans_equal(text: str, start: int, end: int, quote: str) -> bool:
    return _WS.sub(" ", text[start:end].strip()) == _WS.sub(" ", quote.strip())


def verify_evidence(
    model: NegotiationModel, articles: Sequence[ArticleText]
) -> list[EvidenceCheck]:
    """Check every evidence item of ``model`` against ``articles``; one result per item."""
    by_hash = {a.content_hash: a for a in articles}
    by_name: dict[str, list[ArticleText]] = {}
    for a in articles:
        by_name.setdefault(PurePath(a.name).name, []).append(a)
    out: list[EvidenceCheck] = []
    for loc, e in iter_evidence(model):
        if e.article is None and e.content_hash is None:
            out.append(EvidenceCheck(loc, "citation", "free-text citation: not verifiable here"))
            continue
        label = e.content_hash[:12] if e.content_hash else str(e.article)
        article: ArticleText | None = None
        if e.content_hash is not None:
            article = by_hash.get(e.content_hash)
        elif e.article is not None:
            found = by_name.get(PurePath(e.article).name, [])
            if len(found) > 1:
                out.append(
                    EvidenceCheck(
                        loc,
                        "ambiguous-article",
                        f"{len(found)} articles are named {e.article!r}; "
                        "cite it by content_hash instead",
                    )
                )
                continue
            article = found[0] if found else None
        if article is None:
            out.append(
                EvidenceCheck(
                    loc, "unknown-article", f"article {label} is not in the corpus; cannot verify"
                )
            )
            continue
        assert e.quote is not None  # the schema requires a quote for article evidence
        if e.start is not None and e.end is not None:
            if e.end <= len(article.text) and _spans_equal(article.text, e.start, e.end, e.quote):
                out.append(EvidenceCheck(loc, "ok", "span matches", (e.start, e.end)))
                continue
            where = find_quote(article.text, e.quote)
            hint = f"; the quote is at {where[0]}–{where[1]}" if where else ""
            shown = article.text[e.start : min(e.end, e.start + 60)]
            out.append(
                EvidenceCheck(
                    loc,
                    "span-mismatch",
                    f"span {e.start}–{e.end} of {label} reads {shown!r}, not the quote{hint}",
                    where,
                )
            )
            continue
        where = find_quote(article.text, e.quote)
        if where is None:
            out.append(
                EvidenceCheck(
                    loc,
                    "not-found",
                    f"quote not found in the cleaned text of {label}: {e.quote[:60]!r}",
                )
            )
        else:
            out.append(EvidenceCheck(loc, "ok", "quote found", where))
    return out
