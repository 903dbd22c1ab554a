"""Turn a decoded schedule into a domain :class:`~creneau.domain.models.Plan`.

Adds, for every job, its planned finish, lateness, slack and, when late or unplaced, a
reason code with its arguments (rendered into words by the services, in her language).

Reason codes:

- ``due_passed``: the due time is already past.
- ``meeting_no_slot``: no free stretch long enough for the meeting before its due time.
- ``not_enough_time``: even with all her free time, the work left exceeds what is
  available between its release and its due time.
- ``capacity_taken``: the time exists, but other jobs with earlier or harder deadlines
  use it (the two largest are named).
- ``beyond_horizon``: part of the work did not fit before the horizon's end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from creneau.domain.models import Block, BlockKind, BusyInterval, JobOutcome, PinnedBlock, Plan
from creneau.planning.decoder import Schedule
from creneau.planning.problem import PlanJob, Problem


def _longest_free_stretch(problem: Problem, start: int, end: int) -> int:
    best = 0
    for day in problem.days:
        if day.end <= start:
            continue
        if day.start >= end:
            break
        for seg in day.segments:
            best = max(best, min(seg.end, end) - max(seg.start, start))
    return best


def _reason(
    problem: Problem, job: PlanJob, schedule: Schedule
) -> tuple[str, tuple[tuple[str, str], ...]]:
    due = problem.to_datetime(job.due).isoformat()
    work = str(job.work)
    if job.due <= problem.now:
        return "due_passed", (("due", due), ("work_minutes", work))
    start = max(problem.now, job.release)
    available = problem.free_minutes_between(start, job.due)
    if job.meeting and _longest_free_stretch(problem, start, job.due) < job.processing:
        return "meeting_no_slot", (("due", due), ("work_minutes", work))
    if job.processing > available:
        return "not_enough_time", (
            ("due", due),
            ("work_minutes", work),
            ("available_minutes", str(available)),
        )
    if schedule.completion[job.index] is None and schedule.unplaced[job.index] > 0:
        placed_before_due = sum(
            min(e, job.due) - s for j, s, e in schedule.pieces if j == job.index and s < job.due
        )
        if placed_before_due == 0 and job.due >= problem.horizon:
            return "beyond_horizon", (("work_minutes", str(schedule.unplaced[job.index])),)
    taken: dict[int, int] = defaultdict(int)
    for j, s, e in schedule.pieces:
        if j != job.index and s < job.due and e > start:
            taken[j] += min(e, job.due) - max(s, start)
    top = sorted(taken.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    return "capacity_taken", (
        ("due", due),
        ("work_minutes", work),
        ("available_minutes", str(available)),
        ("taken_minutes", str(sum(taken.values()))),
        ("others", ",".join(problem.jobs[j].key for j, _m in top)),
    )


def build_plan(
    problem: Problem,
    schedule: Schedule,
    *,
    client_keys: Sequence[str],
    busy: Sequence[BusyInterval] = (),
    status: str = "heuristic",
    pins: Sequence[PinnedBlock] = (),
) -> Plan:
    """The :class:`Plan` of a schedule.

    Args:
        problem: the problem the schedule solves.
        schedule: the decoded schedule.
        client_keys: client ids, by the client indices used in the problem.
        busy: busy intervals to show beside the blocks (clipped to the planned window).
        status: the optimiser's status.
        pins: pinned blocks; those of planned jobs ending after "now" are shown as blocks
            (``pinned=True``, ids ``<job id>-<YYYYMMDD>-pin<rank>``).

    Returns:
        Blocks (ids ``<job id>-<YYYYMMDD>-<rank of the job's block in that day>``; an
        in-person meeting's piece becomes its ``travel`` block there (id suffix ``-to``),
        the meeting and the travel block back (``-back``)) and one outcome per job;
        lateness in wall-clock minutes, slack in free working minutes.
    """
    blocks: list[Block] = []
    rank: dict[tuple[int, str], int] = defaultdict(int)
    keys = {job.key: job for job in problem.jobs}
    window_start = problem.to_datetime(problem.now)
    pin_rank: dict[tuple[str, str], int] = defaultdict(int)
    for pin in sorted(pins, key=lambda p: (p.start, p.job_id)):
        pinned_job = keys.get(pin.job_id)
        if pinned_job is None or pin.end <= window_start:
            continue
        start = pin.start.astimezone(problem.tz)
        day_key = start.strftime("%Y%m%d")
        pin_rank[(pin.job_id, day_key)] += 1
        blocks.append(
            Block(
                id=f"{pin.job_id}-{day_key}-pin{pin_rank[(pin.job_id, day_key)]}",
                start=start,
                end=pin.end.astimezone(problem.tz),
                kind=BlockKind.MEETING if pinned_job.meeting else BlockKind.WORK,
                job_id=pin.job_id,
                client_id=client_keys[pinned_job.client],
                pinned=True,
                mode=pinned_job.mode,
            )
        )
    for j, s, e in schedule.pieces:
        job = problem.jobs[j]
        start = problem.to_datetime(s)
        day_key = start.strftime("%Y%m%d")
        rank[(j, day_key)] += 1
        block_id = f"{job.key}-{day_key}-{rank[(j, day_key)]}"
        client = client_keys[job.client]
        t = job.travel
        if t:
            for suffix, a, b in (("to", s, s + t), ("back", e - t, e)):
                blocks.append(
                    Block(
                        id=f"{block_id}-{suffix}",
                        start=problem.to_datetime(a),
                        end=problem.to_datetime(b),
                        kind=BlockKind.TRAVEL,
                        job_id=job.key,
                        client_id=client,
                        mode=job.mode,
                        km=job.km,
                    )
                )
        blocks.append(
            Block(
                id=block_id,
                start=problem.to_datetime(s + t),
                end=problem.to_datetime(e - t),
                kind=BlockKind.MEETING if job.meeting else BlockKind.WORK,
                job_id=job.key,
                client_id=client,
                mode=job.mode,
            )
        )
    outcomes: list[JobOutcome] = []
    for job in problem.jobs:
        done = schedule.completion[job.index]
        unplaced = schedule.unplaced[job.index]
        placed = job.work - unplaced if unplaced < job.processing else 0
        finish = done if done is not None else problem.horizon + unplaced
        lateness = finish - job.due
        late = lateness > 0 or unplaced > 0
        slack = None if late or done is None else problem.free_minutes_between(done, job.due)
        code, args = _reason(problem, job, schedule) if late else (None, ())
        outcomes.append(
            JobOutcome(
                job_id=job.key,
                due=problem.to_datetime(job.due),
                remaining_minutes=job.work,
                planned_minutes=placed,
                planned_finish=problem.to_datetime(done) if done is not None else None,
                lateness_minutes=lateness,
                slack_minutes=slack,
                reason_code=code,
                reason_args=args,
            )
        )
    window_end = problem.to_datetime(problem.horizon)
    blocks.sort(key=lambda b: (b.start, b.id))
    shown = tuple(b for b in busy if b.end > window_start and b.start < window_end)
    return Plan(
        now=window_start,
        horizon_end=window_end,
        blocks=tuple(blocks),
        outcomes=tuple(outcomes),
        busy=shown,
        status=status,
        objective=(
            schedule.objective[0],
            schedule.objective[2],
            schedule.objective[4],
        ),
        pacing_kept=schedule.objective[5] == 0,
        pacing_misses=schedule.objective[5],
        order=tuple(problem.jobs[j].key for j in schedule.order),
    )
