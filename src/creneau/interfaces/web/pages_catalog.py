"""Pages on clients and jobs: the client list and page, the job list with its filters and
the add-job form, which answers "can I take it, and by when" before saving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from creneau.domain.durations import parse_duration_minutes
from creneau.domain.errors import InputError
from creneau.domain.models import Client, Deadline, Job, JobKind, JobStatus
from creneau.domain.periods import Period
from creneau.interfaces.web.colours import client_colours
from creneau.interfaces.web.forms import PostedForm, local_back
from creneau.interfaces.web.i18n import N_
from creneau.interfaces.web.rendering import render, see_other, services, web, with_selected
from creneau.interfaces.web.state import WebState
from creneau.services import catalog
from creneau.services.context import ServiceContext
from creneau.services.income import ClientHistory, Figures, income_report
from creneau.services.promise import promise
from creneau.services.whatif import what_if

router = APIRouter()

ALL_TIME_FIRST = date(1970, 1, 1)
MAX_EFFORT_MINUTES = 1000 * 60
"""The largest effort a what-if takes (1000 h): more is a typo, and slow to plan."""
MAX_DAYS_AHEAD = 3 * 366
"""How far ahead a what-if's due date may be (about three years)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to "can I take it, and by when" for a job not yet saved.

    Args:
        question: ``"whatif"`` (a due date was given: can it be kept?) or ``"promise"``
            (no due date: the earliest safe one).
        sentence: the answer in one sentence, in the page language.
        possible: for a what-if, whether the wanted date can be kept; None for a promise.
        finish: the job's planned finish (what-if), or None.
        day: the date she can safely promise (promise), or None.
    """

    question: str
    sentence: str
    possible: bool | None
    finish: datetime | None
    day: date | None


def ask(
    ctx: ServiceContext,
    now: datetime,
    client: str,
    effort_minutes: int,
    due: date | None,
    *,
    title: str | None = None,
    kind: JobKind = JobKind.WORK,
    deadline: Deadline = Deadline.HARD,
) -> Answer:
    """Ask the what-if service (``due`` given) or the promise service (no ``due``), for
    the pages and the API alike.

    Args:
        effort_minutes: the new job's effort, 1 to :data:`MAX_EFFORT_MINUTES`.
        due: its due date, from today to :data:`MAX_DAYS_AHEAD` days ahead; None asks for
            the earliest safe one.

    Raises:
        InputError: an effort or a due date outside those bounds.
        NotFoundError, AmbiguousError: unknown or ambiguous client.
    """
    if not 0 < effort_minutes <= MAX_EFFORT_MINUTES:
        raise InputError(N_("give an effort from 1 minute to 1000 h"), field="effort")
    if due is not None:
        today = now.astimezone(ctx.settings().tz).date()
        if not today <= due <= today + timedelta(days=MAX_DAYS_AHEAD):
            raise InputError(N_("give a due date from today to three years ahead"), field="due")
        found = what_if(
            ctx,
            now,
            client,
            effort_minutes,
            due,
            title=title or None,
            kind=kind,
            deadline=deadline,
        )
        return Answer("whatif", found.sentence, found.possible, found.finish, None)
    offer = promise(ctx, now, client, effort_minutes, title=title or None, kind=kind)
    return Answer("promise", offer.sentence, None, offer.finish, offer.due)


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """A client with its jobs and figures over all time.

    Args:
        client: the client.
        open_jobs, finished_jobs: its jobs (open or waiting; done or cancelled).
        figures: time done and income, dated and imported.
        history: how often it came with work (None without jobs).
    """

    client: Client
    open_jobs: list[Job]
    finished_jobs: list[Job]
    figures: Figures
    history: ClientHistory | None


def summaries(ctx: ServiceContext, now: datetime, client: str | None = None) -> list[ClientSummary]:
    """Every client (or the one named) with its jobs and all-time figures.

    Raises:
        NotFoundError, AmbiguousError: ``client`` does not name one client.
    """
    today = now.astimezone(ctx.settings().tz).date()
    report = income_report(ctx, Period(ALL_TIME_FIRST, today, "all"), now, client)
    figures: dict[str, Figures] = {}
    for line in (*report.lines, *report.imported):
        figures[line.client.id] = figures.get(line.client.id, Figures()) + line.figures
    history = {h.client.id: h for h in report.history}
    jobs: dict[str, list[Job]] = {}
    for job, owner in catalog.list_jobs(ctx, client, include_closed=True):
        jobs.setdefault(owner.id, []).append(job)
    clients = [report.client] if report.client else catalog.list_clients(ctx)
    result = []
    for c in clients:
        own = jobs.get(c.id, [])
        result.append(
            ClientSummary(
                c,
                [j for j in own if j.status.is_open or j.status is JobStatus.WAITING],
                [j for j in own if j.status in (JobStatus.DONE, JobStatus.CANCELLED)],
                figures.get(c.id, Figures()),
                history.get(c.id),
            )
        )
    return result


def every_summary(state: WebState, now: datetime) -> list[ClientSummary]:
    """:func:`summaries` of every client, read again when the database changes or the
    day does."""
    today = now.astimezone(state.settings().tz).date()
    state.forget_reads("summaries ", keep=f"summaries {today}")  # the other days'
    return state.read_far(f"summaries {today}", summaries, now)


CLIENTS_PER_PAGE = 50
"""Clients shown on one page of the client list."""


@router.get("/clients")
def clients(request: Request, page: int = 1) -> Response:
    """Every client (fifty a page, by name): open and finished jobs, hours, income,
    returning marker."""
    state = web(request)
    found = every_summary(state, state.now())
    shown, paging = page_of(found, page, CLIENTS_PER_PAGE)
    return render(
        request,
        "clients.html",
        summaries=shown,
        paging=paging,
        colours=client_colours(c.client.id for c in found),
    )


@router.get("/clients/{client_id}")
def client_page(request: Request, client_id: str) -> Response:
    """One client: details, open and finished jobs, hours and income, history."""
    state = web(request)
    every = every_summary(state, state.now())
    summary = next((s for s in every if s.client.id == client_id), None)
    if summary is None:  # a name or part of one (as the CLI takes), or a client just added
        found, _jobs = catalog.get_client(services(request), client_id)
        summary = next((s for s in every if s.client.id == found.id), None)
        if summary is None:  # added since the figures were read: read them now
            summary = summaries(services(request), state.now(), found.id)[0]
    open_rows = [(j, summary.client) for j in summary.open_jobs]
    return render(request, "client.html", s=summary, open_rows=open_rows)


def every_job(state: WebState) -> list[tuple[Job, Client]]:
    """Every job with its client, by due date (read again when the database changes)."""
    return state.read_far("jobs", all_jobs)


def all_jobs(ctx: ServiceContext) -> list[tuple[Job, Client]]:
    """Every job with its client, open or closed, by due date."""
    return catalog.list_jobs(ctx, include_closed=True)


def every_client(state: WebState) -> list[Client]:
    """Every client, by name (read again when the database changes)."""
    return state.read_far("clients", catalog.list_clients)


def client_options(state: WebState, selected: str | None) -> Markup:
    """The ``<option>`` list of every client, by name, ``selected`` (an id) chosen: made
    once per change of her data (a Jinja loop over hundreds of clients cost most of a
    page)."""
    options = state.derive(
        "client options",
        every_client(state),
        lambda clients: "".join(
            f'<option value="{escape(c.id)}">{escape(c.name)}</option>\n' for c in clients
        ),
    )
    return Markup(with_selected(options, selected))


STATUS_FILTERS = ("open", "waiting", "late", "done", "cancelled", "all")
JOBS_PER_PAGE = 50
"""Jobs shown on one page of the job list."""


@dataclass(frozen=True, slots=True)
class Paging:
    """One page of a long list.

    Args:
        page: the page shown (from 1).
        pages: how many pages (at least 1).
        first, last: the rows shown, counted from 1 (``first`` > ``last``: none).
        total: how many rows in all.
    """

    page: int
    pages: int
    first: int
    last: int
    total: int


STATUS_RANK = {
    JobStatus.IN_PROGRESS: 0,
    JobStatus.TODO: 0,
    JobStatus.WAITING: 1,
    JobStatus.DONE: 2,
    JobStatus.CANCELLED: 2,
}
"""The job list's order: open jobs first, then waiting ones, then closed ones (each by
due date)."""

_Row = TypeVar("_Row")


def page_of(rows: list[_Row], page: int, size: int) -> tuple[list[_Row], Paging]:
    """The rows of page ``page`` (from 1; one out of range shows the nearest page) of
    ``size`` rows each, and where it stands."""
    pages = max(1, -(-len(rows) // size))
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    shown = rows[start : start + size]
    return shown, Paging(page, pages, start + 1, start + len(shown), len(rows))


@router.get("/jobs")
def jobs(request: Request, client: str = "", status: str = "open", page: int = 1) -> Response:
    """The jobs, filtered by client and status (``open``: to do and in progress;
    ``late``: late or not placed in the plan, hard deadlines first), fifty a page."""
    ctx = services(request)
    status = status if status in STATUS_FILTERS else "open"
    state = web(request)
    snap = state.snapshot()
    every = every_job(state)

    def listed() -> list[tuple[Job, Client]]:
        rows = every
        if client:
            known = {c.id for c in every_client(state)}
            if client in known:
                rows = [r for r in rows if r[1].id == client]
            else:  # a name or part of one, as the CLI takes
                rows = catalog.list_jobs(ctx, client, include_closed=True)
        if status == "late":
            order = {o.job_id: n for n, o in enumerate(snap.report.at_risk())}
            return sorted((r for r in rows if r[0].id in order), key=lambda r: order[r[0].id])
        if status == "open":
            rows = [(j, c) for j, c in rows if j.status.is_open]
        elif status != "all":
            rows = [(j, c) for j, c in rows if j.status.value == status]
        return sorted(rows, key=lambda r: STATUS_RANK[r[0].status])  # by due date within

    # the same list for the same plan and the same jobs (every page of it): made once;
    # a client named by text (not one of the ids of the filter) is looked up each time
    if client and client not in {c.id for c in every_client(state)}:
        rows = listed()
    else:
        rows = snap.derived(f"jobs {status} {client}", listed, source=every)
    outcomes = snap.derived("outcomes", lambda: {o.job_id: o for o in snap.report.plan.outcomes})
    shown, paging = page_of(rows, page, JOBS_PER_PAGE)
    return render(
        request,
        "jobs.html",
        rows=shown,
        paging=paging,
        outcomes=outcomes,
        client_options=client_options(state, client),
        client=client,
        status=status,
        statuses=STATUS_FILTERS,
    )


def _job_form(request: Request, values: dict[str, str]) -> tuple[dict[str, object], Answer | None]:
    """The add-job form's fields read from ``values`` and, with ``check``, the answer."""
    answer = None
    if values.get("check") and values.get("client") and values.get("effort"):
        effort = parse_duration_minutes(values["effort"], field="effort", allow_zero=False)
        due = None
        if values.get("due"):
            try:
                due = date.fromisoformat(values["due"])
            except ValueError as exc:
                raise InputError(
                    N_("not a date (YYYY-MM-DD)"), field="due", value=values["due"]
                ) from exc
        answer = ask(
            services(request),
            web(request).now(),
            values["client"],
            effort,
            due,
            title=values.get("title") or None,
            kind=JobKind.MEETING if values.get("kind") == "meeting" else JobKind.WORK,
            deadline=Deadline.SOFT if values.get("deadline") == "soft" else Deadline.HARD,
        )
    return dict(values), answer


@router.get("/jobs/new")
def new_job(request: Request) -> Response:
    """The add-job form; with ``check=1``, the live answer rendered by the server (no JS)."""
    values = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    fields, answer = _job_form(request, values)
    return render(
        request,
        "job_new.html",
        values=fields,
        answer=answer,
        client_options=client_options(web(request), str(fields.get("client") or "")),
    )


@router.post("/jobs")
def add_job(request: Request, form: PostedForm) -> Response:
    """Save a new job and replan."""
    effort = form.duration("effort")
    if effort is None or effort <= 0:
        raise InputError(N_("give the effort, e.g. 6h or 1h30"), field="effort")
    state = web(request)
    today = state.now().astimezone(state.settings().tz).date()
    due = form.day("due")
    if due is None:
        raise InputError(N_("give the due date"), field="due")
    kind = JobKind.MEETING if form.get("kind") == "meeting" else JobKind.WORK
    job = catalog.add_job(
        services(request),
        form.text("client", "client"),
        title=form.text("title", "title"),
        effort_minutes=effort,
        received=form.day("received") or today,
        due=due,
        kind=kind,
        deadline=Deadline.SOFT if form.get("deadline") == "soft" else Deadline.HARD,
        price=form.money("price"),
        notes=form.get("notes"),
    )
    state.replan()
    return see_other(f"/clients/{job.client_id}")


@router.post("/jobs/{job_id}/done")
def job_done(request: Request, job_id: str, form: PostedForm) -> Response:
    """Mark a job done (delivered today) and replan."""
    state = web(request)
    today = state.now().astimezone(state.settings().tz).date()
    catalog.set_job_status(services(request), job_id, JobStatus.DONE, today=today)
    state.replan()
    return see_other(local_back(form.get("back"), "/jobs"))
