"""The web workbench from Python: ``accord.serve`` (``accord serve``).

>>> import accord
>>> accord.serve("missing.db")
Traceback (most recent call last):
...
accord.errors.InputError: missing.db: db: no such database (run `accord ingest` first)
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.web.page_cache import DEFAULT_ENTRIES, DEFAULT_MB

#: Addresses only this machine can reach.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def exposure_warning(host: str, read_only: bool = False) -> str | None:
    """What binding ``host`` exposes (the workbench has no login), or None for a local one."""
    if host in LOCAL_HOSTS:
        return None
    return (
        f"binding {host}: anyone who can reach this address can read the corpus"
        + ("" if read_only else " and edit the actor registry")
        + " (the workbench has no login)"
    )


def workbench(
    db: str | os.PathLike[str] | None = None,
    model: Sequence[str | os.PathLike[str]] = (),
    *,
    registry: str | os.PathLike[str] | None = None,
    read_only: bool = False,
    page_cache_mb: float = DEFAULT_MB,
    page_cache_entries: int = DEFAULT_ENTRIES,
) -> Any:
    """The workbench's ASGI application over database ``db`` (a path or SQLAlchemy URL,
    default ./accord.db, which must exist) and the ``model`` files; for any ASGI server.
    ``page_cache_mb`` and ``page_cache_entries`` bound the cache of rendered read pages
    (SQLite databases only; either 0 turns it off)."""
    if page_cache_mb < 0 or page_cache_entries < 0:
        raise InputError("the page cache's limits must be 0 (off) or more",
                         field="page_cache_mb")
    from accord.store.db import resolve_url
    from accord.web.app import create_app

    url = resolve_url(None if db is None else str(db))
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise InputError("no such database (run `accord ingest` first)",
                         file=str(db or url), field="db")
    for m in model:
        if not Path(m).is_file():
            raise InputError("no such model file", file=str(m), field="model")
    return create_app(db or url, list(model), registry=registry, read_only=read_only,
                      page_cache_mb=page_cache_mb, page_cache_entries=page_cache_entries)


def serve(
    db: str | os.PathLike[str] | None = None,
    model: Sequence[str | os.PathLike[str]] = (),
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    registry: str | os.PathLike[str] | None = None,
    read_only: bool = False,
    workers: int = 1,
    page_cache_mb: float = DEFAULT_MB,
    page_cache_entries: int = DEFAULT_ENTRIES,
    on_warning: Callable[[str], None] | None = None,
    on_start: Callable[[str], None] | None = print,
) -> None:
    """Run the web workbench until interrupted (``accord serve``): articles, actors,
    candidates, quotes, events, positions, figures, models with forecasts, bargaining, what-if
    and reports; JSON API under /api.

    Binds 127.0.0.1 unless told otherwise; any other address is reported through
    ``on_warning`` (default: :func:`warnings.warn`), since the workbench has no login.
    ``on_start`` receives the line announcing the address. ``registry`` is the actor registry
    that candidate review edits; ``read_only`` refuses every write. ``workers`` > 1 starts
    that many server processes on the one address (each keeps its own model and report
    caches; they share the CSRF secret). ``page_cache_mb`` (default 64) and
    ``page_cache_entries`` (default 5000) bound each process's cache of rendered article,
    search, actor and item-list pages, which is keyed by the database's state (the SQLite
    file's data version, PostgreSQL's current snapshot) and the registry file (never stale);
    0 turns it off.
    """
    if workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}", field="workers")
    web = workbench(db, model, registry=registry, read_only=read_only,
                    page_cache_mb=page_cache_mb, page_cache_entries=page_cache_entries)
    import uvicorn

    exposed = exposure_warning(host, read_only)
    if exposed is not None:
        if on_warning is None:
            warnings.warn(exposed, stacklevel=2)
        else:
            on_warning(exposed)
    if on_start is not None:
        on_start(f"accord workbench on http://{host}:{port}/  (Ctrl-C to stop)")
    if workers == 1:
        uvicorn.run(web, host=host, port=port, log_level="warning")
        return
    import json
    import secrets

    from accord.web.app import WORKBENCH_ENV

    wb = web.state.workbench
    os.environ[WORKBENCH_ENV] = json.dumps({
        "db": wb.db, "models": [str(e.path) for e in wb.models.values()],
        "registry": wb.registry_option, "read_only": wb.read_only,
        "secret": secrets.token_hex(32),
        "page_cache_mb": page_cache_mb, "page_cache_entries": page_cache_entries,
    })
    wb.engine.dispose()
    from accord.web.processes import run_processes

    code = run_processes(workers, host, port)
    if code:
        raise SystemExit(code)


__all__ = ["exposure_warning", "serve", "workbench"]
