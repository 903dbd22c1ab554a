"""Use cases around the plan: compute it, say what to do now, render it as JSON.

The plan is computed from the stored clients, jobs, settings and calendar: busy time is
expanded from the stored events over the planned window, and public holidays come from
the holiday provider; both become days off and busy intervals for the pure planner.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from creneau.domain.models import (
    Block,
    BlockKind,
    BusyInterval,
    CalendarRecord,
    Client,
    ClientUpdate,
    Job,
    JobKind,
    JobOutcome,
    PinnedBlock,
    Plan,
    PlanningRules,
    SavedPlan,
    WorkingTime,
)
from creneau.domain.places import MeetingMode, Visit
from creneau.planning.planner import make_plan
from creneau.planning.problem import MAX_HORIZON_DAYS, resolve_due
from creneau.services.attention import LOOK_BACK, event_client, last_attention
from creneau.services.calibration import calibrated_jobs
from creneau.services.context import ServiceContext
from creneau.services.messages import reason_text
from creneau.services.places import (
    MeetingPlace,
    PlaceFinder,
    TravelTimes,
    finder,
    meeting_visits,
    postal_address,
    travel_around,
)
from creneau.services.tours import chain_tours
from creneau.settings import Settings

_T = TypeVar("_T")

BUSY_MARGIN = timedelta(weeks=26)
"""Busy time is expanded this far past the nominal horizon (in case the horizon grows)."""


@dataclass(frozen=True, slots=True)
class PlanReport:
    """A plan with what is needed to show it.

    Args:
        plan: the computed plan.
        now: the "now" it was computed for (aware, not rounded to the grid).
        clients: every client, by id.
        jobs: every job, by id.
        settings: the settings it was computed with.
    """

    plan: Plan
    now: datetime
    clients: dict[str, Client]
    jobs: dict[str, Job]
    settings: Settings

    @property
    def language(self) -> str:
        """The interface language."""
        return self.settings.language

    def reason(self, outcome: JobOutcome) -> str | None:
        """The outcome's reason in words, in the interface language."""
        if outcome.reason_code is None:
            return None
        return reason_text(
            outcome.reason_code, dict(outcome.reason_args), self.language, _Titles(self.jobs)
        )

    def at_risk(self) -> list[JobOutcome]:
        """Late or unplaced jobs, hard ones first, then by due time."""
        late = [o for o in self.plan.outcomes if o.late]
        return sorted(late, key=lambda o: (self.jobs[o.job_id].deadline.value != "hard", o.due))


class _Titles(Mapping[str, str]):
    """Job titles by id, read from the jobs on demand (a reason names a few jobs: a copy
    of every title for each reason made a list of reasons quadratic)."""

    def __init__(self, jobs: Mapping[str, Job]) -> None:
        self._jobs = jobs

    def __getitem__(self, key: str) -> str:
        return self._jobs[key].title

    def __iter__(self) -> Iterator[str]:
        return iter(self._jobs)

    def __len__(self) -> int:
        return len(self._jobs)


def working_time(
    ctx: ServiceContext, settings: Settings, start: datetime, end: datetime
) -> WorkingTime:
    """Her working-time rules over ``[start, end]``: weekly hours, holidays and days off."""
    provider = ctx.holidays(
        settings.values["holidays.country"], settings.values["holidays.subdivision"] or None
    )
    holidays = provider.holidays_between(start.date() - timedelta(days=400), end.date())
    days_off = frozenset(holidays) | settings.values["days_off"]
    return WorkingTime(weekly=settings.weekly_hours(), days_off=days_off)


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """Everything a plan is computed from, read in one transaction.

    Args:
        settings: the settings.
        clients, jobs: every client and job; with ``plan.calibrated_efforts`` on, each open
            desk job without a re-estimate carries its calibrated work left as
            ``remaining_minutes`` (:func:`~creneau.services.calibration.calibrated_jobs`),
            so that every plan, question and report of it sees the same efforts.
        records: stored calendar events.
        pins: blocks she pinned.
        saved: the last saved plan, or None.
        updates: updates sent to clients.
    """

    settings: Settings
    clients: list[Client]
    jobs: list[Job]
    records: list[CalendarRecord]
    pins: list[PinnedBlock]
    saved: SavedPlan | None
    updates: list[ClientUpdate]


def load_inputs(ctx: ServiceContext) -> PlanInputs:
    """Read the plan's inputs (one transaction); calibrated efforts when the setting
    ``plan.calibrated_efforts`` is on.

    Raises:
        InputError: invalid stored settings.
    """
    settings = ctx.settings()
    with ctx.uow(read_only=True) as uow:
        jobs = uow.jobs.list()
        return PlanInputs(
            settings=settings,
            clients=uow.clients.list(),
            jobs=calibrated_jobs(jobs) if settings.values["plan.calibrated_efforts"] else jobs,
            records=uow.calendar.list(),
            pins=uow.pins.list(),
            saved=uow.plans.latest(),
            updates=uow.updates.list(),
        )


def past_events(ctx: ServiceContext, inputs: PlanInputs, now: datetime) -> list[BusyInterval]:
    """Her calendar's events (opaque or not) from :data:`LOOK_BACK` before ``now`` to
    ``now`` plus a day, for attention."""
    if not inputs.records:
        return []
    tz = inputs.settings.tz
    local = now.astimezone(tz)
    return ctx.calendar.busy_between(
        inputs.records, local - LOOK_BACK, local + timedelta(days=1), tz
    )


@dataclass(frozen=True, slots=True)
class PlanSetup:
    """What every plan of one question shares: the inputs, "now", the rules, her working
    time, her busy time and the clients' last attention (computed once, reused by every
    probe of a what-if or promise question).

    Args:
        inputs: from :func:`load_inputs`.
        now: aware datetime.
        rules: the planning rules.
        working: her working time (weekly hours, holidays, days off) over the horizon.
        busy: her calendar's busy intervals over the horizon.
        attention: client id to the latest attention before ``now``.
        client_events: client id to the starts of her calendar's events with that client
            from ``now`` on (attention given by a meeting or call).
        meetings: meeting job id to how it is held (in person with its drive, or a
            call, and why).
        places, travel: the places and drives of this question (to chain a day's visits).
    """

    inputs: PlanInputs
    now: datetime
    rules: PlanningRules
    working: WorkingTime
    busy: list[BusyInterval]
    attention: dict[str, datetime]
    client_events: dict[str, list[datetime]]
    meetings: dict[str, MeetingPlace] = field(default_factory=dict)
    places: PlaceFinder | None = None
    travel: TravelTimes | None = None

    @property
    def visits(self) -> dict[str, Visit]:
        """Meeting job id to the :class:`Visit` the planner uses."""
        return {k: m.visit for k, m in self.meetings.items()}


def prepare(
    ctx: ServiceContext,
    inputs: PlanInputs,
    now: datetime,
    *,
    rules: PlanningRules | None = None,
    working: Callable[[WorkingTime], WorkingTime] | None = None,
    extra_days: int = 0,
) -> PlanSetup:
    """Compute what the plans of one question share (see :class:`PlanSetup`).

    Args:
        ctx: the service context (calendar expansion, holidays).
        inputs: from :func:`load_inputs`.
        now: aware datetime.
        rules: planning rules instead of the settings' own.
        working: changes her working time (extra hours), given the computed one.
        extra_days: expand busy time this many more days (for hypothetical late dues).

    Raises:
        InputError: invalid stored settings.
    """
    settings = inputs.settings
    tz = settings.tz
    rules = rules or settings.rules()
    local_now = now.astimezone(tz)
    nominal_end = local_now + timedelta(days=rules.horizon_days + extra_days)
    cap = local_now + timedelta(days=MAX_HORIZON_DAYS)
    rough = working_time(ctx, settings, local_now, cap + BUSY_MARGIN)
    if working is not None:
        rough = working(rough)
    for job in inputs.jobs:
        if job.status.is_open:
            due = min(resolve_due(job.due, rough, tz), cap)
            nominal_end = max(nominal_end, due + timedelta(days=7))
    busy_end = nominal_end + BUSY_MARGIN
    records = inputs.records
    # one expansion of her calendar serves both the busy time ahead and past attention
    events = (
        ctx.calendar.busy_between(records, local_now - LOOK_BACK, busy_end, tz) if records else []
    )
    busy: list[BusyInterval] = [
        b
        for b in events
        if b.end > local_now and b.end > b.start  # zero-length events block nothing
    ]
    past = [b for b in events if b.start < local_now + timedelta(days=1)]
    attention = last_attention(now, inputs.clients, inputs.saved, past, inputs.updates)
    ahead: dict[str, list[datetime]] = {}
    for event in busy:
        if event.start >= now:
            client = event_client(event.summary, inputs.clients)
            if client is not None:
                ahead.setdefault(client.id, []).append(event.start)
    places = finder(ctx, settings, inputs.clients)
    travel = TravelTimes(ctx, settings)
    meetings = meeting_visits(inputs.jobs, inputs.clients, places, travel)
    drives = travel_around(busy, inputs.pins, meetings, places, travel, rules.granularity_minutes)
    places.save(now)
    busy = sorted([*busy, *drives], key=lambda b: (b.start, b.end, b.uid, b.travel))
    return PlanSetup(inputs, now, rules, rough, busy, attention, ahead, meetings, places, travel)


QUICK_EFFORT = 60
"""Search effort of a *quick* plan (a probe of a what-if, promise or risk question)."""


def plan_with(
    setup: PlanSetup,
    *,
    jobs: Sequence[Job] | None = None,
    stable: bool = True,
    quick: bool = False,
    warm: bool = False,
    must_meet: str | None = None,
    order: Sequence[str] | None = None,
    effort: int | None = None,
) -> PlanReport:
    """One plan of a question, storing nothing.

    Args:
        setup: from :func:`prepare`.
        jobs: the jobs to plan instead of the stored ones (a hypothetical job added, a due
            date moved...).
        stable: stay close to the saved plan (warm start and stability term).
        quick: a probe: start from the saved plan's order (warm start) with a short search
            (:data:`QUICK_EFFORT` decodes, no CP-SAT), without the stability search; about
            ten times faster than a full plan, for the what-if, promise and risk probes.
        warm: start from the saved plan's order with the usual warm-start search (a
            twentieth of a full search) but no stability term: for probes whose plan may
            differ much from the saved one.
        must_meet: id of a job whose due time outranks every other one.
        order: job ids to warm-start from instead of the saved plan's order (jobs not in
            it are slotted in at their due-date place); with ``quick``, that order is
            decoded as it is, without search (a probe of one order).
        effort: the search effort instead of the settings' (no CP-SAT then).
    """
    inputs = setup.inputs
    all_jobs = list(inputs.jobs if jobs is None else jobs)
    rules = setup.rules
    saved = inputs.saved
    if effort is not None:
        rules = replace(rules, search_effort=effort, cpsat_seconds=0)
    if quick:
        quick_effort = 1 if order is not None else min(rules.search_effort, QUICK_EFFORT)
        rules = replace(rules, search_effort=quick_effort, cpsat_seconds=0)
    if warm:
        rules = replace(rules, cpsat_seconds=0)
    meetings = setup.meetings
    if jobs is not None and setup.places is not None and setup.travel is not None:
        # a hypothetical meeting (what-if, promise) is held in person or by call by the
        # same rule as the stored ones
        new = [j for j in all_jobs if j.kind is JobKind.MEETING and j.id not in meetings]
        if new:
            extra = meeting_visits(new, inputs.clients, setup.places, setup.travel)
            meetings = {**meetings, **extra}
    previous_order: Sequence[str] | None = order
    if previous_order is None and saved is not None and (stable or quick or warm):
        previous_order = saved.order
    plan = make_plan(
        setup.now,
        all_jobs,
        inputs.clients,
        setup.working,
        setup.busy,
        rules,
        previous_order=previous_order,
        previous_blocks=(
            saved.blocks if saved is not None and stable and not (quick or warm) else None
        ),
        pins=inputs.pins,
        last_attention=setup.attention,
        client_events=setup.client_events,
        must_meet=must_meet,
        visits={k: m.visit for k, m in meetings.items()},
    )
    if setup.places is not None and setup.travel is not None:
        plan = chain_tours(
            plan,
            meetings,
            setup.places,
            setup.travel,
            step=rules.granularity_minutes,
            min_home_minutes=rules.min_block_minutes,
            tz=inputs.settings.tz,
        )
    return PlanReport(
        plan=plan,
        now=setup.now,
        clients={c.id: c for c in inputs.clients},
        jobs={j.id: j for j in all_jobs},
        settings=inputs.settings,
    )


def plan_from(
    ctx: ServiceContext,
    inputs: PlanInputs,
    now: datetime,
    *,
    jobs: Sequence[Job] | None = None,
    stable: bool = True,
) -> PlanReport:
    """Plan from given inputs, possibly with other jobs (what-if questions), storing nothing.

    Args:
        ctx: the service context (calendar expansion, holidays).
        inputs: from :func:`load_inputs`.
        now: aware datetime.
        jobs: the jobs to plan instead of ``inputs.jobs``.
        stable: stay close to the saved plan (warm start and stability term).

    Raises:
        InputError: invalid stored settings.
    """
    return plan_with(prepare(ctx, inputs, now), jobs=jobs, stable=stable)


def compute_plan(ctx: ServiceContext, now: datetime, *, save: bool = True) -> PlanReport:
    """Plan every open job from ``now``, close to the saved plan, and save the result.

    The saved plan (if any) is the previous plan: its priority order warm-starts the search
    and its blocks stay in place where the objective allows (``Plan.stability`` says how
    many did). The new plan then replaces it, so that every change (a job added, edited,
    done, cancelled, time recorded) is followed by a replan from the last one.

    Args:
        ctx: the service context.
        now: aware datetime ("now", possibly given by ``--now``).
        save: store the new plan as the saved one.

    Raises:
        InputError: invalid stored settings.
    """
    inputs = load_inputs(ctx)
    report = plan_from(ctx, inputs, now)
    if save:
        with ctx.uow() as uow:
            uow.plans.save(
                SavedPlan(computed_at=now, order=report.plan.order, blocks=report.plan.blocks)
            )
    return report


def after_change(
    ctx: ServiceContext, now: datetime, change: Callable[[], _T]
) -> tuple[_T, PlanReport]:
    """Apply one change (a catalog or override use case, e.g. ``lambda: add_job(...)``)
    and replan at once: the plan is stored after every change.

    Args:
        ctx: the service context.
        now: aware datetime.
        change: the change, run first; its errors propagate and nothing is replanned.

    Returns:
        The change's result and the new plan (``plan.stability`` counts the blocks kept).
    """
    result = change()
    return result, replan(ctx, now)


def replan(ctx: ServiceContext, now: datetime) -> PlanReport:
    """Recompute and store the plan after a change (a job added, edited, done, cancelled,
    waiting, a block pinned, time recorded...): close to the saved plan, whose blocks keep
    their place as far as the objective allows (``report.plan.stability`` counts them).

    Args:
        ctx: the service context.
        now: aware datetime.

    Raises:
        InputError: invalid stored settings.
    """
    return compute_plan(ctx, now, save=True)


@dataclass(frozen=True, slots=True)
class NowAnswer:
    """What to work on now, and until when.

    Args:
        current: the block under way at ``now`` (merged with the same job's next blocks
            that follow without a break), or None.
        until: when the current block ends.
        upcoming: the next blocks of the day (or the next working day), at most five.
    """

    current: Block | None
    until: datetime | None
    upcoming: list[Block]


def what_now(report: PlanReport, now: datetime) -> NowAnswer:
    """The block to work on at ``now`` and the next ones.

    A block starting within one grid step after ``now`` counts as the current one (plans
    start at the next grid point).

    Args:
        report: the current plan.
        now: aware datetime.
    """
    blocks = report.plan.blocks  # sorted by start: found by bisection, not read through
    grid = timedelta(minutes=report.settings.rules().granularity_minutes)
    begun = bisect.bisect_right(blocks, now, key=_start)  # blocks[:begun] start <= now
    current = next((b for b in blocks[:begun] if now < b.end), None)
    if current is None:  # the plan starts at the next grid point: that block is "now"
        first = bisect.bisect_left(blocks, now, key=_start)
        if first < len(blocks) and blocks[first].start < now + grid:
            current = blocks[first]
    until = None
    if current is not None:
        end = current.end
        for b in blocks[bisect.bisect_left(blocks, end, key=_start) :]:
            if b.start > end:
                break
            if b.job_id == current.job_id and b.start == end:
                end = b.end
        until = end
    next_index = bisect.bisect_left(blocks, until or now, key=_start)
    return NowAnswer(current, until, list(blocks[next_index : next_index + 5]))


def _start(block: Block) -> datetime:
    return block.start


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def plan_window(report: PlanReport, start: datetime, end: datetime) -> PlanReport:
    """The part of the plan that concerns ``[start, end)`` (aware datetimes): the blocks
    and busy time that overlap it, and the outcomes of the jobs due before ``end`` (late
    ones included) or planned in it. Settings, clients and jobs are kept whole.

    Raises:
        ValueError: ``end`` is not after ``start``.
    """
    if end <= start:
        raise ValueError("the window's end must be after its start")
    blocks = tuple(b for b in report.plan.blocks if b.start < end and b.end > start)
    planned = {b.job_id for b in blocks if b.job_id}
    plan = replace(
        report.plan,
        blocks=blocks,
        busy=tuple(b for b in report.plan.busy if b.start < end and b.end > start),
        outcomes=tuple(o for o in report.plan.outcomes if o.due < end or o.job_id in planned),
    )
    return replace(report, plan=plan)


def plan_to_json(report: PlanReport) -> dict[str, Any]:
    """The plan in the stable JSON schema of ``creneau plan --json`` (see the README).

    Blocks include her calendar's busy time (kind ``busy``); every job's due is a
    date-time with its UTC offset; hours are decimal hours.
    """
    plan = report.plan
    tz = report.settings.tz
    blocks: list[dict[str, Any]] = []

    def travel_fields(
        km: float | None, location: str, summary: str, job: Job | None, client: Client | None
    ) -> dict[str, Any]:
        """The same keys for every drive, planned or around an event (see the README)."""
        return {
            "mode": MeetingMode.IN_PERSON.value,
            "km": km,
            "location": location or (postal_address(client) if client else "") or None,
            "summary": summary or (job.title if job else ""),
        }

    for block in plan.blocks:
        job = report.jobs[block.job_id] if block.job_id else None
        client = report.clients[block.client_id] if block.client_id else None
        blocks.append(
            {
                "id": block.id,
                "start": block.start.astimezone(tz).isoformat(),
                "end": block.end.astimezone(tz).isoformat(),
                "kind": block.kind.value,
                "client": client.name if client else None,
                "job": job.title if job else None,
                "job_id": job.id if job else None,
                "pinned": block.pinned,
            }
        )
        if block.mode is not None:
            blocks[-1]["mode"] = block.mode
        if block.kind is BlockKind.TRAVEL:
            blocks[-1].update(travel_fields(block.km, "", block.summary, job, client))
    for busy in plan.busy:
        job = report.jobs.get(busy.uid[4:]) if busy.uid.startswith("pin-") else None
        client = report.clients.get(job.client_id) if job else None
        kind = "travel" if busy.travel else "busy"
        blocks.append(
            {
                "id": f"{kind}-{busy.uid or 'event'}-{busy.start.astimezone(tz):%Y%m%dT%H%M}",
                "start": busy.start.astimezone(tz).isoformat(),
                "end": busy.end.astimezone(tz).isoformat(),
                "kind": kind,
                "client": client.name if client else None,
                "job": job.title if job else None,
                "job_id": job.id if job else None,
                "pinned": False,
                "summary": busy.summary,
            }
        )
        if busy.travel:
            blocks[-1].update(travel_fields(busy.km, busy.location, busy.summary, job, client))
    blocks.sort(key=lambda b: (b["start"], b["end"], b["id"]))
    jobs: list[dict[str, Any]] = []
    for outcome in sorted(plan.outcomes, key=lambda o: (o.due, o.job_id)):
        job = report.jobs[outcome.job_id]
        jobs.append(
            {
                "id": job.id,
                "client": report.clients[job.client_id].name,
                "job": job.title,
                "due": outcome.due.astimezone(tz).isoformat(),
                "deadline": job.deadline.value,
                "remaining_hours": round(job.remaining_effort_minutes / 60, 2),
                "planned_finish": _iso(
                    outcome.planned_finish.astimezone(tz) if outcome.planned_finish else None
                ),
                "late": outcome.late,
                "lateness_hours": (
                    round(outcome.lateness_minutes / 60, 2)
                    if outcome.planned_finish is not None
                    else None
                ),
                "slack_hours": (
                    round(outcome.slack_minutes / 60, 2)
                    if outcome.slack_minutes is not None
                    else None
                ),
                "reason_code": outcome.reason_code,
                "reason": report.reason(outcome),
            }
        )
    return {
        "now": report.now.astimezone(tz).isoformat(),
        "timezone": report.settings.values["timezone"],
        "horizon_end": plan.horizon_end.astimezone(tz).isoformat(),
        "status": plan.status,
        "pacing_kept": plan.pacing_kept,
        "stability": (
            {"kept": plan.stability[0], "previous": plan.stability[1]}
            if plan.stability is not None
            else None
        ),
        "blocks": blocks,
        "jobs": jobs,
    }
