"""Status updates for a client (``creneau update``), checked against the scenario files."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from babel.dates import format_datetime

from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import JobStatus
from creneau.services.catalog import add_job, edit_client, find_job, set_job_status
from creneau.services.client_update import FINISHED_MARK, compose_update, mark_sent
from creneau.services.context import ServiceContext
from creneau.services.planning import compute_plan
from tests.conftest import PARIS, SCENARIO_NOW
from tests.services import atelier as facts

KINE = "Cabinet de kinésithérapie des Lices"


def day_fr(moment: datetime) -> str:
    """ "mercredi 2 décembre", with the year when it is not the scenario's."""
    text = str(format_datetime(moment, "EEEE d MMMM", tzinfo=PARIS, locale="fr"))
    year = moment.astimezone(PARIS).year
    return text if year == SCENARIO_NOW.year else f"{text} {year}"


def day_en(moment: datetime) -> str:
    return str(format_datetime(moment, "EEEE d MMMM", tzinfo=PARIS, locale="en"))


def due_day(text: str) -> date:
    return date.fromisoformat(text[:10])


def test_the_update_lists_exactly_the_open_jobs_with_their_dates(atelier: ServiceContext) -> None:
    update = compose_update(atelier, "kiné", SCENARIO_NOW)
    assert update.client.name == KINE
    assert update.language == "fr"
    assert {n.job.title for n in update.open_jobs} == facts.open_titles(KINE)
    rows = {j.title: j for j in facts.jobs() if j.client == KINE}
    for news in update.open_jobs:
        # every hard and soft date of this client can be kept at the scenario's now
        assert news.state == "on_time"
        assert news.planned_finish is not None
        assert news.planned_finish.astimezone(PARIS).date() <= due_day(rows[news.job.title].due)
        assert f"{news.job.title} : livraison prévue le {day_fr(news.planned_finish)}." in (
            update.text
        )
    assert update.text.startswith("Bonjour,\n")
    assert update.text.rstrip().endswith("Bien cordialement,")
    # the job delivered on 27 November (done in jobs.csv) is recent news
    done = {j.title for j in facts.jobs() if j.client == KINE and j.status == "done"}
    assert {j.title for j in update.finished} == done
    assert all(f"{FINISHED_MARK} {t}" in update.text for t in done)
    assert update.since is None


def test_the_plan_dates_are_the_plans(atelier: ServiceContext) -> None:
    update = compose_update(atelier, KINE, SCENARIO_NOW)
    report = compute_plan(atelier, SCENARIO_NOW, save=False)
    finish = {o.job_id: o.planned_finish for o in report.plan.outcomes}
    assert {n.job.id: n.planned_finish for n in update.open_jobs} == {
        n.job.id: finish[n.job.id] for n in update.open_jobs
    }


def test_nothing_is_stored_without_sent(atelier: ServiceContext) -> None:
    with atelier.uow() as uow:
        before = uow.plans.latest()
    compose_update(atelier, KINE, SCENARIO_NOW)
    with atelier.uow() as uow:
        assert uow.updates.list() == []
        assert uow.plans.latest() == before


def test_english_for_an_english_client_or_on_request(atelier: ServiceContext) -> None:
    forced = compose_update(atelier, KINE, SCENARIO_NOW, language="en")
    edit_client(atelier, KINE, {"language": "en"})
    own = compose_update(atelier, KINE, SCENARIO_NOW)
    for update in (forced, own):
        assert update.language == "en"
        assert update.text.startswith("Hello,\n")
        assert update.text.rstrip().endswith("Kind regards,")
        for news in update.open_jobs:
            assert news.planned_finish is not None
            line = f"{news.job.title}: expected delivery on {day_en(news.planned_finish)}."
            assert line in update.text
    assert forced.text == own.text
    french = compose_update(atelier, KINE, SCENARIO_NOW, language="fr")
    assert french.text.startswith("Bonjour,")
    with pytest.raises(InputError) as caught:
        compose_update(atelier, KINE, SCENARIO_NOW, language="de")
    assert caught.value.field == "--lang"


def test_sent_is_the_since_of_the_next_update(atelier: ServiceContext) -> None:
    first = compose_update(atelier, KINE, SCENARIO_NOW)
    record = mark_sent(atelier, first)
    assert record.sent_at == SCENARIO_NOW
    with atelier.uow() as uow:
        assert [u.text for u in uow.updates.list(first.client.id)] == [first.text]
        job = find_job(uow, "Courrier aux mutuelles", KINE)
    set_job_status(atelier, job.id, JobStatus.DONE)
    later = SCENARIO_NOW + timedelta(days=1, hours=9)  # Tuesday 17:30
    second = compose_update(atelier, KINE, later)
    assert second.since == SCENARIO_NOW
    assert [j.title for j in second.finished] == ["Courrier aux mutuelles"]  # not lot 2 again
    assert {n.job.title for n in second.open_jobs} == facts.open_titles(KINE) - {job.title}
    assert f"Terminé depuis mon message du {day_fr(SCENARIO_NOW)} :" in second.text


def test_past_blocks_of_the_saved_plan_are_work_done(atelier: ServiceContext) -> None:
    saved = compute_plan(atelier, SCENARIO_NOW)  # saved, as `creneau plan` does
    client = "Atelier d'architecture Carré Bleu"
    ids = {j.id for j in saved.jobs.values() if saved.clients[j.client_id].name == client}
    evening = SCENARIO_NOW.replace(hour=18)
    expected: dict[str, int] = {}
    for block in saved.plan.blocks:
        if block.job_id in ids and block.end <= evening:
            expected[block.job_id] = expected.get(block.job_id, 0) + block.minutes
    assert expected  # Carré Bleu has work planned on Monday
    update = compose_update(atelier, client, evening)
    assert {w.job.id: w.minutes for w in update.worked} == expected


def test_a_late_job_is_said_plainly_with_its_new_date(atelier: ServiceContext) -> None:
    job = add_job(
        atelier,
        KINE,
        title="Saisie de 300 ordonnances",
        effort_minutes=40 * 60,
        received=SCENARIO_NOW.date(),
        due=date(2026, 12, 2),
    )
    update = compose_update(atelier, KINE, SCENARIO_NOW)
    news = next(n for n in update.open_jobs if n.job.id == job.id)
    assert news.state == "late"
    assert news.planned_finish is not None
    assert news.planned_finish.date() > date(2026, 12, 2)
    assert (
        f"je ne pourrai pas tenir la date du {day_fr(news.due or SCENARIO_NOW)} ; nouvelle "
        f"date de livraison prévue : le {day_fr(news.planned_finish)}." in update.text
    )
    assert "Je vous prie de m'excuser pour ce retard." in update.text


def test_a_waiting_job_waits_for_the_client(atelier: ServiceContext) -> None:
    with atelier.uow() as uow:
        job = find_job(uow, "Frappe de 12 comptes rendus", KINE)
    set_job_status(atelier, job.id, JobStatus.WAITING)
    update = compose_update(atelier, KINE, SCENARIO_NOW)
    news = next(n for n in update.open_jobs if n.job.id == job.id)
    assert news.state == "waiting"
    assert f"{job.title} : en attente d'éléments de votre part" in update.text
    assert update.open_jobs[-1].job.id == job.id  # waiting jobs come last


def test_an_unknown_client_is_not_found(atelier: ServiceContext) -> None:
    with pytest.raises(NotFoundError):
        compose_update(atelier, "Nobody SARL", SCENARIO_NOW)
