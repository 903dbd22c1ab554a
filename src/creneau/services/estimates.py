"""``creneau estimates``: how her estimates drift, overall, per client and per tag (the
rule is :mod:`creneau.services.calibration`'s)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from creneau.services.calibration import PRIOR_JOBS, Calibration, GroupCalibration, calibrate
from creneau.services.context import ServiceContext


@dataclass(frozen=True, slots=True)
class EstimatesReport:
    """The calibration with what is needed to show it.

    Args:
        calibration: the margins learnt from her finished jobs.
        client_names: client id to name, for the clients with history.
        calibrated_efforts: whether the planner uses calibrated efforts (the setting
            ``plan.calibrated_efforts``).
        language: the interface language.
    """

    calibration: Calibration
    client_names: dict[str, str]
    calibrated_efforts: bool
    language: str

    def clients(self) -> list[tuple[str, GroupCalibration]]:
        """``(client name, group)`` pairs, most finished jobs first, then by name."""
        rows = [(self.client_names.get(k, k), g) for k, g in self.calibration.clients.items()]
        return sorted(rows, key=lambda row: (-row[1].jobs, row[0]))

    def tags(self) -> list[GroupCalibration]:
        """The tags' groups, most finished jobs first, then by tag."""
        return sorted(self.calibration.tags.values(), key=lambda g: (-g.jobs, g.label))


def estimates(ctx: ServiceContext) -> EstimatesReport:
    """The calibration of her estimates from every stored job (stores nothing).

    Raises:
        InputError: invalid stored settings.
    """
    settings = ctx.settings()
    with ctx.uow(read_only=True) as uow:  # a reader takes no write lock
        jobs = uow.jobs.list()
        names = {c.id: c.name for c in uow.clients.list()}
    calibration = calibrate(jobs)
    return EstimatesReport(
        calibration,
        {k: names.get(k, k) for k in calibration.clients},
        bool(settings.values["plan.calibrated_efforts"]),
        settings.language,
    )


def _group_json(group: GroupCalibration) -> dict[str, Any]:
    return {
        "jobs": group.jobs,
        "mean_ratio": round(group.mean_ratio, 4),
        "credibility": round(group.credibility, 4),
        "factor": round(group.factor, 4),
    }


def estimates_to_json(report: EstimatesReport) -> dict[str, Any]:
    """``creneau estimates --json`` (see the README)."""
    cal = report.calibration
    return {
        "calibrated_efforts": report.calibrated_efforts,
        "prior_jobs": PRIOR_JOBS,
        "overall": {
            "jobs": cal.jobs,
            "mean_ratio": round(cal.mean_ratio, 4),
            "factor": round(cal.margin, 4),
            "factor_90": round(cal.margin_90, 4),
        },
        "clients": [
            {"id": group.key, "name": name, **_group_json(group)}
            for name, group in report.clients()
        ],
        "tags": [{"tag": group.label, **_group_json(group)} for group in report.tags()],
    }
