"""Her daily decisions: can I take this job (what-if), what can I promise, what is slipping.

Every answer is computed by re-planning, never stored:

- :func:`what_if` plans the stored jobs plus a hypothetical one and compares with the
  current plan (both close to the saved plan, see :func:`~creneau.services.planning.compute_plan`);
- :func:`promise` finds the earliest due date that a new job, its effort inflated by the
  calibrated margin (:mod:`creneau.services.calibration`), can be promised for without
  breaking any hard deadline;
- :func:`risks` lists the late and tight jobs with options (ask for more days, move a
  job, work extra hours), each option's effect computed by a quick re-plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from creneau.domain.errors import InputError
from creneau.domain.models import (
    Client,
    Deadline,
    Job,
    JobKind,
    JobOutcome,
    JobStatus,
    TimePeriod,
    WorkingTime,
)
from creneau.domain.text import stable_id
from creneau.planning.problem import local_datetime, resolve_due
from creneau.services.calibration import Calibration, calibrate
from creneau.services.catalog import find_client
from creneau.services.context import ServiceContext
from creneau.services.decision_messages import say
from creneau.services.planning import (
    PlanInputs,
    PlanReport,
    PlanSetup,
    load_inputs,
    plan_with,
    prepare,
)

HALF_DAY_MINUTES = 4 * 60
"""Half a working day, in working minutes ("nothing else moves by more than half a day")."""

MAX_PROMISE_DAYS = 250

LINEAR_STEPS = 3
"""A promise search tries this many working days one by one after its lower bound."""
"""A promise is searched this many working days ahead at most."""


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


def _working_days(setup: PlanSetup, start: date, count: int) -> list[date]:
    """The next ``count`` days from ``start`` (included) on which she has free working time:
    a working day not entirely covered by busy events (her holidays in her calendar)."""
    tz = setup.inputs.settings.tz
    days: list[date] = []
    day = start
    for _ in range(count * 7 + 60):
        periods = setup.working.periods_on(day)
        if periods and any(
            _free_in(setup, local_datetime(day, p.start, tz), local_datetime(day, p.end, tz))
            for p in periods
        ):
            days.append(day)
            if len(days) >= count:
                break
        day += timedelta(days=1)
    return days


def _free_in(setup: PlanSetup, start: datetime, end: datetime) -> bool:
    """Whether some of ``[start, end)`` is outside her busy events."""
    covered = sorted(
        (max(b.start, start), min(b.end, end))
        for b in setup.busy
        if b.start < end and b.end > start
    )
    cursor = start
    for a, b in covered:
        if a > cursor:
            return True
        cursor = max(cursor, b)
    return cursor < end


def _late_hard(report: PlanReport) -> set[str]:
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


def _moves(before: PlanReport, after: PlanReport, working: WorkingTime) -> list[JobMove]:
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


def _candidate(
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


PROBE_EFFORT = 100
"""Search effort of the from-scratch probe of what keeping a date would break: about a
tenth of a second on the scenario."""


def _keeping(setup: PlanSetup, inputs: PlanInputs, job: Job) -> PlanReport:
    """A plan where ``job`` is on time, breaking as few other promises as it can: its due
    time outranks every other (``must_meet``); a short search from scratch, then a local
    search warm-started from its order."""
    jobs = [*inputs.jobs, job]
    first = plan_with(setup, jobs=jobs, stable=False, effort=PROBE_EFFORT, must_meet=job.id)
    # then a local search from that plan's order: late jobs moved earlier where they fit
    again = plan_with(setup, jobs=jobs, warm=True, order=first.plan.order, must_meet=job.id)
    return again if again.plan.objective < first.plan.objective else first


def _question(
    ctx: ServiceContext, client_query: str, effort_minutes: int
) -> tuple[PlanInputs, Client]:
    """The plan's inputs and the client a question is about; checks the effort."""
    if effort_minutes <= 0:
        raise InputError(f"must be positive, got {effort_minutes} minutes", field="effort")
    inputs = load_inputs(ctx)
    with ctx.uow() as uow:
        client = find_client(uow, client_query)
    return inputs, client


def _outcome(report: PlanReport, job_id: str) -> JobOutcome:
    return next(o for o in report.plan.outcomes if o.job_id == job_id)


# --- what-if --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WhatIfAnswer:
    """The answer to "can I take this job by that date?".

    Args:
        possible: the job can be done by the wanted due time without breaking any hard
            deadline that the current plan keeps.
        sentence: the answer in one sentence, in the interface language.
        client: the client's name.
        effort_minutes: the job's effort (as given; no margin).
        wanted_due: the wanted due time (aware; a date means the end of that working day).
        finish: the job's planned finish when possible, else its earliest safe finish
            (None when it does not fit in the horizon).
        earliest_safe_finish: the earliest finish that breaks no existing promise.
        broken: hard jobs (ids) that would be late if the wanted due time were kept
            instead (empty when possible).
        moves: existing jobs whose planned finish moves (in the plan with the job at
            ``finish``), largest move first.
        report: the plan with the job (at ``finish``), for display.
    """

    possible: bool
    sentence: str
    client: str
    effort_minutes: int
    wanted_due: datetime
    finish: datetime | None
    earliest_safe_finish: datetime | None
    broken: list[str]
    moves: list[JobMove]
    report: PlanReport
    before: PlanReport


def what_if(
    ctx: ServiceContext,
    now: datetime,
    client_query: str,
    effort_minutes: int,
    due: date | datetime,
    *,
    title: str | None = None,
    kind: JobKind = JobKind.WORK,
    deadline: Deadline = Deadline.HARD,
) -> WhatIfAnswer:
    """Can she take a new job of ``effort_minutes`` for ``client_query`` by ``due``?

    Stores nothing. The current plan and the plan with the job are both computed close to
    the saved plan; when the wanted date cannot be kept, the job's earliest safe finish is
    its finish in the plan she would get accepting it for the earliest day that keeps
    every promise (searched as :func:`promise` does, from a first guess), and a plan where
    its due time outranks every other says which hard deadlines keeping the wanted date
    would break (short searches of :data:`PROBE_EFFORT` decodes). What moves is shown for
    the accepted plan.

    Args:
        ctx: the service context.
        now: aware datetime.
        client_query: the client (id or unique part of the name).
        effort_minutes: the job's effort in minutes (> 0).
        due: a date (end of that working day) or an aware datetime.
        title: the job's title (default: a neutral one in her language).
        kind: work or meeting.
        deadline: hard (default: a promise) or soft.

    Raises:
        InputError: non-positive effort, naive due, due before today.
        NotFoundError, AmbiguousError: unknown or ambiguous client.
    """
    inputs, client = _question(ctx, client_query, effort_minutes)
    language = inputs.settings.language
    tz = inputs.settings.tz
    today = now.astimezone(tz).date()
    due_day = due.astimezone(tz).date() if isinstance(due, datetime) else due
    if due_day < today:
        raise InputError(f"{due_day} is before today ({today})", field="--due")
    setup = prepare(ctx, inputs, now)
    wanted = resolve_due(due, setup.working, tz)
    name = title or say("whatif_title", language)
    job = _candidate(client, inputs.jobs, name, effort_minutes, today, due, kind, deadline)
    before = plan_with(setup)
    late_before = _late_hard(before)
    # when her free time up to the wanted day cannot hold the job and the hard work due
    # by then, no plan can say yes: the plan with the job is not needed
    days = _working_days(setup, today, MAX_PROMISE_DAYS)
    floor = _capacity_floor(setup, inputs, effort_minutes, days)
    reachable = floor is not None and days[floor] <= due_day
    with_job = plan_with(setup, jobs=[*inputs.jobs, job]) if reachable else before
    possible = False
    if reachable:
        outcome = _outcome(with_job, job.id)
        newly_broken = _late_hard(with_job) - late_before - {job.id}
        possible = not outcome.late and not newly_broken
    if possible:
        moves = _moves(before, with_job, setup.working)
        sentence = _yes_sentence(outcome.planned_finish, moves, language)
        return WhatIfAnswer(
            True,
            sentence,
            client.name,
            effort_minutes,
            wanted,
            outcome.planned_finish,
            outcome.planned_finish,
            [],
            moves,
            with_job,
            before,
        )

    # the earliest safe finish: the plan she would get accepting the job for the earliest
    # day that keeps every promise (the same search as a promise, without the margin)
    def job_for(minutes: int, day: date) -> Job:
        return replace(job, effort_minutes=minutes, due=day)

    _day, safe, accepted = _earliest_due(setup, inputs, job_for, effort_minutes, late_before, today)
    forced = _keeping(setup, inputs, job)
    broken = sorted(_late_hard(forced) - late_before - {job.id})
    forced_outcome = _outcome(forced, job.id)
    shown = accepted if accepted is not None else before
    moves = _moves(before, shown, setup.working)
    sentence = _no_sentence(safe, broken, not forced_outcome.late, forced, language)
    return WhatIfAnswer(
        False,
        sentence,
        client.name,
        effort_minutes,
        wanted,
        safe,
        safe,
        broken,
        moves,
        shown,
        before,
    )


def _yes_sentence(finish: datetime | None, moves: list[JobMove], language: str) -> str:
    done = say("moment", language, moment=finish) if finish else "?"
    largest = max((abs(m.moved_minutes) for m in moves), default=0)
    if not moves or largest == 0:
        rest = say("nothing_moves", language)
    elif largest <= HALF_DAY_MINUTES:
        rest = say("nothing_moves_much", language)
    else:
        rest = say("others_move", language, count=len(moves), most=largest)
    return say("whatif_yes", language, done=done, rest=rest)


def _no_sentence(
    safe: datetime | None,
    broken: list[str],
    reachable: bool,
    forced: PlanReport,
    language: str,
) -> str:
    earliest = (
        say("whatif_earliest", language, moment=safe)
        if safe is not None
        else say("whatif_no_room", language)
    )
    if not reachable:
        keep = say("whatif_unreachable", language)
    elif broken:
        names = [
            f"{forced.jobs[k].title} ({forced.clients[forced.jobs[k].client_id].name})"
            for k in broken
        ]
        keep = say("whatif_would_break", language, jobs="; ".join(names))
    else:
        keep = say("whatif_soft_only", language)
    return say("whatif_no", language, earliest=earliest, keep=keep)


# --- promise --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromiseAnswer:
    """The delivery date she can safely promise.

    Args:
        sentence: the answer in one sentence, in the interface language.
        client: the client's name.
        effort_minutes: her estimate (minutes).
        planned_minutes: the effort with the margin applied once (minutes).
        due: the earliest date D such that the job (``planned_minutes``, due D, hard)
            plans with no hard deadline late; None when none within the search window.
        finish: the job's planned finish in that plan.
        planned_minutes_90, due_90: the same for 90 % confidence (the 90 % margin).
        calibration: the margins used.
        job_id: the id the job will get when added with ``title``.
    """

    sentence: str
    client: str
    effort_minutes: int
    planned_minutes: int
    due: date | None
    finish: datetime | None
    planned_minutes_90: int
    due_90: date | None
    calibration: Calibration
    job_id: str


def promise(
    ctx: ServiceContext,
    now: datetime,
    client_query: str,
    effort_minutes: int,
    *,
    title: str | None = None,
    kind: JobKind = JobKind.WORK,
) -> PromiseAnswer:
    """The earliest date she can promise a new job for, and the 90 % one.

    The effort is inflated once by the calibrated margin. D is the earliest working day
    such that the job, due D (end of that working day) as a hard deadline, plans with no
    hard deadline late (those already late in the current plan excepted); the day before
    D does not. Both sides are checked with the same planning call that ``creneau plan``
    makes after ``creneau job add`` (close to the saved plan). The 90 % date is found
    the same way with the 90 % margin.

    Args:
        ctx: the service context.
        now: aware datetime.
        client_query: the client.
        effort_minutes: her estimate in minutes (> 0).
        title: the job's title (default: a neutral one in her language).
        kind: work or meeting (a meeting is one block; no margin is applied to it).

    Raises:
        InputError: non-positive effort.
        NotFoundError, AmbiguousError: unknown or ambiguous client.
    """
    inputs, client = _question(ctx, client_query, effort_minutes)
    language = inputs.settings.language
    tz = inputs.settings.tz
    step = inputs.settings.rules().granularity_minutes
    calibration = calibrate(inputs.jobs)
    meeting = kind is JobKind.MEETING
    planned = effort_minutes if meeting else calibration.inflate(effort_minutes, step=step)
    planned_90 = (
        effort_minutes
        if meeting
        else calibration.inflate(effort_minutes, confident=True, step=step)
    )
    setup = prepare(ctx, inputs, now)
    late_before = _late_hard(plan_with(setup, quick=True))
    name = title or say("promise_title", language)
    today = now.astimezone(tz).date()

    def job_for(minutes: int, due: date) -> Job:
        return _candidate(client, inputs.jobs, name, minutes, today, due, kind)

    due, finish, _report = _earliest_due(setup, inputs, job_for, planned, late_before, today)
    due_90: date | None = None
    if due is not None:
        due_90, _finish, _report = _earliest_due(
            setup, inputs, job_for, planned_90, late_before, due
        )
    key = "promise_answer" if due_90 else "promise_answer_no_90"
    sentence = say(
        key if due else "promise_none",
        language,
        day=due,
        day_90=due_90,
        work=planned,
    )
    return PromiseAnswer(
        sentence,
        client.name,
        effort_minutes,
        planned,
        due,
        finish,
        planned_90,
        due_90,
        calibration,
        job_for(planned, today).id,
    )


def _earliest_due(
    setup: PlanSetup,
    inputs: PlanInputs,
    job_for: Callable[[int, date], Job],
    minutes: int,
    late_before: set[str],
    not_before: date,
) -> tuple[date | None, datetime | None, PlanReport | None]:
    """The earliest working day D >= ``not_before`` such that the job due D keeps every
    promise (:func:`keeps_promises`), the job's planned finish then, and that plan.

    The search starts at a proven lower bound (:func:`_capacity_floor`: before it, her
    free time cannot hold the job and the hard work due by then), where it usually ends;
    otherwise it tries the next :data:`LINEAR_STEPS` working days one by one, then walks
    forward 1, 2, 4... working days and bisects. Days are assumed
    monotone: a later due date keeps the promises when an earlier one does.
    """
    tz = setup.inputs.settings.tz
    today = setup.now.astimezone(tz).date()
    days = _working_days(setup, max(today, not_before), MAX_PROMISE_DAYS)
    if not days:
        return None, None, None
    cache: dict[int, PlanReport | None] = {}

    def keeps(i: int) -> PlanReport | None:
        if i not in cache:
            cache[i] = keeps_promises(setup, inputs, job_for(minutes, days[i]), late_before)
        return cache[i]

    k = _capacity_floor(setup, inputs, minutes, days)
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
    return days[k], _outcome(report, job_for(minutes, days[k]).id).planned_finish, report


def _capacity_floor(
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
                    free += _free_minutes(setup, start, end)
            day += timedelta(days=1)
        end_of = resolve_due(target, setup.working, tz)
        while i < len(hard) and hard[i][0] <= end_of:
            i += 1
        if free >= minutes + sum(m for _due, m in hard[:i]):
            return k
    return None


def _free_minutes(setup: PlanSetup, start: datetime, end: datetime) -> int:
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
    it after ``creneau job add``), or None when a hard job is late in it (``job`` itself
    included; those in ``late_before`` excepted)."""
    report = plan_with(setup, jobs=[*inputs.jobs, job])
    return None if _late_hard(report) - late_before else report


# --- at risk --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RiskOption:
    """One way out for a job at risk, with its effect computed by re-planning.

    Args:
        kind: ``"extend"`` (ask the client for more days), ``"move"`` (do another job
            after this one) or ``"extra_hours"`` (work longer days until the due date).
        text: the option and its effect, in the interface language.
        finish: the job's planned finish with the option (aware), or None.
        on_time: whether the job is then on time.
        days: for ``extend``, how many more working days to ask for.
        other_job: for ``move``, the job moved after this one.
        other_finish: for ``move``, (before, after) planned finishes of the moved job.
        extra_minutes: for ``extra_hours``, the extra working minutes offered.
    """

    kind: str
    text: str
    finish: datetime | None
    on_time: bool
    days: int = 0
    other_job: str | None = None
    other_finish: tuple[datetime | None, datetime | None] = (None, None)
    extra_minutes: int = 0


@dataclass(frozen=True, slots=True)
class Risk:
    """A job late or with little slack, why, and what can be done.

    Args:
        job_id, title, client: the job.
        deadline: hard or soft.
        due: its due time (aware).
        finish: its planned finish, or None.
        late: whether it is late.
        slack_minutes: free working minutes before the due time (None when late).
        reason: why, in plain words.
        options: ways out, each with its effect.
    """

    job_id: str
    title: str
    client: str
    deadline: Deadline
    due: datetime
    finish: datetime | None
    late: bool
    slack_minutes: int | None
    reason: str
    options: list[RiskOption] = field(default_factory=list)


MOVE_OPTIONS = 3
"""At most this many competing jobs are tried as "do it after" options, per job at risk."""

MAX_RISKS_WITH_OPTIONS = 6
"""Options are computed for this many jobs at risk at most (hard and late ones first)."""


def risks(ctx: ServiceContext, now: datetime, report: PlanReport | None = None) -> list[Risk]:
    """The jobs at risk: late, or with slack under the setting ``risk.slack``.

    Each comes with a reason in plain words and options computed by quick re-plans (see
    :func:`~creneau.services.planning.plan_with`): ask the client for the fewest more
    working days that make it on time; do one of the jobs competing for the time before
    its due date after it; work one more hour a day until its due date.

    Args:
        ctx: the service context.
        now: aware datetime.
        report: the current plan (computed, not stored, when not given).
    """
    inputs = load_inputs(ctx)
    setup = prepare(ctx, inputs, now)
    if report is None:
        report = plan_with(setup)
    language = inputs.settings.language
    threshold = int(inputs.settings.values["risk.slack"])
    at_risk = [
        o
        for o in report.plan.outcomes
        if o.late or (o.slack_minutes is not None and o.slack_minutes < threshold)
    ]
    at_risk.sort(
        key=lambda o: (not o.late, report.jobs[o.job_id].deadline is not Deadline.HARD, o.due)
    )
    found: list[Risk] = []
    for rank, outcome in enumerate(at_risk):
        job = report.jobs[outcome.job_id]
        if outcome.late:
            reason = report.reason(outcome) or say("late_no_reason", language)
        else:
            reason = say("tight", language, slack=outcome.slack_minutes or 0)
        options = (
            _options(setup, report, outcome, language) if rank < MAX_RISKS_WITH_OPTIONS else []
        )
        found.append(
            Risk(
                job_id=job.id,
                title=job.title,
                client=report.clients[job.client_id].name,
                deadline=job.deadline,
                due=outcome.due,
                finish=outcome.planned_finish,
                late=outcome.late,
                slack_minutes=outcome.slack_minutes,
                reason=reason,
                options=options,
            )
        )
    return found


def _options(
    setup: PlanSetup, report: PlanReport, outcome: JobOutcome, language: str
) -> list[RiskOption]:
    job = report.jobs[outcome.job_id]
    jobs = list(report.jobs.values())
    tz = setup.inputs.settings.tz
    threshold = int(setup.inputs.settings.values["risk.slack"])
    options: list[RiskOption] = []

    def fine(o: JobOutcome) -> bool:
        return not o.late and (outcome.late or (o.slack_minutes or 0) >= threshold)

    # 1. ask the client for more working days
    due_day = outcome.due.astimezone(tz).date()
    later = _working_days(setup, due_day + timedelta(days=1), 40)
    late_by = 0
    if outcome.planned_finish is not None and outcome.late:
        late_by = max(
            1,
            math.ceil(
                working_minutes_between(setup.working, outcome.due, outcome.planned_finish) / 420
            ),
        )
    start = min(max(late_by, 1), len(later)) - 1
    for k in range(start, min(len(later), start + 6)):
        moved = replace(job, due=later[k])
        trial = plan_with(setup, jobs=[moved if j.id == job.id else j for j in jobs], quick=True)
        new = _outcome(trial, job.id)
        if fine(new):
            options.append(
                RiskOption(
                    "extend",
                    say(
                        "opt_extend",
                        language,
                        client=report.clients[job.client_id].name,
                        days=k + 1,
                        day=later[k],
                        finish=new.planned_finish,
                    ),
                    new.planned_finish,
                    not new.late,
                    days=k + 1,
                )
            )
            break
    # 2. do a competing job after this one
    late_now = _late_hard(report)
    tried = 0
    for other in _competitors(report, outcome):
        if tried >= MOVE_OPTIONS:
            break
        tried += 1
        after = replace(other, after_id=job.id)
        trial = plan_with(setup, jobs=[after if j.id == other.id else j for j in jobs], quick=True)
        new = _outcome(trial, job.id)
        other_new = next((o for o in trial.plan.outcomes if o.job_id == other.id), None)
        other_old = next(o for o in report.plan.outcomes if o.job_id == other.id)
        if new.planned_finish is None or (
            outcome.planned_finish is not None and new.planned_finish >= outcome.planned_finish
        ):
            continue
        if _late_hard(trial) - late_now - {job.id}:
            continue  # never break a promise to save this job (hard or not)
        if other_new is not None and other_new.planned_finish == other_old.planned_finish:
            continue  # the other job does not move: not a real option
        options.append(
            RiskOption(
                "move",
                say(
                    "opt_move",
                    language,
                    other=other.title,
                    client=report.clients[other.client_id].name,
                    finish=new.planned_finish,
                    on_time=not new.late,
                    other_before=other_old.planned_finish,
                    other_after=other_new.planned_finish if other_new else None,
                    other_late=bool(other_new and other_new.late),
                ),
                new.planned_finish,
                not new.late,
                other_job=other.id,
                other_finish=(
                    other_old.planned_finish,
                    other_new.planned_finish if other_new else None,
                ),
            )
        )
    # 3. one more hour a day until the due date
    today = setup.now.astimezone(tz).date()
    extra: dict[date, tuple[TimePeriod, ...]] = {}
    day = today
    while day <= due_day:
        periods = setup.working.periods_on(day)
        if periods and periods[-1].end < time(22, 0):
            last = periods[-1]
            end = (datetime.combine(day, last.end) + timedelta(hours=1)).time()
            extra[day] = (*periods[:-1], TimePeriod(last.start, end))
        day += timedelta(days=1)
    if extra:
        longer = replace(setup.working, overrides={**setup.working.overrides, **extra})
        trial = plan_with(replace(setup, working=longer), quick=True)
        new = _outcome(trial, job.id)
        if new.planned_finish is not None and (
            outcome.planned_finish is None
            or new.planned_finish < outcome.planned_finish
            or new.late != outcome.late
        ):
            options.append(
                RiskOption(
                    "extra_hours",
                    say(
                        "opt_extra",
                        language,
                        days=len(extra),
                        until=due_day,
                        finish=new.planned_finish,
                        on_time=not new.late,
                    ),
                    new.planned_finish,
                    not new.late,
                    extra_minutes=60 * len(extra),
                )
            )
    return options


def _competitors(report: PlanReport, outcome: JobOutcome) -> list[Job]:
    """Other jobs with blocks before this job's due time, soft and least urgent first (an
    option that would make another hard job late is dropped by the caller)."""
    minutes: dict[str, int] = {}
    for block in report.plan.blocks:
        if block.job_id and block.job_id != outcome.job_id and block.start < outcome.due:
            minutes[block.job_id] = minutes.get(block.job_id, 0) + block.minutes
    due_of = {o.job_id: o.due for o in report.plan.outcomes}
    candidates = [
        report.jobs[k]
        for k in minutes
        if report.jobs[k].status is not JobStatus.WAITING and due_of[k] > outcome.due
    ]
    return sorted(
        candidates,
        key=lambda j: (j.deadline is Deadline.HARD, -due_of[j.id].timestamp(), -minutes[j.id]),
    )


# --- JSON -----------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _move_json(move: JobMove) -> dict[str, Any]:
    return {
        "job_id": move.job_id,
        "job": move.title,
        "client": move.client,
        "before": _iso(move.before),
        "after": _iso(move.after),
        "moved_hours": round(move.moved_minutes / 60, 2),
        "late_before": move.late_before,
        "late_after": move.late_after,
        "hard": move.hard,
    }


def what_if_to_json(answer: WhatIfAnswer) -> dict[str, Any]:
    """``creneau whatif --json``: the answer, its sentence, what breaks, what moves."""
    jobs = answer.report.jobs
    return {
        "possible": answer.possible,
        "sentence": answer.sentence,
        "client": answer.client,
        "effort_hours": round(answer.effort_minutes / 60, 2),
        "wanted_due": _iso(answer.wanted_due),
        "finish": _iso(answer.finish),
        "earliest_safe_finish": _iso(answer.earliest_safe_finish),
        "would_break": [
            {"job_id": k, "job": answer.before.jobs[k].title, "client": _client_of(answer, k)}
            for k in answer.broken
            if k in jobs
        ],
        "moves": [_move_json(m) for m in answer.moves],
    }


def _client_of(answer: WhatIfAnswer, job_id: str) -> str:
    job = answer.before.jobs[job_id]
    return answer.before.clients[job.client_id].name


def promise_to_json(answer: PromiseAnswer) -> dict[str, Any]:
    """``creneau promise --json``."""
    return {
        "sentence": answer.sentence,
        "client": answer.client,
        "effort_hours": round(answer.effort_minutes / 60, 2),
        "planned_hours": round(answer.planned_minutes / 60, 2),
        "due": answer.due.isoformat() if answer.due else None,
        "planned_finish": _iso(answer.finish),
        "planned_hours_90": round(answer.planned_minutes_90 / 60, 2),
        "due_90": answer.due_90.isoformat() if answer.due_90 else None,
        "calibration": {
            "finished_jobs": answer.calibration.jobs,
            "mean_ratio": round(answer.calibration.mean_ratio, 4),
            "margin": round(answer.calibration.margin, 4),
            "margin_90": round(answer.calibration.margin_90, 4),
        },
        "job_id": answer.job_id,
    }


def risks_to_json(found: list[Risk]) -> dict[str, Any]:
    """``creneau risks --json``."""
    return {
        "risks": [
            {
                "job_id": r.job_id,
                "job": r.title,
                "client": r.client,
                "deadline": r.deadline.value,
                "due": _iso(r.due),
                "planned_finish": _iso(r.finish),
                "late": r.late,
                "slack_hours": round(r.slack_minutes / 60, 2)
                if r.slack_minutes is not None
                else None,
                "reason": r.reason,
                "options": [
                    {
                        "kind": o.kind,
                        "text": o.text,
                        "planned_finish": _iso(o.finish),
                        "on_time": o.on_time,
                        "days": o.days or None,
                        "other_job_id": o.other_job,
                        "extra_hours": round(o.extra_minutes / 60, 2) or None,
                    }
                    for o in r.options
                ],
            }
            for r in found
        ]
    }
