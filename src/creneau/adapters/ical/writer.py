"""Writer of the iCalendar adapter: the plan as an RFC 5545 document.

The one field map from :class:`~creneau.services.ports.PublishedCalendar` to properties:
each block is a VEVENT (UID, DTSTAMP, SEQUENCE, DTSTART/DTEND with the user's TZID,
SUMMARY, CATEGORIES, DESCRIPTION, TRANSP:OPAQUE, RFC 5545 §3.6.1), each open job a VTODO
(UID, DTSTAMP, SEQUENCE, DUE, PERCENT-COMPLETE, PRIORITY, STATUS, §3.6.2), and the zone a
VTIMEZONE generated from tzdata for the years the plan spans (§3.6.5), so that calendar
apps keep the local wall-clock times across daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone, Todo

from creneau.adapters.files import write_atomically
from creneau.services.ports import PublishedCalendar, PublishedEvent, PublishedTodo

PRODID = "-//Creneau//plan//FR"
"""PRODID of every document written (§3.7.3)."""


class ICalendarPlanWriter:
    """Renders the plan as iCalendar (implements :class:`~creneau.services.ports.PlanWriter`).

    >>> from zoneinfo import ZoneInfo
    >>> paris = ZoneInfo("Europe/Paris")
    >>> block = PublishedEvent(
    ...     "j1-20261201-1@creneau", datetime(2026, 12, 1, 9, tzinfo=paris),
    ...     datetime(2026, 12, 1, 10, tzinfo=paris), "Client — Job", "Client", "", 0)
    >>> plan = PublishedCalendar(
    ...     "Créneau", paris, datetime(2026, 11, 30, 8, tzinfo=paris), (block,), ())
    >>> text = ICalendarPlanWriter().render(plan).decode()
    >>> "DTSTART;TZID=Europe/Paris:20261201T090000" in text
    True
    """

    def render(self, calendar: PublishedCalendar) -> bytes:
        """The whole calendar: VTIMEZONE, then the VEVENTs, then the VTODOs.

        Args:
            calendar: what to write; its datetimes are aware.

        Returns:
            UTF-8 bytes with CRLF line ends, lines folded at 75 octets (§3.1).
        """
        document = _calendar(calendar)
        for event in calendar.events:
            document.add_component(event_component(event, calendar))
        for todo in calendar.todos:
            document.add_component(_todo(todo, calendar))
        return bytes(document.to_ical())

    def write(self, path: str, calendar: PublishedCalendar) -> None:
        """Write the rendered calendar to ``path`` at once.

        Raises:
            InputError: naming the file and ``plan.ics`` when it cannot be written.
        """
        write_atomically(path, self.render(calendar), "FILE")

    def render_event(self, event: PublishedEvent, calendar: PublishedCalendar) -> bytes:
        """One event in a VCALENDAR of its own with the VTIMEZONE (a CalDAV resource,
        RFC 4791 §4.1)."""
        document = _calendar(calendar, name=False)
        document.add_component(event_component(event, calendar))
        return bytes(document.to_ical())


def _calendar(calendar: PublishedCalendar, *, name: bool = True) -> Calendar:
    document = Calendar()
    document.add("PRODID", PRODID)
    document.add("VERSION", "2.0")
    document.add("CALSCALE", "GREGORIAN")
    if name:
        document.add("METHOD", "PUBLISH")
        document.add("X-WR-CALNAME", calendar.name)
        document.add("X-WR-TIMEZONE", calendar.timezone.key)
    moments = [e.start for e in calendar.events] + [t.due for t in calendar.todos]
    first = min((m.date() for m in moments), default=calendar.stamp.date())
    last = max((m.date() for m in moments), default=calendar.stamp.date())
    document.add_component(
        Timezone.from_tzinfo(
            calendar.timezone,
            first_date=date(first.year, 1, 1),
            last_date=date(last.year, 12, 31) + timedelta(days=1),
        )
    )
    return document


def event_component(event: PublishedEvent, calendar: PublishedCalendar) -> Event:
    """The VEVENT of one block, times in the calendar's zone (§3.3.5 form #3)."""
    component = Event()
    _identify(component, event, calendar)
    component.add("DTSTART", _local(event.start, calendar))
    component.add("DTEND", _local(event.end, calendar))
    component.add("TRANSP", "OPAQUE")
    return component


def _todo(todo: PublishedTodo, calendar: PublishedCalendar) -> Todo:
    component = Todo()
    _identify(component, todo, calendar)
    component.add("DUE", _local(todo.due, calendar))
    component.add("PERCENT-COMPLETE", todo.percent)
    component.add("PRIORITY", todo.priority)
    component.add("STATUS", todo.status)
    return component


def _identify(
    component: Event | Todo, item: PublishedEvent | PublishedTodo, calendar: PublishedCalendar
) -> None:
    """The properties events and to-dos share: UID, DTSTAMP (UTC), SEQUENCE, SUMMARY,
    CATEGORIES and DESCRIPTION (§3.8.4.7, §3.8.7.2, §3.8.7.4, §3.8.1)."""
    component.add("UID", item.uid)
    component.add("DTSTAMP", calendar.stamp.astimezone(UTC))
    component.add("SEQUENCE", item.sequence)
    component.add("SUMMARY", item.summary)
    component.add("CATEGORIES", [item.category])
    if item.description:
        component.add("DESCRIPTION", item.description)


def _local(moment: datetime, calendar: PublishedCalendar) -> datetime:
    return moment.astimezone(UTC).astimezone(calendar.timezone)
