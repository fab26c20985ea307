"""Fixtures for the workbench tests: a live uvicorn server on a free loopback port and one
Chromium (Debian's, driven by Playwright) per test session."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples" / "ukraine-2025" / "model.yaml"
CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"

# Recorded by every page before any of its own code runs: dialogs are caught by Playwright, and
# these catch a payload that writes window.__pwned or a blocked inline script / handler (a CSP
# violation means article text reached the page as markup, even if the policy stopped it).
HOSTILE_PROBE = """
window.__xss_hits = [];
Object.defineProperty(window, '__pwned', {
  configurable: false,
  set: function (v) { window.__xss_hits.push('pwned:' + v); },
  get: function () { return undefined; }
});
document.addEventListener('securitypolicyviolation', function (e) {
  window.__xss_hits.push('csp:' + e.violatedDirective + ':' + (e.blockedURI || '') + ':' +
                         (e.sample || ''));
});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving an app in a thread on 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of the packaged actor registry (candidate review edits it)."""
    from accord.extract.registry_location import PACKAGED

    path = tmp_path_factory.mktemp("registry") / "actors.yaml"
    shutil.copy(PACKAGED, path)
    return path


@pytest.fixture(scope="session")
def live_server(workbench_db: Path, registry_file: Path) -> Iterator[LiveServer]:
    """The workbench over the sample + hostile corpus and the Ukraine model."""
    from accord.web.app import create_app

    app = create_app(workbench_db, [MODEL], registry=registry_file)
    # The model's analysis (bargaining over two tracks) takes seconds, more on a busy machine:
    # compute it before the browser asks, so page loads measure pages, not the solver.
    app.state.workbench.analysis("ukraine-2025")
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright. Missing locally: skip; missing in CI: fail."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: `make browser` installs it (CI must not skip)")
        pytest.skip(f"{CHROMIUM} not installed (run `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


class Guarded:
    """A browser page that records dialogs, pwned writes and CSP violations."""

    def __init__(self, page: Any) -> None:
        self.page = page
        page.set_default_timeout(120_000)  # shared 2-core CI machines can be very slow
        self.dialogs: list[str] = []
        page.on("dialog", self._dialog)
        page.add_init_script(HOSTILE_PROBE)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def visit(self, url: str) -> Any:
        """Load ``url``, fail on an HTTP error, and return the page."""
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        self.page.wait_for_load_state("load")
        return self.page

    def hits(self) -> list[str]:
        """Everything hostile that happened on the current page, plus dialogs so far."""
        return [*self.page.evaluate("window.__xss_hits || []"), *self.dialogs]


@pytest.fixture()
def guarded(browser: Any) -> Iterator[Guarded]:
    """A fresh browser context and page with the hostile-input probes installed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield Guarded(context.new_page())
    finally:
        context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a screenshot under tests/artifacts (copied to docs/screenshots for the README)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
