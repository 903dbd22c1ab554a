"""Meetings with a client: propose slots that disturb the plan least, book one.

A proposal looks at her free time (working hours minus her calendar, its travel and her
pinned blocks) over the next days, and at the stored plan: a slot costs the minutes of
planned work it would move (the work, meeting and travel blocks it overlaps, drives
included). The cheapest slot of each day is kept, and the three cheapest days are proposed
(earliest first among equal costs). A client within her radius (``meet.radius``) is met in
person, with the drive there and back as ``travel`` time around the meeting; farther away
(or when the place is unknown) a call is proposed instead, and the answer says why: the
distance and the drive time.

Booking stores the meeting as a meeting job pinned at its time (the plan then works
around it, with its travel), replans, and writes an invitation she can send (an iTIP
REQUEST, RFC 5546 §3.2.2: see :mod:`creneau.adapters.ical.invitation`).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from creneau.domain.errors import InputError
from creneau.domain.models import (
    BlockKind,
    BusyInterval,
    Client,
    Deadline,
    Job,
    JobKind,
    JobStatus,
    PinnedBlock,
)
from creneau.domain.places import Leg, MeetingMode, Place
from creneau.domain.text import normalize, stable_id
from creneau.planning.problem import Problem, build_problem
from creneau.services.catalog import find_client
from creneau.services.context import ServiceContext
from creneau.services.meet_messages import meet_text
from creneau.services.place_ports import Invitation
from creneau.services.places import MeetingPlace, postal_address
from creneau.services.planning import PlanReport, PlanSetup, load_inputs, prepare, replan

PROPOSALS = 3
"""How many slots a proposal offers."""


@dataclass(frozen=True, slots=True)
class Slot:
    """A proposed meeting time.

    Args:
        start, end: the meeting itself (aware).
        travel_before, travel_after: the drive there and back (aware start and end), or
            None for a call.
        moved_minutes: planned minutes (work, meetings, drives) the slot would move.
        moved_jobs: ids of the jobs whose blocks it would move.
    """

    start: datetime
    end: datetime
    travel_before: tuple[datetime, datetime] | None
    travel_after: tuple[datetime, datetime] | None
    moved_minutes: int
    moved_jobs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeetProposal:
    """Slots for a meeting with a client, and how it would be held.

    Args:
        client: the client.
        meeting: in person or a call, with the place, the one-way drive and her radius.
        duration_minutes: the meeting's length (on the planning grid).
        slots: up to :data:`PROPOSALS` slots, cheapest first.
        travel_minutes: the drive each way as planned (rounded up to the grid; 0 for a call).
        titles: job id to title, for the moved jobs.
    """

    client: Client
    meeting: MeetingPlace
    duration_minutes: int
    slots: tuple[Slot, ...]
    travel_minutes: int
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def mode(self) -> MeetingMode:
        """In person or a call."""
        return self.meeting.visit.mode

    @property
    def leg(self) -> Leg | None:
        """The one-way drive from home, or None when a place is unknown."""
        return self.meeting.leg

    @property
    def place(self) -> Place | None:
        """The client's place, or None."""
        return self.meeting.place


def _round_up(minutes: int, step: int) -> int:
    return -(-minutes // step) * step


def _free_time(setup: PlanSetup, start: datetime, end: datetime) -> Problem:
    """Her free working time in ``[start, end)`` as a problem without jobs: her busy time
    (with the drives around booked meetings) and every pinned block of an open job (a
    booked meeting among them) taken out."""
    inputs = setup.inputs
    open_jobs = {job.id for job in inputs.jobs if job.status.is_open}
    pinned = [
        BusyInterval(start=pin.start, end=pin.end, summary="pinned")
        for pin in inputs.pins
        if pin.job_id in open_jobs and pin.end > start
    ]
    return build_problem(
        start,
        [],
        inputs.clients,
        setup.working,
        [*setup.busy, *pinned],
        setup.rules,
        horizon_end=end,
    )


def _planned(setup: PlanSetup, problem: Problem) -> list[tuple[int, int, str]]:
    """The stored plan's blocks as ``(start, end, job id)`` in the problem's minutes."""
    saved = setup.inputs.saved
    if saved is None:
        return []

    def minute(moment: datetime) -> int:
        return int((moment - problem.origin).total_seconds() // 60)

    return [
        (minute(b.start), minute(b.end), b.job_id or "")
        for b in saved.blocks
        if b.kind in (BlockKind.WORK, BlockKind.MEETING, BlockKind.TRAVEL)
    ]


def _meeting_for(setup: PlanSetup, ctx: ServiceContext, client: Client) -> MeetingPlace:
    from creneau.services.places import TravelTimes, finder, meeting_place

    inputs = setup.inputs
    places = finder(ctx, inputs.settings, inputs.clients)
    meeting = meeting_place(client, places, TravelTimes(ctx, inputs.settings), places.home())
    places.save(setup.now)
    return meeting


def propose_meeting(
    ctx: ServiceContext,
    now: datetime,
    client_query: str,
    duration_minutes: int,
    *,
    within_days: int = 14,
    setup: PlanSetup | None = None,
) -> MeetProposal:
    """Propose slots for a meeting with a client (see the module's docstring).

    Args:
        ctx: the service context.
        now: aware datetime; slots start at the next grid point after it.
        client_query: the client (id or unique part of the name).
        duration_minutes: the meeting's length in minutes (> 0; rounded up to the grid).
        within_days: look this many days ahead (1 to 366).
        setup: a prepared plan setup to reuse (benchmarks), else one is prepared.

    Returns:
        The proposal (no slot when her free time has no room for it).

    Raises:
        InputError: a duration or look-ahead out of range.
        NotFoundError, AmbiguousError: ``client_query`` names no single client.
    """
    if duration_minutes <= 0 or duration_minutes > 12 * 60:
        raise InputError("a meeting lasts from a minute to 12 hours", field="--duration")
    if not 1 <= within_days <= 366:
        raise InputError("look from 1 to 366 days ahead", field="--within")
    if setup is None:
        setup = prepare(ctx, load_inputs(ctx), now)
    with ctx.uow() as uow:
        client = find_client(uow, client_query)
    meeting = _meeting_for(setup, ctx, client)
    step = setup.rules.granularity_minutes
    length = _round_up(duration_minutes, step)
    travel = (
        _round_up(meeting.visit.travel_minutes, step)
        if meeting.visit.mode is MeetingMode.IN_PERSON
        else 0
    )
    local_now = now.astimezone(setup.inputs.settings.tz)
    problem = _free_time(setup, local_now, local_now + timedelta(days=within_days))
    planned = _planned(setup, problem)
    window = length + 2 * travel
    best_per_day: list[tuple[int, int, tuple[str, ...]]] = []
    for day in problem.days:
        day_planned = [p for p in planned if p[1] > day.start and p[0] < day.end]
        best: tuple[int, int, tuple[str, ...]] | None = None
        for seg in day.segments:
            for s in range(seg.start, seg.end - window + 1, step):
                e = s + window
                moved = 0
                hit: list[str] = []
                for a, b, job in day_planned:
                    overlap = min(b, e) - max(a, s)
                    if overlap > 0:
                        moved += overlap
                        if job not in hit:
                            hit.append(job)
                if best is None or moved < best[0]:
                    best = (moved, s, tuple(hit))
        if best is not None:
            best_per_day.append(best)
    chosen = sorted(best_per_day, key=lambda b: (b[0], b[1]))[:PROPOSALS]
    slots: list[Slot] = []
    for moved, s, jobs in sorted(chosen, key=lambda b: (b[0], b[1])):
        at = problem.to_datetime
        slots.append(
            Slot(
                start=at(s + travel),
                end=at(s + travel + length),
                travel_before=(at(s), at(s + travel)) if travel else None,
                travel_after=(at(s + travel + length), at(s + window)) if travel else None,
                moved_minutes=moved,
                moved_jobs=jobs,
            )
        )
    moved_ids = {j for slot in slots for j in slot.moved_jobs}
    titles = {j.id: j.title for j in setup.inputs.jobs if j.id in moved_ids}
    return MeetProposal(client, meeting, length, tuple(slots), travel, titles)


@dataclass(frozen=True, slots=True)
class Booking:
    """A booked meeting.

    Args:
        job: the meeting job stored (pinned at its time).
        proposal: how it is held (mode, drive), for the booked slot only.
        slot: the booked slot.
        invitation_path: where the invitation was written.
        report: the plan after booking.
    """

    job: Job
    proposal: MeetProposal
    slot: Slot
    invitation_path: str
    report: PlanReport


def book_meeting(
    ctx: ServiceContext,
    now: datetime,
    client_query: str,
    start: datetime,
    duration_minutes: int,
    invitation_path: str,
    *,
    title: str | None = None,
) -> Booking:
    """Book a meeting: store it as a meeting job pinned at ``start``, replan, and write
    the invitation (RFC 5546 §3.2.2 REQUEST) to ``invitation_path``.

    Everything is checked before anything is stored or written; when storing fails the
    invitation file is removed again, so nothing is half done.

    Args:
        ctx: the service context.
        now: aware datetime.
        client_query: the client (id or unique part of the name).
        start: aware start of the meeting, on the planning grid.
        duration_minutes: its length in minutes.
        invitation_path: the .ics file to write.
        title: the meeting job's title (default: "Rendez-vous <date>" in her language).

    Raises:
        InputError: no ``meet.email`` setting (the ORGANIZER), a client without e-mail (the
            ATTENDEE), a start off the grid or in the past, a slot (with its drives) not
            free, a title already used, or a file that cannot be written.
        NotFoundError, AmbiguousError: ``client_query`` names no single client.
    """
    if start.tzinfo is None:
        raise InputError("give the start with its zone", field="--at")
    inputs = load_inputs(ctx)
    settings = inputs.settings
    language = settings.language
    tz = settings.tz
    local = start.astimezone(tz)
    organizer = settings.values["meet.email"]
    if not organizer:
        raise InputError(meet_text("need_organizer", language), field="meet.email", value=organizer)
    step = settings.rules().granularity_minutes
    if local.minute % step or local.second:
        raise InputError(f"{local:%H:%M} is not on the {step}-minute grid", field="--at")
    if local < now:
        raise InputError(f"{local:%Y-%m-%d %H:%M} is in the past", field="--at")
    setup = prepare(ctx, inputs, now)
    with ctx.uow() as uow:
        client = find_client(uow, client_query)
    if not client.email:
        raise InputError(meet_text("need_email", language, client=client.name), field="email")
    meeting = _meeting_for(setup, ctx, client)
    length = _round_up(duration_minutes, step)
    travel = (
        _round_up(meeting.visit.travel_minutes, step)
        if meeting.visit.mode is MeetingMode.IN_PERSON
        else 0
    )
    day_start = local.replace(hour=0, minute=0)
    problem = _free_time(setup, max(now, day_start), day_start + timedelta(days=1))
    s = int((local - problem.origin).total_seconds() // 60) - travel
    e = s + 2 * travel + length
    if not any(g.start <= s and e <= g.end for d in problem.days for g in d.segments):
        raise InputError(meet_text("not_free", language, at=local, travel=travel), field="--at")
    end = local + timedelta(minutes=length)
    title = title or meet_text("default_title", language, at=local)
    jobs = inputs.jobs
    if any(j.client_id == client.id and normalize(j.title) == normalize(title) for j in jobs):
        raise InputError(f"{client.name} has a job '{title}' already", field="--title")
    job = Job(
        id=stable_id("j", f"{client.id} {title}", {j.id for j in jobs}),
        client_id=client.id,
        title=title,
        kind=JobKind.MEETING,
        effort_minutes=length,
        received=now.astimezone(tz).date(),
        due=end,
        deadline=Deadline.SOFT,
        status=JobStatus.TODO,
    )
    in_person = meeting.visit.mode is MeetingMode.IN_PERSON
    invitation = Invitation(
        uid=f"{job.id}-{local:%Y%m%dT%H%M}@creneau",
        stamp=now,
        start=local,
        end=end,
        summary=title,
        location=postal_address(client) if in_person else meet_text("call_location", language),
        description=meet_text("in_person" if in_person else "call", language),
        organizer_name=settings.values["meet.organizer"],
        organizer_email=organizer,
        attendee_name=client.name,
        attendee_email=client.email,
    )
    if ctx.invitations is None:
        raise InputError("no file can be written here", field="--ics")
    ctx.invitations.write(invitation_path, invitation)
    try:
        with ctx.uow() as uow:
            uow.jobs.add(job)
            uow.pins.add(PinnedBlock(job_id=job.id, start=local, end=end))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(invitation_path)
        raise
    report = replan(ctx, now)
    gap = timedelta(minutes=travel)
    slot = Slot(
        start=local,
        end=end,
        travel_before=(local - gap, local) if travel else None,
        travel_after=(end, end + gap) if travel else None,
        moved_minutes=0,
        moved_jobs=(),
    )
    proposal = MeetProposal(client, meeting, length, (slot,), travel)
    return Booking(job, proposal, slot, invitation_path, report)
