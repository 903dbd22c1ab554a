"""SQL repositories: the storage ports of :mod:`creneau.services.ports` over SQLite.

Each repository works inside the transaction of the connection it is given (one per
:class:`~creneau.adapters.store.uow.SqlUnitOfWork`) and never commits. Rows become domain
values here; column conversions (decimal text, ISO 8601 due, JSON tags, enumerations) are
the column types of :mod:`creneau.adapters.store.tables`; other aware datetimes are ISO
8601 text with their UTC offset, converted here.
"""

from __future__ import annotations

import builtins
import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from creneau.adapters.store.tables import (
    calendar_events,
    client_updates,
    clients,
    data_revision,
    invoice_jobs,
    invoices,
    jobs,
    payments,
    pinned_blocks,
    plan_blocks,
    plan_state,
    settings,
    time_entries,
)
from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import (
    Block,
    BlockKind,
    CalendarRecord,
    Client,
    ClientUpdate,
    Invoice,
    Job,
    Payment,
    PinnedBlock,
    SavedPlan,
    TimeEntry,
)
from creneau.domain.text import normalize

_LAST = datetime.max.replace(tzinfo=UTC)
_A_DAY = timedelta(days=1)


def _values(value: Client | Job | CalendarRecord | Invoice | Payment) -> dict[str, Any]:
    """Column values of a domain value (columns are named after its fields)."""
    return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}


def _due_key(due: date | datetime) -> tuple[date, int, datetime]:
    """Sort key of a due date: by day, then datetimes by instant, then bare dates.

    A bare date means "by the end of that day's work", so it comes after every datetime
    of the same day. A datetime's day is the day in its own UTC offset.
    """
    if isinstance(due, datetime):
        return (due.date(), 0, due)
    return (due, 1, _LAST)


class SqlClientRepository:
    """Clients in the ``clients`` table (implements ``ClientRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def list(self) -> builtins.list[Client]:
        """Every client, sorted by name (ignoring case and accents).

        Returns:
            The clients; ties (same name up to case and accents) by exact name, then id.
        """
        rows = self._connection.execute(sa.select(clients)).mappings()
        found = [Client(**row) for row in rows]
        return sorted(found, key=lambda client: (normalize(client.name), client.name, client.id))

    def get(self, client_id: str) -> Client | None:
        """One client by id.

        Args:
            client_id: the client's id.

        Returns:
            The client, or None when no client has this id.
        """
        query = sa.select(clients).where(clients.c.id == client_id)
        row = self._connection.execute(query).mappings().one_or_none()
        return None if row is None else Client(**row)

    def add(self, client: Client) -> None:
        """Store a new client.

        Args:
            client: the client; its id and its name must be unused.

        Raises:
            InputError: with field ``id`` or ``name`` when another client has it.
        """
        if self.get(client.id) is not None:
            raise InputError(
                f"a client with id '{client.id}' already exists", field="id", value=client.id
            )
        self._check_name_free(client)
        self._connection.execute(sa.insert(clients).values(_values(client)))

    def update(self, client: Client) -> None:
        """Replace the stored client that has the same id.

        Args:
            client: the new values.

        Raises:
            NotFoundError: when no client has this id.
            InputError: with field ``name`` when another client has the new name.
        """
        self._check_name_free(client)
        values = _values(client)
        del values["id"]
        statement = sa.update(clients).where(clients.c.id == client.id).values(values)
        if self._connection.execute(statement).rowcount == 0:
            raise NotFoundError("client", client.id)

    def delete(self, client_id: str) -> None:
        """Delete a client and, by cascade, its jobs; nothing happens for an unknown id.

        Args:
            client_id: the client's id.
        """
        self._connection.execute(sa.delete(clients).where(clients.c.id == client_id))

    def _check_name_free(self, client: Client) -> None:
        query = sa.select(clients.c.id).where(
            clients.c.name == client.name, clients.c.id != client.id
        )
        if self._connection.execute(query).first() is not None:
            raise InputError(
                f"a client named '{client.name}' already exists", field="name", value=client.name
            )


class SqlJobRepository:
    """Jobs in the ``jobs`` table (implements ``JobRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def list(self, client_id: str | None = None) -> builtins.list[Job]:
        """Every job, or the jobs of one client, sorted by due date then title.

        Args:
            client_id: only this client's jobs, when given.

        Returns:
            The jobs by due day; on one day, datetimes by instant before bare dates; then
            by title (ignoring case and accents), then id.
        """
        query = sa.select(jobs)
        if client_id is not None:
            query = query.where(jobs.c.client_id == client_id)
        found = [Job(**row) for row in self._connection.execute(query).mappings()]
        return sorted(found, key=lambda job: (_due_key(job.due), normalize(job.title), job.id))

    def ids(self) -> set[str]:
        """Every job's id."""
        return set(self._connection.execute(sa.select(jobs.c.id)).scalars())

    def get(self, job_id: str) -> Job | None:
        """One job by id.

        Args:
            job_id: the job's id.

        Returns:
            The job, or None when no job has this id.
        """
        row = self._connection.execute(sa.select(jobs).where(jobs.c.id == job_id)).mappings()
        found = row.one_or_none()
        return None if found is None else Job(**found)

    def add(self, job: Job) -> None:
        """Store a new job.

        Args:
            job: the job; its id must be unused, its client stored, and its title unused
                among that client's jobs.

        Raises:
            InputError: with field ``id``, ``client_id`` or ``title`` naming the conflict.
        """
        if self.get(job.id) is not None:
            raise InputError(f"a job with id '{job.id}' already exists", field="id", value=job.id)
        self._check_client_and_title(job)
        self._connection.execute(sa.insert(jobs).values(_values(job)))

    def update(self, job: Job) -> None:
        """Replace the stored job that has the same id.

        Args:
            job: the new values.

        Raises:
            NotFoundError: when no job has this id.
            InputError: with field ``client_id`` or ``title`` naming the conflict.
        """
        self._check_client_and_title(job)
        values = _values(job)
        del values["id"]
        statement = sa.update(jobs).where(jobs.c.id == job.id).values(values)
        if self._connection.execute(statement).rowcount == 0:
            raise NotFoundError("job", job.id)

    def delete(self, job_id: str) -> None:
        """Delete a job and, by cascade, its time entries, pins and invoice links;
        nothing happens for an unknown id.

        Args:
            job_id: the job's id.
        """
        self._connection.execute(sa.delete(jobs).where(jobs.c.id == job_id))

    def _check_client_and_title(self, job: Job) -> None:
        client = sa.select(clients.c.name).where(clients.c.id == job.client_id)
        client_name = self._connection.execute(client).scalar_one_or_none()
        if client_name is None:
            raise InputError(
                f"no client has id '{job.client_id}'", field="client_id", value=job.client_id
            )
        same_title = sa.select(jobs.c.id).where(
            jobs.c.client_id == job.client_id, jobs.c.title == job.title, jobs.c.id != job.id
        )
        if self._connection.execute(same_title).first() is not None:
            raise InputError(
                f"client '{client_name}' already has a job titled '{job.title}'",
                field="title",
                value=job.title,
            )


class SqlCalendarRepository:
    """Imported calendar events in ``calendar_events`` (implements ``CalendarRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def list(self, source: str | None = None) -> builtins.list[CalendarRecord]:
        """Every stored event, or those of one source.

        Args:
            source: only this calendar's events, when given.

        Returns:
            The events, sorted by source then uid.
        """
        query = sa.select(calendar_events).order_by(calendar_events.c.source, calendar_events.c.uid)
        if source is not None:
            query = query.where(calendar_events.c.source == source)
        return [CalendarRecord(**row) for row in self._connection.execute(query).mappings()]

    def upsert(self, record: CalendarRecord) -> bool:
        """Insert the event, or replace the one with the same source and uid.

        Args:
            record: the event.

        Returns:
            True when no event had this source and uid before.
        """
        key = (calendar_events.c.source == record.source) & (calendar_events.c.uid == record.uid)
        values = {
            "payload": record.payload,
            "timezones": record.timezones,
            "earliest": record.earliest,
            "latest": record.latest,
        }
        updated = self._connection.execute(sa.update(calendar_events).where(key).values(values))
        if updated.rowcount > 0:
            return False
        self._connection.execute(sa.insert(calendar_events).values(_values(record)))
        return True

    def upsert_many(self, records: Sequence[CalendarRecord]) -> int:
        """Insert or replace many events at once (two statements, however many events).

        Args:
            records: the events; at most one per (source, uid).

        Returns:
            How many of them were not stored before.
        """
        if not records:
            return 0
        stored = {
            (row.source, row.uid)
            for row in self._connection.execute(
                sa.select(calendar_events.c.source, calendar_events.c.uid).where(
                    calendar_events.c.source.in_({r.source for r in records})
                )
            )
        }
        replaced = [{"s": r.source, "u": r.uid} for r in records if (r.source, r.uid) in stored]
        if replaced:
            self._connection.execute(
                sa.delete(calendar_events).where(
                    (calendar_events.c.source == sa.bindparam("s"))
                    & (calendar_events.c.uid == sa.bindparam("u"))
                ),
                replaced,
            )
        self._connection.execute(sa.insert(calendar_events), [_values(r) for r in records])
        return len(records) - len(replaced)

    def delete(self, source: str, uid: str) -> None:
        """Forget one event; nothing happens when it is not stored.

        Args:
            source: the event's calendar.
            uid: the event's UID.
        """
        key = (calendar_events.c.source == source) & (calendar_events.c.uid == uid)
        self._connection.execute(sa.delete(calendar_events).where(key))


class SqlSettingsRepository:
    """User settings as text in ``settings`` (implements ``SettingsRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def all(self) -> dict[str, str]:
        """Every stored setting.

        Returns:
            Setting name to text value, in name order.
        """
        query = sa.select(settings.c.name, settings.c.value).order_by(settings.c.name)
        return dict(self._connection.execute(query).all())

    def set(self, name: str, value: str) -> None:
        """Store one setting, replacing its previous value.

        Args:
            name: the setting's name.
            value: its value as text.
        """
        statement = sa.update(settings).where(settings.c.name == name).values(value=value)
        if self._connection.execute(statement).rowcount == 0:
            self._connection.execute(sa.insert(settings).values(name=name, value=value))

    def unset(self, name: str) -> None:
        """Forget one setting (back to its default); nothing happens when it is not stored.

        Args:
            name: the setting's name.
        """
        self._connection.execute(sa.delete(settings).where(settings.c.name == name))


class SqlDataRevision:
    """The data revision in ``data_revision`` (implements ``DataRevision``; SQLite
    triggers move it, see :mod:`creneau.adapters.store.revision`).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def current(self) -> int:
        """The revision (0 for a new database)."""
        value = self._connection.execute(
            sa.select(data_revision.c.revision).where(data_revision.c.id == 1)
        ).scalar_one_or_none()
        return int(value or 0)


class SqlPlanRepository:
    """The last plan in ``plan_state`` and ``plan_blocks`` (implements ``PlanRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def latest(self) -> SavedPlan | None:
        """The last saved plan, or None when no plan was saved yet."""
        row = self._connection.execute(sa.select(plan_state)).mappings().first()
        if row is None:
            return None
        rows = self._connection.execute(sa.select(plan_blocks).order_by(plan_blocks.c.start))
        blocks = tuple(
            Block(
                id=r.id,
                start=datetime.fromisoformat(r.start),
                end=datetime.fromisoformat(r.end),
                kind=BlockKind(r.kind),
                job_id=r.job_id,
                client_id=r.client_id,
            )
            for r in rows.mappings()
        )
        return SavedPlan(
            computed_at=datetime.fromisoformat(row["computed_at"]),
            order=tuple(str(k) for k in json.loads(row["job_order"])),
            blocks=tuple(sorted(blocks, key=lambda b: (b.start, b.id))),
        )

    def save(self, plan: SavedPlan) -> None:
        """Replace the saved plan by ``plan`` (its work and meeting blocks; pinned blocks
        are stored apart, by the pin repository)."""
        self._connection.execute(sa.delete(plan_blocks))
        self._connection.execute(sa.delete(plan_state))
        self._connection.execute(
            sa.insert(plan_state).values(
                id=1,
                computed_at=plan.computed_at.isoformat(),
                job_order=json.dumps(list(plan.order)),
            )
        )
        rows = [
            {
                "id": b.id,
                "job_id": b.job_id,
                "client_id": b.client_id,
                "kind": b.kind.value,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
            }
            for b in plan.blocks
            if b.job_id is not None and b.client_id is not None and not b.pinned
        ]
        if rows:
            self._connection.execute(sa.insert(plan_blocks), rows)


class SqlPinRepository:
    """Blocks she pinned, in ``pinned_blocks`` (implements ``PinRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def list(self) -> builtins.list[PinnedBlock]:
        """Every pinned block, by start."""
        rows = self._connection.execute(sa.select(pinned_blocks)).mappings()
        pins = [
            PinnedBlock(
                job_id=r["job_id"],
                start=datetime.fromisoformat(r["start"]),
                end=datetime.fromisoformat(r["end"]),
            )
            for r in rows
        ]
        return sorted(pins, key=lambda p: (p.start, p.job_id))

    def add(self, pin: PinnedBlock) -> None:
        """Store one pinned block."""
        self._connection.execute(
            sa.insert(pinned_blocks).values(
                job_id=pin.job_id, start=pin.start.isoformat(), end=pin.end.isoformat()
            )
        )

    def delete(self, pin: PinnedBlock) -> bool:
        """Forget one pinned block (same job, start and end); True when one was stored."""
        rows = self._connection.execute(
            sa.select(pinned_blocks.c.id, pinned_blocks.c.start, pinned_blocks.c.end).where(
                pinned_blocks.c.job_id == pin.job_id
            )
        ).all()
        gone = [
            r.id
            for r in rows
            if datetime.fromisoformat(r.start) == pin.start
            and datetime.fromisoformat(r.end) == pin.end
        ]
        if gone:
            self._connection.execute(sa.delete(pinned_blocks).where(pinned_blocks.c.id.in_(gone)))
        return bool(gone)


class SqlUpdateRepository:
    """Updates sent to clients, in ``client_updates`` (implements ``UpdateRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def list(self, client_id: str | None = None) -> builtins.list[ClientUpdate]:
        """Updates sent, oldest first; only one client's when ``client_id`` is given."""
        query = sa.select(client_updates)
        if client_id is not None:
            query = query.where(client_updates.c.client_id == client_id)
        found = [
            ClientUpdate(
                client_id=r["client_id"],
                sent_at=datetime.fromisoformat(r["sent_at"]),
                text=r["text"],
            )
            for r in self._connection.execute(query).mappings()
        ]
        return sorted(found, key=lambda u: (u.sent_at, u.client_id))

    def add(self, update: ClientUpdate) -> None:
        """Record one update as sent."""
        self._connection.execute(
            sa.insert(client_updates).values(
                client_id=update.client_id,
                sent_at=update.sent_at.isoformat(),
                text=update.text,
            )
        )

    def delete(self, client_id: str) -> int:
        """Forget every update sent to one client.

        Args:
            client_id: the client's id.

        Returns:
            How many updates were forgotten.
        """
        statement = sa.delete(client_updates).where(client_updates.c.client_id == client_id)
        return int(self._connection.execute(statement).rowcount)


def _wall_clock_bound(instant: datetime, shift: timedelta) -> str | None:
    """``instant`` + ``shift`` in UTC, as the ``YYYY-MM-DDTHH:MM:SS`` prefix of ISO text.

    Stored ISO 8601 text begins with the local wall-clock time, which is within a day of
    UTC (an offset is under 24 hours), so comparing the text with a bound one day wider
    than the instant never drops a row that may match; the exact test follows in Python.
    None when the bound falls outside the years 1 to 9999 (no bound is needed then).
    """
    try:
        shifted = instant.astimezone(UTC) + shift
    except OverflowError:
        return None
    return shifted.replace(tzinfo=None).isoformat(timespec="seconds")


def _time_entry(row: sa.RowMapping) -> TimeEntry:
    end = row["end"]
    return TimeEntry(
        id=row["id"],
        job_id=row["job_id"],
        start=datetime.fromisoformat(row["start"]),
        end=None if end is None else datetime.fromisoformat(end),
        note=row["note"],
        source=row["source"],
    )


class SqlTimeEntryRepository:
    """Time spent on jobs, in ``time_entries`` (implements ``TimeEntryRepository``).

    At most one entry runs (has no end) at a time.

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def list(
        self,
        job_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> builtins.list[TimeEntry]:
        """Time entries, by start, optionally of one job and overlapping a period.

        An entry from ``start`` to ``end`` overlaps the period when ``start < until`` and
        ``end > since``; a running entry has no end yet and so overlaps any period after
        its start. Touching is not overlapping.

        Args:
            job_id: only this job's entries, when given.
            since: only entries that end after this instant (aware), when given.
            until: only entries that start before this instant (aware), when given.

        Returns:
            The entries by start instant, then id.

        Raises:
            ValueError: when ``since`` or ``until`` is naive.
        """
        for name, bound in (("since", since), ("until", until)):
            if bound is not None and bound.utcoffset() is None:
                raise ValueError(f"{name}: must be a timezone-aware datetime, got {bound!r}")
        query = sa.select(time_entries)
        if job_id is not None:
            query = query.where(time_entries.c.job_id == job_id)
        if until is not None and (upper := _wall_clock_bound(until, _A_DAY)) is not None:
            query = query.where(time_entries.c.start < upper)
        if since is not None and (lower := _wall_clock_bound(since, -_A_DAY)) is not None:
            query = query.where(sa.or_(time_entries.c.end.is_(None), time_entries.c.end > lower))
        found = [_time_entry(row) for row in self._connection.execute(query).mappings()]
        if until is not None:
            found = [entry for entry in found if entry.start < until]
        if since is not None:
            found = [entry for entry in found if entry.end is None or entry.end > since]
        return sorted(found, key=lambda entry: (entry.start, entry.id))

    def get(self, entry_id: str) -> TimeEntry | None:
        """One time entry by id.

        Args:
            entry_id: the entry's id.

        Returns:
            The entry, or None when no entry has this id.
        """
        query = sa.select(time_entries).where(time_entries.c.id == entry_id)
        row = self._connection.execute(query).mappings().one_or_none()
        return None if row is None else _time_entry(row)

    def running(self) -> TimeEntry | None:
        """The entry whose timer runs (no end), or None."""
        query = sa.select(time_entries).where(time_entries.c.end.is_(None))
        row = self._connection.execute(query).mappings().first()
        return None if row is None else _time_entry(row)

    def add(self, entry: TimeEntry) -> None:
        """Store a new time entry.

        Args:
            entry: the entry; its id must be unused, its job stored, and, when it runs, no
                other entry may run.

        Raises:
            InputError: with field ``id``, ``job_id`` or ``end`` naming the conflict.
        """
        if self.get(entry.id) is not None:
            raise InputError(
                f"a time entry with id '{entry.id}' already exists", field="id", value=entry.id
            )
        self._check(entry)
        self._connection.execute(sa.insert(time_entries).values(self._row(entry)))

    def update(self, entry: TimeEntry) -> None:
        """Replace the stored time entry that has the same id.

        Args:
            entry: the new values.

        Raises:
            NotFoundError: when no entry has this id.
            InputError: with field ``job_id`` or ``end`` naming the conflict.
        """
        self._check(entry)
        values = self._row(entry)
        del values["id"]
        statement = sa.update(time_entries).where(time_entries.c.id == entry.id).values(values)
        if self._connection.execute(statement).rowcount == 0:
            raise NotFoundError("time entry", entry.id)

    def delete(self, entry_id: str) -> None:
        """Delete a time entry; nothing happens for an unknown id.

        Args:
            entry_id: the entry's id.
        """
        self._connection.execute(sa.delete(time_entries).where(time_entries.c.id == entry_id))

    def _check(self, entry: TimeEntry) -> None:
        job = sa.select(jobs.c.id).where(jobs.c.id == entry.job_id)
        if self._connection.execute(job).first() is None:
            raise InputError(f"no job has id '{entry.job_id}'", field="job_id", value=entry.job_id)
        if entry.end is None:
            other = self.running()
            if other is not None and other.id != entry.id:
                raise InputError(
                    f"the timer of entry '{other.id}' already runs: stop it first",
                    field="end",
                    value=other.id,
                )

    @staticmethod
    def _row(entry: TimeEntry) -> dict[str, Any]:
        return {
            "id": entry.id,
            "job_id": entry.job_id,
            "start": entry.start.isoformat(),
            "end": None if entry.end is None else entry.end.isoformat(),
            "note": entry.note,
            "source": entry.source,
        }


class SqlInvoiceRepository:
    """Invoices in ``invoices`` and ``invoice_jobs`` (implements ``InvoiceRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def list(self, client_id: str | None = None) -> builtins.list[Invoice]:
        """Every invoice, or one client's, by date of issue then number.

        Args:
            client_id: only this client's invoices, when given.

        Returns:
            The invoices by ``issued_on``, then number, then id.
        """
        query = sa.select(invoices)
        if client_id is not None:
            query = query.where(invoices.c.client_id == client_id)
        found = self._invoices(query)
        return sorted(found, key=lambda invoice: (invoice.issued_on, invoice.number, invoice.id))

    def get(self, invoice_id: str) -> Invoice | None:
        """One invoice by id.

        Args:
            invoice_id: the invoice's id.

        Returns:
            The invoice, or None when no invoice has this id.
        """
        found = self._invoices(sa.select(invoices).where(invoices.c.id == invoice_id))
        return found[0] if found else None

    def get_by_number(self, number: str) -> Invoice | None:
        """One invoice by its number, exactly as printed.

        Args:
            number: the invoice number.

        Returns:
            The invoice, or None when no invoice has this number.
        """
        found = self._invoices(sa.select(invoices).where(invoices.c.number == number))
        return found[0] if found else None

    def add(self, invoice: Invoice) -> None:
        """Store a new invoice and its jobs.

        Args:
            invoice: the invoice; its id and number must be unused, its client and jobs
                stored.

        Raises:
            InputError: with field ``id``, ``number``, ``client_id`` or ``job_ids`` naming
                the conflict.
        """
        if self.get(invoice.id) is not None:
            raise InputError(
                f"an invoice with id '{invoice.id}' already exists", field="id", value=invoice.id
            )
        self._check(invoice)
        values = _values(invoice)
        del values["job_ids"]
        self._connection.execute(sa.insert(invoices).values(values))
        self._insert_jobs(invoice)

    def update(self, invoice: Invoice) -> None:
        """Replace the stored invoice that has the same id, and its jobs.

        Args:
            invoice: the new values.

        Raises:
            NotFoundError: when no invoice has this id.
            InputError: with field ``number``, ``client_id`` or ``job_ids`` naming the
                conflict.
        """
        self._check(invoice)
        values = _values(invoice)
        del values["id"], values["job_ids"]
        statement = sa.update(invoices).where(invoices.c.id == invoice.id).values(values)
        if self._connection.execute(statement).rowcount == 0:
            raise NotFoundError("invoice", invoice.id)
        self._connection.execute(
            sa.delete(invoice_jobs).where(invoice_jobs.c.invoice_id == invoice.id)
        )
        self._insert_jobs(invoice)

    def delete(self, invoice_id: str) -> None:
        """Delete an invoice and, by cascade, its payments; nothing happens for an unknown id.

        Args:
            invoice_id: the invoice's id.
        """
        self._connection.execute(sa.delete(invoices).where(invoices.c.id == invoice_id))

    def _invoices(self, query: sa.Select[Any]) -> builtins.list[Invoice]:
        rows = builtins.list(self._connection.execute(query).mappings())
        if not rows:
            return []
        links = self._connection.execute(
            sa.select(invoice_jobs.c.invoice_id, invoice_jobs.c.job_id)
            .where(invoice_jobs.c.invoice_id.in_([row["id"] for row in rows]))
            .order_by(invoice_jobs.c.invoice_id, invoice_jobs.c.position)
        )
        job_ids: dict[str, builtins.list[str]] = {}
        for link in links:
            job_ids.setdefault(link.invoice_id, []).append(link.job_id)
        return [Invoice(**row, job_ids=tuple(job_ids.get(row["id"], ()))) for row in rows]

    def _insert_jobs(self, invoice: Invoice) -> None:
        rows = [
            {"invoice_id": invoice.id, "job_id": job_id, "position": position}
            for position, job_id in enumerate(invoice.job_ids)
        ]
        if rows:
            self._connection.execute(sa.insert(invoice_jobs), rows)

    def _check(self, invoice: Invoice) -> None:
        client = sa.select(clients.c.id).where(clients.c.id == invoice.client_id)
        if self._connection.execute(client).first() is None:
            raise InputError(
                f"no client has id '{invoice.client_id}'",
                field="client_id",
                value=invoice.client_id,
            )
        same_number = sa.select(invoices.c.id).where(
            invoices.c.number == invoice.number, invoices.c.id != invoice.id
        )
        if self._connection.execute(same_number).first() is not None:
            raise InputError(
                f"an invoice numbered '{invoice.number}' already exists",
                field="number",
                value=invoice.number,
            )
        if invoice.job_ids:
            stored = sa.select(jobs.c.id).where(jobs.c.id.in_(invoice.job_ids))
            known = set(self._connection.execute(stored).scalars())
            missing = [job_id for job_id in invoice.job_ids if job_id not in known]
            if missing:
                raise InputError(f"no job has id '{missing[0]}'", field="job_ids", value=missing[0])


class SqlPaymentRepository:
    """Payments received, in ``payments`` (implements ``PaymentRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def list(self, invoice_id: str | None = None) -> builtins.list[Payment]:
        """Every payment, or one invoice's, by date received then id.

        Args:
            invoice_id: only this invoice's payments, when given.

        Returns:
            The payments by ``paid_on``, then id.
        """
        query = sa.select(payments)
        if invoice_id is not None:
            query = query.where(payments.c.invoice_id == invoice_id)
        found = [Payment(**row) for row in self._connection.execute(query).mappings()]
        return sorted(found, key=lambda payment: (payment.paid_on, payment.id))

    def add(self, payment: Payment) -> None:
        """Store a new payment.

        Args:
            payment: the payment; its id must be unused and its invoice stored.

        Raises:
            InputError: with field ``id`` or ``invoice_id`` naming the conflict.
        """
        taken = sa.select(payments.c.id).where(payments.c.id == payment.id)
        if self._connection.execute(taken).first() is not None:
            raise InputError(
                f"a payment with id '{payment.id}' already exists", field="id", value=payment.id
            )
        invoice = sa.select(invoices.c.id).where(invoices.c.id == payment.invoice_id)
        if self._connection.execute(invoice).first() is None:
            raise InputError(
                f"no invoice has id '{payment.invoice_id}'",
                field="invoice_id",
                value=payment.invoice_id,
            )
        self._connection.execute(sa.insert(payments).values(_values(payment)))

    def delete(self, payment_id: str) -> None:
        """Delete a payment; nothing happens for an unknown id.

        Args:
            payment_id: the payment's id.
        """
        self._connection.execute(sa.delete(payments).where(payments.c.id == payment_id))
