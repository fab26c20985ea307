"""accord.corpus.process: the whole pipeline, metadata and offset maps back to the raw bytes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from accord.corpus.process import ProcessedText, process_bytes
from accord.corpus.spans import apply_repairs
from accord.errors import InputError

SEED_003 = "003_258dc5993ccb0ab8.txt"
SEED_004 = "004_06e5d23dc5b2d877.txt"


def _seed(seeds_dir: Path, name: str) -> ProcessedText:
    return process_bytes((seeds_dir / name).read_bytes(), kind="text")


def test_seed_004_cleaned_text(seeds_dir: Path) -> None:
    processed = _seed(seeds_dir, SEED_004)
    assert processed.raw == (seeds_dir / SEED_004).read_bytes()
    assert processed.encoding == "utf-8"
    assert "鈥" not in processed.text
    assert "Trump’s" in processed.text and "“immediately”" in processed.text
    assert "乐鱼 体育" not in processed.text
    assert any("乐鱼 体育" in r.text for r in processed.removed)
    assert processed.title == "Kremlin Frames Trump’s Negotiations as a Russian Victory"
    assert apply_repairs(processed.decoded, processed.repairs) == processed.repaired
    assert all(r.reason for r in processed.repairs if not r.certain)


def test_seed_003_dateline(seeds_dir: Path) -> None:
    processed = _seed(seeds_dir, SEED_003)
    assert processed.published == dt.date(2025, 12, 1)
    assert processed.title is None  # the first line is a dateline, the next a paragraph


def test_body_dates_are_not_publication_dates(seeds_dir: Path) -> None:
    assert _seed(seeds_dir, SEED_004).published is None  # "on February 12, 2025" is in the body


def test_caller_metadata_wins() -> None:
    raw = b"Monday, 1 December 2025\nSome headline\n" + b"The talks went on. " * 30
    processed = process_bytes(raw, kind="text", title="Given", published=dt.date(2024, 1, 2))
    assert processed.title == "Given" and processed.published == dt.date(2024, 1, 2)


@pytest.mark.parametrize(
    "word", ["Trump’s Negotiations", "“immediately”", "Dmitriev", "Kursk Oblast"]
)
def test_offsets_map_back_through_repairs_to_raw_bytes(seeds_dir: Path, word: str) -> None:
    processed = _seed(seeds_dir, SEED_004)
    a = processed.text.index(word)
    b = a + len(word)
    ra, rb = processed.to_repaired_span(a, b)
    assert processed.repaired[ra:rb] == word
    assert processed.to_repaired(a) == ra
    da, db = processed.to_decoded_span(a, b)
    assert processed.to_decoded(a) == da
    source = processed.decoded[da:db]
    assert apply_repairs(source, [r for r in _shift(processed, da, db)]) == word
    xa, xb = processed.to_raw_span(a, b)
    assert processed.raw[xa:xb].decode("utf-8") == source
    assert processed.to_raw_bytes(a) == xa


def _shift(processed: ProcessedText, lo: int, hi: int) -> list:  # type: ignore[type-arg]
    from dataclasses import replace

    return [
        replace(r, start=r.start - lo, end=r.end - lo)
        for r in processed.repairs
        if lo <= r.start and r.end <= hi
    ]


def test_offsets_of_every_word_in_a_cleaned_seed(seeds_dir: Path) -> None:
    processed = _seed(seeds_dir, "000_bfc96784ff80d2f5.txt")
    for match in re.finditer(r"\w+", processed.text):
        a, b = match.span()
        xa, xb = processed.to_raw_span(a, b)
        assert processed.raw[xa:xb].decode("utf-8") == match.group()


def test_utf16_input_maps_to_raw_bytes() -> None:
    text = "Headline\nThe envoy’s talks in Geneva ended on Monday. " * 3
    processed = process_bytes(text.encode("utf-16"), kind="text")
    a = processed.text.index("Geneva")
    xa, xb = processed.to_raw_span(a, a + 6)
    assert processed.raw[xa:xb].decode("utf-16-le") == "Geneva"


@pytest.mark.parametrize(
    "raw", [b"", b"   \n", b"\x89PNG\r\n\x1a\n\x00\x00\x00", b"\x00\x01\x02" * 50]
)
def test_bad_input_raises_input_error(raw: bytes) -> None:
    with pytest.raises(InputError):
        process_bytes(raw, kind="text")


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Envoys meet in Riyadh | Example News</title>
<meta property="og:title" content="Envoys meet in Riyadh">
<meta property="article:published_time" content="2025-03-24T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Envoys meet in Riyadh</h1>
<p>Russian and American officials met in Riyadh on Monday to discuss a partial ceasefire in the
Black Sea and a halt to strikes on energy facilities, officials said after the talks.</p>
<p>The delegations spent twelve hours together. Ukraine&#8217;s team met the Americans separately
on Sunday, and a joint statement was expected on Tuesday, according to the Kremlin.</p>
<p>Follow us on Telegram</p>
<p>Analysts said the talks were a first step and that the hardest questions &mdash; territory,
security guarantees and sanctions &mdash; had not yet been discussed by either side.</p>
</article>
<footer><p>&copy; 2025 Example News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def test_html_main_text_metadata_and_offsets() -> None:
    processed = process_bytes(PAGE.encode("utf-8"), kind="html", url="https://example.org/a")
    assert processed.kind == "html"
    assert "Russian and American officials met in Riyadh" in processed.text
    assert "Ukraine’s team" in processed.text  # entity decoded by trafilatura
    assert "Privacy" not in processed.text and "Sport" not in processed.text
    assert "Follow us on Telegram" not in processed.text
    assert any(r.reason == "share-links" for r in processed.removed)
    assert processed.title == "Envoys meet in Riyadh"
    assert processed.published == dt.date(2025, 3, 24)
    assert processed.language == "en"
    for word in ("Riyadh", "delegations", "Analysts", "guarantees"):
        a = processed.text.index(word)
        xa, xb = processed.to_raw_span(a, a + len(word))
        assert processed.raw[xa:xb] == word.encode()
        ra, rb = processed.to_repaired_span(a, a + len(word))
        assert processed.repaired[ra:rb] == word


def test_html_without_main_text_gives_empty_text_not_a_crash() -> None:
    processed = process_bytes(b"<html><body><div></div></body></html>", kind="html")
    assert processed.text == ""
    assert processed.flag("too-short") is not None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Monday, 1 December 2025", dt.date(2025, 12, 1)),
        ("December 1, 2025", dt.date(2025, 12, 1)),
        ("Published: Dec. 3, 2025", dt.date(2025, 12, 3)),
        ("Posted on 2025-03-24", dt.date(2025, 3, 24)),
        ("Tue 25th March 2025", dt.date(2025, 3, 25)),
        ("Published on 31 February 2025", None),  # not a date
    ],
)
def test_datelines(head: str, expected: dt.date | None) -> None:
    body = "The delegations met again on January 5, 2024 in Riyadh. " * 10
    processed = process_bytes(f"Talks resume\n{head}\n{body}\n".encode(), kind="text")
    assert processed.published == expected


def test_title_is_not_guessed_from_a_paragraph() -> None:
    body = "The delegations met again in Riyadh and the talks went on into the night. " * 5
    assert process_bytes(body.encode(), kind="text").title is None


def test_html_without_metadata_falls_back_to_dateline_and_first_line() -> None:
    body = "<p>" + "The delegations met in Riyadh and talked until late at night. " * 8 + "</p>"
    page = (
        "<html><body><article><p>Talks resume in Riyadh</p><p>Monday, 1 December 2025</p>"
        f"{body}</article></body></html>"
    )
    processed = process_bytes(page.encode(), kind="html")
    assert processed.published == dt.date(2025, 12, 1)
    assert processed.title == "Talks resume in Riyadh"
