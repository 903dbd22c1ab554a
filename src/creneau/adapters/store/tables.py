"""SQLAlchemy Core tables of the SQLite store, and the column types that keep values exact.

This module describes the schema for queries; the schema itself is created and changed
only by the Alembic migrations in :mod:`creneau.adapters.store.migrations` (a test checks
that both agree). The column types convert between SQLite text and domain values:

- money (:class:`DecimalText`): the decimal's text, so ``Decimal("12.50")`` comes back
  exactly (SQLite's NUMERIC affinity would turn it into a binary float);
- due dates (:class:`DueText`): ``YYYY-MM-DD`` for a date, ISO 8601 with its UTC offset
  for an aware datetime (ISO 8601-1:2019 §5.4.2; RFC 3339 §5.6);
- instants (:class:`InstantText`): ISO 8601 in UTC (``2026-12-03T09:00:00+00:00``);
- tags (:class:`TagsJson`): a JSON array of strings (RFC 8259);
- enumerations (:class:`StrEnumText`): the member's value.
"""

from __future__ import annotations

import enum
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from creneau.domain.models import ClientKind, Deadline, JobKind, JobStatus

_E = TypeVar("_E", bound=enum.StrEnum)

#: Constraint names, so that later batch migrations can find and alter them.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DecimalText(sa.TypeDecorator[Decimal]):
    """An exact decimal stored as its text (``"12.50"``)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        """Write the decimal's exact text, or NULL."""
        return None if value is None else str(value)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> Decimal | None:
        """Read the stored text back as the same decimal, or None."""
        return None if value is None else Decimal(str(value))


class DueText(sa.TypeDecorator[date | datetime]):
    """A date (``2025-03-14``) or an aware datetime (``2025-03-14T17:00:00+01:00``).

    A datetime keeps its instant and its UTC offset; a zone name (``Europe/Paris``) is not
    kept, so the value read back carries a fixed-offset :class:`datetime.timezone`.
    """

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: date | datetime | None, dialect: Dialect) -> str | None:
        """Write ISO 8601 text; raise ValueError for a naive datetime."""
        if value is None:
            return None
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError(f"due: must be a timezone-aware datetime, got {value!r}")
        return value.isoformat()

    def process_result_value(self, value: Any | None, dialect: Dialect) -> date | datetime | None:
        """Read a date when the text has no time part, else an aware datetime."""
        if value is None:
            return None
        text = str(value)
        if "T" not in text:
            return date.fromisoformat(text)
        parsed = datetime.fromisoformat(text)
        if parsed.utcoffset() is None:
            raise ValueError(f"due: stored datetime {text!r} has no UTC offset")
        return parsed


class InstantText(sa.TypeDecorator[datetime]):
    """An aware datetime stored in UTC as ISO 8601 text (read back in UTC)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        """Write ISO 8601 text in UTC; raise ValueError for a naive datetime."""
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError(f"instant: must be a timezone-aware datetime, got {value!r}")
        return value.astimezone(UTC).isoformat()

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        """Read the text back as an aware datetime in UTC."""
        return None if value is None else datetime.fromisoformat(str(value)).astimezone(UTC)


class TagsJson(sa.TypeDecorator[tuple[str, ...]]):
    """A tuple of tags stored as a JSON array of strings (``["urgent", "print"]``)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: tuple[str, ...] | None, dialect: Dialect) -> str | None:
        """Write a JSON array (non-ASCII letters kept as they are)."""
        return None if value is None else json.dumps(list(value), ensure_ascii=False)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> tuple[str, ...] | None:
        """Read the JSON array back as a tuple of strings."""
        if value is None:
            return None
        if value == "[]":  # most jobs have no tag
            return ()
        return tuple(str(tag) for tag in json.loads(value))


class StrEnumText(sa.TypeDecorator[_E]):
    """A string enumeration stored as its member's value (``"in_progress"``).

    Args:
        enum_type: the :class:`enum.StrEnum` subclass read back.
    """

    impl = sa.Text
    cache_ok = True

    def __init__(self, enum_type: type[_E]) -> None:
        super().__init__()
        self.enum_type = enum_type

    def process_bind_param(self, value: _E | str | None, dialect: Dialect) -> str | None:
        """Write the member's value; raise ValueError for a value not in the enumeration."""
        return None if value is None else self.enum_type(value).value

    def process_result_value(self, value: Any | None, dialect: Dialect) -> _E | None:
        """Read the value back as the enumeration member."""
        return None if value is None else self.enum_type(value)


metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

clients = sa.Table(
    "clients",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("kind", StrEnumText(ClientKind), nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("postcode", sa.Text, nullable=False),
    sa.Column("town", sa.Text, nullable=False),
    sa.Column("latitude", sa.Float, nullable=True),
    sa.Column("longitude", sa.Float, nullable=True),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("phone", sa.Text, nullable=False),
    sa.Column("hourly_rate", DecimalText, nullable=True),
    sa.Column("importance", sa.Integer, nullable=False),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("first_contact", sa.Date, nullable=True),
    sa.Column("notes", sa.Text, nullable=False),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "client_id",
        sa.Text,
        sa.ForeignKey("clients.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("kind", StrEnumText(JobKind), nullable=False),
    sa.Column("tags", TagsJson, nullable=False),
    sa.Column("effort_minutes", sa.Integer, nullable=False),
    sa.Column("spent_minutes", sa.Integer, nullable=False),
    sa.Column("received", sa.Date, nullable=False),
    sa.Column("due", DueText, nullable=False),
    sa.Column("deadline", StrEnumText(Deadline), nullable=False),
    sa.Column("status", StrEnumText(JobStatus), nullable=False),
    sa.Column("price", DecimalText, nullable=True),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("remaining_minutes", sa.Integer, nullable=True),
    sa.Column("after_id", sa.Text, nullable=True),
    sa.Column("hourly_rate", DecimalText, nullable=True),
    sa.Column("done_on", sa.Date, nullable=True),
    sa.UniqueConstraint("client_id", "title"),
)

calendar_events = sa.Table(
    "calendar_events",
    metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("uid", sa.Text, primary_key=True),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("timezones", sa.Text, nullable=False),
    sa.Column("earliest", InstantText, nullable=True),
    sa.Column("latest", InstantText, nullable=True),
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

data_revision = sa.Table(
    "data_revision",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
)
"""One row (id 1): the data revision, moved by triggers on every change to her data (see
:mod:`creneau.adapters.store.revision`)."""

plan_state = sa.Table(
    "plan_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("computed_at", sa.Text, nullable=False),
    sa.Column("job_order", sa.Text, nullable=False),
)
"""One row (id 1): the last plan's time and priority order (a JSON array of job ids)."""

plan_blocks = sa.Table(
    "plan_blocks",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("job_id", sa.Text, nullable=False),
    sa.Column("client_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("start", sa.Text, nullable=False),
    sa.Column("end", sa.Text, nullable=False),
)
"""The last plan's blocks (start and end: ISO 8601 with their UTC offset)."""

pinned_blocks = sa.Table(
    "pinned_blocks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("job_id", sa.Text, sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    sa.Column("start", sa.Text, nullable=False),
    sa.Column("end", sa.Text, nullable=False),
)

client_updates = sa.Table(
    "client_updates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "client_id", sa.Text, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("sent_at", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

time_entries = sa.Table(
    "time_entries",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "job_id", sa.Text, sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("start", sa.Text, nullable=False, index=True),
    sa.Column("end", sa.Text, nullable=True),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
)
"""Time spent on jobs (start and end: ISO 8601 with their UTC offset; end NULL: running)."""

invoices = sa.Table(
    "invoices",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "client_id",
        sa.Text,
        sa.ForeignKey("clients.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("number", sa.Text, nullable=False, unique=True),
    sa.Column("issued_on", sa.Date, nullable=False),
    sa.Column("amount", DecimalText, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
)

invoice_jobs = sa.Table(
    "invoice_jobs",
    metadata,
    sa.Column(
        "invoice_id",
        sa.Text,
        sa.ForeignKey("invoices.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "job_id",
        sa.Text,
        sa.ForeignKey("jobs.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False),
)
"""The jobs an invoice bills; ``position`` keeps the order of ``Invoice.job_ids``."""

payments = sa.Table(
    "payments",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "invoice_id",
        sa.Text,
        sa.ForeignKey("invoices.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("paid_on", sa.Date, nullable=False),
    sa.Column("amount", DecimalText, nullable=False),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("latitude", sa.Float, nullable=False),
    sa.Column("longitude", sa.Float, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)
"""Places she corrected or looked up: ``home`` or ``client:<id>``, with their source."""

geocode_cache = sa.Table(
    "geocode_cache",
    metadata,
    sa.Column("query", sa.Text, primary_key=True),
    sa.Column("latitude", sa.Float, nullable=True),
    sa.Column("longitude", sa.Float, nullable=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("fetched_at", sa.Text, nullable=False),
)
"""Answers of the geocoders and of the offline town lookup, by normalised query (no
coordinates: nothing was found)."""

travel_cache = sa.Table(
    "travel_cache",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("km", sa.Float, nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
)
"""Routing-server answers, by engine and rounded coordinates of both ends."""
