"""accord.corpus.decode: BOMs, declared encodings, detection, and refusal of non-text."""

from __future__ import annotations

import codecs

import pytest

from accord.corpus.decode import decode_bytes
from accord.errors import InputError

ENGLISH = (
    "The negotiators met in Riyadh on Monday. Officials said the café meeting was “serious” "
    "and that the next round would take place in Geneva after Easter.\n"
) * 4


def test_utf8_is_decoded_strictly_and_round_trips() -> None:
    raw = ENGLISH.encode("utf-8")
    decoded = decode_bytes(raw)
    assert decoded.encoding == "utf-8"
    assert decoded.text == ENGLISH
    assert decoded.text.encode(decoded.encoding) == raw


@pytest.mark.parametrize(
    ("bom_raw", "encoding"),
    [
        (codecs.BOM_UTF8 + ENGLISH.encode("utf-8"), "utf-8-sig"),
        (ENGLISH.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"), "utf-16"),
        (ENGLISH.encode("utf-32"), "utf-32"),
    ],
)
def test_byte_order_marks_win(bom_raw: bytes, encoding: str) -> None:
    decoded = decode_bytes(bom_raw)
    assert decoded.encoding == encoding
    assert decoded.text == ENGLISH


def test_declared_legacy_encoding_is_used_when_bytes_are_not_utf8() -> None:
    text = ENGLISH.replace("“", '"').replace("”", '"')
    raw = text.encode("cp1252")
    decoded = decode_bytes(raw, declared_encoding="windows-1252")
    assert decoded.encoding == "cp1252"
    assert decoded.text == text


def test_valid_utf8_beats_a_wrong_latin1_declaration() -> None:
    raw = ENGLISH.encode("utf-8")
    assert decode_bytes(raw, declared_encoding="iso-8859-1").text == ENGLISH


def test_undeclared_legacy_encoding_is_detected() -> None:
    text = "Привет, мир. Переговоры в Эр-Рияде продолжатся в понедельник, сообщили в Кремле.\n" * 5
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text


def test_declared_utf16_without_bom_is_used_despite_nul_bytes() -> None:
    raw = ENGLISH.encode("utf-16-le")
    assert decode_bytes(raw, declared_encoding="utf-16-le").text == ENGLISH
    with pytest.raises(InputError):
        decode_bytes(raw)  # undeclared and without a BOM: refused as binary, not guessed


def test_html_meta_charset_is_sniffed() -> None:
    body = "<html><head><meta charset='windows-1251'></head><body>Переговоры продолжатся</body>"
    decoded = decode_bytes(body.encode("cp1251"), sniff_html=True)
    assert "Переговоры" in decoded.text


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty input"),
        (b"  \n\t ", "empty input"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip"),
        (b"abc\x00def\x00ghi", "NUL"),
        (bytes(range(1, 32)) * 10, "control characters"),
    ],
)
def test_non_text_input_is_refused_with_a_one_line_error(raw: bytes, words: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(raw)
    message = str(info.value)
    assert words in message
    assert "\n" not in message
    assert info.value.field in ("content", "encoding")


def test_unknown_declared_encoding_names_the_field() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(b"hello world", declared_encoding="klingon-8")
    assert info.value.field == "encoding"
    assert "klingon-8" in str(info.value)
