"""Meetings with a client: propose slots that disturb the plan least, book one.

A proposal looks at her free time (working hours minus her calendar, its travel and her
pinned blocks) over the next days, and at the stored plan: a slot costs the minutes of
planned work it would move (the work, meeting and travel blocks it overlaps, drives
included). The cheapest slot of each day is kept, and the three cheapest days are proposed
(earliest first among equal costs). A client within her radius (``meet.radius``) is met in
person, with the drive there and back as ``travel`` time around the meeting; farther away
(or when the place is unknown) a call is proposed instead, and the answer says why: the
distance and the drive time.

Booking pins the client's open meeting job at its time (one meeting, one job: the job
named by ``--job``, else the client's only meeting job not booked yet, else a new meeting
job), so the plan works around it with its travel and does not plan it again; then it
replans and writes an invitation she can send (an iTIP REQUEST, RFC 5546 §3.2.2: see
:mod:`creneau.adapters.ical.invitation`), never over an existing file unless she says so.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
from creneau.domain.text import normalize, slug, stable_id
from creneau.planning.problem import Problem, build_problem, resolve_due
from creneau.services.catalog import find_client, find_job
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
        job: the client's open meeting job a booking would pin (its own planned blocks
            are not counted as moved), or None when a booking would make a new one.
    """

    client: Client
    meeting: MeetingPlace
    duration_minutes: int
    slots: tuple[Slot, ...]
    travel_minutes: int
    titles: dict[str, str] = field(default_factory=dict)
    job: Job | None = None

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


def _planned(
    setup: PlanSetup, problem: Problem, own: str | None = None
) -> list[tuple[int, int, str]]:
    """The stored plan's blocks as ``(start, end, job id)`` in the problem's minutes,
    without those of the job ``own`` (the meeting being booked: they move anyway)."""
    saved = setup.inputs.saved
    if saved is None:
        return []

    def minute(moment: datetime) -> int:
        return int((moment - problem.origin).total_seconds() // 60)

    return [
        (minute(b.start), minute(b.end), b.job_id or "")
        for b in saved.blocks
        if b.kind in (BlockKind.WORK, BlockKind.MEETING, BlockKind.TRAVEL)
        and (own is None or b.job_id != own)
    ]


def meeting_job(
    jobs: Sequence[Job],
    pins: Sequence[PinnedBlock],
    client: Client,
    now: datetime,
    language: str,
    chosen: Job | None = None,
    *,
    strict: bool = True,
) -> Job | None:
    """The client's open meeting job a booking pins (one meeting, one job).

    Args:
        jobs: every job.
        pins: every pinned block.
        client: the client met.
        now: aware datetime (a pin ending after it is a booking ahead).
        language: her language, for errors.
        chosen: the job she named (``--job``), if any.
        strict: raise when the client has several open meetings not booked yet (a
            booking); else answer None (a proposal, which only leaves the job's own
            planned blocks out of the work moved).

    Returns:
        ``chosen``; else the client's only open meeting job without a booking ahead; None
        when it has none (a booking makes a new meeting job).

    Raises:
        InputError: ``chosen`` is not an open meeting of this client, or (``strict``) the
            client has several open meetings not booked yet (field ``--job``).
    """
    if chosen is not None:
        if (
            chosen.client_id != client.id
            or chosen.kind is not JobKind.MEETING
            or not chosen.status.is_open
        ):
            raise InputError(
                meet_text("not_a_meeting", language, title=chosen.title, client=client.name),
                field="--job",
            )
        return chosen
    booked = {pin.job_id for pin in pins if pin.end > now}
    open_meetings = [
        j
        for j in jobs
        if j.client_id == client.id
        and j.kind is JobKind.MEETING
        and j.status.is_open
        and j.id not in booked
    ]
    if len(open_meetings) > 1 and not strict:
        return None
    if len(open_meetings) > 1:
        titles = ", ".join(
            f"« {j.title} »" if language == "fr" else f"'{j.title}'" for j in open_meetings
        )
        raise InputError(
            meet_text("several_meetings", language, client=client.name, titles=titles),
            field="--job",
        )
    return open_meetings[0] if open_meetings else None


def invitation_path(ctx: ServiceContext, client_query: str, start: datetime) -> str:
    """The default invitation file of a meeting with a client at ``start`` (aware), see
    :func:`default_invitation_path`.

    Raises:
        NotFoundError, AmbiguousError: ``client_query`` names no single client.
    """
    with ctx.uow() as uow:
        client = find_client(uow, client_query)
    return default_invitation_path(client, start.astimezone(ctx.settings().tz))


def default_invitation_path(client: Client, start: datetime) -> str:
    """The invitation's file name when she gives none, in the current folder:
    ``rendez-vous-<client>-<YYYYMMDD>-<HHMM>.ics`` (the client's name in lower-case ASCII
    words joined by hyphens), so that two clients' invitations never share a name."""
    return f"rendez-vous-{slug(client.name)}-{start:%Y%m%d-%H%M}.ics"


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
    job_query: str | None = None,
) -> MeetProposal:
    """Propose slots for a meeting with a client (see the module's docstring).

    Args:
        ctx: the service context.
        now: aware datetime; slots start at the next grid point after it.
        client_query: the client (id or unique part of the name).
        duration_minutes: the meeting's length in minutes (> 0; rounded up to the grid).
        within_days: look this many days ahead (1 to 366).
        setup: a prepared plan setup to reuse (benchmarks), else one is prepared.
        job_query: the client's meeting job to book (id or part of its title), if she
            names one (see :func:`meeting_job`).

    Returns:
        The proposal (no slot when her free time has no room for it).

    Raises:
        InputError: a duration or look-ahead out of range, or ``job_query`` names no open
            meeting of the client (see :func:`meeting_job`).
        NotFoundError, AmbiguousError: ``client_query`` or ``job_query`` names no single
            client or job.
    """
    language = ctx.settings().language
    if duration_minutes <= 0 or duration_minutes > 12 * 60:
        raise InputError(meet_text("bad_duration", language), field="--duration")
    if not 1 <= within_days <= 366:
        raise InputError(meet_text("bad_days", language), field="--within")
    if setup is None:
        setup = prepare(ctx, load_inputs(ctx), now)
    with ctx.uow() as uow:
        client = find_client(uow, client_query)
        named = find_job(uow, job_query) if job_query is not None else None
    inputs = setup.inputs
    booked = meeting_job(inputs.jobs, inputs.pins, client, now, language, named, strict=False)
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
    planned = _planned(setup, problem, booked.id if booked is not None else None)
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
    return MeetProposal(client, meeting, length, tuple(slots), travel, titles, booked)


@dataclass(frozen=True, slots=True)
class Booking:
    """A booked meeting.

    Args:
        job: the meeting job pinned at its time (the client's open one, or a new one).
        proposal: how it is held (mode, drive), for the booked slot only.
        slot: the booked slot.
        invitation_path: where the invitation was written.
        report: the plan after booking.
        reused: whether ``job`` was the client's open meeting job (else it is new).
    """

    job: Job
    proposal: MeetProposal
    slot: Slot
    invitation_path: str
    report: PlanReport
    reused: bool = False


def book_meeting(
    ctx: ServiceContext,
    now: datetime,
    client_query: str,
    start: datetime,
    duration_minutes: int,
    invitation_path: str | None = None,
    *,
    title: str | None = None,
    job_query: str | None = None,
    replace_file: bool = False,
) -> Booking:
    """Book a meeting: pin the client's meeting job at ``start`` (see :func:`meeting_job`;
    a new meeting job when it has none), replan, and write the invitation (RFC 5546
    §3.2.2 REQUEST) to ``invitation_path``.

    A reused job keeps its id and title (``title`` renames it); its work left becomes the
    booked length, and its due time moves to the meeting's end when that is later (the
    meeting is agreed for then); a booking ahead of it is replaced (a rebooking). Everything
    is checked before anything is stored or written; when storing fails, an invitation
    file made here is removed again, so nothing is half done.

    Args:
        ctx: the service context.
        now: aware datetime.
        client_query: the client (id or unique part of the name).
        start: aware start of the meeting, on the planning grid.
        duration_minutes: its length in minutes.
        invitation_path: the .ics file to write; None: :func:`default_invitation_path`.
        title: the meeting job's title (default for a new job: "Rendez-vous <date>" in her
            language).
        job_query: the client's meeting job to book (id or part of its title).
        replace_file: write over an existing invitation file (else refused).

    Raises:
        InputError: no ``meet.email`` setting (the ORGANIZER), a client without e-mail (the
            ATTENDEE), a start off the grid or in the past, a slot (with its drives) not
            free, a title already used, a meeting job that is not the client's or
            ambiguous (``--job``), an invitation file that exists (``--ics``, unless
            ``replace_file``) or cannot be written. Messages are in her language.
        NotFoundError, AmbiguousError: ``client_query`` or ``job_query`` names no single
            client or job.
    """
    inputs = load_inputs(ctx)
    settings = inputs.settings
    language = settings.language
    if start.tzinfo is None:
        raise InputError(meet_text("need_zone", language), field="--at")
    tz = settings.tz
    local = start.astimezone(tz)
    organizer = settings.values["meet.email"]
    if not organizer:
        raise InputError(meet_text("need_organizer", language), field="meet.email", value=organizer)
    step = settings.rules().granularity_minutes
    if local.minute % step or local.second:
        raise InputError(
            meet_text("off_grid", language, clock=f"{local:%H:%M}", step=str(step)), field="--at"
        )
    if local < now:
        raise InputError(meet_text("in_the_past", language, at=local), field="--at")
    setup = prepare(ctx, inputs, now)
    with ctx.uow() as uow:
        client = find_client(uow, client_query)
        chosen = find_job(uow, job_query) if job_query is not None else None
    if not client.email:
        raise InputError(meet_text("need_email", language, client=client.name), field="email")
    jobs = inputs.jobs
    reused = meeting_job(jobs, inputs.pins, client, now, language, chosen)
    if reused is None and title is None:
        # a second booking without a title of its own is more likely a slip than a new
        # meeting: say which one is booked, and how to move it or make another
        by_id = {j.id: j for j in jobs}
        ahead = sorted(
            (pin.start, by_id[pin.job_id])
            for pin in inputs.pins
            if pin.end > now
            and pin.job_id in by_id
            and by_id[pin.job_id].client_id == client.id
            and by_id[pin.job_id].kind is JobKind.MEETING
            and by_id[pin.job_id].status.is_open
        )
        if ahead:
            start, booked = ahead[0]
            raise InputError(
                meet_text(
                    "already_booked",
                    language,
                    client=client.name,
                    title=booked.title,
                    day=start.astimezone(tz).strftime(
                        "%d/%m/%Y" if language == "fr" else "%Y-%m-%d"
                    ),
                    clock=start.astimezone(tz).strftime("%H:%M"),
                    job=booked.id,
                ),
                field="--job",
            )
    meeting = _meeting_for(setup, ctx, client)
    length = _round_up(duration_minutes, step)
    travel = (
        _round_up(meeting.visit.travel_minutes, step)
        if meeting.visit.mode is MeetingMode.IN_PERSON
        else 0
    )
    day_start = local.replace(hour=0, minute=0)
    # her free time without the job's own booking ahead (a rebooking may overlap it)
    own_pins = [p for p in inputs.pins if reused is not None and p.job_id == reused.id]
    own_drives = {f"pin-{p.job_id}" for p in own_pins}
    free_setup = replace(
        setup,
        inputs=replace(inputs, pins=[p for p in inputs.pins if p not in own_pins]),
        busy=[b for b in setup.busy if not (b.travel and b.uid in own_drives)],
    )
    problem = _free_time(free_setup, max(now, day_start), day_start + timedelta(days=1))
    s = int((local - problem.origin).total_seconds() // 60) - travel
    e = s + 2 * travel + length
    if not any(g.start <= s and e <= g.end for d in problem.days for g in d.segments):
        key = "not_free" if travel else "not_free_call"
        raise InputError(meet_text(key, language, at=local, travel=travel), field="--at")
    end = local + timedelta(minutes=length)
    title = title or (reused.title if reused is not None else None)
    title = title or meet_text("default_title", language, at=local)
    if any(
        j.client_id == client.id
        and normalize(j.title) == normalize(title)
        and (reused is None or j.id != reused.id)
        for j in jobs
    ):
        raise InputError(
            meet_text("title_taken", language, client=client.name, title=title), field="--title"
        )
    if reused is None:
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
    else:
        due = reused.due
        if resolve_due(due, setup.working, tz) < end:
            due = end
        job = replace(
            reused,
            title=title,
            effort_minutes=reused.spent_minutes + length,
            remaining_minutes=None,
            due=due,
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
        raise InputError(meet_text("no_files", language), field="--ics")
    path = invitation_path or default_invitation_path(client, local)
    existed = os.path.lexists(path)
    if existed and not replace_file:
        raise InputError(meet_text("ics_exists", language, path=path), file=path, field="--ics")
    ctx.invitations.write(path, invitation)
    try:
        with ctx.uow() as uow:
            if reused is None:
                uow.jobs.add(job)
            else:
                stored = uow.jobs.get(job.id) or reused  # not the calibrated copy
                uow.jobs.update(
                    replace(
                        stored,
                        title=job.title,
                        effort_minutes=job.effort_minutes,
                        remaining_minutes=None,
                        due=job.due,
                    )
                )
                for pin in own_pins:
                    uow.pins.delete(pin)
            uow.pins.add(PinnedBlock(job_id=job.id, start=local, end=end))
    except BaseException:
        if not existed:
            with contextlib.suppress(OSError):
                os.unlink(path)
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
    proposal = MeetProposal(client, meeting, length, (slot,), travel, job=job)
    return Booking(job, proposal, slot, path, report, reused=reused is not None)
