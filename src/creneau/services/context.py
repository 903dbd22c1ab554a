"""What every use case needs: the unit-of-work factory and the adapters, behind ports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from creneau.services.place_ports import InvitationWriter, PlaceAdapters
from creneau.services.ports import (
    CalendarCodec,
    CalendarServer,
    HolidayProvider,
    Mailer,
    PlanWriter,
    SpreadsheetReader,
    TableWriter,
    UnitOfWorkFactory,
)
from creneau.services.privacy_ports import PrivacyAdapters
from creneau.services.safety_ports import DatabaseSafety, SecretStore
from creneau.settings import Settings, load_settings


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """The services' dependencies, wired by :mod:`creneau.bootstrap`.

    Args:
        uow: makes one transaction per use case.
        calendar: reads .ics files and expands stored events into busy time.
        spreadsheets: reads CSV files.
        holidays: makes a public-holiday provider from a country and subdivision.
        setting_overrides: settings given on the command line (win over stored ones).
        mailer: sends e-mail (the morning brief), or None where no mail can be sent.
        tables: writes exported tables (CSV for her accountant), or None where no file
            can be written.
        plan_writer: renders the plan as iCalendar (export, feed), or None.
        calendar_server: a CalDAV client (sync), or None.
        places: geocoders, the offline town lookup, routing and distances, or None
            (no place is then found beyond typed coordinates, and every drive is 0 km).
        invitations: writes meeting invitations (.ics), or None where no file can be
            written.
        safety: backups, restores and whole exports of the database, or None where
            there are none (a database in memory).
        secrets: where passwords and keys are kept (keyring or private file), or None:
            secrets then come from settings and the environment only.
        privacy: rewrites the database file after a client is forgotten and writes
            private files (a client's export), or None where there is no such file.
    """

    uow: UnitOfWorkFactory
    calendar: CalendarCodec
    spreadsheets: SpreadsheetReader
    holidays: Callable[[str, str | None], HolidayProvider]
    setting_overrides: dict[str, str] | None = None
    mailer: Mailer | None = None
    tables: TableWriter | None = None
    plan_writer: PlanWriter | None = None
    calendar_server: CalendarServer | None = None
    places: PlaceAdapters | None = None
    invitations: InvitationWriter | None = None
    safety: DatabaseSafety | None = None
    secrets: SecretStore | None = None
    privacy: PrivacyAdapters | None = None

    def settings(self) -> Settings:
        """The current settings (defaults < stored < environment < overrides)."""
        with self.uow(read_only=True) as uow:
            stored = uow.settings.all()
        return load_settings(stored, overrides=self.setting_overrides)

    def secret(self, name: str, settings: Settings | None = None) -> str:
        """A secret setting's value (one of ``SECRET_SETTINGS``), "" when none: the
        environment or a value stored by an older version first (in ``settings``, read
        now when not given), else the secret store (loaded only now: most commands need
        no secret)."""
        value = str((settings or self.settings()).values[name])
        if value or self.secrets is None:
            return value
        return self.secrets.get(name) or ""
