"""Import clients and jobs (CSV) and busy time (iCalendar), all or nothing.

A CSV import is one transaction: any bad row fails the whole file and nothing is stored.
Re-importing updates instead of duplicating: clients by name, jobs by client and title
(a job's time entries are kept: its time spent becomes the file's plus theirs),
calendar events by UID (events that vanished from a re-imported file are forgotten, unless
the file had damaged events: then they are kept).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import PurePath

from creneau.domain.errors import ImportFailed, InputError
from creneau.domain.models import Client, Job, JobStatus
from creneau.domain.text import normalize, stable_id
from creneau.services.context import ServiceContext
from creneau.services.ports import UnitOfWork


@dataclass(slots=True)
class ImportReport:
    """What an import did.

    Args:
        file: the file name.
        kind: ``"clients"``, ``"jobs"`` or ``"calendar"``.
        created, updated, removed: how many items.
        kept: stored events missing from a re-imported calendar file that had warnings
            (kept, since the file may be damaged).
        warnings: items skipped or repaired (calendar), each naming its line and UID.
    """

    file: str
    kind: str
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0
    warnings: list[InputError] = field(default_factory=list)


def import_file(ctx: ServiceContext, data: bytes, filename: str) -> ImportReport:
    """Import one file, by its extension (``.csv`` clients or jobs, ``.ics`` calendar).

    Args:
        ctx: the service context.
        data: the file's bytes.
        filename: its name, used in messages and as the calendar source.

    Raises:
        InputError: unknown file type or unreadable file.
        ImportFailed: listing every bad row (file, line, field); nothing was stored.
    """
    name = PurePath(filename).name
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".ics", ".ical", ".ifb", ".icalendar"):
        return import_calendar(ctx, data, name)
    if suffix in (".csv", ".txt"):
        kind = ctx.spreadsheets.kind_of(data, name)
        if kind == "clients":
            return import_clients(ctx, data, name)
        return import_jobs(ctx, data, name)
    raise InputError("unknown file type: expected .csv (clients, jobs) or .ics", file=name)


def import_clients(ctx: ServiceContext, data: bytes, filename: str) -> ImportReport:
    """Import a clients CSV; clients with the same name (ignoring case/accents) are updated."""
    rows = ctx.spreadsheets.read_clients(data, filename)
    report = ImportReport(filename, "clients")
    with ctx.uow() as uow:
        existing = {normalize(c.name): c for c in uow.clients.list()}
        taken = {c.id for c in existing.values()}
        for row in rows:
            old = existing.get(normalize(row.client.name))
            if old is not None:
                uow.clients.update(dataclasses.replace(row.client, id=old.id))
                report.updated += 1
            else:
                new_id = stable_id("c", row.client.name, taken)
                taken.add(new_id)
                client = dataclasses.replace(row.client, id=new_id)
                uow.clients.add(client)
                existing[normalize(client.name)] = client
                report.created += 1
    return report


def _client_index(uow: UnitOfWork) -> dict[str, Client]:
    return {normalize(c.name): c for c in uow.clients.list()}


def import_jobs(ctx: ServiceContext, data: bytes, filename: str) -> ImportReport:
    """Import a jobs CSV; jobs with the same client and title are updated.

    Raises:
        ImportFailed: bad rows, or rows naming a client that does not exist (field
            ``client``); nothing is stored.
    """
    tz = ctx.settings().tz
    with ctx.uow() as uow:
        known = set(_client_index(uow))
    rows = ctx.spreadsheets.read_jobs(
        data, filename, tz, known_client=lambda name: normalize(name) in known
    )
    report = ImportReport(filename, "jobs")
    with ctx.uow() as uow:
        clients = _client_index(uow)
        jobs = uow.jobs.list()
        by_key = {(j.client_id, normalize(j.title)): j for j in jobs}
        taken = {j.id for j in jobs}
        errors: list[InputError] = []
        planned: list[tuple[Job, bool]] = []
        for row in rows:
            client = clients.get(normalize(row.client_name))
            if client is None:
                errors.append(
                    InputError(
                        f"no client named '{row.client_name}' (import the clients first)",
                        file=filename,
                        line=row.line,
                        field="client",
                        value=row.client_name,
                    )
                )
                continue
            old = by_key.get((client.id, normalize(row.title)))
            job_id = old.id if old else stable_id("j", f"{client.id} {row.title}", taken)
            taken.add(job_id)
            try:
                job = row.to_job(job_id, client.id)
            except ValueError as exc:
                field_name, _, message = str(exc).partition(": ")
                errors.append(
                    InputError(message or str(exc), file=filename, line=row.line, field=field_name)
                )
                continue
            if old is not None:
                job = _reimported(uow, old, job)
            planned.append((job, old is not None))
        if errors:
            raise ImportFailed(filename, errors)
        for job, is_update in planned:
            if is_update:
                uow.jobs.update(job)
                report.updated += 1
            else:
                uow.jobs.add(job)
                report.created += 1
    return report


def _reimported(uow: UnitOfWork, old: Job, new: Job) -> Job:
    """A stored job updated from a re-imported row: the row's time spent is the time spent
    outside Créneau, so the job's time entries are added to it (they are kept); what the
    file does not hold is kept too (the re-estimate of the work left, the job it comes
    after, its own hourly rate when the file gives none, and its delivery date while it
    stays done), and its status never moves back (to do < started < done or cancelled)."""
    logged = sum(entry.minutes for entry in uow.time_entries.list(job_id=old.id))
    # a status never moves back on a re-import: a job she marked done (or started) in
    # Créneau stays so when her spreadsheet still says "todo"
    status = old.status if _progress(old.status) > _progress(new.status) else new.status
    return dataclasses.replace(
        new,
        status=status,
        spent_minutes=new.spent_minutes + logged,
        remaining_minutes=old.remaining_minutes,
        after_id=old.after_id,
        hourly_rate=new.hourly_rate if new.hourly_rate is not None else old.hourly_rate,
        done_on=old.done_on if status is JobStatus.DONE else None,
    )


def _progress(status: JobStatus) -> int:
    """How far a job has gone: 0 to do, 1 started (in progress or waiting), 2 closed."""
    if status is JobStatus.TODO:
        return 0
    return 1 if status in (JobStatus.IN_PROGRESS, JobStatus.WAITING) else 2


def import_calendar(ctx: ServiceContext, data: bytes, filename: str) -> ImportReport:
    """Import an .ics file as busy time (events stored as imported, expanded on demand).

    Raises:
        InputError: the file is not iCalendar at all (nothing stored).
    """
    tz = ctx.settings().tz
    parsed = ctx.calendar.parse(data, filename, tz)
    report = ImportReport(filename, "calendar", warnings=list(parsed.warnings))
    with ctx.uow() as uow:
        before = {r.uid for r in uow.calendar.list(filename)}
        seen = {record.uid for record in parsed.records}
        report.created = uow.calendar.upsert_many(parsed.records)
        report.updated = len(parsed.records) - report.created
        vanished = sorted(before - seen)
        if parsed.warnings:
            # a damaged file may have lost events by accident: keep what was stored
            report.kept = len(vanished)
        else:
            for uid in vanished:
                uow.calendar.delete(filename, uid)
                report.removed += 1
    return report
