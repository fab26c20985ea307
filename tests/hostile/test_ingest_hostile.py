"""Hostile ingest inputs: each bad record, file or link is one located ``error:`` (or ``note:``)
line, nothing hangs, and every good article of the same run still lands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.corpus.readers import ArticleProblem, RawArticle, SourceFile
from accord.errors import InputError

runner = CliRunner()

GOOD = "Talks resumed in Riyadh today on the ceasefire and the exchange of prisoners."


def warc_record(payload_html: bytes, *, uri: str | None, record_id: str) -> bytes:
    """One WARC/1.0 response record written by hand (warcio cannot write one without a URI)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload_html
    head = [b"WARC/1.0", b"WARC-Type: response", f"WARC-Record-ID: <{record_id}>".encode()]
    if uri is not None:
        head.append(f"WARC-Target-URI: {uri}".encode())
    head += [b"Content-Type: application/http; msgtype=response", b"Content-Length: %d" % len(http)]
    return b"\r\n".join(head) + b"\r\n\r\n" + http + b"\r\n\r\n"


def page(text: str) -> bytes:
    return f"<html><body><article><p>{text}</p></article></body></html>".encode()


def hostile_folder(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    deep = '{"text": "x", "meta": ' + "[" * 5000 + "]" * 5000 + "}"
    (folder / "deep.jsonl").write_text(deep + "\n" + json.dumps({"text": GOOD}) + "\n")
    (folder / "digits.jsonl").write_text('{"text": "x", "n": ' + "7" * 5000 + "}\n")
    (folder / "url.jsonl").write_text(
        json.dumps({"text": GOOD + " One.", "url": "http://[::1"}) + "\n"
        + json.dumps({"text": GOOD + " Two.", "url": "https://news.example/two"}) + "\n"
    )
    (folder / "crawl.warc").write_bytes(
        warc_record(page(GOOD + " Three."), uri=None, record_id="urn:uuid:1")
        + warc_record(
            page(GOOD + " Four."), uri="https://news.example/four", record_id="urn:uuid:2"
        )
    )
    (folder / "zz_good.txt").write_text(GOOD + " Five.\n")
    return folder


def test_bad_records_are_one_located_error_each_and_the_rest_lands(
    tmp_path: Path, db_path: Path
) -> None:
    folder = hostile_folder(tmp_path)
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db_path), "--workers", "1"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(result.stderr.splitlines()) == 4
    assert f"error: {folder / 'deep.jsonl'}:1: JSON nested too deeply to read" in errors
    assert any(e.startswith(f"error: {folder / 'digits.jsonl'}:1: unreadable JSON value: ")
               and "5000 digits" in e for e in errors)
    assert f"error: {folder / 'url.jsonl'}:1: url: not a valid URL ('http://[::1'): " \
           "Invalid IPv6 URL" in errors
    assert f"error: {folder / 'crawl.warc'}: record 1: response record without a " \
           "WARC-Target-URI header" in errors
    texts = sorted(a.title or "" for a in accord.Corpus(db_path).articles())
    assert [t.rsplit(" ", 1)[-1] for t in texts] == ["prisoners.", "Five.", "Four.", "Two."]


def test_python_api_reports_the_same_errors(tmp_path: Path, db_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    summary = accord.Corpus(db_path).ingest([folder], workers=1)
    assert (summary.added, len(summary.errors)) == (4, 4)
    assert {(e.path.rsplit("/", 1)[-1], e.line, e.field) for e in summary.errors} == {
        ("deep.jsonl", 1, None), ("digits.jsonl", 1, None), ("url.jsonl", 1, "url"),
        ("crawl.warc", None, "record 1"),
    }


def test_warc_record_without_target_uri_does_not_end_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.warc"
    path.write_bytes(
        warc_record(page("one"), uri=None, record_id="urn:uuid:a")
        + warc_record(page("two"), uri="https://news.example/2", record_id="urn:uuid:b")
        + warc_record(page("three"), uri="http://[::1", record_id="urn:uuid:c")
    )
    items = list(SourceFile(str(path), "warc").read())
    assert isinstance(items[0], ArticleProblem) and items[0].error.field == "record 1"
    assert isinstance(items[1], RawArticle) and items[1].url == "https://news.example/2"
    assert isinstance(items[2], ArticleProblem)
    assert items[2].error.field == "record 3 WARC-Target-URI"


def ingest_process(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """A real ``accord ingest`` process (a hang fails the test instead of blocking it)."""
    return subprocess.run(
        [sys.executable, "-m", "accord.cli", "ingest", *args],
        capture_output=True, text=True, timeout=timeout,
    )


def test_fifo_device_and_link_loop_are_refused_without_hanging(
    tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "random.jsonl").symlink_to("/dev/urandom")
    (folder / "loop-a.txt").symlink_to("loop-b.txt")
    (folder / "loop-b.txt").symlink_to("loop-a.txt")
    (folder / "ok.txt").write_text(GOOD + "\n")
    explicit = ingest_process(
        str(folder / "pipe.txt"), str(folder / "random.jsonl"), "--db", str(db_path)
    )
    assert explicit.returncode == 1 and "Traceback" not in explicit.stderr
    assert explicit.stderr.splitlines() == [
        f"error: {folder / 'pipe.txt'}: not a regular file (a FIFO): only regular files are read",
        f"error: {folder / 'random.jsonl'}: not a regular file (a character device): "
        "only regular files are read",
    ]
    walked = ingest_process(str(folder), "--db", str(db_path), "--follow-links", "--json")
    assert walked.returncode == 1 and "Traceback" not in walked.stderr
    lines = walked.stderr.splitlines()
    assert len(lines) == 4 and all(line.startswith("error: ") for line in lines)
    assert f"error: {folder / 'loop-a.txt'}: too many levels of symbolic links" in lines
    assert json.loads(walked.stdout)["added"] == 1


def test_links_out_of_the_folders_are_skipped_unless_follow_links(
    tmp_path: Path, db_path: Path
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "real.txt").write_text(GOOD + "\n")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "sub" / "real.txt")  # inside: followed
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"note: {folder / 'elsewhere'}: skipped: symbolic link out of the given folders, "
        "not followed (--follow-links)",
        f"note: {folder / 'passwd.txt'}: skipped: symbolic link out of the given folders, "
        "not followed (--follow-links)",
    ]
    summary = json.loads(result.stdout)
    assert (summary["files_skipped"], summary["added"]) == (2, 1)
    assert len(summary["notes"]) == 2
    stored = [a.location for a in accord.Corpus(db_path).articles()]
    assert all("passwd" not in loc for loc in stored)

    followed = accord.Corpus(db_path).ingest([folder], follow_links=True)
    assert not followed.errors and not followed.notes
    assert any("root:x:0:0" in (a.title or "") for a in accord.Corpus(db_path).articles())


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
def test_non_utf8_file_name_is_stored_escaped_and_noted(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes on disk
    (folder / name).write_text(GOOD + "\n")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    shown = f"{folder}/caf\\xe9.txt"
    assert result.stderr.splitlines() == [
        f"note: {shown}: the file name is not valid UTF-8; stored with each undecodable "
        "byte written as \\xNN"
    ]
    (article,) = accord.Corpus(db_path).articles()
    assert article.location == shown
    again = accord.Corpus(db_path).ingest([folder])
    assert (again.added, again.unchanged) == (0, 1)


def test_a_repeated_jsonl_id_is_idempotent_first_line_wins(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "a-1", "text": GOOD + " First."}) + "\n"
        + json.dumps({"id": "b-2", "text": GOOD + " Other."}) + "\n"
        + json.dumps({"id": "a-1", "text": GOOD + " Second."}) + "\n"
        + json.dumps({"id": "a-1", "text": GOOD + " First."}) + "\n"  # the same again: fine
    )
    corpus = accord.Corpus(db_path)
    for run in range(3):
        summary = corpus.ingest([path], workers=1)
        assert [str(e) for e in summary.errors] == [
            f"{path}:3: id: repeats the id 'a-1' of line 1 with another body; the first line "
            "with an id is kept"
        ]
        assert (summary.added, summary.new_versions) == ((2, 0) if run == 0 else (0, 0))
    rows = corpus.articles(all=True)
    assert len(rows) == 2 and all(r.version == 1 for r in rows)
    assert sorted((r.title or "").rsplit(" ", 1)[-1] for r in rows) == ["First.", "Other."]


def test_front_matter_dates_yaml_cannot_build_are_located_errors(tmp_path: Path) -> None:
    """Found by the fuzz suite: PyYAML raised ValueError on these dates."""
    bad = tmp_path / "bad.txt"
    bad.write_text("---\ntitle: Talks\npublished: 2025-02-30\n---\n" + GOOD)
    with pytest.raises(InputError) as err:
        list(SourceFile(str(bad), "text").read())
    assert str(err.value) == f"{bad}:3: published: not an ISO date (YYYY-MM-DD): '2025-02-30'"
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"---\n0000-00-00\n---")  # not front matter: read as it is
    (item,) = list(SourceFile(str(plain), "text").read())
    assert isinstance(item, RawArticle) and item.raw == plain.read_bytes()
