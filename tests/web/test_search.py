"""Article search on both stores: with SQLite's FTS5 search index the results are exactly
those of reading the table (PostgreSQL's way), the index follows new articles and new
versions, and the user's words never reach FTS5 as query syntax."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session
from tests.corpus_maker import write_texts

from accord.corpus.ingest import ingest_paths
from accord.store.article_search import has_search_index
from accord.store.corpus_tables import Article
from accord.store.db import open_engine
from accord.web.queries import PAGE_SIZE, ArticleFilter, search_articles

SPECIAL = {
    "special-1.txt": "Scriptovich signs the memorandum in Geneva\n\n"
                     "The envoy Ivan Scriptovich said the deal was 100%_done after talks in "
                     "Geneva that lasted late into the night, according to two officials.\n",
    "special-2.txt": "Путин и переговоры в Женеве\n\n"
                     "Владимир Путин заявил, что переговоры продолжатся на следующей неделе, "
                     "сообщили два источника, знакомых с ходом встречи в Женеве.\n",
    "special-3.txt": 'Officials "say no" to a NATO path\n\n'
                     'Officials said "no" to a NATO path for Ukraine in a statement read out '
                     "after the meeting, which also covered sanctions and frozen assets.\n",
}

QUERIES = [
    "Kremlin", "kremlin", "KREMLIN", "ceasefire", "Scriptovich", "scriptovich signs",
    "Kremlin sanctions", "EU", "no", "Kremlin EU", "100%_", "%", "_", 'say"', '"no"',
    "Путин", "путин", "переговоры Женеве", "NEAR", "AND", "OR", "x*", "a:b", "Geneva Путин",
    "talks update number 7", "talks", "TALKS update",
]


def _pages(session: Session, q: str, use_index: bool) -> list[tuple[list[int], bool]]:
    out = []
    for page in (1, 2):
        rows, more = search_articles(session, ArticleFilter(q=q, page=page), use_index=use_index)
        out.append(([r["id"] for r in rows], more))
    return out


def test_search_with_the_index_finds_what_the_table_scan_finds(
    db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    write_texts(folder, 0, 2 * PAGE_SIZE + 20)  # more than two pages for common words
    for name, text in SPECIAL.items():
        (folder / name).write_text(text, encoding="utf-8")
    engine = open_engine(db_url)
    assert not ingest_paths([folder], engine).errors
    with Session(engine) as s:
        assert has_search_index(s) == (engine.dialect.name == "sqlite")
        for q in QUERIES:
            assert _pages(s, q, True) == _pages(s, q, False), q
        found = {q: _pages(s, q, True)[0][0] for q in ("Scriptovich", "путин", '"no"',
                                                      "100%_", "talks")}
    assert len(found["Scriptovich"]) == 1 and len(found["100%_"]) == 1
    assert len(found['"no"']) == 1
    assert len(found["talks"]) == PAGE_SIZE  # every headline: pages of 50
    # ILIKE folds ASCII case only: the table scan (and so the search) finds the Cyrillic word
    # as written; the index, which folds all case, must not widen that.
    assert len(found["путин"]) == (0 if engine.dialect.name == "sqlite" else 1)
    engine.dispose()


def test_the_index_follows_new_articles_and_new_versions(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_texts(folder, 0, 5)
    engine = open_engine(db_url)
    ingest_paths([folder], engine)

    def ids(q: str) -> list[int]:
        with Session(engine) as s:
            rows = search_articles(s, ArticleFilter(q=q), use_index=True)[0]
            assert rows == search_articles(s, ArticleFilter(q=q), use_index=False)[0]
            return [r["id"] for r in rows]

    assert ids("Scriptovich") == []
    path = folder / "special-1.txt"
    path.write_text(SPECIAL["special-1.txt"], encoding="utf-8")
    ingest_paths([folder], engine)
    first = ids("Scriptovich")
    assert len(first) == 1

    path.write_text(SPECIAL["special-1.txt"].replace("Scriptovich", "Quillfeather"),
                    encoding="utf-8")
    ingest_paths([folder], engine)  # a new version; the old one is no longer current
    assert ids("Scriptovich") == []
    new = ids("Quillfeather")
    assert len(new) == 1 and new != first
    engine.dispose()


def test_flag_names_are_the_distinct_names_in_order(db_url: str, tmp_path: Path) -> None:
    from sqlalchemy import select

    from accord.store.corpus_tables import ArticleFlag
    from accord.web.queries import flag_names

    engine = open_engine(db_url)
    with Session(engine) as s:
        assert flag_names(s) == []
    write_texts(tmp_path / "corpus", 0, 6)
    ingest_paths([tmp_path / "corpus"], engine)
    with Session(engine) as s:
        ids = list(s.scalars(select(Article.id)))
        for k, name in enumerate(["spun-text", "b", "zz-last", "a-first", "b", "spun-text"]):
            s.add(ArticleFlag(article_id=ids[k % len(ids)], seq=100 + k, name=name, score=None,
                              spans=[], span_space=None, detail={}))
        s.commit()
        every = list(s.scalars(select(ArticleFlag.name)))
        assert flag_names(s) == sorted(set(every))
        assert {"a-first", "b", "spun-text", "zz-last"} <= set(flag_names(s))
    engine.dispose()
