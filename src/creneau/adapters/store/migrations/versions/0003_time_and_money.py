"""Time and money: time entries, invoices, payments, and a job's rate and delivery date.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Plain SQLAlchemy types only. Datetimes are ISO 8601 text with their UTC offset, money is
decimal text, dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add ``jobs.hourly_rate`` and ``jobs.done_on``, and the time and money tables."""
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("hourly_rate", sa.Text(), nullable=True))
        batch.add_column(sa.Column("done_on", sa.Date(), nullable=True))
    op.create_table(
        "time_entries",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("job_id", sa.Text(), nullable=False),
        sa.Column("start", sa.Text(), nullable=False),
        sa.Column("end", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_time_entries"),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name="fk_time_entries_job_id_jobs", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_time_entries_job_id", "time_entries", ["job_id"])
    op.create_index("ix_time_entries_start", "time_entries", ["start"])
    op.create_table(
        "invoices",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("client_id", sa.Text(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_invoices"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_invoices_client_id_clients", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("number", name="uq_invoices_number"),
    )
    op.create_index("ix_invoices_client_id", "invoices", ["client_id"])
    op.create_table(
        "invoice_jobs",
        sa.Column("invoice_id", sa.Text(), nullable=False),
        sa.Column("job_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("invoice_id", "job_id", name="pk_invoice_jobs"),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name="fk_invoice_jobs_invoice_id_invoices",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name="fk_invoice_jobs_job_id_jobs", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_invoice_jobs_job_id", "invoice_jobs", ["job_id"])
    op.create_table(
        "payments",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("invoice_id", sa.Text(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name="fk_payments_invoice_id_invoices",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_payments_invoice_id", "payments", ["invoice_id"])


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    op.drop_index("ix_payments_invoice_id", table_name="payments")
    op.drop_table("payments")
    op.drop_index("ix_invoice_jobs_job_id", table_name="invoice_jobs")
    op.drop_table("invoice_jobs")
    op.drop_index("ix_invoices_client_id", table_name="invoices")
    op.drop_table("invoices")
    op.drop_index("ix_time_entries_start", table_name="time_entries")
    op.drop_index("ix_time_entries_job_id", table_name="time_entries")
    op.drop_table("time_entries")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("done_on")
        batch.drop_column("hourly_rate")
