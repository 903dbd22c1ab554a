"""Repairs of the iCalendar adapter: what real calendar apps get wrong, per event.

Each function looks at one parsed VEVENT and returns notes ``(property, message)`` for
the reader to turn into warnings naming the event's line and UID; some also mend the
event in place so that expansion gives what the author meant:

- time zone names that are not IANA names (Windows names mapped by CLDR, libical's
  ``/freeassociation.sourceforge.net/...`` prefixes) read as the IANA zone icalendar
  resolved them to (RFC 5545 §3.2.19);
- an ``UNTIL`` given as a DATE on a series of DATE-TIMEs (§3.3.10 wants the same value
  type) is read as the end of that day, the bound being inclusive;
- a DTSTART that falls in a daylight-saving gap is read with the offset before the gap
  (§3.3.5), i.e. the same length of time later on the new clock;
- rules repeating more often than once a minute (``FREQ=SECONDLY`` or ``MINUTELY``) are
  kept, but :mod:`.busy` expands at most :data:`DENSE_CAP` of their occurrences per window.

And some events cannot be used at all (:func:`event_problem`): a date before 1970 or
after 2200, or an RRULE that is out of range (§3.3.10) or that cannot be expanded.

Standard library, icalendar and recurring-ical-events only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event

from creneau.adapters.ical.fields import DENSE_FREQUENCIES, TZID_PROPERTIES

DENSE_CAP = 2000
"""Occurrences of one sub-minute series expanded per query window, at most."""

Note = tuple[str, str]
"""A repair or doubt about one property: ``(property name, message)``."""

YEARS = (1970, 2200)
"""The years an event's dates must fall in (inclusive) for it to be imported."""

_RANGES: dict[str, tuple[int, int, bool]] = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
"""RFC 5545 §3.3.10 value ranges: ``(low, high, signed)``, signed meaning ±low..±high."""

_TRIAL = timedelta(days=31)
"""The window after DTSTART expanded once at import to prove an RRULE can be expanded."""

_DENSE_TRIAL = timedelta(minutes=10)
"""The same for a rule repeating every few seconds or minutes."""


def event_problem(event: Event) -> Note | None:
    """Why an event cannot be imported, as a note ``(property, reason)``, or None.

    - a DTSTART, DTEND, RECURRENCE-ID or RRULE UNTIL outside the years :data:`YEARS`
      (dates the planner never needs, and near which date arithmetic overflows);
    - an RRULE (§3.3.10) with COUNT or INTERVAL not positive, or a BY* value out of range
      (BYHOUR 0-23, BYMINUTE 0-59, BYSECOND 0-60, BYMONTH 1-12, BYMONTHDAY ±1-31,
      BYYEARDAY ±1-366, BYWEEKNO ±1-53, BYSETPOS ±1-366);
    - an RRULE that cannot be expanded over a short window after DTSTART.

    Args:
        event: the parsed VEVENT.

    Returns:
        The first problem found, or None.
    """
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        value = getattr(event.get(name), "dt", None)
        if isinstance(value, date) and not YEARS[0] <= value.year <= YEARS[1]:
            return name, _year_reason(name, value)
    problem = rule_problem(event)
    if problem is not None:
        return "RRULE", problem
    if event.get("RRULE") is not None:
        return _trial(event)
    return None


def rule_problem(event: Event) -> str | None:
    """Why the event's RRULE is out of the ranges of §3.3.10 (see :func:`event_problem`).

    Cheap (no expansion): :mod:`.busy` asks it of every stored event before expanding, so
    that a rule stored before this check existed cannot hang or fail the busy time.
    """
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        problem = _rule_problem(rule)
        if problem is not None:
            return problem
    return None


def _year_reason(name: str, value: date) -> str:
    return (
        f"{name} {value.isoformat()} is outside the years {YEARS[0]} to {YEARS[1]} "
        "the planner reads"
    )


def _rule_problem(rule: dict[str, list[object]]) -> str | None:
    """Why one RRULE value is out of the ranges of §3.3.10, or None."""
    for part in ("COUNT", "INTERVAL"):
        for value in rule.get(part) or []:
            if not isinstance(value, int) or value <= 0:
                return f"{part}={value} must be a positive number (RFC 5545 §3.3.10)"
    for value in rule.get("UNTIL") or []:
        if isinstance(value, date) and not YEARS[0] <= value.year <= YEARS[1]:
            return _year_reason("UNTIL", value)
    for part, (low, high, signed) in _RANGES.items():
        for value in rule.get(part) or []:
            size = abs(value) if signed and isinstance(value, int) else value
            if not isinstance(size, int) or not low <= size <= high:
                span = f"±{low} to ±{high}" if signed else f"{low} to {high}"
                return f"{part}={value} is out of range ({span}, RFC 5545 §3.3.10)"
    return None


def _trial(event: Event) -> Note | None:
    """Expand the event's series once over a short window after its DTSTART."""
    start = event.get("DTSTART").dt
    rules = event.get("RRULE")
    dense = any(
        str((rule.get("FREQ") or [""])[0]).upper() in DENSE_FREQUENCIES
        for rule in (rules if isinstance(rules, list) else [rules])
    )
    calendar = Calendar()
    calendar.add_component(event)
    try:
        query = recurring_ical_events.of(calendar)
        list(islice(query.between(start, start + (_DENSE_TRIAL if dense else _TRIAL)), 1))
    # Untrusted input: the expander may fail in many ways; it must fail here, not when
    # the busy time is asked for.
    except Exception as exc:
        return "RRULE", f"the rule cannot be expanded ({str(exc) or type(exc).__name__})"
    return None


def zone_notes(event: Event, defined: set[str]) -> list[Note]:
    """Notes on TZIDs that icalendar resolved to another (IANA) name.

    Args:
        event: the parsed VEVENT (its times already carry the resolved zone).
        defined: the TZIDs defined by a VTIMEZONE of the same file (those are not notes:
            the file says what they mean).

    Returns:
        One note per distinct TZID read under another name, e.g. ``Romance Standard
        Time`` read as ``Europe/Paris`` (Unicode CLDR's windowsZones mapping, shipped
        with icalendar).
    """
    notes: list[Note] = []
    seen: set[str] = set()
    for name in TZID_PROPERTIES:
        prop = event.get(name)
        tzid = str(getattr(prop, "params", {}).get("TZID") or "")
        value = getattr(prop, "dt", None)
        if not tzid or tzid in seen or tzid in defined or not isinstance(value, datetime):
            continue
        seen.add(tzid)
        key = getattr(value.tzinfo, "key", None)
        if key and key != tzid:
            notes.append((name, f"time zone {tzid!r} read as {key!r} (RFC 5545 §3.2.19)"))
    return notes


def repair_until(event: Event) -> list[Note]:
    """Make a DATE ``UNTIL`` on a DATE-TIME series the end of that day (§3.3.10).

    RFC 5545 asks for an ``UNTIL`` of the same value type as DTSTART, in UTC when DTSTART
    has a zone; the bound is inclusive, so ``UNTIL=20261203`` on a daily 10:00 series keeps
    the occurrence of 3 December. The rule is changed in place.

    Args:
        event: the parsed VEVENT, changed in place.

    Returns:
        A note when the rule was changed.
    """
    start = getattr(event.get("DTSTART"), "dt", None)
    rules = event.get("RRULE")
    if not isinstance(start, datetime) or rules is None:
        return []
    notes: list[Note] = []
    for rule in rules if isinstance(rules, list) else [rules]:
        until = rule.get("UNTIL")
        if not until or isinstance(until[0], datetime) or not isinstance(until[0], date):
            continue
        last = datetime.combine(until[0], time(23, 59, 59))
        if start.tzinfo is not None:
            rule["UNTIL"] = [last.replace(tzinfo=start.tzinfo).astimezone(UTC)]
        else:
            rule["UNTIL"] = [last]
        notes.append(
            (
                "RRULE",
                f"UNTIL {until[0].isoformat()} is a date on a series of date-times: read as "
                "the end of that day (RFC 5545 §3.3.10)",
            )
        )
    return notes


def gap_notes(event: Event) -> list[Note]:
    """Notes on a DTSTART whose local time does not exist (a daylight-saving gap).

    RFC 5545 §3.3.5 reads such a time with the UTC offset before the gap: 02:30 on the
    night Paris moves from 02:00 to 03:00 is 03:30 on the new clock. The same holds for
    the occurrences of a series that fall on such a night; :mod:`.busy` places them so.

    Args:
        event: the parsed VEVENT.

    Returns:
        A note for a DTSTART in a gap, or for a series whose time of day falls in a gap of
        its zone within two years of its start.
    """
    start = getattr(event.get("DTSTART"), "dt", None)
    if not isinstance(start, datetime) or not isinstance(start.tzinfo, ZoneInfo):
        return []
    zone = start.tzinfo
    if not _exists(start):
        shown = start.astimezone(UTC).astimezone(zone)
        return [
            (
                "DTSTART",
                f"{start:%Y-%m-%d %H:%M} does not exist in {zone.key} (the clocks go "
                f"forward): read as {shown:%H:%M} (RFC 5545 §3.3.5)",
            )
        ]
    if "RRULE" not in event:
        return []
    for year in (start.year, start.year + 1, start.year + 2):
        for day in _gap_days(zone.key, year):
            moment = datetime.combine(day, start.time(), tzinfo=zone)
            if moment >= start and not _exists(moment):
                return [
                    (
                        "RRULE",
                        f"its time of day {start:%H:%M} does not exist on {day.isoformat()} "
                        f"in {zone.key} (the clocks go forward): an occurrence that night "
                        "starts that much later on the new clock (RFC 5545 §3.3.5)",
                    )
                ]
    return []


def dense_notes(event: Event) -> list[Note]:
    """A note for a rule repeating more often than once a minute (§3.3.10 FREQ).

    Args:
        event: the parsed VEVENT.

    Returns:
        A note when its FREQ is SECONDLY or MINUTELY.
    """
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        if freq in DENSE_FREQUENCIES:
            return [
                (
                    "RRULE",
                    f"FREQ={freq} repeats every few seconds or minutes: only the planned "
                    f"window is expanded, at most {DENSE_CAP} occurrences",
                )
            ]
    return []


def _exists(moment: datetime) -> bool:
    """Whether an aware local time exists (is not skipped by a daylight-saving change)."""
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


@lru_cache(maxsize=256)
def _gap_days(zone_name: str, year: int) -> tuple[date, ...]:
    """The days of ``year`` on which the clocks of ``zone_name`` go forward."""
    zone = ZoneInfo(zone_name)
    days: list[date] = []
    day = date(year, 1, 1)
    while day.year == year:
        # offsets at the start and end of each week, then each day of a week that moved
        week_end = day + timedelta(days=7)
        if _offset(zone, week_end) > _offset(zone, day):
            days.extend(
                d
                for d in (day + timedelta(days=k) for k in range(7))
                if _offset(zone, d + timedelta(days=1)) > _offset(zone, d)
            )
        day = week_end
    return tuple(d for d in days if d.year == year)


def _offset(zone: ZoneInfo, day: date) -> timedelta:
    return datetime.combine(day, time(0), tzinfo=zone).utcoffset() or timedelta(0)
