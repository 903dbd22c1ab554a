"""What now, until when: the block under way (or starting within one grid step), merged
with the same job's blocks that follow without a break, and the next five blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from creneau.domain.models import Block, BlockKind, Plan
from creneau.services.planning import NowAnswer, PlanReport, what_now
from creneau.settings import load_settings

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SETTINGS = load_settings({}, environ={})  # the 15-minute grid


def _report(blocks: list[Block]) -> PlanReport:
    plan = Plan(now=T0, horizon_end=T0 + timedelta(days=30), blocks=tuple(blocks), outcomes=())
    return PlanReport(plan=plan, now=T0, clients={}, jobs={}, settings=SETTINGS)


def _block(job: str, start: int, end: int) -> Block:
    """A block of ``job`` from ``start`` to ``end`` minutes after 08:00."""
    return Block(
        id=f"{job}/{start}",
        start=T0 + timedelta(minutes=start),
        end=T0 + timedelta(minutes=end),
        kind=BlockKind.WORK,
        job_id=job,
    )


def _reference(report: PlanReport, now: datetime) -> NowAnswer:
    """The rule read through every block (the definition, without bisection)."""
    blocks = list(report.plan.blocks)
    grid = timedelta(minutes=15)
    current = next((b for b in blocks if b.start <= now < b.end), None)
    if current is None:
        current = next((b for b in blocks if now <= b.start < now + grid), None)
    until = current.end if current else None
    after = [b for b in blocks if b.start >= (until or now)]
    if current is not None:
        for b in after:
            if b.job_id == current.job_id and b.start == until:
                until = b.end
    return NowAnswer(current, until, [b for b in after if b.start >= (until or now)][:5])


def test_the_block_under_way_runs_on_through_the_same_jobs_next_blocks() -> None:
    # a 08:00-09:00, a 09:00-10:00 (no break: one stretch), b 10:00-11:00, a 11:00-12:00
    blocks = [_block("a", 0, 60), _block("a", 60, 120), _block("b", 120, 180)]
    blocks.append(_block("a", 180, 240))
    answer = what_now(_report(blocks), T0 + timedelta(minutes=30))
    assert answer.current == blocks[0]
    assert answer.until == T0 + timedelta(minutes=120)  # 10:00, not 09:00
    assert answer.upcoming == [blocks[2], blocks[3]]


def test_a_block_starting_within_a_grid_step_is_the_current_one() -> None:
    blocks = [_block("a", 10, 70), _block("b", 70, 100)]
    answer = what_now(_report(blocks), T0)  # 08:00; the plan starts at 08:10
    assert answer.current == blocks[0]
    assert answer.until == T0 + timedelta(minutes=70)
    assert answer.upcoming == [blocks[1]]
    later = what_now(_report(blocks), T0 - timedelta(minutes=30))  # 07:30: nothing yet
    assert later.current is None and later.until is None
    assert later.upcoming == blocks


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.integers(0, 3), st.integers(1, 8)),
        max_size=25,
    ),
    st.integers(-60, 1500),
)
def test_it_answers_as_the_rule_read_through_every_block(
    pieces: list[tuple[str, int, int]], minute: int
) -> None:
    blocks, at = [], 0
    for job, gap, length in pieces:  # sorted by start, no overlap, gaps of 0-45 min
        at += gap * 15
        blocks.append(_block(job, at, at + length * 15))
        at += length * 15
    report = _report(blocks)
    now = T0 + timedelta(minutes=minute)
    assert what_now(report, now) == _reference(report, now)
