"""Pages around the plan: Today, Week, the work timer and her overrides (pins, waiting,
the work left after an overrun). Every write calls a service, replans and redirects."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from creneau.domain.errors import EstimateUsed, InputError, TimerNeedsConfirmation
from creneau.domain.models import Job
from creneau.domain.periods import YEARS
from creneau.interfaces.web.colours import client_colours
from creneau.interfaces.web.forms import PostedForm, local_back
from creneau.interfaces.web.i18n import N_
from creneau.interfaces.web.rendering import render, see_other, services, web, with_selected
from creneau.interfaces.web.state import Snapshot
from creneau.interfaces.web.week import monday_of, week_grid
from creneau.services import catalog, overrides, timesheet
from creneau.services.planning import PlanReport, what_now

router = APIRouter()


def current(request: Request) -> tuple[Snapshot, PlanReport, datetime]:
    """The cached plan, its report in the page language, and "now"."""
    state = web(request)
    now = state.now()
    snap = state.snapshot(now)
    settings = services(request).settings()
    return snap, dataclasses.replace(snap.report, settings=settings), now


def overrun_jobs(report: PlanReport) -> list[Job]:
    """Open jobs whose work left is used up: she must say how much is left."""
    return [
        j
        for j in report.jobs.values()
        if j.status.is_open and catalog.work_left(j) == 0 and j.spent_minutes > 0
    ]


AT_RISK_SHOWN = 10
"""At-risk jobs listed on Today (the most urgent ones); the job list shows them all."""


def timer_options(report: PlanReport, selected: str | None) -> Markup:
    """The timer's ``<option>`` list: every open job, by client then title, ``selected``
    (a job id) chosen; written here rather than in the template, as a Jinja loop over
    thousands of jobs cost most of the page."""
    rows = sorted(
        (report.clients[j.client_id].name.lower(), j.title.lower(), j.id, j.client_id, j.title)
        for j in report.jobs.values()
        if j.status.is_open
    )
    options = "".join(
        f'<option value="{escape(job_id)}">{escape(report.clients[client_id].name)} · '
        f"{escape(title)}</option>\n"
        for _name, _title, job_id, client_id, title in rows
    )
    return Markup(with_selected(options, selected))


def _today(request: Request, *, question: dict[str, object] | None = None) -> Response:
    snap, report, now = current(request)
    at_risk = snap.derived("at risk", report.at_risk)
    answer = what_now(report, now)
    running = timesheet.running_timer(services(request))
    selected = answer.current.job_id if answer.current else None
    return render(
        request,
        "today.html",
        report=report,
        now=now,
        answer=answer,
        running=running,
        at_risk=[(o, report.jobs[o.job_id], report.reason(o)) for o in at_risk[:AT_RISK_SHOWN]],
        at_risk_total=len(at_risk),
        neglected=snap.attention.neglected,
        overruns=snap.derived("overruns", lambda: overrun_jobs(report)),
        timer_jobs=snap.derived(f"timer {selected}", lambda: timer_options(report, selected)),
        colours=client_colours(report.clients),
        question=question,
    )


@router.get("/")
def today(request: Request) -> Response:
    """Today: the current block and the next ones, the timer, at-risk jobs, neglected
    clients."""
    return _today(request)


@router.get("/week")
def week(request: Request, start: str | None = None) -> Response:
    """The week's grid of planned blocks and busy time (``start``: a day of the week,
    ``YYYY-MM-DD``; default this week)."""
    _snap, report, now = current(request)
    try:
        day = date.fromisoformat(start) if start else now.astimezone(report.settings.tz).date()
    except ValueError as exc:
        raise InputError(N_("not a date (YYYY-MM-DD)"), field="start", value=start) from exc
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise InputError(N_("give a week from 1970 to 2200"), field="start")
    monday = monday_of(day)
    grid = week_grid(report, monday)
    return render(
        request,
        "week.html",
        week=grid,
        previous=(monday - timedelta(days=7)).isoformat(),
        following=(monday + timedelta(days=7)).isoformat(),
        this_week=monday_of(now.astimezone(report.settings.tz).date()).isoformat(),
    )


@router.post("/timer/start")
def start_timer(request: Request, form: PostedForm) -> Response:
    """Start the timer on a job (a timer running on another job is stopped first)."""
    state = web(request)
    timesheet.start_timer(services(request), form.text("job", "JOB"), state.now())
    state.replan()
    return see_other("/")


@router.post("/timer/stop")
def stop_timer(request: Request, form: PostedForm) -> Response:
    """Stop the timer; when it needs her word (an overrun, a timer over midnight), the
    page asks (work left, real duration, or confirm) and nothing is stored yet."""
    state = web(request)
    remaining = form.duration("remaining")
    minutes = form.duration("duration")
    try:
        timesheet.stop_timer(
            services(request),
            state.now(),
            confirm=form.flag("confirm"),
            minutes=minutes,
            remaining=remaining,
        )
    except EstimateUsed as exc:
        return _today(request, question={"kind": "left", "message": str(exc.message)})
    except TimerNeedsConfirmation as exc:
        return _today(request, question={"kind": "confirm", "message": str(exc.message)})
    state.replan()
    return see_other("/")


@router.post("/jobs/{job_id}/left")
def work_left(request: Request, job_id: str, form: PostedForm) -> Response:
    """Her answer to an overrun's "how much is left" (a re-estimate of the work left)."""
    remaining = form.duration("remaining")
    if remaining is None:
        raise InputError(N_("give the work left, e.g. 2h"), field="remaining")
    catalog.edit_job(services(request), job_id, {"remaining_minutes": remaining})
    web(request).replan()
    return see_other(local_back(form.get("back"), "/"))


@router.post("/jobs/{job_id}/waiting")
def waiting(request: Request, job_id: str, form: PostedForm) -> Response:
    """Mark a job waiting for the client (``waiting=1``) or resume it (``waiting=0``)."""
    overrides.set_waiting(services(request), job_id, form.flag("waiting"))
    web(request).replan()
    return see_other(local_back(form.get("back"), "/jobs"))


@router.post("/pins")
def pin(request: Request, form: PostedForm) -> Response:
    """Pin a planned block where it is (the plan works around it)."""
    start, end = form.moment("start"), form.moment("end")
    state = web(request)
    overrides.pin_block(services(request), form.text("job", "JOB"), start, end, state.now())
    state.replan()
    return see_other(local_back(form.get("back"), "/week"))


@router.post("/pins/remove")
def unpin(request: Request, form: PostedForm) -> Response:
    """Unpin a block (the plan may move it again)."""
    start, end = form.moment("start"), form.moment("end")
    overrides.unpin_block(services(request), form.text("job", "JOB"), start, end)
    web(request).replan()
    return see_other(local_back(form.get("back"), "/week"))
