"""iCalendar adapter (RFC 5545): reads calendar files and expands them into busy time.

The only package that imports icalendar and recurring-ical-events. Its layers:
:mod:`.text` (charset, unfolding, component boundaries), :mod:`.reader` (records per
UID), :mod:`.busy` (expansion) and :mod:`.codec` (:class:`ICalendarCodec`, the port).
"""

from __future__ import annotations

from creneau.adapters.ical.codec import ICalendarCodec

__all__ = ["ICalendarCodec"]
