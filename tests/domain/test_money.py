"""Money rules: the rate of a job, what time is worth, effective rates (to the cent)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from creneau.domain.models import Client, Job
from creneau.domain.money import effective_rate, hours, job_rate, time_value

CLIENT = Client(id="c1", name="Loire Conseil", hourly_rate=Decimal("36"))


def job(**changes: object) -> Job:
    fields: dict[str, object] = {
        "id": "j1",
        "client_id": "c1",
        "title": "Saisie",
        "effort_minutes": 60,
        "received": date(2026, 11, 2),
        "due": date(2026, 11, 6),
    }
    fields.update(changes)
    return Job(**fields)  # type: ignore[arg-type]


def test_the_job_rate_overrides_the_client_rate() -> None:
    assert job_rate(job(), CLIENT) == Decimal("36")
    assert job_rate(job(hourly_rate=Decimal("45")), CLIENT) == Decimal("45")
    assert job_rate(job(hourly_rate=Decimal("0")), CLIENT) == Decimal("0")  # free work
    assert job_rate(job(), Client(id="c2", name="Sans tarif")) is None


def test_a_fixed_price_job_has_no_hourly_rate() -> None:
    assert job_rate(job(price=Decimal("90"), hourly_rate=Decimal("45")), CLIENT) is None


def test_time_value_rounds_half_up_to_the_cent() -> None:
    assert time_value(50, Decimal("32")) == Decimal("26.67")  # 26.666…
    assert time_value(1, Decimal("0.3")) == Decimal("0.01")  # 0.005 rounds up
    assert time_value(90, Decimal("35")) == Decimal("52.50")


def test_effective_rate() -> None:
    assert effective_rate(Decimal("720"), 440) == Decimal("98.18")  # 98.1818…
    assert effective_rate(Decimal("90"), 0) is None
    assert hours(350) == Decimal("5.83")
    assert hours(5) == Decimal("0.08")  # 0.0833…
