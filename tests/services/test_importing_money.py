"""Re-importing jobs keeps what a spreadsheet cannot say: a job's rate set by hand and the
delivery date of a job still done."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from creneau.domain.models import JobStatus
from creneau.services.catalog import edit_job, get_job
from creneau.services.context import ServiceContext
from creneau.services.importing import import_file
from tests.conftest import SCENARIO

HEADER = "client,title,estimate_hours,received,due,status,hourly_rate_eur"
ARCHIVES = "Archivage et numérisation des factures 2015-2025"


def test_reimport_keeps_a_rate_set_by_hand_and_a_delivery_date(atelier: ServiceContext) -> None:
    edit_job(atelier, ARCHIVES, {"hourly_rate": Decimal("75")})
    edit_job(atelier, "lot 2", {"done_on": date(2026, 11, 26)})
    import_file(atelier, (SCENARIO / "jobs.csv").read_bytes(), "jobs.csv")
    assert get_job(atelier, ARCHIVES)[0].hourly_rate == Decimal("75")
    assert get_job(atelier, "lot 2")[0].done_on == date(2026, 11, 26)


def test_a_rate_in_the_file_wins_and_a_done_job_is_not_reopened_by_a_file(
    atelier: ServiceContext,
) -> None:
    edit_job(atelier, ARCHIVES, {"hourly_rate": Decimal("75")})
    edit_job(atelier, "lot 2", {"done_on": date(2026, 11, 26)})
    rows = [
        HEADER,
        f"SARL Bâti-Ouest,{ARCHIVES},36,2026-11-09,2026-12-18,in_progress,80",
        "Cabinet de kinésithérapie des Lices,Comptes rendus de novembre (lot 2),3,"
        "2026-11-10,2026-11-27,todo,",
    ]
    import_file(atelier, "\n".join(rows).encode(), "jobs.csv")
    assert get_job(atelier, ARCHIVES)[0].hourly_rate == Decimal("80")
    # a status never moves back on a re-import (reopen it with `job edit --status todo`)
    kept = get_job(atelier, "lot 2")[0]
    assert (kept.status, kept.done_on) == (JobStatus.DONE, date(2026, 11, 26))
