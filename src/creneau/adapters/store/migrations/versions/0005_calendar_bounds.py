"""Calendar events: the bounds of their occurrences, so that a window's expansion skips
the events that cannot touch it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Plain SQLAlchemy types only. Instants are ISO 8601 text in UTC. The bounds of the
events already stored are computed here from their text by the calendar reader
(:func:`creneau.adapters.ical.reader.record_bounds`); an event whose text cannot be read
keeps NULL bounds (expanded every time, as before).
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add ``calendar_events.earliest`` and ``calendar_events.latest``."""
    with op.batch_alter_table("calendar_events") as batch:
        batch.add_column(sa.Column("earliest", sa.Text(), nullable=True))
        batch.add_column(sa.Column("latest", sa.Text(), nullable=True))
    from creneau.adapters.ical.reader import record_bounds  # the same rule as new imports

    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT source, uid, payload, timezones FROM calendar_events")
    ).all()
    for source, uid, payload, timezones in rows:
        earliest, latest = record_bounds(payload, timezones)
        if earliest is None and latest is None:
            continue
        connection.execute(
            sa.text(
                "UPDATE calendar_events SET earliest = :earliest, latest = :latest"
                " WHERE source = :source AND uid = :uid"
            ),
            {
                "earliest": None if earliest is None else earliest.astimezone(UTC).isoformat(),
                "latest": None if latest is None else latest.astimezone(UTC).isoformat(),
                "source": source,
                "uid": uid,
            },
        )


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    with op.batch_alter_table("calendar_events") as batch:
        batch.drop_column("latest")
        batch.drop_column("earliest")
