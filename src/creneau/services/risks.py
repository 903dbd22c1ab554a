"""Which promise is at risk, why, and what can be done: options computed by re-planning."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from creneau.domain.models import (
    Deadline,
    Job,
    JobOutcome,
    JobStatus,
    TimePeriod,
)
from creneau.services.context import ServiceContext
from creneau.services.decision_messages import say
from creneau.services.decisions import (
    iso,
    late_hard,
    outcome_of,
    working_days,
    working_minutes_between,
)
from creneau.services.planning import (
    PlanReport,
    PlanSetup,
    load_inputs,
    plan_with,
    prepare,
)

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

    Returns:
        The jobs at risk, late ones first, then hard ones, then by due time; options for
        the first :data:`MAX_RISKS_WITH_OPTIONS`.

    Raises:
        InputError: invalid stored settings.
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
    later = working_days(setup, due_day + timedelta(days=1), 40)
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
        new = outcome_of(trial, job.id)
        if fine(new):
            options.append(
                RiskOption(
                    "extend",
                    say(
                        "opt_extend_one" if k == 0 else "opt_extend",
                        language,
                        client=report.clients[job.client_id].name,
                        days=k + 1,
                        day=later[k],
                        finish=new.planned_finish,
                        margin=(
                            say("margin_then", language, slack=new.slack_minutes)
                            if new.slack_minutes is not None
                            else ""
                        ),
                    ),
                    new.planned_finish,
                    not new.late,
                    days=k + 1,
                )
            )
            break
    # 2. do a competing job after this one
    late_now = late_hard(report)
    tried = 0
    for other in _competitors(report, outcome):
        if tried >= MOVE_OPTIONS:
            break
        tried += 1
        after = replace(other, after_id=job.id)
        trial = plan_with(setup, jobs=[after if j.id == other.id else j for j in jobs], quick=True)
        new = outcome_of(trial, job.id)
        other_new = next((o for o in trial.plan.outcomes if o.job_id == other.id), None)
        other_old = next(o for o in report.plan.outcomes if o.job_id == other.id)
        if new.planned_finish is None or (
            outcome.planned_finish is not None and new.planned_finish >= outcome.planned_finish
        ):
            continue
        if late_hard(trial) - late_now - {job.id}:
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
        new = outcome_of(trial, job.id)
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


def risks_to_json(found: list[Risk]) -> dict[str, Any]:
    """``creneau risks --json``."""
    return {
        "risks": [
            {
                "job_id": r.job_id,
                "job": r.title,
                "client": r.client,
                "deadline": r.deadline.value,
                "due": iso(r.due),
                "planned_finish": iso(r.finish),
                "late": r.late,
                "slack_hours": round(r.slack_minutes / 60, 2)
                if r.slack_minutes is not None
                else None,
                "reason": r.reason,
                "options": [
                    {
                        "kind": o.kind,
                        "text": o.text,
                        "planned_finish": iso(o.finish),
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
