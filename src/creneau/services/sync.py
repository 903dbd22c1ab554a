"""CalDAV sync: read her busy time from her calendars, then write the plan into its own.

One ``sync`` does, in order: read every event of the calendars named in
``caldav.busy_calendars`` and store them as an import does (source ``caldav:<name>``,
events by UID, those gone from the server forgotten; each event read on its own, a broken
one skipped with a warning); replan with that busy time; make the calendar
``caldav.plan_calendar`` hold exactly the plan's blocks, updating the blocks that moved
and deleting those gone, and never touching an event that is not Créneau's (its UID does
not end with ``@creneau``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from creneau.domain.errors import CreneauError, InputError
from creneau.services.context import ServiceContext
from creneau.services.importing import ImportReport, import_calendar
from creneau.services.ports import CalDavAccount, SyncCounts
from creneau.services.publishing import UID_DOMAIN, published_plan

SOURCE_PREFIX = "caldav:"
"""Source name of the events read from a CalDAV calendar: ``caldav:<calendar name>``."""


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did.

    Args:
        busy: one import report per busy calendar read (with its warnings).
        written: what changed in the plan calendar.
    """

    busy: tuple[ImportReport, ...]
    written: SyncCounts


def caldav_account(ctx: ServiceContext) -> CalDavAccount:
    """The CalDAV server and login, from the ``caldav.*`` settings (or the environment:
    ``CRENEAU_CALDAV_PASSWORD``...).

    Raises:
        InputError: naming the missing setting (``caldav.url``, or ``caldav.password``
            when ``caldav.user`` is set).
    """
    settings = ctx.settings()
    values = settings.values
    if not values["caldav.url"]:
        raise InputError(
            "set it first to sync: creneau settings set caldav.url https://…", field="caldav.url"
        )
    password = ctx.secret("caldav.password", settings)
    if values["caldav.user"] and not password:
        raise InputError(
            "caldav.user is set but not its password: the environment variable "
            "CRENEAU_CALDAV_PASSWORD, or creneau settings set caldav.password VALUE",
            field="caldav.password",
        )
    return CalDavAccount(values["caldav.url"], values["caldav.user"], password)


def sync(ctx: ServiceContext, now: datetime) -> SyncReport:
    """Read busy time from her CalDAV calendars, replan, and write the plan back.

    Args:
        ctx: the service context (its ``calendar_server`` talks to the server).
        now: aware datetime ("now", possibly given by ``--now``).

    Returns:
        The busy calendars' import reports and the changes written.

    Raises:
        InputError: a missing setting, the plan calendar also listed as busy, an unknown
            calendar, a server that cannot be reached or refuses the login.
    """
    if ctx.calendar_server is None:
        raise CreneauError("no CalDAV client here")
    values = ctx.settings().values
    account = caldav_account(ctx)
    plan_name: str = values["caldav.plan_calendar"]
    busy_names: tuple[str, ...] = values["caldav.busy_calendars"]
    if plan_name in busy_names:
        raise InputError(
            f"{plan_name!r} is the plan calendar: its blocks are not busy time",
            field="caldav.busy_calendars",
            value=plan_name,
        )
    texts = ctx.calendar_server.read_calendars(account, busy_names)
    busy = tuple(import_calendar(ctx, texts[name], f"{SOURCE_PREFIX}{name}") for name in busy_names)
    plan = published_plan(ctx, now)
    written = ctx.calendar_server.publish(account, plan_name, plan, f"@{UID_DOMAIN}")
    return SyncReport(busy, written)
