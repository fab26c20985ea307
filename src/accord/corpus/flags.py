"""Quality flags for one processed article, each with the offsets it rests on.

Flags and their scores:

* ``encoding-repaired``: score = share of decoded characters replaced; spans = the repairs'
  spans in the *decoded* text; detail: counts by kind, number of guesses.
* ``boilerplate-removed``: score = share of repaired characters removed; spans = removed spans
  in the *repaired* text; detail: counts by reason.
* ``link-gaps``: words missing where hyperlinks were stripped; score = gaps per 1,000 words;
  spans in the cleaned text; detail: each gap's left/right context and evidence.
* ``spun-text``: machine paraphrase (:mod:`accord.corpus.spun`); score = evidence weight per
  1,000 words; spans in the cleaned text; detail: the suspicious phrases and what they corrupt.
* ``non-english``: score = 1 - English confidence; span = the whole cleaned text.
* ``too-short``: score = number of words; span = the whole cleaned text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from accord.corpus.language import LanguageGuess
from accord.corpus.records import QualityFlag, RemovedLine, Repair
from accord.corpus.spun import SpinDetector

_FUNCTION = frozenset(
    """a an the this that these those its his her their our your my some any no every each
    of in on at to for from with by about into over under after before between against during
    without within through toward towards upon as than and or but nor if while because so
    is are was were be been being has have had do does did will would can could may might
    shall should must not""".split()
)
# Whitespace inside a line between two visible characters that contains a no-break space next
# to another space or to punctuation, or two or more spaces.
# Candidate gaps: a run of two or more spaces/no-break spaces, or a lone no-break space; and a
# comma with a space after it at a line start or after a space. Context is checked in Python
# (cheaper than lookbehinds evaluated at every position of the text).
_GAP = re.compile("[ \u00a0]{2,}|\u00a0")
_COMMA = re.compile("(?:^|[ \u00a0]),[ \u00a0]", re.M)
_PUNCT_AFTER_NBSP = frozenset(".,;:!?")
_WORD_BEFORE = re.compile(r"([\w’'.-]+)[\"”’)]*$")
_WORD_AFTER = re.compile(r"^[\"“‘(]*([\w’'-]+|[.,;:!?])")


@dataclass(frozen=True)
class FlagSettings:
    """Thresholds for raising flags."""

    min_words: int = 50
    link_gap_min_strong: int = 1
    link_gap_min_weak: int = 2
    spun_min_score: float = 2.0
    spun_min_phrases: int = 2


_SPIN = SpinDetector()


def compute_flags(
    *,
    decoded: str,
    repaired: str,
    text: str,
    repairs: list[Repair],
    removed: list[RemovedLine],
    language: LanguageGuess,
    settings: FlagSettings,
) -> list[QualityFlag]:
    """All flags raised for one article, in a fixed order."""
    flags: list[QualityFlag] = []
    words = len(text.split())
    if repairs:
        changed = sum(r.end - r.start for r in repairs)
        flags.append(
            QualityFlag(
                "encoding-repaired",
                round(changed / max(1, len(decoded)), 4),
                [(r.start, r.end) for r in repairs],
                {
                    "span_space": "decoded",
                    "kinds": dict(Counter(r.kind for r in repairs)),
                    "repairs": len(repairs),
                    "guesses": sum(1 for r in repairs if not r.certain),
                },
            )
        )
    if removed:
        gone = sum(r.end - r.start for r in removed)
        flags.append(
            QualityFlag(
                "boilerplate-removed",
                round(gone / max(1, len(repaired)), 4),
                [(r.start, r.end) for r in removed],
                {"span_space": "repaired", "reasons": dict(Counter(r.reason for r in removed))},
            )
        )
    gaps = find_link_gaps(text)
    strong = sum(1 for g in gaps if g.strength == "strong")
    if strong >= settings.link_gap_min_strong or len(gaps) >= settings.link_gap_min_weak:
        flags.append(
            QualityFlag(
                "link-gaps",
                round(1000 * len(gaps) / max(1, words), 2),
                [(g.start, g.end) for g in gaps],
                {"span_space": "text", "gaps": [g.to_dict() for g in gaps], "strong": strong},
            )
        )
    spin = _SPIN.analyse(text)
    lexical = any(h.kind == "broken-expression" for h in spin.hits)
    # Grammar signals alone (a few "a"/"an" slips) are typos, not spinning: a broken fixed
    # expression is required.
    if (
        lexical
        and spin.score >= settings.spun_min_score
        and len(spin.phrases) >= settings.spun_min_phrases
    ):
        flags.append(
            QualityFlag(
                "spun-text",
                round(spin.score, 2),
                [(h.start, h.end) for h in spin.hits],
                {
                    "span_space": "text",
                    "phrases": spin.phrases,
                    "hits": [h.to_dict() for h in spin.hits],
                    "weight": round(spin.weight, 2),
                },
            )
        )
    if language.language is not None and language.language != "en":
        flags.append(
            QualityFlag(
                "non-english",
                round(1.0 - language.english_confidence, 3),
                [(0, len(text))],
                {
                    "span_space": "text",
                    "language": language.language,
                    "script_shares": {k: round(v, 3) for k, v in language.script_shares.items()},
                    "function_word_ratio": round(language.function_word_ratio, 3),
                },
            )
        )
    if words < settings.min_words:
        flags.append(
            QualityFlag(
                "too-short",
                float(words),
                [(0, len(text))],
                {"span_space": "text", "words": words, "min_words": settings.min_words},
            )
        )
    return flags


@dataclass(frozen=True)
class LinkGap:
    """One place where a hyperlink's words seem to have been stripped."""

    start: int
    end: int
    left: str  # the word before the gap ("" for an orphan comma)
    right: str  # the word or punctuation after it
    strength: str  # "strong" (no-break space, orphan comma) | "weak" (two plain spaces)
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form for JSON."""
        return {**asdict(self), "evidence": list(self.evidence)}


def find_link_gaps(text: str) -> list[LinkGap]:
    """Places where words seem to be missing because a hyperlink's text was stripped.

    Evidence: a no-break space left next to a space or before punctuation ("struck a\\u00a0 on
    Thursday", "its primary\\u00a0.") is strong; two plain spaces inside a sentence next to a
    determiner, preposition, auxiliary or punctuation ("struck a  on") is weak; a sentence that
    starts with a comma (", head of the fund, said") or a closing quote followed by a spaced
    comma ("...,” , a pro-Kremlin MP") is strong.

    >>> [(g.left, g.right) for g in find_link_gaps("Officials struck a  on Thursday.")]
    [('a', 'on')]
    """
    gaps: list[LinkGap] = []
    size = len(text)
    for match in _GAP.finditer(text):
        start, end = match.span()
        if start == 0 or end >= size or text[start - 1].isspace() or text[end].isspace():
            continue  # indentation, line ends: not between two visible characters
        if end - start == 1 and text[end] not in _PUNCT_AFTER_NBSP:
            continue  # "Mr.\u00a0Smith", "10\u00a0km": a lone no-break space is normal
        left_match = _WORD_BEFORE.search(text, max(0, start - 40), start)
        right_match = _WORD_AFTER.match(text[end : end + 40])
        left = left_match.group(1) if left_match else ""
        right = right_match.group(1) if right_match else ""
        if left.endswith((".", "!", "?", ":", ";")) and not right.islower():
            continue  # two spaces after a full stop is typing style, not a gap
        nbsp = "\u00a0" in match.group()
        function_pair = left.lower() in _FUNCTION or right.lower() in _FUNCTION or right in ".,;:!?"
        if not nbsp and not function_pair:
            continue
        evidence = []
        if nbsp:
            evidence.append("no-break space left by a stripped link")
        if function_pair:
            evidence.append("function word or punctuation next to the gap")
        strength = "strong" if nbsp else "weak"
        gaps.append(LinkGap(start, end, left, right, strength, tuple(evidence)))
    for match in _COMMA.finditer(text):
        comma = text.index(",", match.start())
        before = text[max(0, comma - 4) : comma].rstrip(" \u00a0")
        if comma == match.start() or before.endswith("\n") or not before:
            why = "line starts with a comma (subject missing)"
        elif before[-1] in '"”' and len(before) < comma - max(0, comma - 4):
            why = "comma after a closing quote and a space (speaker missing)"
        elif before[-1] in ".!?" or (before[-1] in '’"”' and before[-2:-1] in (".", "!", "?")):
            why = "sentence starts with a comma (subject missing)"
        else:
            continue
        right_match = _WORD_AFTER.match(text[comma + 2 : comma + 40])
        right = right_match.group(1) if right_match else ""
        gaps.append(LinkGap(comma, comma + 1, "", right, "strong", (why,)))
    gaps.sort(key=lambda g: g.start)
    return gaps
