"""The week grid: the plan's blocks and her busy time laid out per day (pure data for the
template: each item's place in steps of :data:`STEP_MINUTES` from the first hour shown).

The places are CSS classes (``at-N``, ``len-N``, ``hours-N``) defined once by
:func:`grid_css`, never inline styles: the pages' Content-Security-Policy allows no inline
style, and the grid must work without JavaScript."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from creneau.domain.models import BlockKind
from creneau.interfaces.web.colours import client_colours
from creneau.services.planning import PlanReport

_Raw = tuple[str, datetime, datetime, str, str, str | None, bool, str | None]
"""kind, start, end, label, client name, client id, pinned, job id."""

DEFAULT_FIRST_HOUR = 8
DEFAULT_LAST_HOUR = 18
STEP_MINUTES = 5
"""The grid's step: items are placed and sized to 5 minutes (their times are shown exact)."""
STEPS_PER_DAY = 24 * 60 // STEP_MINUTES


@dataclass(frozen=True, slots=True)
class Item:
    """One thing in a day of the grid.

    Args:
        kind: ``work``, ``meeting``, ``travel`` (planned) or ``busy`` (her calendar).
        start, end: aware datetimes, clipped to the day.
        label: the job's title or the event's summary.
        client: the client's name, or empty.
        colour: the background colour (the client's; none for busy time).
        top, height: place in the day's column: steps of :data:`STEP_MINUTES` from the
            first hour shown, and length in steps (at least 1).
        job_id: the job, for a planned block (pin, unpin).
        pinned: whether she pinned it.
    """

    kind: str
    start: datetime
    end: datetime
    label: str
    client: str
    colour: str
    top: int
    height: int
    job_id: str | None = None
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class Day:
    """One day of the grid: its date and items, by start."""

    day: date
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Week:
    """A week of the grid (Monday first).

    Args:
        monday: its first day.
        days: the days shown (Saturday and Sunday only when something is on them).
        first_hour, last_hour: the hours shown (whole hours, local time).
        hours: the hour marks.
    """

    monday: date
    days: tuple[Day, ...]
    first_hour: int
    last_hour: int

    @property
    def hours(self) -> list[int]:
        """The hour marks, first to last."""
        return list(range(self.first_hour, self.last_hour + 1))


def monday_of(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def week_grid(report: PlanReport, monday: date) -> Week:
    """The week of ``monday`` in the plan ``report`` (her zone from its settings)."""
    tz = report.settings.tz
    start = datetime.combine(monday, time(0), tz)
    end = start + timedelta(days=7)
    raw: list[_Raw] = []
    for block in report.plan.blocks:
        if block.end <= start or block.start >= end or block.kind is BlockKind.BUSY:
            continue
        job = report.jobs.get(block.job_id) if block.job_id else None
        client = report.clients.get(block.client_id) if block.client_id else None
        label = job.title if job else block.summary
        raw.append(
            (
                block.kind.value,
                block.start,
                block.end,
                label,
                client.name if client else "",
                block.client_id,
                block.pinned,
                block.job_id,
            )
        )
    for busy in report.plan.busy:
        if busy.end <= start or busy.start >= end:
            continue
        kind = "travel" if busy.travel else "busy"
        raw.append((kind, busy.start, busy.end, busy.summary, "", None, False, None))
    colours = client_colours(report.clients)
    first, last = _hours(report, raw, tz)
    span = (last - first) * 60
    days: list[Day] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        day_start = datetime.combine(day, time(first), tz)
        day_end = day_start + timedelta(minutes=span)
        items: list[Item] = []
        for kind, a, b, label, client_name, client_id, pinned, job_id in raw:
            a, b = max(a, day_start), min(b, day_end)
            if a >= b:
                continue
            step_seconds = STEP_MINUTES * 60
            top = int((a - day_start).total_seconds() // step_seconds)
            bottom = math.ceil((b - day_start).total_seconds() / step_seconds)
            items.append(
                Item(
                    kind,
                    a.astimezone(tz),
                    b.astimezone(tz),
                    label,
                    client_name,
                    colours.get(client_id or "", ""),
                    top,
                    max(1, bottom - top),
                    job_id if kind in ("work", "meeting") else None,
                    pinned,
                )
            )
        items.sort(key=lambda i: (i.start, i.end, i.label))
        if offset < 5 or items:
            days.append(Day(day, tuple(items)))
    return Week(monday, tuple(days), first, last)


def _hours(
    report: PlanReport,
    raw: list[_Raw],
    tz: ZoneInfo,
) -> tuple[int, int]:
    """The hours shown: her working hours and every timed item, whole hours."""
    first, last = DEFAULT_FIRST_HOUR, DEFAULT_LAST_HOUR
    for periods in report.settings.weekly_hours():
        for period in periods:
            first = min(first, period.start.hour)
            last = max(last, period.end.hour + (1 if period.end.minute else 0))
    for _kind, a, b, *_rest in raw:
        la, lb = a.astimezone(tz), b.astimezone(tz)
        if la.date() == lb.date():  # an all-day or multi-day event does not stretch the grid
            first = min(first, la.hour)
            last = max(last, lb.hour + (1 if lb.minute else 0))
    return first, min(last, 24)


def grid_css() -> str:
    """The stylesheet of the grid's places: ``hours-N`` (a column of N hours), ``at-N``
    (N steps from the top) and ``len-N`` (N steps long, also as ``--h``: a hovered or
    focused item opens to at least it), for every value a day can have. Lengths are in the
    ``--hour`` unit of ``style.css``."""
    rules = [f".week {{ --step: calc(var(--hour) / {60 // STEP_MINUTES}); }}"]
    rules += [f".hours-{n} .column {{ height: calc({n} * var(--hour)); }}" for n in range(1, 25)]
    rules += [f".at-{n} {{ top: calc({n} * var(--step)); }}" for n in range(STEPS_PER_DAY)]
    rules += [
        f".len-{n} {{ --h: calc({n} * var(--step)); height: var(--h); }}"
        for n in range(1, STEPS_PER_DAY + 1)
    ]
    return "\n".join(rules) + "\n"
