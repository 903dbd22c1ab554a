"""Money rules: which rate a job is paid at, what time is worth, effective hourly rates.

Pure standard library. Amounts are exact :class:`~decimal.Decimal` euros, rounded to the
cent half up (the usual commercial rounding) only where a figure is shown or summed: an
hourly amount is rounded once per job and period, so that the lines of a report add up to
its totals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from creneau.domain.models import Client, Job

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    """``amount`` rounded to the cent, half up.

    >>> cents(Decimal("26.665"))
    Decimal('26.67')
    """
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def job_rate(job: Job, client: Client) -> Decimal | None:
    """The hourly rate of a job paid by the hour: its own rate, else its client's.

    Args:
        job: the job (its ``hourly_rate`` overrides the client's).
        client: the job's client.

    Returns:
        Euros per hour, or None when neither the job nor the client has a rate. A job
        with a fixed ``price`` is not paid by the hour: its rate is None.
    """
    if job.price is not None:
        return None
    return job.hourly_rate if job.hourly_rate is not None else client.hourly_rate


def time_value(minutes: int, rate: Decimal) -> Decimal:
    """What ``minutes`` of work are worth at ``rate`` euros an hour, to the cent.

    >>> time_value(50, Decimal("32"))
    Decimal('26.67')
    """
    return cents(Decimal(minutes) * rate / 60)


def effective_rate(amount: Decimal, minutes: int) -> Decimal | None:
    """Euros earned per hour worked (``amount / hours``), to the cent; None without time.

    >>> effective_rate(Decimal("90"), 200)
    Decimal('27.00')
    """
    if minutes <= 0:
        return None
    return cents(amount * 60 / Decimal(minutes))


def hours(minutes: int) -> Decimal:
    """Decimal hours to the hundredth (``90`` -> ``1.50``), half up, for tables and files."""
    return cents(Decimal(minutes) / 60)
