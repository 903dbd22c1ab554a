"""Reader of the iCalendar adapter: components cut by :mod:`.text` into calendar records.

Each VEVENT is parsed on its own with icalendar, checked, and kept verbatim (serialized
with ``to_ical()``) in a :class:`~creneau.domain.models.CalendarRecord` per UID: the
master and its ``RECURRENCE-ID`` overrides together (RFC 5545 §3.8.4.4), with the
VTIMEZONEs they refer to (§3.6.5). Times are not resolved here: expansion does that, in
the user's zone of the day (:mod:`.busy`).

Floating times (§3.3.5, form #1) of a calendar that has ``X-WR-TIMEZONE`` belong to that
zone. The reader records it by adding the property
:data:`~creneau.adapters.ical.fields.FLOATING_TZ` (``X-CRENEAU-FLOATING-TZ``) to every
VEVENT it stores from that calendar, so each record carries it on its own.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone

from creneau.adapters.ical.fields import CALENDAR_TZ, FLOATING_TZ, TZID_PROPERTIES
from creneau.adapters.ical.repairs import (
    Note,
    dense_notes,
    event_problem,
    gap_notes,
    repair_until,
    zone_notes,
)
from creneau.adapters.ical.text import CalendarText, ComponentText
from creneau.domain.errors import InputError
from creneau.domain.models import CalendarRecord
from creneau.services.ports import ParsedCalendar

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SPARE = timedelta(days=2)
"""Kept on each side of a record's bounds: floating and all-day times (§3.3.5 form #1,
§3.3.4) are instants only in her zone, at most 14 hours from UTC; two days, as the
expansion's own margin."""
_OWN_PROPERTY = "X-CRENEAU-"
_TZID_PARAMETER = re.compile(r';TZID=(?:"([^"]*)"|([^;:"]*))', re.IGNORECASE)


def load_zone(name: str) -> ZoneInfo | None:
    """The IANA time zone called ``name``, or None when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A VEVENT that parsed and passed the checks, before duplicates are weeded out.

    Args:
        uid: its UID (or the synthetic one it was given).
        recurrence_id: its RECURRENCE-ID as text with its TZID, None for a master.
        sequence: its SEQUENCE (§3.8.7.4), 0 when absent.
        stamp: its DTSTAMP in UTC (§3.8.7.2), the epoch when absent.
        order: its position in the file.
        line: the physical line of its ``BEGIN:VEVENT``.
        payload: the component serialized by icalendar.
        tzids: the TZIDs it refers to.
        earliest, latest: UTC bounds of its occurrences, two days to spare on each side;
            None when unbounded (see :func:`_bounds`).
    """

    uid: str
    recurrence_id: str | None
    sequence: int
    stamp: datetime
    order: int
    line: int
    payload: str
    tzids: frozenset[str]
    earliest: datetime | None
    latest: datetime | None

    @property
    def rank(self) -> tuple[int, datetime, int]:
        """Which copy of a duplicated event wins: highest SEQUENCE, then DTSTAMP, then last."""
        return (self.sequence, self.stamp, self.order)


def read_calendars(calendars: list[CalendarText], source: str) -> ParsedCalendar:
    """Turn the VCALENDARs of one file into one record per UID.

    VEVENTs that cannot be used are skipped with a warning (structure broken, a property
    icalendar could not read, no DTSTART, DTEND and DURATION together, a date outside
    1970-2200, an RRULE out of range or that cannot be expanded...); an event
    without UID gets a synthetic one; of two copies of the same event (same UID and
    RECURRENCE-ID) the one with the highest SEQUENCE is kept (§3.8.7.4). VTODO, VJOURNAL
    and other components are ignored: they never make anyone busy.

    Args:
        calendars: the file cut by :func:`~creneau.adapters.ical.text.split_calendars`.
        source: the file or calendar name, stored in each record and each warning.

    Returns:
        The records in the order their UIDs first appear, and the warnings, each an
        :class:`InputError` with ``file=source``, the line of the ``BEGIN:VEVENT`` (or
        ``BEGIN:VTIMEZONE``) and the UID in its message.
    """
    reader = _Reader(source)
    for calendar in calendars:
        reader.read(calendar)
    return reader.result()


class _Reader:
    """Accumulates candidates and warnings over the calendars of one file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.timezones: dict[str, str] = {}  # TZID -> serialized VTIMEZONE, file order
        self.candidates: list[_Candidate] = []
        self.warnings: list[InputError] = []

    def read(self, calendar: CalendarText) -> None:
        """Read one VCALENDAR: its time zones first (they may come after the events)."""
        floating = self._floating_zone(calendar)
        for component in calendar.components:
            if component.name == "VTIMEZONE":
                self._read_timezone(component)
        for component in calendar.components:
            if component.name == "VEVENT":
                self._read_event(component, floating)

    def result(self) -> ParsedCalendar:
        """Weed out duplicates and group the survivors by UID."""
        groups: dict[str, dict[str | None, _Candidate]] = {}
        for candidate in self.candidates:
            group = groups.setdefault(candidate.uid, {})
            other = group.get(candidate.recurrence_id)
            if other is None:
                group[candidate.recurrence_id] = candidate
                continue
            winner, loser = (
                (candidate, other) if candidate.rank > other.rank else (other, candidate)
            )
            group[candidate.recurrence_id] = winner
            self._warn_duplicate(winner, loser)
        for uid, group in groups.items():
            if None not in group:
                first = min(group.values(), key=lambda c: c.line)
                self._warn(
                    f"event {uid!r}: occurrence(s) changed by RECURRENCE-ID without their "
                    "series in the file: each is kept as a single event (RFC 5545 §3.8.4.4)",
                    first.line,
                    "RECURRENCE-ID",
                )
        records = [self._record(uid, list(group.values())) for uid, group in groups.items()]
        return ParsedCalendar(records, self.warnings)

    def _record(self, uid: str, group: list[_Candidate]) -> CalendarRecord:
        group.sort(key=lambda c: (c.recurrence_id is not None, c.order))
        needed = frozenset().union(*(c.tzids for c in group))
        timezones = "".join(text for tzid, text in self.timezones.items() if tzid in needed)
        payload = "".join(c.payload for c in group)
        earliest, latest = _union([(c.earliest, c.latest) for c in group])
        return CalendarRecord(self.source, uid, payload, timezones, earliest, latest)

    def _floating_zone(self, calendar: CalendarText) -> str | None:
        for line in calendar.properties:
            if line.name == CALENDAR_TZ:
                name = line.value.strip()
                if load_zone(name) is not None:
                    return name
                self.warnings.append(
                    InputError(
                        f"unknown time zone {name!r}: floating times will be read in your "
                        "own time zone",
                        file=self.source,
                        line=line.number,
                        field=CALENDAR_TZ,
                        value=name,
                    )
                )
                return None
        return None

    def _read_timezone(self, component: ComponentText) -> None:
        """Keep a VTIMEZONE (§3.6.5); icalendar caches it for the events' TZIDs."""
        tzid = component.property_value("TZID")
        problem = component.problem
        if problem is None:
            try:
                timezone = Timezone.from_ical(component.to_ical())
            # Untrusted input: icalendar may fail in many ways; one time zone must not
            # cost the file.
            except Exception as exc:
                problem = str(exc)
            else:
                tzid = str(timezone.get("TZID", "")).strip()
                if not tzid:
                    problem = "it has no TZID"
                else:
                    self.timezones.setdefault(tzid, timezone.to_ical().decode("utf-8"))
                    if not timezone.subcomponents:
                        self._warn(
                            f"time zone {tzid!r} has no STANDARD or DAYLIGHT rules "
                            "(RFC 5545 §3.6.5): the zone of that name is taken from tzdata",
                            component.line,
                            "VTIMEZONE",
                        )
        if problem is not None:
            self.warnings.append(
                InputError(
                    f"time zone {tzid!r} skipped: {problem}",
                    file=self.source,
                    line=component.line,
                    field="VTIMEZONE",
                )
            )

    def _read_event(self, component: ComponentText, floating: str | None) -> None:
        """Check one VEVENT (§3.6.1) and keep it as a candidate, or warn and skip it.

        Any failure while checking, repairing or serializing the event skips that event
        alone, with a warning naming its line and UID: never a traceback, never the file.
        """
        raw_uid = component.property_value("UID")
        label = f"event {raw_uid!r}" if raw_uid else "event without UID"
        if component.problem is not None:
            self._warn(f"{label} skipped: {component.problem}", component.line)
            return
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                event = Event.from_ical(component.to_ical())
        # Untrusted input: icalendar may fail in many ways (a VALARM with a bad TRIGGER
        # raises); one event must not cost the others.
        except Exception as exc:
            self._warn(f"{label} skipped: {exc}", component.line)
            return
        if not isinstance(event, Event):  # pragma: no cover - the text says BEGIN:VEVENT
            self._warn(f"{label} skipped: not a VEVENT", component.line)
            return
        try:
            self._keep(event, component, label, floating, caught)
        # Untrusted input: a check, a repair or the serialization may still fail on dates
        # or rules nobody foresaw (OverflowError near year 9999...); it costs this event.
        except Exception as exc:
            reason = str(exc) or type(exc).__name__
            self._warn(f"{label} skipped: {reason}", component.line)

    def _keep(
        self,
        event: Event,
        component: ComponentText,
        label: str,
        floating: str | None,
        caught: list[warnings.WarningMessage],
    ) -> None:
        """Check, repair and keep one parsed VEVENT, or warn and skip it."""
        broken = _broken(event) or event_problem(event)
        if broken is not None:
            field, reason = broken
            self._warn(f"{label} skipped: {reason}", component.line, field or None)
            return
        self._check_zones(event, label, component.line)
        self._check_length(event, label, component.line)
        repaired = repair_until(event)
        notes: list[Note] = [
            *zone_notes(event, set(self.timezones)),
            *repaired,
            *gap_notes(event),
            *dense_notes(event),
        ]
        for field, message in notes:
            self._warn(f"{label}: {message}", component.line, field)
        for warning in caught:  # what icalendar noticed itself (zone guesses are notes)
            if warning.category.__name__ != "GloballyUniqueTZIDGuessed":
                self._warn(f"{label}: {warning.message}", component.line)
        uid = str(event.get("UID", "")).strip()
        changed = bool(repaired) or not uid or _OWN_PROPERTY in component.to_ical().upper()
        if not uid:
            uid = _synthetic_uid(event)
            event.pop("UID", None)
            event.add("UID", uid)
            self._warn(
                f"event without UID (RFC 5545 §3.8.4.7 requires one): it was given the UID {uid!r}",
                component.line,
                "UID",
            )
        if changed:  # serialized by icalendar; else kept as read (much faster, same meaning)
            event.pop(FLOATING_TZ, None)
            if floating is not None:
                event.add(FLOATING_TZ, floating)
            payload = event.to_ical().decode("utf-8")
        else:
            payload = _with_floating_zone(component.to_ical(), floating)
        recurrence_id = event.get("RECURRENCE-ID")
        earliest, latest = _bounds(event)
        self.candidates.append(
            _Candidate(
                uid=uid,
                recurrence_id=None if recurrence_id is None else _recurrence_key(recurrence_id),
                sequence=_sequence(event),
                stamp=_stamp(event),
                order=len(self.candidates),
                line=component.line,
                payload=payload,
                tzids=_tzids(payload),
                earliest=earliest,
                latest=latest,
            )
        )

    def _check_length(self, event: Event, label: str, line: int) -> None:
        """Warn when an event ends before it starts (§3.8.2.2, §3.8.2.5): it blocks nothing."""
        start = getattr(event.get("DTSTART"), "dt", None)
        end = getattr(event.get("DTEND"), "dt", None)
        duration = getattr(event.get("DURATION"), "dt", None)
        try:
            backwards = (isinstance(duration, timedelta) and duration < timedelta(0)) or (
                start is not None and end is not None and end < start
            )
        except TypeError:  # a date against a date-time, or naive against aware
            return
        if backwards:
            self._warn(
                f"{label} ends before it starts: it is kept with zero length and blocks nothing",
                line,
                "DURATION" if duration is not None else "DTEND",
            )

    def _check_zones(self, event: Event, label: str, line: int) -> None:
        """Warn when a TZID (§3.2.19) names no zone icalendar knows: its times float."""
        for name in TZID_PROPERTIES:
            prop = event.get(name)
            tzid = getattr(prop, "params", {}).get("TZID")
            value = getattr(prop, "dt", None)
            if tzid and isinstance(value, datetime) and value.tzinfo is None:
                self._warn(
                    f"{label}: time zone {tzid!r} is unknown and has no VTIMEZONE in the "
                    "file; its times are read as floating times",
                    line,
                    name,
                )
                return

    def _warn_duplicate(self, winner: _Candidate, loser: _Candidate) -> None:
        which = f" (occurrence {loser.recurrence_id})" if loser.recurrence_id else ""
        self._warn(
            f"event {loser.uid!r}{which} appears more than once: kept the copy of line "
            f"{winner.line} (SEQUENCE {winner.sequence}), skipped this one "
            f"(SEQUENCE {loser.sequence})",
            loser.line,
            "SEQUENCE",
        )

    def _warn(self, message: str, line: int, field: str | None = None) -> None:
        self.warnings.append(InputError(message, file=self.source, line=line, field=field))


def _broken(event: Event) -> tuple[str, str] | None:
    """Why an event cannot give busy time, as ``(property, reason)``, or None.

    Checks what icalendar noted while parsing (``event.errors``), that DTSTART is there
    (required unless a METHOD is given, RFC 5545 §3.6.1, and needed to place the event),
    and the DTSTART/DTEND/DURATION rules of §3.6.1 via icalendar's typed accessors.
    """
    if event.errors:
        name, message = event.errors[0]
        return name or "", f"{name or 'a line'} cannot be read: {message}"
    if "DTSTART" not in event:
        return "DTSTART", "it has no DTSTART (RFC 5545 §3.6.1)"
    try:
        _ = (event.start, event.end)
    except (ValueError, TypeError, OverflowError) as exc:
        return "", str(exc) or type(exc).__name__
    return None


def _synthetic_uid(event: Event) -> str:
    """A UID derived from the event's content, DTSTAMP left out (it changes on export)."""
    content = b"".join(
        line
        for line in event.to_ical().splitlines(keepends=True)
        if not line.upper().startswith(b"DTSTAMP")
    )
    return "creneau-" + hashlib.sha1(content).hexdigest()[:20]


def _recurrence_key(prop: object) -> str:
    """RECURRENCE-ID (§3.8.4.4) as comparable text: its value and its TZID."""
    value = prop.to_ical() if hasattr(prop, "to_ical") else prop
    text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
    tzid = getattr(prop, "params", {}).get("TZID")
    return f"{text};TZID={tzid}" if tzid else text


def _sequence(event: Event) -> int:
    try:
        return int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def _stamp(event: Event) -> datetime:
    value = getattr(event.get("DTSTAMP"), "dt", None)
    if not isinstance(value, datetime):
        return _EPOCH
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def record_bounds(payload: str, timezones: str = "") -> tuple[datetime | None, datetime | None]:
    """The bounds of a stored record's occurrences (see :func:`_bounds`), for records
    stored before the bounds were (migration 0005); (None, None) when the text cannot be
    read, so that it is expanded every time, as before.

    Args:
        payload: the record's VEVENT components (master and overrides), text.
        timezones: the VTIMEZONE components they refer to, text.
    """
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{timezones}{payload}END:VCALENDAR\r\n"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            events = Calendar.from_ical(text).walk("VEVENT")
            spans = [_bounds(event) for event in events if isinstance(event, Event)]
    # Stored text of untrusted origin: icalendar may fail in many ways.
    except Exception:
        return None, None
    return _union(spans) if spans else (None, None)


def _union(
    spans: list[tuple[datetime | None, datetime | None]],
) -> tuple[datetime | None, datetime | None]:
    """The bounds of a master and its overrides together (a non-empty list): the earliest
    start and the latest end, None (unbounded) as soon as one of them is."""
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    earliest = None if None in starts else min(s for s in starts if s is not None)
    latest = None if None in ends else max(e for e in ends if e is not None)
    return earliest, latest


def _instant(value: date | datetime) -> datetime:
    """A DTSTART/DTEND/UNTIL value as a UTC instant; dates and floating times read as UTC
    (the caller keeps :data:`_SPARE` around them)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _bounds(event: Event) -> tuple[datetime | None, datetime | None]:
    """UTC instants between which every occurrence of ``event`` lies, two days to spare.

    From DTSTART to DTEND, or DTSTART + DURATION, or a day for a date without either
    (§3.6.1); for a series (RRULE, RDATE; §3.8.5), to its one RRULE's UNTIL plus the
    length, else no end (None): a COUNT would need the expansion. An override with a
    RANGE (§3.2.13) moves other occurrences too: no bounds at all. Only used to skip
    records that cannot touch a window, so it errs on the wide side.
    """
    if "RANGE" in getattr(event.get("RECURRENCE-ID"), "params", {}):
        return None, None
    start_value = event.decoded("DTSTART")
    start = _instant(start_value)
    length = timedelta(0)
    end_value = event.get("DTEND")
    duration = getattr(event.get("DURATION"), "dt", None)
    if end_value is not None:
        length = max(_instant(end_value.dt) - start, timedelta(0))
    elif isinstance(duration, timedelta):
        length = max(duration, timedelta(0))
    elif not isinstance(start_value, datetime):
        length = timedelta(days=1)
    last_start = start
    rules = event.get("RRULE")
    if rules is not None or event.get("RDATE") is not None:
        if isinstance(rules, list) or event.get("RDATE") is not None:
            return start - _SPARE, None
        until = rules.get("UNTIL")
        if not until:
            return start - _SPARE, None
        last_start = max(start, _instant(until[0]))
    return start - _SPARE, last_start + length + _SPARE


def _tzids(payload: str) -> frozenset[str]:
    """Every TZID parameter (§3.2.19) used by the event's properties and sub-components."""
    return frozenset(
        match.group(1) or match.group(2) for match in _TZID_PARAMETER.finditer(payload)
    )


def _with_floating_zone(text: str, floating: str | None) -> str:
    """The VEVENT text with :data:`FLOATING_TZ` added before its last ``END`` line."""
    if floating is None:
        return text
    head, _, tail = text.rstrip("\r\n").rpartition("\r\n")
    return f"{head}\r\n{FLOATING_TZ}:{floating}\r\n{tail}\r\n"
