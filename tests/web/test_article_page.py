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
