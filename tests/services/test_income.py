"""The income report on the "atelier" scenario with a few logged entries: every figure is
worked out by hand in :mod:`tests.services.money_data`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from creneau.domain.models import Block, BlockKind, PinnedBlock, SavedPlan, TimeEntry
from creneau.domain.periods import parse_month
from creneau.services.catalog import add_client, add_job, edit_job, find_job, set_setting
from creneau.services.context import ServiceContext
from creneau.services.income import Figures, IncomeReport, income_report, income_to_json
from tests.conftest import SCENARIO_NOW
from tests.services import atelier as scenario
from tests.services.money_data import (
    ARCHIVES,
    ARCHIVES_RATE,
    BATI,
    CARRE,
    DELIVERED,
    FOURNIL,
    KINE,
    MARAIS,
    PERMIT,
    TRANSCRIPTION,
    deliver,
    log,
    log_all,
    paris,
)


@pytest.fixture
def logged(atelier: ServiceContext) -> ServiceContext:
    """The scenario with the entries logged, the archive job at 75 €/h and the
    transcription delivered on 2 December."""
    log_all(atelier)
    edit_job(atelier, ARCHIVES, {"hourly_rate": ARCHIVES_RATE})
    deliver(atelier, TRANSCRIPTION, DELIVERED)
    return atelier


def report(ctx: ServiceContext, month: str, client: str | None = None) -> IncomeReport:
    return income_report(ctx, parse_month(month), SCENARIO_NOW, client)


def by_name(report: IncomeReport) -> dict[str, Figures]:
    return {line.client.name: line.figures for line in report.lines}


def test_november_hours_and_income_by_hand(logged: ServiceContext) -> None:
    made = report(logged, "2026-11")
    lines = by_name(made)
    assert set(lines) == {CARRE, MARAIS, BATI}  # nothing planned: no plan stored
    assert (lines[CARRE].minutes, lines[CARRE].income) == (135, Decimal("85.50"))
    assert lines[CARRE].effective_rate == Decimal("38.00")
    # the job's own rate (75) wins over the client's (35): 150 x 75 / 60
    assert (lines[BATI].minutes, lines[BATI].income) == (150, Decimal("187.50"))
    # the fixed-price transcription: hours done in November, its price in December
    assert (lines[MARAIS].minutes, lines[MARAIS].income) == (240, Decimal("0"))
    assert lines[MARAIS].effective_rate == Decimal("0.00")
    assert (made.total.minutes, made.total.income) == (525, Decimal("273.00"))
    assert made.total.effective_rate == Decimal("31.20")
    assert made.fixed_jobs == ()
    assert made.plan_computed_at is None


def test_december_counts_the_fixed_price_at_delivery(logged: ServiceContext) -> None:
    made = report(logged, "2026-12")
    lines = by_name(made)
    assert set(lines) == {CARRE, MARAIS, BATI}
    assert (lines[CARRE].minutes, lines[CARRE].income) == (60, Decimal("38.00"))
    assert (lines[MARAIS].minutes, lines[MARAIS].fixed_income) == (200, Decimal("720"))
    assert lines[MARAIS].effective_rate == Decimal("216.00")
    # 30 Nov 23:15Z is 1 Dec 00:15 in Paris: December work
    assert (lines[BATI].minutes, lines[BATI].income) == (90, Decimal("112.50"))
    assert (made.total.minutes, made.total.income) == (350, Decimal("870.50"))
    assert made.total.effective_rate == Decimal("149.23")
    [fixed] = made.fixed_jobs
    assert (fixed.job.title, fixed.job.done_on, fixed.price) == (
        TRANSCRIPTION,
        DELIVERED,
        Decimal("720"),
    )
    assert (fixed.minutes, fixed.effective_rate) == (440, Decimal("98.18"))


@pytest.mark.parametrize("month", ["2026-11", "2026-12", "2026-07"])
def test_imported_hours_go_on_their_own_line_in_every_month(
    logged: ServiceContext, month: str
) -> None:
    made = report(logged, month)
    imported = {line.client.name: line.figures for line in made.imported}
    assert {name: (f.minutes, f.income) for name, f in imported.items()} == {
        CARRE: (120, Decimal("76.00")),
        BATI: (840, Decimal("1050.00")),
        KINE: (210, Decimal("105.00")),
        FOURNIL: (270, Decimal("144.00")),
    }
    total = made.imported_total
    assert (total.minutes, total.income, total.effective_rate) == (
        1440,
        Decimal("1375.00"),
        Decimal("57.29"),
    )


def test_the_month_of_an_entry_is_the_local_date_of_its_start(logged: ServiceContext) -> None:
    set_setting(logged, "timezone", "UTC")  # 30 Nov 23:15Z is now 30 November
    lines = by_name(report(logged, "2026-11"))
    assert (lines[BATI].minutes, lines[BATI].income) == (240, Decimal("300.00"))
    assert BATI not in by_name(report(logged, "2026-12"))


def test_planned_hours_come_from_the_stored_plan(logged: ServiceContext) -> None:
    with logged.uow() as uow:
        permit = find_job(uow, PERMIT)
        archives = find_job(uow, ARCHIVES)
        letters = find_job(uow, "Frappe de 12 comptes rendus")
        meeting = find_job(uow, "Premier rendez-vous succession")
        blocks = (
            Block("b1", paris(11, 30, 14), paris(11, 30, 16), BlockKind.WORK, permit.id,
                  permit.client_id),
            Block("b2", paris(12, 1, 9), paris(12, 1, 10, 30), BlockKind.WORK, letters.id,
                  letters.client_id),
            Block("b3", paris(12, 3, 10), paris(12, 3, 11), BlockKind.MEETING, meeting.id,
                  meeting.client_id),
        )  # fmt: skip
        uow.plans.save(SavedPlan(SCENARIO_NOW, (), blocks))
        uow.pins.add(PinnedBlock(archives.id, paris(11, 30, 16), paris(11, 30, 17)))
        uow.pins.add(PinnedBlock(archives.id, paris(11, 27, 9), paris(11, 27, 10)))  # before
    november = report(logged, "2026-11")
    assert november.plan_computed_at == SCENARIO_NOW
    planned = {name: f.planned_minutes for name, f in by_name(november).items()}
    assert planned == {CARRE: 120, MARAIS: 0, BATI: 60}
    assert november.total.planned_minutes == 180
    december = by_name(report(logged, "2026-12"))
    assert december[KINE].planned_minutes == 90  # planned, nothing done: listed
    assert (december[KINE].minutes, december[KINE].income) == (0, Decimal("0"))
    assert december["M. et Mme Roche"].planned_minutes == 60


def test_a_job_without_any_rate_counts_hours_not_income(atelier: ServiceContext) -> None:
    add_client(atelier, name="Mme Sans Tarif")
    add_job(
        atelier, "Sans Tarif", title="Classement", effort_minutes=120,
        received=date(2026, 11, 2), due=date(2026, 11, 30), spent_minutes=30,
    )  # fmt: skip
    log(atelier, "Classement", paris(11, 3, 9), paris(11, 3, 10, 30), "e1")
    made = report(atelier, "2026-11", "Sans Tarif")
    [line] = made.lines
    assert (line.figures.minutes, line.figures.income) == (90, Decimal("0"))
    assert line.figures.unrated_minutes == 90
    assert [job.title for job, _client in made.unrated_jobs] == ["Classement"]
    [imported] = made.imported
    assert (imported.figures.minutes, imported.figures.unrated_minutes) == (30, 30)


def test_a_running_timer_is_not_counted_until_it_stops(logged: ServiceContext) -> None:
    with logged.uow() as uow:
        job = find_job(uow, PERMIT)
        uow.time_entries.add(TimeEntry("run", job.id, paris(11, 30, 14)))
    assert by_name(report(logged, "2026-11"))[CARRE].minutes == 135


def test_one_client_only(logged: ServiceContext) -> None:
    made = report(logged, "2026-11", "marais")
    assert [line.client.name for line in made.lines] == [MARAIS]
    assert made.imported == ()  # the transcription had nothing spent before
    assert [h.client.name for h in made.history] == [MARAIS]
    quiet = report(logged, "2026-10", "marais")  # a client is listed even with nothing
    assert [(line.client.name, line.figures.empty) for line in quiet.lines] == [(MARAIS, True)]


def test_returning_clients_from_the_received_dates(logged: ServiceContext) -> None:
    # jobs.csv: the bakery's jobs arrived 2026-10-31, 2026-11-28 and 2026-11-30; every
    # other client's jobs arrived in November 2026
    fournil = sorted(j.received for j in scenario.jobs() if j.client == FOURNIL)
    assert fournil == [date(2026, 10, 31), date(2026, 11, 28), date(2026, 11, 30)]
    period = parse_month("2026-11")
    history = {h.client.name: h for h in report(logged, "2026-11").history}
    assert len(history) == 12
    bakery = history[FOURNIL]
    # first contact 2026-03-02 (clients.csv), then jobs in October and November: 3 months
    assert (bakery.jobs, bakery.jobs_in_period, bakery.months) == (3, 2, 3)
    assert bakery.by_quarter == (("2026-Q1", 0), ("2026-Q2", 0), ("2026-Q3", 0), ("2026-Q4", 3))
    assert bakery.returning and bakery.status(period) == "returning"
    assert bakery.since == date(2026, 3, 2)
    # the physiotherapists: first contact 2026-06-09, three jobs in November: known since
    # June, so back this month
    physio = history[KINE]
    assert (physio.jobs, physio.first_job, physio.months) == (3, date(2026, 11, 10), 2)
    assert physio.returning and physio.status(period) == "returning"
    # clients.csv: first contacts in November 2026 for the winery (11-23), the Roches
    # (11-25) and the joinery (11-27): new this month; every other one was met before
    new_in_november = {
        "Domaine viticole des Coteaux",
        "M. et Mme Roche",
        "Menuiserie Cholet Bois",
    }
    assert {name for name, h in history.items() if not h.returning} == new_in_november
    assert {name for name, h in history.items() if h.status(period) == "new"} == new_in_november
    # in October only the bakery had sent a job; known since March: it came back
    october = report(logged, "2026-10").history
    assert [(h.client.name, h.jobs, h.months, h.returning) for h in october] == [
        (FOURNIL, 1, 2, True)
    ]
    assert october[0].status(parse_month("2026-10")) == "returning"
    january = report(logged, "2027-01").history[0]
    assert [label for label, _n in january.by_quarter] == [
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
        "2027-Q1",
    ]


def test_json_answer(logged: ServiceContext) -> None:
    data = income_to_json(report(logged, "2026-12", "marais"))
    assert (data["period"], data["from"], data["to"]) == ("2026-12", "2026-12-01", "2026-12-31")
    assert data["timezone"] == "Europe/Paris"
    assert data["client"] == MARAIS
    [line] = data["clients"]
    assert line["name"] == MARAIS
    assert (line["hours"], line["minutes"], line["income_eur"]) == (3.33, 200, 720.0)
    assert (line["fixed_income_eur"], line["effective_rate_eur"]) == (720.0, 216.0)
    assert data["total"]["income_eur"] == 720.0
    assert data["fixed_price_jobs"][0]["delivered"] == "2026-12-02"
    assert data["fixed_price_jobs"][0]["effective_rate_eur"] == 98.18
    assert data["imported"] == {
        "clients": [],
        "hours": 0.0,
        "minutes": 0,
        "income_eur": 0.0,
        "hourly_income_eur": 0.0,
        "fixed_income_eur": 0.0,
        "effective_rate_eur": None,
        "unrated_minutes": 0,
    }
    assert data["vat_mention"] == "TVA non applicable, art. 293 B du CGI"
    assert isinstance(datetime.fromisoformat(data["now"]), datetime)


def test_a_first_contact_counts_only_before_the_first_job(logged: ServiceContext) -> None:
    add_client(logged, name="Sans Contact")  # no first contact known
    add_client(logged, name="Contact Tardif", first_contact=date(2026, 11, 25))
    for client in ("Sans Contact", "Contact Tardif"):
        add_job(
            logged,
            client,
            title="Courrier",
            effort_minutes=60,
            received=date(2026, 11, 20),
            due=date(2026, 12, 10),
        )
    period = parse_month("2026-11")
    history = {h.client.name: h for h in report(logged, "2026-11").history}
    for name in ("Sans Contact", "Contact Tardif"):  # one month each: new, not returning
        found = history[name]
        assert (found.months, found.returning, found.status(period)) == (1, False, "new")
        assert found.since == date(2026, 11, 20)
