"""Kilometres driven for visits, per month, for her mileage allowance.

A visit is an in-person meeting: an event of her calendar whose LOCATION is away from
home (see :func:`creneau.services.places.travel_around`), a pinned (booked) meeting with a
client within her radius, a meeting block of the stored plan held in person, or the time
entries of a meeting job with such a client (one visit per meeting job and day, at the
time logged when there is some, else as booked or planned). The visits of a day are toured as
:func:`~creneau.domain.places.chain_visits` says (home → A → B → home when that saves
time), and the drives' kilometres are summed. The allowance is the kilometres times the
``mileage.rate`` setting (euros per km; default 0.636, the French scale for 2025 of a
5 CV car up to 5,000 km a year: d x 0.636).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from creneau.domain.models import BlockKind, JobKind
from creneau.domain.periods import Period
from creneau.domain.places import MeetingMode, Place, Stop, chain_visits
from creneau.services.context import ServiceContext
from creneau.services.places import AWAY_KM, TravelTimes, finder, meeting_place


@dataclass(frozen=True, slots=True)
class MileageDay:
    """The drives of one day: ``visits`` visits, ``km`` kilometres in all."""

    day: date
    visits: int
    km: float


@dataclass(frozen=True, slots=True)
class MileageReport:
    """Kilometres driven for visits over a period.

    Args:
        period: the period (local dates).
        days: the days with visits, in order.
        rate: euros per km (``mileage.rate``).
    """

    period: Period
    days: tuple[MileageDay, ...]
    rate: Decimal

    @property
    def km(self) -> float:
        """Kilometres in all, one decimal."""
        return round(sum(d.km for d in self.days), 1)

    @property
    def allowance(self) -> Decimal:
        """The allowance in euros, to the cent."""
        return (Decimal(str(self.km)) * self.rate).quantize(Decimal("0.01"), ROUND_HALF_UP)


def mileage(ctx: ServiceContext, period: Period, now: datetime) -> MileageReport:
    """Kilometres driven (or to drive, as planned) for visits in ``period``.

    Args:
        ctx: the service context.
        period: local dates reported (a month).
        now: aware datetime (for the cache of town lookups).

    Raises:
        InputError: invalid stored settings or a stored event that cannot be expanded.
    """
    settings = ctx.settings()
    tz = settings.tz
    first = datetime.combine(period.first, time(0), tzinfo=tz)
    last = datetime.combine(period.last + timedelta(days=1), time(0), tzinfo=tz)
    with ctx.uow() as uow:
        clients = uow.clients.list()
        jobs = {j.id: j for j in uow.jobs.list()}
        records = uow.calendar.list()
        saved = uow.plans.latest()
        pins = uow.pins.list()
        entries = uow.time_entries.list(since=first, until=last)  # those of the period
    rate = Decimal(str(settings.values["mileage.rate"]))
    places = finder(ctx, settings, clients)
    home = places.home()
    if home is None:
        return MileageReport(period, (), rate)
    travel = TravelTimes(ctx, settings)
    by_client = {c.id: c for c in clients}
    visits: dict[str, Place | None] = {}

    def client_visit(client_id: str) -> Place | None:
        if client_id not in visits:
            meeting = meeting_place(by_client[client_id], places, travel, home)
            in_person = meeting.visit.mode is MeetingMode.IN_PERSON
            visits[client_id] = meeting.place if in_person else None
        return visits[client_id]

    stops: dict[date, dict[str, Stop]] = {}
    logged: set[tuple[date, str]] = set()

    def add(
        key: str, place: Place | None, start: datetime, end: datetime, entry: bool = False
    ) -> None:
        if place is None:
            return
        day = start.astimezone(tz).date()
        base = datetime.combine(day, time(0), tzinfo=tz)
        s = int((start - base).total_seconds() // 60)
        e = int((end - base).total_seconds() // 60)
        old = stops.setdefault(day, {}).get(key)
        if entry and old is not None and (day, key) in logged:  # one visit, logged in parts
            s, e = min(s, old.start), max(e, old.end)
        if entry:
            logged.add((day, key))
        stops[day][key] = Stop(key, place, s, e)

    located = [r for r in records if "LOCATION" in r.payload.upper()]
    events = ctx.calendar.busy_between(located, first, last, tz) if located else []

    def in_period(start: datetime) -> bool:
        return first <= start < last

    for event in events:
        if not in_period(event.start):
            continue
        if event.location and event.end - event.start < timedelta(days=1):
            place = places.location(event.location)
            if place is not None and travel.leg(home, place).km >= AWAY_KM:
                add(f"event:{event.uid}:{event.start}", place, event.start, event.end)
    # a meeting job's visit of a day is one stop, however it is known: its booking (pin),
    # its block in the stored plan (a booked one is there too) and the time logged on it;
    # the time logged, added last, wins (it is what happened)
    meetings = {k: j for k, j in jobs.items() if j.kind is JobKind.MEETING}
    for pin in pins:
        if pin.job_id in meetings and in_period(pin.start):
            add(
                f"meeting:{pin.job_id}",
                client_visit(meetings[pin.job_id].client_id),
                pin.start,
                pin.end,
            )
    for block in saved.blocks if saved is not None else ():
        if (
            block.kind is BlockKind.MEETING
            and block.job_id in meetings
            and block.start >= now
            and in_period(block.start)
        ):
            job = meetings[block.job_id]
            add(f"meeting:{job.id}", client_visit(job.client_id), block.start, block.end)
    for entry in entries:
        if entry.job_id in meetings and entry.end is not None and in_period(entry.start):
            job = meetings[entry.job_id]
            add(
                f"meeting:{job.id}",
                client_visit(job.client_id),
                entry.start,
                entry.end,
                entry=True,
            )
    places.save(now)
    min_home = settings.rules().min_block_minutes
    days = []
    for day in sorted(stops):
        drives = chain_visits(
            home, list(stops[day].values()), travel.leg, min_home_minutes=min_home
        )
        days.append(MileageDay(day, len(stops[day]), round(sum(d.km for d in drives), 1)))
    return MileageReport(period, tuple(days), rate)


def mileage_to_json(report: MileageReport) -> dict[str, Any]:
    """The ``mileage`` part of ``creneau report --json`` (see the README)."""
    return {
        "km": report.km,
        "rate_eur_per_km": float(report.rate),
        "allowance_eur": float(report.allowance),
        "days": [{"date": d.day.isoformat(), "visits": d.visits, "km": d.km} for d in report.days],
    }
