"""Plain-text metadata: YAML front matter and `<file>.meta.yaml` sidecars, read and ingested."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.corpus.frontmatter import parse_front_matter
from accord.corpus.ingest import ingest_paths
from accord.corpus.readers import SourceFile, discover
from accord.errors import InputError
from accord.store.corpus_tables import Article
from accord.store.db import open_engine

BODY = "U.S. Secretary of State Marco Rubio arrived in Geneva on Sunday.\n"
FRONT = (
    "---\n"
    'title: "Rubio in Geneva for Talks"\n'
    "url: https://www.themoscowtimes.com/2025/11/23/rubio-in-geneva-a91213\n"
    "outlet: The Moscow Times\n"
    "published: 2025-11-23\n"
    "author: AFP\n"
    "---\n"
)


def read_one(path: Path):  # noqa: ANN201 - a RawArticle
    files = [f for f in discover([path]) if isinstance(f, SourceFile)]
    return next(files[0].read())


def test_front_matter_gives_metadata_and_is_not_article_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(FRONT + BODY, encoding="utf-8")
    art = read_one(path)
    assert art.title == "Rubio in Geneva for Talks"
    assert art.url == "https://www.themoscowtimes.com/2025/11/23/rubio-in-geneva-a91213"
    assert art.source == "The Moscow Times"
    assert art.published == dt.date(2025, 11, 23)
    assert art.raw == BODY.encode()
    assert art.offset == len(FRONT.encode())


def test_sidecar_gives_metadata_and_wins_field_by_field(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(FRONT + BODY, encoding="utf-8")
    (tmp_path / "a.txt.meta.yaml").write_text("published: 2025-11-24\nsource: AFP\n",
                                              encoding="utf-8")
    art = read_one(path)
    assert (art.published, art.source, art.title) == (
        dt.date(2025, 11, 24), "AFP", "Rubio in Geneva for Talks")
    # the sidecar is not an article and not a skipped file
    listed = list(discover([tmp_path]))
    assert [type(x) for x in listed] == [SourceFile]


def test_sidecar_alone_for_a_plain_file(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt.meta.yaml").write_text("date: 2025-12-03\nurl: https://x.org/a\n",
                                              encoding="utf-8")
    art = read_one(tmp_path / "b.txt")
    assert art.raw == BODY.encode() and art.offset is None
    assert (art.published, art.url) == (dt.date(2025, 12, 3), "https://x.org/a")


def test_a_leading_rule_that_is_not_front_matter_is_text(tmp_path: Path) -> None:
    text = "---\nBreaking: talks resume\n---\nMore text.\n"
    assert parse_front_matter(text.encode(), "x.txt") == (None, 0)
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    art = read_one(tmp_path / "c.txt")
    assert art.raw == text.encode() and art.published is None


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ("published: 23 November\n", "c.txt:3: published: not an ISO date"),
        ("url: www.example.com\n", "c.txt:3: url: not a URL"),
        ("title: [a, b]\n", "c.txt:3: title: expected text"),
    ],
)
def test_bad_front_matter_is_one_located_error(tmp_path: Path, meta: str, message: str) -> None:
    path = tmp_path / "c.txt"
    path.write_text("---\noutlet: X\n" + meta + "---\n" + BODY, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_one(path)
    assert message in str(err.value)


def test_bad_sidecar_is_located(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "d.txt.meta.yaml").write_text("title: a\npublished: soon\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"d\.txt\.meta\.yaml:2: published: not an ISO date"):
        read_one(tmp_path / "d.txt")


def test_ingest_stores_front_matter_metadata(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(FRONT + BODY + "\nThe talks went on late.\n", encoding="utf-8")
    engine = open_engine(tmp_path / "t.db")
    summary = ingest_paths([src], engine)
    assert not summary.errors
    with Session(engine) as s:
        art = s.scalars(select(Article)).one()
        assert (art.title, art.outlet, art.published) == (
            "Rubio in Geneva for Talks", "The Moscow Times", dt.date(2025, 11, 23))
        assert art.url.endswith("a91213")
        assert "published: 2025" not in art.text and art.text.startswith("U.S. Secretary")
