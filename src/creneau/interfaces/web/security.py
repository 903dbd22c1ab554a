"""Login, session and CSRF protection of the web app.

The session is Starlette's signed cookie (``SessionMiddleware``, itsdangerous): it holds
the CSRF token, the page language and, once she has logged in, ``user``. Every unsafe
request of a page form (POST) must carry the session's CSRF token in its ``csrf_token``
field, else it is refused with 403 (the synchronizer token pattern, OWASP CSRF
Prevention Cheat Sheet). When a web password is set, every page but the login page, the
static files and the calendar feed needs the login.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import HTTPException, Request

from creneau.services.web_access import has_password

CSRF_FIELD = "csrf_token"
"""The form field that carries the CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    session: dict[str, Any] = request.session
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse (403) a POST whose form has no or another CSRF token than the session's.

    Raises:
        HTTPException: 403.
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = request.session.get("csrf")
    if (
        not isinstance(sent, str)
        or not isinstance(expected, str)
        or not hmac.compare_digest(sent.encode(), expected.encode())
    ):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token")


class LoginRequired(Exception):
    """A page needs the login (handled by a redirect to the login page, or 401 for the API).

    Args:
        path: the page asked for (to come back to after the login).
    """

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def logged_in(request: Request) -> bool:
    """Whether the request may see the pages: no password is set, or she logged in."""
    if request.session.get("user") is True:
        return True
    return not has_password(request.app.state.web.settings())


class ProxyNeedsPassword(Exception):
    """A request came through a reverse proxy (it says whom it forwards for) while no web
    password is set: anyone reaching the proxy would get in (answered with 403)."""


FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")
"""Headers a reverse proxy adds (RFC 7239's ``Forwarded`` and the common ``X-`` ones)."""


def forwarded(request: Request) -> bool:
    """Whether the request came through a reverse proxy."""
    return any(name in request.headers for name in FORWARDING_HEADERS)


async def require_login(request: Request) -> None:
    """Dependency of every protected route.

    Raises:
        ProxyNeedsPassword: through a reverse proxy, without a password set.
        LoginRequired: when a password is set and she has not logged in.
    """
    if forwarded(request) and not has_password(request.app.state.web.settings()):
        raise ProxyNeedsPassword
    if not logged_in(request):
        query = request.url.query
        raise LoginRequired(f"{request.url.path}?{query}" if query else request.url.path)
