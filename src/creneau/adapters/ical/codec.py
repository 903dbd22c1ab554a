"""The iCalendar codec: the :class:`~creneau.services.ports.CalendarCodec` the services use.

It strings the adapter's layers together: :mod:`.text` (charset, unfolding, component
boundaries), :mod:`.reader` (one record per UID) and :mod:`.busy` (expansion into busy
time). icalendar and recurring-ical-events stay inside this package.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from creneau.adapters.ical.busy import busy_between
from creneau.adapters.ical.reader import read_calendars
from creneau.adapters.ical.text import content_lines, decode, split_calendars
from creneau.domain.models import BusyInterval, CalendarRecord
from creneau.services.ports import ParsedCalendar


class ICalendarCodec:
    """Reads iCalendar files (RFC 5545) and expands stored events into busy time.

    >>> codec = ICalendarCodec()
    >>> data = (
    ...     b"BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nUID:a@example\\r\\n"
    ...     b"DTSTART:20261201T090000Z\\r\\nDURATION:PT1H\\r\\nSUMMARY:Call\\r\\n"
    ...     b"END:VEVENT\\r\\nEND:VCALENDAR\\r\\n"
    ... )
    >>> parsed = codec.parse(data, "agenda.ics", ZoneInfo("Europe/Paris"))
    >>> [record.uid for record in parsed.records]
    ['a@example']
    >>> paris = ZoneInfo("Europe/Paris")
    >>> busy = codec.busy_between(
    ...     parsed.records, datetime(2026, 12, 1, tzinfo=paris),
    ...     datetime(2026, 12, 2, tzinfo=paris), paris,
    ... )
    >>> [(b.start.isoformat(), b.end.isoformat(), b.summary) for b in busy]
    [('2026-12-01T10:00:00+01:00', '2026-12-01T11:00:00+01:00', 'Call')]
    """

    def parse(self, data: bytes, source: str, default_tz: ZoneInfo) -> ParsedCalendar:
        """Split an iCalendar file into one record per UID.

        Each :class:`~creneau.domain.models.CalendarRecord` holds the VEVENTs of one UID
        (the master and its RECURRENCE-ID overrides, RFC 5545 §3.8.4.4) serialized by
        icalendar, and the VTIMEZONEs they refer to (§3.6.5). Floating times are kept
        floating; a calendar's ``X-WR-TIMEZONE`` is recorded in each of its VEVENTs as
        ``X-CRENEAU-FLOATING-TZ`` (see :mod:`.reader`).

        Args:
            data: the file's bytes (UTF-8 per §3.1.4; Windows-1252 or Latin-1 is read
                with a warning).
            source: the file or calendar name, stored in each record and warning.
            default_tz: the user's zone. Not needed to read: times are placed in a zone
                only by :meth:`busy_between`.

        Returns:
            The records, and warnings (:class:`~creneau.domain.errors.InputError` with
            ``file``, ``line`` and the UID in the message) for each event skipped or
            repaired, sorted by line.

        Raises:
            InputError: naming the file when it is not iCalendar at all.
        """
        text, decoding = decode(data, source)
        calendars, structure = split_calendars(content_lines(text), source)
        parsed = read_calendars(calendars, source)
        warnings = sorted(
            [*decoding, *structure, *parsed.warnings], key=lambda warning: warning.line or 0
        )
        return ParsedCalendar(parsed.records, warnings)

    def busy_between(
        self,
        records: Sequence[CalendarRecord],
        start: datetime,
        end: datetime,
        default_tz: ZoneInfo,
    ) -> list[BusyInterval]:
        """Busy intervals overlapping ``[start, end)``, recurrences expanded, sorted by start.

        See :func:`creneau.adapters.ical.busy.busy_between` for the rules (TRANSP,
        STATUS, floating and all-day times, DURATION).

        Args:
            records: stored events, of any number of sources.
            start, end: the window, timezone-aware.
            default_tz: the user's zone; every returned datetime is in it.

        Returns:
            The busy intervals, sorted by start, with summary, source and UID.

        Raises:
            ValueError: when ``start`` or ``end`` is naive.
            InputError: naming the source and UID of a stored event that cannot be
                expanded.
        """
        return busy_between(records, start, end, default_tz)
