"""Domain values: clients, jobs, working time, busy time, planning settings, plans, and
time and money (time entries, invoices, payments).

Pure standard library. Values are frozen, slotted dataclasses validated in
``__post_init__``; a :class:`ValueError` names the field. Change them with
:func:`dataclasses.replace`. Durations are whole minutes (``*_minutes``); every datetime
is timezone-aware; money is an exact :class:`~decimal.Decimal` in euros.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

from creneau.domain.places import check_coordinates


class ClientKind(enum.StrEnum):
    """A business (``professionnel``) or a private person (``particulier``)."""

    BUSINESS = "business"
    INDIVIDUAL = "individual"


class JobKind(enum.StrEnum):
    """Desk work, or a meeting with the client whose effort is its length."""

    WORK = "work"
    MEETING = "meeting"


class Deadline(enum.StrEnum):
    """A hard deadline is a promise; a soft one is a target."""

    HARD = "hard"
    SOFT = "soft"


class JobStatus(enum.StrEnum):
    """Life cycle of a job. Only ``todo`` and ``in_progress`` jobs are planned."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Whether the job still has work to plan."""
        return self in (JobStatus.TODO, JobStatus.IN_PROGRESS)

    @property
    def is_pending(self) -> bool:
        """Whether the job is not finished: open, or waiting for the client."""
        return self.is_open or self is JobStatus.WAITING


class BlockKind(enum.StrEnum):
    """What a block of the plan is."""

    WORK = "work"
    MEETING = "meeting"
    TRAVEL = "travel"
    BUSY = "busy"


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


@dataclass(frozen=True, slots=True)
class Client:
    """A client of the freelancer.

    Args:
        id: stable identifier (never changes once given).
        name: display name, unique among clients.
        kind: business or individual.
        address, postcode, town: postal address (free text; may be empty).
        latitude, longitude: WGS84 degrees, when known.
        email, phone: contact details (may be empty).
        hourly_rate: euros per hour, when agreed.
        importance: 1 (low) to 5 (high); weighs the client's lateness in the plan.
        language: ``"fr"`` or ``"en"``, for messages to the client.
        first_contact: date of the first contact, when known.
        notes: free text.

    Raises:
        ValueError: naming the field, when a value is out of range.
    """

    id: str
    name: str
    kind: ClientKind = ClientKind.BUSINESS
    address: str = ""
    postcode: str = ""
    town: str = ""
    latitude: float | None = None
    longitude: float | None = None
    email: str = ""
    phone: str = ""
    hourly_rate: Decimal | None = None
    importance: int = 3
    language: str = "fr"
    first_contact: date | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("id: must not be empty")
        if not self.name.strip():
            raise ValueError("name: must not be empty")
        if not 1 <= self.importance <= 5:
            raise ValueError(f"importance: must be from 1 to 5, got {self.importance}")
        if self.language not in ("fr", "en"):
            raise ValueError(f"language: must be 'fr' or 'en', got {self.language!r}")
        if self.hourly_rate is not None and self.hourly_rate < 0:
            raise ValueError(f"hourly_rate: must not be negative, got {self.hourly_rate}")
        check_coordinates(self.latitude, self.longitude)
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude/longitude: give both or neither")


@dataclass(frozen=True, slots=True)
class Job:
    """A job for a client.

    Args:
        id: stable identifier.
        client_id: the client's id.
        title: short description, unique per client.
        kind: work or meeting (a meeting's effort is its length).
        tags: free tags.
        effort_minutes: the estimate, in minutes (> 0).
        spent_minutes: time already spent, in minutes (>= 0).
        received: the release date: no work is planned before this day.
        due: a date (end of the last working period on or before it) or an aware datetime.
        deadline: hard (a promise) or soft (a target).
        status: todo, in progress, waiting, done or cancelled.
        price: fixed price in euros, else the client's hourly rate applies.
        notes: free text.
        remaining_minutes: a re-estimate of what is left, overriding estimate - spent.
        after_id: a job of the same client that must be finished before this one starts
            (a precedence: the setup comes after the discovery meeting), or None.
        hourly_rate: euros per hour for this job (>= 0), overriding the client's rate;
            None: the client's rate applies.
        done_on: the delivery date, set when the job is marked done; None otherwise.

    Raises:
        ValueError: naming the field (negative effort, due before received, naive due,
            negative hourly rate...).
    """

    id: str
    client_id: str
    title: str
    effort_minutes: int
    received: date
    due: date | datetime
    kind: JobKind = JobKind.WORK
    tags: tuple[str, ...] = ()
    spent_minutes: int = 0
    deadline: Deadline = Deadline.SOFT
    status: JobStatus = JobStatus.TODO
    price: Decimal | None = None
    notes: str = ""
    remaining_minutes: int | None = None
    after_id: str | None = None
    hourly_rate: Decimal | None = None
    done_on: date | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("id: must not be empty")
        if self.after_id == self.id:
            raise ValueError("after: a job cannot come after itself")
        if not self.title.strip():
            raise ValueError("title: must not be empty")
        if self.effort_minutes <= 0:
            raise ValueError(f"effort: must be positive, got {self.effort_minutes} minutes")
        if self.spent_minutes < 0:
            raise ValueError(f"spent: must not be negative, got {self.spent_minutes} minutes")
        if self.remaining_minutes is not None and self.remaining_minutes < 0:
            raise ValueError("remaining: must not be negative")
        if self.price is not None and self.price < 0:
            raise ValueError(f"price: must not be negative, got {self.price}")
        if self.hourly_rate is not None and self.hourly_rate < 0:
            raise ValueError(f"hourly_rate: must not be negative, got {self.hourly_rate}")
        if isinstance(self.due, datetime):
            _require_aware(self.due, "due")
            due_day = self.due.date()
        else:
            due_day = self.due
        if due_day < self.received:
            raise ValueError(f"due: {self.due.isoformat()} is before received {self.received}")

    @property
    def remaining_effort_minutes(self) -> int:
        """Minutes of work left: the re-estimate if set, else estimate - spent, never < 0."""
        if not self.status.is_open:
            return 0
        if self.remaining_minutes is not None:
            return self.remaining_minutes
        return max(0, self.effort_minutes - self.spent_minutes)


@dataclass(frozen=True, slots=True)
class TimePeriod:
    """A period of a working day, in local wall-clock time (``start < end``)."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"working period: start {self.start} must be before end {self.end}")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class WorkingTime:
    """Her working-time rules.

    Args:
        weekly: seven tuples of periods, Monday first (an empty tuple is a day off).
        days_off: dates not worked (public holidays, leave), already resolved by an adapter.
        overrides: other periods for given dates (extra hours she considers working).

    Raises:
        ValueError: when there are not seven weekdays or a day's periods overlap.
    """

    weekly: tuple[tuple[TimePeriod, ...], ...]
    days_off: frozenset[date] = field(default_factory=frozenset)
    overrides: Mapping[date, tuple[TimePeriod, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError("working_hours: give seven weekdays, Monday first")
        for periods in self.weekly:
            for a, b in itertools.pairwise(periods):
                if not a.end <= b.start:
                    raise ValueError(f"working_hours: periods {a} and {b} overlap or are unsorted")

    def periods_on(self, day: date) -> tuple[TimePeriod, ...]:
        """The working periods of ``day`` (empty on a day off)."""
        if day in self.overrides:
            return self.overrides[day]
        if day in self.days_off:
            return ()
        return self.weekly[day.weekday()]


@dataclass(frozen=True, slots=True)
class BusyInterval:
    """A time during which she cannot work (from her calendar).

    Args:
        start, end: aware datetimes, ``start <= end``.
        summary: the event's title.
        source: where it comes from (file or calendar name).
        uid: the event's UID, when it has one.
        location: the event's LOCATION (RFC 5545 §3.8.1.7), when it has one.
        travel: True for the drive to or from an event away from home (added by the
            services around located events), shown as a ``travel`` block.
        km: for a drive (``travel``), its length in kilometres; else None.
    """

    start: datetime
    end: datetime
    summary: str = ""
    source: str = ""
    uid: str = ""
    location: str = ""
    travel: bool = False
    km: float | None = None

    def __post_init__(self) -> None:
        _require_aware(self.start, "start")
        _require_aware(self.end, "end")
        if self.end < self.start:
            raise ValueError("busy interval: end before start")


@dataclass(frozen=True, slots=True)
class CalendarRecord:
    """One calendar event as imported, kept verbatim so it can be expanded on demand.

    Args:
        source: the calendar it came from (file name or CalDAV calendar).
        uid: the event's UID.
        payload: the serialized component(s) with that UID (master and overrides), text.
        timezones: the serialized VTIMEZONE components the payload refers to, text.
        earliest: an aware instant at or before the start of every occurrence, or None
            when unknown (an event stored before the bounds were recorded).
        latest: an aware instant at or after the end of every occurrence, or None when
            the series has no end (an RRULE without UNTIL, an RDATE) or it is unknown.
            Both are set by the calendar reader with two days to spare on each side, so
            that floating and all-day times (whose instant depends on her zone) fit.

    Raises:
        ValueError: a bound is naive, or ``latest`` is before ``earliest``.
    """

    source: str
    uid: str
    payload: str
    timezones: str = ""
    earliest: datetime | None = None
    latest: datetime | None = None

    def __post_init__(self) -> None:
        if self.earliest is not None:
            _require_aware(self.earliest, "earliest")
        if self.latest is not None:
            _require_aware(self.latest, "latest")
        if self.earliest is not None and self.latest is not None and self.latest < self.earliest:
            raise ValueError("calendar record: latest before earliest")

    def may_overlap(self, start: datetime, end: datetime) -> bool:
        """False only when no occurrence can touch ``[start, end]`` (aware datetimes):
        the record then needs no expansion for that window."""
        if self.earliest is not None and self.earliest > end:
            return False
        return self.latest is None or self.latest >= start


@dataclass(frozen=True, slots=True)
class PlanningRules:
    """Planning settings.

    Args:
        max_clients_per_day: at most this many distinct clients a day (>= 1).
        min_block_minutes: blocks last at least this, unless the job's remainder is smaller.
        granularity_minutes: the time grid (divides 60).
        horizon_days: plan at least this many days ahead (and past the latest due date).
        timezone: IANA zone name of the user.
        small_job_minutes: jobs with at most this much work left are "small".
        pacing_working_days: a job in progress gets a block at least every this many
            working days.
        hard_weight, soft_weight: multipliers of client importance in the tardiness weight.
        search_effort: deterministic amount of search (number of decodes tried).
        cpsat_seconds: CP-SAT polishing time, in deterministic seconds (0: off).
        attention_working_days: every client with open work gets attention (a block, a
            meeting or call, news) at least every this many working days (0: no rule).
        miss_cost: the plan's price of one pacing or attention miss (a job in progress or
            a client without its due block for a day), in weight x minutes of tardiness:
            1440 is a day of lateness of a weight-1 job.
        change_cost: the price of moving one block of the previous plan (stability), in the
            same unit: 720 is twelve hours of lateness of a weight-1 job (four hours for a
            client of importance 3).
    """

    max_clients_per_day: int = 3
    min_block_minutes: int = 60
    granularity_minutes: int = 15
    horizon_days: int = 42
    timezone: str = "Europe/Paris"
    small_job_minutes: int = 60
    pacing_working_days: int = 2
    hard_weight: int = 10
    soft_weight: int = 1
    search_effort: int = 2000
    cpsat_seconds: float = 0.2
    attention_working_days: int = 5
    miss_cost: int = 1440
    change_cost: int = 720

    def __post_init__(self) -> None:
        if self.max_clients_per_day < 1:
            raise ValueError("max_clients_per_day: must be at least 1")
        if self.granularity_minutes <= 0 or 60 % self.granularity_minutes:
            raise ValueError("granularity_minutes: must divide 60")
        if self.min_block_minutes < 0 or self.min_block_minutes % self.granularity_minutes:
            raise ValueError("min_block_minutes: must be a multiple of the granularity")
        if self.horizon_days < 7:
            raise ValueError("horizon_days: must be at least 7")
        if self.pacing_working_days < 1:
            raise ValueError("pacing_working_days: must be at least 1")
        if self.search_effort < 0:
            raise ValueError("search_effort: must not be negative")
        if self.cpsat_seconds < 0:
            raise ValueError("cpsat_seconds: must not be negative")
        if self.miss_cost < 0 or self.change_cost < 0:
            raise ValueError("miss_cost/change_cost: must not be negative")
        if self.attention_working_days < 0:
            raise ValueError("attention_working_days: must not be negative")


@dataclass(frozen=True, slots=True)
class Block:
    """A time block of the plan.

    Args:
        id: stable within a plan: ``job id / local date / rank within the day``.
        start, end: aware datetimes.
        kind: work, meeting, travel or busy.
        job_id, client_id: the job and client, or None (busy time).
        summary: a label (the busy event's title for busy blocks).
        pinned: she placed it herself (it stays where it is).
        mode: for a meeting and its travel blocks, ``in_person`` or ``call``; else None.
        km: for a travel block, the drive's length in kilometres; else None.
    """

    id: str
    start: datetime
    end: datetime
    kind: BlockKind
    job_id: str | None = None
    client_id: str | None = None
    summary: str = ""
    pinned: bool = False
    mode: str | None = None
    km: float | None = None

    def __post_init__(self) -> None:
        _require_aware(self.start, "start")
        _require_aware(self.end, "end")
        if not self.start < self.end:
            raise ValueError("block: start must be before end")

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """What the plan promises for one open job.

    Args:
        job_id: the job.
        due: the due date-time (aware), date-only dues resolved to the end of a working period.
        remaining_minutes: work left to plan.
        planned_minutes: work the plan placed (== remaining unless some is unplaced).
        planned_finish: end of the job's last block, or None when nothing is placed.
        lateness_minutes: planned finish - due (negative when early); unplaced work counts
            as finishing at the horizon's end.
        slack_minutes: free working minutes between the planned finish and the due time, or
            None when late.
        reason_code, reason_args: why the job is late or unplaced (None when on time).
    """

    job_id: str
    due: datetime
    remaining_minutes: int
    planned_minutes: int
    planned_finish: datetime | None
    lateness_minutes: int
    slack_minutes: int | None
    reason_code: str | None = None
    reason_args: tuple[tuple[str, str], ...] = ()

    @property
    def late(self) -> bool:
        """Whether the job finishes after its due time or is not fully placed."""
        return self.lateness_minutes > 0 or self.planned_minutes < self.remaining_minutes


@dataclass(frozen=True, slots=True)
class Plan:
    """A computed plan.

    Args:
        now: when it was computed (aware).
        horizon_end: end of the planned window (aware).
        blocks: work/meeting blocks, sorted by start.
        outcomes: one per open job.
        busy: busy intervals within the window (her calendar), for display.
        status: ``"optimal"`` (proved over job orders), ``"feasible"`` or ``"heuristic"``.
        objective: the lexicographic objective (late hard jobs, weighted tardiness in
            weight x minutes, number of blocks).
        pacing_kept: False when the pacing rule (a block for each job in progress at least
            every few working days) or the client-attention rule is missed on some day.
        pacing_misses: how many times (job or client, day) those rules are missed.
        order: job ids in the priority order the plan was decoded from (to warm-start the
            next plan).
        stability: ``(kept, previous)`` when computed against a previous plan: how many of
            the previous plan's blocks (of jobs still planned, ahead of ``now``) kept their
            identity, start and end; None for a plan computed from nothing.
    """

    now: datetime
    horizon_end: datetime
    blocks: tuple[Block, ...]
    outcomes: tuple[JobOutcome, ...]
    busy: tuple[BusyInterval, ...] = ()
    status: str = "heuristic"
    objective: tuple[int, int, int] = (0, 0, 0)
    pacing_kept: bool = True
    pacing_misses: int = 0
    order: tuple[str, ...] = ()
    stability: tuple[int, int] | None = None

    @property
    def kept_share(self) -> float | None:
        """Share of the previous plan's blocks kept unchanged (1.0 when there were none)."""
        if self.stability is None:
            return None
        kept, previous = self.stability
        return kept / previous if previous else 1.0


@dataclass(frozen=True, slots=True)
class SavedPlan:
    """The last plan computed, as stored: what the next plan stays close to.

    Args:
        computed_at: when it was computed (aware; the "now" it was computed for).
        order: job ids in the plan's priority order (warm start).
        blocks: its work and meeting blocks.
    """

    computed_at: datetime
    order: tuple[str, ...]
    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        _require_aware(self.computed_at, "computed_at")


@dataclass(frozen=True, slots=True)
class PinnedBlock:
    """A block she placed herself: it stays there and the rest is planned around it.

    Args:
        job_id: the job worked on.
        start, end: aware datetimes, ``start < end``.
    """

    job_id: str
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        _require_aware(self.start, "start")
        _require_aware(self.end, "end")
        if not self.start < self.end:
            raise ValueError("pinned block: start must be before end")

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class ClientUpdate:
    """News sent to a client (a status update marked as sent).

    Args:
        client_id: the client.
        sent_at: when it was sent (aware).
        text: the message as sent.
    """

    client_id: str
    sent_at: datetime
    text: str = ""

    def __post_init__(self) -> None:
        _require_aware(self.sent_at, "sent_at")


#: Where a time entry comes from: the timer she started and stopped, or a log typed after.
TIME_SOURCES = ("timer", "log")


def _require_money(value: Decimal, name: str) -> None:
    if not value.is_finite():
        raise ValueError(f"{name}: must be a finite amount of euros, got {value}")


@dataclass(frozen=True, slots=True)
class TimeEntry:
    """Time she spent on a job: a timer run, or a period logged afterwards.

    Args:
        id: stable identifier.
        job_id: the job worked on.
        start: when the work began (aware).
        end: when it stopped (aware, after ``start``), or None while the timer runs.
        note: free text.
        source: ``"timer"`` (started and stopped live) or ``"log"`` (typed afterwards).

    Raises:
        ValueError: naming the field (empty id, naive datetime, end not after start,
            unknown source).
    """

    id: str
    job_id: str
    start: datetime
    end: datetime | None = None
    note: str = ""
    source: str = "timer"

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("id: must not be empty")
        if not self.job_id:
            raise ValueError("job_id: must not be empty")
        _require_aware(self.start, "start")
        if self.end is not None:
            _require_aware(self.end, "end")
            # compared as instants: two times of one zone compare by wall clock otherwise,
            # which inverts the repeated hour when the clocks go back (PEP 495)
            if not self.start.astimezone(UTC) < self.end.astimezone(UTC):
                raise ValueError(
                    f"end: {self.end.isoformat()} must be after start {self.start.isoformat()}"
                )
        if self.source not in TIME_SOURCES:
            raise ValueError(f"source: must be 'timer' or 'log', got {self.source!r}")

    @property
    def running(self) -> bool:
        """Whether the timer still runs (no end yet)."""
        return self.end is None

    @property
    def minutes(self) -> int:
        """Length in whole minutes of real time (rounded down; a daylight-saving change
        inside counts as it happened); 0 while the timer runs."""
        if self.end is None:
            return 0
        return _elapsed_minutes(self.start, self.end)

    def minutes_until(self, now: datetime) -> int:
        """Whole minutes (rounded down) worked by ``now``: for a running timer, since start.

        Args:
            now: the current time (aware).

        Returns:
            Minutes from ``start`` to ``now``, or to ``end`` when the entry ended before
            ``now``; 0 when ``now`` is before ``start``.

        Raises:
            ValueError: when ``now`` is naive.
        """
        _require_aware(now, "now")
        stop = now if self.end is None else min(self.end, now)
        return max(0, _elapsed_minutes(self.start, stop))


def _elapsed_minutes(start: datetime, end: datetime) -> int:
    """Whole minutes of real time from ``start`` to ``end`` (aware), rounded down.

    Computed in UTC: Python subtracts two datetimes sharing one ``tzinfo`` (e.g. the same
    ``ZoneInfo``) as wall-clock times, which is an hour off across a daylight-saving change.
    """
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class Invoice:
    """An invoice sent to a client.

    Args:
        id: stable identifier.
        client_id: the client billed.
        number: the invoice number as printed, unique (in France, one chronological and
            unbroken sequence: Code général des impôts, annexe II, art. 242 nonies A).
        issued_on: the date of issue.
        amount: the total billed, in euros (>= 0).
        job_ids: the jobs it bills, in the order given (no repeats).
        notes: free text.

    Raises:
        ValueError: naming the field (empty id or number, negative amount, a job twice).
    """

    id: str
    client_id: str
    number: str
    issued_on: date
    amount: Decimal
    job_ids: tuple[str, ...] = ()
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("id: must not be empty")
        if not self.client_id:
            raise ValueError("client_id: must not be empty")
        if not self.number.strip():
            raise ValueError("number: must not be empty")
        _require_money(self.amount, "amount")
        if self.amount < 0:
            raise ValueError(f"amount: must not be negative, got {self.amount}")
        if len(set(self.job_ids)) != len(self.job_ids):
            raise ValueError(f"job_ids: a job is listed twice in {self.job_ids}")


@dataclass(frozen=True, slots=True)
class Payment:
    """Money received for an invoice (one invoice may be paid in several payments).

    Args:
        id: stable identifier.
        invoice_id: the invoice paid.
        paid_on: the date the money was received.
        amount: euros received (> 0).

    Raises:
        ValueError: naming the field (empty id, amount zero or negative).
    """

    id: str
    invoice_id: str
    paid_on: date
    amount: Decimal

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("id: must not be empty")
        if not self.invoice_id:
            raise ValueError("invoice_id: must not be empty")
        _require_money(self.amount, "amount")
        if self.amount <= 0:
            raise ValueError(f"amount: must be positive, got {self.amount}")
