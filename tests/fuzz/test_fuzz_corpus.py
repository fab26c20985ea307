"""Fuzzing the corpus readers (txt, HTML, JSONL, gzip, WARC), the repair and the cleaning:
whatever the bytes, reading gives articles and per-line problems or raises the project's own
error — never another exception — every article's raw bytes are exactly the bytes of the file
(or of the JSON string, or of the WARC payload) at the offset it gives, and every offset of
the cleaned text maps inside the raw bytes.

Inputs mix random bytes with pieces of real inputs (valid JSON lines, WARC records, front
matter, mojibake, boilerplate lines), so most examples get past the first check.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.corpus.test_properties import LINES, _check
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from accord.corpus.clean import clean_plain_text
from accord.corpus.limits import InputLimits
from accord.corpus.process import process_bytes
from accord.corpus.readers import ArticleProblem, RawArticle, SourceFile
from accord.corpus.repair import repair_text
from accord.corpus.spans import apply_repairs
from accord.errors import AccordError

# Small caps, so the fuzzer reaches the limits too.
LIMITS = InputLimits(
    max_bytes=20_000, max_line_bytes=2_000, max_decompressed=50_000, max_header_bytes=600,
    max_html_nodes=60, max_html_attributes=8, max_html_depth=12, max_word_chars=300,
    article_timeout=0,
)

text_piece = st.one_of(
    st.sampled_from(LINES),
    st.text(max_size=30),
    st.sampled_from(["<p>", "</p>", "<div a=1 b='2'>", "<!--", "-->", "<script>", "&amp;",
                     "---", "title: T", "url: http://[::1", "published: 2025-02-30"]),
)
lines = st.lists(text_piece, max_size=12).map("\n".join)
junk = st.binary(max_size=300)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def read(path: Path, fmt: str) -> list[RawArticle | ArticleProblem]:
    """Every item of the file, or [] when the file as a whole is refused (the project's error,
    one line)."""
    try:
        return list(SourceFile(str(path), fmt, limits=LIMITS).read())  # type: ignore[arg-type]
    except AccordError as error:
        assert str(error) and "\n" not in str(error)
        return []


def check_problems(items: list[RawArticle | ArticleProblem], path: Path) -> None:
    for item in items:
        if isinstance(item, ArticleProblem):
            assert item.error.file == str(path) and "\n" not in str(item.error)


@given(st.one_of(junk, lines.map(str.encode)), st.sampled_from(["text", "html"]))
def test_txt_and_html_files_keep_their_bytes(folder: Path, data: bytes, fmt: str) -> None:
    path = folder / ("a.txt" if fmt == "text" else "a.html")
    path.write_bytes(data)
    for item in read(path, fmt):
        assert isinstance(item, RawArticle)
        assert item.raw == data[item.offset or 0:]


optional_fields = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.sampled_from(["a", "b"]), st.integers(-5, 5)),
    "url": st.sampled_from(["https://x.example/a", "http://[::1", "mailto:x"]),
    "published": st.sampled_from(["2025-01-02", "2025-13-40", ""]),
    "title": st.text(max_size=20),
})
json_line = st.one_of(
    st.tuples(st.sampled_from(["text", "html"]), lines, optional_fields)
    .map(lambda t: json.dumps({t[0]: t[1], **t[2]}, ensure_ascii=False).encode()),
    st.dictionaries(st.sampled_from(["html", "text", "id"]), st.text(max_size=40), max_size=3)
    .map(lambda d: json.dumps(d).encode()),
    junk.map(lambda b: b.replace(b"\n", b" ")),
    st.sampled_from([b"", b"  ", b"\r", b"[" * 3000, b'{"text": "' + b"x" * 2500 + b'"}']),
)


def check_jsonl(data: bytes, items: list[RawArticle | ArticleProblem], path: Path) -> None:
    check_problems(items, path)
    lines_seen = [i.line for i in items if isinstance(i, RawArticle)]
    assert lines_seen == sorted(lines_seen)
    for item in items:
        if isinstance(item, RawArticle):
            assert item.offset is not None and item.line is not None
            line = data[item.offset:].split(b"\n", 1)[0]
            assert data[: item.offset].count(b"\n") == item.line - 1
            record = json.loads(line)
            body = record["html"] if record.get("html") is not None else record["text"]
            assert body.encode() == item.raw


@given(st.lists(json_line, max_size=8), st.sampled_from([b"\n", b"\r\n", b"\n\n"]))
def test_jsonl_and_gzip_articles_are_their_json_strings(
    folder: Path, records: list[bytes], newline: bytes
) -> None:
    data = newline.join(records)
    plain = folder / "a.jsonl"
    plain.write_bytes(data)
    items = read(plain, "jsonl")
    check_jsonl(data, items, plain)
    packed = folder / "a.jsonl.gz"
    packed.write_bytes(gzip.compress(data))
    zipped = read(packed, "jsonl")
    check_jsonl(data, zipped, packed)
    strip = [(i.line, i.offset, i.raw) for i in items if isinstance(i, RawArticle)]
    assert strip == [(i.line, i.offset, i.raw) for i in zipped if isinstance(i, RawArticle)]


@given(junk, st.integers(0, 400))
def test_broken_gzip_is_refused_cleanly(folder: Path, tail: bytes, cut: int) -> None:
    path = folder / "b.jsonl.gz"
    blob = gzip.compress(b'{"text": "one"}\n{"text": "two"}\n' * 20)
    path.write_bytes(blob[:cut] + tail)
    check_problems(read(path, "jsonl"), path)


payload = st.one_of(lines.map(str.encode), junk)
record = st.tuples(
    st.sampled_from(["https://x.example/a", "http://[::1", ""]),
    st.sampled_from(
        ["text/html", "text/plain; charset=utf-8", "image/png", "text/html; charset=x"]
    ),
    payload,
)


@given(st.lists(record, max_size=4), st.booleans(), st.integers(0, 2000), junk)
def test_warc_payloads_are_kept_exactly(
    folder: Path, records: list[tuple[str, str, bytes]], gz: bool, cut: int, tail: bytes
) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for url, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url or None, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_content_type="application/http; msgtype=response",
        ))
    whole = out.getvalue()
    path = folder / ("a.warc.gz" if gz else "a.warc")
    path.write_bytes(whole)
    items = read(path, "warc")
    check_problems(items, path)
    bodies = {body for _, _, body in records}
    for item in items:
        if isinstance(item, RawArticle):
            assert item.raw in bodies and item.url
    path.write_bytes(whole[:cut] + tail)  # cut off, with garbage after
    check_problems(read(path, "warc"), path)


@given(st.one_of(junk, lines.map(str.encode)), st.sampled_from(["text", "html"]))
def test_processing_keeps_raw_bytes_and_valid_offsets(raw: bytes, kind: str) -> None:
    try:
        processed = process_bytes(raw, kind=kind, limits=LIMITS)  # type: ignore[arg-type]
    except AccordError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert processed.raw == raw
    _check(processed)
    n = len(processed.text)
    for a, b in ((0, n), (0, n // 2), (n // 3, n)):
        xa, xb = processed.to_raw_span(a, b)
        assert 0 <= xa <= xb <= len(raw)


@given(st.one_of(lines, st.text(max_size=200)))
def test_repair_and_cleaning_record_what_they_change(text: str) -> None:
    repaired, repairs = repair_text(text)
    assert apply_repairs(text, repairs) == repaired
    for repair in repairs:
        assert text[repair.start:repair.end] == repair.original
    cleaned = clean_plain_text(repaired)
    kept = "".join(repaired[s.source_start:s.source_start + s.length] for s in cleaned.segments)
    assert kept == cleaned.text
    for removed in cleaned.removed:
        assert repaired[removed.start:removed.end] == removed.text
