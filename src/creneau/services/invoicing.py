"""Invoices and payments (``creneau invoice``), and the receipts she declares
(``creneau report --receipts``).

Service layer. Each use case is one transaction: a refused change stores nothing.

Rules:

- An invoice has a unique number (as printed), a client, a date of issue and an amount in
  euros; it may list the jobs it bills (jobs of that client). Without an amount, the
  amount is what the listed jobs are worth: a fixed price, or all the time spent on an
  hourly job x its rate (:func:`job_value`); that default is refused when a job is already
  on another invoice (part of it was billed) or has neither a price nor a rate.
- A payment is money received for one invoice, on a date; an invoice may be paid in
  several payments. By default a payment is the balance due; a payment above the balance
  due, or on an invoice already paid, is refused.
- **Receipts** are the payments by the date they were received, month by month: under
  the micro-social regime (Code de la sécurité sociale, art. L613-7) a micro-entrepreneur
  declares to the Urssaf, each month or quarter, the sums actually cashed in it
  (*chiffre d'affaires encaissé*), not what was invoiced (service-public.fr, "Micro-
  entrepreneur : quand déclarer son chiffre d'affaires ?", F23257).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import Client, Invoice, Job, Payment
from creneau.domain.money import ZERO, cents, job_rate, time_value
from creneau.domain.periods import Period
from creneau.domain.text import stable_id
from creneau.services.catalog import find_client, find_job
from creneau.services.context import ServiceContext
from creneau.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class InvoiceState:
    """An invoice with its client, jobs and payments.

    Args:
        invoice: the invoice.
        client: its client.
        jobs: the jobs it bills, in its order.
        payments: the payments received for it, by date.
    """

    invoice: Invoice
    client: Client
    jobs: tuple[Job, ...]
    payments: tuple[Payment, ...]

    @property
    def paid(self) -> Decimal:
        """Euros received so far."""
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def balance(self) -> Decimal:
        """Euros still due (never below 0)."""
        return max(ZERO, self.invoice.amount - self.paid)

    @property
    def status(self) -> str:
        """``"paid"``, ``"partly_paid"`` or ``"unpaid"``."""
        if self.balance == 0:
            return "paid"
        return "partly_paid" if self.payments else "unpaid"


def job_value(job: Job, client: Client) -> Decimal | None:
    """What a whole job is worth: its fixed price, or all its time spent x its hourly rate
    (the job's, else the client's), to the cent; None when it has neither."""
    if job.price is not None:
        return job.price
    rate = job_rate(job, client)
    return None if rate is None else time_value(job.spent_minutes, rate)


def _state(uow: UnitOfWork, invoice: Invoice) -> InvoiceState:
    client = uow.clients.get(invoice.client_id)
    assert client is not None  # a foreign key: deleting a client deletes its invoices
    jobs = tuple(job for job_id in invoice.job_ids if (job := uow.jobs.get(job_id)) is not None)
    return InvoiceState(invoice, client, jobs, tuple(uow.payments.list(invoice.id)))


def _find(uow: UnitOfWork, number: str) -> Invoice:
    invoice = uow.invoices.get_by_number(number.strip())
    if invoice is None:
        raise NotFoundError("invoice", number)
    return invoice


LARGEST_AMOUNT = Decimal(1_000_000)
"""Euros: an invoice or payment above this is a typing mistake for a micro-entrepreneur."""


def _check_amount(amount: Decimal, option: str) -> Decimal:
    if not amount.is_finite():
        raise InputError(f"not an amount: '{amount}'", field=option, value=str(amount))
    if amount <= 0:
        raise InputError(f"must be more than 0: {amount}", field=option, value=str(amount))
    if amount > LARGEST_AMOUNT:
        raise InputError(
            f"{amount} € is more than {LARGEST_AMOUNT} €: check the amount",
            field=option,
            value=str(amount),
        )
    if amount != cents(amount):
        raise InputError(
            f"give whole cents: {amount} (e.g. {cents(amount)})", field=option, value=str(amount)
        )
    return cents(amount)


def add_invoice(
    ctx: ServiceContext,
    client_query: str,
    number: str,
    issued_on: date,
    amount: Decimal | None = None,
    job_queries: Sequence[str] = (),
    notes: str = "",
    *,
    today: date | None = None,
) -> InvoiceState:
    """Record an invoice sent to a client.

    Args:
        ctx: the service context.
        client_query: the client (id or unique part of the name).
        number: the invoice number as printed (unique).
        issued_on: the date of issue.
        amount: the total in euros (>= 0, whole cents); None: what the jobs are worth
            (see the module docstring).
        job_queries: the jobs it bills (ids or unique parts of titles, among the client's).
        notes: free text.
        today: her local date; when given, an issue date after it is refused (receipts
            and reports would count an invoice not sent yet).

    Returns:
        The stored invoice, with its client and jobs.

    Raises:
        NotFoundError, AmbiguousError: the client or a job is not found.
        InputError: naming the field: empty or taken ``--number``, a bad ``AMOUNT``, a job
            given twice, no amount and no job to compute it from (or jobs worth 0 € so
            far), an issue date after ``today`` (``--on``). An amount is more than 0 and
            at most :data:`LARGEST_AMOUNT`.
    """
    if not number.strip():
        raise InputError("give the invoice number (e.g. --number 2026-041)", field="--number")
    _not_after_today(issued_on, today, "an invoice is recorded once sent")
    if amount is not None:
        amount = _check_amount(amount, "AMOUNT")
    with ctx.uow() as uow:
        client = find_client(uow, client_query)
        jobs = [find_job(uow, query, client.id) for query in job_queries]
        ids = [job.id for job in jobs]
        twice = next((job for job in jobs if ids.count(job.id) > 1), None)
        if twice is not None:
            raise InputError(f"'{twice.title}' is given twice", field="--job", value=twice.id)
        if uow.invoices.get_by_number(number.strip()) is not None:
            raise InputError(
                f"an invoice numbered '{number.strip()}' exists already",
                field="--number",
                value=number,
            )
        if amount is None:
            amount = _default_amount(uow, client, jobs)
        invoice = Invoice(
            id=stable_id("i", number.strip(), {i.id for i in uow.invoices.list()}),
            client_id=client.id,
            number=number.strip(),
            issued_on=issued_on,
            amount=amount,
            job_ids=tuple(ids),
            notes=notes,
        )
        uow.invoices.add(invoice)
        return _state(uow, invoice)


def _default_amount(uow: UnitOfWork, client: Client, jobs: list[Job]) -> Decimal:
    if not jobs:
        raise InputError("give the AMOUNT, or the jobs it bills with --job", field="AMOUNT")
    billed = {job_id: i.number for i in uow.invoices.list() for job_id in i.job_ids}
    total = ZERO
    for job in jobs:
        if job.id in billed:
            raise InputError(
                f"'{job.title}' is already on invoice {billed[job.id]}: give the AMOUNT of "
                "this one",
                field="AMOUNT",
            )
        value = job_value(job, client)
        if value is None:
            raise InputError(
                f"'{job.title}' has no fixed price and no hourly rate (nor has {client.name}): "
                "give the AMOUNT, or a rate with 'job edit --rate'",
                field="AMOUNT",
            )
        total += value
    if total == 0:
        raise InputError(
            "the jobs are worth 0 € so far (no time recorded on them): give the AMOUNT",
            field="AMOUNT",
        )
    return cents(total)


def _not_after_today(day: date, today: date | None, why: str) -> None:
    if today is not None and day > today:
        raise InputError(
            f"{day} is after today ({today}): {why}", field="--on", value=day.isoformat()
        )


def pay_invoice(
    ctx: ServiceContext,
    number: str,
    paid_on: date,
    amount: Decimal | None = None,
    *,
    today: date | None = None,
) -> tuple[InvoiceState, Payment]:
    """Record money received for an invoice.

    Args:
        ctx: the service context.
        number: the invoice number.
        paid_on: the date the money was received.
        amount: euros received (> 0, whole cents, at most the balance due); None: the
            balance due.
        today: her local date; when given, a payment date after it is refused (the
            receipts are declared by the date the money came in).

    Returns:
        The invoice after the payment, and the payment.

    Raises:
        NotFoundError: no invoice has this number.
        InputError: field ``--amount``: zero, negative, above the balance due (or
            :data:`LARGEST_AMOUNT`), or the invoice is paid already; field ``--on``: a date
            after ``today`` or before the invoice's date of issue.
    """
    _not_after_today(paid_on, today, "record a payment once the money is in")
    if amount is not None:
        amount = _check_amount(amount, "--amount")
    with ctx.uow() as uow:
        state = _state(uow, _find(uow, number))
        if paid_on < state.invoice.issued_on:
            raise InputError(
                f"{paid_on} is before invoice {state.invoice.number} was issued "
                f"({state.invoice.issued_on})",
                field="--on",
                value=paid_on.isoformat(),
            )
        balance = state.balance
        if balance == 0:
            raise InputError(
                f"invoice {state.invoice.number} is paid in full already "
                f"({state.invoice.amount} €)",
                field="--amount",
            )
        if amount is None:
            amount = balance
        elif amount > balance:
            raise InputError(
                f"{amount} € is more than the balance due on invoice {state.invoice.number} "
                f"({balance} €)",
                field="--amount",
                value=str(amount),
            )
        taken = {p.id for p in uow.payments.list()}
        payment = Payment(
            id=stable_id("p", f"{state.invoice.id} {paid_on} {len(taken)}", taken),
            invoice_id=state.invoice.id,
            paid_on=paid_on,
            amount=amount,
        )
        uow.payments.add(payment)
        return _state(uow, state.invoice), payment


def unpay_invoice(ctx: ServiceContext, number: str) -> tuple[InvoiceState, Payment]:
    """Forget the last payment recorded for an invoice (the latest by date).

    Raises:
        NotFoundError: no invoice has this number.
        InputError: the invoice has no payment.
    """
    with ctx.uow() as uow:
        state = _state(uow, _find(uow, number))
        if not state.payments:
            raise InputError(f"invoice {state.invoice.number} has no payment", field="NUMBER")
        last = state.payments[-1]
        uow.payments.delete(last.id)
        return _state(uow, state.invoice), last


def delete_invoice(ctx: ServiceContext, number: str) -> InvoiceState:
    """Delete an invoice and its payments.

    Returns:
        The invoice as it was, with the payments deleted with it.

    Raises:
        NotFoundError: no invoice has this number.
    """
    with ctx.uow() as uow:
        state = _state(uow, _find(uow, number))
        uow.invoices.delete(state.invoice.id)
        return state


def get_invoice(ctx: ServiceContext, number: str) -> InvoiceState:
    """One invoice with its payments.

    Raises:
        NotFoundError: no invoice has this number.
    """
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        return _state(uow, _find(uow, number))


def list_invoices(
    ctx: ServiceContext, client_query: str | None = None, *, unpaid_only: bool = False
) -> list[InvoiceState]:
    """Invoices by date of issue then number (one client's when given; only those with a
    balance due when ``unpaid_only``).

    Raises:
        NotFoundError, AmbiguousError: ``client_query`` does not name one client.
    """
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        client_id = find_client(uow, client_query).id if client_query else None
        states = [_state(uow, invoice) for invoice in uow.invoices.list(client_id)]
    return [s for s in states if s.balance > 0 or not unpaid_only]


def invoice_to_json(state: InvoiceState) -> dict[str, Any]:
    """One invoice as JSON (the ``invoice list --json`` schema)."""
    invoice = state.invoice
    return {
        "id": invoice.id,
        "number": invoice.number,
        "client_id": state.client.id,
        "client": state.client.name,
        "issued_on": invoice.issued_on.isoformat(),
        "amount_eur": float(invoice.amount),
        "paid_eur": float(state.paid),
        "balance_eur": float(state.balance),
        "status": state.status,
        "jobs": [{"id": job.id, "title": job.title} for job in state.jobs],
        "payments": [
            {"paid_on": p.paid_on.isoformat(), "amount_eur": float(p.amount)}
            for p in state.payments
        ],
        "notes": invoice.notes,
    }


@dataclass(frozen=True, slots=True)
class Receipt:
    """One payment received, with its invoice and client."""

    payment: Payment
    invoice: Invoice
    client: Client


@dataclass(frozen=True, slots=True)
class ReceiptMonth:
    """The receipts of one month (or the part of it in the period).

    Args:
        month: the month, clipped to the period.
        receipts: the payments received in it, by date then invoice number.
    """

    month: Period
    receipts: tuple[Receipt, ...]

    @property
    def total(self) -> Decimal:
        """Euros received in the month."""
        return sum((r.payment.amount for r in self.receipts), ZERO)


@dataclass(frozen=True, slots=True)
class ReceiptsReport:
    """Receipts over a period (a quarter or a month), month by month.

    Args:
        period: the period.
        client: the one client reported, or None for all.
        months: every month of the period, in order (empty months included).
        vat_mention: the ``vat.mention`` setting.
        language: the interface language.
    """

    period: Period
    client: Client | None
    months: tuple[ReceiptMonth, ...]
    vat_mention: str
    language: str

    @property
    def total(self) -> Decimal:
        """Euros received over the period."""
        return sum((m.total for m in self.months), ZERO)


def receipts(
    ctx: ServiceContext, period: Period, client_query: str | None = None
) -> ReceiptsReport:
    """The payments received in ``period``, by date of payment, month by month.

    Args:
        ctx: the service context.
        period: a quarter, a month or any range of dates.
        client_query: one client only (id or unique part of the name), or None.

    Raises:
        NotFoundError, AmbiguousError: ``client_query`` does not name one client.
    """
    settings = ctx.settings()
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        only = find_client(uow, client_query) if client_query else None
        clients = {c.id: c for c in uow.clients.list()}
        invoices = {i.id: i for i in uow.invoices.list(only.id if only else None)}
        payments = [p for p in uow.payments.list() if p.invoice_id in invoices]
    found = sorted(
        (
            Receipt(p, invoices[p.invoice_id], clients[invoices[p.invoice_id].client_id])
            for p in payments
            if p.paid_on in period
        ),
        key=lambda r: (r.payment.paid_on, r.invoice.number, r.payment.id),
    )
    months = tuple(
        ReceiptMonth(month, tuple(r for r in found if r.payment.paid_on in month))
        for month in period.months()
    )
    return ReceiptsReport(period, only, months, settings.values["vat.mention"], settings.language)


def receipts_to_json(report: ReceiptsReport) -> dict[str, Any]:
    """The ``report --receipts --json`` answer (the schema is in the README, "Money")."""
    return {
        "period": report.period.label,
        "from": report.period.first.isoformat(),
        "to": report.period.last.isoformat(),
        "client": report.client.name if report.client else None,
        "months": [
            {
                "month": m.month.label,
                "total_eur": float(m.total),
                "receipts": [
                    {
                        "paid_on": r.payment.paid_on.isoformat(),
                        "invoice": r.invoice.number,
                        "client": r.client.name,
                        "amount_eur": float(r.payment.amount),
                    }
                    for r in m.receipts
                ],
            }
            for m in report.months
        ],
        "total_eur": float(report.total),
        "vat_mention": report.vat_mention,
    }
