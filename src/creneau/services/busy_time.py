"""Her busy time as imported, for any window: what blocks her time, and why.

Events are stored as imported (one record per UID); their recurrences are expanded on
demand by the calendar codec, so any window, past or future, can be asked for.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from creneau.domain.errors import InputError
from creneau.domain.models import BusyInterval
from creneau.services.context import ServiceContext


def busy_on_days(ctx: ServiceContext, first: date, last: date) -> list[BusyInterval]:
    """Busy intervals overlapping the days ``first`` to ``last`` (both included).

    Args:
        ctx: the service context.
        first, last: local dates in the user's zone; the window runs from midnight of
            ``first`` to midnight after ``last``.

    Returns:
        Intervals sorted by start, times in the user's zone (opaque, not cancelled
        occurrences; see :meth:`~creneau.services.ports.CalendarCodec.busy_between`).

    Raises:
        InputError: ``--to`` before ``--from``, or a stored event that cannot be expanded.
    """
    if last < first:
        raise InputError(
            f"{last.isoformat()} is before {first.isoformat()}", field="--to", value=str(last)
        )
    tz = ctx.settings().tz
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        records = uow.calendar.list()
    start = datetime.combine(first, time(0), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    return ctx.calendar.busy_between(records, start, end, tz)


def busy_to_json(busy: list[BusyInterval]) -> list[dict[str, Any]]:
    """The ``busy --json`` schema: ``[{"start", "end", "summary", "source"}]``, ISO 8601
    date-times with their UTC offset."""
    return [
        {
            "start": b.start.isoformat(),
            "end": b.end.isoformat(),
            "summary": b.summary,
            "source": b.source,
        }
        for b in busy
    ]
