"""The sequencing core against published optima and brute force, evaluated independently."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from creneau.planning.sequencing import (
    SequencingInstance,
    iterated_local_search,
    priority_orders,
    sequence_cost,
)
from tests.conftest import SHARED

ORLIB = SHARED / "bench" / "orlib-wt"


def read(name: str, n: int) -> list[tuple[list[int], list[int], list[int]]]:
    numbers = [int(x) for x in (ORLIB / name).read_text().split()]
    return [
        (numbers[i : i + n], numbers[i + n : i + 2 * n], numbers[i + 2 * n : i + 3 * n])
        for i in range(0, len(numbers), 3 * n)
    ]


def tardiness(
    p: list[int], w: list[int], d: list[int], order: list[int], r: list[int] | None = None
) -> int:
    """Σ w_j max(0, C_j - d_j), jobs one after the other from their releases."""
    t = total = 0
    for j in order:
        t = max(t, r[j] if r else 0) + p[j]
        total += w[j] * max(0, t - d[j])
    return total


def test_published_optima_on_wt40() -> None:
    instances = read("wt40.txt", 40)
    optima = [int(x) for x in (ORLIB / "wtopt40.txt").read_text().split()]
    # instances 1 and 3 need kicks (descent alone from the seeds stops at 956 and 573);
    # 56 and 65 are far from their optimum after descent alone
    for k in (0, 2, 55, 64):
        p, w, d = instances[k]
        inst = SequencingInstance(np.array(p), np.array(w), np.array(d))
        result = iterated_local_search(inst, priority_orders(inst))
        assert sorted(result.order) == list(range(40))
        assert tardiness(p, w, d, result.order) == optima[k]
        assert result.cost == optima[k]


def test_readme_check_values_of_the_priority_rules() -> None:
    """The data README: on wt40 instance 1, EDD gives 1588 and WSPT 3066."""
    p, w, d = read("wt40.txt", 40)[0]
    inst = SequencingInstance(np.array(p), np.array(w), np.array(d))
    edd, wspt, _mdd, _atc = priority_orders(inst)
    assert tardiness(p, w, d, edd) == 1588
    assert tardiness(p, w, d, wspt) == 3066


@settings(max_examples=40)
@given(
    st.integers(2, 7).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(1, 20), min_size=n, max_size=n),
            st.lists(st.integers(0, 5), min_size=n, max_size=n),
            st.lists(st.integers(0, 60), min_size=n, max_size=n),
            st.lists(st.integers(0, 30), min_size=n, max_size=n),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
def test_small_instances_with_releases_and_hard_jobs_reach_brute_force(
    data: tuple[list[int], list[int], list[int], list[int], list[bool]],
) -> None:
    p, w, d, r, hard = data
    n = len(p)
    penalty = 10_000
    inst = SequencingInstance(
        np.array(p), np.array(w), np.array(d), np.array(r), np.array(hard), penalty
    )

    def cost(order: list[int]) -> int:
        t = total = 0
        for j in order:
            t = max(t, r[j]) + p[j]
            total += w[j] * max(0, t - d[j]) + (penalty if hard[j] and t > d[j] else 0)
        return total

    best = min(cost(list(o)) for o in itertools.permutations(range(n)))
    result = iterated_local_search(inst, priority_orders(inst), patience=200)
    assert cost(result.order) == result.cost == sequence_cost(inst, result.order)
    assert result.cost == best
