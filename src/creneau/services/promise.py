"""What delivery date can I safely promise? The promise question, answered by re-planning
with her calibrated estimate margin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from creneau.domain.models import (
    Job,
    JobKind,
)
from creneau.services.calibration import Calibration, calibrate
from creneau.services.context import ServiceContext
from creneau.services.decision_messages import say
from creneau.services.decisions import (
    candidate,
    earliest_due,
    iso,
    late_hard,
    question,
    safe_due,
)
from creneau.services.planning import (
    plan_with,
    prepare,
)

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
        calibration: what her finished jobs say (overall, per client, per tag).
        job_id: the id the job will get when added with ``title``.
        margin, margin_90: the factors applied to her estimate (her client's, see
            :meth:`~creneau.services.calibration.Calibration.factors`; 1.0 for a meeting).
        client_id: the client's id.
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
    margin: float = 1.0
    margin_90: float = 1.0
    client_id: str = ""


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

    The effort is inflated once by her client's calibrated margin (the new job has no
    tags): also when ``plan.calibrated_efforts`` is on, since the planner calibrates
    only the stored jobs, never this hypothetical one. D is the earliest working day
    such that the job, due D (end of that working day) as a hard deadline, plans with no
    hard deadline late (those already late in the current plan excepted); the day before
    D does not. Both sides are checked with the same planning call that ``creneau plan``
    makes after ``creneau job add`` (close to the saved plan). The 90 % date is a safe
    date rather than the earliest: the finish of the job with the 90 % margin in a short
    search from nothing, checked with the same full plan (and moved later until it
    keeps every promise), never before D.

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
    inputs, client = question(ctx, client_query, effort_minutes)
    language = inputs.settings.language
    tz = inputs.settings.tz
    step = inputs.settings.rules().granularity_minutes
    calibration = calibrate(inputs.jobs)
    meeting = kind is JobKind.MEETING
    margin, margin_90 = (1.0, 1.0) if meeting else calibration.factors(client.id)
    planned = (
        effort_minutes
        if meeting
        else calibration.inflate(effort_minutes, step=step, client_id=client.id)
    )
    planned_90 = (
        effort_minutes
        if meeting
        else calibration.inflate(effort_minutes, confident=True, step=step, client_id=client.id)
    )
    setup = prepare(ctx, inputs, now)
    late_before = late_hard(plan_with(setup, quick=True))
    name = title or say("promise_title", language)
    today = now.astimezone(tz).date()

    def job_for(minutes: int, due: date) -> Job:
        return candidate(client, inputs.jobs, name, minutes, today, due, kind)

    due, finish, _report = earliest_due(setup, inputs, job_for, planned, late_before, today)
    due_90: date | None = None
    if due is not None:
        due_90 = safe_due(setup, inputs, job_for, planned_90, late_before, due)
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
        margin,
        margin_90,
        client.id,
    )


def promise_to_json(answer: PromiseAnswer) -> dict[str, Any]:
    """``creneau promise --json``."""
    return {
        "sentence": answer.sentence,
        "client": answer.client,
        "effort_hours": round(answer.effort_minutes / 60, 2),
        "planned_hours": round(answer.planned_minutes / 60, 2),
        "due": answer.due.isoformat() if answer.due else None,
        "planned_finish": iso(answer.finish),
        "planned_hours_90": round(answer.planned_minutes_90 / 60, 2),
        "due_90": answer.due_90.isoformat() if answer.due_90 else None,
        "calibration": {
            "finished_jobs": answer.calibration.jobs,
            "mean_ratio": round(answer.calibration.mean_ratio, 4),
            "client_jobs": (
                group.jobs if (group := answer.calibration.clients.get(answer.client_id)) else 0
            ),
            "margin": round(answer.margin, 4),
            "margin_90": round(answer.margin_90, 4),
        },
        "job_id": answer.job_id,
    }
