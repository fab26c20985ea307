"""warcio's archive iterator, made safe for hostile WARC files.

warcio assumes well-formed records:

* a ``response`` record without ``WARC-Target-URI`` raises ``AttributeError`` inside its parser
  (which also ends the iteration); here such a record is parsed without HTTP headers, so the
  reader can report it as one bad record and go on;
* header lines are read whole, however long (a 2 GB header line is held in memory); here a
  header block (the WARC and HTTP headers of one record, or the blank lines between records)
  is refused past ``max_header_bytes``;
* a ``.warc.gz`` is decompressed without limit; here past ``max_decompressed`` bytes in all the
  file is refused.

A refusal is an :class:`~accord.errors.InputError` without a location (the reader adds the
file and the record).
"""

from __future__ import annotations

from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.recordloader import ArcWarcRecordLoader

from accord.corpus.limits import InputLimits, size_text
from accord.errors import InputError


class _Loader(ArcWarcRecordLoader):  # type: ignore[misc]
    def load_http_headers(self, rec_type: Any, uri: Any, stream: Any, length: Any) -> Any:
        if uri is None:  # no WARC-Target-URI: nothing says the payload is HTTP
            return None
        return super().load_http_headers(rec_type, uri, stream, length)


class BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader with a cap on header lines (``header_bytes`` since the last
    :meth:`start_headers`) and on the decompressed total."""

    def __init__(self, stream: IO[bytes], limits: InputLimits) -> None:
        super().__init__(stream)
        self.limits = limits
        self.header_bytes = 0
        self.decompressed = 0

    def start_headers(self) -> None:
        """Start counting a new header block."""
        self.header_bytes = 0

    def readline(self, length: int | None = None) -> bytes:
        cap = self.limits.max_header_bytes
        if length is None or length <= 0 or length > cap + 1:
            length = cap + 1
        line: bytes = super().readline(length)
        self.header_bytes += len(line)
        if len(line) > cap or self.header_bytes > cap:
            what = "header line" if len(line) > cap else "header block"
            raise InputError(
                f"{what} is over the size cap of {size_text(cap)}", setting="max_header_bytes"
            )
        return line

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        self.decompressed += self.buff_size
        cap = self.limits.max_decompressed
        if self.decompressed > cap:
            raise InputError(
                f"decompresses to more than {size_text(cap)}, over the cap",
                setting="max_decompressed",
            )


def archive_iterator(fh: IO[bytes], limits: InputLimits) -> tuple[ArchiveIterator, BoundedReader]:
    """An :class:`~warcio.archiveiterator.ArchiveIterator` over ``fh`` (plain or gzipped
    WARC) within ``limits``, that does not fail on a record without ``WARC-Target-URI``, and
    its reader (call :meth:`BoundedReader.start_headers` before reading each header block)."""
    iterator = ArchiveIterator(fh)
    iterator.loader = _Loader(verify_http=False, arc2warc=False)
    reader = BoundedReader(iterator.fh, limits)
    iterator.reader = reader
    return iterator, reader


__all__ = ["BoundedReader", "archive_iterator"]
