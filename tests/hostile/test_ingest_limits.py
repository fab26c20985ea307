"""Input limits: small hostile files that took minutes or gigabytes are refused, each with one
located ``error:`` line naming the flag that raises the limit, and the rest of the run lands.

The hang guards (``timeout=``) only stop a regression from blocking the suite; the times
themselves are measured in bench/bench_hostile.py.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import accord
from accord.cli import app
from accord.corpus.limits import InputLimits, check_html
from accord.corpus.process import process_bytes
from accord.corpus.readers import ArticleProblem, RawArticle, SourceFile
from accord.errors import InputError

runner = CliRunner()

GOOD = "Talks resumed in Riyadh today on the ceasefire and the exchange of prisoners.\n"


def ingest_process(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accord.cli", "ingest", *args],
        capture_output=True, text=True, timeout=timeout,
    )


def test_limits_have_documented_defaults_and_refuse_nonsense() -> None:
    limits = InputLimits()
    assert (limits.max_bytes, limits.max_decompressed, limits.max_line_bytes) == (
        50 << 20, 512 << 20, 10 << 20
    )
    assert (limits.max_header_bytes, limits.max_html_nodes, limits.max_html_attributes) == (
        64 << 10, 100_000, 1_000
    )
    assert (limits.max_html_depth, limits.max_word_chars, limits.article_timeout) == (
        1_000, 20_000, 60.0
    )
    with pytest.raises(InputError, match="max_word_chars: must be at least 1, not 0"):
        InputLimits(max_word_chars=0)
    with pytest.raises(InputError, match="article_timeout: must be 0"):
        InputLimits(article_timeout=float("nan"))


def test_cli_limit_flags_are_checked_and_named(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db_path), "--max-html-nodes", "0"]
    )
    assert result.exit_code == 1
    assert result.stderr == "error: --max-html-nodes: must be at least 1, not 0\n"


def hostile_html(folder: Path) -> None:
    attributes = " ".join(f'a{i}="v"' for i in range(100_000))
    (folder / "attributes.html").write_text(f"<html><body><div {attributes}><p>x</p></div>")
    (folder / "paragraphs.html").write_text("<html><body>" + "<p>x</p>" * 300_000)
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 5000 + "x" + "</div>" * 5000)
    (folder / "word.txt").write_text("Talks resumed. " + "a" * 5_000_000 + "\n")
    (folder / "word.jsonl").write_text(json.dumps({"text": "Talks. " + "b" * 5_000_000}) + "\n")
    (folder / "zz_good.html").write_text(f"<html><body><article><p>{GOOD}</p></article>")


def test_html_and_word_bombs_are_refused_and_the_rest_lands(
    tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    hostile_html(folder)
    result = ingest_process(str(folder), "--db", str(db_path), "--workers", "2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sorted(result.stderr.splitlines()) == [
        f"error: {folder / 'attributes.html'}: html: a <div> tag with more than 1,000 "
        "attributes, over the cap (--max-html-attributes)",
        f"error: {folder / 'deep.html'}: html: elements nested 1,001 deep, over the cap of "
        "1,000 (--max-html-depth)",
        f"error: {folder / 'paragraphs.html'}: html: more than 100,000 elements, over the cap "
        "(--max-html-nodes)",
        f"error: {folder / 'word.jsonl'}:1: text: a word of 5,000,000 characters, over the cap "
        "of 20,000 (--max-word-chars)",
        f"error: {folder / 'word.txt'}: text: a word of 5,000,000 characters, over the cap of "
        "20,000 (--max-word-chars)",
    ]
    (article,) = accord.Corpus(db_path).articles()
    assert article.location.endswith("zz_good.html")


def test_raised_limits_let_the_same_pages_through(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "deep.html").write_text(
        "<html><body>" + "<div>" * 1500 + GOOD + "</div>" * 1500
    )
    (tmp_path / "many.html").write_text("<html><body>" + f"<p>{GOOD}</p>" * 2000)
    refused = accord.Corpus(db_path).ingest([tmp_path], max_html_nodes=1800)
    assert sorted(str(e).split(": ", 1)[1] for e in refused.errors) == [
        "html: elements nested 1,001 deep, over the cap of 1,000 (max_html_depth)",
        "html: more than 1,800 elements, over the cap (max_html_nodes)",
    ]
    raised = accord.Corpus(db_path).ingest(
        [tmp_path], max_html_depth=2000, max_html_nodes=5000
    )
    assert (raised.added, raised.errors) == (2, [])


def test_html_scan_does_not_count_scripts_comments_or_implied_ends() -> None:
    page = (
        "<!DOCTYPE html><html><head><script>if (a<b && c>d) { x = '<div><div><div>' }</script>"
        "<style>p > a { }</style></head><body><!-- <div><div><div> -->"
        "<ul><li>one<li>two</ul><p>a<p>b<br><img src=x><input/></body></html>"
    )
    check_html(page, InputLimits(max_html_depth=2))
    # html head script style body ul li li p p br img input
    check_html(page, InputLimits(max_html_nodes=13))
    with pytest.raises(InputError) as err:
        check_html(page, InputLimits(max_html_nodes=12))
    assert err.value.setting == "max_html_nodes"


@pytest.mark.timeout(120)
def test_a_long_word_under_the_cap_is_processed_in_linear_time() -> None:
    """A word just under the cap used to be tried by the e-mail rule from each of its
    characters (quadratic: a 5 MB word took over 15 minutes)."""
    raw = ("Talks resumed. " + "a" * 2_000_000 + " and ended.\n").encode()
    processed = process_bytes(raw, kind="text", limits=InputLimits(max_word_chars=3_000_000))
    assert processed.raw == raw and "and ended." in processed.text


def test_gzip_decompressed_total_is_capped(tmp_path: Path, db_path: Path) -> None:
    bomb = tmp_path / "blank.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        fh.write(json.dumps({"text": GOOD}).encode() + b"\n")
        for _ in range(64):
            fh.write(b"\n" * (1 << 20))
    assert bomb.stat().st_size < 200_000
    (tmp_path / "ok.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": GOOD}).encode()))
    summary = accord.Corpus(db_path).ingest([tmp_path], max_decompressed=16 << 20)
    (error,) = summary.errors
    assert error.whole_file and error.path == str(bomb)
    assert str(error).startswith(f"{bomb}:")  # the line where reading stopped
    assert (error.message, error.setting) == (
        "decompresses to more than 16.0 MB, over the cap", "max_decompressed"
    )
    assert summary.added == 1  # ok.jsonl.gz; nothing of the bomb (its file rolled back)
    again = accord.Corpus(db_path).ingest([bomb])  # the default cap reads it all
    assert (again.added, again.errors) == (0, [])  # its one article equals ok.jsonl.gz's


def test_jsonl_lines_over_the_line_cap_are_skipped_one_error_each(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    big = json.dumps({"text": "word " * (11 << 18)}).encode()  # 11 MB
    path.write_bytes(big + b"\n" + big + b"\n\n\n" + json.dumps({"text": GOOD}).encode())
    items = list(SourceFile(str(path), "jsonl").read())
    assert [type(i) for i in items] == [ArticleProblem, ArticleProblem, RawArticle]
    assert [str(i.error) for i in items[:2] if isinstance(i, ArticleProblem)] == [
        f"{path}:1: line is over the size cap of 10.0 MB (max_line_bytes)",
        f"{path}:2: line is over the size cap of 10.0 MB (max_line_bytes)",
    ]
    last = items[2]
    assert isinstance(last, RawArticle)
    assert (last.line, last.offset) == (5, 2 * len(big) + 4)


@pytest.mark.parametrize("blank", [b"\n", b"\r\n", b" \t\n"])
def test_jsonl_line_numbers_and_offsets_across_blank_runs(tmp_path: Path, blank: bytes) -> None:
    lines = [json.dumps({"text": f"article {i}"}).encode() for i in range(3)]
    data = lines[0] + b"\n" + blank * 3_000_000 + lines[1] + b"\n" + blank + b"  " + lines[2]
    path = tmp_path / "blanks.jsonl"
    path.write_bytes(data)
    items = [i for i in SourceFile(str(path), "jsonl").read() if isinstance(i, RawArticle)]
    assert [i.line for i in items] == [1, 3_000_002, 3_000_004]
    for item in items:
        assert item.offset is not None
        assert json.loads(data[item.offset:].split(b"\n", 1)[0])["text"] == item.raw.decode()


def warc_with_header(path: Path, header_value: str, *, extra_headers: int = 0) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("X-Long", header_value)]
            + [(f"X-{i}", "v" * 50) for i in range(extra_headers)],
            protocol="HTTP/1.1",
        )
        writer.write_record(writer.create_warc_record(
            "https://news.example/a", "response",
            payload=io.BytesIO(f"<p>{GOOD}</p>".encode()), http_headers=http,
        ))


def test_warc_header_lines_and_blocks_are_capped(tmp_path: Path, db_path: Path) -> None:
    long_line = tmp_path / "line.warc.gz"
    warc_with_header(long_line, "x" * (8 << 20))
    many = tmp_path / "many.warc.gz"
    warc_with_header(many, "short", extra_headers=2000)
    fine = tmp_path / "fine.warc.gz"
    warc_with_header(fine, "short")
    summary = accord.Corpus(db_path).ingest([tmp_path])
    assert sorted(str(e) for e in summary.errors) == [
        f"{long_line}: record 1: header line is over the size cap of 65536 bytes "
        "(max_header_bytes)",
        f"{many}: record 1: header block is over the size cap of 65536 bytes "
        "(max_header_bytes)",
    ]
    assert summary.added == 1
    raised = accord.Corpus(db_path).ingest([many], max_header_bytes=1 << 20)
    assert raised.errors == [] and raised.duplicates == 1


def test_warc_gz_decompressed_total_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/x.png", "response",
            payload=io.BytesIO(b"\0" * (32 << 20)), http_headers=png,
        ))
    source = SourceFile(str(path), "warc", limits=InputLimits(max_decompressed=8 << 20))
    with pytest.raises(InputError) as err:
        list(source.read())
    assert str(err.value) == (
        f"{path}: record 1: decompresses to more than 8.0 MB, over the cap (max_decompressed)"
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_article_timeout_refuses_one_article_in_the_worker(
    tmp_path: Path, db_path: Path, workers: int
) -> None:
    line = "Envoy {} met the delegation in Geneva on day {}.\n"
    sentences = "".join(line.format(i, i) for i in range(8000))

    (tmp_path / "slow.txt").write_text(sentences)
    summary = accord.Corpus(db_path).ingest(
        [tmp_path / "slow.txt"], workers=workers, article_timeout=0.01
    )
    assert [str(e) for e in summary.errors] == [
        f"{tmp_path / 'slow.txt'}: processing took longer than 0.01 s, over the cap "
        "(article_timeout)"
    ]
    assert summary.added == 0
    allowed = accord.Corpus(db_path).ingest([tmp_path / "slow.txt"], workers=workers)
    assert (allowed.added, allowed.errors) == (1, [])


def _warm() -> None:
    """Process one article in this process, so that lazy imports and loads are done."""
    from accord.corpus.cluster import ClusterParams
    from accord.corpus.pool import prepare

    prepare(RawArticle("warm.txt", "warm", "text", GOOD.encode()), ClusterParams())


def test_article_timeout_refuses_one_article_on_a_dask_worker(
    tmp_path: Path, db_path: Path, dask_executor: Any
) -> None:
    """A Dask worker runs the article in a thread of its pool, where no SIGALRM arrives: the
    timeout is still enforced there, with the same error as a local run, and the other
    article of the run lands."""
    line = "Envoy {} met the delegation in Geneva on day {}.\n"
    # About 5 s of processing on a quiet machine; the other article takes about 1 ms once
    # the workers have done their first-article imports.
    (tmp_path / "slow.txt").write_text("".join(line.format(i, i) for i in range(40_000)))
    (tmp_path / "zz_fine.txt").write_text(GOOD)
    dask_executor.client.run(_warm)
    started = time.monotonic()
    summary = accord.Corpus(db_path).ingest(
        [tmp_path], executor=dask_executor, article_timeout=0.5
    )
    assert [str(e) for e in summary.errors] == [
        f"{tmp_path / 'slow.txt'}: processing took longer than 0.5 s, over the cap "
        "(article_timeout)"
    ]
    assert summary.added == 1
    assert time.monotonic() - started < 60
