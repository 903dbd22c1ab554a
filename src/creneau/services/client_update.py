"""Status updates for a client: ``creneau update CLIENT``, ready to paste into an e-mail.

A short, polite message in the client's language (``Client.language``, French by
default) with:

- the jobs finished since the last update sent (see below);
- the work done since then: the blocks of the saved plan for the client's jobs that have
  passed (the plan is recomputed at every change, so its past blocks are the work done as
  planned), counted from the last update sent;
- every open job with its expected delivery date (the plan's planned finish, formatted by
  Babel); a late job says so plainly, with its due date and the new date; a meeting gives
  the proposed time; a job ``waiting`` is waiting for the client's input.

Jobs carry no completion time, so "finished since the last update" is read from the
updates themselves: finished jobs are listed on lines starting with
:data:`FINISHED_MARK`, and a job is reported once, in the first update after it is done.
To leave old history out, only jobs due at most :data:`RECENT_DAYS` days before the
client's first update (or before now, when none was sent) are reported.

Nothing is stored unless the update is marked sent (:func:`mark_sent`): it then counts as
attention for the client and is the "since" point of the next update.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import (
    Client,
    ClientUpdate,
    Job,
    JobKind,
    JobOutcome,
    JobStatus,
    SavedPlan,
)
from creneau.services.context import ServiceContext
from creneau.services.lookup import resolve
from creneau.services.messages import LANGUAGES
from creneau.services.planning import load_inputs, plan_from
from creneau.services.update_messages import format_date, format_date_time, format_work, text

FINISHED_MARK = "✓"
"""Starts each line of a finished job in an update (how the next update knows it was told)."""

ITEM_MARK = "•"
"""Starts the other lines of a list."""

RECENT_DAYS = 30
"""Finished jobs due more than this many days before the client's first update are old
history, not news."""

ON_TIME = "on_time"
LATE = "late"
UNPLACED = "unplaced"
MEETING = "meeting"
MEETING_LATE = "meeting_late"
FINISHING = "finishing"
WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class JobNews:
    """What an update says about one open job.

    Args:
        job: the job.
        state: ``on_time``, ``late``, ``unplaced`` (no date can be given), ``meeting``,
            ``meeting_late``, ``finishing`` (nothing left to plan) or ``waiting``.
        due: the due time (aware), when the plan resolved it.
        planned_start: the first planned block's start (aware), when placed.
        planned_finish: the planned finish (aware), when fully placed.
        line: the line of the message.
    """

    job: Job
    state: str
    due: datetime | None
    planned_start: datetime | None
    planned_finish: datetime | None
    line: str


@dataclass(frozen=True, slots=True)
class WorkDone:
    """Planned work that has passed since the last update, for one job.

    Args:
        job: the job.
        minutes: minutes of its past blocks since the last update.
    """

    job: Job
    minutes: int


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """A status update for a client, not yet sent.

    Args:
        client: the client.
        language: ``"fr"`` or ``"en"``.
        now: when it was written (aware, in her zone).
        since: when the last update was sent (aware), or None.
        open_jobs: one per open job (todo, in progress, waiting), by due date.
        finished: the jobs finished since the last update.
        worked: work done since the last update, per job.
        subject: a subject line for the e-mail.
        text: the message.
    """

    client: Client
    language: str
    now: datetime
    since: datetime | None
    open_jobs: tuple[JobNews, ...]
    finished: tuple[Job, ...]
    worked: tuple[WorkDone, ...]
    subject: str
    text: str


def reported_finished(updates: list[ClientUpdate]) -> set[str]:
    """Titles of the jobs that these updates already reported as finished."""
    titles: set[str] = set()
    for update in updates:
        for line in update.text.splitlines():
            stripped = line.strip()
            if stripped.startswith(FINISHED_MARK):
                titles.add(stripped.removeprefix(FINISHED_MARK).strip())
    return titles


def _due_day(job: Job, now: datetime) -> date:
    return job.due.astimezone(now.tzinfo).date() if isinstance(job.due, datetime) else job.due


def _worked(
    saved: SavedPlan | None, jobs: dict[str, Job], since: datetime | None, now: datetime
) -> list[WorkDone]:
    if saved is None:
        return []
    minutes: dict[str, int] = {}
    for block in saved.blocks:
        if block.job_id not in jobs or block.start >= now:
            continue
        start = max(block.start, since) if since is not None else block.start
        end = min(block.end, now)
        if end > start:
            minutes[block.job_id] = minutes.get(block.job_id, 0) + int(
                (end - start).total_seconds() // 60
            )
    return [WorkDone(jobs[k], m) for k, m in minutes.items() if m > 0]


def _news(
    job: Job,
    outcome: JobOutcome | None,
    first_start: datetime | None,
    language: str,
    now: datetime,
) -> JobNews:
    tz = now.tzinfo
    title = job.title

    def day(moment: datetime) -> str:
        return format_date(moment.astimezone(tz), language, today=now)

    if job.status is JobStatus.WAITING:
        return JobNews(job, WAITING, None, None, None, text(WAITING, language, title=title))
    if outcome is None:
        return JobNews(job, FINISHING, None, None, None, text(FINISHING, language, title=title))
    due = outcome.due
    placed = outcome.planned_minutes >= outcome.remaining_minutes
    finish = outcome.planned_finish if placed else None
    if job.kind is JobKind.MEETING and first_start is not None and placed:
        start = format_date_time(first_start.astimezone(tz), language, today=now)
        state = MEETING_LATE if outcome.late else MEETING
        line = text(state, language, title=title, start=start, due=day(due))
        return JobNews(job, state, due, first_start, finish, line)
    if finish is None:
        line = text(UNPLACED, language, title=title)
        return JobNews(job, UNPLACED, due, first_start, None, line)
    state = LATE if outcome.late else ON_TIME
    line = text(state, language, title=title, due=day(due), finish=day(finish))
    return JobNews(job, state, due, first_start, finish, line)


def compose_update(
    ctx: ServiceContext, client_query: str, now: datetime, *, language: str | None = None
) -> StatusUpdate:
    """Write a status update for a client, storing nothing.

    Args:
        ctx: the service context.
        client_query: the client's id or a unique part of its name.
        now: aware datetime; the plan is computed from it (close to the saved plan).
        language: ``"fr"`` or ``"en"`` instead of the client's own language.

    Returns:
        The update, with its subject and text.

    Raises:
        NotFoundError, AmbiguousError: no client or several match ``client_query``.
        InputError: ``language`` is not fr or en (field ``--lang``); invalid settings.
    """
    if language is not None and language not in LANGUAGES:
        raise InputError(f"'{language}' is not a language: use fr or en", field="--lang")
    inputs = load_inputs(ctx)
    client = resolve(
        inputs.clients, client_query, what="client", key=lambda c: c.id, name=lambda c: c.name
    )
    lang = language or client.language
    tz = inputs.settings.tz
    local_now = now.astimezone(tz)
    previous = [u for u in inputs.updates if u.client_id == client.id and u.sent_at <= now]
    since = previous[-1].sent_at.astimezone(tz) if previous else None
    jobs = [j for j in inputs.jobs if j.client_id == client.id]

    open_jobs = [j for j in jobs if j.status.is_pending]
    outcomes: dict[str, JobOutcome] = {}
    first_start: dict[str, datetime] = {}
    if any(j.status.is_open for j in open_jobs):
        report = plan_from(ctx, inputs, now)
        outcomes = {o.job_id: o for o in report.plan.outcomes}
        for block in report.plan.blocks:
            if block.job_id is not None and block.job_id not in first_start:
                first_start[block.job_id] = block.start
    news = [_news(j, outcomes.get(j.id), first_start.get(j.id), lang, local_now) for j in open_jobs]
    news.sort(key=lambda n: (n.job.status is JobStatus.WAITING, _due_day(n.job, local_now)))

    told = reported_finished(previous)
    window = ((previous[0].sent_at if previous else now) - timedelta(days=RECENT_DAYS)).astimezone(
        tz
    )
    finished = [
        j
        for j in jobs
        if j.status is JobStatus.DONE
        and j.title not in told
        and _due_day(j, local_now) >= window.date()
    ]
    finished_ids = {j.id for j in finished}
    worked = [
        w
        for w in _worked(inputs.saved, {j.id: j for j in open_jobs}, since, now)
        if w.job.id not in finished_ids
    ]
    body = _render(lang, local_now, since, news, finished, worked)
    subject = text("subject", lang, day=format_date(local_now, lang))
    return StatusUpdate(
        client=client,
        language=lang,
        now=local_now,
        since=since,
        open_jobs=tuple(news),
        finished=tuple(finished),
        worked=tuple(worked),
        subject=subject,
        text=body,
    )


def _render(
    lang: str,
    now: datetime,
    since: datetime | None,
    news: list[JobNews],
    finished: list[Job],
    worked: list[WorkDone],
) -> str:
    parts: list[str] = [text("greeting", lang), text("intro", lang)]
    since_day = format_date(since, lang, today=now) if since is not None else ""
    if finished:
        heading = (
            text("finished_since", lang, day=since_day)
            if since is not None
            else text("finished_recently", lang)
        )
        parts.append("\n".join([heading, *(f"{FINISHED_MARK} {j.title}" for j in finished)]))
    if worked:
        heading = (
            text("worked_since", lang, day=since_day)
            if since is not None
            else text("worked_recently", lang)
        )
        lines = [
            f"{ITEM_MARK} "
            + text("worked_line", lang, title=w.job.title, time=format_work(w.minutes, lang))
            for w in worked
        ]
        parts.append("\n".join([heading, *lines]))
    if news:
        lines = [f"{ITEM_MARK} {n.line}" for n in news]
        parts.append("\n".join([text("open_heading", lang), *lines]))
        if any(n.state in (LATE, MEETING_LATE) for n in news):
            parts.append(text("apology", lang))
    else:
        parts.append(text("no_open", lang))
    parts.append(text("closing", lang))
    parts.append(text("sign_off", lang))
    return "\n\n".join(parts) + "\n"


def mark_sent(ctx: ServiceContext, update: StatusUpdate) -> ClientUpdate:
    """Record an update as sent at its ``now``: it counts as attention for the client and
    is the "since" point of the next update.

    Raises:
        NotFoundError: the client was deleted meanwhile.
    """
    record = ClientUpdate(client_id=update.client.id, sent_at=update.now, text=update.text)
    with ctx.uow() as uow:
        if uow.clients.get(update.client.id) is None:
            raise NotFoundError("client", update.client.name)
        uow.updates.add(record)
    return record


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def update_to_json(update: StatusUpdate, *, sent: bool) -> dict[str, Any]:
    """The ``creneau update --json`` schema (see the README).

    Args:
        update: the update.
        sent: whether it was recorded as sent.
    """
    tz = update.now.tzinfo
    return {
        "client_id": update.client.id,
        "client": update.client.name,
        "language": update.language,
        "now": update.now.isoformat(),
        "since": _iso(update.since),
        "sent": sent,
        "subject": update.subject,
        "text": update.text,
        "open_jobs": [
            {
                "id": n.job.id,
                "title": n.job.title,
                "status": n.job.status.value,
                "state": n.state,
                "due": _iso(n.due.astimezone(tz) if n.due else None),
                "planned_start": _iso(n.planned_start.astimezone(tz) if n.planned_start else None),
                "planned_finish": _iso(
                    n.planned_finish.astimezone(tz) if n.planned_finish else None
                ),
            }
            for n in update.open_jobs
        ],
        "finished": [{"id": j.id, "title": j.title} for j in update.finished],
        "worked": [
            {"id": w.job.id, "title": w.job.title, "hours": round(w.minutes / 60, 2)}
            for w in update.worked
        ],
    }
