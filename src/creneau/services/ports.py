"""Ports: what the services need from storage, calendars and holidays (Protocols).

Adapters implement these; services depend only on them. Only ``bootstrap`` wires the
concrete adapters in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Protocol
from zoneinfo import ZoneInfo

from creneau.domain.errors import InputError
from creneau.domain.models import (
    BusyInterval,
    CalendarRecord,
    Client,
    ClientUpdate,
    Deadline,
    Invoice,
    Job,
    JobKind,
    JobStatus,
    Payment,
    PinnedBlock,
    SavedPlan,
    TimeEntry,
)
from creneau.services.place_ports import GeocodeCache, PlaceRepository, TravelCache


class ClientRepository(Protocol):
    """Clients, by id."""

    def list(self) -> list[Client]:
        """Every client, sorted by name."""
        ...

    def get(self, client_id: str) -> Client | None:
        """One client, or None."""
        ...

    def add(self, client: Client) -> None:
        """Store a new client (its id and name must be unused)."""
        ...

    def update(self, client: Client) -> None:
        """Replace the stored client with the same id."""
        ...

    def delete(self, client_id: str) -> None:
        """Delete a client and its jobs."""
        ...


class JobRepository(Protocol):
    """Jobs, by id."""

    def list(self, client_id: str | None = None) -> list[Job]:
        """Every job (of one client when given), sorted by due date then title."""
        ...

    def ids(self) -> set[str]:
        """Every job's id (cheaper than :meth:`list` where only the ids matter)."""
        ...

    def get(self, job_id: str) -> Job | None:
        """One job, or None."""
        ...

    def add(self, job: Job) -> None:
        """Store a new job."""
        ...

    def update(self, job: Job) -> None:
        """Replace the stored job with the same id."""
        ...

    def delete(self, job_id: str) -> None:
        """Delete a job."""
        ...


class CalendarRepository(Protocol):
    """Calendar events as imported, keyed by (source, uid)."""

    def list(self, source: str | None = None) -> list[CalendarRecord]:
        """Every stored event (of one source when given)."""
        ...

    def upsert(self, record: CalendarRecord) -> bool:
        """Insert or replace the event with the same source and uid; True if it was new."""
        ...

    def upsert_many(self, records: Sequence[CalendarRecord]) -> int:
        """Insert or replace many events at once; returns how many were new."""
        ...

    def delete(self, source: str, uid: str) -> None:
        """Forget one event."""
        ...


class SettingsRepository(Protocol):
    """User settings as text, keyed by the names of :mod:`creneau.settings`."""

    def all(self) -> dict[str, str]:
        """Every stored setting."""
        ...

    def set(self, name: str, value: str) -> None:
        """Store one setting."""
        ...

    def unset(self, name: str) -> None:
        """Forget one setting (back to its default)."""
        ...


class DataRevision(Protocol):
    """The data revision: a number that moves on every change to her data (clients, jobs,
    calendar, settings, pins, updates, time, invoices, payments, places), whoever makes it,
    and not on a new plan or a cache of places and drives."""

    def current(self) -> int:
        """The revision now (as seen by the unit of work's transaction)."""
        ...


class PlanRepository(Protocol):
    """The last computed plan (one at a time)."""

    def latest(self) -> SavedPlan | None:
        """The last saved plan, or None."""
        ...

    def save(self, plan: SavedPlan) -> None:
        """Replace the saved plan."""
        ...


class PinRepository(Protocol):
    """Blocks she pinned."""

    def list(self) -> list[PinnedBlock]:
        """Every pinned block, by start."""
        ...

    def add(self, pin: PinnedBlock) -> None:
        """Store a pinned block."""
        ...

    def delete(self, pin: PinnedBlock) -> bool:
        """Forget a pinned block; True when it was stored."""
        ...


class UpdateRepository(Protocol):
    """Status updates sent to clients."""

    def list(self, client_id: str | None = None) -> list[ClientUpdate]:
        """Updates sent, oldest first (one client's, when given)."""
        ...

    def add(self, update: ClientUpdate) -> None:
        """Record an update as sent."""
        ...

    def delete(self, client_id: str) -> int:
        """Forget every update sent to one client; returns how many there were."""
        ...


class TimeEntryRepository(Protocol):
    """Time spent on jobs, by id; at most one entry runs (has no end) at a time."""

    def list(
        self,
        job_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[TimeEntry]:
        """Entries by start (one job's when given); with ``since``/``until`` (aware), only
        those overlapping the period: ``start < until`` and ``end > since`` (a running
        entry has no end: it overlaps any period after its start)."""
        ...

    def get(self, entry_id: str) -> TimeEntry | None:
        """One entry, or None."""
        ...

    def running(self) -> TimeEntry | None:
        """The entry whose timer runs, or None."""
        ...

    def add(self, entry: TimeEntry) -> None:
        """Store a new entry (its job stored; InputError when another timer runs)."""
        ...

    def update(self, entry: TimeEntry) -> None:
        """Replace the stored entry with the same id."""
        ...

    def delete(self, entry_id: str) -> None:
        """Delete an entry."""
        ...


class InvoiceRepository(Protocol):
    """Invoices, by id and by number."""

    def list(self, client_id: str | None = None) -> list[Invoice]:
        """Every invoice (of one client when given), by date of issue then number."""
        ...

    def get(self, invoice_id: str) -> Invoice | None:
        """One invoice, or None."""
        ...

    def get_by_number(self, number: str) -> Invoice | None:
        """The invoice with this number, or None."""
        ...

    def add(self, invoice: Invoice) -> None:
        """Store a new invoice (its id and number must be unused)."""
        ...

    def update(self, invoice: Invoice) -> None:
        """Replace the stored invoice with the same id."""
        ...

    def delete(self, invoice_id: str) -> None:
        """Delete an invoice and its payments."""
        ...


class PaymentRepository(Protocol):
    """Payments received for invoices."""

    def list(self, invoice_id: str | None = None) -> list[Payment]:
        """Every payment (of one invoice when given), by date received."""
        ...

    def add(self, payment: Payment) -> None:
        """Store a new payment (its invoice stored)."""
        ...

    def delete(self, payment_id: str) -> None:
        """Delete a payment."""
        ...


class UnitOfWork(Protocol):
    """One transaction over every repository.

    Used as a context manager: leaving the block normally commits, leaving it by an
    exception rolls everything back, so a failed use case stores nothing.
    """

    clients: ClientRepository
    jobs: JobRepository
    calendar: CalendarRepository
    settings: SettingsRepository
    plans: PlanRepository
    pins: PinRepository
    updates: UpdateRepository
    time_entries: TimeEntryRepository
    invoices: InvoiceRepository
    payments: PaymentRepository
    places: PlaceRepository
    geocodes: GeocodeCache
    travel: TravelCache
    revision: DataRevision

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Makes a new :class:`UnitOfWork` for each use case.

    A unit of work takes the database's write lock when it begins, so that two use cases
    writing at once (the command line and the web app) wait for each other instead of
    failing; one that only reads (``read_only=True``) takes no lock and sees one snapshot.
    """

    def __call__(self, read_only: bool = False) -> UnitOfWork: ...


@dataclass(frozen=True, slots=True)
class ParsedCalendar:
    """The result of reading an iCalendar file.

    Args:
        records: one per UID (master, overrides and the VTIMEZONEs it needs).
        warnings: events skipped or repaired, each naming its line and UID.
    """

    records: list[CalendarRecord]
    warnings: list[InputError] = field(default_factory=list)


class CalendarCodec(Protocol):
    """Reads iCalendar files and expands stored events into busy time."""

    def parse(self, data: bytes, source: str, default_tz: ZoneInfo) -> ParsedCalendar:
        """Split a file into per-UID records; raise InputError if it is not iCalendar."""
        ...

    def busy_between(
        self,
        records: Sequence[CalendarRecord],
        start: datetime,
        end: datetime,
        default_tz: ZoneInfo,
    ) -> list[BusyInterval]:
        """Busy intervals overlapping [start, end), recurrences expanded, sorted by start."""
        ...


class HolidayProvider(Protocol):
    """Public holidays."""

    def holidays_between(self, start: date, end: date) -> dict[date, str]:
        """Public holidays from ``start`` to ``end`` inclusive, with their names."""
        ...


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One valid row of a clients spreadsheet.

    Args:
        line: 1-based line number in the file (the header is line 1).
        client: the client, its id derived from its name (``stable_id("c", name)``).
    """

    line: int
    client: Client


@dataclass(frozen=True, slots=True)
class JobRow:
    """One valid row of a jobs spreadsheet, before its client is looked up.

    Args:
        line: 1-based line number in the file (the header is line 1).
        client_name: the client's name as written.
        title, kind, tags, effort_minutes, spent_minutes, received, due, deadline, status,
        price, notes, hourly_rate: as in :class:`creneau.domain.models.Job` (due datetimes
        are aware; naive ones in the file are read in the user's zone; ``hourly_rate`` None
        when the file gives none).
    """

    line: int
    client_name: str
    title: str
    kind: JobKind
    tags: tuple[str, ...]
    effort_minutes: int
    spent_minutes: int
    received: date
    due: date | datetime
    deadline: Deadline
    status: JobStatus
    price: Decimal | None
    notes: str
    hourly_rate: Decimal | None = None

    def to_job(self, job_id: str, client_id: str) -> Job:
        """The domain job for this row (raises ValueError naming the field if invalid)."""
        return Job(
            id=job_id,
            client_id=client_id,
            title=self.title,
            kind=self.kind,
            tags=self.tags,
            effort_minutes=self.effort_minutes,
            spent_minutes=self.spent_minutes,
            received=self.received,
            due=self.due,
            deadline=self.deadline,
            status=self.status,
            price=self.price,
            notes=self.notes,
            hourly_rate=self.hourly_rate,
        )


class SpreadsheetReader(Protocol):
    """Reads clients and jobs from CSV files."""

    def kind_of(self, data: bytes, filename: str) -> str:
        """``"clients"`` or ``"jobs"``, from the header row; InputError otherwise."""
        ...

    def read_clients(self, data: bytes, filename: str) -> list[ClientRow]:
        """Every row, or ImportFailed listing every bad row (file, line, field)."""
        ...

    def read_jobs(
        self,
        data: bytes,
        filename: str,
        tz: ZoneInfo,
        known_client: Callable[[str], bool] | None = None,
    ) -> list[JobRow]:
        """Every row, or ImportFailed listing every bad row (file, line, field), including
        rows whose client is unknown to ``known_client``."""
        ...


@dataclass(frozen=True, slots=True)
class MailServer:
    """Where and how to send e-mail (her ``smtp.*`` settings).

    Args:
        host: the SMTP server's host name.
        port: its TCP port (587: submission with STARTTLS; 465: TLS from the start).
        user: login, or ``""`` for a server that needs none.
        password: password for ``user``.
        starttls: upgrade the connection with STARTTLS (RFC 3207) before logging in.
    """

    host: str
    port: int
    user: str = ""
    password: str = ""
    starttls: bool = True


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    """A plain-text e-mail to send.

    Args:
        sender: the From address.
        recipients: the To addresses (at least one).
        subject: the Subject line.
        body: the text (UTF-8).
    """

    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str


class Mailer(Protocol):
    """Sends e-mail."""

    def send(self, server: MailServer, mail: OutgoingMail) -> None:
        """Send one message through ``server``.

        Raises:
            InputError: the server cannot be reached, refuses the login or the message
                (the field names the setting to check).
        """
        ...


Cell = str | int | Decimal | date | None
"""One cell of an exported table: text, a whole number, an amount or decimal hours (a
:class:`~decimal.Decimal`, written with the file's decimal mark), a date (ISO 8601) or
nothing (an empty cell)."""


@dataclass(frozen=True, slots=True)
class ExportTable:
    """A table to export for a spreadsheet (her accountant's, or her invoicing).

    Args:
        header: the column names.
        rows: the rows, each as long as the header.
        footer: a last line of text after the rows (the VAT-exemption mention), or ``""``.

    Raises:
        ValueError: when a row's length differs from the header's.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    footer: str = ""

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(
                    f"rows: row {number} has {len(row)} cells for {len(self.header)} columns"
                )


class TableWriter(Protocol):
    """Writes tables as spreadsheet files."""

    def write(self, path: str, table: ExportTable, *, excel_fr: bool = False) -> None:
        """Write ``table`` to ``path`` at once (a complete file or none: never half a file).

        Args:
            path: the file to create or replace.
            table: what to write.
            excel_fr: French Excel's dialect (``;``, decimal comma, UTF-8 with a byte-order
                mark) instead of RFC 4180 CSV (``,``, decimal point, UTF-8).

        Raises:
            InputError: the file cannot be written (field ``--csv``).
        """
        ...


@dataclass(frozen=True, slots=True)
class PublishedEvent:
    """One plan block as a calendar event (RFC 5545 §3.6.1 VEVENT).

    Args:
        uid: stable across replans for the same block identity (job, local date, rank).
        start, end: aware datetimes, written with the zone's TZID.
        summary: ``"client — job"``.
        category: the client's name (CATEGORIES).
        description: the job's due date and status, in words.
        sequence: the revision (SEQUENCE, §3.8.7.4): higher whenever the block moved.
    """

    uid: str
    start: datetime
    end: datetime
    summary: str
    category: str
    description: str
    sequence: int


@dataclass(frozen=True, slots=True)
class PublishedTodo:
    """One open job as a to-do (RFC 5545 §3.6.2 VTODO).

    Args:
        uid: stable for the job.
        summary: ``"client — job"``.
        category: the client's name.
        due: the due date-time (aware).
        percent: PERCENT-COMPLETE, 0 to 100 (§3.8.1.8).
        priority: PRIORITY, 1 (highest) to 9 (lowest) (§3.8.1.9).
        status: ``NEEDS-ACTION`` or ``IN-PROCESS`` (§3.8.1.11).
        description: the job's deadline kind and work left, in words.
        sequence: the revision, as for events.
    """

    uid: str
    summary: str
    category: str
    due: datetime
    percent: int
    priority: int
    status: str
    description: str
    sequence: int


@dataclass(frozen=True, slots=True)
class PublishedCalendar:
    """The plan as a calendar: what the exporter, the feed and CalDAV sync write.

    Args:
        name: the calendar's display name.
        timezone: the user's IANA zone (its VTIMEZONE is included).
        stamp: DTSTAMP of every component (aware; written in UTC).
        events: one per plan block.
        todos: one per open job.
    """

    name: str
    timezone: ZoneInfo
    stamp: datetime
    events: tuple[PublishedEvent, ...]
    todos: tuple[PublishedTodo, ...]


class PlanWriter(Protocol):
    """Renders the plan as iCalendar and writes it to a file."""

    def render(self, calendar: PublishedCalendar) -> bytes:
        """The whole calendar as an RFC 5545 document (UTF-8, CRLF)."""
        ...

    def write(self, path: str, calendar: PublishedCalendar) -> None:
        """Write :meth:`render`'s bytes to ``path`` at once (InputError if impossible)."""
        ...


@dataclass(frozen=True, slots=True)
class CalDavAccount:
    """Where and as whom to reach her CalDAV server (RFC 4791).

    Args:
        url: the server or principal address (``https://…``).
        user: the login.
        password: the password or app token; never shown (kept out of ``repr``).
    """

    url: str
    user: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class SyncCounts:
    """What publishing the plan did to the plan calendar: events created, updated
    (moved or renamed), deleted (blocks gone from the plan) and kept unchanged."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0


class CalendarServer(Protocol):
    """A CalDAV server: reads her calendars, writes the plan into its own calendar."""

    def read_calendars(self, account: CalDavAccount, names: Sequence[str]) -> dict[str, bytes]:
        """Every event of each calendar named, as one iCalendar text per calendar
        (InputError naming a calendar that does not exist, or an unreachable server)."""
        ...

    def publish(
        self, account: CalDavAccount, calendar_name: str, plan: PublishedCalendar, own: str
    ) -> SyncCounts:
        """Make the calendar ``calendar_name`` (created if missing) hold the plan's events:
        touch only events whose UID ends with ``own``."""
        ...
