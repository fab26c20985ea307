"""The article page of an article in a large story lists the first members and links to the
story's article list for the rest (a story of reposts can hold thousands of articles)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.corpus_maker import SEEDS

from accord.corpus.ingest import ingest_paths
from accord.store.db import open_engine
from accord.web.app import create_app
from accord.web.queries import SIBLINGS_SHOWN, story_siblings


def test_a_large_story_lists_its_first_members_and_links_to_the_rest(tmp_path: Path) -> None:
    body = sorted(SEEDS.glob("001_*.txt"))[0].read_text(encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    n = SIBLINGS_SHOWN + 5
    for i in range(n):  # reposts: the same story under another headline
        (folder / f"copy-{i:02d}.txt").write_text(f"Repost {i} of the story\n\n{body}",
                                                  encoding="utf-8")
    db = tmp_path / "accord.db"
    engine = open_engine(db)
    assert not ingest_paths([folder], engine).errors
    with Session(engine) as s:
        siblings, total = story_siblings(s, 1)
        small, same_total = story_siblings(s, 1, limit=3)
    engine.dispose()
    assert total == n - 1 == same_total
    assert len(siblings) == SIBLINGS_SHOWN and len(small) == 3
    story = siblings[0]["story"]
    assert [r["id"] for r in small] == [r["id"] for r in siblings[:3]]

    html = TestClient(create_app(db, read_only=True)).get("/articles/1").text
    assert f"Story {story} ({n - 1} other articles)" in html
    assert len(re.findall(r'<li><a href="/articles/\d+">Repost', html)) == SIBLINGS_SHOWN
    assert f'href="/articles?story={story}"' in html


def test_the_article_page_reads_the_same_on_postgresql(tmp_path: Path) -> None:
    """Over PostgreSQL the article page's statements go to the driver in one round trip
    (accord.web.prepared.rows_together): for every article of the seeds and some reposts,
    extracted, the page's article, repairs, removed lines, flags, items and story members
    are those SQLite gives (times of ingest aside); an unknown id is None on both."""
    from tests import testdb

    from accord.extract.nlp import load_pipeline
    from accord.extract.pipeline import Extractor, extract_articles
    from accord.web.queries import article_page

    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        (folder / seed.name).write_bytes(seed.read_bytes())
    body = sorted(SEEDS.glob("001_*.txt"))[0].read_text(encoding="utf-8")
    for i in range(3):
        (folder / f"zz-copy-{i}.txt").write_text(f"Repost {i}\n\n{body}", encoding="utf-8")
    extractor = Extractor(load_pipeline())

    def plain(row: object) -> dict[str, object]:
        fields = row._asdict() if hasattr(row, "_asdict") else dict(row._mapping)  # type: ignore[attr-defined]
        return {k: v for k, v in fields.items() if not k.endswith("_at")}

    pages = []
    url = next(gen := testdb.database("postgresql", tmp_path))
    try:
        for db in (str(tmp_path / "accord.db"), url):
            engine = open_engine(db)
            assert not ingest_paths([folder], engine, workers=1).errors
            extract_articles(engine, extractor)
            with Session(engine) as s:
                found = [article_page(s, i) for i in range(1, 12)]
            engine.dispose()
            pages.append([
                None if p is None else (
                    plain(p.article._row), [plain(r) for r in p.repairs],
                    [plain(r) for r in p.removed], [plain(r) for r in p.flags],
                    {k: [plain(r) for r in v] for k, v in p.items.items()},
                    p.siblings, p.n_siblings)
                for p in found])
    finally:
        gen.close()
    on_sqlite, on_postgresql = pages
    assert on_sqlite == on_postgresql
    known = [p for p in on_sqlite if p is not None]
    assert len(known) == 8 and on_sqlite[8:] == [None] * 3
    assert any(p[1] for p in known) and any(p[2] for p in known)  # repairs, removed lines
    assert any(p[4]["quotes"] for p in known) and any(p[5] for p in known)  # items, story
