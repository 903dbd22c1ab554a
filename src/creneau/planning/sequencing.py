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
(``@njit(cache=True)``); the first call in a fresh environment compiles them (a few
seconds), later calls load them from numba's cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from creneau.planning.sequencing_kernels import _ils, _sequence_cost


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
            each, insertions O(1) without release dates).
        restart: go back to the best after this many kicks without a new best (0: never).
        growth: add one swap to the perturbation every this many kicks without a new best
            (0: fixed strength).
        method: 1 dynasearch descent (default), 0 first-improvement interchange/insertion
            descent, 2 both.
        seed: seed of the perturbations.

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
    best, cost, kicks, improvements = _ils(
        order, instance.processing, instance.weight, instance.due, instance.release,
        instance.hard, instance.hard_penalty, max_kicks, max(1, patience),
        restart if restart > 0 else max_kicks + 1, max(1, window), max(1, strength), seed,
        method, span if span is not None else n, growth, accept_ppm, max(1, swap_span),
    )  # fmt: skip
    return SequencingResult([int(j) for j in best], int(cost), int(kicks), int(improvements))
