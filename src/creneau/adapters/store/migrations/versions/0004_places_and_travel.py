"""Places and travel: places she corrected or looked up, the geocoder's and the router's
answers (caches).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Plain SQLAlchemy types only. Datetimes are ISO 8601 text with their UTC offset.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add ``places``, ``geocode_cache`` and ``travel_cache``."""
    op.create_table(
        "places",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_places"),
    )
    op.create_table(
        "geocode_cache",
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("query", name="pk_geocode_cache"),
    )
    op.create_table(
        "travel_cache",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("km", sa.Float(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_travel_cache"),
    )


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    op.drop_table("travel_cache")
    op.drop_table("geocode_cache")
    op.drop_table("places")
