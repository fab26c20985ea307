"""Turn raw article bytes into text: BOMs, declared encodings, detection, binary refusal.

Order of trust: a byte-order mark; strict UTF-8 (text that is valid multi-byte UTF-8 is almost
never anything else, and web pages often *declare* Latin-1 while sending UTF-8); the declared
encoding (HTTP header, JSONL field, or for HTML a ``<meta charset>``); finally detection with
charset-normalizer. Decoding is always strict, so every character comes from known bytes and
offsets can be mapped back to them (:class:`accord.corpus.spans.ByteMap`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from accord.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with UTF-16-LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
# C0 controls other than tab/newline/CR/FF and the C1 range: plenty of them means "not text".
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# UTF-8 read as Latin-1 (and saved again): a lead character U+00C2..U+00F4 followed by its
# continuation bytes as U+0080..U+00BF, some of which are C1 controls ("â\x80\x9d" for ”).
# Those controls are mojibake that repair restores, not a sign of binary data.
_LATIN1_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]{1,3}")
_MAX_CONTROL_RATIO = 0.02


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the codec name that produced it (a :func:`codecs.lookup` name)."""

    text: str
    encoding: str


def decode_bytes(
    raw: bytes, *, declared_encoding: str | None = None, sniff_html: bool = False
) -> Decoded:
    """Decode raw article bytes, refusing binary, undecodable and empty input.

    Raises :class:`~accord.errors.InputError` (field ``content`` or ``encoding``) with a one-line
    message; the caller adds the file and line.

    >>> decode_bytes("Trump’s".encode("utf-8")).encoding
    'utf-8'
    >>> decode_bytes("café".encode("cp1252"), declared_encoding="windows-1252").text
    'café'
    """
    if not raw.strip():
        raise InputError("empty input: no text", field="content")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InputError(f"binary input: looks like {what}, not text", field="content")
    declared = _lookup(declared_encoding) if declared_encoding else None
    if declared_encoding and declared is None:
        raise InputError(
            f"unknown encoding {declared_encoding!r} (use a name such as utf-8 or windows-1252)",
            field="encoding",
        )
    decoded = _decode_with_bom(raw)
    if decoded is None and declared is not None and b"\x00" in raw:
        # NUL bytes are valid UTF-8 but no text has them: a declared UTF-16/32 comes first.
        decoded = _decode_strict(raw, declared)
        if decoded is not None and "\x00" in decoded.text:
            decoded = None
    if decoded is None:
        decoded = _decode_strict(raw, "utf-8")
    if decoded is None and declared is not None:
        decoded = _decode_strict(raw, declared)
    if decoded is None and sniff_html:
        match = _META_CHARSET.search(raw[:4096])
        meta = _lookup(match.group(1).decode("ascii", "replace")) if match else None
        if meta is not None:
            decoded = _decode_strict(raw, meta)
    if decoded is None:
        if b"\x00" in raw:
            raise InputError(
                "binary input: contains NUL bytes and no UTF-16/32 BOM", field="content"
            )
        decoded = _detect(raw)
    if decoded is None:
        raise InputError("undecodable input: not text in any known encoding", field="encoding")
    text = decoded.text
    if not text.strip():
        raise InputError("empty input: only whitespace after decoding", field="content")
    if "\x00" in text:
        raise InputError("binary input: contains NUL bytes", field="content")
    controls = count_binary_controls(text)
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise InputError(
            f"binary input: {controls} control characters in {len(text)} "
            f"(decoded as {decoded.encoding})",
            field="content",
        )
    return decoded


def count_binary_controls(text: str) -> int:
    """Control characters that are not text: C0 controls other than tab, newline, CR and form
    feed, DEL, and C1 controls that are not part of UTF-8-read-as-Latin-1 mojibake.

    >>> count_binary_controls("Trump\u00e2\u0080\u0099s envoy")  # Trump’s, read as Latin-1
    0
    >>> count_binary_controls("data\x01\x02\x85")
    3
    """
    controls = len(_CONTROL.findall(text))
    if controls and _LATIN1_MOJIBAKE.search(text):
        for match in _LATIN1_MOJIBAKE.finditer(text):
            controls -= len(_CONTROL.findall(match.group()))
    return controls


def _lookup(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _decode_strict(raw: bytes, encoding: str) -> Decoded | None:
    try:
        return Decoded(raw.decode(encoding), codecs.lookup(encoding).name)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_with_bom(raw: bytes) -> Decoded | None:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode_strict(raw, encoding)
    return None


def _detect(raw: bytes) -> Decoded | None:
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return None
    # Re-decode strictly ourselves so that the text round-trips to the exact bytes.
    return _decode_strict(raw, best.encoding)
