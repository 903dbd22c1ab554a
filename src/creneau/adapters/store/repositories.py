"""SQL repositories: the storage ports of :mod:`creneau.services.ports` over SQLite.

Each repository works inside the transaction of the connection it is given (one per
:class:`~creneau.adapters.store.uow.SqlUnitOfWork`) and never commits. Rows become domain
values here; column conversions (decimal text, ISO 8601 due, JSON tags, enumerations) are
the column types of :mod:`creneau.adapters.store.tables`.
"""

from __future__ import annotations

import builtins
import dataclasses
import json
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from creneau.adapters.store.tables import (
    calendar_events,
    client_updates,
    clients,
    jobs,
    pinned_blocks,
    plan_blocks,
    plan_state,
    settings,
)
from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import (
    Block,
    BlockKind,
    CalendarRecord,
    Client,
    ClientUpdate,
    Job,
    PinnedBlock,
    SavedPlan,
)
from creneau.domain.text import normalize

_LAST = datetime.max.replace(tzinfo=UTC)


def _values(value: Client | Job | CalendarRecord) -> dict[str, Any]:
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
        """Delete a job; nothing happens for an unknown id.

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
        values = {"payload": record.payload, "timezones": record.timezones}
        updated = self._connection.execute(sa.update(calendar_events).where(key).values(values))
        if updated.rowcount > 0:
            return False
        self._connection.execute(sa.insert(calendar_events).values(_values(record)))
        return True

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
