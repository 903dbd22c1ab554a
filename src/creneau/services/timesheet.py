"""Time she spends on jobs: the timer (start, stop, switch), time logged afterwards, edits
and deletions of time entries, and what each does to the job's time spent and work left.

Each use case is one transaction: the entry and its job change together or not at all.
The rules (also in the README):

- **Time spent.** ``Job.spent_minutes`` is the job's total time spent: the minutes
  imported from ``jobs.csv`` or typed (``--spent``) plus the sum of its time entries.
  Every entry change updates it at once: a stopped timer or a logged entry adds its
  minutes, a deleted entry takes them off, an edited one adds or takes off the
  difference; never below 0. A running timer counts once stopped.
- **Work left.** Without a re-estimate the work left is estimate - spent, so recorded
  time reduces it. A re-estimate (``Job.remaining_minutes``, ``--remaining``) is the work
  left when she gave it; time recorded afterwards is work done on it, so every change of
  the time spent by d changes the re-estimate by -d, never below 0 (logging 1h on a job
  with 3h left leaves 2h; deleting that entry gives the hour back).
- **Overrun.** When recorded time uses up the work left of an open job (its time spent
  reaches its estimate, or the re-estimate is used up) the job is not done, so the plan
  needs the work left: :class:`~creneau.domain.errors.EstimateUsed` is raised and nothing
  is stored, unless ``remaining`` (the work left after this entry) is given.
- **A todo job** becomes ``in_progress`` when a timer starts on it or time is recorded.
- **No overlap.** She works on one thing at a time: an entry (logged, edited or a stopped
  timer) may not overlap another one, nor the running timer (counted up to now); the error
  names the other entry. A log without ``--at`` takes the first free stretch of that day
  from her day start (after the entries already there), so that several logs of one day
  follow each other.
- **A suspicious timer.** A timer stopped on a later local day than it started (it ran
  over midnight) or after more than :data:`LONGEST_RUN_MINUTES` is not counted silently:
  :class:`~creneau.domain.errors.TimerNeedsConfirmation` is raised (nothing stored) unless
  ``confirm`` is given, or the real end or duration.

Times are aware datetimes, durations whole minutes; a bare ``time`` is a local
wall-clock time in her zone (the ``timezone`` setting).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from creneau.domain.durations import format_minutes
from creneau.domain.errors import InputError, NotFoundError, TimerNeedsConfirmation
from creneau.domain.models import Client, Job, JobStatus, TimeEntry
from creneau.domain.text import stable_id
from creneau.planning.problem import local_datetime
from creneau.services.catalog import find_job, no_work_left_error, overrun_error, work_left
from creneau.services.context import ServiceContext
from creneau.services.ports import UnitOfWork

LONGEST_RUN_MINUTES = 10 * 60
"""A timer that ran longer than this (10 hours) needs confirmation before it counts."""

LONGEST_LOG_MINUTES = 24 * 60
"""A logged entry covers one day at most."""

DEFAULT_DAY_START = time(9, 0)
"""Where a log without ``--at`` starts on a day without working periods."""


@dataclass(frozen=True, slots=True)
class Recorded:
    """A time entry recorded, changed or deleted, and its job afterwards.

    Args:
        entry: the entry (as stored, or as it was before it was deleted).
        job: the job after the change (time spent, work left, status).
        minutes: how much the job's time spent changed (negative: taken off).
    """

    entry: TimeEntry
    job: Job
    minutes: int


@dataclass(frozen=True, slots=True)
class Started:
    """A timer started.

    Args:
        entry: the running entry.
        job: its job.
        stopped: the timer that was running on another job and was stopped first, or None.
        already: True when the timer already ran on this job (nothing changed).
    """

    entry: TimeEntry
    job: Job
    stopped: Recorded | None = None
    already: bool = False


@dataclass(frozen=True, slots=True)
class EntryLine:
    """One time entry with its job and client, for listing.

    Args:
        entry: the entry.
        job: its job.
        client: the job's client.
        minutes: minutes worked by "now" (a running timer counts up to now).
    """

    entry: TimeEntry
    job: Job
    client: Client
    minutes: int


def start_timer(
    ctx: ServiceContext,
    job_query: str,
    now: datetime,
    *,
    note: str = "",
    confirm: bool = False,
    end: datetime | time | None = None,
    minutes: int | None = None,
    remaining: int | None = None,
) -> Started:
    """Start the timer on a job at ``now``; a timer running on another job is stopped
    first (recorded, as :func:`stop_timer` does, in the same transaction).

    Args:
        ctx: the service context.
        job_query: the job (id or unique part of its title).
        now: aware datetime.
        note: free text for the new entry.
        confirm, end, minutes, remaining: for the timer stopped first, as in
            :func:`stop_timer`.

    Returns:
        The new running entry (or the one already running on this job).

    Raises:
        NotFoundError, AmbiguousError: ``job_query`` does not name one job.
        InputError: the job is done or cancelled (field ``JOB``).
        TimerNeedsConfirmation, EstimateUsed, InputError: stopping the running timer
            needs her word (see :func:`stop_timer`); nothing is stored.
    """
    tz = ctx.settings().tz
    with ctx.uow() as uow:
        job = find_job(uow, job_query)
        if job.status in (JobStatus.DONE, JobStatus.CANCELLED):
            raise InputError(
                f"'{job.title}' is {job.status.value}: reopen it first "
                f"('creneau job edit --status in_progress')",
                field="JOB",
            )
        running = uow.time_entries.running()
        if running is not None and running.job_id == job.id:
            return Started(running, job, already=True)
        stopped = None
        if running is not None:
            stopped = _stop(uow, running, now, tz, confirm, end, minutes, remaining)
        entry = TimeEntry(
            id=_new_id(uow, job.id, now), job_id=job.id, start=now, note=note, source="timer"
        )
        uow.time_entries.add(entry)
        if job.status is JobStatus.TODO:
            job = dataclasses.replace(job, status=JobStatus.IN_PROGRESS)
            uow.jobs.update(job)
    return Started(entry, job, stopped)


def stop_timer(
    ctx: ServiceContext,
    now: datetime,
    *,
    confirm: bool = False,
    end: datetime | time | None = None,
    minutes: int | None = None,
    remaining: int | None = None,
    done: bool = False,
) -> Recorded:
    """Stop the running timer and add its minutes to its job's time spent.

    Args:
        ctx: the service context.
        now: aware datetime; the timer ends then unless ``end`` or ``minutes`` is given.
        confirm: count a timer that ran over midnight or too long as it is.
        end: the real end: an aware datetime, or a local time meaning its first
            occurrence after the timer's start (that day, else the next); not after now.
        minutes: the real time worked instead (> 0), from the timer's start.
        remaining: the work left on the job after this, a re-estimate (minutes; > 0 on a
            job not done).
        done: the job is finished with this time: it is marked done (delivered on the
            local day the timer stops), in the same transaction; no work left is asked.

    Returns:
        The stopped entry and its job.

    Raises:
        InputError: no timer runs; ``end`` and ``minutes`` both given, an end not after
            the start or after now (field ``--end`` or ``--duration``).
        TimerNeedsConfirmation: it ran over local midnight or longer than
            :data:`LONGEST_RUN_MINUTES`, and neither ``confirm``, ``end`` nor ``minutes``
            is given; nothing is stored.
        EstimateUsed: an overrun (see the module) without ``remaining`` or ``done``;
            nothing stored.
    """
    if done and remaining is not None:
        raise InputError(
            "a finished job has no work left: give --done or --remaining", field="--done"
        )
    tz = ctx.settings().tz
    with ctx.uow() as uow:
        running = uow.time_entries.running()
        if running is None:
            raise InputError("no timer is running (start one with 'creneau start JOB')")
        return _stop(uow, running, now, tz, confirm, end, minutes, remaining, done)


def log_time(
    ctx: ServiceContext,
    job_query: str,
    minutes: int,
    now: datetime,
    *,
    on: date | None = None,
    at: time | None = None,
    note: str = "",
    remaining: int | None = None,
) -> Recorded:
    """Record time worked on a job afterwards (an entry of source ``log``).

    Without ``at`` the entry starts when her first working period of that day starts (her
    weekly hours), or at 09:00 on a day without any, or at the end of the entries already
    there (the first free stretch long enough); for today it must end by ``now`` (the
    latest free stretch before now is taken when nothing later is free).

    Args:
        ctx: the service context.
        job_query: the job (id or unique part of its title).
        minutes: the time worked (1 to 1,440 minutes).
        now: aware datetime.
        on: the local day worked (default: today); not after today.
        at: the local time it started; it must end by ``now``.
        note: free text.
        remaining: the work left on the job after this, a re-estimate (minutes; > 0 on a
            job not done).

    Returns:
        The new entry and its job.

    Raises:
        InputError: naming ``DURATION``, ``--on`` or ``--at``: also when the entry would
            overlap another one, or the day has no free stretch that long (nothing stored).
        NotFoundError, AmbiguousError: ``job_query`` does not name one job.
        EstimateUsed: an overrun (see the module) without ``remaining``; nothing stored.
    """
    if not 0 < minutes <= LONGEST_LOG_MINUTES:
        raise InputError(
            f"must be more than 0 and at most 24h, got {format_minutes(minutes)}",
            field="DURATION",
        )
    settings = ctx.settings()
    tz = settings.tz
    today = now.astimezone(tz).date()
    day = on or today
    if day > today:
        raise InputError(f"{day} is after today ({today}): log time already worked", field="--on")
    length = timedelta(minutes=minutes)
    if at is not None:
        start = local_datetime(day, at, tz)
        if _utc(_after(start, length)) > _utc(now):
            raise InputError(
                f"it would end at {_after(start, length).astimezone(tz):%Y-%m-%d %H:%M}, "
                f"after now ({now.astimezone(tz):%Y-%m-%d %H:%M})",
                field="--at",
            )
    with ctx.uow() as uow:
        job = find_job(uow, job_query)
        if at is None:
            periods = settings.weekly_hours()[day.weekday()]
            start = _free_start(
                uow,
                day,
                periods[0].start if periods else DEFAULT_DAY_START,
                length,
                now,
                tz,
            )
        entry = TimeEntry(
            id=_new_id(uow, job.id, start),
            job_id=job.id,
            start=start,
            end=_after(start, length),
            note=note,
            source="log",
        )
        _refuse_overlap(uow, entry, now, tz, "--at")
        uow.time_entries.add(entry)
        return Recorded(entry, _record(uow, job, entry.minutes, remaining), entry.minutes)


def edit_entry(
    ctx: ServiceContext,
    entry_id: str,
    now: datetime,
    *,
    start: datetime | time | None = None,
    end: datetime | time | None = None,
    minutes: int | None = None,
    note: str | None = None,
    remaining: int | None = None,
) -> Recorded:
    """Change a time entry's start, end or duration (or note); its job's time spent
    changes by the difference.

    Changing the start keeps the end (the duration changes); ``minutes`` sets the end
    from the (new) start. Giving an end or a duration to a running timer stops it.

    Args:
        ctx: the service context.
        entry_id: the entry's id (``creneau entries``).
        now: aware datetime; no start or end may be after it.
        start: aware datetime, or a local time on the entry's day.
        end: aware datetime, or a local time: its first occurrence after the start.
        minutes: the duration instead of ``end`` (> 0).
        note: the new note.
        remaining: the work left on the job after this, a re-estimate (minutes; > 0 on a
            job not done).

    Returns:
        The changed entry and its job.

    Raises:
        NotFoundError: no entry has this id.
        InputError: nothing to change, ``end`` and ``minutes`` both given, a start or end
            after now, an end not after the start, an entry of more than 24 hours or one
            that overlaps another entry (naming the option); nothing stored.
        EstimateUsed: more time that uses up the work left, without ``remaining``.
    """
    if start is None and end is None and minutes is None and note is None:
        raise InputError("nothing to change: give --start, --end, --duration or --note")
    if end is not None and minutes is not None:
        raise InputError("give --end or --duration, not both", field="--end")
    tz = ctx.settings().tz
    with ctx.uow() as uow:
        entry = uow.time_entries.get(entry_id.strip())
        if entry is None:
            raise NotFoundError("time entry", entry_id)
        new_start = entry.start
        if start is not None:
            new_start = _moment(start, entry.start, tz, same_day=True)
            if _utc(new_start) > _utc(now):
                raise InputError(_later_than_now(new_start, now, tz), field="--start")
        new_end = entry.end
        option = "--end"
        if end is not None:
            new_end = _moment(end, new_start, tz, same_day=False)
        elif minutes is not None:
            if minutes <= 0:
                raise InputError("a duration must be positive", field="--duration")
            new_end, option = _after(new_start, timedelta(minutes=minutes)), "--duration"
        if (
            new_end is not None
            and (end is not None or minutes is not None)
            and _utc(new_end) > _utc(now)
        ):
            raise InputError(_later_than_now(new_end, now, tz), field=option)
        if new_end is not None and _utc(new_end) <= _utc(new_start):
            raise InputError(
                f"the end ({new_end.astimezone(tz):%Y-%m-%d %H:%M}) must be after the start "
                f"({new_start.astimezone(tz):%Y-%m-%d %H:%M})",
                field=option if end is not None or minutes is not None else "--start",
            )
        field = option if end is not None or minutes is not None else "--start"
        if new_end is not None and _minutes(new_start, new_end) > LONGEST_LOG_MINUTES:
            raise InputError(
                f"an entry covers 24h at most, this one would last "
                f"{format_minutes(_minutes(new_start, new_end))}",
                field=field,
            )
        changed = dataclasses.replace(
            entry, start=new_start, end=new_end, note=entry.note if note is None else note
        )
        _refuse_overlap(uow, changed, now, tz, field)
        uow.time_entries.update(changed)
        delta = changed.minutes - entry.minutes
        job = _job_of(uow, entry)
        return Recorded(changed, _record(uow, job, delta, remaining), delta)


def delete_entry(ctx: ServiceContext, entry_id: str) -> Recorded:
    """Delete a time entry; its minutes are taken off its job's time spent.

    Args:
        ctx: the service context.
        entry_id: the entry's id (``creneau entries``).

    Returns:
        The deleted entry and its job afterwards.

    Raises:
        NotFoundError: no entry has this id.
    """
    with ctx.uow() as uow:
        entry = uow.time_entries.get(entry_id.strip())
        if entry is None:
            raise NotFoundError("time entry", entry_id)
        uow.time_entries.delete(entry.id)
        job = _job_of(uow, entry)
        return Recorded(entry, _record(uow, job, -entry.minutes, None), -entry.minutes)


def list_entries(
    ctx: ServiceContext, now: datetime, job_query: str | None = None
) -> list[EntryLine]:
    """Time entries by start (one job's when given), each with its job and client.

    Args:
        ctx: the service context.
        now: aware datetime (a running timer's minutes count up to it).
        job_query: only this job's entries (id or unique part of its title), when given.

    Raises:
        NotFoundError, AmbiguousError: ``job_query`` does not name one job.
    """
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        job_id = find_job(uow, job_query).id if job_query else None
        entries = uow.time_entries.list(job_id=job_id)
        jobs = {j.id: j for j in uow.jobs.list()}
        clients = {c.id: c for c in uow.clients.list()}
    return [
        EntryLine(e, jobs[e.job_id], clients[jobs[e.job_id].client_id], e.minutes_until(now))
        for e in entries
    ]


def running_timer(ctx: ServiceContext) -> tuple[TimeEntry, Job] | None:
    """The running timer and its job, or None."""
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        entry = uow.time_entries.running()
        return None if entry is None else (entry, _job_of(uow, entry))


def needs_confirmation(start: datetime, end: datetime, tz: ZoneInfo) -> str | None:
    """Why a timer from ``start`` to ``end`` cannot count without her word: ``"midnight"``
    (it ends on a later local day), ``"long"`` (more than :data:`LONGEST_RUN_MINUTES`),
    or None."""
    if end.astimezone(tz).date() != start.astimezone(tz).date():
        return "midnight"
    if _minutes(start, end) > LONGEST_RUN_MINUTES:
        return "long"
    return None


# --- inside a transaction -----------------------------------------------------------------


def _stop(
    uow: UnitOfWork,
    entry: TimeEntry,
    now: datetime,
    tz: ZoneInfo,
    confirm: bool,
    end: datetime | time | None,
    minutes: int | None,
    remaining: int | None,
    done: bool = False,
) -> Recorded:
    if end is not None and minutes is not None:
        raise InputError("give --end or --duration, not both", field="--end")
    option = "--end"
    if end is not None:
        stop = _moment(end, entry.start, tz, same_day=False)
    elif minutes is not None:
        if minutes <= 0:
            raise InputError("a duration must be positive", field="--duration")
        stop, option = _after(entry.start, timedelta(minutes=minutes)), "--duration"
    else:
        stop = now
    if stop > now:
        raise InputError(_later_than_now(stop, now, tz), field=option)
    if stop <= entry.start:
        raise InputError(
            f"the timer started {entry.start.astimezone(tz):%Y-%m-%d %H:%M}: "
            "the end must be after it",
            field=option,
        )
    job = _job_of(uow, entry)
    reason = needs_confirmation(entry.start, stop, tz)
    if reason and not confirm and end is None and minutes is None:
        why = "ran over midnight" if reason == "midnight" else "ran over 10 hours"
        raise TimerNeedsConfirmation(
            f"the timer on '{job.title}' started {entry.start.astimezone(tz):%Y-%m-%d %H:%M} "
            f"and {why} ({format_minutes(_minutes(entry.start, stop))}): confirm with --yes, "
            "or give the real end with --end HH:MM or the time worked with --duration 1h30",
            entry_id=entry.id,
            job_id=job.id,
            title=job.title,
            start=entry.start,
            end=stop,
            minutes=_minutes(entry.start, stop),
            reason=reason,
        )
    stopped = dataclasses.replace(entry, end=stop)
    _refuse_overlap(uow, stopped, now, tz, option)
    uow.time_entries.update(stopped)
    if done:
        finished = dataclasses.replace(
            job,
            status=JobStatus.DONE,
            done_on=stop.astimezone(tz).date(),
            remaining_minutes=None,
        )
        recorded = _record(uow, finished, stopped.minutes, None)
        return Recorded(stopped, recorded, stopped.minutes)
    return Recorded(stopped, _record(uow, job, stopped.minutes, remaining), stopped.minutes)


def _record(uow: UnitOfWork, job: Job, delta: int, remaining: int | None) -> Job:
    """Apply ``delta`` minutes of recorded time to ``job`` (the module's rules), store it
    and return it."""
    if remaining is not None and remaining < 0:
        raise InputError("the work left must not be negative", field="--remaining")
    if remaining == 0 and job.status.is_open:
        raise no_work_left_error("--remaining")
    left = job.remaining_minutes
    updated = dataclasses.replace(
        job,
        spent_minutes=max(0, job.spent_minutes + delta),
        remaining_minutes=None if left is None else max(0, left - delta),
        status=JobStatus.IN_PROGRESS if job.status is JobStatus.TODO and delta > 0 else job.status,
    )
    if remaining is not None:
        updated = dataclasses.replace(updated, remaining_minutes=remaining)
    elif delta > 0 and updated.status.is_open and work_left(updated) == 0:
        raise overrun_error(updated)
    uow.jobs.update(updated)
    return updated


def _occupied(
    uow: UnitOfWork, now: datetime, leave_out: str | None = None
) -> list[tuple[datetime, datetime, TimeEntry]]:
    """The time entries as UTC intervals (a running timer up to ``now``), by start;
    ``leave_out`` is an entry id not to count (the one being changed)."""
    spans = []
    for other in uow.time_entries.list():
        if other.id == leave_out:
            continue
        end = other.end if other.end is not None else max(_utc(now), _utc(other.start))
        spans.append((_utc(other.start), _utc(end), other))
    return sorted(spans, key=lambda span: span[0])


def _refuse_overlap(
    uow: UnitOfWork, entry: TimeEntry, now: datetime, tz: ZoneInfo, field: str
) -> None:
    """Raise InputError (naming ``field`` and the other entry) when ``entry`` overlaps
    another time entry; a running ``entry`` counts up to ``now``."""
    start = _utc(entry.start)
    end = _utc(entry.end) if entry.end is not None else max(_utc(now), start)
    for other_start, other_end, other in _occupied(uow, now, leave_out=entry.id):
        if other_start < end and start < other_end:
            span = f"{other.start.astimezone(tz):%Y-%m-%d %H:%M}–" + (
                f"{other.end.astimezone(tz):%H:%M}" if other.end else "now (running)"
            )
            raise InputError(
                f"{entry.start.astimezone(tz):%Y-%m-%d %H:%M}–"
                f"{(entry.end or now).astimezone(tz):%H:%M} overlaps the time entry "
                f"{other.id} ({span}): one thing at a time; change that entry with "
                "'creneau entry edit' or give other times",
                field=field,
            )


def _free_start(
    uow: UnitOfWork,
    day: date,
    day_start: time,
    length: timedelta,
    now: datetime,
    tz: ZoneInfo,
) -> datetime:
    """Where a log of ``length`` on local ``day`` goes without ``--at``: the first free
    stretch from ``day_start`` (on that day) that is long enough and ends by ``now``,
    else at the end of the latest free stretch long enough (for today: ending at now);
    raises InputError (``DURATION``) when the day has none."""
    first = _utc(local_datetime(day, day_start, tz))
    midnight = _utc(local_datetime(day, time(0, 0), tz))
    day_end = min(_utc(local_datetime(day + timedelta(days=1), time(0, 0), tz)), _utc(now))
    busy = [
        (start, end)
        for start, end, _entry in _occupied(uow, now)
        if start < day_end and end > midnight
    ]
    gaps: list[tuple[datetime, datetime]] = []
    cursor = midnight
    for start, end in busy:
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if day_end > cursor:
        gaps.append((cursor, day_end))
    for gap_start, gap_end in gaps:  # from her day start on
        begin = max(gap_start, first)
        if begin + length <= gap_end:
            return begin.astimezone(tz)
    for gap_start, gap_end in reversed(gaps):  # else as late as possible before now
        if gap_start + length <= gap_end:
            return (gap_end - length).astimezone(tz)
    raise InputError(
        f"no free stretch of {format_minutes(int(length.total_seconds() // 60))} on {day} "
        "between your time entries"
        + (" up to now" if day_end == _utc(now) else "")
        + ": give the start with --at HH:MM",
        field="DURATION",
    )


def _job_of(uow: UnitOfWork, entry: TimeEntry) -> Job:
    job = uow.jobs.get(entry.job_id)
    assert job is not None  # entries are deleted with their job (foreign key)
    return job


def _new_id(uow: UnitOfWork, job_id: str, start: datetime) -> str:
    return entry_id(job_id, start, {e.id for e in uow.time_entries.list()})


def entry_id(job_id: str, start: datetime, taken: set[str]) -> str:
    """The id of a new time entry: derived from its job's id and its start (aware), unique
    among ``taken`` (see :func:`~creneau.domain.text.stable_id`)."""
    return stable_id("t", f"{job_id} {start.astimezone(UTC).isoformat()}", taken)


def _minutes(start: datetime, end: datetime) -> int:
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


def _after(moment: datetime, length: timedelta) -> datetime:
    """``moment + length`` in real time (not wall-clock time across a DST change), in the
    zone of ``moment``."""
    assert moment.tzinfo is not None
    return (moment.astimezone(UTC) + length).astimezone(moment.tzinfo)


def _moment(value: datetime | time, anchor: datetime, tz: ZoneInfo, *, same_day: bool) -> datetime:
    """An aware datetime from a datetime, or from a local time: on ``anchor``'s local day
    (``same_day``), else its first occurrence after ``anchor`` (that day or the next)."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    day = anchor.astimezone(tz).date()
    moment = local_datetime(day, value, tz)
    if not same_day and moment <= anchor:
        moment = local_datetime(day + timedelta(days=1), value, tz)
    return moment


def _later_than_now(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    return (
        f"{moment.astimezone(tz):%Y-%m-%d %H:%M} is after now ({now.astimezone(tz):%Y-%m-%d %H:%M})"
    )


def entries_to_json(lines: list[EntryLine], tz: ZoneInfo) -> dict[str, Any]:
    """``creneau entries --json`` (see the README): every entry with its job and client,
    times in her zone with their UTC offset, and the total minutes."""
    return {
        "entries": [
            {
                "id": line.entry.id,
                "job_id": line.job.id,
                "job": line.job.title,
                "client": line.client.name,
                "start": line.entry.start.astimezone(tz).isoformat(),
                "end": line.entry.end.astimezone(tz).isoformat() if line.entry.end else None,
                "running": line.entry.running,
                "minutes": line.minutes,
                "hours": round(line.minutes / 60, 2),
                "source": line.entry.source,
                "note": line.entry.note,
            }
            for line in lines
        ],
        "total_minutes": sum(line.minutes for line in lines),
    }


def _utc(moment: datetime) -> datetime:
    """The same instant in UTC: aware datetimes of one zone compare by wall clock, which
    gets the repeated hour wrong when the clocks go back (PEP 495)."""
    return moment.astimezone(UTC)
