"""Find input files and stream the articles inside them, one at a time.

Supported inputs (folders are walked recursively, in sorted order, skipping hidden entries):

* ``.txt`` — one plain-text article per file, optionally opening with a YAML front-matter block
  (title, url, outlet, published; :mod:`accord.corpus.frontmatter`);
* ``.html`` / ``.htm`` — one HTML page per file;
* either may have a sidecar ``<file>.meta.yaml`` with the same keys (it wins field by field;
  sidecars are not articles and are not listed as skipped files);
* ``.jsonl`` / ``.jsonl.gz`` — one article per line: ``text`` *or* ``html`` (a string), optional
  ``url``, ``title``, ``published`` (ISO date), ``source`` (outlet) and ``id`` (the first line
  with an ``id`` wins: a later line with the same ``id`` and another body is refused);
* ``.warc`` / ``.warc.gz`` — HTTP ``response`` records whose payload is HTML (or plain text).

Nothing here holds more than one article in memory. Problems come in two sizes: a problem with
one line or record (:class:`ArticleProblem`, yielded in the stream; the rest of the file is still
read) and a problem with the whole file (:class:`~accord.errors.InputError` raised by
:meth:`SourceFile.read`, or yielded by :func:`discover` for paths that cannot be read at all).

>>> from pathlib import Path
>>> [f.path for f in discover(["examples/corpus"]) if isinstance(f, SourceFile)][:1]
['examples/corpus/000_bfc96784ff80d2f5.txt']
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import IO, Literal

from accord.corpus.frontmatter import (
    ArticleMeta,
    is_sidecar,
    parse_front_matter,
    read_sidecar,
    url_problem,
)
from accord.corpus.limits import DEFAULT_LIMITS, InputLimits, over, size_text
from accord.errors import InputError

Kind = Literal["text", "html"]
Format = Literal["text", "html", "jsonl", "warc"]

DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_bytes

_SUFFIXES: tuple[tuple[str, Format], ...] = (
    (".jsonl.gz", "jsonl"),
    (".warc.gz", "warc"),
    (".jsonl", "jsonl"),
    (".warc", "warc"),
    (".txt", "text"),
    (".html", "html"),
    (".htm", "html"),
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BLOCK = 1 << 20
_NONBLANK = re.compile(rb"\S")
UNSUPPORTED = "unsupported file type"


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article's raw bytes as read, with where it came from and what its container said.

    ``identity`` is stable across runs for the same place (see :mod:`accord.store.corpus_tables`).
    """

    path: str
    identity: str
    kind: Kind
    raw: bytes
    line: int | None = None
    record: int | None = None
    offset: int | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    declared_encoding: str | None = None
    warc_record_id: str | None = None

    @property
    def location(self) -> str:
        """``path``, ``path:line`` or ``path#record``."""
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.record is not None:
            return f"{self.path}#{self.record}"
        return self.path


@dataclass(frozen=True, slots=True)
class ArticleProblem:
    """A line or record that could not be read; the other articles of the file still count."""

    error: InputError


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file inside a folder that is not a supported input (e.g. ``README.md``)."""

    path: str
    reason: str


def format_of(path: str | os.PathLike[str]) -> Format | None:
    """The input format implied by a file name, or None if unsupported.

    >>> format_of("a/b.jsonl.gz"), format_of("x.HTM"), format_of("notes.md")
    ('jsonl', 'html', None)
    """
    name = os.fspath(path).lower()
    for suffix, fmt in _SUFFIXES:
        if name.endswith(suffix):
            return fmt
    return None


class SourceFile:
    """One input file. :meth:`read` streams its articles (and per-article problems).

    ``path`` is the name as stored and shown (see :func:`safe_path`; ``renamed`` is True when
    that differs from the name on disk, ``os_path``).
    """

    def __init__(
        self,
        path: str,
        fmt: Format,
        *,
        max_bytes: int | None = None,
        limits: InputLimits = DEFAULT_LIMITS,
    ) -> None:
        self.os_path = path
        self.path = safe_path(path)
        self.renamed = self.path != path
        self.format: Format = fmt
        if max_bytes is not None:
            limits = replace(limits, max_bytes=max_bytes)
        self.limits = limits
        self.max_bytes = limits.max_bytes
        self.resolved = safe_path(os.path.realpath(path))

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r}, {self.format!r})"

    def read(self) -> Iterator[RawArticle | ArticleProblem]:
        """Yield the file's articles in order.

        Raises :class:`InputError` (naming the file, and the line when known) when the file as a
        whole cannot be read: unreadable, over the size cap, broken gzip, not a WARC file.
        """
        try:
            size = os.stat(self.os_path).st_size
        except OSError as exc:
            raise InputError(_os_reason(exc), file=self.path) from None
        if size > self.max_bytes:
            raise InputError(
                over("file", size, self.max_bytes), file=self.path, setting="max_bytes"
            )
        if self.format in ("text", "html"):
            yield self._read_single()
        elif self.format == "jsonl":
            yield from self._read_jsonl()
        else:
            yield from self._read_warc()

    # -- single-article files ---------------------------------------------------------------

    def _read_single(self) -> RawArticle:
        try:
            with _open_regular(self.os_path) as fh:
                raw = fh.read(self.max_bytes + 1)
        except OSError as exc:
            raise InputError(_os_reason(exc), file=self.path) from None
        if len(raw) > self.max_bytes:  # grew since stat
            raise InputError(
                f"file is over the size cap of {size_text(self.max_bytes)}",
                file=self.path,
                setting="max_bytes",
            )
        kind: Kind = "html" if self.format == "html" else "text"
        meta: ArticleMeta | None = None
        body_at = 0
        if kind == "text":
            meta, body_at = parse_front_matter(raw, self.path)
        side = read_sidecar(self.os_path)
        if side is not None:
            meta = side if meta is None else meta.merged(side)
        if meta is None:
            return RawArticle(path=self.path, identity=self.resolved, kind=kind, raw=raw)
        # The front matter is metadata, not text: the stored bytes are the body, and `offset`
        # says where it starts in the file.
        return RawArticle(
            path=self.path, identity=self.resolved, kind=kind, raw=raw[body_at:],
            offset=body_at or None, url=meta.url, title=meta.title, published=meta.published,
            source=meta.outlet,
        )

    # -- JSON lines ----------------------------------------------------------------------------

    def _open_binary(self) -> IO[bytes] | gzip.GzipFile:
        try:
            fh = _open_regular(self.os_path)
            if self.path.lower().endswith(".gz"):
                return gzip.GzipFile(fileobj=fh, mode="rb")
            return fh
        except OSError as exc:
            raise InputError(_os_reason(exc), file=self.path) from None

    def _line_setting(self) -> str:
        """The limit that sets the cap on a line or payload (the smaller of two)."""
        limits = self.limits
        return "max_line_bytes" if limits.line_cap == limits.max_line_bytes else "max_bytes"

    def _read_jsonl(self) -> Iterator[RawArticle | ArticleProblem]:
        fh = self._open_binary()
        cap = self.limits.line_cap
        ids: dict[str, tuple[int, str]] = {}  # identity -> (first line, hash of its body)
        with fh:
            for lineno, offset, line in self._jsonl_lines(fh, cap):
                if line is None:
                    yield ArticleProblem(
                        InputError(
                            f"line is over the size cap of {size_text(cap)}",
                            file=self.path,
                            line=lineno,
                            setting=self._line_setting(),
                        )
                    )
                else:
                    yield self._first_of_its_id(self._parse_json_line(line, lineno, offset), ids)

    def _first_of_its_id(
        self, item: RawArticle | ArticleProblem, ids: dict[str, tuple[int, str]]
    ) -> RawArticle | ArticleProblem:
        """The first line with an ``id`` wins: a later line with the same ``id`` and another
        body is refused (one error naming both lines), so a re-run stores nothing new; the
        same body again is let through (it is unchanged)."""
        if not isinstance(item, RawArticle) or "#id=" not in item.identity or item.line is None:
            return item
        digest = hashlib.sha256(item.raw).hexdigest()
        first = ids.setdefault(item.identity, (item.line, digest))
        if first[0] == item.line or first[1] == digest:
            return item
        shown = item.identity[len(self.resolved) + len("#id="):]
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return ArticleProblem(
            InputError(
                f"repeats the id {shown!r} of line {first[0]} with another body; the first "
                "line with an id is kept",
                file=self.path,
                line=item.line,
                field="id",
            )
        )

    def _jsonl_lines(
        self, fh: IO[bytes] | gzip.GzipFile, cap: int
    ) -> Iterator[tuple[int, int, bytes | None]]:
        """``(line number, offset, line)`` of each line that is not blank; ``line`` is None
        for a line over ``cap`` (its bytes are dropped as they are read, not held).

        Reads in blocks and jumps over blank lines at C speed: a gigabyte of newlines costs
        seconds, not the minutes of a ``readline`` per line. Raises :class:`InputError` when
        a ``.gz`` file decompresses to more than ``max_decompressed``.
        """
        total_cap = self.limits.max_decompressed if isinstance(fh, gzip.GzipFile) else None
        # read1: what is decompressed so far, so a broken stream is reported at its line.
        read = getattr(fh, "read1", fh.read)
        buf = b""  # unread bytes; buf[0] is at `base` in the (decompressed) stream
        base = 0
        lineno = 1  # the line buf[0] is on
        total = 0
        skipping = False  # inside a line over the cap: drop bytes up to its newline
        eof = False
        while not eof:
            try:
                block = read(_BLOCK)
            except (OSError, EOFError, zlib.error) as exc:
                raise _gzip_error(self.path, lineno, exc) from None
            eof = not block
            total += len(block)
            if total_cap is not None and total > total_cap:
                raise InputError(
                    f"decompresses to more than {size_text(total_cap)}, over the cap",
                    file=self.path,
                    line=lineno,
                    setting="max_decompressed",
                )
            buf = buf + block if buf else block
            pos, n = 0, len(buf)
            while pos < n:
                if skipping:
                    newline = buf.find(b"\n", pos)
                    if newline < 0:
                        pos = n
                        break
                    skipping = False
                    lineno += 1
                    pos = newline + 1
                    continue
                found = _NONBLANK.search(buf, pos)
                if found is None:  # only blank lines (and maybe the start of one) left
                    last = buf.rfind(b"\n", pos)
                    if last >= 0:
                        lineno += buf.count(b"\n", pos, last + 1)
                        pos = last + 1
                    if n - pos > cap:
                        yield lineno, base + pos, None
                        skipping, pos = True, n
                    break
                before = buf.rfind(b"\n", pos, found.start())
                if before >= 0:
                    lineno += buf.count(b"\n", pos, before + 1)
                    pos = before + 1
                newline = buf.find(b"\n", found.start())
                if newline < 0 and not eof:  # the line goes on in the next block
                    if n - pos > cap:
                        yield lineno, base + pos, None
                        skipping, pos = True, n
                    break
                end = n if newline < 0 else newline + 1
                yield lineno, base + pos, (buf[pos:end] if end - pos <= cap else None)
                lineno += 1
                pos = end
            base += pos
            buf = buf[pos:]

    def _parse_json_line(
        self, line: bytes, lineno: int, offset: int
    ) -> RawArticle | ArticleProblem:
        def problem(message: str, field: str | None = None) -> ArticleProblem:
            return ArticleProblem(InputError(message, file=self.path, line=lineno, field=field))

        try:
            record = json.loads(line)
        except UnicodeDecodeError as exc:
            return problem(f"line is not valid UTF-8 JSON ({exc.reason} at byte {exc.start})")
        except json.JSONDecodeError as exc:
            return problem(f"malformed JSON: {exc.msg} (column {exc.colno})")
        except RecursionError:
            return problem("JSON nested too deeply to read")
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            return problem(f"unreadable JSON value: {_first_line(str(exc)).split(';')[0]}")
        if not isinstance(record, dict):
            return problem(f"expected a JSON object, got {type(record).__name__}")
        text, html = record.get("text"), record.get("html")
        if text is not None and html is not None:
            return problem("has both 'text' and 'html'; give one", "html")
        body, kind_field = (html, "html") if html is not None else (text, "text")
        if body is None:
            return problem("needs a 'text' or an 'html' field", "text")
        if not isinstance(body, str):
            return problem(f"must be a string, got {type(body).__name__}", kind_field)
        meta: dict[str, str | None] = {}
        for field in ("url", "title", "source", "published", "id"):
            value = record.get(field)
            if field == "id" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if value is not None and not isinstance(value, str):
                return problem(f"must be a string, got {type(value).__name__}", field)
            if value and "\x00" in value:  # no database stores NUL in text (PostgreSQL refuses)
                return problem("contains a NUL character (\\u0000)", field)
            if value and not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    return problem("contains an unpaired surrogate escape (\\ud800-\\udfff)", field)
            meta[field] = value or None
        bad_url = url_problem(meta["url"]) if meta["url"] else None
        if bad_url is not None:
            return problem(bad_url, "url")
        published: dt.date | None = None
        if meta["published"] is not None:
            published = _parse_date(meta["published"])
            if published is None:
                return problem(f"not an ISO date (YYYY-MM-DD): {meta['published']!r}", "published")
        try:
            # JSON strings are Unicode: their exact bytes are their UTF-8 encoding. Lone
            # surrogates (legal in JSON, not in UTF-8) are refused rather than altered.
            raw = body.encode("utf-8")
        except UnicodeEncodeError:
            return problem("contains an unpaired surrogate escape (\\ud800-\\udfff)", kind_field)
        identity = (
            f"{self.resolved}#id={meta['id']}" if meta["id"] else f"{self.resolved}#L{lineno}"
        )
        return RawArticle(
            path=self.path,
            identity=identity,
            kind="html" if kind_field == "html" else "text",
            raw=raw,
            line=lineno,
            offset=offset,
            url=meta["url"],
            title=meta["title"],
            published=published,
            source=meta["source"],
            declared_encoding="utf-8",
        )

    # -- WARC ----------------------------------------------------------------------------------

    def _read_warc(self) -> Iterator[RawArticle | ArticleProblem]:
        from warcio.exceptions import ArchiveLoadFailed

        from accord.corpus.warc import archive_iterator

        try:
            fh = _open_regular(self.os_path)
        except OSError as exc:
            raise InputError(_os_reason(exc), file=self.path) from None
        number = 0
        with fh:
            iterator, reader = archive_iterator(fh, self.limits)
            records = iter(iterator)
            cap = self.limits.line_cap
            while True:
                try:
                    reader.start_headers()
                    rec = next(records)
                except StopIteration:
                    return
                except InputError as exc:  # over a limit
                    raise InputError(
                        exc.message, file=self.path, field=f"record {number + 1}",
                        setting=exc.setting,
                    ) from None
                except ArchiveLoadFailed as exc:
                    raise InputError(
                        f"not a readable WARC file: {_first_line(str(exc))}",
                        file=self.path,
                        line=None,
                        field=f"record {number + 1}",
                    ) from None
                except (OSError, EOFError, zlib.error, ValueError) as exc:
                    raise InputError(
                        f"broken WARC/gzip stream: {_first_line(str(exc)) or type(exc).__name__}",
                        file=self.path,
                        field=f"record {number + 1}",
                    ) from None
                number += 1
                if rec.format != "warc":
                    raise InputError(
                        f"not a WARC file (read as {rec.format!r})",
                        file=self.path,
                        field=f"record {number}",
                    )
                if rec.rec_type != "response":
                    continue
                url = rec.rec_headers.get_header("WARC-Target-URI")
                if not url:
                    yield ArticleProblem(
                        InputError(
                            "response record without a WARC-Target-URI header",
                            file=self.path,
                            field=f"record {number}",
                        )
                    )
                    continue
                bad_url = url_problem(url)
                if bad_url is not None:
                    where = f"record {number} WARC-Target-URI"
                    yield ArticleProblem(InputError(bad_url, file=self.path, field=where))
                    continue
                if rec.http_headers is None:
                    continue
                ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
                mime = ctype.split(";", 1)[0].strip()
                if mime in _HTML_TYPES:
                    kind: Kind = "html"
                elif mime == "text/plain":
                    kind = "text"
                else:
                    continue  # images, scripts, ...: not articles
                record_id = rec.rec_headers.get_header("WARC-Record-ID") or f"record-{number}"
                try:
                    raw = rec.content_stream().read(cap + 1)
                    # Only after reading: get_record_offset() reads the record to its end.
                    reader.start_headers()
                    offset = iterator.get_record_offset()
                except InputError as exc:  # over a limit
                    raise InputError(
                        exc.message, file=self.path, field=f"record {number}",
                        setting=exc.setting,
                    ) from None
                except (OSError, EOFError, zlib.error, ValueError) as exc:
                    raise InputError(
                        f"broken WARC/gzip stream: {_first_line(str(exc)) or type(exc).__name__}",
                        file=self.path,
                        field=f"record {number}",
                    ) from None
                missing = getattr(rec.raw_stream, "limit", 0)
                if len(raw) <= cap and missing > 0:
                    # warcio returns a short payload, without error, when the file is cut off.
                    raise InputError(
                        f"record is truncated ({missing} bytes missing): the file is cut off",
                        file=self.path,
                        field=f"record {number}",
                    )
                if len(raw) > cap:
                    yield ArticleProblem(
                        InputError(
                            f"payload is over the size cap of {size_text(cap)}",
                            file=self.path,
                            field=f"record {number}",
                            setting=self._line_setting(),
                        )
                    )
                    continue
                yield RawArticle(
                    path=self.path,
                    identity=f"{self.resolved}#{record_id}",
                    kind=kind,
                    raw=raw,
                    record=number,
                    offset=offset,
                    url=url,
                    declared_encoding=_charset(ctype),
                    warc_record_id=record_id,
                )


def discover(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    follow_links: bool = False,
) -> Iterator[SourceFile | SkippedFile | InputError]:
    """Expand files and folders (recursively, sorted) into input files, lazily.

    A path that does not exist or cannot be listed, a file named explicitly whose type is not
    supported, and anything that is not a regular file (a FIFO, a device, a socket, a symbolic
    link loop) yields an :class:`InputError`; unsupported files found inside folders yield a
    :class:`SkippedFile`.

    Symbolic links inside a folder are followed only when they stay inside the given folders;
    one that points out of them yields a :class:`SkippedFile` saying so, unless
    ``follow_links`` (a followed link to a folder is walked once, however many links lead
    to it). A path named explicitly is read wherever it points. Each file is read within
    ``limits`` (``max_bytes``, when given, overrides ``limits.max_bytes``).
    """
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    given = [os.fspath(p) for p in paths]
    roots = tuple(os.path.realpath(p) for p in given if os.path.isdir(p))
    for path in given:
        if os.path.isdir(path):
            yield from _walk(path, limits, roots, follow_links)
        elif os.path.lexists(path):
            fmt = format_of(path)
            if fmt is None:
                yield InputError(
                    "unsupported file type (expected .txt, .html, .htm, .jsonl, .jsonl.gz, "
                    ".warc or .warc.gz)",
                    file=safe_path(path),
                )
            else:
                yield _source_or_error(path, fmt, limits)
        else:
            yield InputError("no such file or directory", file=safe_path(path))


def count_files(paths: Iterable[str | os.PathLike[str]], *, follow_links: bool = False) -> int:
    """How many supported input files ``paths`` expand to (for a progress bar's total)."""
    return sum(
        1 for item in discover(paths, follow_links=follow_links) if isinstance(item, SourceFile)
    )


def safe_path(path: str) -> str:
    """``path`` as text any database and terminal take: a name that is not valid UTF-8 (read
    by Python with surrogate escapes) has each undecodable byte written as ``\\xNN``.

    >>> safe_path("a/b.txt"), safe_path(os.fsdecode(b"bad\\xffname.txt"))
    ('a/b.txt', 'bad\\\\xffname.txt')
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _source_or_error(path: str, fmt: Format, limits: InputLimits) -> SourceFile | InputError:
    """A :class:`SourceFile` when ``path`` is a regular file (after links), else the error."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return InputError(_os_reason(exc), file=safe_path(path))
    if not stat.S_ISREG(mode):
        return InputError(_not_regular(mode), file=safe_path(path))
    return SourceFile(path, fmt, limits=limits)


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    what = (
        "a FIFO" if stat.S_ISFIFO(mode) else
        "a character device" if stat.S_ISCHR(mode) else
        "a block device" if stat.S_ISBLK(mode) else
        "a socket" if stat.S_ISSOCK(mode) else "something else"
    )
    return f"not a regular file ({what}): only regular files are read"


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _walk(
    root: str, limits: InputLimits, roots: tuple[str, ...], follow_links: bool
) -> Iterator[SourceFile | SkippedFile | InputError]:
    seen = {os.path.realpath(root)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield InputError(_os_reason(exc), file=safe_path(folder))
            continue
        subfolders: list[str] = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or is_sidecar(name):
                continue
            full = entry.path
            try:
                is_link = entry.is_symlink()
                mode = os.stat(full).st_mode
            except OSError as exc:
                yield InputError(_os_reason(exc), file=safe_path(full))
                continue
            if is_link:
                target = os.path.realpath(full)
                if not follow_links and not _inside(target, roots):
                    yield SkippedFile(
                        safe_path(full),
                        "symbolic link out of the given folders, not followed (--follow-links)",
                    )
                    continue
                if stat.S_ISDIR(mode):
                    # Inside the given folders: walked there. Followed: walked once.
                    if follow_links and target not in seen and not _inside(target, roots):
                        seen.add(target)
                        subfolders.append(full)
                    continue
            if stat.S_ISDIR(mode):
                seen.add(os.path.realpath(full))
                subfolders.append(full)
                continue
            fmt = format_of(name)
            if fmt is None:
                yield SkippedFile(safe_path(full), UNSUPPORTED)
            elif not stat.S_ISREG(mode):
                yield InputError(_not_regular(mode), file=safe_path(full))
            else:
                yield SourceFile(full, fmt, limits=limits)
        stack.extend(reversed(subfolders))


def _open_regular(path: str) -> IO[bytes]:
    """Open ``path`` for reading, refusing (without blocking) anything but a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(_not_regular(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _gzip_error(path: str, line: int, exc: BaseException) -> InputError:
    detail = _first_line(str(exc)) or type(exc).__name__
    return InputError(f"broken gzip stream: {detail}", file=path, line=line)


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


__all__ = [
    "DEFAULT_MAX_BYTES",
    "UNSUPPORTED",
    "ArticleProblem",
    "Kind",
    "RawArticle",
    "SkippedFile",
    "SourceFile",
    "count_files",
    "discover",
    "format_of",
]
