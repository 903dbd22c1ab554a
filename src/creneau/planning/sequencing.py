"""Single-machine sequencing: iterated local search over job orders (1|r_j|ΣwjTj).

This is the optimiser's core, shared by the product (on her working time compressed into
one always-available machine: see :func:`creneau.planning.optimiser.surrogate`) and by the
OR-Library benchmark (``bench/orlib.py``, where it *is* the problem).

Objective of an order: jobs run one after the other without preemption, each starting
at ``max(previous completion, release)``; the cost is ``Σ w_j T_j`` with
``T_j = max(0, C_j - d_j)``, plus ``hard_penalty`` for each late job marked hard (so that
keeping promises comes first when the penalty exceeds any weighted tardiness).

Search: *iterated dynasearch* (Congram, Potts & van de Velde, INFORMS J. Computing 14(1),
2002), with the insertion moves of Grosso, Della Croce & Tadei (Oper. Res. Letters 32,
2004) inside the iterated local search frame of Lourenço, Martin & Stützle (2003):

- descent: dynasearch, i.e. the best *set* of independent interchange and insertion moves
  on disjoint segments, found by dynamic programming over positions, repeated until no
  set improves (insertions cost O(1) each without release dates, interchanges O(length);
  interchanges are limited to ``swap_span`` positions);
- perturbation: ``strength`` random interchanges of jobs at most ``window`` positions apart;
- acceptance: the new local optimum replaces the current one when it is at most
  ``accept_ppm`` millionths worse (threshold acceptance);
- stop: after ``patience`` kicks without a new best, or ``max_kicks`` kicks in all.

Everything is deterministic for a given seed. The kernels are compiled with numba
(``@njit(cache=True)``); the first call in a fresh environment compiles them (about 20 s
on a 2-core machine), later calls load them from numba's cache (well under a second).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from creneau.planning.sequencing_kernels import _ils, _sequence_cost

TIME_CHECK_KICKS = 64
"""With a wall-clock limit, the clock is read between rounds of this many kicks."""


@dataclass(frozen=True)
class SequencingInstance:
    """A single-machine instance, all integers.

    Args:
        processing: processing times ``p_j`` (> 0), shape (n,).
        weight: tardiness weights ``w_j`` (>= 0), shape (n,).
        due: due dates ``d_j``, shape (n,).
        release: release dates ``r_j`` (default all 0), shape (n,).
        hard: which jobs' lateness costs ``hard_penalty`` (default none), shape (n,).
        hard_penalty: added once per late hard job.
    """

    processing: np.ndarray
    weight: np.ndarray
    due: np.ndarray
    release: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    hard: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))
    hard_penalty: int = 0

    def __post_init__(self) -> None:
        n = len(self.processing)
        for name in ("processing", "weight", "due"):
            object.__setattr__(
                self, name, np.ascontiguousarray(getattr(self, name), dtype=np.int64)
            )
        if len(self.release) == 0:
            object.__setattr__(self, "release", np.zeros(n, dtype=np.int64))
        else:
            object.__setattr__(self, "release", np.ascontiguousarray(self.release, dtype=np.int64))
        if len(self.hard) == 0:
            object.__setattr__(self, "hard", np.zeros(n, dtype=np.bool_))
        else:
            object.__setattr__(self, "hard", np.ascontiguousarray(self.hard, dtype=np.bool_))
        for name in ("weight", "due", "release", "hard"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name}: expected {n} values")
        if n and int(self.processing.min()) <= 0:
            raise ValueError("processing: times must be positive")

    @property
    def size(self) -> int:
        """Number of jobs."""
        return len(self.processing)


@dataclass(frozen=True)
class SequencingResult:
    """The search's answer.

    Args:
        order: job indices (0-based) in processing order.
        cost: its objective value.
        kicks: perturbations made.
        improvements: times a new best was found.
    """

    order: list[int]
    cost: int
    kicks: int
    improvements: int


def priority_orders(instance: SequencingInstance, k: float = 2.0) -> list[list[int]]:
    """Constructive orders: EDD, WSPT, MDD and ATC.

    - EDD: earliest due date first;
    - WSPT: largest ``w/p`` first (Smith's rule, optimal for Σw_jC_j);
    - MDD: modified due date, at each step the job minimising ``max(d_j, t + p_j)``
      (Baker & Bertrand 1982);
    - ATC: apparent tardiness cost, at each step the job maximising
      ``w/p · exp(-max(0, d - p - t) / (k · p̄))`` (Vepsalainen & Morton 1987).

    Ties are broken by job index; releases are honoured by MDD and ATC (only released jobs
    compete, else the next to be released).
    """
    n = instance.size
    p = instance.processing.tolist()
    w = instance.weight.tolist()
    d = instance.due.tolist()
    r = instance.release.tolist()
    jobs = range(n)
    edd = sorted(jobs, key=lambda j: (d[j], j))
    wspt = sorted(jobs, key=lambda j: (-w[j] / p[j], j))
    mean_p = sum(p) / n if n else 1.0

    def dispatch(priority: Callable[[int, int], float]) -> list[int]:
        left = set(jobs)
        t = 0
        order: list[int] = []
        while left:
            ready = [j for j in left if r[j] <= t] or [min(left, key=lambda j: (r[j], j))]
            best = min(ready, key=lambda j: (priority(j, t), j))
            order.append(best)
            left.remove(best)
            t = max(t, r[best]) + p[best]
        return order

    mdd = dispatch(lambda j, t: max(d[j], t + p[j]))
    atc = dispatch(lambda j, t: -(w[j] / p[j]) * math.exp(-max(0, d[j] - p[j] - t) / (k * mean_p)))
    return [edd, wspt, mdd, atc]


def sequence_cost(instance: SequencingInstance, order: Sequence[int]) -> int:
    """The objective of ``order`` (0-based job indices) on ``instance``."""
    arr = np.asarray(order, dtype=np.int64)
    return int(
        _sequence_cost(
            arr, instance.processing, instance.weight, instance.due, instance.release,
            instance.hard, instance.hard_penalty,
        )
    )  # fmt: skip


def iterated_local_search(
    instance: SequencingInstance,
    starts: Sequence[Sequence[int]],
    *,
    max_kicks: int = 20_000,
    patience: int = 300,
    window: int | None = None,
    strength: int = 2,
    accept_ppm: int = 1000,
    span: int | None = None,
    swap_span: int = 25,
    restart: int = 0,
    growth: int = 0,
    method: int = 1,
    seed: int = 0,
    time_limit: float | None = None,
) -> SequencingResult:
    """Search job orders from the best of ``starts``.

    Args:
        instance: the instance.
        starts: candidate orders (0-based permutations); the cheapest is the start.
        max_kicks: at most this many perturbations (the deterministic time limit).
        patience: stop after this many kicks without a new best.
        window: a perturbation swaps jobs at most this many positions apart (default n).
        strength: number of random swaps in one perturbation.
        accept_ppm: accept a new local optimum up to this many millionths worse than the
            current one (a threshold acceptance that lets the walk cross plateaus).
        span: longest insertion move, in positions (default n).
        swap_span: longest interchange move, in positions (interchanges cost O(length)
            each, insertions O(1) without release dates; with release dates every move
            costs O(length)).
        restart: go back to the best after this many kicks without a new best (0: never).
        growth: add one swap to the perturbation every this many kicks without a new best
            (0: fixed strength).
        method: 1 dynasearch descent (default), 0 first-improvement interchange/insertion
            descent, 2 both.
        seed: seed of the perturbations.
        time_limit: a wall-clock cap in seconds, checked every
            :data:`TIME_CHECK_KICKS` kicks (None: only the kick limits apply, and the result
            is fully deterministic).

    Returns:
        The best order found, its cost and search statistics.

    Raises:
        ValueError: when a start is not a permutation of the jobs.
    """
    n = instance.size
    if n == 0:
        return SequencingResult([], 0, 0, 0)
    candidates = []
    for start in starts:
        if sorted(start) != list(range(n)):
            raise ValueError("starts: each must be a permutation of the job indices")
        candidates.append((sequence_cost(instance, start), list(start)))
    if not candidates:
        candidates.append((sequence_cost(instance, range(n)), list(range(n))))
    _cost, first = min(candidates, key=lambda c: c[0])
    order = np.asarray(first, dtype=np.int64)
    window = n if window is None else window
    p, w, d, r = instance.processing, instance.weight, instance.due, instance.release
    hard, penalty = instance.hard, instance.hard_penalty
    restart_every = restart if restart > 0 else max_kicks + 1
    span_ = span if span is not None else n
    if time_limit is None:
        best, cost, kicks, improvements = _ils(
            order, p, w, d, r, hard, penalty, max_kicks, max(1, patience), restart_every,
            max(1, window), max(1, strength), seed, method, span_, growth, accept_ppm,
            max(1, swap_span),
        )  # fmt: skip
        return SequencingResult([int(j) for j in best], int(cost or 0), kicks, improvements)
    # with a wall-clock limit: rounds of TIME_CHECK_KICKS kicks, each from the best so far
    deadline = time.perf_counter() + time_limit
    kicks = improvements = 0
    since_best = 0
    best = order
    cost = None
    round_seed = seed
    while kicks < max_kicks and since_best < patience:
        chunk = min(TIME_CHECK_KICKS, max_kicks - kicks, patience - since_best)
        found, found_cost, done, better = _ils(
            best, p, w, d, r, hard, penalty, chunk, chunk, restart_every, max(1, window),
            max(1, strength), round_seed, method, span_, growth, accept_ppm, max(1, swap_span),
        )  # fmt: skip
        kicks += int(done)
        if cost is None or found_cost < cost:
            improvements += int(better) + (cost is not None)
            since_best = 0 if cost is not None else int(done)
            best, cost = found, int(found_cost)
        else:
            since_best += int(done)
        round_seed += 1
        if time.perf_counter() >= deadline or cost == 0:
            break
    return SequencingResult([int(j) for j in best], int(cost or 0), kicks, improvements)
