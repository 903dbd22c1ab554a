"""A replan after one change starts from the previous plan and costs a fraction of a full
plan, counted in decodes (deterministic, unlike seconds on a shared machine)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from creneau.domain.models import Deadline, Job
from creneau.planning import planner
from creneau.planning.planner import make_plan, plan_order
from tests.conftest import load_bench_module


def _workloads() -> Any:
    return load_bench_module("workloads")


def test_replan_after_one_new_job_makes_under_a_fifth_of_the_decodes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[tuple[int, bool]] = []
    real = planner.optimise

    def counting(problem: Any, **kw: Any) -> Any:
        solution = real(problem, **kw)
        made.append((solution.evaluations, kw.get("previous") is not None))
        return solution

    monkeypatch.setattr(planner, "optimise", counting)
    workloads = _workloads()
    work = workloads.generate(200, weeks=6)
    rules = workloads.default_rules()
    first = make_plan(work.now, work.jobs, work.clients, work.working_time, work.busy, rules)
    extra = Job(
        id="j-new",
        client_id=work.clients[0].id,
        title="New small job",
        effort_minutes=60,
        received=work.now.date(),
        due=work.now.date() + timedelta(days=3),
        deadline=Deadline.HARD,
    )
    jobs = [*work.jobs, extra]
    again = make_plan(
        work.now, jobs, work.clients, work.working_time, work.busy, rules,
        previous_order=plan_order(first), previous_blocks=first.blocks,
    )  # fmt: skip
    (full, full_warm), (replan, replan_warm) = made
    assert not full_warm and replan_warm
    assert replan < full / 5, (replan, full)
    # it did start from the previous plan: some of its blocks are where they were (this
    # overloaded workload trades many of them for less tardiness)
    assert again.stability is not None
    kept, counted = again.stability
    assert counted > 100 and kept > counted // 10
    assert any(o.job_id == "j-new" for o in again.outcomes)


def test_an_effort_change_replans_under_a_fifth_of_the_decodes_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[int] = []
    real = planner.optimise

    def counting(problem: Any, **kw: Any) -> Any:
        solution = real(problem, **kw)
        made.append(solution.evaluations)
        return solution

    monkeypatch.setattr(planner, "optimise", counting)
    workloads = _workloads()
    work = workloads.generate(200, weeks=6, seed=2)
    rules = workloads.default_rules()
    first = make_plan(work.now, work.jobs, work.clients, work.working_time, work.busy, rules)
    biggest = max(work.jobs, key=lambda j: j.remaining_effort_minutes)
    jobs = [
        replace(j, effort_minutes=j.effort_minutes * 3 // 2) if j is biggest else j
        for j in work.jobs
    ]
    make_plan(
        work.now, jobs, work.clients, work.working_time, work.busy, rules,
        previous_order=plan_order(first), previous_blocks=first.blocks,
    )  # fmt: skip
    full, replan = made
    assert replan < full / 5, (replan, full)
