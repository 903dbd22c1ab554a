"""Alembic environment: run the migrations on the connection given by ``migrate``.

Only online mode with a ready connection is supported: call
:func:`creneau.adapters.store.engine.migrate`, which passes it through
``config.attributes["connection"]``. Batch mode (``render_as_batch``) lets migrations
alter SQLite tables by copying them (https://alembic.sqlalchemy.org/en/latest/batch.html).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from creneau.adapters.store.tables import metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, sa.Connection):
    raise RuntimeError(
        "run migrations through creneau.adapters.store.engine.migrate(engine), "
        "which passes a connection in config.attributes['connection']"
    )

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
