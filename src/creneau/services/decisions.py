"""What her daily questions share: working days, plan comparisons, hypothetical jobs,
and the search for the earliest due date that keeps every promise.

The questions themselves are :mod:`creneau.services.whatif` (can I take this job),
:mod:`creneau.services.promise` (what date can I promise) and
:mod:`creneau.services.risks` (what is slipping). Every answer is computed by
re-planning, never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from creneau.domain.errors import InputError
from creneau.domain.models import (
    Client,
    Deadline,
    Job,
    JobKind,
    JobOutcome,
    WorkingTime,
)
from creneau.domain.text import stable_id
from creneau.planning.problem import local_datetime, resolve_due
from creneau.services.catalog import find_client
from creneau.services.context import ServiceContext
from creneau.services.planning import (
    PlanInputs,
    PlanReport,
    PlanSetup,
    load_inputs,
    plan_with,
)

HALF_DAY_MINUTES = 4 * 60
"""Half a working day, in working minutes ("nothing else moves by more than half a day")."""

MAX_PROMISE_DAYS = 250
"""A promise is searched this many working days ahead at most."""

LINEAR_STEPS = 3
"""A promise search tries this many working days one by one after its lower bound."""


# --- shared helpers -------------------------------------------------------------------


def working_minutes_between(working: WorkingTime, start: datetime, end: datetime) -> int:
    """Her working minutes (weekly hours minus days off, busy time ignored) in
    ``[start, end)``; negative when ``end < start``.

    Args:
        working: her working time.
        start, end: aware datetimes.
    """
    if end < start:
        return -working_minutes_between(working, end, start)
    tz = start.tzinfo
    assert tz is not None
    total = 0
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        for period in working.periods_on(day):
            a = max(start, local_datetime(day, period.start, tz))  # type: ignore[arg-type]
            b = min(end, local_datetime(day, period.end, tz))  # type: ignore[arg-type]
            if b > a:
                total += int((b - a).total_seconds() // 60)
        day += timedelta(days=1)
    return total


def working_days(setup: PlanSetup, start: date, count: int) -> list[date]:
    """The next ``count`` days from ``start`` (included) on which she has free working time:
    a working day not entirely covered by busy events (her holidays in her calendar)."""
    tz = setup.inputs.settings.tz
    days: list[date] = []
    day = start
    for _ in range(count * 7 + 60):
        periods = setup.working.periods_on(day)
        if periods and any(
            free_minutes(setup, local_datetime(day, p.start, tz), local_datetime(day, p.end, tz))
            > 0
            for p in periods
        ):
            days.append(day)
            if len(days) >= count:
                break
        day += timedelta(days=1)
    return days


def late_hard(report: PlanReport) -> set[str]:
    """Ids of hard jobs late in a plan."""
    return {
        o.job_id
        for o in report.plan.outcomes
        if o.late and report.jobs[o.job_id].deadline is Deadline.HARD
    }


@dataclass(frozen=True, slots=True)
class JobMove:
    """How one existing job's planned finish moves between two plans.

    Args:
        job_id, title, client: the job.
        before, after: planned finishes (aware), None when not fully placed.
        moved_minutes: working minutes from ``before`` to ``after`` (positive: later).
        late_before, late_after: whether it is late in each plan.
        hard: whether its deadline is hard.
    """

    job_id: str
    title: str
    client: str
    before: datetime | None
    after: datetime | None
    moved_minutes: int
    late_before: bool
    late_after: bool
    hard: bool


def moves_between(before: PlanReport, after: PlanReport, working: WorkingTime) -> list[JobMove]:
    """Jobs of ``before`` whose planned finish differs in ``after``, largest move first."""
    after_by_id = {o.job_id: o for o in after.plan.outcomes}
    moves: list[JobMove] = []
    for old in before.plan.outcomes:
        new = after_by_id.get(old.job_id)
        if new is None or (old.planned_finish == new.planned_finish and old.late == new.late):
            continue
        if old.planned_finish is not None and new.planned_finish is not None:
            moved = working_minutes_between(working, old.planned_finish, new.planned_finish)
        else:
            moved = 0 if old.planned_finish == new.planned_finish else 10**6
        job = before.jobs[old.job_id]
        moves.append(
            JobMove(
                job_id=job.id,
                title=job.title,
                client=before.clients[job.client_id].name,
                before=old.planned_finish,
                after=new.planned_finish,
                moved_minutes=moved,
                late_before=old.late,
                late_after=new.late,
                hard=job.deadline is Deadline.HARD,
            )
        )
    return sorted(moves, key=lambda m: (-abs(m.moved_minutes), m.title))


def candidate(
    client: Client,
    existing: Sequence[Job],
    title: str,
    effort: int,
    received: date,
    due: date | datetime,
    kind: JobKind,
    deadline: Deadline = Deadline.HARD,
) -> Job:
    """The hypothetical job, with the id ``creneau job add`` would give it."""
    return Job(
        id=stable_id("j", f"{client.id} {title}", {j.id for j in existing}),
        client_id=client.id,
        title=title,
        effort_minutes=effort,
        received=received,
        due=due,
        kind=kind,
        deadline=deadline,
    )


PROBE_EFFORT = 250
"""Search effort of the from-scratch probe of what keeping a date would break: a quarter
of a second on the scenario."""


def safe_due(
    setup: PlanSetup,
    inputs: PlanInputs,
    job_for: Callable[[int, date], Job],
    minutes: int,
    late_before: set[str],
    not_before: date,
) -> date | None:
    """A working day D >= ``not_before`` that keeps every promise (:func:`keeps_promises`)
    for the job of ``minutes``, found cheaply: the day the job finishes in a short search
    from nothing where it is pulled as early as the other promises allow (its due time
    moved to "now"), then later days until the full plan keeps every promise. Not the
    earliest such day (see :func:`earliest_due` for that), but a safe one.
    """
    tz = setup.inputs.settings.tz
    days = working_days(setup, not_before, MAX_PROMISE_DAYS)
    if not days:
        return None
    probe = replace(job_for(minutes, days[0]), due=setup.now, deadline=Deadline.HARD)
    asap = plan_with(setup, jobs=[*inputs.jobs, probe], stable=False, effort=PROBE_EFFORT // 3)
    finish = outcome_of(asap, probe.id).planned_finish
    start = finish.astimezone(tz).date() if finish is not None else days[0]
    k = next((i for i, d in enumerate(days) if d >= start), len(days) - 1)
    for i in range(k, min(len(days), k + LINEAR_STEPS + 1)):
        if keeps_promises(setup, inputs, job_for(minutes, days[i]), late_before) is not None:
            return days[i]
    found, _finish, _report = earliest_due(
        setup, inputs, job_for, minutes, late_before, days[min(len(days) - 1, k + 1)]
    )
    return found


def keeping(setup: PlanSetup, inputs: PlanInputs, job: Job) -> PlanReport:
    """A plan where ``job`` is on time, breaking as few other promises as it can: its due
    time outranks every other (``must_meet``); a short search from scratch."""
    jobs = [*inputs.jobs, job]
    return plan_with(setup, jobs=jobs, stable=False, effort=PROBE_EFFORT, must_meet=job.id)


def question(
    ctx: ServiceContext, client_query: str, effort_minutes: int
) -> tuple[PlanInputs, Client]:
    """The plan's inputs and the client a question is about; checks the effort."""
    if effort_minutes <= 0:
        raise InputError(f"must be positive, got {effort_minutes} minutes", field="effort")
    inputs = load_inputs(ctx)
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        client = find_client(uow, client_query)
    return inputs, client


def outcome_of(report: PlanReport, job_id: str) -> JobOutcome:
    return next(o for o in report.plan.outcomes if o.job_id == job_id)


def earliest_due(
    setup: PlanSetup,
    inputs: PlanInputs,
    job_for: Callable[[int, date], Job],
    minutes: int,
    late_before: set[str],
    not_before: date,
) -> tuple[date | None, datetime | None, PlanReport | None]:
    """The earliest working day D >= ``not_before`` such that the job due D keeps every
    promise (:func:`keeps_promises`), the job's planned finish then, and that plan.

    The search starts at a proven lower bound (:func:`capacity_floor`: before it, her
    free time cannot hold the job and the hard work due by then), where it usually ends;
    otherwise it tries the next :data:`LINEAR_STEPS` working days one by one, then walks
    forward 1, 2, 4... working days and bisects. Days are assumed
    monotone: a later due date keeps the promises when an earlier one does.
    """
    tz = setup.inputs.settings.tz
    today = setup.now.astimezone(tz).date()
    days = working_days(setup, max(today, not_before), MAX_PROMISE_DAYS)
    if not days:
        return None, None, None
    cache: dict[int, PlanReport | None] = {}

    def keeps(i: int) -> PlanReport | None:
        if i not in cache:
            cache[i] = keeps_promises(setup, inputs, job_for(minutes, days[i]), late_before)
        return cache[i]

    k = capacity_floor(setup, inputs, minutes, days)
    if k is None:
        return None, None, None
    last_linear = min(len(days) - 1, k + LINEAR_STEPS)
    while keeps(k) is None and k < last_linear:
        k += 1  # the floor is usually right, or a day or two short
    if keeps(k) is None:
        lo, step, hi = k + 1, 1, None
        while lo + step - 1 < len(days):
            if keeps(lo + step - 1) is not None:
                hi = lo + step - 1
                break
            lo, step = lo + step, step * 2
        if hi is None:
            if keeps(len(days) - 1) is None:
                return None, None, None
            hi = len(days) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if keeps(mid) is not None:
                hi = mid
            else:
                lo = mid + 1
        k = hi
    report = keeps(k)
    assert report is not None
    return days[k], outcome_of(report, job_for(minutes, days[k]).id).planned_finish, report


def capacity_floor(
    setup: PlanSetup, inputs: PlanInputs, minutes: int, days: Sequence[date]
) -> int | None:
    """Index of the first of ``days`` by whose end her free working time from "now"
    (working periods minus busy events) can hold ``minutes`` plus the work left on every
    hard job due by then: no plan can keep every promise with an earlier due date.
    None when even the last day cannot."""
    tz = setup.inputs.settings.tz
    now = setup.now
    hard = sorted(
        (resolve_due(j.due, setup.working, tz), j.remaining_effort_minutes)
        for j in inputs.jobs
        if j.status.is_open and j.deadline is Deadline.HARD and j.remaining_effort_minutes > 0
    )
    free = 0
    day = now.astimezone(tz).date()
    i = 0
    for k, target in enumerate(days):
        while day <= target:
            for period in setup.working.periods_on(day):
                start = max(now, local_datetime(day, period.start, tz))
                end = local_datetime(day, period.end, tz)
                if end > start:
                    free += free_minutes(setup, start, end)
            day += timedelta(days=1)
        end_of = resolve_due(target, setup.working, tz)
        while i < len(hard) and hard[i][0] <= end_of:
            i += 1
        if free >= minutes + sum(m for _due, m in hard[:i]):
            return k
    return None


def free_minutes(setup: PlanSetup, start: datetime, end: datetime) -> int:
    """Minutes of ``[start, end)`` outside her busy events."""
    covered = sorted(
        (max(b.start, start), min(b.end, end))
        for b in setup.busy
        if b.start < end and b.end > start
    )
    total, cursor = 0, start
    for a, b in covered:
        if a > cursor:
            total += int((a - cursor).total_seconds() // 60)
        cursor = max(cursor, b)
    if end > cursor:
        total += int((end - cursor).total_seconds() // 60)
    return total


def keeps_promises(
    setup: PlanSetup, inputs: PlanInputs, job: Job, late_before: AbstractSet[str] = frozenset()
) -> PlanReport | None:
    """The plan with ``job`` added (close to the saved plan, as ``creneau plan`` computes
    it after ``creneau job add``), or None when a hard job is late in it.

    Args:
        setup: from :func:`~creneau.services.planning.prepare`.
        inputs: the plan's inputs (``setup.inputs``).
        job: the hypothetical job (its own lateness counts when it is hard).
        late_before: ids of hard jobs already late without it (not counted).
    """
    report = plan_with(setup, jobs=[*inputs.jobs, job])
    return None if late_hard(report) - late_before else report


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def move_json(move: JobMove) -> dict[str, Any]:
    return {
        "job_id": move.job_id,
        "job": move.title,
        "client": move.client,
        "before": iso(move.before),
        "after": iso(move.after),
        "moved_hours": round(move.moved_minutes / 60, 2),
        "late_before": move.late_before,
        "late_after": move.late_after,
        "hard": move.hard,
    }
