"""The cache of rendered read pages, against a real SQLite file and a real server: pages are
byte-identical with and without it, served again from it, rendered anew after any commit to
the database (another connection, another process) or a candidate review, answered 304 on a
matching ETag, never share a CSRF token, keep their security headers and stay within bounds."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.web.conftest import MODEL, LiveServer

from accord.web.app import create_app

READ_PAGES = ("/articles/1", "/articles/2?span=0-40", "/articles", "/articles?q=ceasefire",
              "/actors/putin", "/quotes", "/positions?page=1", "/events", "/figures")
SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options",
            "referrer-policy")


@pytest.fixture()
def db(workbench_db: Path, tmp_path: Path) -> Path:
    """A copy of the workbench corpus this test may write to."""
    path = tmp_path / "accord.db"
    shutil.copy(workbench_db, path)
    return path


@pytest.fixture()
def registry(tmp_path: Path) -> Path:
    from accord.extract.registry_location import PACKAGED

    path = tmp_path / "actors.yaml"
    shutil.copy(PACKAGED, path)
    return path


@pytest.fixture()
def served(db: Path, registry: Path) -> Iterator[tuple[LiveServer, LiveServer]]:
    """The same corpus served twice: with the page cache (default) and without (0 MB)."""
    cached = create_app(db, [MODEL], registry=registry)
    plain = create_app(db, [MODEL], registry=registry, page_cache_mb=0)
    with LiveServer(cached) as a, LiveServer(plain) as b:
        yield a, b


def _wb(server: LiveServer) -> object:
    return server.server.config.app.state.workbench


def test_pages_are_byte_identical_with_and_without_the_cache(
    served: tuple[LiveServer, LiveServer]
) -> None:
    cached, plain = served
    cache = _wb(cached).page_cache  # type: ignore[attr-defined]
    with httpx.Client(base_url=cached.url) as c, httpx.Client(base_url=plain.url) as p:
        for path in READ_PAGES:
            want = p.get(path)
            assert want.status_code == 200, path
            assert "etag" not in want.headers  # off: the handler's own response, untouched
            first, hits = c.get(path), cache.hits
            again = c.get(path)
            assert cache.hits == hits + 1, path  # the second came from the cache
            for r in (first, again):
                assert r.status_code == 200 and r.content == want.content, path
                assert r.headers["content-type"] == want.headers["content-type"]
                assert all(r.headers[h] == want.headers[h] for h in SECURITY), path
            assert first.headers["etag"] == again.headers["etag"]
        assert len(cache) == len(READ_PAGES)


def test_a_commit_by_another_connection_or_process_shows(
    served: tuple[LiveServer, LiveServer], db: Path, tmp_path: Path
) -> None:
    cached, _ = served
    with httpx.Client(base_url=cached.url) as c:
        before = c.get("/articles/1").text
        assert c.get("/articles/1").text == before
        with sqlite3.connect(db) as conn:  # another connection commits
            conn.execute("UPDATE articles SET title = 'Retitled by a writer' WHERE id = 1")
        assert "Retitled by a writer" in c.get("/articles/1").text
        _an_ingest_by_another_process_shows(c, tmp_path, str(db))


def _an_ingest_by_another_process_shows(c: httpx.Client, tmp_path: Path, db: str) -> None:
    search = "/articles?q=Zyxwvutian"
    assert "Zyxwvutian talks resume" not in c.get(search).text
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "zyx.txt").write_text(
        "Zyxwvutian talks resume in Geneva\n\nThe Zyxwvutian delegation met its "
        "counterparts on Monday to discuss a ceasefire.\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "accord.cli", "ingest", str(folder), "--db", db],
                   check=True, capture_output=True)
    assert "Zyxwvutian talks resume" in c.get(search).text


def test_a_candidate_review_shows_on_the_cached_actor_page(
    served: tuple[LiveServer, LiveServer]
) -> None:
    cached, plain = served
    with httpx.Client(base_url=cached.url) as c:
        before = c.get("/actors/putin").text
        assert "Vovochka Testovich" not in before and c.get("/actors/putin").text == before
        token = c.get("/candidates").text.split('name="csrf_token" value="')[1].split('"')[0]
        r = c.post("/candidates/merge", data={"name": "Vovochka Testovich", "into": "putin",
                                              "csrf_token": token})
        assert r.status_code == 303
        after = c.get("/actors/putin")
        assert "Vovochka Testovich" in after.text
    # The registry file changed under the other server too (no write of its own): it sees it.
    assert "Vovochka Testovich" in httpx.get(cached.url + "/actors/putin").text
    assert "Vovochka Testovich" in httpx.get(plain.url + "/actors/putin").text


def test_if_none_match_is_answered_304_without_rendering(
    served: tuple[LiveServer, LiveServer], db: Path
) -> None:
    cached, _ = served
    cache = _wb(cached).page_cache  # type: ignore[attr-defined]
    with httpx.Client(base_url=cached.url) as c:
        first = c.get("/articles/3")
        tag = first.headers["etag"]
        assert first.headers["cache-control"] == "no-cache"
        misses = cache.misses
        r = c.get("/articles/3", headers={"If-None-Match": f'"other", {tag}'})
        assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == tag
        assert cache.misses == misses  # answered from the entry, nothing rendered
        assert all(h in r.headers for h in SECURITY)
        assert c.get("/articles/3", headers={"If-None-Match": '"other"'}).content == first.content
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE articles SET title = 'Changed' WHERE id = 3")
        changed = c.get("/articles/3", headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["etag"] != tag
        # The tag is a digest of the bytes: another server process gives the same tag.
        with LiveServer(create_app(db, [MODEL])) as other:
            r = httpx.get(other.url + "/articles/3", headers={"If-None-Match":
                                                               changed.headers["etag"]})
            assert r.status_code == 304


def test_no_cached_page_carries_a_csrf_token(served: tuple[LiveServer, LiveServer]) -> None:
    cached, _ = served
    wb = _wb(cached)
    alice, bob = httpx.Client(base_url=cached.url), httpx.Client(base_url=cached.url)
    with alice, bob:
        for path in READ_PAGES:
            a, b = alice.get(path), bob.get(path)
            assert a.content == b.content
            for client in (alice, bob):
                session = client.cookies["accord_session"]
                token = wb.tokens.token(session)  # type: ignore[attr-defined]
                assert token not in a.text and token not in b.text, path
        # The page with the review forms is rendered per browser, each with its own token.
        for client in (alice, bob):
            own = wb.tokens.token(client.cookies["accord_session"])  # type: ignore[attr-defined]
            assert f'value="{own}"' in client.get("/candidates").text
            assert f'value="{own}"' in client.get("/candidates").text
        assert alice.cookies["accord_session"] != bob.cookies["accord_session"]


def test_a_page_that_holds_the_token_is_not_stored(db: Path) -> None:
    """The cache's own guard, for a page template that would embed the token one day."""
    import asyncio

    from fastapi.responses import HTMLResponse
    from starlette.requests import Request

    from accord.web.page_cache import cached_page

    app = create_app(db)
    wb = app.state.workbench

    async def handler(request: Request) -> HTMLResponse:
        return HTMLResponse(f"<form>{wb.tokens.token(request.state.session)}</form>")

    wrapped = cached_page(wb, wb.page_state)(handler)
    request = Request({"type": "http", "method": "GET", "path": "/x", "query_string": b"",
                       "headers": [], "state": {"session": "s1"}})
    assert asyncio.run(wrapped(request=request)).status_code == 200
    assert len(wb.page_cache) == 0


def test_the_limits_evict_least_recently_used(db: Path) -> None:
    small = create_app(db, page_cache_entries=2)
    with LiveServer(small) as server, httpx.Client(base_url=server.url) as c:
        cache = small.state.workbench.page_cache
        for path in ("/articles/1", "/articles/2", "/articles/1", "/articles/3"):
            assert c.get(path).status_code == 200
        assert [k[0] for k in cache.keys()] == ["/articles/1", "/articles/3"]  # 2 went first
    tiny = create_app(db, page_cache_mb=0.02)  # ~20 kB: a page or two of the sample corpus
    with LiveServer(tiny) as server, httpx.Client(base_url=server.url) as c:
        cache = tiny.state.workbench.page_cache
        for i in range(1, 8):
            c.get(f"/articles/{i}")
            assert cache.size_bytes <= cache.max_bytes
        assert 0 < len(cache) < 7


def test_zero_limits_turn_the_cache_off(db: Path) -> None:
    for off in (create_app(db, page_cache_entries=0), create_app(db, page_cache_mb=0)):
        wb = off.state.workbench
        assert wb.page_state() is None and not wb.page_cache.enabled and not wb.caches_pages
    assert create_app(db).state.workbench.page_state() is not None


def test_a_data_version_that_cannot_be_read_renders_the_page(db: Path) -> None:
    app = create_app(db)
    wb = app.state.workbench

    def broken() -> None:
        raise sqlite3.OperationalError("unable to open database file")

    wb._data_version = broken
    with LiveServer(app) as server:
        r = httpx.get(server.url + "/articles/1")
        assert r.status_code == 200 and "etag" not in r.headers
    assert len(wb.page_cache) == 0


def test_postgresql_pages_are_cached_until_a_commit(tmp_path: Path, registry: Path) -> None:
    """Over PostgreSQL the cache keys pages on the cluster's current snapshot: served again
    byte for byte while nothing commits (reads leave the snapshot as it is), rendered anew
    after a commit by another connection or an ingest by another process."""
    from sqlalchemy import text
    from tests import testdb
    from tests.corpus_maker import SEEDS

    from accord.corpus.ingest import ingest_paths
    from accord.store.db import open_engine

    url = next(gen := testdb.database("postgresql", tmp_path))
    try:
        engine = open_engine(url)
        assert not ingest_paths([SEEDS], engine, workers=1).errors
        cached = create_app(url, [MODEL], registry=registry)
        plain = create_app(url, [MODEL], registry=registry, page_cache_mb=0)
        wb = cached.state.workbench
        assert wb.caches_pages and wb.page_state_blocks and not plain.state.workbench.caches_pages
        with LiveServer(cached) as a, LiveServer(plain) as b, \
                httpx.Client(base_url=a.url) as c, httpx.Client(base_url=b.url) as p:
            for path in ("/articles/1", "/articles", "/articles?q=ceasefire", "/actors/putin"):
                want = p.get(path)
                assert want.status_code == 200 and "etag" not in want.headers, path
                assert _served_again(c, wb, path, want.content), path
            with engine.begin() as conn:  # another connection commits
                conn.execute(text("UPDATE articles SET title = 'Retitled by a writer' "
                                  "WHERE id = 1"))
            assert "Retitled by a writer" in c.get("/articles/1").text
            assert "Retitled by a writer" in c.get("/articles").text
            _an_ingest_by_another_process_shows(c, tmp_path, url)
        engine.dispose()
    finally:
        gen.close()


def _served_again(c: httpx.Client, wb: Any, path: str, want: bytes) -> bool:
    """Whether ``path`` was served twice with ``want``, the second time from the cache, while
    the cluster's snapshot held. Any transaction that writes anywhere in the cluster (an
    autovacuum's ANALYZE, another test run on the same server) changes it, and the page is
    rendered anew, as it should be: three tries for a quiet moment."""
    for _ in range(3):
        state = wb.page_state()
        first, hits = c.get(path), wb.page_cache.hits
        again = c.get(path)
        assert first.content == again.content == want
        if wb.page_state() == state:
            assert wb.page_cache.hits == hits + 1
            return True
    return False


def test_long_query_strings_count_against_the_byte_limit(db: Path) -> None:
    app = create_app(db, page_cache_mb=0.2)  # ~210 kB
    with LiveServer(app) as server, httpx.Client(base_url=server.url) as c:
        cache = app.state.workbench.page_cache
        for i in range(12):  # unknown parameters: the same page under ever new keys
            assert c.get(f"/articles/1?junk{i}={'x' * 6000}").status_code == 200
            assert cache.size_bytes <= cache.max_bytes
        body = len(c.get("/articles/1").content)
        stored = cache.keys()
        assert cache.size_bytes >= sum(len(k[1]) for k in stored) + body * (len(stored) - 1)
