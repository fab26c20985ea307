"""The ingest writer: decides, for each article in input order, what to store, and stores it.

Unchanged bytes are skipped, changed bytes become a new version, bytes already stored under
another identity become an alias; everything else is inserted with its repairs, removed lines,
quality flags and fingerprint (see :mod:`accord.corpus.ingest` for the guarantees).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, RootTransaction, Row

from accord.corpus.cluster import ClusterParams, fingerprint_row
from accord.corpus.counters import ArticleCounts, IngestError
from accord.corpus.limits import DEFAULT_LIMITS, InputLimits
from accord.corpus.pool import Slot, prepare
from accord.corpus.readers import ArticleProblem, RawArticle, SourceFile
from accord.errors import InputError
from accord.store.article_writes import (
    INSERT_ALIAS,
    INSERT_ARTICLE,
    INSERT_FINGERPRINT,
    INSERT_FLAG,
    INSERT_REMOVED_LINE,
    INSERT_REPAIR,
    LOOKUP_ARTICLE,
    SUPERSEDE_ARTICLE,
)
from accord.store.dialect import begin_write


class FileWriter:
    """Writes each file's articles atomically.

    A multi-article file (JSONL, WARC) gets its own transaction: a file-level failure half-way
    rolls back everything it wrote. A single-article file (.txt, .html) writes only after its
    article was read and processed without error, so it is atomic by construction; such files
    are committed in batches (``batch_files`` files or ``batch_seconds``), which removes most of
    SQLite's per-commit cost. An unexpected exception rolls the open batch back, and the run
    can simply be repeated (ingest is idempotent).
    """

    def __init__(
        self,
        conn: Connection,
        params: ClusterParams,
        *,
        batch_files: int = 200,
        batch_seconds: float = 2.0,
        limits: InputLimits = DEFAULT_LIMITS,
    ) -> None:
        self.limits = limits
        self.conn = conn
        self.params = params
        self.batch_files = batch_files
        self.batch_seconds = batch_seconds
        self._batch: RootTransaction | None = None
        self._batch_size = 0
        self._batch_started = 0.0
        self._file_tx: RootTransaction | None = None
        self._counts = ArticleCounts()
        self._errors: list[IngestError] = []

    def flush(self) -> None:
        """Commit the open batch of single-article files, if any."""
        if self._batch is not None:
            self._batch.commit()
            self._batch = None
            self._batch_size = 0

    def open(self, source: SourceFile) -> None:
        """Start ``source``: a multi-article file gets its own transaction."""
        self._counts = ArticleCounts()
        self._errors = []
        if source.format not in ("text", "html"):
            self.flush()
            self._file_tx = begin_write(self.conn)

    def article(self, item: RawArticle | ArticleProblem, slot: Slot | None = None) -> None:
        """Store one article of the open file (``slot``: its result from the pool, if sent)."""
        if self._file_tx is None and self._batch is None:
            self._batch = begin_write(self.conn)
            self._batch_started = time.monotonic()
        self._one(item, self._counts, self._errors, slot)

    def close(
        self, source: SourceFile, error: InputError | None
    ) -> tuple[ArticleCounts, list[IngestError], bool]:
        """End ``source`` (``error``: it failed as a whole); (counts, errors, failed)."""
        counts, errors = self._counts, self._errors
        if source.format not in ("text", "html"):
            tx, self._file_tx = self._file_tx, None
            assert tx is not None
            if error is not None:
                tx.rollback()  # the file failed half-way: nothing of it is kept
                errors.append(IngestError.from_input_error(error, whole_file=True))
                return counts, errors, True
            tx.commit()
            return counts, errors, False
        if error is not None:  # unreadable: nothing was written
            errors.append(IngestError.from_input_error(error, whole_file=True))
            return counts, errors, True
        self._batch_size += 1
        if (
            self._batch_size >= self.batch_files
            or time.monotonic() - self._batch_started >= self.batch_seconds
        ):
            self.flush()
        # A single-article file whose only article failed has failed as a whole.
        return counts, errors, bool(errors)

    def _one(
        self,
        item: RawArticle | ArticleProblem,
        counts: ArticleCounts,
        errors: list[IngestError],
        slot: Slot | None = None,
    ) -> None:
        if isinstance(item, ArticleProblem):
            errors.append(IngestError.from_input_error(item.error, whole_file=False))
            return
        counts.articles_read += 1
        try:
            self._store(self.conn, item, counts, slot)
        except InputError as exc:
            errors.append(
                IngestError(
                    item.path,
                    exc.message,
                    item.line,
                    exc.field or _record_field(item),
                    whole_file=item.line is None and item.record is None,
                    setting=exc.setting,
                )
            )

    def _store(
        self, conn: Connection, item: RawArticle, counts: ArticleCounts, slot: Slot | None
    ) -> None:
        raw_sha = slot.sha if slot is not None else hashlib.sha256(item.raw).hexdigest()
        # One round trip: the current version at this identity, an alias at this identity, and
        # current articles with the same bytes.
        found: dict[str, Row[str, int, str, int]] = {}
        for row in conn.execute(LOOKUP_ARTICLE, {"identity": item.identity, "sha": raw_sha}):
            found.setdefault(row.what, row)
        current = found.get("current")
        if current is not None and current.raw_sha256 == raw_sha:
            counts.unchanged += 1
            return
        now = _utcnow()
        if current is None:
            alias = found.get("alias")
            if alias is not None and alias.raw_sha256 == raw_sha:
                counts.unchanged += 1
                return
            same_bytes = found.get("same")
            if same_bytes is not None and alias is None:
                conn.execute(
                    INSERT_ALIAS,
                    {
                        "article_id": same_bytes.id,
                        "identity": item.identity,
                        "raw_sha256": raw_sha,
                        "source_path": item.path,
                        "source_line": item.line,
                        "source_record": item.record,
                        "ingested_at": now,
                    },
                )
                counts.duplicates += 1
                return

        # From the pool when it was sent there, else (serial run, or a guess that turned out
        # wrong) processed here: the result is the same either way.
        processed = slot.result() if slot is not None else prepare(item, self.params, self.limits)
        if processed.error is not None:
            message, field_name, setting = processed.error
            raise InputError(
                message, file=item.path, line=item.line, field=field_name, setting=setting
            )
        fp = processed.fingerprint
        assert fp is not None  # set whenever there is no error

        if current is not None:
            conn.execute(SUPERSEDE_ARTICLE, {"article_id": current.id, "now": now})
        text = processed.text
        result = conn.execute(
            INSERT_ARTICLE,
            {
                "identity": item.identity,
                "version": (current.version + 1) if current is not None else 1,
                "is_current": True,
                "kind": item.kind,
                "source_path": item.path,
                "source_line": item.line,
                "source_record": item.record,
                "source_offset": item.offset,
                "warc_record_id": item.warc_record_id,
                "raw": item.raw,
                "raw_sha256": raw_sha,
                "encoding": processed.encoding,
                "declared_encoding": item.declared_encoding,
                "text": text,
                "content_hash": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                "segments": [
                    [g.text_start, g.source_start, g.length, int(g.exact), g.source_length]
                    for g in processed.segments
                ],
                "title": processed.title or item.title,
                "outlet": item.source or _host(item.url),
                "url": item.url,
                "published": processed.published or item.published,
                "language": processed.language,
                "n_chars": len(text),
                "ingested_at": now,
                "superseded_at": None,
            },
        )
        key = result.inserted_primary_key
        assert key is not None  # an INSERT of one row always has a primary key
        article_id = int(key[0])
        if processed.repairs:
            conn.execute(
                INSERT_REPAIR,
                [
                    {
                        "article_id": article_id,
                        "seq": i,
                        "start": r.start,
                        "end": r.end,
                        "original": r.original,
                        "replacement": r.replacement,
                        "kind": r.kind,
                        "certain": bool(r.certain),
                        "reason": r.reason,
                    }
                    for i, r in enumerate(processed.repairs)
                ],
            )
        if processed.removed:
            conn.execute(
                INSERT_REMOVED_LINE,
                [
                    {
                        "article_id": article_id,
                        "seq": i,
                        "start": r.start,
                        "end": r.end,
                        "text": r.text,
                        "reason": r.reason,
                    }
                    for i, r in enumerate(processed.removed)
                ],
            )
        if processed.flags:
            conn.execute(
                INSERT_FLAG,
                [
                    {
                        "article_id": article_id,
                        "seq": i,
                        "name": f.name,
                        "score": None if f.score is None else float(f.score),
                        "spans": [[int(a), int(b)] for a, b in f.spans],
                        "span_space": _span_space(f.detail),
                        "detail": _jsonable(f.detail),
                    }
                    for i, f in enumerate(processed.flags)
                ],
            )
        conn.execute(
            INSERT_FINGERPRINT,
            fingerprint_row(article_id, fp, self.params),
        )
        if current is not None:
            counts.new_versions += 1
        else:
            counts.added += 1
        counts.repairs += len(processed.repairs)
        counts.removed_lines += len(processed.removed)
        counts.flags.update(f.name for f in processed.flags)


def _record_field(item: RawArticle) -> str | None:
    return f"record {item.record}" if item.record is not None else None


def _span_space(detail: Any) -> str | None:
    if isinstance(detail, dict):
        value = detail.get("span_space")
        return str(value) if value is not None else None
    return None


def _jsonable(detail: Any) -> Any:
    if detail is None:
        return {}
    if not isinstance(detail, dict):
        return {"detail": str(detail)}
    # Round-trip through JSON so dates, tuples and sets are stored in a stable, readable form.
    return json.loads(json.dumps(detail, default=str, ensure_ascii=False))


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
