"""Use cases around the plan: compute it, say what to do now, render it as JSON.

The plan is computed from the stored clients, jobs, settings and calendar: busy time is
expanded from the stored events over the planned window, and public holidays come from
the holiday provider; both become days off and busy intervals for the pure planner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from creneau.domain.models import (
    Block,
    BusyInterval,
    Client,
    Job,
    JobOutcome,
    Plan,
    WorkingTime,
)
from creneau.planning.planner import make_plan
from creneau.planning.problem import MAX_HORIZON_DAYS, resolve_due
from creneau.services.context import ServiceContext
from creneau.services.messages import reason_text
from creneau.settings import Settings

BUSY_MARGIN = timedelta(weeks=26)
"""Busy time is expanded this far past the nominal horizon (in case the horizon grows)."""


@dataclass(frozen=True, slots=True)
class PlanReport:
    """A plan with what is needed to show it.

    Args:
        plan: the computed plan.
        now: the "now" it was computed for (aware, not rounded to the grid).
        clients: every client, by id.
        jobs: every job, by id.
        settings: the settings it was computed with.
    """

    plan: Plan
    now: datetime
    clients: dict[str, Client]
    jobs: dict[str, Job]
    settings: Settings

    @property
    def language(self) -> str:
        """The interface language."""
        return self.settings.language

    def reason(self, outcome: JobOutcome) -> str | None:
        """The outcome's reason in words, in the interface language."""
        if outcome.reason_code is None:
            return None
        titles = {k: j.title for k, j in self.jobs.items()}
        return reason_text(outcome.reason_code, dict(outcome.reason_args), self.language, titles)

    def at_risk(self) -> list[JobOutcome]:
        """Late or unplaced jobs, hard ones first, then by due time."""
        late = [o for o in self.plan.outcomes if o.late]
        return sorted(late, key=lambda o: (self.jobs[o.job_id].deadline.value != "hard", o.due))


def working_time(
    ctx: ServiceContext, settings: Settings, start: datetime, end: datetime
) -> WorkingTime:
    """Her working-time rules over ``[start, end]``: weekly hours, holidays and days off."""
    provider = ctx.holidays(
        settings.values["holidays.country"], settings.values["holidays.subdivision"] or None
    )
    holidays = provider.holidays_between(start.date() - timedelta(days=400), end.date())
    days_off = frozenset(holidays) | settings.values["days_off"]
    return WorkingTime(weekly=settings.weekly_hours(), days_off=days_off)


def compute_plan(ctx: ServiceContext, now: datetime) -> PlanReport:
    """Plan every open job from ``now``.

    Args:
        ctx: the service context.
        now: aware datetime ("now", possibly given by ``--now``).

    Raises:
        InputError: invalid stored settings.
    """
    settings = ctx.settings()
    tz = settings.tz
    with ctx.uow() as uow:
        clients = uow.clients.list()
        jobs = uow.jobs.list()
        records = uow.calendar.list()
    rules = settings.rules()
    local_now = now.astimezone(tz)
    nominal_end = local_now + timedelta(days=rules.horizon_days)
    cap = local_now + timedelta(days=MAX_HORIZON_DAYS)
    rough = working_time(ctx, settings, local_now, cap + BUSY_MARGIN)
    for job in jobs:
        if job.status.is_open:
            due = min(resolve_due(job.due, rough, tz), cap)
            nominal_end = max(nominal_end, due + timedelta(days=7))
    busy_end = nominal_end + BUSY_MARGIN
    busy: list[BusyInterval] = [
        b
        for b in (ctx.calendar.busy_between(records, local_now, busy_end, tz) if records else [])
        if b.end > b.start  # zero-length events (warned about at import) block nothing
    ]
    plan = make_plan(now, jobs, clients, rough, busy, rules)
    return PlanReport(
        plan=plan,
        now=now,
        clients={c.id: c for c in clients},
        jobs={j.id: j for j in jobs},
        settings=settings,
    )


@dataclass(frozen=True, slots=True)
class NowAnswer:
    """What to work on now, and until when.

    Args:
        current: the block under way at ``now`` (merged with the same job's next blocks
            that follow without a break), or None.
        until: when the current block ends.
        upcoming: the next blocks of the day (or the next working day), at most five.
    """

    current: Block | None
    until: datetime | None
    upcoming: list[Block]


def what_now(report: PlanReport, now: datetime) -> NowAnswer:
    """The block to work on at ``now`` and the next ones.

    A block starting within one grid step after ``now`` counts as the current one (plans
    start at the next grid point).
    """
    blocks = list(report.plan.blocks)
    grid = timedelta(minutes=report.settings.rules().granularity_minutes)
    current = next((b for b in blocks if b.start <= now < b.end), None)
    if current is None:  # the plan starts at the next grid point: that block is "now"
        current = next((b for b in blocks if now <= b.start < now + grid), None)
    until = current.end if current else None
    after = [b for b in blocks if b.start >= (until or now)]
    if current is not None:
        for b in after:
            if b.job_id == current.job_id and b.start == until:
                until = b.end
    upcoming = [b for b in after if b.start >= (until or now)][:5]
    return NowAnswer(current, until, upcoming)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def plan_to_json(report: PlanReport) -> dict[str, Any]:
    """The plan in the stable JSON schema of ``creneau plan --json`` (see the README).

    Blocks include her calendar's busy time (kind ``busy``); every job's due is a
    date-time with its UTC offset; hours are decimal hours.
    """
    plan = report.plan
    tz = report.settings.tz
    blocks: list[dict[str, Any]] = []
    for block in plan.blocks:
        job = report.jobs[block.job_id] if block.job_id else None
        client = report.clients[block.client_id] if block.client_id else None
        blocks.append(
            {
                "id": block.id,
                "start": block.start.astimezone(tz).isoformat(),
                "end": block.end.astimezone(tz).isoformat(),
                "kind": block.kind.value,
                "client": client.name if client else None,
                "job": job.title if job else None,
                "job_id": job.id if job else None,
            }
        )
    for busy in plan.busy:
        blocks.append(
            {
                "id": f"busy-{busy.uid or 'event'}-{busy.start.astimezone(tz):%Y%m%dT%H%M}",
                "start": busy.start.astimezone(tz).isoformat(),
                "end": busy.end.astimezone(tz).isoformat(),
                "kind": "busy",
                "client": None,
                "job": None,
                "job_id": None,
                "summary": busy.summary,
            }
        )
    blocks.sort(key=lambda b: (b["start"], b["end"], b["id"]))
    jobs: list[dict[str, Any]] = []
    for outcome in sorted(plan.outcomes, key=lambda o: (o.due, o.job_id)):
        job = report.jobs[outcome.job_id]
        jobs.append(
            {
                "id": job.id,
                "client": report.clients[job.client_id].name,
                "job": job.title,
                "due": outcome.due.astimezone(tz).isoformat(),
                "deadline": job.deadline.value,
                "remaining_hours": round(job.remaining_effort_minutes / 60, 2),
                "planned_finish": _iso(
                    outcome.planned_finish.astimezone(tz) if outcome.planned_finish else None
                ),
                "late": outcome.late,
                "lateness_hours": (
                    round(outcome.lateness_minutes / 60, 2)
                    if outcome.planned_finish is not None
                    else None
                ),
                "slack_hours": (
                    round(outcome.slack_minutes / 60, 2)
                    if outcome.slack_minutes is not None
                    else None
                ),
                "reason_code": outcome.reason_code,
                "reason": report.reason(outcome),
            }
        )
    return {
        "now": report.now.astimezone(tz).isoformat(),
        "timezone": report.settings.values["timezone"],
        "horizon_end": plan.horizon_end.astimezone(tz).isoformat(),
        "status": plan.status,
        "pacing_kept": plan.pacing_kept,
        "blocks": blocks,
        "jobs": jobs,
    }
