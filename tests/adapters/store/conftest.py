"""Fixtures of the store tests: a migrated database in a temporary folder, and factories."""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from creneau.adapters.store.engine import create_sqlite_engine, migrate
from creneau.adapters.store.uow import SqlUnitOfWorkFactory
from creneau.domain.models import Client, Job


@pytest.fixture
def db_path(tmp_path: pathlib.Path) -> pathlib.Path:
    """Where the test database lives (its folder does not exist yet)."""
    return tmp_path / "data" / "creneau.sqlite"


@pytest.fixture
def engine(db_path: pathlib.Path) -> Iterator[sa.Engine]:
    """A migrated engine on a fresh database file, disposed of after the test."""
    engine = create_sqlite_engine(db_path)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uow_factory(engine: sa.Engine) -> SqlUnitOfWorkFactory:
    """Units of work on the test database."""
    return SqlUnitOfWorkFactory(engine)


@pytest.fixture
def make_client() -> Callable[..., Client]:
    """Build a client: ``make_client("Atelier Bois", importance=5)``."""

    def make(name: str = "Atelier Bois", **changes: Any) -> Client:
        client_id = changes.pop("id", "c-" + name.lower().replace(" ", "-"))
        return dataclasses.replace(Client(id=client_id, name=name), **changes)

    return make


@pytest.fixture
def make_job() -> Callable[..., Job]:
    """Build a job: ``make_job("c-atelier-bois", "Logo", due=date(2025, 3, 14))``."""

    def make(client_id: str, title: str = "Logo", **changes: Any) -> Job:
        job_id = changes.pop("id", f"j-{client_id}-{title.lower().replace(' ', '-')}")
        job = Job(
            id=job_id,
            client_id=client_id,
            title=title,
            effort_minutes=120,
            received=date(2025, 3, 1),
            due=date(2025, 3, 14),
        )
        return dataclasses.replace(job, **changes)

    return make
