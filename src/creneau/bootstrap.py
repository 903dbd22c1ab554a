"""The one place that wires settings, database, adapters and services together."""

from __future__ import annotations

from pathlib import Path

from creneau.adapters.calendar.holidays import PublicHolidays
from creneau.adapters.csv.reader import CsvSpreadsheetReader
from creneau.adapters.csv.writer import CsvTableWriter
from creneau.adapters.ical.codec import ICalendarCodec
from creneau.adapters.mail.smtp import SmtpMailer
from creneau.adapters.store import SqlUnitOfWorkFactory, create_sqlite_engine, migrate
from creneau.domain.errors import InputError
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

    Raises:
        InputError: the folder is a file or cannot be created or written.
    """
    folder_path = data_dir(folder)
    if folder_path.exists() and not folder_path.is_dir():
        raise InputError(f"{folder_path} is a file, not a folder", field="--data-dir")
    try:
        engine = create_sqlite_engine(database_path(folder_path))
        migrate(engine)
    except OSError as exc:
        raise InputError(
            f"cannot use the data folder {folder_path}: {exc.strerror or exc}", field="--data-dir"
        ) from exc
    return ServiceContext(
        uow=SqlUnitOfWorkFactory(engine),
        calendar=ICalendarCodec(),
        spreadsheets=CsvSpreadsheetReader(),
        holidays=_holidays,
        mailer=SmtpMailer(),
        tables=CsvTableWriter(),
    )
