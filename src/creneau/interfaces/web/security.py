"""Login, session and CSRF protection of the web app.

The session is Starlette's signed cookie (``SessionMiddleware``, itsdangerous): it holds
the CSRF token, the page language and, once she has logged in, ``user``. Every unsafe
request of a page form (POST) must carry the session's CSRF token in its ``csrf_token``
field, else it is refused with 403 (the synchronizer token pattern, OWASP CSRF
Prevention Cheat Sheet). When a web password is set, every page but the login page, the
static files and the calendar feed needs the login; a login lasts ``web.session_hours``
at most and ends after ``web.idle_minutes`` without a request (OWASP Session Management
Cheat Sheet: absolute and idle timeouts, checked on the server, not only by the cookie's
age). The cookie is HttpOnly and SameSite=Lax, and Secure when ``web.https`` is set.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import HTTPException, Request

from creneau.services.web_access import has_password
from creneau.settings import Settings

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


def log_in(request: Request) -> None:
    """Mark the session logged in, from now (wall clock, seconds)."""
    now = request.app.state.web.wall()
    request.session.update(user=True, login_at=now, seen=now)


def log_out(request: Request) -> None:
    """Forget the login of the session (its CSRF token and language stay)."""
    for key in ("user", "login_at", "seen"):
        request.session.pop(key, None)


def session_expired(session: dict[str, Any], now: float, settings: Settings) -> bool:
    """Whether a logged-in session is too old: logged in more than ``web.session_hours``
    ago, or no request for more than ``web.idle_minutes`` (or its times are missing).

    Args:
        session: the session's values (``login_at`` and ``seen``: Unix times, seconds).
        now: the Unix time now, in seconds.
        settings: the stored settings.
    """
    login_at, seen = session.get("login_at"), session.get("seen")
    if not isinstance(login_at, int | float) or not isinstance(seen, int | float):
        return True
    lifetime = int(settings.values["web.session_hours"]) * 3600
    idle = int(settings.values["web.idle_minutes"]) * 60
    return now - login_at > lifetime or now - seen > idle


def logged_in(request: Request) -> bool:
    """Whether the request may see the pages: no password is set, or she logged in and
    the login has not expired (see :func:`session_expired`; each request counts as
    activity)."""
    state = request.app.state.web
    settings = state.settings()
    if request.session.get("user") is True:
        now = state.wall()
        if not session_expired(request.session, now, settings):
            request.session["seen"] = now
            return True
        log_out(request)
    return not has_password(settings)


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
