"""How her estimates drift: the ratio actual / estimate, overall, per client and per tag,
and the margin it puts on an effort.

One documented rule, used by ``creneau estimates``, every promise, the what-if question and
(with the setting ``plan.calibrated_efforts``) the planner:

- **history**: every finished desk job (status ``done``, kind ``work``) with an estimate
  and time spent gives ``x = log(spent / estimate)`` (meetings last as long as they last:
  they are neither counted nor inflated);
- **overall**: over her n finished jobs, mean ``m``; with few jobs it is shrunk toward 0
  ("her estimates are right") as a credibility-weighted mean:
  ``mu = Z * m`` with ``Z = n / (n + K)`` and ``K = PRIOR_JOBS``;
- **per group** (a client, or a tag; tags compared ignoring case and accents): over its
  ``n_g`` finished jobs, mean ``m_g``, shrunk toward the overall estimate in the same way:
  ``e_g = Z_g * m_g + (1 - Z_g) * mu`` with ``Z_g = n_g / (n_g + K)``;
- **a job** of client c with tags T: the credibility-weighted mean of the estimates of its
  groups that have history, ``e = sum(Z_g * e_g) / sum(Z_g)`` over g in {c} and T; ``mu``
  when none has;
- the **factor** is ``max(1, exp(e))``: a job is never planned shorter than her estimate;
- for **90 % confidence**, the log ratios are taken as normal (a log-normal overrun), with
  a standard deviation ``s`` shrunk toward ``PRIOR_SPREAD`` with the overall weight
  (``s^2 = Z * var + (1 - Z) * PRIOR_SPREAD^2``): the 90 % factor is
  ``max(factor, exp(e + 1.2816 * s))``.

This is hierarchical credibility: each level's estimate is a credibility-weighted mean of
its own experience and of the level above, ``Z = n / (n + K)`` where ``K`` is the ratio of
the spread of a job around its group's mean to the spread of the groups' means (Bühlmann,
"Experience rating and credibility", ASTIN Bulletin 4(3), 1967; Bühlmann and Gisler, *A
Course in Credibility Theory and its Applications*, Springer 2005, chapters 3 and 6).
With a handful of finished jobs that ratio cannot be estimated, so it is fixed: ``K = 5``
(a group's own history counts for half once it has five finished jobs).

The margin is applied once: to the effort she types for a new job (``promise`` always,
``whatif`` when ``plan.calibrated_efforts`` is on), and to stored open jobs only by
:func:`calibrated_jobs` when ``plan.calibrated_efforts`` is on (never to stored estimates
otherwise).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from creneau.domain.models import Job, JobKind, JobStatus
from creneau.domain.text import normalize

PRIOR_JOBS = 5
"""Credibility constant K: weight, in finished jobs, of the level above (for the overall
ratio: of the prior "estimates are right")."""

PRIOR_SPREAD = 0.25
"""Standard deviation of log(spent/estimate) assumed with no history (about ±25 %)."""

Z90 = 1.2816
"""The standard normal's 90 % quantile."""


@dataclass(frozen=True, slots=True)
class GroupCalibration:
    """What the finished jobs of one client or one tag say.

    Args:
        key: the client's id, or the tag folded (case and accents ignored).
        label: the client's id, or the tag as she writes it.
        jobs: how many finished jobs it has (> 0).
        mean_ratio: their geometric mean of spent / estimate.
        credibility: ``Z_g = jobs / (jobs + PRIOR_JOBS)``.
        log_estimate: ``e_g``, its log ratio shrunk toward the overall one.
        factor: ``max(1, exp(e_g))``, the margin of a job in this group only.
    """

    key: str
    label: str
    jobs: int
    mean_ratio: float
    credibility: float
    log_estimate: float
    factor: float


@dataclass(frozen=True, slots=True)
class Calibration:
    """The estimate margins learnt from finished jobs.

    Args:
        jobs: how many finished jobs the rule used.
        mean_ratio: their geometric mean of spent / estimate (1.0 with none).
        margin: the overall factor (>= 1): a job with no group history gets it.
        margin_90: the overall factor for 90 % confidence (>= ``margin``).
        spread: ``s``, the shrunk standard deviation of the log ratios.
        clients: per client id, for clients with finished jobs.
        tags: per folded tag, for tags of finished jobs.
    """

    jobs: int
    mean_ratio: float
    margin: float
    margin_90: float
    spread: float = PRIOR_SPREAD
    clients: Mapping[str, GroupCalibration] = field(default_factory=dict)
    tags: Mapping[str, GroupCalibration] = field(default_factory=dict)

    def groups_of(
        self, client_id: str | None = None, tags: Iterable[str] = ()
    ) -> list[GroupCalibration]:
        """The groups with history of a job of ``client_id`` with ``tags``."""
        client = self.clients.get(client_id) if client_id is not None else None
        found = [client] if client is not None else []
        seen: set[str] = set()
        for tag in tags:
            key = normalize(tag)
            if key in self.tags and key not in seen:
                seen.add(key)
                found.append(self.tags[key])
        return found

    def factors(
        self, client_id: str | None = None, tags: Iterable[str] = ()
    ) -> tuple[float, float]:
        """The factor and the 90 % factor of a job (see the module's rule).

        Args:
            client_id: the job's client, or None for the overall factors.
            tags: the job's tags.

        Returns:
            ``(factor, factor_90)``, both >= 1.
        """
        groups = self.groups_of(client_id, tags)
        if not groups:
            return self.margin, self.margin_90
        weight = sum(g.credibility for g in groups)
        estimate = sum(g.credibility * g.log_estimate for g in groups) / weight
        factor = max(1.0, math.exp(estimate))
        return factor, max(factor, math.exp(estimate + Z90 * self.spread))

    def inflate(
        self,
        minutes: int,
        *,
        confident: bool = False,
        step: int = 15,
        client_id: str | None = None,
        tags: Iterable[str] = (),
    ) -> int:
        """An effort with the margin applied once, rounded up to ``step`` minutes.

        Args:
            minutes: her estimate in minutes (> 0).
            confident: use the 90 % factor.
            step: the planning grid in minutes.
            client_id, tags: the job's client and tags (the overall factor without them).
        """
        factor, factor_90 = self.factors(client_id, tags)
        chosen = factor_90 if confident else factor
        return max(step, math.ceil(minutes * chosen / step - 1e-9) * step)

    def remaining_minutes(self, job: Job) -> int:
        """The work left on ``job`` with calibrated effort, in minutes.

        An open desk job without a re-estimate: its estimate times its factor (rounded up
        to the minute) minus the time spent, never below 0; otherwise (a re-estimate set,
        a meeting, a closed job) its usual remaining effort.
        """
        if job.kind is JobKind.MEETING or job.remaining_minutes is not None:
            return job.remaining_effort_minutes
        if not job.status.is_open:
            return 0
        factor, _ = self.factors(job.client_id, job.tags)
        planned = math.ceil(job.effort_minutes * factor - 1e-9)
        return max(0, planned - job.spent_minutes)


def _finished(jobs: Iterable[Job]) -> list[tuple[Job, float]]:
    return [
        (job, math.log(job.spent_minutes / job.effort_minutes))
        for job in jobs
        if job.status is JobStatus.DONE
        and job.kind is JobKind.WORK
        and job.spent_minutes > 0
        and job.effort_minutes > 0
    ]


def _group(key: str, label: str, logs: Sequence[float], overall: float) -> GroupCalibration:
    n = len(logs)
    mean = sum(logs) / n
    weight = n / (n + PRIOR_JOBS)
    estimate = weight * mean + (1 - weight) * overall
    return GroupCalibration(
        key, label, n, math.exp(mean), weight, estimate, max(1.0, math.exp(estimate))
    )


def calibrate(jobs: Sequence[Job]) -> Calibration:
    """The margins from her finished jobs (see the module's rule).

    Args:
        jobs: any jobs; only finished desk jobs with time spent count.

    Returns:
        The overall margins, and one :class:`GroupCalibration` per client and per tag
        with finished jobs.
    """
    history = _finished(jobs)
    n = len(history)
    if n == 0:
        return Calibration(0, 1.0, 1.0, math.exp(Z90 * PRIOR_SPREAD))
    logs = [x for _job, x in history]
    mean = sum(logs) / n
    weight = n / (n + PRIOR_JOBS)
    variance = sum((x - mean) ** 2 for x in logs) / (n - 1) if n > 1 else 0.0
    spread = math.sqrt(weight * variance + (1 - weight) * PRIOR_SPREAD**2)
    overall = weight * mean
    margin = max(1.0, math.exp(overall))
    margin_90 = max(margin, math.exp(overall + Z90 * spread))
    by_client: dict[str, list[float]] = {}
    by_tag: dict[str, list[float]] = {}
    spellings: dict[str, set[str]] = {}
    for job, x in history:
        by_client.setdefault(job.client_id, []).append(x)
        for key, tag in {normalize(tag): tag.strip() for tag in job.tags if tag.strip()}.items():
            by_tag.setdefault(key, []).append(x)
            spellings.setdefault(key, set()).add(tag)
    clients = {k: _group(k, k, xs, overall) for k, xs in sorted(by_client.items())}
    tags = {k: _group(k, min(spellings[k]), xs, overall) for k, xs in sorted(by_tag.items())}
    return Calibration(n, math.exp(mean), margin, margin_90, spread, clients, tags)


def calibrated_jobs(jobs: Sequence[Job], calibration: Calibration | None = None) -> list[Job]:
    """The jobs as the planner sees them with calibrated efforts: each open desk job without
    a re-estimate carries :meth:`Calibration.remaining_minutes` as its work left
    (``remaining_minutes``); the others are unchanged.

    Args:
        jobs: every job (the finished ones are the history when ``calibration`` is None).
        calibration: the calibration to use, else ``calibrate(jobs)``.
    """
    calibration = calibration or calibrate(jobs)
    planned: list[Job] = []
    for job in jobs:
        if job.status.is_open and job.kind is JobKind.WORK and job.remaining_minutes is None:
            left = calibration.remaining_minutes(job)
            if left != job.remaining_effort_minutes:
                job = replace(job, remaining_minutes=left)
        planned.append(job)
    return planned
