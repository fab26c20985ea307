"""accord.corpus.readers: discovery and streaming of txt / html / jsonl(.gz) / warc(.gz) inputs."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from accord.corpus.readers import (
    ArticleProblem,
    RawArticle,
    SkippedFile,
    SourceFile,
    discover,
    format_of,
)
from accord.errors import InputError


def write_warc(path: Path, pages: list[tuple[str, str, bytes]], *, gz: bool) -> None:
    """Write a WARC with one response record per (url, content-type, body), plus noise records."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
            )


def articles(source: SourceFile) -> list[RawArticle | ArticleProblem]:
    return list(source.read())


def only(items: list[object], kind: type) -> list:  # type: ignore[type-arg]
    return [i for i in items if isinstance(i, kind)]


def test_format_of_names() -> None:
    assert format_of("x/a.TXT") == "text"
    assert format_of("a.htm") == "html"
    assert format_of("a.jsonl.gz") == "jsonl"
    assert format_of("a.warc.gz") == "warc"
    assert format_of("a.gz") is None
    assert format_of("README.md") is None


def test_discover_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("c")
    (tmp_path / "notes.md").write_text("m")
    found = list(discover([tmp_path]))
    files = [f.path for f in found if isinstance(f, SourceFile)]
    assert files == [str(tmp_path / "a.html"), str(tmp_path / "b" / "z.txt")]
    assert [s.path for s in found if isinstance(s, SkippedFile)] == [str(tmp_path / "notes.md")]


def test_discover_reports_missing_paths_and_explicit_unsupported_files(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("m")
    found = list(discover([tmp_path / "nope.txt", tmp_path / "notes.md"]))
    assert all(isinstance(f, InputError) for f in found)
    messages = [str(f) for f in found]
    assert messages[0] == f"{tmp_path / 'nope.txt'}: no such file or directory"
    assert messages[1].startswith(f"{tmp_path / 'notes.md'}: unsupported file type")


def test_text_file_keeps_raw_bytes_exactly(seeds_dir: Path) -> None:
    path = seeds_dir / "004_06e5d23dc5b2d877.txt"
    (item,) = articles(SourceFile(str(path), "text"))
    assert isinstance(item, RawArticle)
    assert item.raw == path.read_bytes()
    assert item.kind == "text"
    assert item.identity == str(path.resolve())
    assert item.location == str(path)


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300)
    with pytest.raises(InputError) as err:
        articles(SourceFile(str(path), "text", max_bytes=1000))
    assert str(err.value).startswith(f"{path}: file is ")
    # The library names its parameter; the CLI names the flag (tests/commands/test_corpus.py).
    assert err.value.setting == "max_bytes" and str(err.value).endswith("(max_bytes)")


def _jsonl_lines() -> list[bytes]:
    return [
        json.dumps(
            {
                "text": "First article body.",
                "url": "https://example.org/a",
                "title": "A",
                "published": "2025-02-12",
                "source": "Example",
            }
        ).encode(),
        b"",
        b"{not json",
        json.dumps([1, 2]).encode(),
        json.dumps({"title": "no body"}).encode(),
        json.dumps({"text": "x", "html": "<p>x</p>"}).encode(),
        json.dumps({"text": 5}).encode(),
        json.dumps({"text": "ok", "published": "yesterday"}).encode(),
        json.dumps({"html": "<p>Second</p>", "id": "doc-7"}).encode(),
        json.dumps({"text": "caf\u00e9 \u2019quoted\u2019"}, ensure_ascii=True).encode(),
    ]


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_streams_articles_and_reports_bad_lines_by_number(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("in.jsonl.gz" if gz else "in.jsonl")
    data = b"\n".join(_jsonl_lines()) + b"\n"
    path.write_bytes(gzip.compress(data) if gz else data)
    items = articles(SourceFile(str(path), "jsonl"))
    good = only(items, RawArticle)
    bad = only(items, ArticleProblem)
    assert [a.line for a in good] == [1, 9, 10]
    first = good[0]
    assert (first.kind, first.url, first.title, first.source) == (
        "text",
        "https://example.org/a",
        "A",
        "Example",
    )
    assert first.published == dt.date(2025, 2, 12)
    assert first.raw == b"First article body."
    assert first.offset == 0
    assert good[1].kind == "html" and good[1].identity == f"{path.resolve()}#id=doc-7"
    assert good[0].identity == f"{path.resolve()}#L1"
    assert good[2].raw == "café ’quoted’".encode()
    errors = {p.error.line: str(p.error) for p in bad}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert errors[3].startswith(f"{path}:3: malformed JSON")
    assert "expected a JSON object" in errors[4]
    assert errors[5] == f"{path}:5: text: needs a 'text' or an 'html' field"
    assert "both 'text' and 'html'" in errors[6]
    assert errors[7] == f"{path}:7: text: must be a string, got int"
    assert errors[8].startswith(f"{path}:8: published: not an ISO date")


def test_jsonl_line_over_cap_is_skipped_and_the_next_lines_still_read(tmp_path: Path) -> None:
    # The cap applies to the file on disk and, inside compressed files, to each line.
    path = tmp_path / "cap.jsonl.gz"
    long_line = json.dumps({"text": "w " * 2000}).encode()
    path.write_bytes(
        gzip.compress(long_line + b"\n" + json.dumps({"text": "short"}).encode() + b"\n")
    )
    items = articles(SourceFile(str(path), "jsonl", max_bytes=1000))
    assert isinstance(items[0], ArticleProblem)
    assert str(items[0].error).startswith(f"{path}:1: line is over the size cap")
    assert isinstance(items[1], RawArticle) and items[1].line == 2
    assert items[1].offset == len(long_line) + 1


def test_truncated_gzip_is_a_file_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl.gz"
    data = b"".join(json.dumps({"text": f"article {i} " * 50}).encode() + b"\n" for i in range(200))
    blob = gzip.compress(data)
    path.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(InputError) as err:
        articles(SourceFile(str(path), "jsonl"))
    assert str(err.value).startswith(f"{path}:")
    assert "broken gzip stream" in str(err.value)
    assert err.value.line is not None and err.value.line > 1


def test_not_gzip_at_all_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(b'{"text": "not compressed"}\n')
    with pytest.raises(InputError, match="broken gzip stream"):
        articles(SourceFile(str(path), "jsonl"))


@pytest.mark.parametrize("gz", [False, True])
def test_warc_yields_html_and_text_responses_only(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    html = "<html><head><title>T</title></head><body><p>Привет</p></body></html>"
    write_warc(
        path,
        [
            ("https://news.example/a", "text/html; charset=windows-1251", html.encode("cp1251")),
            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://news.example/b.txt", "text/plain", b"plain body"),
        ],
        gz=gz,
    )
    items = articles(SourceFile(str(path), "warc"))
    assert all(isinstance(i, RawArticle) for i in items)
    a, b = items
    assert isinstance(a, RawArticle) and isinstance(b, RawArticle)
    assert (a.kind, a.url, a.declared_encoding) == (
        "html",
        "https://news.example/a",
        "windows-1251",
    )
    assert a.raw == html.encode("cp1251")
    assert a.warc_record_id and a.identity == f"{path.resolve()}#{a.warc_record_id}"
    assert a.record == 2 and b.record == 6  # warcinfo=1, then response/request pairs
    assert (b.kind, b.raw) == ("text", b"plain body")
    assert a.location == f"{path}#2"


def test_truncated_warc_gz_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    # Incompressible bodies, so cutting the file's tail cuts into the last record.
    pages = [
        (f"https://x.example/{i}", "text/html", os.urandom(3000).hex().encode()) for i in range(5)
    ]
    write_warc(path, pages, gz=True)
    blob = path.read_bytes()
    path.write_bytes(blob[: len(blob) - 2000])  # inside the last response record
    with pytest.raises(InputError) as err:
        articles(SourceFile(str(path), "warc"))
    assert str(err.value).startswith(f"{path}: record ")


def test_a_text_file_that_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not a WARC file\n")
    with pytest.raises(InputError) as err:
        articles(SourceFile(str(path), "warc"))
    assert str(err.value).startswith(f"{path}: record 1: not a")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    try:
        with pytest.raises(InputError) as err:
            articles(SourceFile(str(path), "text"))
        assert str(err.value) == f"{path}: permission denied"
    finally:
        path.chmod(0o644)


def test_a_path_that_cannot_be_read_as_a_file(tmp_path: Path) -> None:
    """Runs as root too (where chmod 0 does not stop reads): a folder posing as a .txt file."""
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(InputError) as err:
        articles(SourceFile(str(path), "text"))
    assert str(err.value) == f"{path}: is a directory"
