"""Guards around every request of the web app: security headers and the body size limit.

Both are plain ASGI middlewares (no buffering of the response):

- :class:`SecurityHeaders` adds a Content-Security-Policy that allows scripts, styles and
  images from the app itself only (no inline script or style: the pages' JavaScript and
  CSS are static files), refuses framing (``frame-ancestors 'none'`` and the older
  ``X-Frame-Options: DENY``), sends no referrer to other sites and forbids MIME sniffing
  (OWASP HTTP Headers Cheat Sheet; CSP Level 3, W3C).
- :class:`BodyLimit` refuses a request body larger than the limit with 413, while it is
  read: a declared ``Content-Length`` above the limit is refused before any byte is read,
  and a chunked body is counted as it arrives, so that a huge upload never fills her disk
  (Starlette spools uploaded files to temporary files without a limit of its own).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
"""The pages' policy: everything from the app itself, nothing inline, never framed."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
"""The headers every response carries (set here, replacing any the route set)."""


class SecurityHeaders:
    """ASGI middleware: :data:`SECURITY_HEADERS` on every HTTP response.

    Args:
        app: the wrapped ASGI app.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = [*kept, *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    """A request body above the limit (413; the app shows its error page).

    Args:
        limit_bytes: the limit, in bytes.
    """

    def __init__(self, limit_bytes: int) -> None:
        super().__init__(status_code=413, detail=f"request body above {limit_bytes} bytes")
        self.limit_bytes = limit_bytes


class BodyLimit:
    """ASGI middleware: refuse (413) a request body of more than ``limit_bytes``.

    The refusal is raised from the app's own reading of the body (``receive``), so the
    app's exception handler renders it; the rest of the body is never read.

    Args:
        app: the wrapped ASGI app.
        limit_bytes: the largest body accepted, in bytes (the whole multipart form).
    """

    def __init__(self, app: ASGIApp, limit_bytes: int) -> None:
        self.app = app
        self.limit_bytes = limit_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_large = declared is not None and declared.isdigit() and int(declared) > self.limit_bytes
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            if too_large:
                raise BodyTooLarge(self.limit_bytes)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit_bytes:
                    raise BodyTooLarge(self.limit_bytes)
            return message

        await self.app(scope, counting_receive, send)
