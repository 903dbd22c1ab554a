"""How her estimates drift: the safety margin on a new job's effort.

One documented rule, used by every promise (and refined per client and tag later):

- every finished job (status ``done``) with an estimate and time spent gives a ratio
  ``r = spent / estimate``;
- their geometric mean ``g = exp(mean(log r))`` says how optimistic she is (``g > 1``: jobs
  take longer than estimated);
- with few finished jobs it is shrunk toward 1, as a credibility-weighted mean
  (Bühlmann credibility, *Mathematical Methods in Risk Theory*, 1970):
  ``factor = exp(w * mean(log r))`` with ``w = n / (n + PRIOR_JOBS)``;
- the margin is ``max(1, factor)``: a job is never planned shorter than her estimate;
- for 90 % confidence, the log ratios are taken as normal (a log-normal overrun), with a
  standard deviation shrunk the same way toward ``PRIOR_SPREAD``: the 90 % factor is
  ``exp(w * mean + 1.2816 * s)``.

The margin is applied once, by the caller, to the effort she types for a new job (never to
stored estimates, which the plan uses as they are).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from creneau.domain.models import Job, JobStatus

PRIOR_JOBS = 5
"""Weight of the prior "estimates are right" in finished jobs (credibility constant)."""

PRIOR_SPREAD = 0.25
"""Standard deviation of log(spent/estimate) assumed with no history (about ±25 %)."""

Z90 = 1.2816
"""The standard normal's 90 % quantile."""


@dataclass(frozen=True, slots=True)
class Calibration:
    """The estimate margins learnt from finished jobs.

    Args:
        jobs: how many finished jobs the rule used.
        mean_ratio: their geometric mean of spent / estimate (1.0 with none).
        margin: the factor applied to a new estimate (>= 1).
        margin_90: the factor for 90 % confidence (>= ``margin``).
    """

    jobs: int
    mean_ratio: float
    margin: float
    margin_90: float

    def inflate(self, minutes: int, *, confident: bool = False, step: int = 15) -> int:
        """An effort with the margin applied once, rounded up to ``step`` minutes.

        Args:
            minutes: her estimate in minutes (> 0).
            confident: use the 90 % margin.
            step: the planning grid in minutes.
        """
        factor = self.margin_90 if confident else self.margin
        return max(step, math.ceil(minutes * factor / step - 1e-9) * step)


def calibrate(jobs: Sequence[Job]) -> Calibration:
    """The margins from her finished jobs (see the module's rule).

    Args:
        jobs: any jobs; only ``done`` ones with time spent count.
    """
    logs = [
        math.log(job.spent_minutes / job.effort_minutes)
        for job in jobs
        if job.status is JobStatus.DONE and job.spent_minutes > 0 and job.effort_minutes > 0
    ]
    n = len(logs)
    if n == 0:
        return Calibration(0, 1.0, 1.0, math.exp(Z90 * PRIOR_SPREAD))
    mean = sum(logs) / n
    weight = n / (n + PRIOR_JOBS)
    variance = sum((x - mean) ** 2 for x in logs) / (n - 1) if n > 1 else 0.0
    spread = math.sqrt(weight * variance + (1 - weight) * PRIOR_SPREAD**2)
    factor = math.exp(weight * mean)
    margin = max(1.0, factor)
    margin_90 = max(margin, math.exp(weight * mean + Z90 * spread))
    return Calibration(n, math.exp(mean), margin, margin_90)
