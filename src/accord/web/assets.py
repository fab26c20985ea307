"""The workbench's own static files (its stylesheet and script), served from memory.

Starlette's ``StaticFiles`` stats, opens, reads and closes the file on worker threads: four
thread hops per request, which made a 3 kB stylesheet cost 1.4 ms of server CPU, more than
five times a cached API answer, on every page a browser loads. These files ship with the
package and are a few kB: they are read once and served from the event loop. Each request
still stats its file (microseconds, no thread) and rereads it when it changed, so an edited
file is served at once; a file added after start-up is not served (the names are listed once,
which also means no request path ever reaches the file system).
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from pathlib import Path

from fastapi import HTTPException, Request
from fastapi.responses import Response

#: Browsers revalidate (a 304 costs no body) rather than keep a stale stylesheet or script.
CACHE_CONTROL = "no-cache"


class StaticAssets:
    """The files directly in ``directory``, by name, with their type and ETag."""

    def __init__(self, directory: Path) -> None:
        self._paths = {p.name: p for p in sorted(directory.iterdir()) if p.is_file()}
        self._cache: dict[str, tuple[tuple[int, int, int], bytes, str, str]] = {}
        self._lock = threading.Lock()

    def _load(self, name: str) -> tuple[bytes, str, str]:
        from accord.web.app import file_signature

        path = self._paths.get(name)
        if path is None:
            raise HTTPException(404, "Not Found")
        try:
            signature = file_signature(path)
        except OSError:
            raise HTTPException(404, "Not Found") from None
        cached = self._cache.get(name)
        if cached is None or cached[0] != signature:
            body = path.read_bytes()
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith("javascript"):
                kind += "; charset=utf-8"
            etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            cached = (signature, body, kind, etag)
            with self._lock:
                self._cache[name] = cached
        return cached[1], cached[2], cached[3]

    def response(self, request: Request, name: str) -> Response:
        """The file ``name`` (404 if it is not one of the files), or 304 when the browser's
        copy is current."""
        body, kind, etag = self._load(name)
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=kind, headers=headers)
