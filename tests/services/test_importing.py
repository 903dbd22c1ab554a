"""Imports through the services: all or nothing, every error at once, safe re-imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from creneau.bootstrap import open_services
from creneau.domain.errors import ImportFailed
from creneau.services.catalog import list_clients, list_jobs
from creneau.services.context import ServiceContext
from creneau.services.importing import import_file
from tests.conftest import SCENARIO

JOBS_HEADER = (
    "client,title,kind,estimate_hours,received,due,deadline,status,spent_hours,price_eur,notes"
)


@pytest.fixture
def ctx(tmp_path: Path) -> ServiceContext:
    services = open_services(tmp_path / "data")
    import_file(services, (SCENARIO / "clients.csv").read_bytes(), "clients.csv")
    return services


def test_unknown_clients_are_reported_with_the_other_errors(ctx: ServiceContext) -> None:
    rows = [
        JOBS_HEADER,
        "Inconnu SA,Lettre,work,1,2026-11-30,2026-12-04,hard,todo,0,,",  # line 2: client
        "M. Paul Guérin,Tri,work,abc,2026-11-30,2026-12-04,hard,todo,0,,",  # line 3: effort
        "M. Paul Guérin,Bon,work,2,2026-11-30,2026-12-04,hard,todo,0,,",  # line 4: fine
        "M. Paul Guérin,Vieux,work,2,2026-11-30,2026-11-20,hard,todo,0,,",  # line 5: due
        "M. Paul Guérin,Etat,work,2,2026-11-30,2026-12-04,hard,finished,0,,",  # line 6: status
    ]
    with pytest.raises(ImportFailed) as caught:
        import_file(ctx, "\n".join(rows).encode(), "jobs.csv")
    where = sorted((e.line, e.field) for e in caught.value.errors)
    assert where == [(2, "client"), (3, "estimate_hours"), (5, "due"), (6, "status")]
    assert all(e.file == "jobs.csv" for e in caught.value.errors)
    assert list_jobs(ctx, include_closed=True) == []  # not even line 4


def test_reimporting_updates_instead_of_duplicating(ctx: ServiceContext) -> None:
    for _ in range(2):
        import_file(ctx, (SCENARIO / "clients.csv").read_bytes(), "clients.csv")
        report = import_file(ctx, (SCENARIO / "jobs.csv").read_bytes(), "jobs.csv")
    assert report.updated == 22
    assert report.created == 0
    assert len(list_clients(ctx)) == 12
    assert len(list_jobs(ctx, include_closed=True)) == 22


def test_a_damaged_calendar_does_not_erase_stored_events(ctx: ServiceContext) -> None:
    good = (SCENARIO / "agenda.ics").read_bytes()
    first = import_file(ctx, good, "agenda.ics")
    assert first.created == 8
    damaged = good.replace(b"DTSTART;TZID=Europe/Paris:20261202T083000", b"DTSTART:notadate")
    report = import_file(ctx, damaged, "agenda.ics")
    assert report.warnings  # the broken dentist event is reported
    assert report.removed == 0
    assert report.kept == 1
    with ctx.uow() as uow:
        assert len(uow.calendar.list("agenda.ics")) == 8


def test_a_clean_reimport_forgets_events_that_left_the_file(ctx: ServiceContext) -> None:
    good = (SCENARIO / "agenda.ics").read_bytes()
    import_file(ctx, good, "agenda.ics")
    start = good.index(b"BEGIN:VEVENT\r\nUID:dentist-0004")
    end = good.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n")
    report = import_file(ctx, good[:start] + good[end:], "agenda.ics")
    assert report.removed == 1
    assert not report.warnings
    with ctx.uow() as uow:
        assert "dentist-0004@agenda.example" not in {r.uid for r in uow.calendar.list()}
