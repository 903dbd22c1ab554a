"""What to invoice over a period, and the tables exported for a spreadsheet; figures worked
out by hand in :mod:`tests.services.money_data`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creneau.domain.periods import parse_month, parse_quarter, span
from creneau.services.billable import billable, billable_to_json
from creneau.services.catalog import edit_job, set_setting
from creneau.services.context import ServiceContext
from creneau.services.exports import billable_table, income_table, receipts_table
from creneau.services.income import income_report
from creneau.services.invoicing import add_invoice, pay_invoice, receipts
from tests.conftest import SCENARIO_NOW
from tests.services.money_data import (
    ARCHIVES,
    ARCHIVES_RATE,
    BATI,
    CARRE,
    DELIVERED,
    FOURNIL,
    INVOICES,
    KINE,
    MARAIS,
    PAYMENTS,
    PERMIT,
    TRANSCRIPTION,
    deliver,
    log_all,
)

MENTION = "TVA non applicable, art. 293 B du CGI"


@pytest.fixture
def logged(atelier: ServiceContext) -> ServiceContext:
    log_all(atelier)
    edit_job(atelier, ARCHIVES, {"hourly_rate": ARCHIVES_RATE})
    deliver(atelier, TRANSCRIPTION, DELIVERED)
    return atelier


def test_billable_time_and_prices_by_hand(logged: ServiceContext) -> None:
    add_invoice(logged, MARAIS, "F-2026-042", DELIVERED, job_queries=["transcription"])
    due = billable(logged, span(date(2026, 11, 25), date(2026, 12, 5)), SCENARIO_NOW)
    lines = {
        (c.client.name, line.job.title): (line.fixed, line.minutes, line.rate, line.amount)
        for c in due.clients
        for line in c.lines
    }
    assert lines == {
        (CARRE, PERMIT): (False, 195, Decimal("38"), Decimal("123.50")),
        (BATI, ARCHIVES): (False, 240, Decimal("75"), Decimal("300.00")),
        (MARAIS, TRANSCRIPTION): (True, 440, None, Decimal("720")),
    }
    assert [c.client.name for c in due.clients] == [CARRE, MARAIS, BATI]  # by name
    assert (due.minutes, due.amount) == (875, Decimal("1143.50"))
    marais = next(c for c in due.clients if c.client.name == MARAIS)
    assert marais.lines[0].invoices == ("F-2026-042",)


def test_one_day_and_one_client(logged: ServiceContext) -> None:
    day = billable(logged, span(date(2026, 12, 1), date(2026, 12, 1)), SCENARIO_NOW)
    assert [(c.client.name, c.minutes, c.amount) for c in day.clients] == [
        (CARRE, 60, Decimal("38.00")),
        (BATI, 90, Decimal("112.50")),
    ]
    assert day.amount == Decimal("150.50")
    only = billable(logged, parse_month("2026-12"), SCENARIO_NOW, "bati")
    assert [(c.client.name, c.minutes, c.amount) for c in only.clients] == [
        (BATI, 90, Decimal("112.50"))
    ]


def test_fixed_prices_not_delivered_in_the_period_are_not_billable(
    logged: ServiceContext,
) -> None:
    november = billable(logged, parse_month("2026-11"), SCENARIO_NOW)
    titles = [line.job.title for c in november.clients for line in c.lines]
    assert TRANSCRIPTION not in titles  # 4 h done in November, delivered in December
    assert sorted(titles) == sorted([ARCHIVES, PERMIT])


def test_billable_json(logged: ServiceContext) -> None:
    data = billable_to_json(billable(logged, parse_month("2026-12"), SCENARIO_NOW, "marais"))
    assert (data["from"], data["to"], data["amount_eur"], data["hours"]) == (
        "2026-12-01",
        "2026-12-31",
        720.0,
        7.33,
    )
    [line] = data["clients"][0]["lines"]
    assert line == {
        "job_id": line["job_id"],
        "title": TRANSCRIPTION,
        "kind": "fixed",
        "hours": 7.33,
        "minutes": 440,
        "rate_eur": None,
        "amount_eur": 720.0,
        "delivered": "2026-12-02",
        "invoices": [],
    }


def test_billable_table_rows(logged: ServiceContext) -> None:
    table = billable_table(
        billable(logged, span(date(2026, 12, 1), date(2026, 12, 1)), SCENARIO_NOW)
    )
    assert table.header == (
        "Client",
        "Travail",
        "Type",
        "Heures",
        "Taux (€/h)",
        "Montant (€)",
        "Livré le",
        "Déjà facturé",
    )
    assert table.rows == (
        (CARRE, PERMIT, "à l'heure", Decimal("1.00"), Decimal("38.00"), Decimal("38.00"), None,
         ""),
        (CARRE, "Total", None, Decimal("1.00"), None, Decimal("38.00"), None, ""),
        (BATI, ARCHIVES, "à l'heure", Decimal("1.50"), Decimal("75.00"), Decimal("112.50"),
         None, ""),
        (BATI, "Total", None, Decimal("1.50"), None, Decimal("112.50"), None, ""),
        ("Total", None, None, Decimal("2.50"), None, Decimal("150.50"), None, ""),
    )  # fmt: skip
    assert table.footer == MENTION


def test_income_table_rows_in_english(logged: ServiceContext) -> None:
    set_setting(logged, "language", "en")
    table = income_table(income_report(logged, parse_month("2026-12"), SCENARIO_NOW))
    assert table.header == (
        "Month",
        "Client",
        "Hours done",
        "Income (€)",
        "Effective rate (€/h)",
        "Planned (h)",
    )
    zero = Decimal("0.00")  # no plan stored; clients by name
    assert table.rows == (
        ("2026-12", CARRE, Decimal("1.00"), Decimal("38.00"), Decimal("38.00"), zero),
        ("2026-12", MARAIS, Decimal("3.33"), Decimal("720.00"), Decimal("216.00"), zero),
        ("2026-12", BATI, Decimal("1.50"), Decimal("112.50"), Decimal("75.00"), zero),
        ("2026-12", "Total", Decimal("5.83"), Decimal("870.50"), Decimal("149.23"), zero),
        ("imported", CARRE, Decimal("2.00"), Decimal("76.00"), Decimal("38.00"), None),
        ("imported", FOURNIL, Decimal("4.50"), Decimal("144.00"), Decimal("32.00"), None),
        ("imported", KINE, Decimal("3.50"), Decimal("105.00"), Decimal("30.00"), None),
        ("imported", BATI, Decimal("14.00"), Decimal("1050.00"), Decimal("75.00"), None),
        ("imported", "Total", Decimal("24.00"), Decimal("1375.00"), Decimal("57.29"), None),
    )


def test_receipts_table_rows(atelier: ServiceContext) -> None:
    for number, client, amount, issued in INVOICES:
        add_invoice(atelier, client, number, issued, Decimal(amount))
    for number, amount, paid_on in PAYMENTS:
        pay_invoice(atelier, number, paid_on, Decimal(amount))
    set_setting(atelier, "vat.mention", "")  # empty: no footer
    table = receipts_table(receipts(atelier, parse_quarter("2026-Q4")))
    assert table.header == ("Mois", "Date", "Facture", "Client", "Montant (€)")
    assert table.rows == (
        ("2026-10", date(2026, 10, 2), "F-2026-040", FOURNIL, Decimal("44.00")),
        ("2026-10", None, None, "Total", Decimal("44.00")),
        ("2026-11", date(2026, 11, 20), "F-2026-041", KINE, Decimal("105.00")),
        ("2026-11", None, None, "Total", Decimal("105.00")),
        ("2026-12", date(2026, 12, 15), "F-2026-042", MARAIS, Decimal("300.00")),
        ("2026-12", date(2026, 12, 31), "F-2026-042", MARAIS, Decimal("420.00")),
        ("2026-12", None, None, "Total", Decimal("720.00")),
        ("2026-Q4", None, None, "Total", Decimal("869.00")),
    )
    assert table.footer == ""
