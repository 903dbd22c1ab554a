"""Estimate calibration per client and per tag, on a hand-made history, and its use by the
planner (``plan.calibrated_efforts``), the promise and the what-if question.

The expected ratios are worked out by hand with the rule of the README (credibility
weights n / (n + 5), nested: overall toward 1, each client and tag toward the overall).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import pytest

from creneau.bootstrap import open_services
from creneau.domain.models import Deadline, Job, JobKind, JobStatus
from creneau.services.calibration import calibrate, calibrated_jobs
from creneau.services.catalog import add_client, add_job, set_setting
from creneau.services.context import ServiceContext
from creneau.services.estimates import estimates, estimates_to_json
from creneau.services.planning import compute_plan
from creneau.services.promise import promise
from creneau.services.whatif import what_if
from tests.conftest import PARIS

K = 5  # the credibility constant of the rule


def done(key: str, client: str, estimate: int, spent: int, *tags: str, **kw: object) -> Job:
    fields: dict[str, object] = {
        "id": key,
        "client_id": client,
        "title": key,
        "effort_minutes": estimate,
        "spent_minutes": spent,
        "received": date(2026, 9, 1),
        "due": date(2026, 10, 1),
        "status": JobStatus.DONE,
        "tags": tags,
    }
    fields.update(kw)
    return Job(**fields)  # type: ignore[arg-type]


# Client A: 2 h -> 3 h and 1 h -> 1 h 30 (transcriptions), 4 h -> 4 h (bookkeeping);
# client B: 5 h -> 4 h (bookkeeping), 1 h -> 2 h (a transcription)
HISTORY = [
    done("a1", "A", 120, 180, "transcription"),
    done("a2", "A", 60, 90, "Transcription"),
    done("a3", "A", 240, 240, "saisie"),
    done("b1", "B", 300, 240, "saisie"),
    done("b2", "B", 60, 120, "transcription"),
    # not history: open, nothing spent, a meeting
    done("open", "A", 60, 600, "transcription", status=JobStatus.IN_PROGRESS),
    done("none", "B", 60, 0, "saisie"),
    done("meet", "B", 60, 180, "saisie", kind=JobKind.MEETING),
]
L15, L2, L08 = math.log(1.5), math.log(2.0), math.log(0.8)
MEAN = (L15 + L15 + 0 + L08 + L2) / 5  # five finished jobs
OVERALL = 5 / (5 + K) * MEAN  # shrunk halfway toward "estimates are right"
CLIENT_A = 3 / (3 + K) * ((L15 + L15 + 0) / 3) + (1 - 3 / (3 + K)) * OVERALL
CLIENT_B = 2 / (2 + K) * ((L08 + L2) / 2) + (1 - 2 / (2 + K)) * OVERALL
TRANSCRIPTION = 3 / (3 + K) * ((L15 + L15 + L2) / 3) + (1 - 3 / (3 + K)) * OVERALL
SAISIE = 2 / (2 + K) * ((0 + L08) / 2) + (1 - 2 / (2 + K)) * OVERALL


def test_the_hand_made_history_by_hand() -> None:
    # the figures above, in numbers: the rule's arithmetic done once more on paper
    assert pytest.approx(0.256187, abs=1e-6) == MEAN
    assert pytest.approx(0.128093, abs=1e-6) == OVERALL
    assert pytest.approx(0.181424, abs=1e-6) == CLIENT_A
    assert pytest.approx(0.158638, abs=1e-6) == CLIENT_B
    assert pytest.approx(0.268068, abs=1e-6) == TRANSCRIPTION
    assert pytest.approx(0.059617, abs=1e-6) == SAISIE


def test_overall_per_client_and_per_tag_ratios() -> None:
    cal = calibrate(HISTORY)
    assert cal.jobs == 5
    assert cal.mean_ratio == pytest.approx(math.exp(MEAN))
    assert cal.margin == pytest.approx(math.exp(OVERALL))  # 1.137
    assert set(cal.clients) == {"A", "B"}
    a, b = cal.clients["A"], cal.clients["B"]
    assert (a.jobs, b.jobs) == (3, 2)
    assert a.mean_ratio == pytest.approx(math.exp(2 * L15 / 3))  # (1.5 * 1.5 * 1) ** (1/3)
    assert b.mean_ratio == pytest.approx(math.sqrt(0.8 * 2.0))
    assert (a.credibility, b.credibility) == (pytest.approx(3 / 8), pytest.approx(2 / 7))
    assert a.factor == pytest.approx(math.exp(CLIENT_A))  # 1.199
    assert b.factor == pytest.approx(math.exp(CLIENT_B))  # 1.172
    # tags ignore case: "transcription" and "Transcription" are one tag of three jobs
    assert set(cal.tags) == {"transcription", "saisie"}
    transcription, saisie = cal.tags["transcription"], cal.tags["saisie"]
    assert transcription.jobs == 3 and saisie.jobs == 2
    assert transcription.mean_ratio == pytest.approx((1.5 * 1.5 * 2.0) ** (1 / 3))
    assert transcription.factor == pytest.approx(math.exp(TRANSCRIPTION))  # 1.307
    assert saisie.factor == pytest.approx(math.exp(SAISIE))  # 1.061


def test_a_job_blends_its_groups_by_credibility() -> None:
    cal = calibrate(HISTORY)
    # client A (Z = 3/8) and transcription (Z = 3/8): their plain mean
    factor, factor_90 = cal.factors("A", ("TRANSCRIPTION",))
    assert factor == pytest.approx(math.exp((CLIENT_A + TRANSCRIPTION) / 2))  # 1.252
    assert factor_90 > factor
    # client B (Z = 2/7) with transcription (Z = 3/8)
    blended = (2 / 7 * CLIENT_B + 3 / 8 * TRANSCRIPTION) / (2 / 7 + 3 / 8)
    assert cal.factors("B", ("transcription",))[0] == pytest.approx(math.exp(blended))
    # a new client with an unknown tag: the overall factor
    assert cal.factors("C", ("courrier",)) == (cal.margin, cal.margin_90)
    # a 10 h transcription for A: 600 * 1.252 = 751.2 min, 765 on the 15-minute grid
    assert cal.inflate(600, client_id="A", tags=("transcription",)) == 765


def test_a_pessimistic_group_is_never_planned_shorter() -> None:
    cal = calibrate([done(f"j{i}", "A", 120, 60) for i in range(4)])
    assert cal.clients["A"].mean_ratio == pytest.approx(0.5)
    assert cal.clients["A"].factor == 1.0
    assert cal.inflate(600, client_id="A") == 600


def test_calibrated_jobs_inflate_open_desk_work_left_only() -> None:
    fresh = done("new", "A", 600, 0, "transcription", status=JobStatus.TODO)
    started = done("go", "A", 600, 200, status=JobStatus.IN_PROGRESS)
    re_estimated = done("re", "A", 600, 200, status=JobStatus.IN_PROGRESS, remaining_minutes=90)
    meeting = done("rdv", "A", 90, 0, status=JobStatus.TODO, kind=JobKind.MEETING)
    planned = {j.id: j for j in calibrated_jobs([*HISTORY, fresh, started, re_estimated, meeting])}
    # 600 * 1.2520 = 751.2: 752 minutes, then minus nothing spent
    assert planned["new"].remaining_effort_minutes == math.ceil(
        600 * math.exp((CLIENT_A + TRANSCRIPTION) / 2)
    )
    assert planned["new"].remaining_effort_minutes == 752
    # client A only: 600 * 1.1989 = 719.3 -> 720, minus 200 spent
    assert planned["go"].remaining_effort_minutes == math.ceil(600 * math.exp(CLIENT_A)) - 200
    assert planned["go"].remaining_effort_minutes == 520
    assert planned["re"].remaining_effort_minutes == 90  # her re-estimate as she gave it
    assert planned["rdv"].remaining_effort_minutes == 90  # a meeting lasts what it lasts
    assert planned["a1"] == HISTORY[0]  # finished jobs unchanged


# --- through the services -------------------------------------------------------------

NOW = datetime(2026, 11, 30, 8, 30, tzinfo=PARIS)


@pytest.fixture
def ctx(tmp_path: Path) -> ServiceContext:
    """A client whose one delivered transcription took 1.5 times its estimate, and an open
    4-hour transcription due in three weeks."""
    services = open_services(tmp_path / "data")
    add_client(services, name="Éditions Test")
    add_client(services, name="Autre Client")
    add_job(
        services, "Éditions", title="Ancienne", effort_minutes=120, spent_minutes=180,
        received=date(2026, 10, 1), due=date(2026, 10, 15), status=JobStatus.DONE,
        tags=("transcription",),
    )  # fmt: skip
    add_job(
        services, "Éditions", title="Entretiens", effort_minutes=240,
        received=date(2026, 11, 30), due=date(2026, 12, 18), deadline=Deadline.HARD,
        tags=("transcription",),
    )  # fmt: skip
    return services


# one finished job: overall log ratio 1/6 * ln 1.5; the client and the tag each 1/6 of
# their own ln 1.5 and 5/6 of the overall: ln 1.5 * (1/6 + 5/36) = ln 1.5 * 11/36
ONE_JOB = math.log(1.5) * 11 / 36


def planned_minutes(ctx: ServiceContext, title: str) -> tuple[int, int]:
    report = compute_plan(ctx, NOW, save=False)
    found = next(j for j in report.jobs.values() if j.title == title)
    blocks = sum(b.minutes for b in report.plan.blocks if b.job_id == found.id)
    return found.remaining_effort_minutes, blocks


def test_estimates_report_names_clients_and_tags(ctx: ServiceContext) -> None:
    data = estimates_to_json(estimates(ctx))
    assert data["calibrated_efforts"] is False
    assert data["overall"]["jobs"] == 1
    assert data["overall"]["factor"] == pytest.approx(1.5 ** (1 / 6), abs=1e-4)
    (client,) = data["clients"]
    assert client["name"] == "Éditions Test" and client["jobs"] == 1
    assert client["factor"] == pytest.approx(math.exp(ONE_JOB), abs=1e-4)
    assert data["tags"] == [
        {
            "tag": "transcription",
            "jobs": 1,
            "mean_ratio": 1.5,
            "credibility": round(1 / 6, 4),
            "factor": pytest.approx(math.exp(ONE_JOB), abs=1e-4),
        }
    ]


def test_the_setting_makes_the_planner_use_calibrated_efforts(ctx: ServiceContext) -> None:
    assert planned_minutes(ctx, "Entretiens") == (240, 240)  # off: her estimate as it is
    set_setting(ctx, "plan.calibrated_efforts", "true")
    # client and tag agree: 240 * 1.5 ** (11/36) = 271.6 -> 272 minutes, 285 on the grid
    left = math.ceil(240 * math.exp(ONE_JOB))
    assert left == 272
    assert planned_minutes(ctx, "Entretiens") == (left, 285)


def test_the_promise_inflates_her_estimate_once_with_calibrated_efforts(
    ctx: ServiceContext,
) -> None:
    # for this client with no tags: the client's factor alone, 1.5 ** (11/36) = 1.1318
    once = math.ceil(300 * math.exp(ONE_JOB) / 15) * 15
    assert once == 345  # twice would be 300 * 1.1318 ** 2 = 384.3 -> 390
    off = promise(ctx, NOW, "Éditions", 300)
    set_setting(ctx, "plan.calibrated_efforts", "true")
    on = promise(ctx, NOW, "Éditions", 300)
    assert off.planned_minutes == on.planned_minutes == once
    assert on.margin == pytest.approx(math.exp(ONE_JOB))
    # accepted with her estimate, the job is planned with the margin once, as promised
    assert on.due is not None
    add_job(
        ctx, "Éditions", title="Nouveau travail", effort_minutes=300, received=NOW.date(),
        due=on.due, deadline=Deadline.HARD,
    )  # fmt: skip
    assert planned_minutes(ctx, "Nouveau travail")[1] == once


def test_whatif_takes_the_margin_only_with_calibrated_efforts(ctx: ServiceContext) -> None:
    off = what_if(ctx, NOW, "Éditions", 300, date(2026, 12, 11))
    assert off.planned_minutes == 300
    set_setting(ctx, "plan.calibrated_efforts", "true")
    on = what_if(ctx, NOW, "Éditions", 300, date(2026, 12, 11))
    assert on.planned_minutes == math.ceil(300 * math.exp(ONE_JOB) / 15) * 15 == 345
    other = what_if(ctx, NOW, "Autre", 300, date(2026, 12, 11))
    # a client with no history: the overall factor, 1.5 ** (1/6) = 1.0699 -> 321 -> 330
    assert other.planned_minutes == math.ceil(300 * 1.5 ** (1 / 6) / 15) * 15 == 330
