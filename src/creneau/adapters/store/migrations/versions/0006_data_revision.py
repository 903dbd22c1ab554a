"""The data revision: a counter that every change to her data moves, and a new plan does
not, so that a program showing her data (the web app) knows when to read it again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

One table, ``data_revision`` (one row, id 1), and SQLite triggers (``AFTER INSERT``,
``UPDATE`` and ``DELETE`` of each table of her data, https://sqlite.org/lang_createtrigger.html)
that add one to it, whoever writes: the web app, a command, an import. The plan
(``plan_state``, ``plan_blocks``) and the caches of places and drives are derived from her
data and do not move it. A later migration that rebuilds one of these tables (Alembic's
batch mode copies it into a new table, which loses its triggers) must call
:func:`creneau.adapters.store.revision.create_triggers` at its end.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from creneau.adapters.store.revision import create_triggers, drop_triggers

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``data_revision`` (at 0) and the triggers that move it."""
    op.create_table(
        "data_revision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO data_revision (id, revision) VALUES (1, 0)")
    create_triggers(op.get_bind())


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    drop_triggers(op.get_bind())
    op.drop_table("data_revision")
