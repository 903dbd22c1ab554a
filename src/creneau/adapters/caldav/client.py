"""CalDAV client of the sync (implements :class:`~creneau.services.ports.CalendarServer`).

The only module that imports the ``caldav`` library. Busy calendars are read whole (every
event resource, RFC 4791 §5.3.1) and handed back as iCalendar text, so that the same
per-event reader as for ``.ics`` files stores them. The plan calendar gets one resource
per block (RFC 4791 §4.1: one UID per resource), rendered by
:class:`~creneau.adapters.ical.writer.ICalendarPlanWriter`; an event is rewritten only when
its start, end, summary or description changed, and only events whose UID carries the
plan's own suffix are ever updated or deleted. Errors become
:class:`~creneau.domain.errors.InputError` naming the setting to check; the password is
never part of a message.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from caldav.davclient import DAVClient
from caldav.lib import error as dav_error

from creneau.adapters.ical.writer import ICalendarPlanWriter, event_component
from creneau.domain.errors import CreneauError, InputError
from creneau.services.ports import CalDavAccount, PublishedCalendar, SyncCounts

EMPTY_CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Creneau//sync//FR\r\nEND:VCALENDAR\r\n"
)
"""What an empty busy calendar reads as."""


class CalDavServer:
    """Talks to one CalDAV server per call; stateless between calls."""

    def read_calendars(self, account: CalDavAccount, names: Sequence[str]) -> dict[str, bytes]:
        """Every event of each calendar named ``names`` (display names).

        Args:
            account: the server and login.
            names: display names of the calendars to read.

        Returns:
            Per name, its event resources joined (several VCALENDARs, read one by one
            by the iCalendar reader), or an empty VCALENDAR.

        Raises:
            InputError: field ``caldav.busy_calendars`` for a name the server does not
                have; field ``caldav.url`` when the server cannot be reached or refuses.
        """
        result: dict[str, bytes] = {}
        with _talking(account):
            calendars = _calendars(_principal(account))
            for name in names:
                calendar = calendars.get(name)
                if calendar is None:
                    known = ", ".join(sorted(calendars)) or "none"
                    raise InputError(
                        f"no calendar named {name!r} on the server (it has: {known})",
                        field="caldav.busy_calendars",
                        value=name,
                    )
                texts = [_text(resource.data) for resource in calendar.events()]
                result[name] = b"".join(texts) or EMPTY_CALENDAR
        return result

    def publish(
        self, account: CalDavAccount, calendar_name: str, plan: PublishedCalendar, own: str
    ) -> SyncCounts:
        """Make the calendar ``calendar_name`` hold exactly the plan's events.

        Args:
            account: the server and login.
            calendar_name: display name of the plan calendar (created when missing).
            plan: the plan, one event per block.
            own: the UID suffix of the events sync may touch (``@creneau``).

        Returns:
            How many events were created, updated, deleted and kept.

        Raises:
            InputError: field ``caldav.url`` when the server cannot be reached or refuses.
        """
        writer = ICalendarPlanWriter()
        wanted = {event.uid: event for event in plan.events}
        created = updated = deleted = kept = 0
        with _talking(account):
            principal = _principal(account)
            calendar = _calendars(principal).get(calendar_name)
            if calendar is None:
                calendar = principal.make_calendar(
                    name=calendar_name, supported_calendar_component_set=["VEVENT"]
                )
            for resource in calendar.events():
                component = resource.icalendar_component
                uid = str(component.get("UID", ""))
                if not uid.endswith(own):
                    continue  # not ours: never touched
                event = wanted.pop(uid, None)
                if event is None:
                    resource.delete()
                    deleted += 1
                elif _fingerprint(component) == _fingerprint(event_component(event, plan)):
                    kept += 1
                else:
                    resource.data = writer.render_event(event, plan).decode("utf-8")
                    resource.save()
                    updated += 1
            for event in wanted.values():
                calendar.add_event(writer.render_event(event, plan).decode("utf-8"))
                created += 1
        return SyncCounts(created, updated, deleted, kept)


def _principal(account: CalDavAccount) -> Any:
    client = DAVClient(url=account.url, username=account.user, password=account.password)
    return client.principal()


def _calendars(principal: Any) -> dict[str, Any]:
    """The principal's calendars by display name (the last segment of the URL when none)."""
    found: dict[str, Any] = {}
    for calendar in principal.calendars():
        name = calendar.get_display_name() or str(calendar.url).rstrip("/").rsplit("/", 1)[-1]
        found.setdefault(str(name), calendar)
    return found


def _fingerprint(component: Any) -> tuple[object, ...]:
    """What makes two copies of a block's event the same: its instants and its words."""
    return (
        _instant(component.get("DTSTART")),
        _instant(component.get("DTEND")),
        str(component.get("SUMMARY", "")),
        str(component.get("DESCRIPTION", "")),
    )


def _instant(prop: Any) -> object:
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def _text(data: str | bytes) -> bytes:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return raw if raw.endswith(b"\n") else raw + b"\r\n"


def _public(url: str) -> str:
    """The URL without any user or password written in it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@contextmanager
def _talking(account: CalDavAccount) -> Iterator[None]:
    """Turn what the server or the network says into an InputError naming the setting."""
    try:
        yield
    except CreneauError:
        raise
    except dav_error.AuthorizationError as exc:
        raise InputError(
            f"the CalDAV server {_public(account.url)} refused the login of "
            f"{account.user!r}: check caldav.user and caldav.password",
            field="caldav.password",
        ) from exc
    # Anything else from the network or the server (connection refused, DNS, TLS, a
    # WebDAV error): one message, never the password, never a traceback.
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"[:200]
        if account.password:
            reason = reason.replace(account.password, "********")
        raise InputError(
            f"cannot talk to the CalDAV server {_public(account.url)} ({reason})",
            field="caldav.url",
        ) from exc
