"""A small, honest language detector: English or not, from script and function words.

No dictionary of languages: the question accord needs answered is "is this English news?".
Two signals, both computed with compiled regular expressions in one pass each:

* the share of letters in each script (Latin, Cyrillic, Han, ...);
* among Latin-script words, the share that are common English function words (in English
  prose 35-50 %; in French, German, Spanish or Italian prose well under 10 %).

Text with Latin letters dominant and a function-word share of at least 0.15 is ``"en"``. Other
text gets a BCP 47 tag for its dominant script (``"zh"``, ``"ja"``, ``"ko"``, ``"und-Cyrl"``,
``"und-Latn"``...), since we do not pretend to tell Russian from Ukrainian or French from Dutch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENGLISH_FUNCTION_WORDS = frozenset(
    """the of and to a in is that for it on was with as he be by at are this from have has not
    but they his an or which its were will been their would we who had she her there can all
    more also than about after no if into when what so our out up these those other over should
    could may only such some them between while against because any most both being how where
    do does did then before under i you him my your us said says one two new just very""".split()
)

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Latn", re.compile("[A-Za-z\u00c0-\u024f]")),
    ("Cyrl", re.compile("[\u0400-\u04ff]")),
    ("Grek", re.compile("[\u0370-\u03ff]")),
    ("Hani", re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("Kana", re.compile("[\u3040-\u30ff]")),
    ("Hang", re.compile("[\uac00-\ud7af\u1100-\u11ff]")),
    ("Arab", re.compile("[\u0600-\u06ff]")),
    ("Hebr", re.compile("[\u0590-\u05ff]")),
    ("Deva", re.compile("[\u0900-\u097f]")),
)
_ASCII_RUN = re.compile("[\x00-\x7f]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
MIN_LETTERS = 20
ENGLISH_MIN_FUNCTION_RATIO = 0.15


@dataclass(frozen=True)
class LanguageGuess:
    """The detector's answer and the numbers it rests on."""

    language: str | None  # None: too little text to say
    script_shares: dict[str, float]
    function_word_ratio: float
    words: int

    @property
    def english_confidence(self) -> float:
        """0..1: Latin share times function-word ratio scaled so 0.3 counts as fully English."""
        return self.script_shares.get("Latn", 0.0) * min(1.0, self.function_word_ratio / 0.3)


def detect_language(text: str) -> LanguageGuess:
    """Guess whether ``text`` is English.

    >>> detect_language("The talks between the two sides are expected to resume.").language
    'en'
    >>> detect_language("Les négociations entre les deux parties doivent reprendre.").language
    'und-Latn'
    >>> detect_language("俄罗斯和美国的代表将于星期一在沙特阿拉伯举行会谈，讨论停火问题。").language
    'zh'
    """
    # ASCII letters are Latin; the other scripts are counted on the non-ASCII rest only.
    non_ascii = _ASCII_RUN.sub("", text)
    counts = {name: len(pattern.findall(non_ascii)) for name, pattern in _SCRIPTS}
    words = _LATIN_WORD.findall(text.lower())
    # Every ASCII letter belongs to some Latin word, so their total length counts them (the
    # apostrophes inside words are few enough not to matter).
    counts["Latn"] += sum(map(len, words))
    letters = sum(counts.values())
    function = sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words))
    ratio = function / len(words) if words else 0.0
    shares = {name: count / letters for name, count in counts.items() if count} if letters else {}
    if letters < MIN_LETTERS:
        return LanguageGuess(None, shares, ratio, len(words))
    dominant = max(counts, key=lambda name: counts[name])
    if dominant == "Latn":
        language = "en" if ratio >= ENGLISH_MIN_FUNCTION_RATIO else "und-Latn"
    elif dominant in ("Hani", "Kana"):
        language = "ja" if counts["Kana"] > 0.1 * letters else "zh"
    elif dominant == "Hang":
        language = "ko"
    else:
        language = f"und-{dominant}"
    return LanguageGuess(language, shares, ratio, len(words))
