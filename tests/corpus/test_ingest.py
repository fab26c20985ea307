"""accord.corpus.ingest against a real SQLite file, the real processing library and the seeds."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from accord.corpus.ingest import ingest_paths
from accord.corpus.stored import processed_text
from accord.store.corpus_queries import (
    article_aliases,
    article_versions,
    current_articles,
)
from accord.store.corpus_tables import (
    Article,
    ArticleAlias,
    ArticleFingerprint,
    ArticleFlag,
    ArticleRepair,
    RemovedLineRow,
    Story,
    StoryMember,
)
from accord.store.db import open_engine

SEED_NAMES = [
    "000_bfc96784ff80d2f5.txt",
    "001_abb2e1d81dd64829.txt",
    "002_048b79d3524bd487.txt",
    "003_258dc5993ccb0ab8.txt",
    "004_06e5d23dc5b2d877.txt",
]
TABLES = (
    Article,
    ArticleRepair,
    RemovedLineRow,
    ArticleFlag,
    ArticleAlias,
    ArticleFingerprint,
    Story,
    StoryMember,
)


def row_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
            for t in TABLES
        }


def by_name(session: Session) -> dict[str, Article]:
    return {Path(a.source_path).name: a for a in current_articles(session)}


def test_ingest_the_five_seeds(seeds_dir: Path, db_url: str) -> None:
    engine = open_engine(db_url)
    summary = ingest_paths([seeds_dir], engine)
    assert summary.ok, summary.errors
    assert (summary.files, summary.added, summary.articles_read) == (5, 5, 5)
    assert summary.clusters is not None and summary.clusters.n_articles == 5
    with Session(engine) as session:
        articles = by_name(session)
        assert sorted(articles) == SEED_NAMES
        for name, article in articles.items():
            # The raw bytes are kept exactly.
            assert article.raw == (seeds_dir / name).read_bytes()
            assert article.is_current and article.version == 1
            assert article.encoding == "utf-8" and article.language == "en"
            assert article.text and article.n_chars == len(article.text)
            assert article.identity == str((seeds_dir / name).resolve())
        spam = articles["004_06e5d23dc5b2d877.txt"]
        # GBK mojibake repaired and recorded; the spam header removed and recorded.
        assert "Trump’s" in spam.text and "鈥" not in spam.text
        assert spam.repairs and all(r.original and r.kind for r in spam.repairs)
        assert any("乐鱼" in r.text for r in spam.removed_lines)
        assert {f.name for f in spam.flags} >= {"encoding-repaired", "boilerplate-removed"}
        # Offsets are real: rebuild the maps and find a cleaned-text word in the raw bytes.
        p = processed_text(spam)
        for r in spam.repairs:
            assert p.decoded[r.start : r.end] == r.original
        for removed in spam.removed_lines:
            assert p.repaired[removed.start : removed.end] == removed.text
        start = spam.text.index("Kremlin")
        a, b = p.to_raw_span(start, start + len("Kremlin"))
        assert spam.raw[a:b] == b"Kremlin"
        assert {f.name for f in articles["002_048b79d3524bd487.txt"].flags} >= {"spun-text"}
        assert articles["003_258dc5993ccb0ab8.txt"].published.isoformat() == "2025-12-01"


def test_reingest_adds_nothing(seeds_dir: Path, db_url: str) -> None:
    engine = open_engine(db_url)
    ingest_paths([seeds_dir], engine)
    before = row_counts(engine)
    again = ingest_paths([seeds_dir, seeds_dir / SEED_NAMES[0]], engine)
    assert again.ok
    assert (again.added, again.new_versions, again.duplicates, again.unchanged) == (0, 0, 0, 6)
    assert again.clusters is None  # nothing changed, stories kept as they are
    assert row_counts(engine) == before


def test_changed_file_adds_a_new_version_and_keeps_the_old(
    seeds_dir: Path, tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "a.txt"
    shutil.copy(seeds_dir / SEED_NAMES[1], path)
    engine = open_engine(db_url)
    ingest_paths([folder], engine)
    original = path.read_bytes()
    path.write_bytes(original.replace(b"Kirill Dmitriev", b"Kirill A. Dmitriev"))
    summary = ingest_paths([folder], engine)
    assert (summary.added, summary.new_versions, summary.unchanged) == (0, 1, 0)
    with Session(engine) as session:
        old, new = article_versions(session, str(path.resolve()))
        assert (old.version, old.is_current, new.version, new.is_current) == (1, False, 2, True)
        assert old.raw == original and old.superseded_at is not None
        assert "Kirill A. Dmitriev" in new.text and "Kirill A. Dmitriev" not in old.text
        assert [a.id for a in current_articles(session)] == [new.id]
        # Only current versions are clustered.
        assert session.scalar(select(func.count()).select_from(StoryMember)) == 1
    # Ingesting the changed file again is a no-op.
    third = ingest_paths([folder], engine)
    assert (third.added, third.new_versions, third.unchanged) == (0, 0, 1)


def test_byte_identical_copy_is_an_alias_not_a_second_article(
    seeds_dir: Path, tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seeds_dir / SEED_NAMES[0], folder / "a.txt")
    shutil.copy(seeds_dir / SEED_NAMES[0], folder / "b.txt")
    engine = open_engine(db_url)
    summary = ingest_paths([folder], engine)
    assert (summary.added, summary.duplicates) == (1, 1)
    with Session(engine) as session:
        (article,) = current_articles(session)
        (alias,) = article_aliases(session, article.id)
        assert alias.source_path == str(folder / "b.txt")
    again = ingest_paths([folder], engine)
    assert (again.added, again.duplicates, again.unchanged) == (0, 0, 2)


def _bad_inputs(root: Path, seeds_dir: Path) -> dict[str, Path]:
    """Every kind of bad input next to good files."""
    root.mkdir()
    good = root / "good"
    good.mkdir()
    for name in SEED_NAMES[:2]:
        shutil.copy(seeds_dir / name, good / name)
    bad = {
        "binary": root / "image.txt",
        "empty": root / "empty.txt",
        "undecodable": root / "mixed.txt",
        "too_big": root / "big.txt",
        "broken_gzip": root / "broken.jsonl.gz",
        "jsonl": root / "lines.jsonl",
    }
    bad["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    bad["empty"].write_bytes(b"")
    bad["undecodable"].write_bytes(
        ("Привет мир ".encode() + "日本語テキスト".encode("shift_jis") + "café".encode("cp1252"))
        * 10
    )
    bad["too_big"].write_bytes(b"Negotiators met in Riyadh. " * 400)  # 10,800 bytes
    lines = b"".join(
        json.dumps({"text": f"Article number {i} about the talks. " * 30}).encode() + b"\n"
        for i in range(300)
    )
    blob = gzip.compress(lines)
    bad["broken_gzip"].write_bytes(blob[: len(blob) // 2])
    bad["jsonl"].write_bytes(
        json.dumps(
            {
                "text": (seeds_dir / SEED_NAMES[3]).read_text(),
                "url": "https://example.org/x",
                "source": "Example",
            }
        ).encode()
        + b"\n"
        + b'{"text": "unterminated\n'
        + json.dumps({"text": ""}).encode()
        + b"\n"
        + json.dumps(
            {
                "html": "<html><body><p>"
                + "Talks resumed in Istanbul. " * 20
                + "</p></body></html>",
                "published": "2025-05-16",
            }
        ).encode()
        + b"\n"
    )
    return bad


def test_bad_inputs_fail_alone_with_located_errors(
    seeds_dir: Path, tmp_path: Path, db_url: str
) -> None:
    root = tmp_path / "mixed"
    bad = _bad_inputs(root, seeds_dir)
    engine = open_engine(db_url)
    summary = ingest_paths([root, tmp_path / "missing"], engine, max_bytes=10_400)
    messages = [str(e) for e in summary.errors]
    assert all("\n" not in m for m in messages)

    def one(prefix: str) -> str:
        found = [m for m in messages if m.startswith(prefix)]
        assert len(found) == 1, (prefix, messages)
        return found[0]

    assert "binary input" in one(f"{bad['binary']}: ")
    assert "empty input" in one(f"{bad['empty']}: ")
    assert "undecodable" in one(f"{bad['undecodable']}: ")
    assert "size cap" in one(f"{bad['too_big']}: ")
    assert "broken gzip stream" in one(f"{bad['broken_gzip']}:")
    assert "malformed JSON" in one(f"{bad['jsonl']}:2: ")
    assert "empty input" in one(f"{bad['jsonl']}:3: ")
    assert one(f"{tmp_path / 'missing'}: ").endswith("no such file or directory")
    assert len(messages) == 8
    # Every good article landed: two seed files and lines 1 and 4 of the JSONL file.
    with Session(engine) as session:
        landed = sorted(
            (Path(a.source_path).name, a.source_line) for a in current_articles(session)
        )
        assert landed == [
            (SEED_NAMES[0], None),
            (SEED_NAMES[1], None),
            ("lines.jsonl", 1),
            ("lines.jsonl", 4),
        ]
        jsonl = {a.source_line: a for a in current_articles(session) if a.source_line}
        assert (jsonl[1].url, jsonl[1].outlet) == ("https://example.org/x", "Example")
        assert jsonl[4].kind == "html" and jsonl[4].published.isoformat() == "2025-05-16"
        assert "Istanbul" in jsonl[4].text
        # The broken gzip file's first lines were readable, yet nothing of it was written.
        assert (
            session.scalar(
                select(func.count())
                .select_from(Article)
                .where(Article.source_path == str(bad["broken_gzip"]))
            )
            == 0
        )
    assert summary.files_failed == 6  # 5 bad files + the missing path
    assert not summary.ok


def test_jsonl_gz_and_warc_inputs(tmp_path: Path, seeds_dir: Path, db_url: str) -> None:
    text = (seeds_dir / SEED_NAMES[3]).read_text()
    jl = tmp_path / "feed.jsonl.gz"
    jl.write_bytes(
        gzip.compress(
            (
                json.dumps(
                    {
                        "id": "a1",
                        "text": text,
                        "title": "Commentary",
                        "published": "2025-12-01",
                        "url": "https://www.example.ru/c",
                    }
                )
                + "\n"
            ).encode()
        )
    )
    html = (
        "<html><head><title>Переговоры</title><meta charset='windows-1251'></head><body>"
        "<article><h1>Переговоры в Стамбуле</h1>"
        + "<p>Делегации России и Украины встретились в Стамбуле 16 мая 2025 года.</p>" * 8
        + "</article></body></html>"
    ).encode("cp1251")
    for gz in (False, True):
        warc = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
        with open(warc, "wb") as fh:
            writer = WARCWriter(fh, gzip=gz)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=windows-1251")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example.ru/{int(gz)}",
                    "response",
                    payload=io.BytesIO(html),
                    http_headers=headers,
                )
            )
    engine = open_engine(db_url)
    summary = ingest_paths(
        [tmp_path / "feed.jsonl.gz", tmp_path / "crawl.warc", tmp_path / "crawl.warc.gz"], engine
    )
    assert summary.ok, summary.errors
    # The two WARC payloads are byte-identical: one article, one alias.
    assert (summary.added, summary.duplicates) == (2, 1)
    with Session(engine) as session:
        rows = {Path(a.source_path).name: a for a in current_articles(session)}
        feed = rows["feed.jsonl.gz"]
        assert (feed.identity, feed.title, feed.outlet) == (
            f"{jl.resolve()}#id=a1",
            "Commentary",
            "example.ru",
        )
        assert feed.raw == text.encode()
        page = rows["crawl.warc"]
        assert page.raw == html and page.encoding == "cp1251"
        assert page.declared_encoding == "windows-1251"
        assert page.url == "https://news.example.ru/0" and page.source_record == 1
        assert page.warc_record_id and "Стамбуле" in page.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
def test_any_bytes_as_a_txt_file_give_an_article_or_one_clear_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.txt"
        path.write_bytes(raw)
        engine = open_engine(Path(tmp) / "accord.db")
        summary = ingest_paths([path], engine)
        if summary.errors:
            (error,) = summary.errors
            assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
            assert summary.added == 0 and row_counts(engine)["articles"] == 0
        else:
            assert summary.added == 1
            with Session(engine) as session:
                (article,) = current_articles(session)
                assert article.raw == raw
        engine.dispose()
