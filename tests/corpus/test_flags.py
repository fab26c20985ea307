"""accord.corpus.flags and spun: quality flags with the offsets they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.corpus.flags import find_link_gaps
from accord.corpus.process import ProcessedText, process_bytes
from accord.corpus.spun import SpinDetector

SEEDS = {
    "000": "000_bfc96784ff80d2f5.txt",
    "001": "001_abb2e1d81dd64829.txt",
    "002": "002_048b79d3524bd487.txt",
    "003": "003_258dc5993ccb0ab8.txt",
    "004": "004_06e5d23dc5b2d877.txt",
}


def _seed(seeds_dir: Path, key: str) -> ProcessedText:
    return process_bytes((seeds_dir / SEEDS[key]).read_bytes(), kind="text")


def test_seed_002_is_flagged_spun_with_its_phrases(seeds_dir: Path) -> None:
    processed = _seed(seeds_dir, "002")
    flag = processed.flag("spun-text")
    assert flag is not None and flag.score is not None and flag.score >= 5
    phrases = flag.detail["phrases"]
    assert "White Home" in phrases
    assert any("Overseas Affairs" in p for p in phrases)
    for start, end in flag.spans:
        assert processed.text[start:end] in phrases
    assert flag.detail["span_space"] == "text"


@pytest.mark.parametrize("key", ["000", "001", "003", "004"])
def test_clean_seeds_are_not_flagged_spun(seeds_dir: Path, key: str) -> None:
    assert _seed(seeds_dir, key).flag("spun-text") is None


# A spun news report written for this test: none of seed 002's corrupted phrases occur in it.
SPUN = """Brussels prepares new sanctions package
European leaders met on Thursday to discuss local weather change and the navy operation in the
Center East, the Related Press reported. The chief govt of the bloc's largest lender warned that
curiosity charges and the inventory market would react badly, and that for the primary time the
Supreme Courtroom would have to rule on the frozen assets. On the opposite hand, diplomats insisted
that nationwide safety came first and that floor troops would not be sent. The summit will
resume subsequent week in Vienna, officials said, after talks that lasted into the night and ended
with a short statement on energy supplies, migration and the enlargement of the union.
"""

CLEAN = """Brussels prepares new sanctions package
European leaders met on Thursday to discuss climate change and the military operation in the
Middle East, the Associated Press reported. The chief executive of the bloc's largest lender
warned that interest rates and the stock market would react badly, and that for the first time
the Supreme Court would have to rule on the frozen assets. On the other hand, diplomats insisted
that national security came first and that ground troops would not be sent. The summit will
resume next week in Vienna, officials said, after talks that lasted into the night and ended
with a short statement on energy supplies, migration and the enlargement of the union.
"""


def test_unseen_spun_text_is_flagged_and_its_original_is_not() -> None:
    spun = process_bytes(SPUN.encode(), kind="text").flag("spun-text")
    assert spun is not None
    expected = {p["expected"] for p in spun.detail["hits"]}
    assert {"climate change", "Middle East", "Associated Press", "interest rates"} <= expected
    assert process_bytes(CLEAN.encode(), kind="text").flag("spun-text") is None


def test_spin_detector_needs_capitals_for_institutions_and_adjacent_words() -> None:
    detector = SpinDetector()
    assert detector.analyse("They bought a white home near the sea.").hits == []
    assert detector.analyse("the White. Home of the brave").hits == []
    assert [h.expected for h in detector.analyse("the White Home said").hits] == ["White House"]


def test_article_slips_alone_do_not_make_text_spun() -> None:
    slips = "It was an historic day, a honour and an unique deal, officials said. "
    text = "Headline\n" + slips * 6
    assert process_bytes(text.encode(), kind="text").flag("spun-text") is None


def test_seed_004_is_flagged_for_link_gaps(seeds_dir: Path) -> None:
    processed = _seed(seeds_dir, "004")
    flag = processed.flag("link-gaps")
    assert flag is not None
    pairs = {(g["left"], g["right"]) for g in flag.detail["gaps"]}
    assert ("a", "on") in pairs  # "struck a  on Thursday"
    assert ("Kremlin", "these") in pairs  # "the Kremlin  these"
    for start, end in flag.spans:
        assert not processed.text[start:end].strip(" \u00a0,")


@pytest.mark.parametrize("key", ["000", "001", "002", "003"])
def test_seeds_without_stripped_links_have_no_link_gap_flag(seeds_dir: Path, key: str) -> None:
    assert _seed(seeds_dir, key).flag("link-gaps") is None


def test_link_gap_rules() -> None:
    assert find_link_gaps("It ended.  Then talks resumed.") == []
    assert find_link_gaps("Mr.\u00a0Smith arrived at 10\u00a0km from the border.") == []
    gaps = find_link_gaps("Officials said so. , head of the fund, agreed. “No,” , an MP, said.")
    assert len(gaps) == 2 and all(g.strength == "strong" for g in gaps)


def test_encoding_and_boilerplate_flags_on_seed_004(seeds_dir: Path) -> None:
    processed = _seed(seeds_dir, "004")
    repaired_flag = processed.flag("encoding-repaired")
    assert repaired_flag is not None
    assert repaired_flag.detail["guesses"] == sum(1 for r in processed.repairs if not r.certain) > 0
    assert repaired_flag.spans == [(r.start, r.end) for r in processed.repairs]
    boiler = processed.flag("boilerplate-removed")
    assert boiler is not None and boiler.detail["span_space"] == "repaired"
    assert boiler.spans == [(r.start, r.end) for r in processed.removed]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Les négociations entre la Russie et les États-Unis reprendront lundi à Riyad, selon "
            "le Kremlin, qui a confirmé la présence de plusieurs conseillers du président. " * 3,
            "und-Latn",
        ),
        (
            "俄罗斯总统普京星期一表示，莫斯科愿意与华盛顿举行会谈。克里姆林宫发言人说，双方代表将于下周在利雅得会面。"
            * 3,
            "zh",
        ),
        (
            "Переговоры между Россией и США возобновятся в понедельник в Эр-Рияде, сообщили в "
            "Кремле. " * 3,
            "und-Cyrl",
        ),
    ],
)
def test_non_english_text_is_flagged(text: str, language: str) -> None:
    processed = process_bytes(text.encode(), kind="text")
    assert processed.language == language
    flag = processed.flag("non-english")
    assert flag is not None and flag.score is not None and flag.score > 0.5


@pytest.mark.parametrize("key", SEEDS)
def test_seeds_are_english_and_long_enough(seeds_dir: Path, key: str) -> None:
    processed = _seed(seeds_dir, key)
    assert processed.language == "en"
    assert processed.flag("non-english") is None and processed.flag("too-short") is None


def test_too_short() -> None:
    processed = process_bytes(b"Putin and Trump spoke by phone on Tuesday.", kind="text")
    flag = processed.flag("too-short")
    assert flag is not None and flag.score == 8.0
