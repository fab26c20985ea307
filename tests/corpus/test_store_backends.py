"""Input that one store would take and another refuse gets the same located error on both."""

from __future__ import annotations

from pathlib import Path

from accord.corpus.ingest import ingest_paths
from accord.store.db import open_engine


def test_nul_or_lone_surrogate_in_jsonl_metadata_is_one_located_error(
    tmp_path: Path, db_url: str
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "1", "title": "x\\u0000y", "text": "Talks resumed in Riyadh today."}\n'
        '{"id": "2", "url": "http://e.org/\\ud800", "text": "Talks resumed in Geneva."}\n'
        '{"id": "3", "title": "Fine", "text": "Talks resumed in Istanbul today."}\n',
        encoding="utf-8",
    )
    engine = open_engine(db_url)
    summary = ingest_paths([feed], engine)
    assert [str(e) for e in summary.errors] == [
        f"{feed}:1: title: contains a NUL character (\\u0000)",
        f"{feed}:2: url: contains an unpaired surrogate escape (\\ud800-\\udfff)",
    ]
    assert summary.added == 1
    engine.dispose()
