"""Repositories: every field round-trips, sort orders, conflicts, cascade."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.store.uow import SqlUnitOfWorkFactory
from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import (
    CalendarRecord,
    Client,
    ClientKind,
    Deadline,
    Job,
    JobKind,
    JobStatus,
)

PLUS_ONE = timezone(timedelta(hours=1))

MakeClient = Callable[..., Client]
MakeJob = Callable[..., Job]


def _store(uow_factory: SqlUnitOfWorkFactory, *values: Client | Job) -> None:
    with uow_factory() as uow:
        for value in values:
            if isinstance(value, Client):
                uow.clients.add(value)
            else:
                uow.jobs.add(value)


# Clients


def test_client_round_trips_every_field(uow_factory: SqlUnitOfWorkFactory) -> None:
    client = Client(
        id="c1",
        name="Éditions du Marais",
        kind=ClientKind.INDIVIDUAL,
        address="12 rue des Archives",
        postcode="75004",
        town="Paris",
        latitude=48.8589,
        longitude=2.3572,
        email="contact@example.org",
        phone="+33 1 23 45 67 89",
        hourly_rate=Decimal("65.50"),
        importance=5,
        language="en",
        first_contact=date(2024, 11, 3),
        notes="prefers mornings\nsecond line",
    )
    _store(uow_factory, client)
    with uow_factory() as uow:
        stored = uow.clients.get("c1")
    assert stored == client
    assert stored is not None
    assert isinstance(stored.kind, ClientKind)
    assert str(stored.hourly_rate) == "65.50"  # exact, trailing zero kept


def test_client_round_trips_none_values(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient
) -> None:
    client = make_client("Atelier Bois")
    assert client.hourly_rate is None
    assert client.latitude is None
    assert client.first_contact is None
    _store(uow_factory, client)
    with uow_factory() as uow:
        assert uow.clients.get(client.id) == client


def test_get_unknown_client_is_none(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.clients.get("nope") is None


def test_clients_are_listed_by_name_ignoring_case_and_accents(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient
) -> None:
    names = ["zinc", "Éditions", "atelier", "Boulangerie"]
    _store(uow_factory, *(make_client(name) for name in names))
    with uow_factory() as uow:
        listed = [client.name for client in uow.clients.list()]
    assert listed == ["atelier", "Boulangerie", "Éditions", "zinc"]


def test_adding_a_client_with_a_taken_name_names_the_field(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient
) -> None:
    _store(uow_factory, make_client("Atelier Bois"))
    with uow_factory() as uow, pytest.raises(InputError, match="Atelier Bois") as caught:
        uow.clients.add(make_client("Atelier Bois", id="c-other"))
    assert caught.value.field == "name"


def test_adding_a_client_with_a_taken_id_names_the_field(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient
) -> None:
    _store(uow_factory, make_client("Atelier Bois", id="c1"))
    with uow_factory() as uow, pytest.raises(InputError, match="c1") as caught:
        uow.clients.add(make_client("Other", id="c1"))
    assert caught.value.field == "id"


def test_update_replaces_a_client(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient
) -> None:
    client = make_client("Atelier Bois")
    _store(uow_factory, client)
    changed = make_client("Atelier Bois & Fils", id=client.id, importance=1)
    with uow_factory() as uow:
        uow.clients.update(changed)
    with uow_factory() as uow:
        assert uow.clients.list() == [changed]


def test_update_to_a_taken_name_names_the_field(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient
) -> None:
    _store(uow_factory, make_client("A", id="c1"), make_client("B", id="c2"))
    with uow_factory() as uow, pytest.raises(InputError, match="named 'A'") as caught:
        uow.clients.update(make_client("A", id="c2"))
    assert caught.value.field == "name"


def test_update_of_an_unknown_client_is_not_found(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient
) -> None:
    with uow_factory() as uow, pytest.raises(NotFoundError):
        uow.clients.update(make_client("Ghost"))


def test_deleting_a_client_deletes_its_jobs(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient, make_job: MakeJob
) -> None:
    gone, kept = make_client("Gone", id="c1"), make_client("Kept", id="c2")
    _store(
        uow_factory,
        gone,
        kept,
        make_job("c1", "One"),
        make_job("c1", "Two"),
        make_job("c2", "Three"),
    )
    with uow_factory() as uow:
        uow.clients.delete("c1")
    with uow_factory() as uow:
        assert [client.id for client in uow.clients.list()] == ["c2"]
        assert [job.title for job in uow.jobs.list()] == ["Three"]


# Jobs


def test_job_round_trips_every_field(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient
) -> None:
    job = Job(
        id="j1",
        client_id="c1",
        title="Site vitrine",
        kind=JobKind.MEETING,
        tags=("urgent", "mise en page", "ÉTÉ"),
        effort_minutes=90,
        spent_minutes=30,
        received=date(2025, 3, 1),
        due=datetime(2025, 3, 14, 17, 30, tzinfo=PLUS_ONE),
        deadline=Deadline.HARD,
        status=JobStatus.IN_PROGRESS,
        price=Decimal("1250.50"),
        notes="call first",
        remaining_minutes=45,
        hourly_rate=Decimal("52.50"),
        done_on=date(2025, 3, 13),
    )
    _store(uow_factory, make_client("Client", id="c1"), job)
    with uow_factory() as uow:
        stored = uow.jobs.get("j1")
    assert stored == job
    assert stored is not None
    assert isinstance(stored.due, datetime)
    assert stored.due.utcoffset() == timedelta(hours=1)
    assert stored.due.isoformat() == "2025-03-14T17:30:00+01:00"
    assert str(stored.price) == "1250.50"
    assert str(stored.hourly_rate) == "52.50"
    assert stored.done_on == date(2025, 3, 13)
    assert stored.tags == ("urgent", "mise en page", "ÉTÉ")
    assert isinstance(stored.status, JobStatus)
    assert isinstance(stored.kind, JobKind)
    assert isinstance(stored.deadline, Deadline)


def test_job_round_trips_a_date_due_and_none_values(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient, make_job: MakeJob
) -> None:
    job = make_job("c1", due=date(2025, 3, 14))
    assert job.price is None
    assert job.hourly_rate is None
    assert job.done_on is None
    assert job.remaining_minutes is None
    assert job.tags == ()
    _store(uow_factory, make_client("Client", id="c1"), job)
    with uow_factory() as uow:
        stored = uow.jobs.get(job.id)
    assert stored == job
    assert stored is not None
    assert type(stored.due) is date


def test_a_due_in_a_named_zone_keeps_its_instant_and_offset(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient, make_job: MakeJob
) -> None:
    due = datetime(2025, 7, 1, 9, 0, 30, 123456, tzinfo=ZoneInfo("Europe/Paris"))
    _store(uow_factory, make_client("Client", id="c1"), make_job("c1", id="j1", due=due))
    with uow_factory() as uow:
        stored = uow.jobs.get("j1")
    assert stored is not None
    assert stored.due == due
    assert isinstance(stored.due, datetime)
    assert stored.due.utcoffset() == timedelta(hours=2)
    assert stored.due.replace(tzinfo=None) == due.replace(tzinfo=None)


def test_jobs_are_listed_by_due_then_title(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient, make_job: MakeJob
) -> None:
    jobs = [
        make_job("c1", "b later day", due=date(2025, 3, 15)),
        make_job("c1", "a later day", due=date(2025, 3, 15)),
        make_job("c1", "date only", due=date(2025, 3, 14)),
        make_job("c1", "evening", due=datetime(2025, 3, 14, 18, 0, tzinfo=PLUS_ONE)),
        make_job("c1", "morning", due=datetime(2025, 3, 14, 9, 0, tzinfo=UTC)),
        make_job("c1", "Early", due=date(2025, 3, 10)),
    ]
    _store(uow_factory, make_client("Client", id="c1"), *jobs)
    with uow_factory() as uow:
        listed = [job.title for job in uow.jobs.list()]
    assert listed == ["Early", "morning", "evening", "date only", "a later day", "b later day"]


def test_jobs_can_be_listed_for_one_client(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient, make_job: MakeJob
) -> None:
    _store(
        uow_factory,
        make_client("One", id="c1"),
        make_client("Two", id="c2"),
        make_job("c1", "Logo"),
        make_job("c2", "Logo"),
    )
    with uow_factory() as uow:
        assert [job.client_id for job in uow.jobs.list("c2")] == ["c2"]
        assert len(uow.jobs.list()) == 2


def test_adding_a_job_with_a_taken_title_names_the_field(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient, make_job: MakeJob
) -> None:
    _store(uow_factory, make_client("Atelier", id="c1"), make_job("c1", "Logo"))
    with (
        uow_factory() as uow,
        pytest.raises(InputError, match="'Atelier' already has a job titled 'Logo'") as caught,
    ):
        uow.jobs.add(make_job("c1", "Logo", id="j-other"))
    assert caught.value.field == "title"


def test_adding_a_job_for_an_unknown_client_names_the_field(
    uow_factory: SqlUnitOfWorkFactory, make_job: MakeJob
) -> None:
    with uow_factory() as uow, pytest.raises(InputError, match="no client") as caught:
        uow.jobs.add(make_job("c-ghost"))
    assert caught.value.field == "client_id"


def test_update_and_delete_a_job(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient, make_job: MakeJob
) -> None:
    job = make_job("c1", "Logo")
    _store(uow_factory, make_client("Client", id="c1"), job, make_job("c1", "Flyer"))
    done = make_job("c1", "Logo v2", id=job.id, status=JobStatus.DONE, spent_minutes=150)
    with uow_factory() as uow:
        uow.jobs.update(done)
    with uow_factory() as uow:
        assert uow.jobs.get(job.id) == done
        uow.jobs.delete(job.id)
    with uow_factory() as uow:
        assert [job.title for job in uow.jobs.list()] == ["Flyer"]
        with pytest.raises(NotFoundError):
            uow.jobs.update(done)


# Calendar and settings


def test_calendar_upsert_tells_new_and_replaces(uow_factory: SqlUnitOfWorkFactory) -> None:
    first = CalendarRecord(source="perso.ics", uid="u1", payload="BEGIN:VEVENT v1")
    # bounds in Paris time come back as the same instants (stored in UTC)
    second = CalendarRecord(
        "perso.ics",
        "u1",
        "v2",
        "VTZ",
        datetime(2026, 12, 1, 9, tzinfo=ZoneInfo("Europe/Paris")),
        None,
    )
    other = CalendarRecord(source="work.ics", uid="u1", payload="other")
    with uow_factory() as uow:
        assert uow.calendar.upsert(first) is True
        assert uow.calendar.upsert(other) is True
    with uow_factory() as uow:
        assert uow.calendar.upsert(second) is False
    with uow_factory() as uow:
        assert uow.calendar.list("perso.ics") == [second]
        stored = uow.calendar.list("perso.ics")[0]
        assert stored.earliest is not None and stored.earliest.hour == 8  # 09:00 Paris
        assert uow.calendar.list() == [second, other]
        uow.calendar.delete("perso.ics", "u1")
        uow.calendar.delete("perso.ics", "absent")
    with uow_factory() as uow:
        assert uow.calendar.list() == [other]


def test_calendar_upsert_many_counts_the_new_and_replaces_the_rest(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    old = CalendarRecord(source="perso.ics", uid="u1", payload="v1")
    other = CalendarRecord(source="work.ics", uid="u1", payload="other")
    with uow_factory() as uow:
        assert uow.calendar.upsert_many([old, other]) == 2
    new = CalendarRecord(
        "perso.ics",
        "u1",
        "v2",
        "VTZ",
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2026, 12, 3, tzinfo=UTC),
    )
    added = CalendarRecord(source="perso.ics", uid="u2", payload="v1")
    with uow_factory() as uow:
        assert uow.calendar.upsert_many([new, added]) == 1  # u1 was there, u2 was not
        assert uow.calendar.upsert_many([]) == 0
    with uow_factory() as uow:
        assert uow.calendar.list() == [new, added, other]


def test_settings_set_replace_and_unset(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.settings.set("timezone", "Europe/Paris")
        uow.settings.set("horizon_days", "42")
        uow.settings.set("timezone", "Europe/Brussels")
    with uow_factory() as uow:
        assert uow.settings.all() == {"horizon_days": "42", "timezone": "Europe/Brussels"}
        uow.settings.unset("horizon_days")
        uow.settings.unset("never_set")
    with uow_factory() as uow:
        assert uow.settings.all() == {"timezone": "Europe/Brussels"}
