"""The one place that wires settings, database, adapters and services together."""

from __future__ import annotations

from pathlib import Path

from creneau.adapters.calendar.holidays import PublicHolidays
from creneau.adapters.csv.reader import CsvSpreadsheetReader
from creneau.adapters.ical.codec import ICalendarCodec
from creneau.adapters.store import SqlUnitOfWorkFactory, create_sqlite_engine, migrate
from creneau.paths import data_dir, database_path
from creneau.services.context import ServiceContext
from creneau.services.ports import HolidayProvider


def _holidays(country: str, subdivision: str | None) -> HolidayProvider:
    return PublicHolidays(country, subdivision)


def open_services(folder: str | Path | None = None) -> ServiceContext:
    """Open (creating and migrating if needed) the database of a data folder.

    Args:
        folder: the data folder (``--data-dir``); None for ``$CRENEAU_HOME`` or the default.

    Returns:
        The :class:`ServiceContext` every use case takes.
    """
    path = database_path(data_dir(folder))
    engine = create_sqlite_engine(path)
    migrate(engine)
    return ServiceContext(
        uow=SqlUnitOfWorkFactory(engine),
        calendar=ICalendarCodec(),
        spreadsheets=CsvSpreadsheetReader(),
        holidays=_holidays,
    )
