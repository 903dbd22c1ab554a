"""The plan as a calendar (export, feed): UIDs, SEQUENCE, texts, and a feed that stores nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from creneau.services.context import ServiceContext
from creneau.services.planning import compute_plan
from creneau.services.publishing import published_plan, render_feed, revision
from tests.conftest import SCENARIO_NOW


def test_revision_counts_minutes_since_2026() -> None:
    # 2026-01-01 00:00Z + 1 day + 1 hour + 1 minute = 1,440 + 60 + 1 minutes
    assert revision(datetime(2026, 1, 2, 1, 1, tzinfo=UTC)) == 1501
    assert revision(datetime(2025, 12, 31, tzinfo=UTC)) == 0


def test_one_event_per_block_with_its_identity_as_uid(atelier: ServiceContext) -> None:
    report = compute_plan(atelier, SCENARIO_NOW, save=False)
    calendar = published_plan(atelier, SCENARIO_NOW, save=False)
    blocks = [b for b in report.plan.blocks if b.job_id is not None]
    assert [e.uid for e in calendar.events] == [f"{b.id}@creneau" for b in blocks]
    assert len({e.uid for e in calendar.events}) == len(calendar.events)
    # one to-do per open job
    assert len(calendar.todos) == len(report.plan.outcomes)


def test_texts_follow_the_interface_language(atelier: ServiceContext) -> None:
    calendar = published_plan(atelier, SCENARIO_NOW, save=False)
    first = calendar.events[0]
    assert first.summary == f"{first.category} — " + first.summary.split(" — ", 1)[1]
    assert first.description.startswith("Échéance ")  # French by default


def test_the_feed_is_stable_and_stores_nothing(atelier: ServiceContext) -> None:
    with atelier.uow() as uow:
        before = uow.plans.latest()
    once = render_feed(atelier, SCENARIO_NOW)
    twice = render_feed(atelier, SCENARIO_NOW)
    assert once == twice
    with atelier.uow() as uow:
        assert uow.plans.latest() == before
