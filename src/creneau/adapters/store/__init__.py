"""Storage adapter: SQLite through SQLAlchemy, schema by Alembic migrations.

Only :mod:`creneau.bootstrap` imports it: ``create_sqlite_engine`` then ``migrate``, then
hand ``SqlUnitOfWorkFactory(engine)`` to the services.
"""

from __future__ import annotations

from creneau.adapters.store.engine import create_sqlite_engine, migrate
from creneau.adapters.store.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

__all__ = ["SqlUnitOfWork", "SqlUnitOfWorkFactory", "create_sqlite_engine", "migrate"]
