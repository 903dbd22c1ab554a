"""The iCalendar properties the adapter reads and writes, in one place.

Busy time depends on a handful of VEVENT properties (RFC 5545 §3.6.1); this module names
them so the reader and the expander agree. The one property of our own,
:data:`FLOATING_TZ`, carries a calendar's ``X-WR-TIMEZONE`` into each stored event.
"""

from __future__ import annotations

FLOATING_TZ = "X-CRENEAU-FLOATING-TZ"
"""Added by :mod:`~creneau.adapters.ical.reader` to every stored VEVENT of a calendar
that had ``X-WR-TIMEZONE``: the IANA zone of that calendar's floating times (RFC 5545
§3.3.5, form #1). An X-property (§3.8.8.2), so the payload stays a valid VEVENT."""

CALENDAR_TZ = "X-WR-TIMEZONE"
"""The de-facto calendar time zone of Apple and Google exports (not in RFC 5545)."""

TZID_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID")
"""Date-time properties whose TZID parameter (§3.2.19) is checked against known zones."""

TRANSPARENT = "TRANSPARENT"
"""``TRANSP`` value of an event that does not take up time (§3.8.2.7)."""

CANCELLED = "CANCELLED"
"""``STATUS`` value of an event that will not take place (§3.8.1.11)."""

NEVER_NESTED = frozenset({"VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE"})
"""Components that only appear directly inside a VCALENDAR (§3.6): meeting one inside
another component means that component's ``END`` line is missing."""

BUSY_STATUS = "X-MICROSOFT-CDO-BUSYSTATUS"
"""Outlook's free/busy status of an event (MS-OXCICAL §2.1.3.1.1.20.2); ``FREE`` is not
busy, whatever ``TRANSP`` says."""

FREE = "FREE"
"""The ``X-MICROSOFT-CDO-BUSYSTATUS`` value of an event that does not take up time."""

DENSE_FREQUENCIES = frozenset({"SECONDLY", "MINUTELY"})
"""RRULE frequencies (§3.3.10) whose occurrences are expanded with a cap."""
