"""Her working time in the "atelier" scenario, worked out by hand from its files.

Her rules (scenario README): Monday to Friday 09:00-12:30 and 13:30-17:30, Wednesday
afternoon off, French public holidays off. Her busy time is transcribed from
``agenda.ics`` (not expanded by the program) up to the end of February 2027. Every
figure is in minutes, on Paris local time.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tests.conftest import PARIS, SCENARIO
from tests.services.atelier import FRENCH_HOLIDAYS

MORNING = (time(9, 0), time(12, 30))
AFTERNOON = (time(13, 30), time(17, 30))

COVERED_UNTIL = date(2027, 2, 26)
"""The busy time below is transcribed up to this day (inclusive)."""

YEAR_END = (date(2026, 12, 24), date(2027, 1, 2))
"""holidays-0005: all-day events 24 December 2026 to 2 January 2027 (DTEND 3 January)."""

ONE_OFF_BUSY = [
    # DTSTART/DTEND in Europe/Paris unless said otherwise
    (date(2026, 12, 3), time(10, 0), time(11, 0)),  # meeting-trelaze-0003
    (date(2026, 12, 2), time(8, 30), time(9, 30)),  # dentist-0004
    (date(2026, 12, 10), time(14, 0), time(17, 0)),  # training-0007, 13:00Z-16:00Z
    (date(2026, 12, 7), time(14, 0), time(14, 30)),  # weekly-call-0002 moved occurrence
]
"""cancelled-0008 (STATUS:CANCELLED) and birthday-0006 (TRANSPARENT) do not block; the
year-end holiday (holidays-0005) blocks whole days (:data:`YEAR_END`)."""


def busy_on(day: date) -> list[tuple[time, time]]:
    """Her opaque events of ``agenda.ics`` on a day of the covered weeks."""
    assert day <= COVERED_UNTIL, f"agenda.ics is only transcribed up to {COVERED_UNTIL}"
    if YEAR_END[0] <= day <= YEAR_END[1]:
        return [(time(0, 0), time(23, 59))]
    spans = [(a, b) for d, a, b in ONE_OFF_BUSY if d == day]
    # school-pickup-0001: weekly MO,TU,TH,FR 16:30-17:15, EXDATE 2026-12-04
    if day.weekday() in (0, 1, 3, 4) and day != date(2026, 12, 4):
        spans.append((time(16, 30), time(17, 15)))
    # weekly-call-0002: Mondays 09:00-09:30 until 21 December (UNTIL 08:00Z is 09:00 in
    # Paris: included); 7 December moved (above)
    if day.weekday() == 0 and day != date(2026, 12, 7) and day <= date(2026, 12, 21):
        spans.append((time(9, 0), time(9, 30)))
    return spans


def periods_on(day: date) -> list[tuple[time, time]]:
    """Her working periods on a day (none on weekends and French holidays)."""
    if day.weekday() >= 5 or day in FRENCH_HOLIDAYS:
        return []
    if day.weekday() == 2:
        return [MORNING]
    return [MORNING, AFTERNOON]


def is_working_day(day: date) -> bool:
    return bool(periods_on(day))


def working_days_after(day: date, count: int) -> date:
    """The ``count``-th working day after ``day``."""
    found = 0
    while found < count:
        day += timedelta(days=1)
        found += is_working_day(day)
    return day


def previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def end_of_day(day: date) -> datetime:
    """A date-only due: the end of her last working period on or before that day."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return datetime.combine(day, periods_on(day)[-1][1], PARIS)


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def free_minutes(start: datetime, end: datetime) -> int:
    """Her free working minutes in ``[start, end)``: working periods minus busy time."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    total, day = 0, start.date()
    while day <= end.date():
        free: set[int] = set()
        for a, b in periods_on(day):
            free |= set(range(_minutes(a), _minutes(b)))
        for a, b in busy_on(day) if free else []:
            free -= set(range(_minutes(a), _minutes(b)))
        low = _minutes(start.time()) if day == start.date() else 0
        high = _minutes(end.time()) if day == end.date() else 24 * 60
        total += sum(1 for m in free if low <= m < high)
        day += timedelta(days=1)
    return total


@dataclass(frozen=True)
class Work:
    """An open job of ``jobs.csv`` with its due time resolved and its work left."""

    client: str
    title: str
    hard: bool
    due: datetime
    remaining_minutes: int
    kind: str


def open_work() -> list[Work]:
    """Every open job of ``jobs.csv`` (estimate minus time spent is what is left)."""
    found = []
    with (SCENARIO / "jobs.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["status"] == "done":
                continue
            text = row["due"]
            due = (
                datetime.fromisoformat(text).replace(tzinfo=PARIS)
                if "T" in text
                else end_of_day(date.fromisoformat(text))
            )
            left = float(row["estimate_hours"]) - float(row["spent_hours"] or 0)
            found.append(
                Work(
                    row["client"],
                    row["title"],
                    row["deadline"] == "hard",
                    due,
                    round(left * 60),
                    row["kind"],
                )
            )
    return found


def done_ratios() -> list[tuple[float, float]]:
    """(estimate, spent) hours of the delivered jobs of ``jobs.csv``."""
    with (SCENARIO / "jobs.csv").open(encoding="utf-8") as handle:
        return [
            (float(r["estimate_hours"]), float(r["spent_hours"]))
            for r in csv.DictReader(handle)
            if r["status"] == "done"
        ]
