"""Article metadata carried by a plain-text (or HTML) file: front matter or a sidecar file.

A ``.txt`` file has no header of its own, so nothing in it says where it was published or when,
and every relative date in it ("on Tuesday", "his previous trip on August 6") stays unresolved.
Two ways to carry that metadata, both read by :class:`~accord.corpus.readers.SourceFile`:

* **front matter** — a YAML block between two ``---`` lines at the very top of a ``.txt`` file
  (the Jekyll/Hugo convention). The block is metadata, not article text: it is removed from the
  stored raw bytes and the article's ``source_offset`` says where the body starts in the file;
* **sidecar** — a YAML file next to the article, named after it plus ``.meta.yaml``
  (``article.txt.meta.yaml``, ``page.html.meta.yaml``); it wins over front matter field by field.

Recognised keys (others — ``author``, ``tags`` … — are ignored):

=============  ========================================================================
``title``      the headline
``url``        where the article was published
``outlet``     the publication (``source`` is accepted as a synonym)
``published``  publication date, ISO ``YYYY-MM-DD`` (``date`` is accepted as a synonym)
=============  ========================================================================

A wrong value is an :class:`~accord.errors.InputError` naming file, line and field. A leading
``---`` block that is not a YAML mapping with at least one recognised key is not front matter:
the file is read as it is.

>>> meta, body_at = parse_front_matter(
...     b"---\\ntitle: Rubio in Geneva\\npublished: 2025-11-23\\n---\\nU.S. Secretary ...", "a.txt")
>>> meta.title, meta.published.isoformat(), body_at
('Rubio in Geneva', '2025-11-23', 53)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import yaml

from accord.errors import InputError

SIDECAR_SUFFIX = ".meta.yaml"
MAX_FRONT_MATTER_BYTES = 16 * 1024
_KEYS = {"title": "title", "url": "url", "outlet": "outlet", "source": "outlet",
         "published": "published", "date": "published"}
_OPEN = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n")
_CLOSE = re.compile(rb"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Title, URL, outlet and publication date given with an article (any may be None)."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None

    def merged(self, other: ArticleMeta) -> ArticleMeta:
        """This metadata with every field ``other`` gives replacing ours."""
        return replace(
            self,
            **{k: getattr(other, k) for k in ("title", "url", "outlet", "published")
               if getattr(other, k) is not None},
        )


def parse_front_matter(raw: bytes, path: str) -> tuple[ArticleMeta | None, int]:
    """``(metadata, body offset)`` of a file's leading ``---`` block; ``(None, 0)`` if none."""
    opened = _OPEN.match(raw)
    if opened is None:
        return None, 0
    close = _CLOSE.search(raw, opened.end(), min(len(raw), MAX_FRONT_MATTER_BYTES))
    if close is None:
        return None, 0
    block = raw[opened.end():close.start()]
    try:
        data = yaml.safe_load(block.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return None, 0  # a text that merely starts with a rule line
    except (ValueError, OverflowError, RecursionError):  # e.g. the date 2025-02-30
        data = _as_strings(block.decode("utf-8"))
    if not isinstance(data, dict) or not any(str(k).lower() in _KEYS for k in data):
        return None, 0
    first_line = raw[:opened.end()].count(b"\n") + 1
    lines = _key_lines(block.decode("utf-8"), first_line)
    return _meta_from(data, path, lines), close.end()


def read_sidecar(article_path: str) -> ArticleMeta | None:
    """Metadata from ``<article_path>.meta.yaml`` when that file exists, else None."""
    side = article_path + SIDECAR_SUFFIX
    if not os.path.isfile(side):
        return None
    try:
        with open(side, encoding="utf-8") as fh:
            text = fh.read(MAX_FRONT_MATTER_BYTES + 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read metadata file: {exc}", file=side) from None
    try:
        data = yaml.safe_load(text)
    except (ValueError, OverflowError, RecursionError):  # e.g. the date 2025-02-30
        data = _as_strings(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}", file=side,
            line=mark.line + 1 if mark is not None else None,
        ) from None
    if data is None:
        return ArticleMeta()
    if not isinstance(data, dict):
        raise InputError("expected a mapping of title, url, outlet, published", file=side, line=1)
    return _meta_from(data, side, _key_lines(text, 1))


def is_sidecar(name: str) -> bool:
    """Whether a file name is a metadata sidecar (not an article of its own)."""
    return name.lower().endswith(SIDECAR_SUFFIX)


def _as_strings(text: str) -> Any:
    """``text`` read as YAML with every value a string (for a value PyYAML cannot construct,
    such as the date 2025-02-30, which the field check then reports where it is)."""
    try:
        return yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - builds strings only
    except (yaml.YAMLError, RecursionError):
        return None


def _key_lines(text: str, first_line: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, line in enumerate(text.splitlines()):
        m = re.match(r"([A-Za-z_]+)\s*:", line)
        if m and m.group(1).lower() not in out:
            out[m.group(1).lower()] = first_line + i
    return out


def _meta_from(data: dict[Any, Any], path: str, lines: dict[str, int]) -> ArticleMeta:
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = _KEYS.get(str(key).lower())
        if name is None or value is None:
            continue
        line = lines.get(str(key).lower())
        if name == "published":
            values[name] = _date(value, path, line, str(key))
        else:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise InputError(f"expected text, got {type(value).__name__}", file=path,
                                 line=line, field=str(key))
            text = str(value).strip()
            if name == "url" and text and not re.match(r"[a-z][a-z0-9+.-]*://", text, re.I):
                raise InputError(f"not a URL: {text!r}", file=path, line=line, field=str(key))
            problem = url_problem(text) if name == "url" and text else None
            if problem is not None:
                raise InputError(problem, file=path, line=line, field=str(key))
            values[name] = text or None
    return ArticleMeta(**values)


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be read as a URL (its host cannot be parsed), or None.

    >>> url_problem("https://example.org/a"), url_problem("http://[::1")
    (None, "not a valid URL ('http://[::1'): Invalid IPv6 URL")
    """
    try:
        urlsplit(url).hostname  # noqa: B018 - parsing the host is the check
    except ValueError as exc:
        shown = url if len(url) <= 80 else url[:77] + "..."
        return f"not a valid URL ({shown!r}): {exc}"
    return None


def _date(value: Any, path: str, line: int | None, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"not an ISO date (YYYY-MM-DD): {value!r}", file=path, line=line,
                         field=key) from None


__all__ = [
    "ArticleMeta", "SIDECAR_SUFFIX", "is_sidecar", "parse_front_matter", "read_sidecar",
    "url_problem",
]
