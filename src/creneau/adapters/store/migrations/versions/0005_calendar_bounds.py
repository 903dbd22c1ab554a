"""Calendar events: the bounds of their occurrences, so that a window's expansion skips
the events that cannot touch it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Plain SQLAlchemy types only. Instants are ISO 8601 text in UTC. Events stored before
this revision keep NULL bounds (expanded every time, as before) until their calendar is
imported or synchronised again.
"""

from __future__ import annotations

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


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    with op.batch_alter_table("calendar_events") as batch:
        batch.drop_column("latest")
        batch.drop_column("earliest")
