"""The data revision: every change to her data moves it, whoever makes it; the plan and
the caches of places and drives do not; a restore moves it past the live one."""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Callable
from datetime import UTC, date, datetime

import sqlalchemy as sa

from creneau.adapters.store.backups import SqliteSafety
from creneau.adapters.store.revision import DATA_TABLES, DERIVED_TABLES, trigger_names
from creneau.adapters.store.uow import SqlUnitOfWorkFactory
from creneau.domain.models import Block, BlockKind, Client, Job, SavedPlan
from creneau.domain.places import Leg, Place, PlaceSource

AT = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def _revision(factory: SqlUnitOfWorkFactory) -> int:
    with factory(read_only=True) as uow:
        return uow.revision.current()


def test_a_new_database_is_at_revision_zero(uow_factory: SqlUnitOfWorkFactory) -> None:
    assert _revision(uow_factory) == 0


def test_every_changed_row_of_her_data_moves_it_by_one(
    uow_factory: SqlUnitOfWorkFactory,
    make_client: Callable[..., Client],
    make_job: Callable[..., Job],
) -> None:
    client = make_client()
    with uow_factory() as uow:
        uow.clients.add(client)  # 1 row
        uow.jobs.add(make_job(client.id, "Logo"))  # 1 row
        uow.jobs.add(make_job(client.id, "Flyer"))  # 1 row
    assert _revision(uow_factory) == 3
    with uow_factory() as uow:
        uow.settings.set("timezone", "Europe/Paris")  # inserted: 1
        uow.settings.set("timezone", "Europe/Brussels")  # updated: 1
    assert _revision(uow_factory) == 5
    with uow_factory() as uow:
        uow.settings.unset("timezone")  # deleted: 1
    assert _revision(uow_factory) == 6


def test_a_plan_and_the_caches_leave_it_alone(
    uow_factory: SqlUnitOfWorkFactory,
    make_client: Callable[..., Client],
    make_job: Callable[..., Job],
) -> None:
    client = make_client()
    job = make_job(client.id)
    with uow_factory() as uow:
        uow.clients.add(client)
        uow.jobs.add(job)
    before = _revision(uow_factory)
    block = Block(
        id=f"{job.id}/2025-03-03/0",
        job_id=job.id,
        client_id=client.id,
        start=datetime(2025, 3, 3, 9, tzinfo=UTC),
        end=datetime(2025, 3, 3, 11, tzinfo=UTC),
        kind=BlockKind.WORK,
    )
    with uow_factory() as uow:
        uow.plans.save(SavedPlan(computed_at=AT, order=[job.id], blocks=[block]))
        uow.plans.save(SavedPlan(computed_at=AT, order=[job.id], blocks=[]))
        place = Place(47.47, -0.55, PlaceSource.TOWN, "Angers")
        uow.geocodes.put("Angers", place, "offline", AT)
        uow.travel.put("a|b", Leg(7.2, 19, "estimate"))
    assert _revision(uow_factory) == before


def test_a_rolled_back_change_leaves_it_alone(
    uow_factory: SqlUnitOfWorkFactory, make_client: Callable[..., Client]
) -> None:
    try:
        with uow_factory() as uow:
            uow.clients.add(make_client())
            raise RuntimeError("the use case failed")
    except RuntimeError:
        pass
    assert _revision(uow_factory) == 0


def test_every_table_is_her_data_with_its_triggers_or_derived(engine: sa.Engine) -> None:
    """A later migration that adds a table must say which it is; one that rebuilds a table
    of her data must create its triggers again."""
    with engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
        triggers = {
            name
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            )
        }
    assert tables == set(DATA_TABLES) | set(DERIVED_TABLES)
    assert not set(DATA_TABLES) & set(DERIVED_TABLES)
    for table in DATA_TABLES:
        assert set(trigger_names(table)) <= triggers, table


def test_a_restore_moves_it_past_the_live_revision(
    engine: sa.Engine,
    db_path: pathlib.Path,
    tmp_path: pathlib.Path,
    make_client: Callable[..., Client],
) -> None:
    factory = SqlUnitOfWorkFactory(engine)
    safety = SqliteSafety(engine, db_path, tmp_path / "backups")
    with factory() as uow:
        uow.clients.add(make_client("Atelier Bois"))
    backup = safety.create("manual", AT)  # a backup at revision 1
    with factory() as uow:
        uow.clients.add(make_client("Cabinet Roux"))
    assert _revision(factory) == 2
    safety.restore(backup.path)
    with factory(read_only=True) as uow:
        assert [c.name for c in uow.clients.list()] == ["Atelier Bois"]
        assert uow.revision.current() == 3  # the live 2, plus one: never seen before


def test_an_import_of_everything_moves_it_past_the_live_revision(
    engine: sa.Engine,
    db_path: pathlib.Path,
    tmp_path: pathlib.Path,
    make_client: Callable[..., Client],
) -> None:
    factory = SqlUnitOfWorkFactory(engine)
    safety = SqliteSafety(engine, db_path, tmp_path / "backups")
    with factory() as uow:
        uow.clients.add(make_client("Atelier Bois"))
    data = safety.dump()
    assert "data_revision" not in data["tables"]  # not her data: never exported
    with factory() as uow:
        client = make_client("Cabinet Roux")
        uow.clients.add(dataclasses.replace(client, first_contact=date(2026, 1, 5)))
    safety.load(data)
    assert _revision(factory) == 3
