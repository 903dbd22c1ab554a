"""The unit of work: commit on success, store nothing on failure."""

from __future__ import annotations

import pathlib
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from creneau.adapters.store.engine import create_sqlite_engine
from creneau.adapters.store.uow import SqlUnitOfWork, SqlUnitOfWorkFactory
from creneau.domain.models import CalendarRecord, Client, Job
from creneau.services.ports import UnitOfWorkFactory


class UseCaseFailed(Exception):
    pass


def test_factory_implements_the_port(engine: sa.Engine) -> None:
    factory: UnitOfWorkFactory = SqlUnitOfWorkFactory(engine)  # checked by mypy too
    first, second = factory(), factory()
    assert isinstance(first, SqlUnitOfWork)
    assert first is not second


def test_leaving_normally_commits(
    uow_factory: SqlUnitOfWorkFactory, make_client: Callable[..., Client]
) -> None:
    with uow_factory() as uow:
        uow.clients.add(make_client("Atelier Bois"))
    with uow_factory() as uow:
        assert [client.name for client in uow.clients.list()] == ["Atelier Bois"]


def test_failed_use_case_stores_nothing(
    uow_factory: SqlUnitOfWorkFactory,
    make_client: Callable[..., Client],
    make_job: Callable[..., Job],
) -> None:
    def use_case() -> None:
        with uow_factory() as uow:
            uow.clients.add(make_client("Atelier Bois"))
            uow.clients.add(make_client("Boulangerie Martin"))
            uow.jobs.add(make_job("c-atelier-bois"))
            uow.calendar.upsert(CalendarRecord(source="cal.ics", uid="u1", payload="x"))
            uow.settings.set("timezone", "Europe/Paris")
            raise UseCaseFailed

    with pytest.raises(UseCaseFailed):
        use_case()
    with uow_factory() as uow:
        assert uow.clients.list() == []
        assert uow.jobs.list() == []
        assert uow.calendar.list() == []
        assert uow.settings.all() == {}


def test_data_outlives_the_engine(
    db_path: pathlib.Path, uow_factory: SqlUnitOfWorkFactory, make_client: Callable[..., Client]
) -> None:
    client = make_client("Atelier Bois")
    with uow_factory() as uow:
        uow.clients.add(client)
    engine = create_sqlite_engine(db_path)
    try:
        with SqlUnitOfWork(engine) as uow:
            assert uow.clients.get(client.id) == client
    finally:
        engine.dispose()


def test_a_unit_of_work_is_used_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    uow = uow_factory()
    with uow:
        pass
    with pytest.raises(RuntimeError, match="used once"):
        uow.__enter__()


def test_reads_see_the_units_own_writes(
    uow_factory: SqlUnitOfWorkFactory, make_client: Callable[..., Client]
) -> None:
    with uow_factory() as uow:
        uow.clients.add(make_client("Atelier Bois"))
        assert uow.clients.get("c-atelier-bois") is not None
        with uow_factory() as other:
            assert other.clients.get("c-atelier-bois") is None  # not committed yet
