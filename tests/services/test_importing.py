"""Imports through the services: all or nothing, every error at once, safe re-imports."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from creneau.bootstrap import open_services
from creneau.domain.errors import ImportFailed
from creneau.domain.models import JobStatus
from creneau.services.catalog import (
    edit_job,
    find_job,
    get_job,
    list_clients,
    list_jobs,
    set_job_status,
)
from creneau.services.context import ServiceContext
from creneau.services.importing import import_file
from creneau.services.timesheet import list_entries, log_time
from tests.conftest import PARIS, SCENARIO

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


def test_reimporting_jobs_keeps_their_time_entries(ctx: ServiceContext) -> None:
    """The file's time spent is the time spent outside Créneau: a re-import adds the time
    entries to it instead of erasing them (Archivage: 14 h in jobs.csv)."""
    jobs_csv = (SCENARIO / "jobs.csv").read_bytes()
    import_file(ctx, jobs_csv, "jobs.csv")
    now = datetime(2026, 11, 30, 18, 0, tzinfo=PARIS)
    log_time(ctx, "Archivage", 150, now, at=time(9, 0))
    log_time(ctx, "Archivage", 45, now, at=time(14, 0))
    edit_job(ctx, "Archivage", {"remaining_minutes": 20 * 60})  # her re-estimate
    with ctx.uow() as uow:
        archivage = find_job(uow, "Archivage")
    assert archivage.spent_minutes == 14 * 60 + 150 + 45

    import_file(ctx, jobs_csv, "jobs.csv")
    again = get_job(ctx, archivage.id)[0]
    assert again.spent_minutes == 14 * 60 + 150 + 45
    assert again.remaining_minutes == 20 * 60  # kept: the file has no such column
    assert len(list_entries(ctx, now, archivage.id)) == 2

    # she corrects the file: 16 h spent before Créneau; the entries still count on top
    edited = jobs_csv.replace(
        b"2026-12-18,hard,in_progress,14,", b"2026-12-18,hard,in_progress,16,"
    )
    assert edited != jobs_csv
    import_file(ctx, edited, "jobs.csv")
    assert get_job(ctx, archivage.id)[0].spent_minutes == 16 * 60 + 150 + 45


def test_a_reimport_never_moves_a_status_back(ctx: ServiceContext) -> None:
    """jobs.csv says "todo" for the newsletter; once she marked it done in Créneau (a fixed
    price of 90 € delivered on 2 December), re-importing the unchanged file keeps it done,
    with its delivery date; a file that says more (done) still wins over the store."""
    jobs_csv = (SCENARIO / "jobs.csv").read_bytes()
    import_file(ctx, jobs_csv, "jobs.csv")
    set_job_status(ctx, "Lettre d'information", JobStatus.DONE, today=date(2026, 12, 2))
    set_job_status(ctx, "Relance de trois factures", JobStatus.WAITING)
    import_file(ctx, jobs_csv, "jobs.csv")
    with ctx.uow() as uow:
        letter = find_job(uow, "Lettre d'information")
        reminder = find_job(uow, "Relance de trois factures")
    assert (letter.status, letter.done_on) == (JobStatus.DONE, date(2026, 12, 2))
    assert reminder.status is JobStatus.WAITING
    line = next(x for x in jobs_csv.split(b"\n") if b"Relance de trois factures" in x)
    done = jobs_csv.replace(line, line.replace(b",todo,", b",done,"))
    assert done != jobs_csv
    import_file(ctx, done, "jobs.csv")
    with ctx.uow() as uow:
        assert find_job(uow, "Relance de trois factures").status is JobStatus.DONE
