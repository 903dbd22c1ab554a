"""Clients owed attention (``client list --attention``), checked against the scenario files."""

from __future__ import annotations

from datetime import date, timedelta

from creneau.domain.models import JobStatus
from creneau.services.attention_report import clients_owed_attention, working_days_after
from creneau.services.catalog import find_job, set_job_status, set_setting
from creneau.services.client_update import compose_update, mark_sent
from creneau.services.context import ServiceContext
from creneau.services.planning import working_time
from tests.conftest import SCENARIO_NOW
from tests.services import atelier as facts

TODAY = SCENARIO_NOW.date()
LOIRE = "Cabinet d'expertise comptable Loire Conseil"
LAST_LOIRE_CALL = date(2026, 11, 23)
"""agenda.ics: "Point hebdomadaire Loire Conseil (téléphone)" every Monday at 09:00 since
2026-10-05: the last one before Monday 30 November 08:30 is Monday 23 November."""


def expected(days: int) -> dict[str, tuple[date, int]]:
    """Client name -> (day counted from, working days) for every client beyond ``days``,
    from jobs.csv (oldest received date of open jobs) and the Loire Conseil call."""
    oldest: dict[str, date] = {}
    for job in facts.jobs():
        if job.status in facts.OPEN:
            oldest[job.client] = min(oldest.get(job.client, job.received), job.received)
    oldest[LOIRE] = LAST_LOIRE_CALL
    counted = {c: (d, facts.working_days_after(d, TODAY)) for c, d in oldest.items()}
    return {c: v for c, v in counted.items() if v[1] > days}


def test_neglected_clients_at_the_scenario_now(atelier: ServiceContext) -> None:
    report = clients_owed_attention(atelier, SCENARIO_NOW)
    want = expected(5)
    assert want  # the scenario does have neglected clients
    got = {c.client.name: (c.counted_from, c.working_days) for c in report.clients}
    assert got == want
    assert all(c.status == "neglected" and c.last is None for c in report.clients)
    days = [c.working_days for c in report.clients]
    assert days == sorted(days, reverse=True)
    for item in report.clients:
        assert {j.title for j in item.open_jobs} == facts.open_titles(item.client.name)


def test_the_threshold_is_the_setting(atelier: ServiceContext) -> None:
    set_setting(atelier, "plan.attention_days", "10")
    report = clients_owed_attention(atelier, SCENARIO_NOW)
    assert {c.client.name for c in report.clients} == set(expected(10))
    set_setting(atelier, "plan.attention_days", "0")
    assert clients_owed_attention(atelier, SCENARIO_NOW).clients == ()


def test_a_sent_update_is_attention(atelier: ServiceContext) -> None:
    name = "Éditions du Marais"  # no event of agenda.ics names it
    assert name in expected(5)
    mark_sent(atelier, compose_update(atelier, name, SCENARIO_NOW))
    report = clients_owed_attention(atelier, SCENARIO_NOW)
    assert name not in {c.client.name for c in report.clients}
    # ... until N working days have passed again: Monday + 6 working days = Tuesday 8 Dec
    later = SCENARIO_NOW + timedelta(days=8)
    again = {c.client.name: c for c in clients_owed_attention(atelier, later).clients}
    assert again[name].last == SCENARIO_NOW
    assert again[name].working_days == facts.working_days_after(TODAY, later.date()) == 6


def test_a_client_waiting_for_its_own_input_is_paused(atelier: ServiceContext) -> None:
    client = "M. Paul Guérin"
    assert client in expected(5)
    with atelier.uow() as uow:
        titles = sorted(facts.open_titles(client))
        jobs = [find_job(uow, t, client) for t in titles]
    for job in jobs:
        set_job_status(atelier, job.id, JobStatus.WAITING)
    report = clients_owed_attention(atelier, SCENARIO_NOW)
    by_name = {c.client.name: c for c in report.clients}
    assert by_name[client].status == "waiting"
    assert client not in {c.client.name for c in report.neglected}
    assert report.clients[-1].client.name == client  # the waiting ones come last
    # one job back to work: the client is owed attention again
    set_job_status(atelier, jobs[0].id, JobStatus.TODO)
    again = clients_owed_attention(atelier, SCENARIO_NOW)
    assert client in {c.client.name for c in again.neglected}


def test_working_days_skip_weekends_and_holidays(atelier: ServiceContext) -> None:
    settings = atelier.settings()
    working = working_time(atelier, settings, SCENARIO_NOW - timedelta(days=60), SCENARIO_NOW)
    # Friday 6 Nov -> Monday 16 Nov: 9, 10, 12, 13, 16 (Wednesday 11 is Armistice)
    assert working_days_after(working, date(2026, 11, 6), date(2026, 11, 16)) == 5
    assert working_days_after(working, TODAY, TODAY) == 0
