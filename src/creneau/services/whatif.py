"""Can I take this job by that date? The what-if question, answered by re-planning."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from creneau.domain.errors import InputError
from creneau.domain.models import (
    Deadline,
    Job,
    JobKind,
)
from creneau.planning.problem import resolve_due
from creneau.services.calibration import calibrate
from creneau.services.context import ServiceContext
from creneau.services.decision_messages import say
from creneau.services.decisions import (
    HALF_DAY_MINUTES,
    MAX_PROMISE_DAYS,
    JobMove,
    candidate,
    capacity_floor,
    earliest_due,
    iso,
    keeping,
    late_hard,
    move_json,
    moves_between,
    outcome_of,
    question,
    working_days,
)
from creneau.services.planning import (
    PlanReport,
    plan_with,
    prepare,
)

# --- what-if --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WhatIfAnswer:
    """The answer to "can I take this job by that date?".

    Args:
        possible: the job can be done by the wanted due time without breaking any hard
            deadline that the current plan keeps.
        sentence: the answer in one sentence, in the interface language.
        client: the client's name.
        effort_minutes: the job's effort (as given).
        wanted_due: the wanted due time (aware; a date means the end of that working day).
        finish: the job's planned finish when possible, else its earliest safe finish
            (None when it does not fit in the horizon).
        earliest_safe_finish: the earliest finish that breaks no existing promise.
        broken: hard jobs (ids) that would be late if the wanted due time were kept
            instead (empty when possible).
        moves: existing jobs whose planned finish moves (in the plan with the job at
            ``finish``), largest move first.
        report: the plan with the job (at ``finish``), for display.
        before: the current plan, without the job (what ``moves`` compares with).
        planned_minutes: the effort planned: as given, or with her client's calibrated
            margin applied once when ``plan.calibrated_efforts`` is on (as the planner
            then plans every stored job).
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
    planned_minutes: int = 0


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

    Stores nothing. The job is planned with ``effort_minutes`` as given, or, when
    ``plan.calibrated_efforts`` is on, inflated once by her client's calibrated margin like
    every stored job. The current plan and the plan with the job are both computed close to
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
        InputError: non-positive effort, or a due date not after now.
        NotFoundError, AmbiguousError: unknown or ambiguous client.
    """
    inputs, client = question(ctx, client_query, effort_minutes)
    language = inputs.settings.language
    tz = inputs.settings.tz
    today = now.astimezone(tz).date()
    due_day = due.astimezone(tz).date() if isinstance(due, datetime) else due
    if due_day < today or (isinstance(due, datetime) and due <= now):
        raise InputError(f"{due} is not after now ({now:%Y-%m-%d %H:%M})", field="--due")
    setup = prepare(ctx, inputs, now)
    wanted = resolve_due(due, setup.working, tz)
    name = title or say("whatif_title", language)
    planned = effort_minutes
    if inputs.settings.values["plan.calibrated_efforts"] and kind is JobKind.WORK:
        step = setup.rules.granularity_minutes
        planned = calibrate(inputs.jobs).inflate(effort_minutes, step=step, client_id=client.id)
    job = candidate(client, inputs.jobs, name, planned, today, due, kind, deadline)
    before = plan_with(setup)
    late_before = late_hard(before)
    # when her free time up to the wanted day cannot hold the job and the hard work due
    # by then, no plan can say yes: the plan with the job is not needed
    days = working_days(setup, today, MAX_PROMISE_DAYS)
    floor = capacity_floor(setup, inputs, planned, days)
    reachable = floor is not None and days[floor] <= due_day
    with_job = plan_with(setup, jobs=[*inputs.jobs, job]) if reachable else before
    possible = False
    if reachable:
        outcome = outcome_of(with_job, job.id)
        newly_broken = late_hard(with_job) - late_before - {job.id}
        possible = not outcome.late and not newly_broken
    if possible:
        moves = moves_between(before, with_job, setup.working)
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
            planned,
        )

    # the earliest safe finish: the plan she would get accepting the job for the earliest
    # day that keeps every promise (the same search as a promise, with the effort planned
    # above: the margin is never applied a second time)
    def job_for(minutes: int, day: date) -> Job:
        # hard whatever was asked: its own finish must count in "keeps every promise"
        return replace(job, effort_minutes=minutes, due=day, deadline=Deadline.HARD)

    _day, safe, accepted = earliest_due(setup, inputs, job_for, planned, late_before, today)
    forced = keeping(setup, inputs, job)
    broken = sorted(late_hard(forced) - late_before - {job.id})
    forced_outcome = outcome_of(forced, job.id)
    shown = accepted if accepted is not None else before
    moves = moves_between(before, shown, setup.working)
    sentence = _no_sentence(safe, broken, not forced_outcome.late, forced, language)
    late = [m for m in moves if m.late_after and not m.late_before]
    if safe is not None and late:
        key = "then_one_late" if len(late) == 1 else "then_some_late"
        sentence += " " + say(key, language, count=len(late), jobs=", ".join(m.title for m in late))
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
        planned,
    )


def _yes_sentence(finish: datetime | None, moves: list[JobMove], language: str) -> str:
    done = say("moment", language, moment=finish) if finish else "?"
    largest = max((abs(m.moved_minutes) for m in moves), default=0)
    if not moves or largest == 0:
        rest = say("nothing_moves", language)
    elif largest <= HALF_DAY_MINUTES:
        rest = say("nothing_moves_much", language)
    else:
        key = "other_moves" if len(moves) == 1 else "others_move"
        rest = say(key, language, count=len(moves), most=largest)
    late = [m for m in moves if m.late_after and not m.late_before]
    if late:
        key = "one_late" if len(late) == 1 else "some_late"
        rest += say(key, language, count=len(late), jobs=", ".join(m.title for m in late))
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


def what_if_to_json(answer: WhatIfAnswer) -> dict[str, Any]:
    """``creneau whatif --json``: the answer, its sentence, what breaks, what moves."""
    jobs = answer.report.jobs
    return {
        "possible": answer.possible,
        "sentence": answer.sentence,
        "client": answer.client,
        "effort_hours": round(answer.effort_minutes / 60, 2),
        "planned_hours": round(answer.planned_minutes / 60, 2),
        "wanted_due": iso(answer.wanted_due),
        "finish": iso(answer.finish),
        "earliest_safe_finish": iso(answer.earliest_safe_finish),
        "would_break": [
            {"job_id": k, "job": answer.before.jobs[k].title, "client": _client_of(answer, k)}
            for k in answer.broken
            if k in jobs
        ],
        "moves": [move_json(m) for m in answer.moves],
    }


def _client_of(answer: WhatIfAnswer, job_id: str) -> str:
    job = answer.before.jobs[job_id]
    return answer.before.clients[job.client_id].name
