"""Settings, import and the calendar feed.

Settings are checked all together before any is stored; a setting the plan depends on
replans at once. Imports take the same files as ``creneau import`` with the same checks:
each file all or nothing, every bad row named by file, line and field. The feed serves
the plan's ``.ics`` at ``/feed/<token>.ics`` (no login: the token is the secret).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response

from creneau.domain.errors import ImportFailed, InputError, NotFoundError
from creneau.interfaces.web.forms import PostedForm
from creneau.interfaces.web.i18n import LANGUAGES, N_
from creneau.interfaces.web.rendering import render, see_other, services, web
from creneau.services import catalog, importing, web_access
from creneau.services.importing import ImportReport
from creneau.services.publishing import describe
from creneau.settings import SPEC_BY_NAME, WEEKDAYS, changes_the_plan

router = APIRouter()
feed_router = APIRouter()

FORM_SETTINGS: tuple[str, ...] = (
    *(f"hours.{day}" for day in WEEKDAYS),
    "days_off",
    "plan.max_clients_per_day",
    "plan.min_block",
    "plan.pacing_days",
    "plan.attention_days",
    "risk.slack",
    "home.address",
    "language",
    "timezone",
)
"""The settings of the Settings page, in its order."""


def _feed_url(request: Request, token: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/feed/{token}.ics" if token else ""


def _settings_page(request: Request, *, saved: bool = False) -> Response:
    settings = web(request).settings()
    token = str(settings.values["web.feed_token"])
    return render(
        request,
        "settings.html",
        raw=settings.raw,
        specs=SPEC_BY_NAME,
        weekdays=WEEKDAYS,
        names=FORM_SETTINGS,
        feed_url=_feed_url(request, token),
        saved=saved,
        languages=LANGUAGES,
    )


@router.get("/settings")
def settings_page(request: Request, saved: int = 0) -> Response:
    """Working hours per weekday, days off, planning rules, home address, language, the
    calendar feed."""
    return _settings_page(request, saved=bool(saved))


@router.post("/settings")
def save_settings(request: Request, form: PostedForm) -> Response:
    """Store the changed settings (all checked first) and replan when the plan depends on
    one of them."""
    state = web(request)
    current = state.settings().raw
    changed = {
        name: form.get(name)
        for name in FORM_SETTINGS
        if name in form.data and form.get(name) != current[name]
    }
    catalog.set_settings(state.services, changed)  # all checked, then all stored, or none
    if "language" in changed:
        request.session.pop("lang", None)  # the stored language now speaks
    if any(changes_the_plan(name) for name in changed):
        state.replan()
    return see_other("/settings?saved=1")


@router.post("/settings/feed")
def feed_token(request: Request, form: PostedForm) -> Response:
    """Make a new feed token (``action=new``: the old URL stops working) or turn the feed
    off (``action=revoke``)."""
    ctx = web(request).services
    if form.get("action") == "revoke":
        web_access.revoke_feed_token(ctx)
    else:
        web_access.new_feed_token(ctx)
    return see_other("/settings#feed")


@feed_router.get("/feed/{token}.ics")
def feed(request: Request, token: str) -> Response:
    """The plan as an iCalendar feed (RFC 5545) for her calendar app to subscribe to.

    Raises:
        NotFoundError: no feed, or another token (404, nothing said about which).
    """
    state = web(request)
    ctx = state.services
    if not web_access.feed_token_matches(state.settings(), token):
        raise NotFoundError("feed", "this address")
    snap = state.snapshot()
    if ctx.plan_writer is None:
        raise NotFoundError("feed", "this address")
    body = ctx.plan_writer.render(describe(snap.report, snap.report.now))
    return Response(body, media_type="text/calendar; charset=utf-8")


@router.get("/import")
def import_page(request: Request) -> Response:
    """The import form (clients and jobs CSV, .ics calendar)."""
    return render(request, "import.html", reports=[], failures=[], upload_mb=_upload_mb(request))


def _upload_mb(request: Request) -> int:
    return int(web(request).settings().values["web.upload_mb"])


def _order(item: tuple[str, bytes], kind_of: Callable[[bytes, str], str]) -> int:
    """Clients first, then jobs (they name their clients), then calendars."""
    name, data = item
    if name.lower().endswith((".ics", ".ical", ".ifb", ".icalendar")):
        return 2
    try:
        kind = kind_of(data, name)
    except InputError:
        return 1
    return 0 if kind == "clients" else 1


@router.post("/import")
def import_files(request: Request, form: PostedForm) -> Response:
    """Import the uploaded files (clients first, then jobs, then calendars), each all or
    nothing; what was imported is planned at once, even when another file failed."""
    uploads = form.files("files")
    if not uploads:
        raise InputError(N_("choose one or more files (.csv, .ics)"), field="files")
    files = [(u.filename or "file", u.file.read()) for u in uploads]
    ctx = services(request)
    files.sort(key=lambda f: _order(f, ctx.spreadsheets.kind_of))
    reports: list[ImportReport] = []
    failures: list[tuple[str, list[str]]] = []
    for name, data in files:
        try:
            reports.append(importing.import_file(ctx, data, name))
        except ImportFailed as exc:
            failures.append((exc.message, [str(e) for e in exc.errors]))
        except InputError as exc:
            failures.append((str(exc), []))
    if reports:
        web(request).replan()
    return render(
        request,
        "import.html",
        status_code=400 if failures else 200,
        reports=reports,
        failures=failures,
        upload_mb=_upload_mb(request),
    )
