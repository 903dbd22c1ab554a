"""The income report (``creneau report``): per client and in total over a month, the hours
done, the income and the effective hourly rate; planned versus done; the "imported" line;
the fixed-price jobs delivered; returning clients.

Service layer; stores nothing. The rules (also in the README, "Money"):

- **Hourly work** (a job without a fixed price) counts in the month it was done: each
  finished time entry in the month of the local date of its start (zone: the ``timezone``
  setting). It is worth its minutes x the job's hourly rate (``Job.hourly_rate``, else the
  client's) / 60, rounded to the cent once per job and month. A job with no rate at all
  counts in the hours, not in the income, and is listed in ``unrated_jobs``.
- **A fixed price** counts in the month of delivery: a job marked done whose ``done_on``
  falls in the month. Its hours still count as hours done in the months they were done.
- **Imported time** has no date: a job's time spent beyond its time entries
  (``spent_minutes`` - their minutes, never below 0: the hours typed or imported from a
  CSV) goes on the separate *imported* line, in no month, worth the same rate; so does the
  price of a fixed-price job done without a delivery date.
- A running timer counts once it is stopped.
- **Planned** hours are those of the stored plan (the last one computed: every change
  replans) in the month: its work and meeting blocks and the pinned blocks it holds, by
  the local date of their start. The stored plan starts when it was computed
  (``plan_computed_at``): the earlier part of the month is not planned in it.
- The **effective hourly rate** is income / hours done, fixed-price work included; per
  fixed-price job delivered, its price / all the time spent on it.
- **Returning clients**: for each client, the jobs received (by ``Job.received``) up to
  the end of the month, per quarter over the four quarters ending with it; a client who
  sent jobs in two different months or more came back (``returning``), counting the
  month of the first contact (``Client.first_contact``) when it came before the first
  job (she knew the client before the jobs kept here). A client is *new* in the month
  of its first contact or first job, whichever came first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from creneau.domain.models import (
    BlockKind,
    Client,
    Job,
    JobStatus,
    PinnedBlock,
    SavedPlan,
    TimeEntry,
)
from creneau.domain.money import ZERO, effective_rate, hours, job_rate, time_value
from creneau.domain.periods import Period, quarter_of
from creneau.services.catalog import find_client
from creneau.services.context import ServiceContext


@dataclass(frozen=True, slots=True)
class Figures:
    """Hours and income of one client (or of all) over a period.

    Args:
        minutes: time done (finished time entries), in minutes.
        hourly_income: what the hourly work of these minutes is worth, in euros.
        fixed_income: fixed prices of the jobs delivered, in euros.
        planned_minutes: time the stored plan gives the client in the period, in minutes.
        unrated_minutes: the part of ``minutes`` paid by the hour at no known rate.
    """

    minutes: int = 0
    hourly_income: Decimal = ZERO
    fixed_income: Decimal = ZERO
    planned_minutes: int = 0
    unrated_minutes: int = 0

    @property
    def income(self) -> Decimal:
        """Hourly and fixed-price income, in euros."""
        return self.hourly_income + self.fixed_income

    @property
    def effective_rate(self) -> Decimal | None:
        """Income per hour done, in euros (None without time done)."""
        return effective_rate(self.income, self.minutes)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.minutes + other.minutes,
            self.hourly_income + other.hourly_income,
            self.fixed_income + other.fixed_income,
            self.planned_minutes + other.planned_minutes,
            self.unrated_minutes + other.unrated_minutes,
        )

    @property
    def empty(self) -> bool:
        """Whether nothing was done, earned or planned."""
        return not (self.minutes or self.income or self.planned_minutes)


@dataclass(frozen=True, slots=True)
class ClientLine:
    """One client's figures (a line of the report)."""

    client: Client
    figures: Figures


@dataclass(frozen=True, slots=True)
class FixedPriceJob:
    """A fixed-price job delivered in the period.

    Args:
        job: the job (``done_on`` in the period).
        client: its client.
        minutes: all the time spent on it (``Job.spent_minutes``), in minutes.
    """

    job: Job
    client: Client
    minutes: int

    @property
    def price(self) -> Decimal:
        """The fixed price, in euros."""
        assert self.job.price is not None
        return self.job.price

    @property
    def effective_rate(self) -> Decimal | None:
        """Price per hour spent, in euros (None when no time was recorded)."""
        return effective_rate(self.price, self.minutes)


@dataclass(frozen=True, slots=True)
class ClientHistory:
    """How often a client came with work, up to the end of the report's period.

    Args:
        client: the client.
        first_job: the earliest ``received`` date of its jobs.
        jobs: jobs received up to the end of the period.
        jobs_in_period: of which received in the period.
        months: the number of distinct months in which it sent jobs, counting the month of
            its first contact (``Client.first_contact``) when that came before its first
            job: a client she knew before the jobs kept here came back.
        by_quarter: ``(label, jobs received)`` for the four quarters ending with the
            period's last one, oldest first (labels like ``2026-Q4``).
    """

    client: Client
    first_job: date
    jobs: int
    jobs_in_period: int
    months: int
    by_quarter: tuple[tuple[str, int], ...]

    @property
    def returning(self) -> bool:
        """Whether the client came in two different months or more (see ``months``)."""
        return self.months >= 2

    @property
    def since(self) -> date:
        """Since when she has known the client: its first contact or first job."""
        contact = self.client.first_contact
        return min(self.first_job, contact) if contact else self.first_job

    def status(self, period: Period) -> str | None:
        """``"new"`` (known since the period: first contact and first job in it),
        ``"returning"`` (a job in the period, known before) or None (no job in it)."""
        if not self.jobs_in_period:
            return None
        return "new" if self.since in period else "returning"


@dataclass(frozen=True, slots=True)
class IncomeReport:
    """The income report of one period.

    Args:
        period: the month reported.
        now: when it was made (aware).
        timezone: the IANA zone of the local dates.
        client: the one client reported, or None for all.
        lines: the clients with something done, earned or planned in the period, by name.
        imported: the clients with imported (undated) time or income, by name.
        fixed_jobs: fixed-price jobs delivered in the period, by delivery date.
        history: every client with jobs received up to the period's end, by name.
        unrated_jobs: jobs paid by the hour with time but no rate (job, client).
        plan_computed_at: when the stored plan was computed, or None (no plan yet).
        vat_mention: the ``vat.mention`` setting.
        language: the interface language.
    """

    period: Period
    now: datetime
    timezone: str
    client: Client | None
    lines: tuple[ClientLine, ...]
    imported: tuple[ClientLine, ...]
    fixed_jobs: tuple[FixedPriceJob, ...]
    history: tuple[ClientHistory, ...]
    unrated_jobs: tuple[tuple[Job, Client], ...]
    plan_computed_at: datetime | None
    vat_mention: str
    language: str

    @property
    def total(self) -> Figures:
        """The period's figures over every line."""
        return sum((line.figures for line in self.lines), Figures())

    @property
    def imported_total(self) -> Figures:
        """The imported line over every client."""
        return sum((line.figures for line in self.imported), Figures())


@dataclass
class _Tally:
    """A client's figures while they are summed (mutable)."""

    minutes: int = 0
    hourly: Decimal = ZERO
    fixed: Decimal = ZERO
    planned: int = 0
    unrated: int = 0
    jobs: list[Job] = field(default_factory=list)

    def freeze(self) -> Figures:
        return Figures(self.minutes, self.hourly, self.fixed, self.planned, self.unrated)


def local_day(moment: datetime, tz: Any) -> date:
    """The local date of an aware datetime in the zone ``tz``."""
    return moment.astimezone(tz).date()


def minutes_by_job(
    entries: list[TimeEntry], tz: Any, period: Period | None = None
) -> dict[str, int]:
    """Minutes of the finished entries, per job; only those starting (local date) in
    ``period`` when given. A running entry counts 0."""
    found: dict[str, int] = defaultdict(int)
    for entry in entries:
        if entry.end is not None and (period is None or local_day(entry.start, tz) in period):
            found[entry.job_id] += entry.minutes
    return found


def imported_minutes(job: Job, entry_minutes: int) -> int:
    """A job's time spent without a date: ``spent_minutes`` beyond its time entries (>= 0).

    Args:
        job: the job (``spent_minutes`` is all its time spent: imported or typed, plus
            its time entries).
        entry_minutes: the minutes of its finished time entries.
    """
    return max(0, job.spent_minutes - entry_minutes)


def _planned(
    saved: SavedPlan | None, pins: list[PinnedBlock], jobs: dict[str, Job], tz: Any, period: Period
) -> dict[str, int]:
    planned: dict[str, int] = defaultdict(int)
    if saved is None:
        return planned
    for block in saved.blocks:
        job = jobs.get(block.job_id or "")
        if (
            block.kind in (BlockKind.WORK, BlockKind.MEETING)
            and job is not None
            and local_day(block.start, tz) in period
        ):
            planned[job.client_id] += block.minutes
    for pin in pins:
        job = jobs.get(pin.job_id)
        if job is not None and pin.end > saved.computed_at and local_day(pin.start, tz) in period:
            planned[job.client_id] += pin.minutes
    return planned


def _history(clients: list[Client], jobs: list[Job], period: Period) -> tuple[ClientHistory, ...]:
    quarters: list[Period] = []
    current = quarter_of(period.last)
    for _ in range(4):
        quarters.insert(0, current)
        current = quarter_of(current.first - timedelta(days=1))
    received: dict[str, list[date]] = defaultdict(list)
    for job in jobs:
        if job.received <= period.last:
            received[job.client_id].append(job.received)
    result = []
    for client in clients:
        days = received.get(client.id)
        if not days:
            continue
        result.append(
            ClientHistory(
                client=client,
                first_job=min(days),
                jobs=len(days),
                jobs_in_period=sum(day in period for day in days),
                months=len(
                    {(day.year, day.month) for day in days}
                    | (
                        {(client.first_contact.year, client.first_contact.month)}
                        if client.first_contact and client.first_contact < min(days)
                        else set()
                    )
                ),
                by_quarter=tuple((q.label, sum(day in q for day in days)) for q in quarters),
            )
        )
    return tuple(result)


def income_report(
    ctx: ServiceContext, period: Period, now: datetime, client_query: str | None = None
) -> IncomeReport:
    """The income report of ``period`` (see the module docstring for the rules).

    Args:
        ctx: the service context.
        period: the month (or any range of local dates) reported.
        now: when the report is made (aware).
        client_query: one client only (id or unique part of the name), or None for all.

    Returns:
        The report; amounts in euros, times in minutes.

    Raises:
        NotFoundError, AmbiguousError: ``client_query`` does not name one client.
        InputError: invalid stored settings.
    """
    settings = ctx.settings()
    tz = settings.tz
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        every_client = uow.clients.list()
        only = find_client(uow, client_query) if client_query else None
        jobs = uow.jobs.list(only.id if only else None)
        entries = uow.time_entries.list()
        saved = uow.plans.latest()
        pins = uow.pins.list()
    clients = {c.id: c for c in every_client}
    by_id = {job.id: job for job in jobs}
    entries = [entry for entry in entries if entry.job_id in by_id]
    in_period = minutes_by_job(entries, tz, period)
    in_all = minutes_by_job(entries, tz)
    month: dict[str, _Tally] = defaultdict(_Tally)
    undated: dict[str, _Tally] = defaultdict(_Tally)
    fixed_jobs: list[FixedPriceJob] = []
    unrated: list[tuple[Job, Client]] = []
    for job in jobs:
        client = clients[job.client_id]
        tally, old = month[client.id], undated[client.id]
        done = in_period.get(job.id, 0)
        before = imported_minutes(job, in_all.get(job.id, 0))
        tally.minutes += done
        old.minutes += before
        if job.price is None:
            rate = job_rate(job, client)
            if rate is None:
                tally.unrated += done
                old.unrated += before
                if done or before:
                    unrated.append((job, client))
            else:
                tally.hourly += time_value(done, rate)
                old.hourly += time_value(before, rate)
        elif job.status is JobStatus.DONE and job.done_on is None:
            old.fixed += job.price
        elif job.status is JobStatus.DONE and job.done_on in period:
            tally.fixed += job.price
            fixed_jobs.append(FixedPriceJob(job, client, job.spent_minutes))
    for client_id, minutes in _planned(saved, pins, by_id, tz, period).items():
        month[client_id].planned += minutes
    chosen = [only] if only is not None else every_client
    lines = tuple(
        ClientLine(c, month[c.id].freeze())
        for c in chosen
        if only is not None or not month[c.id].freeze().empty
    )
    imported = tuple(
        ClientLine(c, undated[c.id].freeze()) for c in chosen if not undated[c.id].freeze().empty
    )
    fixed_jobs.sort(key=lambda f: (f.job.done_on or period.first, f.client.name, f.job.title))
    return IncomeReport(
        period=period,
        now=now,
        timezone=settings.values["timezone"],
        client=only,
        lines=lines,
        imported=imported,
        fixed_jobs=tuple(fixed_jobs),
        history=_history(chosen, jobs, period),
        unrated_jobs=tuple(unrated),
        plan_computed_at=saved.computed_at if saved is not None else None,
        vat_mention=settings.values["vat.mention"],
        language=settings.language,
    )


def _money(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount)


def figures_to_json(figures: Figures) -> dict[str, Any]:
    """One line's figures as JSON: hours as decimal hours, amounts in euros."""
    return {
        "hours": float(hours(figures.minutes)),
        "minutes": figures.minutes,
        "income_eur": float(figures.income),
        "hourly_income_eur": float(figures.hourly_income),
        "fixed_income_eur": float(figures.fixed_income),
        "effective_rate_eur": _money(figures.effective_rate),
        "planned_hours": float(hours(figures.planned_minutes)),
        "planned_minutes": figures.planned_minutes,
        "unrated_minutes": figures.unrated_minutes,
    }


def _line(line: ClientLine) -> dict[str, Any]:
    return {"id": line.client.id, "name": line.client.name, **figures_to_json(line.figures)}


def income_to_json(report: IncomeReport) -> dict[str, Any]:
    """The ``report --json`` answer (the schema is in the README, "Money")."""
    imported_total = figures_to_json(report.imported_total)
    for key in ("planned_hours", "planned_minutes"):
        del imported_total[key]
    imported_lines = []
    for line in report.imported:
        data = _line(line)
        del data["planned_hours"], data["planned_minutes"]
        imported_lines.append(data)
    return {
        "period": report.period.label,
        "from": report.period.first.isoformat(),
        "to": report.period.last.isoformat(),
        "timezone": report.timezone,
        "now": report.now.isoformat(),
        "client": report.client.name if report.client else None,
        "clients": [_line(line) for line in report.lines],
        "total": figures_to_json(report.total),
        "imported": {"clients": imported_lines, **imported_total},
        "fixed_price_jobs": [
            {
                "id": f.job.id,
                "client": f.client.name,
                "title": f.job.title,
                "delivered": f.job.done_on.isoformat() if f.job.done_on else None,
                "price_eur": float(f.price),
                "hours": float(hours(f.minutes)),
                "effective_rate_eur": _money(f.effective_rate),
            }
            for f in report.fixed_jobs
        ],
        "plan_computed_at": (
            report.plan_computed_at.isoformat() if report.plan_computed_at else None
        ),
        "returning": [
            {
                "id": h.client.id,
                "name": h.client.name,
                "first_job": h.first_job.isoformat(),
                "since": h.since.isoformat(),
                "jobs": h.jobs,
                "jobs_in_period": h.jobs_in_period,
                "months_with_jobs": h.months,
                "returning": h.returning,
                "status": h.status(report.period),
                "by_quarter": dict(h.by_quarter),
            }
            for h in report.history
        ],
        "unrated_jobs": [
            {"id": job.id, "client": client.name, "title": job.title}
            for job, client in report.unrated_jobs
        ],
        "vat_mention": report.vat_mention,
    }
