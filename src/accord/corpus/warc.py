"""warcio's archive iterator, made safe for hostile WARC files.

warcio assumes well-formed records: a ``response`` record without ``WARC-Target-URI`` raises
``AttributeError`` inside its parser (which also ends the iteration). Here such a record is
parsed without HTTP headers, so the reader can report it as one bad record and go on.
"""

from __future__ import annotations

from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecordLoader


class _Loader(ArcWarcRecordLoader):  # type: ignore[misc]
    def load_http_headers(self, rec_type: Any, uri: Any, stream: Any, length: Any) -> Any:
        if uri is None:  # no WARC-Target-URI: nothing says the payload is HTTP
            return None
        return super().load_http_headers(rec_type, uri, stream, length)


def archive_iterator(fh: IO[bytes]) -> ArchiveIterator:
    """An :class:`~warcio.archiveiterator.ArchiveIterator` over ``fh`` (plain or gzipped
    WARC) that does not fail on a record without ``WARC-Target-URI``."""
    iterator = ArchiveIterator(fh)
    iterator.loader = _Loader(verify_http=False, arc2warc=False)
    return iterator


__all__ = ["archive_iterator"]
