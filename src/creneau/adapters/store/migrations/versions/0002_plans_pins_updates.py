"""The stored plan, pinned blocks, client updates, and a job's predecessor.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Plain SQLAlchemy types only. Datetimes are ISO 8601 text with their UTC offset.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add ``jobs.after_id`` and the plan, pin and update tables."""
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("after_id", sa.Text(), nullable=True))
    op.create_table(
        "plan_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.Text(), nullable=False),
        sa.Column("job_order", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_state"),
    )
    op.create_table(
        "plan_blocks",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("job_id", sa.Text(), nullable=False),
        sa.Column("client_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("start", sa.Text(), nullable=False),
        sa.Column("end", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_blocks"),
    )
    op.create_table(
        "pinned_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Text(), nullable=False),
        sa.Column("start", sa.Text(), nullable=False),
        sa.Column("end", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pinned_blocks"),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name="fk_pinned_blocks_job_id_jobs", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "client_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_client_updates"),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name="fk_client_updates_client_id_clients",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    op.drop_table("client_updates")
    op.drop_table("pinned_blocks")
    op.drop_table("plan_blocks")
    op.drop_table("plan_state")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("after_id")
