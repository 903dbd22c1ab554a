"""Domain values refuse what cannot be, naming the field."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from creneau.domain.models import Client, Job, JobStatus
from creneau.domain.text import normalize, stable_id


def job(**kw: object) -> Job:
    fields: dict[str, object] = {
        "id": "j1", "client_id": "c1", "title": "T", "effort_minutes": 60,
        "received": date(2026, 12, 1), "due": date(2026, 12, 4),
    }  # fmt: skip
    fields.update(kw)
    return Job(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"effort_minutes": -30}, "effort"),
        ({"effort_minutes": 0}, "effort"),
        ({"due": date(2026, 11, 30)}, "due"),
        ({"due": datetime(2026, 12, 4, 12)}, "due"),  # noqa: DTZ001 - a naive due is refused
        ({"spent_minutes": -1}, "spent"),
    ],
)
def test_invalid_jobs(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}"):
        job(**changes)


def test_remaining_effort() -> None:
    assert job(effort_minutes=120, spent_minutes=45).remaining_effort_minutes == 75
    assert job(effort_minutes=60, spent_minutes=90).remaining_effort_minutes == 0
    assert job(remaining_minutes=30, spent_minutes=90).remaining_effort_minutes == 30
    assert job(status=JobStatus.DONE).remaining_effort_minutes == 0


def test_client_importance_range() -> None:
    with pytest.raises(ValueError, match=r"^importance"):
        Client(id="c1", name="X", importance=6)


def test_matching_ignores_case_and_accents() -> None:
    assert normalize("SARL Bâti-Ouest") == normalize("sarl bati-OUEST")


def test_stable_ids_are_reproducible_and_unique() -> None:
    first = stable_id("c", "Éditions du Marais")
    assert first == stable_id("c", "editions du marais")
    assert stable_id("c", "Éditions du Marais", {first}) != first
