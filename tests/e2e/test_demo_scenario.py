"""End to end: `creneau demo --json` on the bundled scenario shows what a good plan shows.

Each fact of the scenario README ("What a good plan shows") is checked on the real CLI's
output, with the expected times worked out by hand from the scenario files.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from tests.conftest import PARIS, run_cli, run_json

DAY_OFF_FIRST = date(2026, 12, 24)
DAY_OFF_LAST = date(2027, 1, 2)
FRENCH_HOLIDAYS = {date(2026, 12, 25), date(2027, 1, 1), date(2027, 4, 5), date(2027, 5, 1)}


def at(day: str, clock: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), PARIS)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("demo") / "data"
    data = run_json("demo", "--json", data_dir=folder)
    data["_folder"] = folder
    return data


def parse(block: dict[str, Any]) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(block["start"]), datetime.fromisoformat(block["end"])


def planned(demo: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in demo["blocks"] if b["kind"] in ("work", "meeting", "travel")]


def busy(demo: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in demo["blocks"] if b["kind"] == "busy"]


def overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# Her working rules, from the scenario README (not from the product's settings).
HOURS = {
    0: [("09:00", "12:30"), ("13:30", "17:30")],
    1: [("09:00", "12:30"), ("13:30", "17:30")],
    2: [("09:00", "12:30")],
    3: [("09:00", "12:30"), ("13:30", "17:30")],
    4: [("09:00", "12:30"), ("13:30", "17:30")],
}


def test_schema_and_now(demo: dict[str, Any]) -> None:
    assert datetime.fromisoformat(demo["now"]) == at("2026-11-30", "08:30")
    assert demo["timezone"] == "Europe/Paris"
    for block in demo["blocks"]:
        assert set(block) >= {"id", "start", "end", "kind", "client", "job", "job_id"}
        start, end = parse(block)
        assert start.utcoffset() is not None and start < end
    for job in demo["jobs"]:
        assert set(job) >= {
            "id", "client", "job", "due", "deadline", "remaining_hours", "planned_finish",
            "late", "lateness_hours", "slack_hours", "reason_code", "reason",
        }  # fmt: skip
        assert datetime.fromisoformat(job["due"]).utcoffset() is not None


def test_twenty_open_jobs_with_their_remaining_effort(demo: dict[str, Any]) -> None:
    jobs = {j["job"]: j for j in demo["jobs"]}
    assert len(jobs) == 20  # 22 jobs, 2 delivered
    assert jobs["Archivage et numérisation des factures 2015-2025"]["remaining_hours"] == 22
    assert jobs["Mise en forme du dossier de permis de construire"]["remaining_hours"] == 6
    # each job gets exactly its remaining effort (a meeting's travel blocks are not effort)
    for job in demo["jobs"]:
        minutes = sum(
            (parse(b)[1] - parse(b)[0]).total_seconds() / 60
            for b in demo["blocks"]
            if b["job_id"] == job["id"] and b["kind"] in ("work", "meeting")
        )
        if not job["late"]:
            assert minutes == pytest.approx(job["remaining_hours"] * 60)


def test_due_dates_resolved_to_the_end_of_her_working_day(demo: dict[str, Any]) -> None:
    jobs = {j["job"]: j for j in demo["jobs"]}
    # Saturday 2026-12-05 → Friday 17:30
    assert datetime.fromisoformat(jobs["Dossier de demande d'aide au logement"]["due"]) == at(
        "2026-12-04", "17:30"
    )
    # Wednesday 2026-12-02: afternoon off → 12:30
    assert datetime.fromisoformat(jobs["Relance de trois factures impayées"]["due"]) == at(
        "2026-12-02", "12:30"
    )
    # a due date-time stays as given
    assert datetime.fromisoformat(
        jobs["Mise en forme du dossier de permis de construire"]["due"]
    ) == at("2026-12-04", "12:00")
    # Wednesday 2026-12-23, morning only
    assert datetime.fromisoformat(
        jobs["Transcription d'entretiens (6 heures d'audio)"]["due"]
    ) == at("2026-12-23", "12:30")


def test_every_hard_deadline_is_met(demo: dict[str, Any]) -> None:
    hard = [j for j in demo["jobs"] if j["deadline"] == "hard"]
    assert len(hard) == 9
    for job in hard:
        assert not job["late"], job
        finish = datetime.fromisoformat(job["planned_finish"])
        assert finish <= datetime.fromisoformat(job["due"])
        last_block_end = max(parse(b)[1] for b in demo["blocks"] if b["job_id"] == job["id"])
        assert finish == last_block_end


def test_late_soft_jobs_are_explained(demo: dict[str, Any]) -> None:
    for job in demo["jobs"]:
        if job["late"]:
            assert job["reason_code"] and job["reason"], job
        else:
            assert job["reason"] is None
            assert job["slack_hours"] is not None and job["slack_hours"] >= 0


def test_blocks_lie_in_working_hours(demo: dict[str, Any]) -> None:
    for block in planned(demo):
        start, end = parse(block)
        local_start, local_end = start.astimezone(PARIS), end.astimezone(PARIS)
        assert local_start.date() == local_end.date()
        periods = HOURS.get(local_start.weekday(), [])
        assert any(
            time.fromisoformat(a) <= local_start.time()
            and local_end.time() <= time.fromisoformat(b)
            for a, b in periods
        ), block
        assert local_start.date() not in FRENCH_HOLIDAYS
        assert not DAY_OFF_FIRST <= local_start.date() <= DAY_OFF_LAST, block
        assert start >= at("2026-11-30", "08:30")


def test_no_work_during_opaque_events(demo: dict[str, Any]) -> None:
    busy_spans = [parse(b) for b in busy(demo)]
    for block in planned(demo):
        span = parse(block)
        assert not any(overlaps(span, other) for other in busy_spans), block
    blocks = sorted(parse(b) for b in planned(demo))
    for first, second in itertools.pairwise(blocks):
        assert first[1] <= second[0], "two planned blocks overlap"


def test_calendar_facts(demo: dict[str, Any]) -> None:
    spans = {(parse(b)[0], parse(b)[1]) for b in busy(demo)}
    # the moved call: 14:00–14:30 on Monday 7 December, not 09:00–09:30
    assert (at("2026-12-07", "14:00"), at("2026-12-07", "14:30")) in spans
    assert (at("2026-12-07", "09:00"), at("2026-12-07", "09:30")) not in spans
    assert (at("2026-11-30", "09:00"), at("2026-11-30", "09:30")) in spans
    # no school pickup on Friday 4 December (EXDATE), one on Thursday 3
    assert (at("2026-12-04", "16:30"), at("2026-12-04", "17:15")) not in spans
    assert (at("2026-12-03", "16:30"), at("2026-12-03", "17:15")) in spans
    # the training given in UTC blocks 14:00–17:00 local time
    assert (at("2026-12-10", "14:00"), at("2026-12-10", "17:00")) in spans
    # the year-end holiday blocks from 24 December to 2 January inclusive
    assert (at("2026-12-24", "00:00"), at("2027-01-03", "00:00")) in spans
    # the TRANSPARENT birthday and the CANCELLED meeting do not block
    assert not any(
        s[0].date() == date(2026, 12, 9) and s[1] - s[0] >= timedelta(days=1) for s in spans
    )
    summaries = {b.get("summary") for b in busy(demo)}
    assert "Anniversaire de Léa" not in summaries
    assert "Réunion annulée" not in summaries


def test_freed_time_is_free(demo: dict[str, Any]) -> None:
    """The cancelled meeting (Tue 1 Dec 14:00-15:00) and the missing Friday pickup free time."""
    tuesday = (at("2026-12-01", "14:00"), at("2026-12-01", "15:00"))
    friday = (at("2026-12-04", "16:30"), at("2026-12-04", "17:15"))
    for span in (tuesday, friday):
        assert not any(overlaps(span, parse(b)) for b in busy(demo))


def test_at_most_three_clients_a_day_and_long_enough_blocks(demo: dict[str, Any]) -> None:
    per_day: dict[date, set[str]] = {}
    for block in planned(demo):
        start, end = parse(block)
        if block["client"] is not None:  # the drive to an event of her calendar has none
            per_day.setdefault(start.astimezone(PARIS).date(), set()).add(block["client"])
    assert max(len(c) for c in per_day.values()) <= 3
    remaining = {j["id"]: j["remaining_hours"] * 60 for j in demo["jobs"]}
    for block in planned(demo):
        if block["kind"] == "travel":  # a drive lasts what it lasts
            continue
        start, end = parse(block)
        minutes = (end - start).total_seconds() / 60
        # at least an hour, unless the job's whole remaining effort is shorter
        assert minutes >= min(60, remaining[block["job_id"]]), block


def test_big_job_in_progress_keeps_moving(demo: dict[str, Any]) -> None:
    """Bâti-Ouest's archiving (in progress): a block at least every two working days."""
    job = next(j for j in demo["jobs"] if j["job"].startswith("Archivage"))
    days = sorted(
        {parse(b)[0].astimezone(PARIS).date() for b in demo["blocks"] if b["job_id"] == job["id"]}
    )
    finish = datetime.fromisoformat(job["planned_finish"]).date()
    working = [
        d for d in {parse(b)[0].astimezone(PARIS).date() for b in planned(demo)} if d <= finish
    ]
    working.sort()
    worked = set(days)
    for first, second in itertools.pairwise(working):
        assert first in worked or second in worked, (first, second)


def test_meetings_are_single_blocks(demo: dict[str, Any]) -> None:
    meetings = [b for b in demo["blocks"] if b["kind"] == "meeting"]
    by_job: dict[str, list[dict[str, Any]]] = {}
    for block in meetings:
        by_job.setdefault(block["job"], []).append(block)
    assert set(by_job) == {"Rendez-vous de découverte", "Premier rendez-vous succession"}
    lengths = {
        name: [(parse(b)[1] - parse(b)[0]) for b in blocks] for name, blocks in by_job.items()
    }
    assert lengths["Rendez-vous de découverte"] == [timedelta(hours=1, minutes=30)]
    assert lengths["Premier rendez-vous succession"] == [timedelta(hours=1)]


def test_small_jobs_of_a_day_sit_together(demo: dict[str, Any]) -> None:
    small = {j["id"] for j in demo["jobs"] if j["remaining_hours"] <= 1}
    by_day: dict[date, list[dict[str, Any]]] = {}
    for block in planned(demo):
        by_day.setdefault(parse(block)[0].astimezone(PARIS).date(), []).append(block)
    for blocks in by_day.values():
        blocks.sort(key=lambda b: b["start"])
        marks = [b["job_id"] in small for b in blocks]
        if marks.count(True) >= 2:
            first = marks.index(True)
            last = len(marks) - 1 - marks[::-1].index(True)
            assert all(marks[first : last + 1]), [b["job"] for b in blocks]


def test_human_output_in_french(demo: dict[str, Any]) -> None:
    result = run_cli("--now", "2026-11-30T08:30:00+01:00", "plan", data_dir=demo["_folder"])
    assert "Lundi 30 novembre 2026" in result.stdout
    assert (
        "Toutes les échéances sont tenues" in result.stdout
        or "Promesses en danger" in result.stdout
    )
    english = run_cli(
        "--now", "2026-11-30T08:30:00+01:00", "--lang", "en", "plan", data_dir=demo["_folder"]
    )
    assert "Monday 30 November 2026" in english.stdout


def test_plan_is_deterministic(demo: dict[str, Any]) -> None:
    again = run_json(
        "--now", "2026-11-30T08:30:00+01:00", "plan", "--json", data_dir=demo["_folder"]
    )
    first = {k: v for k, v in demo.items() if k not in ("_folder", "stability")}
    # the second plan starts from the stored first one: nothing changed, every block kept
    stability = again.pop("stability")
    assert again == first
    assert demo["stability"] is None
    assert (
        stability["kept"]
        == stability["previous"]
        == len([b for b in first["blocks"] if b["kind"] != "busy" and b["job_id"] is not None])
    )
