"""What to invoice over a period (``creneau report --billable``): per client, the time
done by the hour and the fixed prices delivered.

Service layer; stores nothing. Rules:

- hourly work (a job without a fixed price): the finished time entries whose start's local
  date is in the period, x the job's rate (its own, else its client's), rounded to the cent
  once per job; a job without any rate has a line with no amount (``amount`` None);
- a fixed price: the jobs marked done whose delivery date (``done_on``) is in the period,
  at their price; their hours are all the time spent on them (for the record);
- imported time without dates is never billable in a period (it belongs to no period);
- each line lists the invoices already recorded for its job (``invoices``), so that work
  billed before is seen; nothing is left out for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from creneau.domain.models import Client, Job, JobStatus
from creneau.domain.money import ZERO, hours, job_rate, time_value
from creneau.domain.periods import Period
from creneau.services.catalog import find_client
from creneau.services.context import ServiceContext
from creneau.services.income import minutes_by_job


@dataclass(frozen=True, slots=True)
class BillableLine:
    """One job to invoice.

    Args:
        job: the job.
        fixed: a fixed-price job delivered in the period (else hourly work).
        minutes: hourly work: the time done in the period; fixed price: all the time
            spent on the job.
        rate: euros per hour of hourly work, or None (fixed price, or no rate known).
        amount: euros to invoice, or None for hourly work without a rate.
        invoices: the numbers of the invoices already listing the job.
    """

    job: Job
    fixed: bool
    minutes: int
    rate: Decimal | None
    amount: Decimal | None
    invoices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BillableClient:
    """One client's lines, by job title."""

    client: Client
    lines: tuple[BillableLine, ...]

    @property
    def minutes(self) -> int:
        """Minutes over the lines."""
        return sum(line.minutes for line in self.lines)

    @property
    def amount(self) -> Decimal:
        """Euros over the lines with an amount."""
        return sum((line.amount for line in self.lines if line.amount is not None), ZERO)


@dataclass(frozen=True, slots=True)
class BillableReport:
    """What to invoice over a period.

    Args:
        period: the days covered.
        now: when it was made (aware).
        client: the one client reported, or None for all.
        clients: the clients with something to invoice, by name.
        vat_mention: the ``vat.mention`` setting.
        language: the interface language.
    """

    period: Period
    now: datetime
    client: Client | None
    clients: tuple[BillableClient, ...]
    vat_mention: str
    language: str

    @property
    def minutes(self) -> int:
        """Minutes over every client."""
        return sum(c.minutes for c in self.clients)

    @property
    def amount(self) -> Decimal:
        """Euros over every client."""
        return sum((c.amount for c in self.clients), ZERO)


def billable(
    ctx: ServiceContext, period: Period, now: datetime, client_query: str | None = None
) -> BillableReport:
    """The time and prices to invoice over ``period`` (see the module docstring).

    Args:
        ctx: the service context.
        period: the local dates covered (both ends included).
        now: when the report is made (aware).
        client_query: one client only (id or unique part of the name), or None.

    Raises:
        NotFoundError, AmbiguousError: ``client_query`` does not name one client.
    """
    settings = ctx.settings()
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        clients = uow.clients.list()
        only = find_client(uow, client_query) if client_query else None
        jobs = uow.jobs.list(only.id if only else None)
        entries = uow.time_entries.list()
        invoiced: dict[str, list[str]] = {}
        for invoice in uow.invoices.list():
            for job_id in invoice.job_ids:
                invoiced.setdefault(job_id, []).append(invoice.number)
    done = minutes_by_job(entries, settings.tz, period)
    by_client: dict[str, list[BillableLine]] = {}
    by_id = {c.id: c for c in clients}
    for job in jobs:
        client = by_id[job.client_id]
        numbers = tuple(invoiced.get(job.id, ()))
        line: BillableLine | None = None
        if job.price is None and done.get(job.id):
            rate = job_rate(job, client)
            minutes = done[job.id]
            amount = None if rate is None else time_value(minutes, rate)
            line = BillableLine(job, False, minutes, rate, amount, numbers)
        elif (
            job.price is not None
            and job.status is JobStatus.DONE
            and job.done_on is not None
            and job.done_on in period
        ):
            line = BillableLine(job, True, job.spent_minutes, None, job.price, numbers)
        if line is not None:
            by_client.setdefault(client.id, []).append(line)
    result = tuple(
        BillableClient(c, tuple(sorted(by_client[c.id], key=lambda li: li.job.title.casefold())))
        for c in clients
        if c.id in by_client
    )
    return BillableReport(
        period, now, only, result, settings.values["vat.mention"], settings.language
    )


def _money(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount)


def billable_to_json(report: BillableReport) -> dict[str, Any]:
    """The ``report --billable --json`` answer (the schema is in the README, "Money")."""
    return {
        "from": report.period.first.isoformat(),
        "to": report.period.last.isoformat(),
        "client": report.client.name if report.client else None,
        "clients": [
            {
                "id": c.client.id,
                "name": c.client.name,
                "hours": float(hours(c.minutes)),
                "amount_eur": float(c.amount),
                "lines": [
                    {
                        "job_id": line.job.id,
                        "title": line.job.title,
                        "kind": "fixed" if line.fixed else "hourly",
                        "hours": float(hours(line.minutes)),
                        "minutes": line.minutes,
                        "rate_eur": _money(line.rate),
                        "amount_eur": _money(line.amount),
                        "delivered": line.job.done_on.isoformat()
                        if line.fixed and line.job.done_on
                        else None,
                        "invoices": list(line.invoices),
                    }
                    for line in c.lines
                ],
            }
            for c in report.clients
        ],
        "hours": float(hours(report.minutes)),
        "amount_eur": float(report.amount),
        "vat_mention": report.vat_mention,
    }
