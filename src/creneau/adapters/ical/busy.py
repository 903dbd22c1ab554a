"""Expander of the iCalendar adapter: stored calendar records to busy intervals.

The records of each source are put back into one VCALENDAR, expanded with
``recurring_ical_events.of(calendar).between(a, b)`` (RRULE, RDATE, EXDATE and
RECURRENCE-ID overrides, RFC 5545 §3.8.5 and §3.8.4.4), and each occurrence that takes
up time becomes a :class:`~creneau.domain.models.BusyInterval` in the user's zone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from icalendar import Calendar, Component, Event

from creneau.adapters.ical.fields import (
    BUSY_STATUS,
    CANCELLED,
    DENSE_FREQUENCIES,
    FLOATING_TZ,
    FREE,
    TRANSPARENT,
)
from creneau.adapters.ical.reader import load_zone
from creneau.adapters.ical.repairs import DENSE_CAP, rule_problem
from creneau.domain.models import BusyInterval, CalendarRecord

_HEADER = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Creneau//busy time//EN\r\n"
_FOOTER = "END:VCALENDAR\r\n"
_VTIMEZONE = re.compile(r"BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE\r?\n?", re.DOTALL | re.IGNORECASE)

_DENSE = re.compile(
    r"^RRULE[;:][^\r\n]*FREQ=(" + "|".join(sorted(DENSE_FREQUENCIES)) + ")", re.M | re.I
)
_EXACT = "X-CRENEAU-EXACT-SECONDS"
"""Set on each timed VEVENT before expansion: its exact length in seconds (§3.8.5.3)."""

_DENSE_CHUNK = timedelta(hours=1)
"""Sub-minute series are expanded an hour at a time, until :data:`DENSE_CAP`."""

_MARGIN = timedelta(days=2)
"""Added on both sides of the query: floating and all-day times are placed in a zone
only after expansion, and zones are at most 26 hours apart."""

_Time = date | datetime

_LOG = logging.getLogger(__name__)


def busy_between(
    records: Sequence[CalendarRecord],
    start: datetime,
    end: datetime,
    default_tz: ZoneInfo,
) -> list[BusyInterval]:
    """Busy intervals overlapping ``[start, end)``, recurrences expanded, sorted by start.

    An occurrence is busy unless it is ``TRANSP:TRANSPARENT`` (RFC 5545 §3.8.2.7),
    ``STATUS:CANCELLED`` (§3.8.1.11) or Outlook's ``X-MICROSOFT-CDO-BUSYSTATUS:FREE``; an
    override can cancel a single occurrence. Times:

    - with a TZID (§3.3.5 form #3) or in UTC (form #2): that instant;
    - floating (form #1): in the zone of the calendar's ``X-WR-TIMEZONE`` when it had one
      (see :mod:`.reader`), else in ``default_tz``;
    - all-day (DATE, §3.3.4): from midnight of DTSTART to midnight of DTEND in
      ``default_tz``, DTEND exclusive (§3.6.1); with no DTEND, or a DTEND not after
      DTSTART, one day;
    - DURATION (§3.8.2.5) instead of DTEND, in exact time when it has no days or weeks
      (§3.3.6); a negative duration, or a DTEND before a DTSTART date-time, gives a
      zero-length interval at the start, never one before it;
    - a local time skipped by a daylight-saving change is read with the offset before the
      change (§3.3.5): 02:30 on the night Paris goes from 02:00 to 03:00 starts at 03:30,
      and the occurrence keeps its length (§3.8.5.3);
    - series repeating more often than once a minute (FREQ=SECONDLY or MINUTELY) give at
      most :data:`~creneau.adapters.ical.repairs.DENSE_CAP` occurrences per query, the
      touching ones merged.

    Intervals are returned whole, not clipped to the window; a zero-length one counts
    when its instant is in ``[start, end)``. VTODO and VJOURNAL are never busy.

    Args:
        records: stored events, of any number of sources.
        start, end: the window, timezone-aware.
        default_tz: the user's zone; every returned datetime is in it.

    Returns:
        Intervals sorted by start, end, source and UID, each with the event's SUMMARY,
        its source and its UID.

    Records whose bounds (:meth:`CalendarRecord.may_overlap`) keep them off the window
    are not expanded. A stored event that cannot be expanded (a file imported before a
    check existed) is dropped with a warning logged naming its source and UID; the other
    events of its source still count.

    Raises:
        ValueError: when ``start`` or ``end`` is naive.
    """
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
    if end <= start:
        return []
    by_source: dict[str, list[CalendarRecord]] = {}
    for record in records:
        if record.may_overlap(start, end):  # its bounds keep two days to spare
            by_source.setdefault(record.source, []).append(record)
    low = start.astimezone(default_tz) - _MARGIN
    high = end.astimezone(default_tz) + _MARGIN
    zones: dict[str, ZoneInfo] = {}
    busy: list[BusyInterval] = []
    for source, group in by_source.items():
        plain = [r for r in group if not _DENSE.search(r.payload)]
        found = [
            _interval(occurrence, source, default_tz, zones)
            for occurrence in _occurrences(source, plain, low, high)
        ]
        for record in group:
            if _DENSE.search(record.payload):
                found.extend(_dense(record, source, low, high, default_tz, zones))
        busy.extend(i for i in found if i is not None and _overlaps(i, start, end))
    busy.sort(key=lambda b: (b.start, b.end, b.source, b.uid, b.summary))
    return busy


def _occurrences(
    source: str, records: list[CalendarRecord], low: datetime, high: datetime
) -> list[Component]:
    """Expand one source's records; when that fails, each alone, dropping the culprits."""
    try:
        return _expand(records, low, high)
    # Stored text of untrusted origin: the expander may fail in many ways.
    except Exception:
        found: list[Component] = []
        for record in records:
            try:
                found.extend(_expand([record], low, high))
            except Exception as single:
                _drop(source, record, single)
        return found


def _drop(source: str, record: CalendarRecord, exc: Exception) -> None:
    """Log that a stored event is left out of the busy time."""
    _LOG.warning(
        "%s: stored event %r cannot be expanded (%s) and is left out of the busy time; "
        "import its calendar again",
        source,
        record.uid,
        _reason(exc),
    )


def _dense(
    record: CalendarRecord,
    source: str,
    low: datetime,
    high: datetime,
    default_tz: ZoneInfo,
    zones: dict[str, ZoneInfo],
) -> list[BusyInterval]:
    """A sub-minute series: expanded an hour at a time up to :data:`DENSE_CAP`, merged.

    A series that started long before the window is first moved forward to its last
    occurrence before the window (:func:`_skip_ahead`), so each hour's query does not walk
    every occurrence since DTSTART.
    """
    try:
        calendar = Calendar.from_ical(_calendar_text([record]))
        for event in calendar.walk("VEVENT"):
            if isinstance(event, Event) and "RECURRENCE-ID" not in event:
                _skip_ahead(event, low - _MARGIN)
        query = recurring_ical_events.of(calendar)
        first = min(
            _aware(e.start, default_tz, default_tz)
            for e in calendar.walk("VEVENT")
            if isinstance(e, Event)
        )
    # Stored text of untrusted origin: the parser may fail in many ways.
    except Exception as exc:
        _drop(source, record, exc)
        return []
    merged: list[BusyInterval] = []
    count = 0
    chunk = max(low, first - _MARGIN)
    while chunk < high and count < DENSE_CAP:
        for occurrence in query.between(chunk, chunk + _DENSE_CHUNK):
            interval = _interval(occurrence, source, default_tz, zones)
            if interval is None or count >= DENSE_CAP or not chunk <= interval.start:
                continue
            count += 1
            if merged and merged[-1].end >= interval.start:
                last = merged[-1]
                merged[-1] = BusyInterval(
                    last.start, max(last.end, interval.end), last.summary, source, last.uid
                )
            else:
                merged.append(interval)
        chunk += _DENSE_CHUNK
    return merged


_SKIPPED = frozenset({"FREQ", "INTERVAL", "UNTIL", "WKST"})
"""Rule parts under which a dense series steps evenly: moved ahead by arithmetic."""


def _skip_ahead(event: Event, low: datetime) -> None:
    """Move a dense series' DTSTART (and DTEND) to its last occurrence at or before ``low``.

    Only for one RRULE of FREQ=SECONDLY or MINUTELY without COUNT (COUNT counts from
    DTSTART): with no BY* part the occurrences are DTSTART + k x INTERVAL seconds or
    minutes of wall-clock time (§3.3.10), so the step is arithmetic; with BY* parts
    dateutil's ``rrule.before`` finds that occurrence, walking the series once.
    """
    start = event.DTSTART
    rule = event.get("RRULE")
    if not isinstance(start, datetime) or rule is None or isinstance(rule, list):
        return
    freq = str((rule.get("FREQ") or [""])[0]).upper()
    if freq not in DENSE_FREQUENCIES or "COUNT" in rule:
        return
    zone = start.tzinfo
    target = low.astimezone(zone).replace(tzinfo=None) if zone else low.replace(tzinfo=None)
    wall = start.replace(tzinfo=None)
    if target <= wall:
        return
    if set(rule) <= _SKIPPED:
        step = timedelta(seconds=int((rule.get("INTERVAL") or [1])[0])) * (
            60 if freq == "MINUTELY" else 1
        )
        delta = step * ((target - wall) // step)
    else:
        series = rrulestr(rule.to_ical().decode("utf-8"), dtstart=wall)
        last = series.before(target, inc=True)
        if last is None:
            return
        delta = last - wall
    end = event.DTEND if "DTEND" in event else None
    event.pop("DTSTART")
    event.add("DTSTART", (wall + delta).replace(tzinfo=zone))
    if isinstance(end, datetime):
        event.pop("DTEND")
        event.add("DTEND", (end.replace(tzinfo=None) + delta).replace(tzinfo=end.tzinfo))


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"{exc} is missing"
    return str(exc) or type(exc).__name__


def _expand(records: list[CalendarRecord], low: datetime, high: datetime) -> list[Component]:
    calendar = Calendar.from_ical(_calendar_text(records))
    for event in calendar.walk("VEVENT"):
        problem = rule_problem(event) if isinstance(event, Event) else None
        if problem is not None:  # INTERVAL=0 would never end
            raise ValueError(problem)
        _normalise_span(event)
    occurrences: list[Component] = list(recurring_ical_events.of(calendar).between(low, high))
    return occurrences


def _calendar_text(records: list[CalendarRecord]) -> str:
    """One VCALENDAR holding the records, each VTIMEZONE once (§3.4, §3.6.5)."""
    zones: dict[str, None] = {}
    for record in records:
        blocks = _VTIMEZONE.findall(record.timezones)
        if not blocks and record.timezones.strip():
            blocks = [record.timezones]
        for block in blocks:
            zones.setdefault(block if block.endswith("\n") else block + "\r\n", None)
    payloads = (r.payload if r.payload.endswith("\n") else r.payload + "\r\n" for r in records)
    return _HEADER + "".join(zones) + "".join(payloads) + _FOOTER


def _normalise_span(event: Component) -> None:
    """Make the event's length never negative before it is expanded (§3.6.1).

    recurring-ical-events swaps an end before the start, which would put busy time
    before the event. A negative DURATION becomes zero; a DTEND before a DTSTART
    date-time becomes DTSTART; a DTEND date not after a DTSTART date is dropped, so the
    event lasts the one day §3.6.1 gives an all-day event without DTEND. A timed event
    gets its exact length (``X-CRENEAU-EXACT-SECONDS``), kept by every occurrence.
    """
    if not isinstance(event, Event) or event.DTSTART is None:
        return
    start = event.DTSTART
    duration = event.DURATION
    if duration is not None:
        if duration < timedelta(0):
            event.DURATION = timedelta(0)
        elif isinstance(start, datetime) and duration.days == 0:
            event.add(_EXACT, str(int(duration.total_seconds())))
        return
    end = event.DTEND
    if end is None:
        return
    if not isinstance(start, datetime) and not isinstance(end, datetime):
        if end <= start:
            event.pop("DTEND", None)
    elif isinstance(start, datetime) and isinstance(end, datetime):
        try:
            backwards = end < start
        except TypeError:  # floating against zoned: leave it to the expander
            return
        if backwards:
            event["DTEND"] = event["DTSTART"]
        elif start.tzinfo is not None and end.tzinfo is not None:
            exact = end.astimezone(UTC) - start.astimezone(UTC)
            event.add(_EXACT, str(int(exact.total_seconds())))


def _interval(
    occurrence: Component, source: str, default_tz: ZoneInfo, zones: dict[str, ZoneInfo]
) -> BusyInterval | None:
    """The busy interval of one occurrence, or None when it does not take up time."""
    if not isinstance(occurrence, Event):
        return None
    if str(occurrence.get("TRANSP", "")).strip().upper() == TRANSPARENT:
        return None
    if str(occurrence.get("STATUS", "")).strip().upper() == CANCELLED:
        return None
    if str(occurrence.get(BUSY_STATUS, "")).strip().upper() == FREE:
        return None
    floating = default_tz
    zone_name = str(occurrence.get(FLOATING_TZ, "")).strip()
    if zone_name:
        if zone_name not in zones:
            zones[zone_name] = load_zone(zone_name) or default_tz
        floating = zones[zone_name]
    start, end = _span(occurrence, default_tz, floating)
    return BusyInterval(
        start=start,
        end=end,
        summary=str(occurrence.get("SUMMARY", "")),
        source=source,
        uid=str(occurrence.get("UID", "")),
        location=" ".join(str(occurrence.get("LOCATION", "")).split()),
    )


def _span(occurrence: Event, default_tz: ZoneInfo, floating: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end of one occurrence, aware, in ``default_tz``, end never before start.

    A timed occurrence keeps its exact length (§3.3.6, §3.8.5.3), noted by
    :func:`_normalise_span`: an exact DURATION, or the exact time from DTSTART to DTEND of
    the first instance, is added in UTC, also to a start moved out of a daylight-saving gap
    by :func:`_aware`.
    """
    raw_start, raw_end = occurrence.start, occurrence.end
    start = _aware(raw_start, default_tz, floating)
    end = _aware(raw_end, default_tz, floating)
    exact = str(occurrence.get(_EXACT, "")).strip()
    if isinstance(raw_start, datetime) and exact.isdigit():
        end = (start.astimezone(UTC) + timedelta(seconds=int(exact))).astimezone(default_tz)
    # compared as instants: one zone's times compare by wall clock, fold ignored (PEP 495)
    return start, end if end.astimezone(UTC) > start.astimezone(UTC) else start


def _aware(value: _Time, default_tz: ZoneInfo, floating: ZoneInfo) -> datetime:
    """An aware datetime in ``default_tz`` for a DATE (local midnight) or DATE-TIME.

    Goes through UTC, so that a local time skipped by a daylight-saving change (read with
    the offset before it, PEP 495 ``fold=0``, as RFC 5545 §3.3.5 says) comes out as the
    valid time it denotes.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=floating)
        return value.astimezone(UTC).astimezone(default_tz)
    return datetime.combine(value, time(0), tzinfo=default_tz)


def _overlaps(interval: BusyInterval, start: datetime, end: datetime) -> bool:
    if interval.start == interval.end:
        return start <= interval.start < end
    return interval.start < end and interval.end > start
