"""Which clients with open work are owed attention: ``creneau client list --attention``.

The rule (setting ``plan.attention_days``, N working days, default 5): every client with
open work gets work, a meeting or call, or news at least every N working days. A client
is *neglected* when more than N of her working days have passed since its last attention
(see :func:`creneau.services.attention.last_attention`), counting the working days after
the day of that attention up to and including today (the planner owes the client a block
by the N-th of them). A client that never had attention counts from the oldest
``received`` date of its open jobs.

Open work means jobs ``todo``, ``in_progress`` or ``waiting``. A client whose open jobs
are all ``waiting`` (for the client's own input) has its attention paused: it is listed
as ``waiting``, never as neglected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from creneau.domain.models import Client, Job, JobStatus, WorkingTime
from creneau.services.attention import last_attention
from creneau.services.context import ServiceContext
from creneau.services.planning import PlanInputs, load_inputs, past_events, working_time

"""Statuses of open work, for attention (``waiting`` included, unlike for planning)."""

NEGLECTED = "neglected"
WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class ClientAttention:
    """One client beyond the attention rule.

    Args:
        client: the client.
        status: ``"neglected"``, or ``"waiting"`` when all its open jobs wait for the
            client (attention paused).
        last: its last attention (aware, in her zone), or None when it never had any.
        counted_from: the local day counted from: the day of ``last``, else the oldest
            ``received`` date of its open jobs.
        working_days: her working days after ``counted_from`` up to and including today.
        open_jobs: its open jobs (todo, in progress, waiting), by due date.
    """

    client: Client
    status: str
    last: datetime | None
    counted_from: date
    working_days: int
    open_jobs: tuple[Job, ...]


@dataclass(frozen=True, slots=True)
class AttentionReport:
    """The clients owed attention at ``now``.

    Args:
        now: aware datetime, in her zone.
        attention_days: the setting N (0: the rule is off and ``clients`` is empty).
        clients: the neglected clients, then the waiting ones; most working days first.
    """

    now: datetime
    attention_days: int
    clients: tuple[ClientAttention, ...]

    @property
    def neglected(self) -> tuple[ClientAttention, ...]:
        """The clients owed news or work (not the waiting ones)."""
        return tuple(c for c in self.clients if c.status == NEGLECTED)


def working_days_after(working: WorkingTime, first: date, today: date) -> int:
    """Her working days after ``first`` up to and including ``today`` (0 if none).

    Args:
        working: her working-time rules (a day with no period is not worked).
        first: the day counted from (not counted itself).
        today: the last day counted.
    """
    count = 0
    day = first + timedelta(days=1)
    while day <= today:
        if working.periods_on(day):
            count += 1
        day += timedelta(days=1)
    return count


def attention_from(ctx: ServiceContext, inputs: PlanInputs, now: datetime) -> AttentionReport:
    """The clients owed attention, from inputs already read (see :func:`load_inputs`).

    Args:
        ctx: the service context (calendar expansion, holidays).
        inputs: the plan's inputs (clients, jobs, saved plan, calendar, updates sent).
        now: aware datetime.

    Returns:
        The report; empty when ``plan.attention_days`` is 0.
    """
    settings = inputs.settings
    tz = settings.tz
    local_now = now.astimezone(tz)
    days: int = settings.values["plan.attention_days"]
    if days <= 0:
        return AttentionReport(local_now, days, ())
    open_by_client: dict[str, list[Job]] = {}
    for job in inputs.jobs:
        if job.status.is_pending:
            open_by_client.setdefault(job.client_id, []).append(job)
    if not open_by_client:
        return AttentionReport(local_now, days, ())
    last = last_attention(
        now, inputs.clients, inputs.saved, past_events(ctx, inputs, now), inputs.updates
    )
    today = local_now.date()
    starts: dict[str, date] = {}
    for client_id, jobs in open_by_client.items():
        moment = last.get(client_id)
        starts[client_id] = (
            moment.astimezone(tz).date() if moment is not None else min(j.received for j in jobs)
        )
    earliest = min(starts.values())
    working = working_time(
        ctx,
        settings,
        datetime.combine(min(earliest, today), datetime.min.time(), tzinfo=tz),
        local_now,
    )
    found: list[ClientAttention] = []
    for client in inputs.clients:
        client_jobs = open_by_client.get(client.id)
        if not client_jobs:
            continue
        elapsed = working_days_after(working, starts[client.id], today)
        if elapsed <= days:
            continue
        waiting = all(j.status is JobStatus.WAITING for j in client_jobs)
        moment = last.get(client.id)
        found.append(
            ClientAttention(
                client=client,
                status=WAITING if waiting else NEGLECTED,
                last=moment.astimezone(tz) if moment is not None else None,
                counted_from=starts[client.id],
                working_days=elapsed,
                open_jobs=tuple(client_jobs),
            )
        )
    found.sort(key=lambda c: (c.status != NEGLECTED, -c.working_days, c.client.name))
    return AttentionReport(local_now, days, tuple(found))


def clients_owed_attention(ctx: ServiceContext, now: datetime) -> AttentionReport:
    """The clients with open work neglected beyond ``plan.attention_days`` at ``now``.

    Reads the stored data and stores nothing.

    Args:
        ctx: the service context.
        now: aware datetime.

    Raises:
        InputError: invalid stored settings.
    """
    return attention_from(ctx, load_inputs(ctx), now)


def attention_to_json(report: AttentionReport) -> list[dict[str, Any]]:
    """The ``client list --attention --json`` schema (see the README)."""
    return [_entry(c) for c in report.clients]


def _entry(item: ClientAttention) -> dict[str, Any]:
    return {
        "id": item.client.id,
        "name": item.client.name,
        "status": item.status,
        "last_attention": item.last.isoformat() if item.last is not None else None,
        "counted_from": item.counted_from.isoformat(),
        "working_days": item.working_days,
        "open_jobs": [
            {"id": j.id, "title": j.title, "status": j.status.value} for j in item.open_jobs
        ],
    }
