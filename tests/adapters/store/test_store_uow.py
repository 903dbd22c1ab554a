"""The unit of work: commit on success, store nothing on failure."""

from __future__ import annotations

import pathlib
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from creneau.adapters.store.engine import create_sqlite_engine, migrate
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
        with uow_factory(read_only=True) as other:  # a reader takes no lock
            assert other.clients.get("c-atelier-bois") is None  # not committed yet


def test_a_writer_that_read_first_waits_for_another_writer_instead_of_failing(
    db_path: pathlib.Path, make_client: Callable[..., Client]
) -> None:
    """Two processes' use cases, each reading then writing: with deferred transactions the
    second one's write fails at once with "database is locked" (SQLITE_BUSY: its snapshot
    is older than the other's commit, and no busy timeout helps); with the write lock
    taken at BEGIN it waits its turn, and both writes are kept."""
    import threading

    first_engine, second_engine = create_sqlite_engine(db_path), create_sqlite_engine(db_path)
    migrate(first_engine)
    holding, written = threading.Event(), threading.Event()

    def first() -> None:
        with SqlUnitOfWork(first_engine) as uow:
            assert uow.clients.list() == []  # read...
            holding.set()
            written.wait(timeout=0.3)  # ...while the other one starts...
            uow.clients.add(make_client("Atelier Bois"))  # ...then write

    thread = threading.Thread(target=first)
    thread.start()
    holding.wait(timeout=10)
    with SqlUnitOfWork(second_engine) as uow:  # waits for the first to commit
        names = [c.name for c in uow.clients.list()]
        uow.clients.add(make_client("Fournil du Lac"))
    written.set()
    thread.join(timeout=30)
    assert names == ["Atelier Bois"]  # it began after the first committed
    with SqlUnitOfWork(first_engine, read_only=True) as uow:
        assert sorted(c.name for c in uow.clients.list()) == ["Atelier Bois", "Fournil du Lac"]
    first_engine.dispose()
    second_engine.dispose()


def test_a_writer_inside_a_writer_of_the_same_thread_fails_at_once(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """It would wait 30 s for a lock its own thread holds: a programming error, said at once;
    a reader may nest, and the writer may open again once the first is finished."""
    with uow_factory() as uow:
        uow.settings.set("a", "b")
        with uow_factory(read_only=True) as reader:
            assert reader.settings.all() == {}
        with pytest.raises(RuntimeError, match="already open in this thread"), uow_factory():
            pass
    with uow_factory() as again:
        assert again.settings.all() == {"a": "b"}
