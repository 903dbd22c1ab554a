"""Her overrides of the plan: pinned blocks, jobs waiting for the client, and precedences
("the setup comes after the discovery meeting")."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from creneau.domain.errors import InputError
from creneau.domain.models import Job, JobStatus, PinnedBlock
from creneau.services.catalog import find_job
from creneau.services.context import ServiceContext


def pin_block(
    ctx: ServiceContext, job_query: str, start: datetime, end: datetime, now: datetime
) -> PinnedBlock:
    """Pin a block of a job: it stays there, the plan works around it.

    Args:
        ctx: the service context.
        job_query: the job (id or unique part of the title).
        start, end: aware datetimes, ``start < end``, on the same local day and on the
            planning grid (``plan.granularity`` minutes).
        now: aware datetime; the block must end after it.

    Raises:
        InputError: naive, reversed, off-grid or past times, a block over two days, an
            overlap with a busy event of her calendar or another pin, or a closed job.
        NotFoundError, AmbiguousError: ``job_query`` does not name one job.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise InputError("give times with their zone", field="START")
    if not start < end:
        raise InputError(f"the end ({end:%H:%M}) must be after the start", field="END")
    settings = ctx.settings()
    tz = settings.tz
    step = settings.rules().granularity_minutes
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() != local_end.date():
        raise InputError("a pinned block starts and ends on the same day", field="END")
    for moment, name in ((local_start, "START"), (local_end, "END")):
        if moment.minute % step or moment.second:
            raise InputError(f"{moment:%H:%M} is not on the {step}-minute grid", field=name)
    if end <= now:
        raise InputError(f"the block ends before now ({now:%Y-%m-%d %H:%M})", field="END")
    with ctx.uow() as uow:
        job = find_job(uow, job_query)
        if not job.status.is_open:
            raise InputError(f"'{job.title}' is {job.status.value}: nothing to pin", field="JOB")
        for other in uow.pins.list():
            if other.start < end and start < other.end:
                raise InputError(
                    f"overlaps the pinned block {other.start:%Y-%m-%d %H:%M}–{other.end:%H:%M}",
                    field="START",
                )
        records = uow.calendar.list()
        busy = ctx.calendar.busy_between(records, local_start, local_end, tz) if records else []
        for event in busy:
            if event.start < end and start < event.end:
                raise InputError(
                    f"overlaps '{event.summary}' in your calendar "
                    f"({event.start.astimezone(tz):%H:%M}–{event.end.astimezone(tz):%H:%M})",
                    field="START",
                )
        pin = PinnedBlock(job_id=job.id, start=start, end=end)
        uow.pins.add(pin)
    return pin


def unpin_block(ctx: ServiceContext, job_query: str, start: datetime, end: datetime) -> None:
    """Forget a pinned block (same job, start and end).

    Args:
        ctx: the service context.
        job_query: the job (id or unique part of the title).
        start, end: the pinned block's start and end (aware).

    Raises:
        InputError: no such pinned block.
        NotFoundError, AmbiguousError: ``job_query`` does not name one job.
    """
    with ctx.uow() as uow:
        job = find_job(uow, job_query)
        if not uow.pins.delete(PinnedBlock(job_id=job.id, start=start, end=end)):
            raise InputError(
                f"no block of '{job.title}' is pinned {start:%Y-%m-%d %H:%M}–{end:%H:%M}",
                field="START",
            )


def list_pins(ctx: ServiceContext) -> list[tuple[PinnedBlock, str]]:
    """Every pinned block with its job's title, by start."""
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        titles = {j.id: j.title for j in uow.jobs.list()}
        return [(pin, titles.get(pin.job_id, "")) for pin in uow.pins.list()]


def set_after(ctx: ServiceContext, job_query: str, before_query: str | None) -> Job:
    """Say that a job comes after another (or nothing, with None).

    Args:
        ctx: the service context.
        job_query: the job that comes after (id or unique part of the title).
        before_query: the job to finish first, or None to remove the precedence.

    Returns:
        The updated job.

    Raises:
        InputError: a job after itself, or a cycle (A after B after A).
        NotFoundError, AmbiguousError: a query does not name one job.
    """
    with ctx.uow() as uow:
        job = find_job(uow, job_query)
        before = find_job(uow, before_query) if before_query else None
        if before is not None:
            if before.id == job.id:
                raise InputError("a job cannot come after itself", field="--after")
            jobs = {j.id: j for j in uow.jobs.list()}
            seen: set[str] = set()
            cursor = before
            while cursor.after_id is not None and cursor.after_id in jobs:
                if cursor.after_id in seen:
                    break
                if cursor.after_id == job.id:
                    raise InputError(
                        f"'{before.title}' already comes after '{job.title}'", field="--after"
                    )
                seen.add(cursor.id)
                cursor = jobs[cursor.after_id]
        updated = dataclasses.replace(job, after_id=before.id if before else None)
        uow.jobs.update(updated)
    return updated


def set_waiting(ctx: ServiceContext, job_query: str, waiting: bool) -> Job:
    """Mark a job waiting for the client (not planned, attention paused), or back to work
    (in progress when time was spent on it, else to do).

    Args:
        ctx: the service context.
        job_query: the job (id or unique part of the title).
        waiting: True to mark it waiting, False to resume it.

    Returns:
        The updated job.

    Raises:
        InputError: the job is done or cancelled.
        NotFoundError, AmbiguousError: ``job_query`` does not name one job.
    """
    with ctx.uow() as uow:
        job = find_job(uow, job_query)
        if job.status in (JobStatus.DONE, JobStatus.CANCELLED):
            raise InputError(f"'{job.title}' is {job.status.value}", field="JOB")
        if not waiting and job.status is not JobStatus.WAITING:
            raise InputError(f"'{job.title}' is not waiting: nothing to resume", field="JOB")
        if waiting:
            status = JobStatus.WAITING
        else:
            status = JobStatus.IN_PROGRESS if job.spent_minutes > 0 else JobStatus.TODO
        updated = dataclasses.replace(job, status=status)
        uow.jobs.update(updated)
    return updated
