"""Chained visits in the plan: home → A → B → home when that saves time.

The planner reserves each visit's own drive there and back (an in-person meeting job's
``travel`` blocks, the drives around a located event of her calendar or a booked
meeting). Afterwards, the visits of each day are toured as
:func:`~creneau.domain.places.chain_visits` says: where she drives straight from A to B,
A's drive home and B's drive from home become one drive from A to B, leaving A at the end
of its meeting (its length rounded up to the grid). Only when nothing is planned between
the two visits: the time the chain saves is left free in this plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from creneau.domain.models import Block, BlockKind, BusyInterval, Plan
from creneau.domain.places import MeetingMode, Place, Stop, chain_visits
from creneau.services.places import MeetingPlace, PlaceFinder, TravelTimes

_Drive = Block | BusyInterval


@dataclass(frozen=True, slots=True)
class _Visit:
    key: str
    place: Place
    start: datetime
    end: datetime
    to: _Drive
    back: _Drive
    meeting: Block | None
    event: BusyInterval | None


def _meeting_visits(
    plan: Plan, meetings: dict[str, MeetingPlace], drives: Sequence[BusyInterval]
) -> list[_Visit]:
    by_id = {b.id: b for b in plan.blocks}
    found: list[_Visit] = []
    for block in plan.blocks:
        meeting = meetings.get(block.job_id or "")
        if block.kind is not BlockKind.MEETING or meeting is None or meeting.place is None:
            continue
        if meeting.visit.mode is not MeetingMode.IN_PERSON:
            continue
        to: _Drive | None
        back: _Drive | None
        if block.pinned:
            uid = f"pin-{block.job_id}"
            to = next((d for d in drives if d.uid == uid and d.end == block.start), None)
            back = next((d for d in drives if d.uid == uid and d.start == block.end), None)
        else:
            to, back = by_id.get(f"{block.id}-to"), by_id.get(f"{block.id}-back")
        if to is not None and back is not None:
            found.append(
                _Visit(block.id, meeting.place, block.start, block.end, to, back, block, None)
            )
    return found


def _event_visits(plan: Plan, places: PlaceFinder, drives: Sequence[BusyInterval]) -> list[_Visit]:
    found: list[_Visit] = []
    for event in plan.busy:
        if event.travel or not event.location:
            continue
        to = next((d for d in drives if d.uid == event.uid and d.end == event.start), None)
        back = next((d for d in drives if d.uid == event.uid and d.start == event.end), None)
        place = places.location(event.location) if to and back else None
        if to is not None and back is not None and place is not None:
            key = f"event-{event.uid}-{event.start:%Y%m%dT%H%M}"
            found.append(_Visit(key, place, event.start, event.end, to, back, None, event))
    return found


def chain_tours(
    plan: Plan,
    meetings: dict[str, MeetingPlace],
    places: PlaceFinder,
    travel: TravelTimes,
    *,
    step: int,
    min_home_minutes: int,
    tz: ZoneInfo,
) -> Plan:
    """The plan with the day's visits chained where that saves time (see the module).

    Args:
        plan: the plan as decoded (each visit with its own drives).
        meetings: meeting job id to how it is held.
        places: finds the places of located events.
        travel: the drives between places.
        step: the planning grid in minutes (a chained drive is rounded up to it).
        min_home_minutes: time at home worth going back for (``plan.min_block``).
        tz: her zone (visits are grouped by local day).

    Returns:
        The plan, with chained drives as ``travel`` blocks (a meeting job's, with its
        ``-to`` id) or travel busy time (a calendar event's).
    """
    home = places.home()
    drives = [b for b in plan.busy if b.travel]
    visits = _meeting_visits(plan, meetings, drives) + _event_visits(plan, places, drives)
    if home is None or len(visits) < 2:
        return plan
    by_day: dict[object, list[_Visit]] = {}
    for visit in visits:
        by_day.setdefault(visit.start.astimezone(tz).date(), []).append(visit)
    work = [b for b in plan.blocks if b.kind in (BlockKind.WORK, BlockKind.MEETING)]
    gone: list[_Drive] = []
    added_blocks: list[Block] = []
    added_busy: list[BusyInterval] = []
    for day_visits in by_day.values():
        if len(day_visits) < 2:
            continue
        origin = min(v.start for v in day_visits)
        keyed = {v.key: v for v in day_visits}

        def minute(moment: datetime, origin: datetime = origin) -> int:
            return int((moment - origin).total_seconds() // 60)

        stops = [Stop(v.key, v.place, minute(v.start), minute(v.end)) for v in day_visits]
        for drive in chain_visits(home, stops, travel.leg, min_home_minutes=min_home_minutes):
            if "home" in (drive.origin, drive.target):
                continue
            a, b = keyed[drive.origin], keyed[drive.target]
            if any(
                w.start < b.start and w.end > a.end for w in work if w not in (a.meeting, b.meeting)
            ):
                continue
            length = -(-(drive.end - drive.start) // step) * step
            start, end = a.end, a.end + timedelta(minutes=length)
            gone += [a.back, b.to]
            if isinstance(b.to, Block):
                added_blocks.append(replace(b.to, start=start, end=end, km=drive.km))
            else:
                added_busy.append(replace(b.to, start=start, end=end, km=drive.km))
    if not gone:
        return plan
    blocks = [b for b in plan.blocks if not any(b is g for g in gone)] + added_blocks
    busy = [b for b in plan.busy if not any(b is g for g in gone)] + added_busy
    return replace(
        plan,
        blocks=tuple(sorted(blocks, key=lambda b: (b.start, b.id))),
        busy=tuple(sorted(busy, key=lambda b: (b.start, b.end, b.uid, b.travel))),
    )
