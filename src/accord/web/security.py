"""Security of the workbench: response headers (a strict Content-Security-Policy without
``unsafe-inline``, no MIME sniffing, no framing, no referrer) and CSRF tokens for the only
writes (candidate review).

The CSRF token is an HMAC of a random per-browser cookie under a per-process secret: a form
carries it, the POST handler recomputes it from the cookie. A page on another site can neither
read the cookie (SameSite=Strict, HttpOnly) nor the token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; connect-src 'self'"
)
SESSION_COOKIE = "accord_session"


class Tokens:
    """Issues and checks CSRF tokens bound to the browser's session cookie."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def token(self, session: str) -> str:
        """The CSRF token of ``session``."""
        return hmac.new(self._secret, session.encode(), hashlib.sha256).hexdigest()

    def check(self, session: str | None, token: str | None) -> bool:
        """True when ``token`` belongs to ``session``."""
        if not session or not token:
            return False
        return hmac.compare_digest(self.token(session), token)


class SecurityHeaders:
    """Adds the headers to every response and the session cookie to browsers without one.

    A response that sets its own Content-Security-Policy (the standalone report allows its
    inline style by hash) keeps it. A plain ASGI middleware: it only rewrites the response's
    start message (no second task and no body buffering per request).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        had = Request(scope).cookies.get(SESSION_COOKIE)
        session = had or secrets.token_urlsafe(24)
        scope.setdefault("state", {})["session"] = session

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                if "content-security-policy" not in h:
                    h["Content-Security-Policy"] = CSP
                h["X-Content-Type-Options"] = "nosniff"
                h["X-Frame-Options"] = "DENY"
                h["Referrer-Policy"] = "no-referrer"
                h["Cross-Origin-Opener-Policy"] = "same-origin"
                if had != session:
                    cookie = Response()
                    cookie.set_cookie(
                        SESSION_COOKIE, session, httponly=True, samesite="strict", path="/"
                    )
                    h.append("set-cookie", cookie.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, send_with_headers)
