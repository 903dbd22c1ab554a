"""Build the planning problem: her free working time and the open jobs, in integer minutes.

The planner works on a grid of ``granularity`` minutes counted from ``origin`` (local
midnight of the day of "now"). Free time is her working periods minus days off and busy
intervals, cut into segments that never cross a day. Everything here is pure: the
caller passes domain values (jobs, clients, working time with its days off, busy intervals).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from creneau.domain.models import (
    BusyInterval,
    Client,
    Deadline,
    Job,
    JobKind,
    JobStatus,
    PinnedBlock,
    PlanningRules,
    WorkingTime,
)
from creneau.domain.places import MeetingMode, Visit

UTC = ZoneInfo("UTC")

MAX_HORIZON_DAYS = 3 * 366
"""The horizon never grows past this, whatever the workload (three years)."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of free working time, ``[start, end)`` in minutes from the origin."""

    start: int
    end: int
    day: int
    """Index of its working day in :attr:`Problem.days`."""


@dataclass(frozen=True, slots=True)
class Day:
    """A working day with free time.

    Args:
        date: the local date.
        start, end: minutes from the origin of its local midnight and of the next one.
        segments: its free segments, sorted.
    """

    date: date
    start: int
    end: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class PlanJob:
    """A job as the planner sees it (all times in minutes from the origin).

    Args:
        index: position in :attr:`Problem.jobs`.
        key: the domain job id.
        client: index of the client (0..number of clients - 1).
        processing: minutes of work to place (a multiple of the granularity).
        release: earliest start.
        due: due time (may be negative when already past).
        weight: tardiness weight (client importance x hard/soft multiplier).
        hard: whether the deadline is a promise.
        meeting: one contiguous block of ``processing`` minutes.
        in_progress: keeps moving (pacing rule; never for meetings, which are one block).
        pinned_end: end of the job's last pinned block (she placed it herself), or None;
            ``processing`` excludes pinned minutes and the job finishes no earlier.
        after: index of a job that must be finished before this one starts, or None.
        must_meet: its lateness counts as more late hard jobs than all the others together
            (what-if questions: "what breaks if this one is on time?").
        travel: for an in-person meeting, the one-way drive in minutes (a multiple of the
            granularity): ``processing`` holds the drive there, the meeting and the drive
            back, placed as one stretch; 0 otherwise.
        mode: for a meeting, ``"in_person"`` or ``"call"``; None for desk work.
        km: for an in-person meeting, the one-way road distance in kilometres.
    """

    index: int
    key: str
    client: int
    processing: int
    release: int
    due: int
    weight: int
    hard: bool
    meeting: bool
    in_progress: bool
    pinned_end: int | None = None
    after: int | None = None
    must_meet: bool = False
    travel: int = 0
    mode: str | None = None
    km: float = 0.0

    @property
    def work(self) -> int:
        """Minutes of work or meeting to place, travel left out."""
        return self.processing - 2 * self.travel


@dataclass(frozen=True, slots=True)
class Problem:
    """The whole planning problem.

    Args:
        origin: aware datetime of minute 0 (local midnight of the day of ``now``, in UTC).
        now: minute of "now", rounded up to the grid.
        horizon: minute where planning stops.
        tz: the user's zone.
        granularity: grid step in minutes.
        days: working days with free time, in order.
        jobs: the jobs to place.
        max_clients_per_day, min_block, small_job, pacing_days: the block rules (minutes).
        pinned_clients: for a day index, the clients of the blocks she pinned that day
            (they count toward the clients-per-day limit).
        attention_days: every client with open work gets a block at least every this many
            working days (0: no such rule).
        attention_due: for a client index, the index of the first day by which it is owed
            attention (a block), from its last attention before ``now``.
        client_events: for a day index, the clients she meets or calls that day (events
            of her calendar that name them): attention given without a block.
        miss_cost, change_cost: the objective's price of a pacing or attention miss and of
            a previous block changed, in weight x minutes (see the decoder's ``Objective``).
    """

    origin: datetime
    now: int
    horizon: int
    tz: ZoneInfo
    granularity: int
    days: tuple[Day, ...]
    jobs: tuple[PlanJob, ...]
    max_clients_per_day: int
    min_block: int
    small_job: int
    pacing_days: int
    pinned_clients: dict[int, frozenset[int]] = field(default_factory=dict)
    attention_days: int = 0
    attention_due: dict[int, int] = field(default_factory=dict)
    client_events: dict[int, frozenset[int]] = field(default_factory=dict)
    miss_cost: int = 1440
    change_cost: int = 720

    @property
    def relaxation_exact(self) -> bool:
        """Whether the single-machine relaxation the optimiser's sequencing core works on
        (:func:`creneau.planning.optimiser.surrogate`) is the problem itself.

        True when nothing the relaxation leaves out is there: one free stretch of time
        starting at "now", every job one piece (a meeting) released by then, on the grid,
        with no predecessor, pin or what-if mark, and no block rule that could bind
        (clients per day, attention, grouping of small jobs; pacing only concerns jobs in
        progress, which are never meetings). Decoding an order then
        gives exactly the relaxation's completion times.
        """
        if len(self.days) != 1 or len(self.days[0].segments) != 1:
            return False
        if self.days[0].segments[0].start != self.now:
            return False
        if self.attention_days or self.small_job or self.pinned_clients:
            return False
        if self.max_clients_per_day < len({job.client for job in self.jobs}):
            return False
        return all(
            job.meeting
            and job.release <= self.now
            and job.processing % self.granularity == 0
            and job.after is None
            and job.pinned_end is None
            and not job.must_meet
            for job in self.jobs
        )

    def to_datetime(self, minute: int) -> datetime:
        """The aware datetime (in the user's zone) of a minute offset."""
        return (self.origin + timedelta(minutes=minute)).astimezone(self.tz)

    def free_minutes_between(self, start: int, end: int) -> int:
        """Free working minutes within ``[start, end)``."""
        total = 0
        for day in self.days:
            if day.end <= start:
                continue
            if day.start >= end:
                break
            for seg in day.segments:
                total += max(0, min(seg.end, end) - max(seg.start, start))
        return total


class WorkingClock:
    """Maps a minute offset to the free working minutes before it (her working time only).

    Nights, weekends, days off and busy time vanish: the jobs then sit on one machine that
    is always available, which is the relaxation the sequencing search and CP-SAT use.

    Args:
        problem: the problem whose free segments define the clock.
    """

    def __init__(self, problem: Problem) -> None:
        self._starts: list[int] = []
        self._before: list[int] = []
        total = 0
        for day in problem.days:
            for seg in day.segments:
                self._starts.append(seg.start)
                self._before.append(total)
                total += seg.end - seg.start
        self._starts.append(problem.horizon)
        self._before.append(total)
        self.total = total
        """Free working minutes in the whole horizon."""

    def __call__(self, minute: int) -> int:
        """Free working minutes from the horizon's start to ``minute``."""
        k = bisect.bisect_right(self._starts, minute) - 1
        if k < 0:
            return 0
        if k == len(self._starts) - 1:
            return self._before[-1]
        length = self._before[k + 1] - self._before[k]
        return self._before[k] + min(length, minute - self._starts[k])


def local_datetime(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The aware datetime of a local wall-clock time, resolved per RFC 5545 §3.3.10.

    A time in a daylight-saving gap is moved forward by the gap's length; an ambiguous
    time takes its first occurrence (``fold=0``).
    """
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=tz)
    roundtrip = aware.astimezone(ZoneInfo("UTC")).astimezone(tz)
    if roundtrip.replace(tzinfo=None) != naive:  # in a gap: shift by the gap length
        return roundtrip
    return aware


def resolve_due(due: date | datetime, working_time: WorkingTime, tz: ZoneInfo) -> datetime:
    """The due moment of a job as an aware datetime.

    A due date without a time means the end of the last working period on or before that
    date: a Saturday due date is Friday evening; a Wednesday one, the end of Wednesday
    morning when the afternoon is off. Days off (public holidays) are skipped; busy events
    are not (they do not change what was promised). With no working period in the year
    before, the end of the due date itself (next local midnight) is used.

    Args:
        due: a date, or an aware datetime (returned converted to ``tz``).
        working_time: her weekly hours and days off.
        tz: the user's zone.
    """
    if isinstance(due, datetime):
        return due.astimezone(tz)
    day = due
    for _ in range(366):
        periods = working_time.periods_on(day)
        if periods:
            return local_datetime(day, periods[-1].end, tz)
        day -= timedelta(days=1)
    return local_datetime(due + timedelta(days=1), time(0), tz)


def job_weight(job: Job, client: Client, rules: PlanningRules) -> int:
    """Tardiness weight of a job: client importance x (hard or soft multiplier)."""
    factor = rules.hard_weight if job.deadline is Deadline.HARD else rules.soft_weight
    return client.importance * factor


def _round_up(value: int, step: int) -> int:
    return -(-value // step) * step


def _free_segments(
    day: date,
    working_time: WorkingTime,
    busy: Sequence[tuple[int, int]],
    origin: datetime,
    tz: ZoneInfo,
    step: int,
    not_before: int,
) -> list[tuple[int, int]]:
    def minute(moment: datetime) -> int:
        return int((moment - origin).total_seconds() // 60)

    pieces: list[tuple[int, int]] = []
    for period in working_time.periods_on(day):
        start = minute(local_datetime(day, period.start, tz))
        end = minute(local_datetime(day, period.end, tz))
        start = max(start, not_before)
        parts = [(start, end)]
        for b_start, b_end in busy:
            if b_end <= start or b_start >= end:
                continue
            next_parts = []
            for p_start, p_end in parts:
                if b_end <= p_start or b_start >= p_end:
                    next_parts.append((p_start, p_end))
                    continue
                if b_start > p_start:
                    next_parts.append((p_start, b_start))
                if b_end < p_end:
                    next_parts.append((b_end, p_end))
            parts = next_parts
        for p_start, p_end in parts:
            s = _round_up(p_start, step)
            e = (p_end // step) * step
            if e > s:
                pieces.append((s, e))
    return pieces


def build_problem(
    now: datetime,
    jobs: Sequence[Job],
    clients: Sequence[Client],
    working_time: WorkingTime,
    busy: Sequence[BusyInterval],
    rules: PlanningRules,
    *,
    horizon_end: datetime | None = None,
    pins: Sequence[PinnedBlock] = (),
    last_attention: Mapping[str, datetime] | None = None,
    must_meet: str | None = None,
    client_events: Mapping[str, Sequence[datetime]] | None = None,
    visits: Mapping[str, Visit] | None = None,
) -> Problem:
    """Turn domain values into a :class:`Problem`.

    Only open jobs (todo, in progress) with work left are kept. The horizon runs from
    ``now`` for at least ``rules.horizon_days`` days and a week past the latest due date,
    and grows day by day until it holds all the work; it never goes past
    :data:`MAX_HORIZON_DAYS` days from ``now`` (a job due later is planned within it).

    Args:
        now: aware datetime; planning starts at the next grid point.
        jobs: every job (closed ones are ignored).
        clients: every client the jobs refer to.
        working_time: weekly hours and days off (the caller covers the horizon's days).
        busy: busy intervals (aware), e.g. from her calendar.
        rules: block rules and weights.
        horizon_end: force the end of the horizon (aware), e.g. for tests.
        pins: blocks she pinned; the parts after ``now`` of those of open jobs are taken
            from her free time and from the job's work left, and count toward the
            clients-per-day limit of their day.
        last_attention: for a client id, when it last got attention (work, a meeting, news);
            with ``rules.attention_working_days`` > 0, a client with open work is owed a
            block by the N-th working day after it (after ``now`` when unknown: past
            neglect is listed by ``client list --attention``, not planned as misses).
        client_events: for a client id, the (aware) starts of her calendar's events with
            that client ahead: attention on those days.
        must_meet: id of a job whose deadline counts more than every other one.
        visits: for a meeting job id, how it is held: an in-person meeting not pinned
            gets its drive there and back (rounded up to the grid) around it, in one
            stretch with it; a meeting without an entry is a call.

    Raises:
        ValueError: when ``now`` is naive or a job refers to an unknown client.
    """
    if now.tzinfo is None:
        raise ValueError("now: must be timezone-aware")
    tz = ZoneInfo(rules.timezone)
    step = rules.granularity_minutes
    local_now = now.astimezone(tz)
    # in UTC, so that every subtraction below is absolute (Python subtracts wall-clock
    # times when both sides share one tzinfo object, which is wrong across a DST change)
    origin = local_datetime(local_now.date(), time(0), tz).astimezone(UTC)
    now_minute = _round_up(int((local_now - origin).total_seconds() // 60), step)
    client_index = {c.id: i for i, c in enumerate(clients)}
    client_by_id = {c.id: c for c in clients}

    by_id = {j.id: j for j in jobs}

    def blocked(job: Job) -> bool:
        """Whether a predecessor (transitively) is waiting for the client."""
        seen = {job.id}
        while job.after_id is not None and job.after_id in by_id and job.after_id not in seen:
            job = by_id[job.after_id]
            seen.add(job.id)
            if job.status is JobStatus.WAITING:
                return True
        return False

    now_at = origin + timedelta(minutes=now_minute)
    pinned_minutes: dict[str, int] = {}
    pin_spans: list[tuple[str, datetime, datetime]] = []
    for pin in pins:
        job = by_id.get(pin.job_id)
        if job is None or not job.status.is_open or pin.end <= now_at:
            continue
        start = max(pin.start, now_at)
        pin_spans.append((pin.job_id, start, pin.end))
        minutes = int((pin.end - start).total_seconds() // 60)
        pinned_minutes[pin.job_id] = pinned_minutes.get(pin.job_id, 0) + minutes
    open_jobs = [
        j
        for j in jobs
        if j.status.is_open
        and (j.remaining_effort_minutes > 0 or j.id in pinned_minutes)
        and not blocked(j)
    ]
    busy = [
        *busy,
        *(BusyInterval(start=s, end=e, summary="pinned") for _k, s, e in pin_spans),
    ]
    dues = {j.id: resolve_due(j.due, working_time, tz) for j in open_jobs}
    end = horizon_end or local_now + timedelta(days=rules.horizon_days)
    if horizon_end is None and dues:
        latest = min(max(dues.values()), local_now + timedelta(days=MAX_HORIZON_DAYS))
        end = max(end, latest + timedelta(days=7))
    total_work = sum(_round_up(j.remaining_effort_minutes, step) for j in open_jobs)

    busy_minutes = sorted(
        (
            int((b.start - origin).total_seconds() // 60),
            -(-int((b.end - origin).total_seconds()) // 60),
        )
        for b in busy
        if b.end > b.start
    )
    days: list[Day] = []
    day = local_now.date()
    capacity = 0
    while True:
        day_start = int((local_datetime(day, time(0), tz) - origin).total_seconds() // 60)
        next_day = day + timedelta(days=1)
        day_end = int((local_datetime(next_day, time(0), tz) - origin).total_seconds() // 60)
        if local_datetime(day, time(0), tz) >= end and (
            horizon_end is not None
            or capacity >= total_work
            or (day - local_now.date()).days > MAX_HORIZON_DAYS
        ):
            break
        day_busy = [(s, e) for s, e in busy_minutes if s < day_end and e > day_start]
        pieces = _free_segments(day, working_time, day_busy, origin, tz, step, now_minute)
        if pieces:
            index = len(days)
            segments = tuple(Segment(s, e, index) for s, e in pieces)
            days.append(Day(day, day_start, day_end, segments))
            capacity += sum(e - s for s, e in pieces)
        day = next_day
    horizon = int((local_datetime(day, time(0), tz) - origin).total_seconds() // 60)

    def minute(moment: datetime) -> int:
        return int((moment - origin).total_seconds() // 60)

    pinned_end: dict[str, int] = {}
    for key, _s, e in pin_spans:
        pinned_end[key] = max(pinned_end.get(key, minute(e)), minute(e))
    ordered = sorted(open_jobs, key=lambda j: j.id)
    index_of = {job.id: k for k, job in enumerate(ordered)}
    plan_jobs: list[PlanJob] = []
    for job in ordered:
        if job.client_id not in client_index:
            raise ValueError(f"job {job.id}: unknown client {job.client_id}")
        release_at = local_datetime(job.received, time(0), tz)
        release = max(now_minute, minute(release_at))
        work = _round_up(job.remaining_effort_minutes, step)
        pinned = pinned_minutes.get(job.id, 0)
        meeting = job.kind is JobKind.MEETING
        visit = (visits or {}).get(job.id) if meeting else None
        travel = 0
        if visit is not None and visit.mode is MeetingMode.IN_PERSON and not pinned:
            travel = _round_up(visit.travel_minutes, step)
        plan_jobs.append(
            PlanJob(
                index=len(plan_jobs),
                key=job.id,
                client=client_index[job.client_id],
                processing=(
                    max(0, work - _round_up(pinned, step)) if pinned else work + 2 * travel
                ),
                release=release,
                due=minute(dues[job.id]),
                weight=job_weight(job, client_by_id[job.client_id], rules),
                hard=job.deadline is Deadline.HARD,
                meeting=job.kind is JobKind.MEETING,
                in_progress=job.status is JobStatus.IN_PROGRESS and job.kind is JobKind.WORK,
                pinned_end=pinned_end.get(job.id),
                after=index_of.get(job.after_id) if job.after_id else None,
                must_meet=job.id == must_meet,
                travel=travel,
                mode=(visit.mode.value if visit else MeetingMode.CALL.value) if meeting else None,
                km=visit.km if visit is not None and travel else 0.0,
            )
        )
    day_starts = [d.start for d in days]
    pinned_clients: dict[int, set[int]] = {}
    for key, s, _e in pin_spans:
        d = bisect.bisect_right(day_starts, minute(s)) - 1
        if d >= 0 and minute(s) < days[d].end and key in index_of:
            pinned_clients.setdefault(d, set()).add(client_index[by_id[key].client_id])
    attention_due: dict[int, int] = {}
    events_by_day: dict[int, set[int]] = {}
    if rules.attention_working_days > 0:
        owed = {client_index[j.client_id] for j in open_jobs}
        today = local_now.date()
        for c in owed:
            # with no attention on record, the rule starts now: the plan cannot undo the
            # past, and counting from the oldest job's arrival would only report misses
            # that no plan can avoid (``client list --attention`` shows that neglect)
            since = (last_attention or {}).get(clients[c].id) or local_now
            since_day = since.astimezone(tz).date()
            if since_day < today:
                # working days strictly between that day and today: day 0 of the plan is
                # the next one, so the N-th working day after it is day N - k - 1
                k = sum(
                    1
                    for offset in range(1, (today - since_day).days)
                    if working_time.periods_on(since_day + timedelta(days=offset))
                )
                attention_due[c] = max(0, rules.attention_working_days - k - 1)
            else:
                first_after = bisect.bisect_right(day_starts, minute(since))
                attention_due[c] = first_after + rules.attention_working_days - 1
        for client_id, moments in (client_events or {}).items():
            if client_id not in client_index:
                continue
            for moment in moments:
                d = bisect.bisect_right(day_starts, minute(moment)) - 1
                if d >= 0 and minute(moment) < days[d].end:
                    events_by_day.setdefault(d, set()).add(client_index[client_id])
    return Problem(
        origin=origin,
        now=now_minute,
        horizon=horizon,
        tz=tz,
        granularity=step,
        days=tuple(days),
        jobs=tuple(plan_jobs),
        max_clients_per_day=rules.max_clients_per_day,
        min_block=rules.min_block_minutes,
        small_job=rules.small_job_minutes,
        pacing_days=rules.pacing_working_days,
        pinned_clients={d: frozenset(c) for d, c in pinned_clients.items()},
        attention_days=rules.attention_working_days,
        attention_due=attention_due,
        client_events={d: frozenset(c) for d, c in events_by_day.items()},
        miss_cost=rules.miss_cost,
        change_cost=rules.change_cost,
    )


SINGLE_MACHINE_ORIGIN = datetime(2000, 1, 1, tzinfo=UTC)
"""Minute 0 of a :func:`single_machine_problem` (its times are abstract units)."""


def single_machine_problem(
    processing: Sequence[int],
    weight: Sequence[int],
    due: Sequence[int],
    release: Sequence[int] | None = None,
) -> Problem:
    """The textbook single-machine problem (1|r_j|ΣwjTj) as a planning :class:`Problem`.

    One machine is always available from time 0; every job is one contiguous piece (the
    decoder's *meeting* rule: no preemption); there are no block rules (clients per day,
    pacing, attention, grouping of small jobs). Without releases, decoding an order gives
    the sequence's completion times ``C_j`` and its weighted tardiness ``Σ w_j max(0, C_j -
    d_j)``, in the instance's own time unit (counted as minutes); with releases the decoder
    may start a job in idle time left before an earlier job's release, which delays nobody,
    so the decoded cost is never above the sequence's. This is how the OR-Library benchmark
    (``bench/orlib.py``) runs the planner's optimiser.

    Args:
        processing: processing times ``p_j`` (integers > 0), one per job.
        weight: tardiness weights ``w_j`` (integers >= 0).
        due: due dates ``d_j`` (integers, time units from 0).
        release: release dates ``r_j`` (integers >= 0; default all 0).

    Returns:
        The problem; job ``j`` has key ``str(j)`` and its own client.

    Raises:
        ValueError: when the sequences differ in length or a value is out of range.
    """
    n = len(processing)
    release = [0] * n if release is None else list(release)
    if not len(weight) == len(due) == len(release) == n:
        raise ValueError("processing, weight, due, release: must have one value per job")
    if any(p <= 0 for p in processing):
        raise ValueError("processing: times must be positive")
    if any(w < 0 for w in weight):
        raise ValueError("weight: must not be negative")
    if any(r < 0 for r in release):
        raise ValueError("release: must not be negative")
    horizon = max(release, default=0) + sum(processing) + 1
    segment = Segment(0, horizon, 0)
    jobs = tuple(
        PlanJob(
            index=j,
            key=str(j),
            client=j,
            processing=int(processing[j]),
            release=int(release[j]),
            due=int(due[j]),
            weight=int(weight[j]),
            hard=False,
            meeting=True,
            in_progress=False,
        )
        for j in range(n)
    )
    return Problem(
        origin=SINGLE_MACHINE_ORIGIN,
        now=0,
        horizon=horizon,
        tz=UTC,
        granularity=1,
        days=(Day(SINGLE_MACHINE_ORIGIN.date(), 0, horizon, (segment,)),),
        jobs=jobs,
        max_clients_per_day=max(1, n),
        min_block=1,
        small_job=0,
        pacing_days=0,
    )
