"""Use cases that publish the plan: the ``.ics`` export, the feed, and what CalDAV sync writes.

Each block of the plan becomes a :class:`~creneau.services.ports.PublishedEvent` whose UID
comes from the block's identity (job, local date, rank of the job's block that day: the
block id of :mod:`creneau.planning.result`), so a replan that keeps a block keeps its UID
and calendar apps update events instead of duplicating them. SEQUENCE (RFC 5545
§3.8.7.4) is the plan's revision: the minutes from 2026-01-01 00:00 UTC to the "now" the
plan was computed for. Every replan raises it, so a block that moved always carries a
higher SEQUENCE than the copy a calendar app holds; the same plan exported twice at the
same "now" gives the same bytes (a feed can be fetched without changing anything).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from creneau.domain.durations import format_minutes
from creneau.domain.errors import CreneauError
from creneau.domain.models import Block, JobStatus
from creneau.services.context import ServiceContext
from creneau.services.messages import format_moment
from creneau.services.planning import PlanReport, compute_plan
from creneau.services.ports import (
    PlanWriter,
    PublishedCalendar,
    PublishedEvent,
    PublishedTodo,
)
from creneau.services.publish_messages import publish_text

UID_DOMAIN = "creneau"
"""Right-hand side of every UID written (``<block id>@creneau``, RFC 5545 §3.8.4.7)."""

REVISION_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
"""SEQUENCE counts minutes from here (a plan computed earlier has revision 0)."""

PRIORITY_BY_IMPORTANCE = {5: 1, 4: 3, 3: 5, 2: 7, 1: 9}
"""VTODO PRIORITY (1 highest, 9 lowest, RFC 5545 §3.8.1.9) from the client's importance."""


def block_uid(block: Block) -> str:
    """The UID of a block's event: ``<job id>-<YYYYMMDD>-<rank>@creneau``."""
    return f"{block.id}@{UID_DOMAIN}"


def revision(now: datetime) -> int:
    """The plan's revision for ``now`` (aware): whole minutes since :data:`REVISION_EPOCH`."""
    return max(0, int((now.astimezone(UTC) - REVISION_EPOCH).total_seconds() // 60))


def published_plan(ctx: ServiceContext, now: datetime, *, save: bool = True) -> PublishedCalendar:
    """Plan at ``now`` (stored, as ``plan`` does, unless ``save`` is False) and describe it
    as a calendar.

    Args:
        ctx: the service context.
        now: aware datetime ("now", possibly given by ``--now``).
        save: store the plan as the saved one (False for a feed: fetching it changes
            nothing).

    Returns:
        One event per work or meeting block and one to-do per open job, texts in the
        interface language, times in the user's zone, DTSTAMP ``now``.

    Raises:
        InputError: invalid stored settings.
    """
    return describe(compute_plan(ctx, now, save=save), now)


def describe(report: PlanReport, now: datetime) -> PublishedCalendar:
    """The calendar of a computed plan (see :func:`published_plan`)."""
    language = report.language
    tz = report.settings.tz
    sequence = revision(now)
    outcomes = {o.job_id: o for o in report.plan.outcomes}
    events: list[PublishedEvent] = []
    for block in report.plan.blocks:
        if block.job_id is None or block.job_id not in report.jobs:
            continue
        job = report.jobs[block.job_id]
        client = report.clients[job.client_id]
        outcome = outcomes.get(job.id)
        due = outcome.due if outcome is not None else None
        description = publish_text(
            "description",
            language,
            due=format_moment(due.astimezone(tz), language) if due else "—",
            deadline=publish_text(job.deadline.value, language),
            status=publish_text(job.status.value, language),
        )
        events.append(
            PublishedEvent(
                uid=block_uid(block),
                start=block.start,
                end=block.end,
                summary=f"{client.name} — {job.title}",
                category=client.name,
                description=description,
                sequence=sequence,
            )
        )
    todos = []
    for outcome in report.plan.outcomes:
        job = report.jobs[outcome.job_id]
        client = report.clients[job.client_id]
        left = job.remaining_effort_minutes
        done = job.spent_minutes
        todos.append(
            PublishedTodo(
                uid=f"{job.id}-todo@{UID_DOMAIN}",
                summary=f"{client.name} — {job.title}",
                category=client.name,
                due=outcome.due,
                percent=min(100, round(100 * done / (done + left))) if done + left else 0,
                priority=PRIORITY_BY_IMPORTANCE.get(client.importance, 5),
                status="IN-PROCESS" if job.status is JobStatus.IN_PROGRESS else "NEEDS-ACTION",
                description=publish_text(
                    "todo_description",
                    language,
                    deadline=publish_text(job.deadline.value, language),
                    left=format_minutes(left),
                ),
                sequence=sequence,
            )
        )
    return PublishedCalendar(
        name=publish_text("calendar_name", language),
        timezone=tz,
        stamp=now,
        events=tuple(events),
        todos=tuple(todos),
    )


def _writer(ctx: ServiceContext) -> PlanWriter:
    if ctx.plan_writer is None:
        raise CreneauError("no iCalendar writer here")
    return ctx.plan_writer


def render_feed(ctx: ServiceContext, now: datetime) -> bytes:
    """The plan as a subscribable ``.ics`` document (the feed), RFC 5545, UTF-8.

    Nothing is stored: fetching the feed (the web app serves it at a URL with a secret
    token) never changes the saved plan. ``export --stdout`` prints it.

    Args:
        ctx: the service context.
        now: aware datetime.

    Raises:
        InputError: invalid stored settings.
    """
    return _writer(ctx).render(published_plan(ctx, now, save=False))


def export_plan(ctx: ServiceContext, now: datetime, path: str | Path) -> PublishedCalendar:
    """Write the plan to an ``.ics`` file at once (a temporary file renamed over it).

    Args:
        ctx: the service context.
        now: aware datetime.
        path: the file to write.

    Returns:
        What was written.

    Raises:
        InputError: naming the file when it cannot be written (nothing half-written).
    """
    calendar = published_plan(ctx, now)
    _writer(ctx).write(str(path), calendar)
    return calendar
