"""The SQL unit of work: one SQLite transaction over every repository, per use case.

Leaving the ``with`` block normally commits; leaving it by an exception rolls back, so a
failed use case stores nothing (the ``UnitOfWork`` port of :mod:`creneau.services.ports`).
"""

from __future__ import annotations

import threading
from types import TracebackType

import sqlalchemy as sa

from creneau.adapters.store.engine import READ_ONLY_OPTION
from creneau.adapters.store.place_repositories import (
    SqlGeocodeCache,
    SqlPlaceRepository,
    SqlTravelCache,
)
from creneau.adapters.store.repositories import (
    SqlCalendarRepository,
    SqlClientRepository,
    SqlDataRevision,
    SqlInvoiceRepository,
    SqlJobRepository,
    SqlPaymentRepository,
    SqlPinRepository,
    SqlPlanRepository,
    SqlSettingsRepository,
    SqlTimeEntryRepository,
    SqlUpdateRepository,
)
from creneau.services.place_ports import GeocodeCache, PlaceRepository, TravelCache
from creneau.services.ports import (
    CalendarRepository,
    ClientRepository,
    DataRevision,
    InvoiceRepository,
    JobRepository,
    PaymentRepository,
    PinRepository,
    PlanRepository,
    SettingsRepository,
    TimeEntryRepository,
    UpdateRepository,
)


class SqlUnitOfWork:
    """One transaction over every repository (clients, jobs, calendar, settings, plans,
    pins, updates, time entries, invoices, payments, places and the data revision).

    The repositories exist only inside the ``with`` block. A unit of work is used once;
    make a new one (with :class:`SqlUnitOfWorkFactory`) for each use case.

    Args:
        engine: an engine from :func:`creneau.adapters.store.engine.create_sqlite_engine`
            whose database is migrated.

    Example::

        with SqlUnitOfWork(engine) as uow:
            uow.clients.add(client)
            uow.jobs.add(job)  # both stored at the end of the block, or neither
    """

    clients: ClientRepository
    jobs: JobRepository
    calendar: CalendarRepository
    settings: SettingsRepository
    plans: PlanRepository
    pins: PinRepository
    places: PlaceRepository
    geocodes: GeocodeCache
    travel: TravelCache
    updates: UpdateRepository
    time_entries: TimeEntryRepository
    invoices: InvoiceRepository
    payments: PaymentRepository
    revision: DataRevision

    def __init__(self, engine: sa.Engine, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._connection: sa.Connection | None = None
        self._used = False

    def __enter__(self) -> SqlUnitOfWork:
        """Open a connection and begin its transaction.

        Returns:
            This unit of work, its repositories bound to the transaction.

        Raises:
            RuntimeError: when this unit of work was already entered.
        """
        if self._used:
            raise RuntimeError("a unit of work is used once: make a new one")
        self._used = True
        writers = _open_writers(self._engine)
        if not self._read_only and writers:
            # it would wait for the write lock of the one already open, which waits for it
            raise RuntimeError(
                "a unit of work that writes is already open in this thread: finish it first "
                "(a reader, read_only=True, may nest)"
            )
        connection = self._engine.connect()
        if self._read_only:
            connection = connection.execution_options(**{READ_ONLY_OPTION: True})
        try:
            connection.begin()
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        if not self._read_only:
            writers.add(id(self))
        self.clients = SqlClientRepository(connection)
        self.jobs = SqlJobRepository(connection)
        self.calendar = SqlCalendarRepository(connection)
        self.settings = SqlSettingsRepository(connection)
        self.plans = SqlPlanRepository(connection)
        self.pins = SqlPinRepository(connection)
        self.updates = SqlUpdateRepository(connection)
        self.time_entries = SqlTimeEntryRepository(connection)
        self.invoices = SqlInvoiceRepository(connection)
        self.payments = SqlPaymentRepository(connection)
        self.places = SqlPlaceRepository(connection)
        self.geocodes = SqlGeocodeCache(connection)
        self.travel = SqlTravelCache(connection)
        self.revision = SqlDataRevision(connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Commit when the block ended normally, else roll back; then close.

        Args:
            exc_type: the exception's type, or None when the block ended normally.
            exc: the exception, or None.
            tb: its traceback, or None.
        """
        connection = self._connection
        if connection is None:
            return
        self._connection = None
        _open_writers(self._engine).discard(id(self))
        try:
            if exc_type is None:
                connection.commit()
            else:
                connection.rollback()
        finally:
            connection.close()


_THREAD = threading.local()


def _open_writers(engine: sa.Engine) -> set[int]:
    """The writing units of work open in this thread on ``engine`` (their ids)."""
    table: dict[int, set[int]] = _THREAD.__dict__.setdefault("writers", {})
    return table.setdefault(id(engine), set())


class SqlUnitOfWorkFactory:
    """Makes a new :class:`SqlUnitOfWork` on one engine (implements ``UnitOfWorkFactory``).

    Args:
        engine: an engine from :func:`creneau.adapters.store.engine.create_sqlite_engine`
            whose database is migrated.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def __call__(self, read_only: bool = False) -> SqlUnitOfWork:
        """A new unit of work, not yet entered.

        Args:
            read_only: the use case only reads: its transaction takes no write lock
                (``BEGIN`` rather than ``BEGIN IMMEDIATE``).

        Returns:
            A :class:`SqlUnitOfWork` on this factory's engine.
        """
        return SqlUnitOfWork(self._engine, read_only)
