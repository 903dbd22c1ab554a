"""The web app: ``create_app(services)``, its error mapping, login and language switch.

Pages are server-rendered (Jinja2) and work without JavaScript; the JSON API under
``/api`` is documented by FastAPI's OpenAPI schema (``/openapi.json``; FastAPI's
``/docs`` and ``/redoc`` pages are off: they load their scripts from a CDN with an inline
script, which the pages' Content-Security-Policy forbids, and nothing of the app may come
from outside).
User errors (:class:`~creneau.domain.errors.CreneauError`) become HTTP statuses here, in
one place (:data:`STATUS_OF`): never a server error (5xx) for a user's mistake.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from creneau.domain.errors import (
    AmbiguousError,
    CreneauError,
    ImportFailed,
    InputError,
    NotFoundError,
)
from creneau.interfaces.web import api, pages_catalog, pages_plan, pages_reports, pages_settings
from creneau.interfaces.web.colours import colours_css
from creneau.interfaces.web.forms import PostedForm, local_back
from creneau.interfaces.web.guards import BodyLimit, BodyTooLarge, SecurityHeaders
from creneau.interfaces.web.i18n import LANGUAGES, N_
from creneau.interfaces.web.rendering import gettext, render, see_other, web
from creneau.interfaces.web.security import (
    LoginRequired,
    ProxyNeedsPassword,
    check_csrf,
    log_in,
    log_out,
    require_login,
)
from creneau.interfaces.web.state import Planner, Reader, WebState
from creneau.interfaces.web.week import grid_css
from creneau.services.context import ServiceContext
from creneau.services.web_access import session_key, verify_password

STATIC = Path(__file__).parent / "static"

STATUS_OF: tuple[tuple[type[CreneauError], int], ...] = (
    (NotFoundError, 404),
    (AmbiguousError, 409),
    (ImportFailed, 400),
    (InputError, 400),
    (CreneauError, 400),
)
"""HTTP status of each user error (the first class that matches): the one mapping. (422
stays FastAPI's own: a query parameter of the wrong type or shape.)"""


def status_of(error: CreneauError) -> int:
    """The HTTP status (4xx) of a user error."""
    return next(code for kind, code in STATUS_OF if isinstance(error, kind))


def error_json(error: CreneauError) -> dict[str, Any]:
    """A user error as the API's JSON body: ``detail`` and, when known, where."""
    body: dict[str, Any] = {"detail": error.message, "error": type(error).__name__}
    if isinstance(error, InputError):
        body.update(file=error.file, line=error.line, field=error.field)
    if isinstance(error, ImportFailed):
        body["errors"] = [str(e) for e in error.errors]
    return body


LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
"""This computer's own names: always allowed in the ``Host`` header."""

HTTP_MESSAGES = {
    403: N_("This form has expired: reload the page and try again."),
    404: N_("This page does not exist."),
    405: N_("This address does not take this kind of request."),
}
"""The page's message for the framework's HTTP errors (403 is the CSRF check's)."""
HTTP_OTHER = N_("The request could not be handled.")


def _translated(request: Request, error: CreneauError) -> str:
    """A user error in the page language: the web app's own messages are in its
    catalogues (the others stay as the services wrote them), and where it happened."""
    message = gettext(request, error.message) if error.message else ""
    if not isinstance(error, InputError):
        return message
    where = [error.file] if error.file else []
    if error.line is not None:
        where.append(gettext(request, "line %(line)s") % {"line": error.line})
    if error.field:
        where.append(gettext(request, "field '%(field)s'") % {"field": error.field})
    return f"{', '.join(where)}: {message}" if where else message


def create_app(
    services: ServiceContext,
    *,
    clock: Callable[[], datetime] | None = None,
    database: Path | None = None,
    language: str | None = None,
    secret_key: str | None = None,
    hosts: Iterable[str] = (),
    wall: Callable[[], float] = time.time,
    replan_wait: float | None = None,
    planner: Planner | None = None,
    reader: Reader | None = None,
) -> FastAPI:
    """The web app on a service context.

    Args:
        services: the service context (see :func:`creneau.bootstrap.open_services`).
        clock: "now" (aware); the computer's clock when None. ``--now`` fixes it.
        database: the SQLite file, so that changes made by the CLI are seen at once.
        language: ``--lang`` (wins over the stored setting and the page switch).
        secret_key: signs the session cookie; when None, the key kept with her secrets
            (:func:`creneau.services.web_access.session_key`), so that a restart does
            not log her out.
        hosts: the names the app answers to besides this computer's own
            (:data:`LOCAL_HOSTS`) and the setting ``web.allowed_hosts``: the ``--host``
            address, or her network addresses when it listens on all of them. A request
            naming another host (the ``Host`` header) is refused with 400, which stops DNS
            rebinding.
        wall: the Unix time in seconds, for the sessions' ages (tests move it).
        replan_wait: seconds a change waits for its new plan; None: the setting
            ``web.replan_wait`` (see :class:`~creneau.interfaces.web.state.WebState`).
        planner: computes and saves the plans (``creneau serve``: in a child process,
            :func:`~creneau.interfaces.web.planner.child_planner`); None: in this process.
        reader: makes the pages' long reads (``creneau serve``: in another child process,
            :func:`~creneau.interfaces.web.planner.child_reader`); None: in this process.
    """
    app = FastAPI(
        title="Créneau",
        summary="Her plan, jobs and clients: the JSON API behind the web pages.",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = WebState(
        services=services,
        clock=clock or (lambda: datetime.now(UTC)),
        database=database,
        fixed_language=language,
        wall=wall,
        replan_wait=replan_wait,
        planner=planner,
        reader=reader,
    )
    settings = services.settings()
    # Starlette re-signs the cookie on every answer: its max_age is a sliding limit that
    # the browser also applies; the absolute and idle limits are checked in security.py
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or session_key(services),
        session_cookie="creneau_session",
        max_age=int(settings.values["web.session_hours"]) * 3600,
        same_site="lax",
        https_only=bool(settings.values["web.https"]),
    )
    allowed = settings.values["web.allowed_hosts"]
    app.add_middleware(
        TrustedHostMiddleware, allowed_hosts=[*LOCAL_HOSTS, *allowed, *hosts], www_redirect=False
    )
    app.add_middleware(BodyLimit, limit_bytes=int(settings.values["web.upload_mb"]) * 1024**2)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(WritesUnderWay)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    grid = grid_css()

    @app.get("/grid.css", include_in_schema=False)
    def grid_stylesheet() -> Response:
        """The week grid's places (classes, not inline styles: see the CSP)."""
        return Response(grid, media_type="text/css", headers={"cache-control": "max-age=3600"})

    tints = colours_css()

    @app.get("/colours.css", include_in_schema=False)
    def colours_stylesheet() -> Response:
        """The client colours past the palette of ``style.css`` (classes: see the CSP)."""
        return Response(tints, media_type="text/css", headers={"cache-control": "max-age=3600"})

    protected = [Depends(require_login), Depends(check_csrf)]
    for module in (pages_plan, pages_catalog, pages_reports, pages_settings):
        app.include_router(module.router, dependencies=protected, include_in_schema=False)
    app.include_router(api.router, prefix="/api", dependencies=[Depends(require_login)])
    app.include_router(pages_settings.feed_router, include_in_schema=False)
    _add_login(app)
    _add_error_handlers(app)
    return app


class WritesUnderWay:
    """ASGI middleware: marks the requests that may change her data (any method but GET,
    HEAD and OPTIONS) as under way while they run (:meth:`WebState.writing`), so that the
    pages read meanwhile show the lists kept instead of reading them too.

    Args:
        app: the wrapped ASGI app.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        state: WebState = scope["app"].state.web
        with state.writing():
            await self.app(scope, receive, send)


def _add_login(app: FastAPI) -> None:
    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> Response:
        return render(request, "login.html", next=local_back(next, "/"), failed=False)

    @app.post("/login", include_in_schema=False, dependencies=[Depends(check_csrf)])
    def login(request: Request, form: PostedForm) -> Response:
        sent = form.data.get("password")
        password = sent if isinstance(sent, str) else ""  # as typed: spaces count
        target = local_back(form.get("next"), "/")
        stored = str(web(request).settings().values["web.password_hash"])
        if stored and verify_password(password, stored):
            log_in(request)
            return see_other(target)
        return render(request, "login.html", status_code=401, next=target, failed=True)

    @app.post("/logout", include_in_schema=False, dependencies=[Depends(check_csrf)])
    def logout(request: Request) -> Response:
        log_out(request)
        return see_other("/login")

    @app.get("/lang/{code}", include_in_schema=False)
    def switch_language(request: Request, code: str, next: str = "/") -> Response:
        if code in LANGUAGES:
            request.session["lang"] = code
        return see_other(local_back(next, "/"))


def _add_error_handlers(app: FastAPI) -> None:
    def wants_json(request: Request) -> bool:
        return request.url.path.startswith(("/api/", "/feed/"))

    @app.exception_handler(CreneauError)
    def user_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CreneauError)
        status = status_of(exc)
        if wants_json(request):
            return JSONResponse(error_json(exc), status_code=status)
        lines = [str(e) for e in exc.errors] if isinstance(exc, ImportFailed) else []
        message = _translated(request, exc)
        referer = request.headers.get("referer")
        back = local_back(urlsplit(referer).path if referer else "", "/")
        return render(
            request,
            "error.html",
            status_code=status,
            message=message.split("\n")[0],
            lines=lines,
            back=back,
        )

    @app.exception_handler(LoginRequired)
    def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        if wants_json(request):
            return JSONResponse({"detail": "login required"}, status_code=401)
        return see_other(f"/login?next={quote(exc.path, safe='/')}")

    @app.exception_handler(ProxyNeedsPassword)
    def proxy_needs_password(request: Request, exc: Exception) -> Response:
        message = gettext(
            request,
            "Créneau is reached through a proxy but has no password: anyone reaching the "
            "proxy could see and change your data. Set a password first on the computer "
            "running it (creneau serve --set-password), then start it again.",
        )
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=403)
        return render(request, "error.html", status_code=403, message=message, lines=[], back="/")

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if wants_json(request) or request.url.path.startswith("/static/"):
            # its headers too: a 405 says which methods are allowed (RFC 9110 §15.5.6)
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        if isinstance(exc, BodyTooLarge):
            message = gettext(request, "This form is too large: at most %(mb)d MB.") % {
                "mb": exc.limit_bytes // 1024**2
            }
        else:
            message = gettext(request, HTTP_MESSAGES.get(exc.status_code, HTTP_OTHER))
        page = render(
            request,
            "error.html",
            status_code=exc.status_code,
            message=message,
            lines=[],
            back="/",
        )
        page.headers.update(exc.headers or {})
        return page
