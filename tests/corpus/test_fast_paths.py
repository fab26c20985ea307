"""The shortcuts that let the pipeline skip library work never change its answer."""

from __future__ import annotations

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.corpus.repair import _FTFY_SEGMENT, _FTFY_TRIGGERS, ftfy_may_change

# Letters, the characters ftfy's badness regex is built from (cp1252/Latin-1/MacRoman/1251
# mojibake), the typography of good news text, and line breaks.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,?!'\"-\n\t"
    "‘’“”—–…•·é©®™°\xa0«»ÂÃÎÐâ€œšžŸ¢£¥¤¦¨¬¯¸ƒˆ†‡‰ªºßàñăœŒ×²³¹±¼½¾µ÷√∞≈ØÙВГРСвЂΒΓΞΟβā│═▀░"
)


def slow_answer(text: str) -> bool:
    """ftfy_may_change without the prefilter: the badness regex on every line."""
    return bool(_FTFY_TRIGGERS.search(text)) or any(
        ftfy.badness.is_bad(segment) for segment in _FTFY_SEGMENT.findall(text)
    )


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_prefilter_agrees_with_the_badness_regex(text: str) -> None:
    assert ftfy_may_change(text) == slow_answer(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_prefilter_agrees_on_any_unicode(text: str) -> None:
    assert ftfy_may_change(text) == slow_answer(text)


def test_real_mojibake_is_still_seen_and_clean_typography_skipped() -> None:
    assert ftfy_may_change("Trumpâ€™s envoy said â€œnoâ€\x9d.")
    assert ftfy_may_change("cafÃ© au lait")
    assert not ftfy_may_change("Trump’s envoy said “no” — twice…\nSecond line.\n")
