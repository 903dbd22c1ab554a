"""Invoices, payments and receipts by quarter, on the "atelier" scenario; the receipts are
the hand-made example of :mod:`tests.services.money_data`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creneau.domain.errors import AmbiguousError, InputError, NotFoundError
from creneau.domain.periods import parse_month, parse_quarter
from creneau.services.catalog import add_job, delete_client, edit_job, find_job
from creneau.services.context import ServiceContext
from creneau.services.invoicing import (
    add_invoice,
    delete_invoice,
    get_invoice,
    invoice_to_json,
    list_invoices,
    pay_invoice,
    receipts,
    receipts_to_json,
    unpay_invoice,
)
from tests.services.money_data import (
    ARCHIVES,
    CARRE,
    FOURNIL,
    INVOICES,
    KINE,
    MARAIS,
    PAYMENTS,
    PERMIT,
    TRANSCRIPTION,
    log_all,
)


@pytest.fixture
def invoiced(atelier: ServiceContext) -> ServiceContext:
    """The invoices and payments of the hand-made example."""
    for number, client, amount, issued in INVOICES:
        add_invoice(atelier, client, number, issued, Decimal(amount))
    for number, amount, paid_on in PAYMENTS:
        pay_invoice(atelier, number, paid_on, Decimal(amount))
    return atelier


def test_receipts_by_quarter_month_by_month(invoiced: ServiceContext) -> None:
    found = receipts(invoiced, parse_quarter("2026-Q4"))
    assert [(m.month.label, m.total) for m in found.months] == [
        ("2026-10", Decimal("44.00")),
        ("2026-11", Decimal("105.00")),
        ("2026-12", Decimal("720.00")),
    ]
    assert found.total == Decimal("869.00")
    december = found.months[2].receipts
    assert [(r.payment.paid_on, r.invoice.number, r.client.name) for r in december] == [
        (date(2026, 12, 15), "F-2026-042", MARAIS),
        (date(2026, 12, 31), "F-2026-042", MARAIS),
    ]
    assert receipts(invoiced, parse_quarter("2026-Q3")).total == Decimal("100.00")
    assert receipts(invoiced, parse_quarter("2027-Q1")).total == Decimal("123.45")
    assert receipts(invoiced, parse_month("2026-12")).total == Decimal("720.00")


def test_a_quarter_without_receipts_still_lists_its_three_months(
    invoiced: ServiceContext,
) -> None:
    found = receipts(invoiced, parse_quarter("2026-Q2"))
    assert [(m.month.label, m.total, m.receipts) for m in found.months] == [
        ("2026-04", Decimal("0"), ()),
        ("2026-05", Decimal("0"), ()),
        ("2026-06", Decimal("0"), ()),
    ]


def test_receipts_of_one_client(invoiced: ServiceContext) -> None:
    found = receipts(invoiced, parse_quarter("2026-Q4"), "fournil")
    assert found.total == Decimal("44.00")
    assert found.client is not None and found.client.name == FOURNIL


def test_receipts_json(invoiced: ServiceContext) -> None:
    data = receipts_to_json(receipts(invoiced, parse_quarter("2026-Q4")))
    assert (data["period"], data["from"], data["to"]) == ("2026-Q4", "2026-10-01", "2026-12-31")
    assert [(m["month"], m["total_eur"]) for m in data["months"]] == [
        ("2026-10", 44.0),
        ("2026-11", 105.0),
        ("2026-12", 720.0),
    ]
    assert data["months"][0]["receipts"] == [
        {"paid_on": "2026-10-02", "invoice": "F-2026-040", "client": FOURNIL, "amount_eur": 44.0}
    ]
    assert data["total_eur"] == 869.0
    assert data["vat_mention"] == "TVA non applicable, art. 293 B du CGI"


def test_balance_and_status(invoiced: ServiceContext) -> None:
    states = {s.invoice.number: s for s in list_invoices(invoiced)}
    assert [s.invoice.number for s in list_invoices(invoiced)] == [n for n, *_ in INVOICES]
    assert {n: (s.paid, s.balance, s.status) for n, s in states.items()} == {
        "F-2026-040": (Decimal("144.00"), Decimal("0"), "paid"),
        "F-2026-041": (Decimal("105.00"), Decimal("0"), "paid"),
        "F-2026-042": (Decimal("720.00"), Decimal("0"), "paid"),
        "F-2026-043": (Decimal("123.45"), Decimal("0"), "paid"),
    }
    unpay_invoice(invoiced, "F-2026-042")  # the 420.00 of 31 December
    left = get_invoice(invoiced, "F-2026-042")
    assert (left.paid, left.balance, left.status) == (
        Decimal("300.00"),
        Decimal("420.00"),
        "partly_paid",
    )
    assert [s.invoice.number for s in list_invoices(invoiced, unpaid_only=True)] == ["F-2026-042"]
    assert [s.invoice.number for s in list_invoices(invoiced, "marais")] == ["F-2026-042"]


def test_a_payment_defaults_to_the_balance_due(atelier: ServiceContext) -> None:
    add_invoice(atelier, KINE, "F-1", date(2026, 11, 5), Decimal("105"))
    pay_invoice(atelier, "F-1", date(2026, 11, 10), Decimal("5.50"))
    state, payment = pay_invoice(atelier, "F-1", date(2026, 11, 20))
    assert payment.amount == Decimal("99.50")
    assert (state.balance, state.status) == (Decimal("0"), "paid")


def test_payments_above_the_balance_or_not_positive_are_refused(
    invoiced: ServiceContext,
) -> None:
    unpay_invoice(invoiced, "F-2026-042")  # 420.00 due
    with pytest.raises(InputError, match=r"more than the balance due.*420\.00") as caught:
        pay_invoice(invoiced, "F-2026-042", date(2027, 1, 2), Decimal("420.01"))
    assert caught.value.field == "--amount"
    for amount in ("0", "-5", "1.005"):
        with pytest.raises(InputError) as caught:
            pay_invoice(invoiced, "F-2026-042", date(2027, 1, 2), Decimal(amount))
        assert caught.value.field == "--amount"
    with pytest.raises(InputError, match="paid in full already"):
        pay_invoice(invoiced, "F-2026-041", date(2027, 1, 2))
    assert get_invoice(invoiced, "F-2026-042").balance == Decimal("420.00")  # nothing stored


def test_unknown_invoice_numbers_are_not_found(invoiced: ServiceContext) -> None:
    for action in (
        lambda: pay_invoice(invoiced, "F-9999", date(2026, 12, 1)),
        lambda: unpay_invoice(invoiced, "F-9999"),
        lambda: delete_invoice(invoiced, "F-9999"),
        lambda: get_invoice(invoiced, "F-9999"),
    ):
        with pytest.raises(NotFoundError, match="no invoice matches 'F-9999'"):
            action()


def test_invoice_numbers_are_unique_and_amounts_checked(invoiced: ServiceContext) -> None:
    with pytest.raises(InputError, match="exists already") as caught:
        add_invoice(invoiced, KINE, "F-2026-041", date(2026, 12, 1), Decimal("10"))
    assert caught.value.field == "--number"
    for amount, message in (
        ("-10", "must be more than 0"),
        ("0", "must be more than 0"),
        ("1E+23", "check the amount"),
        ("1000000.01", "check the amount"),
    ):
        with pytest.raises(InputError, match=message) as caught:
            add_invoice(invoiced, KINE, "F-2026-050", date(2026, 12, 1), Decimal(amount))
        assert caught.value.field == "AMOUNT"
    with pytest.raises(InputError) as caught:
        add_invoice(invoiced, KINE, "  ", date(2026, 12, 1), Decimal("10"))
    assert caught.value.field == "--number"
    with pytest.raises(InputError, match="give the AMOUNT"):
        add_invoice(invoiced, KINE, "F-2026-050", date(2026, 12, 1))
    with pytest.raises(AmbiguousError):
        add_invoice(invoiced, "cabinet", "F-2026-050", date(2026, 12, 1), Decimal("10"))
    assert len(list_invoices(invoiced)) == 4


def test_the_amount_defaults_to_what_the_jobs_are_worth(atelier: ServiceContext) -> None:
    log_all(atelier)
    edit_job(atelier, ARCHIVES, {"hourly_rate": Decimal("75")})
    # the permit: 2 h imported + 135 + 60 min logged = 315 min x 38 €/h = 199.50
    state = add_invoice(atelier, CARRE, "F-10", date(2026, 12, 4), job_queries=["permis"])
    assert state.invoice.amount == Decimal("199.50")
    assert [job.title for job in state.jobs] == [PERMIT]
    # the transcription is a fixed price: 720, whatever the time spent
    both = add_invoice(atelier, MARAIS, "F-11", date(2026, 12, 4), job_queries=["transcription"])
    assert both.invoice.amount == Decimal("720")
    # a job already on an invoice: the default would bill it twice
    with pytest.raises(InputError, match="already on invoice F-10") as caught:
        add_invoice(atelier, CARRE, "F-12", date(2026, 12, 5), job_queries=["permis"])
    assert caught.value.field == "AMOUNT"
    # a job of another client is not found among this client's
    with pytest.raises(NotFoundError):
        add_invoice(atelier, CARRE, "F-12", date(2026, 12, 5), job_queries=[TRANSCRIPTION])
    with pytest.raises(InputError, match="given twice"):
        add_invoice(atelier, CARRE, "F-12", date(2026, 12, 5), Decimal(1), ["permis", "permis"])
    assert [s.invoice.number for s in list_invoices(atelier)] == ["F-10", "F-11"]


def test_delete_takes_the_payments_along(invoiced: ServiceContext) -> None:
    gone = delete_invoice(invoiced, "F-2026-042")
    assert len(gone.payments) == 2
    assert receipts(invoiced, parse_quarter("2026-Q4")).total == Decimal("149.00")


def test_invoice_json(invoiced: ServiceContext) -> None:
    unpay_invoice(invoiced, "F-2026-040")
    data = invoice_to_json(get_invoice(invoiced, "F-2026-040"))
    assert data["number"] == "F-2026-040"
    assert data["client"] == FOURNIL
    assert (data["issued_on"], data["amount_eur"], data["paid_eur"], data["balance_eur"]) == (
        "2026-09-25",
        144.0,
        100.0,
        44.0,
    )
    assert data["status"] == "partly_paid"
    assert data["payments"] == [{"paid_on": "2026-09-30", "amount_eur": 100.0}]


def test_amounts_are_stored_to_the_cent(atelier: ServiceContext) -> None:
    state = add_invoice(atelier, KINE, "F-1", date(2026, 11, 5), Decimal("105"))
    assert str(state.invoice.amount) == "105.00"
    with atelier.uow() as uow:
        assert find_job(uow, "lot 2").title == "Comptes rendus de novembre (lot 2)"


def test_a_client_with_invoices_is_not_deleted(invoiced: ServiceContext) -> None:
    with pytest.raises(InputError, match=r"has invoices \(F-2026-040\)") as caught:
        delete_client(invoiced, "fournil")
    assert caught.value.field == "CLIENT"
    assert len(list_invoices(invoiced)) == 4
    delete_invoice(invoiced, "F-2026-040")
    delete_client(invoiced, "fournil")  # once its invoice is gone
    assert receipts(invoiced, parse_quarter("2026-Q4")).total == Decimal("825.00")


def test_an_invoice_or_payment_dated_after_today_is_refused(invoiced: ServiceContext) -> None:
    today = date(2026, 11, 30)
    with pytest.raises(InputError, match="after today") as caught:
        add_invoice(invoiced, KINE, "F-2026-060", date(2026, 12, 1), Decimal("10"), today=today)
    assert caught.value.field == "--on"
    add_invoice(invoiced, KINE, "F-2026-060", today, Decimal("10"), today=today)
    with pytest.raises(InputError, match="after today") as caught:
        pay_invoice(invoiced, "F-2026-060", date(2026, 12, 1), today=today)
    assert caught.value.field == "--on"
    assert get_invoice(invoiced, "F-2026-060").balance == Decimal("10")
    _state, payment = pay_invoice(invoiced, "F-2026-060", today, today=today)
    assert payment.amount == Decimal("10")


def test_jobs_worth_nothing_yet_give_no_default_amount(atelier: ServiceContext) -> None:
    add_job(
        atelier,
        CARRE,
        title="Courrier neuf",
        effort_minutes=60,
        received=date(2026, 11, 30),
        due=date(2026, 12, 4),
    )
    edit_job(atelier, "Courrier neuf", {"hourly_rate": Decimal("40")})  # 0 min spent: 0 €
    with pytest.raises(InputError, match="worth 0") as caught:
        add_invoice(atelier, CARRE, "F-20", date(2026, 11, 30), job_queries=["Courrier neuf"])
    assert caught.value.field == "AMOUNT"
    assert list_invoices(atelier) == []


def test_a_payment_before_the_invoice_was_issued_is_refused(atelier: ServiceContext) -> None:
    add_invoice(atelier, KINE, "F-1", date(2026, 11, 10), Decimal("105"))
    with pytest.raises(InputError, match="before invoice F-1 was issued") as caught:
        pay_invoice(atelier, "F-1", date(2026, 11, 9))
    assert caught.value.field == "--on"
    assert get_invoice(atelier, "F-1").payments == ()
    _state, payment = pay_invoice(atelier, "F-1", date(2026, 11, 10))  # the same day is fine
    assert payment.amount == Decimal("105")
