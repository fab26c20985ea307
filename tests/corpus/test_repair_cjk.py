"""Genuine Chinese is never "repaired": every word of jieba's dictionary, in Chinese sentences,
in Chinese sentences with English terms and figures glued to it, and quoted inside English.

jieba's ``dict.txt`` (349,046 real words with frequencies) is the source of real Chinese; the
sentences are built from it with a fixed seed, so a failure names a reproducible word.
"""

from __future__ import annotations

import importlib.resources
import random
import re

import pytest

from accord.corpus.repair import repair_text

_HAN_WORD = re.compile("[\u3400-\u9fff]+")
ENGLISH_TERMS = ["iPhone", "A股", "5G", "GDP", "CPU", "NBA", "idf_path", "IDF", "AI", "App", "USB"]
FIGURES = ["85%", "65", "2024年", "3.5", "10亿", "97%", "1", "12"]
ENGLISH_FRAMES = [
    "The character {w} means something else entirely, the dictionary says.",
    "Xinhua used the word {w} in its report on the talks on Monday.",
    "The slogan “{w}” appeared on banners (“{v}”) across the city, reporters said.",
    "In Chinese, {w} ({v}) is written without spaces between words.",
    "Officials quoted the phrase {w}, {v} and {u} in the statement.",
]


@pytest.fixture(scope="module")
def words() -> list[str]:
    path = importlib.resources.files("jieba") / "dict.txt"
    text = path.read_text(encoding="utf-8")
    return [
        line.split(" ", 1)[0]
        for line in text.splitlines()
        if _HAN_WORD.fullmatch(line.split(" ", 1)[0])
    ]


def _chinese_lines(words: list[str], rng: random.Random) -> list[str]:
    lines = []
    for start in range(0, len(words), 12):
        chunk = words[start : start + 12]
        parts = []
        for k, word in enumerate(chunk):
            parts.append(word)
            if k % 4 == 3:
                parts.append(rng.choice(["，", "、", "。", "：", "；"]))
            elif k % 5 == 1:
                parts.append(rng.choice(ENGLISH_TERMS + FIGURES))  # glued on both sides
        lines.append("".join(parts) + "。")
    return lines


def test_every_dictionary_word_in_chinese_sentences_is_left_alone(words: list[str]) -> None:
    rng = random.Random(15)
    shuffled = words[::2]  # bench/bench_accuracy.py runs every word
    rng.shuffle(shuffled)
    text = "\n".join(_chinese_lines(shuffled, rng))
    repaired, repairs = repair_text(text)
    assert [(r.original, r.replacement) for r in repairs][:10] == []
    assert repaired == text


def test_every_dictionary_word_inside_english_sentences_is_left_alone(words: list[str]) -> None:
    rng = random.Random(16)
    lines = []
    for k, word in enumerate(words[::8]):  # bench/bench_accuracy.py runs every word
        frame = ENGLISH_FRAMES[k % len(ENGLISH_FRAMES)]
        lines.append(frame.format(w=word, v=rng.choice(words), u=rng.choice(words)))
    text = "\n".join(lines)
    repaired, repairs = repair_text(text)
    assert [(r.original, r.replacement) for r in repairs][:10] == []
    assert repaired == text


@pytest.mark.parametrize(
    "text",
    [
        "The character 一 means one.",
        "其中85%为65岁以上老年人",
        "idf_path 为 IDF",
        "Set idf_path 为 the IDF file, the jieba README says.",
        "The word 猫 means cat, and 茅台 is a liquor.",
        "全欧 means all of Europe in the headline 冒冒失失.",
        "The rare character 鈥 stands alone here, without any other mojibake in the text.",
        "The word 卜祝巫 appears in the report (“鈥”), and so does 鈥 (“马德克”), officials said.",
    ],
)
def test_short_chinese_in_latin_lines_is_left_alone(text: str) -> None:
    assert repair_text(text) == (text, [])
