"""Use cases on clients, jobs and settings: add, list, show, edit, delete, done, cancel."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from creneau.domain.durations import format_minutes
from creneau.domain.errors import EstimateUsed, InputError
from creneau.domain.models import Client, Job, JobStatus
from creneau.domain.text import normalize, stable_id
from creneau.services.context import ServiceContext
from creneau.services.lookup import resolve
from creneau.services.ports import UnitOfWork
from creneau.settings import SECRET_SETTINGS, SPEC_BY_NAME, load_settings, parse_setting


def _domain_error(exc: ValueError) -> InputError:
    field, _, message = str(exc).partition(": ")
    if not message:
        return InputError(str(exc))
    return InputError(message, field=field)


def find_client(uow: UnitOfWork, query: str) -> Client:
    """The client matching ``query`` (id or unique part of the name; see ``resolve``)."""
    return resolve(
        uow.clients.list(), query, what="client", key=lambda c: c.id, name=lambda c: c.name
    )


def find_job(uow: UnitOfWork, query: str, client_query: str | None = None) -> Job:
    """The job matching ``query`` (id or unique part of its title), optionally of one client."""
    jobs = uow.jobs.list(find_client(uow, client_query).id if client_query else None)
    return resolve(jobs, query, what="job", key=lambda j: j.id, name=lambda j: j.title)


def add_client(ctx: ServiceContext, **fields: Any) -> Client:
    """Store a new client.

    Args:
        ctx: the service context.
        fields: :class:`~creneau.domain.models.Client` fields except ``id``.

    Raises:
        InputError: a field is invalid or the name is already used.
    """
    with ctx.uow() as uow:
        existing = uow.clients.list()
        name = str(fields.get("name", ""))
        if any(normalize(c.name) == normalize(name) for c in existing):
            raise InputError(f"a client named '{name}' exists already", field="name")
        try:
            client = Client(id=stable_id("c", name, {c.id for c in existing}), **fields)
        except ValueError as exc:
            raise _domain_error(exc) from exc
        uow.clients.add(client)
    return client


def edit_client(ctx: ServiceContext, query: str, changes: Mapping[str, Any]) -> Client:
    """Change some fields of a client (its id never changes).

    Raises:
        NotFoundError, AmbiguousError: ``query`` does not name one client.
        InputError: a changed field is invalid or the new name is taken.
    """
    with ctx.uow() as uow:
        client = find_client(uow, query)
        if "name" in changes and any(
            normalize(c.name) == normalize(str(changes["name"])) and c.id != client.id
            for c in uow.clients.list()
        ):
            raise InputError(f"a client named '{changes['name']}' exists already", field="name")
        try:
            updated = dataclasses.replace(client, **changes)
        except ValueError as exc:
            raise _domain_error(exc) from exc
        uow.clients.update(updated)
    return updated


def delete_client(ctx: ServiceContext, query: str) -> tuple[Client, int]:
    """Delete a client and its jobs; returns the client and how many jobs went with it.

    Raises:
        NotFoundError, AmbiguousError: ``query`` does not name one client.
        InputError: the client has invoices (their payments are receipts she declares:
            deleting the client would delete them; ``invoice delete`` them first).
    """
    with ctx.uow() as uow:
        client = find_client(uow, query)
        invoices = uow.invoices.list(client.id)
        if invoices:
            numbers = ", ".join(i.number for i in invoices)
            raise InputError(
                f"{client.name} has invoices ({numbers}): their payments are receipts you "
                "declare; delete them first with 'invoice delete' if you really mean it",
                field="CLIENT",
            )
        count = len(uow.jobs.list(client.id))
        uow.clients.delete(client.id)
    return client, count


def list_clients(ctx: ServiceContext) -> list[Client]:
    """Every client, sorted by name."""
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        return uow.clients.list()


def get_client(ctx: ServiceContext, query: str) -> tuple[Client, list[Job]]:
    """One client and its jobs."""
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        client = find_client(uow, query)
        return client, uow.jobs.list(client.id)


def add_job(ctx: ServiceContext, client_query: str, **fields: Any) -> Job:
    """Store a new job for a client.

    Args:
        ctx: the service context.
        client_query: the client (id or unique part of the name).
        fields: :class:`~creneau.domain.models.Job` fields except ``id`` and ``client_id``.

    Raises:
        InputError: a field is invalid (also both a price and an hourly rate, or a work
            left of 0 on a job not done) or the client has a job with that title.
    """
    with ctx.uow() as uow:
        client = find_client(uow, client_query)
        title = str(fields.get("title", ""))
        if any(normalize(j.title) == normalize(title) for j in uow.jobs.list(client.id)):
            raise InputError(f"{client.name} has a job '{title}' already", field="title")
        try:
            job = Job(
                id=stable_id("j", f"{client.id} {title}", uow.jobs.ids()),
                client_id=client.id,
                **fields,
            )
        except ValueError as exc:
            raise _domain_error(exc) from exc
        _check_job(job, fields)
        uow.jobs.add(job)
    return job


def edit_job(
    ctx: ServiceContext, query: str, changes: Mapping[str, Any], *, today: date | None = None
) -> Job:
    """Change some fields of a job.

    ``spent_minutes`` is the job's total time spent (what ``job show`` shows): the time
    entries stay, and the time spent outside them becomes the new total minus their sum.
    A job marked done gets ``done_on`` (the delivery date), ``today``; a job that leaves
    ``done`` loses it.

    Args:
        ctx: the service context.
        query: the job (id or unique part of its title).
        changes: :class:`~creneau.domain.models.Job` fields and their new values.
        today: the local date of "now" (``--now``), for ``done_on``; the clock's date in
            her zone when not given.

    Raises:
        NotFoundError, AmbiguousError: ``query`` does not name one job.
        EstimateUsed: an open job's time spent reaches its estimate and no work left is
            given (``remaining_minutes``): the plan needs it.
        InputError: a changed field is invalid, the total time spent is below the sum
            of the job's time entries (field ``spent``), both a price and an hourly rate, a
            work left of 0 on a job not done (``remaining``), or the job marked done or
            cancelled while its timer runs (``status``).
    """
    tz = ctx.settings().tz
    with ctx.uow() as uow:
        job = find_job(uow, query)
        if "client_id" in changes:
            changes = {**changes, "client_id": find_client(uow, str(changes["client_id"])).id}
        if "spent_minutes" in changes:
            logged = sum(e.minutes for e in uow.time_entries.list(job_id=job.id))
            if int(changes["spent_minutes"]) < logged:
                raise InputError(
                    f"its time entries already add up to {format_minutes(logged)}: the time "
                    "spent cannot be less (edit or delete entries with 'creneau entry')",
                    field="spent",
                )
        if "status" in changes and "done_on" not in changes:
            if changes["status"] is JobStatus.DONE and job.status is not JobStatus.DONE:
                changes = {**changes, "done_on": today or datetime.now(tz).date()}
            elif changes["status"] is not JobStatus.DONE:
                changes = {**changes, "done_on": None}
        try:
            updated = dataclasses.replace(job, **changes)
        except ValueError as exc:
            raise _domain_error(exc) from exc
        _check_job(updated, changes)
        _check_overrun(updated, changes)
        if updated.status in (JobStatus.DONE, JobStatus.CANCELLED):
            running = uow.time_entries.running()
            if running is not None and running.job_id == job.id:
                raise InputError(
                    f"the timer runs on '{job.title}': stop it first ('creneau stop'), so "
                    "that its time counts",
                    field="status",
                )
        uow.jobs.update(updated)
    return updated


def work_left(job: Job) -> int:
    """Minutes of work left on a job whatever its status: the re-estimate if set, else
    estimate - spent, never below 0."""
    if job.remaining_minutes is not None:
        return job.remaining_minutes
    return max(0, job.effort_minutes - job.spent_minutes)


def overrun_error(job: Job) -> EstimateUsed:
    """The error asking for the work left on an open job whose work left is used up (its
    time spent reached its estimate, or the re-estimate she gave is used up)."""
    spent, effort = format_minutes(job.spent_minutes), format_minutes(job.effort_minutes)
    used = (
        "has used the work left you gave"
        if job.remaining_minutes is not None
        else "has used its whole estimate"
    )
    return EstimateUsed(
        f"'{job.title}' {used} ({spent} spent of {effort} estimated): give the work left "
        "with --remaining (e.g. --remaining 2h), or mark it done",
        job_id=job.id,
        spent_minutes=job.spent_minutes,
        effort_minutes=job.effort_minutes,
        title=job.title,
        re_estimate_used=job.remaining_minutes is not None,
    )


def _check_job(job: Job, changes: Mapping[str, Any]) -> None:
    """Rules across fields, for a job added or changed (``changes``: the fields given):
    a fixed price or an hourly rate, not both; no work left of 0 on a job not done (it
    would drop out of the plan unfinished: mark it done instead).

    Raises:
        InputError: naming ``price``/``hourly_rate`` or ``remaining``.
    """
    if job.price is not None and job.hourly_rate is not None:
        given = "hourly_rate" if "hourly_rate" in changes else "price"
        raise InputError(
            f"a job has a fixed price ({job.price} €) or an hourly rate ({job.hourly_rate} €/h), "
            "not both: clear one of them",
            field=given,
        )
    if "remaining_minutes" in changes and job.remaining_minutes == 0 and job.status.is_open:
        raise no_work_left_error("remaining")


def no_work_left_error(field: str) -> InputError:
    """The error for a work left of 0 given on a job not done (it would drop out of the
    plan unfinished), naming ``field``."""
    return InputError(
        "the work left on a job not done must be more than 0: if it is finished, mark it "
        "done ('creneau job done')",
        field=field,
    )


def _check_overrun(job: Job, changes: Mapping[str, Any]) -> None:
    """An open job whose time spent reaches its estimate needs the work left, not a silent
    zero (it would drop out of the plan while not done)."""
    touched = {"spent_minutes", "effort_minutes", "remaining_minutes", "status"} & set(changes)
    if (
        touched
        and job.status.is_open
        and job.remaining_minutes is None
        and job.spent_minutes >= job.effort_minutes
    ):
        raise overrun_error(job)


def set_job_status(
    ctx: ServiceContext,
    query: str,
    status: JobStatus,
    *,
    today: date | None = None,
    delivered: date | None = None,
) -> Job:
    """Mark a job done, cancelled, waiting, todo or in progress.

    Args:
        ctx: the service context.
        query: the job (id or unique part of its title).
        status: the new status.
        today: the local date of "now", the delivery date (``done_on``) of a job marked
            done (the clock's date in her zone when not given).
        delivered: for a job marked done, the day it was delivered when not today (its
            fixed price then counts in that day's month).

    Raises:
        NotFoundError, AmbiguousError: ``query`` does not name one job.
        InputError: ``delivered`` given for another status, after today or before the
            job was received (field ``--on``).
        EstimateUsed: an open job has used its estimate (see :func:`edit_job`).
    """
    if delivered is None:
        return edit_job(ctx, query, {"status": status}, today=today)
    if status is not JobStatus.DONE:
        raise InputError("a delivery day is for a job marked done", field="--on")
    current = today or datetime.now(ctx.settings().tz).date()
    if delivered > current:
        raise InputError(f"{delivered} is after today ({current})", field="--on")
    with ctx.uow(read_only=True) as uow:
        job = find_job(uow, query)
    if delivered < job.received:
        raise InputError(
            f"{delivered} is before the job was received ({job.received})", field="--on"
        )
    return edit_job(ctx, query, {"status": status, "done_on": delivered}, today=today)


def list_jobs(
    ctx: ServiceContext, client_query: str | None = None, *, include_closed: bool = False
) -> list[tuple[Job, Client]]:
    """Jobs with their clients (open ones only unless ``include_closed``), by due date."""
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        clients = {c.id: c for c in uow.clients.list()}
        client_id = find_client(uow, client_query).id if client_query else None
        jobs = uow.jobs.list(client_id)
    return [
        (j, clients[j.client_id])
        for j in jobs
        if include_closed or j.status.is_open or j.status is JobStatus.WAITING
    ]


def get_job(ctx: ServiceContext, query: str) -> tuple[Job, Client]:
    """One job and its client."""
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        job = find_job(uow, query)
        client = uow.clients.get(job.client_id)
        assert client is not None
        return job, client


def set_setting(ctx: ServiceContext, name: str, value: str) -> None:
    """Store one setting after checking it (and the whole set still makes sense).

    Raises:
        InputError: naming the setting.
    """
    set_settings(ctx, {name: value})


def set_settings(ctx: ServiceContext, changes: Mapping[str, str]) -> None:
    """Store several settings at once, all or nothing: each value and the whole new set
    (stored settings with ``changes`` applied, planning rules included) are checked before
    any is stored, in one transaction.

    Args:
        changes: setting name → its new text.

    Raises:
        InputError: naming the first bad setting (or the planning rules); nothing stored.
    """
    for name, value in changes.items():
        parse_setting(name, value)
    with ctx.uow() as uow:
        stored = uow.settings.all()
        settings = load_settings({**stored, **changes}, environ={})
        if any(name.startswith("holidays.") for name in changes):
            provider = ctx.holidays(
                settings.values["holidays.country"],
                settings.values["holidays.subdivision"] or None,
            )
            provider.holidays_between(date(2026, 1, 1), date(2026, 12, 31))
        for name, value in changes.items():
            if name in SECRET_SETTINGS and ctx.secrets is not None:
                continue
            uow.settings.set(name, value)
        for name, value in changes.items():
            if name in SECRET_SETTINGS and ctx.secrets is not None:
                # the keyring or her private file, never the database; stored last, when
                # every check has passed
                ctx.secrets.set(name, value)
                uow.settings.unset(name)


def reset_setting(ctx: ServiceContext, name: str) -> None:
    """Forget one stored setting (back to its default).

    Raises:
        InputError: the setting does not exist.
    """
    if name not in SPEC_BY_NAME:
        parse_setting(name, "")  # raises the "unknown setting" error, listing the known ones
    with ctx.uow() as uow:
        uow.settings.unset(name)
    if name in SECRET_SETTINGS and ctx.secrets is not None:
        ctx.secrets.delete(name)


def secrets_held(ctx: ServiceContext) -> dict[str, str]:
    """The secret settings kept outside the database, each with where (the keyring or the
    private file); a secret given by the environment is not listed."""
    if ctx.secrets is None:
        return {}
    return {name: ctx.secrets.where() for name in sorted(SECRET_SETTINGS) if ctx.secrets.get(name)}
