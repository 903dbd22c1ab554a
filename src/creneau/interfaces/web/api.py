"""The JSON API behind the pages (``/api``), with pydantic response models so that
FastAPI's OpenAPI schema documents it. Read-only: the pages' forms do the writes.

Date-times are ISO 8601 strings with their UTC offset (her zone); hours are decimal
hours; amounts are euros. User errors come back as 4xx with ``detail`` (see
:mod:`creneau.interfaces.web.app`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from creneau.domain.durations import parse_duration_minutes
from creneau.domain.errors import InputError
from creneau.domain.models import Block, Deadline, JobKind
from creneau.interfaces.web.pages_catalog import ask, summaries
from creneau.interfaces.web.pages_plan import current
from creneau.interfaces.web.rendering import services, web
from creneau.services import catalog, timesheet
from creneau.services.planning import PlanReport, plan_to_json, plan_window, what_now


class ErrorOut(BaseModel):
    """A user error: what is wrong and, when known, where (file, line, field)."""

    detail: str
    error: str = Field(description="the error's kind: InputError, NotFoundError...")
    file: str | None = None
    line: int | None = None
    field: str | None = None
    errors: list[str] | None = Field(default=None, description="every bad row of a file")


router = APIRouter(
    tags=["api"],
    responses={
        400: {"model": ErrorOut, "description": "bad input (the field is named)"},
        401: {"description": "the login is needed (a web password is set)"},
        404: {"model": ErrorOut, "description": "no such client or job"},
        409: {"model": ErrorOut, "description": "an ambiguous name"},
    },
)


class BlockOut(BaseModel):
    """A time block of the plan, or her calendar's busy time (kind ``busy``)."""

    id: str
    start: str = Field(description="ISO 8601 with UTC offset")
    end: str = Field(description="ISO 8601 with UTC offset")
    kind: str = Field(description="work, meeting, travel or busy")
    client: str | None
    job: str | None
    job_id: str | None
    pinned: bool
    mode: str | None = None
    km: float | None = None
    summary: str | None = None
    location: str | None = None


class JobPlanOut(BaseModel):
    """A job's outcome in the plan: due time, planned finish, lateness, slack, reason."""

    id: str
    client: str
    job: str
    due: str
    deadline: str
    remaining_hours: float
    planned_finish: str | None
    late: bool
    lateness_hours: float | None
    slack_hours: float | None
    reason_code: str | None
    reason: str | None


class StabilityOut(BaseModel):
    """Blocks of the previous plan kept in place."""

    kept: int
    previous: int


class PlanOut(BaseModel):
    """The plan (the schema of ``creneau plan --json``)."""

    now: str
    timezone: str
    horizon_end: str
    status: str
    pacing_kept: bool
    stability: StabilityOut | None
    blocks: list[BlockOut]
    jobs: list[JobPlanOut]


class NowBlockOut(BaseModel):
    """A planned block of today's list."""

    start: str
    end: str
    kind: str
    client: str | None
    job: str | None
    job_id: str | None


class TimerOut(BaseModel):
    """The running work timer."""

    job_id: str
    job: str
    since: str


class RiskOut(BaseModel):
    """A job at risk: late or unplaced."""

    job_id: str
    job: str
    client: str
    due: str
    reason: str | None


class NeglectedOut(BaseModel):
    """A client owed news or work."""

    client_id: str
    client: str
    working_days: int


class TodayOut(BaseModel):
    """What the Today page shows."""

    now: str
    current: NowBlockOut | None
    until: str | None
    upcoming: list[NowBlockOut]
    timer: TimerOut | None
    at_risk: list[RiskOut]
    neglected: list[NeglectedOut]


class JobOut(BaseModel):
    """A job."""

    id: str
    client_id: str
    client: str
    title: str
    kind: str
    status: str
    deadline: str
    received: str
    due: str
    effort_hours: float
    spent_hours: float
    remaining_hours: float


class ClientOut(BaseModel):
    """A client with its all-time figures."""

    id: str
    name: str
    kind: str
    town: str
    open_jobs: int
    finished_jobs: int
    hours: float
    income_eur: float
    jobs_received: int
    returning: bool


class AnswerOut(BaseModel):
    """Can she take a new job, and by when."""

    question: str = Field(description="whatif (a due date was given) or promise")
    sentence: str
    possible: bool | None
    finish: str | None
    day: str | None


def _block(report: PlanReport, block: Block) -> NowBlockOut:
    tz = report.settings.tz
    job = report.jobs.get(block.job_id) if block.job_id else None
    client = report.clients.get(block.client_id) if block.client_id else None
    return NowBlockOut(
        start=block.start.astimezone(tz).isoformat(),
        end=block.end.astimezone(tz).isoformat(),
        kind=block.kind.value,
        client=client.name if client else None,
        job=job.title if job else None,
        job_id=block.job_id,
    )


PLAN_DAYS = 28
"""The days of the plan ``/api/plan`` gives by default (from today)."""
MAX_PLAN_DAYS = 366
"""The longest window ``/api/plan`` gives, in days."""


@router.get("/plan", response_model=PlanOut)
def plan(
    request: Request,
    start: Annotated[
        str | None,
        Query(
            alias="from",
            pattern=r"^\d{4}-\d{2}-\d{2}$",
            json_schema_extra={"format": "date"},
            description="YYYY-MM-DD, the window's first day; default today",
        ),
    ] = None,
    days: Annotated[
        int, Query(ge=1, le=MAX_PLAN_DAYS, description="the window's length in days")
    ] = PLAN_DAYS,
) -> Response:
    """The current plan over a window of ``days`` days from ``from`` (default: the four
    weeks from today): the blocks (with busy time) that overlap it and the outcomes of
    the open jobs due before its end (late ones included) or planned in it."""
    snap, report, now = current(request)
    tz = report.settings.tz
    try:
        first = date.fromisoformat(start) if start else now.astimezone(tz).date()
    except ValueError as exc:
        raise InputError(f"not a date: '{start}' (YYYY-MM-DD)", field="from") from exc
    begin = datetime.combine(first, time(0), tzinfo=tz)
    try:
        end = datetime.combine(first + timedelta(days=days), time(0), tzinfo=tz)
    except OverflowError:  # a window past year 9999
        end = datetime.max.replace(tzinfo=tz)

    def answer() -> bytes:
        data: dict[str, Any] = plan_to_json(plan_window(report, begin, end))
        return PlanOut.model_validate(data).model_dump_json().encode()

    # the default window of the same plan: the same bytes (made once per plan); any
    # other window is made for its request (not kept: there are as many as queries)
    default = start is None and days == PLAN_DAYS
    body = snap.derived(f"api plan {begin.isoformat()}", answer) if default else answer()
    return Response(body, media_type="application/json")


@router.get("/today")
def today(request: Request) -> TodayOut:
    """The current block and the next ones, the timer, at-risk jobs, neglected clients."""
    snap, report, now = current(request)
    tz = report.settings.tz
    answer = what_now(report, now)
    running = timesheet.running_timer(services(request))
    return TodayOut(
        now=now.astimezone(tz).isoformat(),
        current=_block(report, answer.current) if answer.current else None,
        until=answer.until.astimezone(tz).isoformat() if answer.until else None,
        upcoming=[_block(report, b) for b in answer.upcoming],
        timer=(
            TimerOut(
                job_id=running[1].id,
                job=running[1].title,
                since=running[0].start.astimezone(tz).isoformat(),
            )
            if running
            else None
        ),
        at_risk=[
            RiskOut(
                job_id=o.job_id,
                job=report.jobs[o.job_id].title,
                client=report.clients[report.jobs[o.job_id].client_id].name,
                due=o.due.astimezone(tz).isoformat(),
                reason=report.reason(o),
            )
            for o in report.at_risk()
        ],
        neglected=[
            NeglectedOut(client_id=c.client.id, client=c.client.name, working_days=c.working_days)
            for c in snap.attention.neglected
        ],
    )


@router.get("/jobs")
def jobs(
    request: Request,
    client: Annotated[str, Query(max_length=200)] = "",
    closed: bool = False,
) -> list[JobOut]:
    """Jobs (open and waiting ones; with ``closed``, done and cancelled ones too), by due
    date; ``client``: a client's id or a unique part of its name."""
    tz = web(request).settings().tz
    rows = catalog.list_jobs(services(request), client or None, include_closed=closed)
    return [
        JobOut(
            id=j.id,
            client_id=c.id,
            client=c.name,
            title=j.title,
            kind=j.kind.value,
            status=j.status.value,
            deadline=j.deadline.value,
            received=j.received.isoformat(),
            due=j.due.astimezone(tz).isoformat()
            if isinstance(j.due, datetime)
            else j.due.isoformat(),
            effort_hours=round(j.effort_minutes / 60, 2),
            spent_hours=round(j.spent_minutes / 60, 2),
            remaining_hours=round(catalog.work_left(j) / 60, 2),
        )
        for j, c in rows
    ]


@router.get("/clients")
def clients(request: Request) -> list[ClientOut]:
    """Every client with its jobs and all-time hours and income."""
    found = summaries(services(request), web(request).now())
    return [
        ClientOut(
            id=s.client.id,
            name=s.client.name,
            kind=s.client.kind.value,
            town=s.client.town,
            open_jobs=len(s.open_jobs),
            finished_jobs=len(s.finished_jobs),
            hours=round(s.figures.minutes / 60, 2),
            income_eur=float(s.figures.income),
            jobs_received=s.history.jobs if s.history else 0,
            returning=bool(s.history and s.history.returning),
        )
        for s in found
    ]


@router.get("/what-if")
def what_if(
    request: Request,
    client: Annotated[str, Query(min_length=1, max_length=200)],
    effort: Annotated[str, Query(min_length=1, max_length=20, description="e.g. 6h, 1h30")],
    due: Annotated[date | None, Query(description="YYYY-MM-DD; empty: by when?")] = None,
    title: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str, Query(pattern="^(work|meeting)$")] = "work",
    deadline: Annotated[str, Query(pattern="^(hard|soft)$")] = "hard",
) -> AnswerOut:
    """Can she take a new job of ``effort`` (up to 1000 h) for ``client`` by ``due`` (the
    what-if; from today to about three years ahead), or by when can she promise it (no
    ``due``: the promise)? Stores nothing."""
    minutes = parse_duration_minutes(effort, field="effort", allow_zero=False)
    state = web(request)
    now = state.now()
    found = ask(
        services(request),
        now,
        client,
        minutes,
        due,
        title=title or None,
        kind=JobKind(kind),
        deadline=Deadline(deadline),
    )
    return AnswerOut(
        question=found.question,
        sentence=found.sentence,
        possible=found.possible,
        finish=found.finish.astimezone(state.settings().tz).isoformat() if found.finish else None,
        day=found.day.isoformat() if found.day else None,
    )
