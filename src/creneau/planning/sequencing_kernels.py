"""Compiled kernels of :mod:`creneau.planning.sequencing` (numba, ``nopython`` mode).

Arrays are int64 (``order``, ``p``, ``w``, ``d``, ``r``, ``completion``, ``prefix_cost``)
and bool (``hard``); ``completion[m]`` and ``prefix_cost[m]`` hold the completion time and
the cumulated cost of the job at position ``m`` of the current order.
"""

import numpy as np
from numba import njit


@njit(cache=True)
def _job_cost(job, t, w, d, hard, penalty):
    late = t - d[job]
    if late <= 0:
        return 0
    cost = w[job] * late
    if hard[job]:
        cost += penalty
    return cost


@njit(cache=True)
def _prefix(order, p, w, d, r, hard, penalty, completion, prefix_cost):
    t = 0
    total = 0
    for m in range(order.shape[0]):
        job = order[m]
        if r[job] > t:
            t = r[job]
        t += p[job]
        completion[m] = t
        total += _job_cost(job, t, w, d, hard, penalty)
        prefix_cost[m] = total
    return total


@njit(cache=True)
def _sequence_cost(order, p, w, d, r, hard, penalty):
    n = order.shape[0]
    completion = np.empty(n, dtype=np.int64)
    prefix_cost = np.empty(n, dtype=np.int64)
    return _prefix(order, p, w, d, r, hard, penalty, completion, prefix_cost)


@njit(cache=True)
def _at(order, m, kind, a, b):
    """Job at position m after the move (kind 0: swap a<b; 1: move a to b>a; 2: a to b<a)."""
    if kind == 0:
        if m == a:
            return order[b]
        if m == b:
            return order[a]
        return order[m]
    if kind == 1:
        if a <= m < b:
            return order[m + 1]
        if m == b:
            return order[a]
        return order[m]
    if m == b:
        return order[a]
    if b < m <= a:
        return order[m - 1]
    return order[m]


@njit(cache=True)
def _delta(order, kind, a, b, lo, hi, p, w, d, r, hard, penalty, completion, prefix_cost):
    n = order.shape[0]
    t = completion[lo - 1] if lo > 0 else 0
    new = 0
    m = lo
    while m < n:
        job = _at(order, m, kind, a, b)
        if r[job] > t:
            t = r[job]
        t += p[job]
        new += _job_cost(job, t, w, d, hard, penalty)
        m += 1
        if m > hi and t == completion[m - 1]:
            break
    old = prefix_cost[m - 1] - (prefix_cost[lo - 1] if lo > 0 else 0)
    return new - old


@njit(cache=True)
def _apply(order, kind, a, b):
    if kind == 0:
        tmp = order[a]
        order[a] = order[b]
        order[b] = tmp
    elif kind == 1:
        job = order[a]
        for m in range(a, b):
            order[m] = order[m + 1]
        order[b] = job
    else:
        job = order[a]
        for m in range(a, b, -1):
            order[m] = order[m - 1]
        order[b] = job


@njit(cache=True)
def _local_search(order, p, w, d, r, hard, penalty, completion, prefix_cost):
    n = order.shape[0]
    cost = _prefix(order, p, w, d, r, hard, penalty, completion, prefix_cost)
    improved = True
    while improved:
        improved = False
        for i in range(n - 1):
            for j in range(i + 1, n):
                if (
                    _delta(order, 0, i, j, i, j, p, w, d, r, hard, penalty, completion, prefix_cost)
                    < 0
                ):
                    _apply(order, 0, i, j)
                    cost = _prefix(order, p, w, d, r, hard, penalty, completion, prefix_cost)
                    improved = True
        for i in range(n):
            for k in range(n):
                if k == i:
                    continue
                kind = 1 if k > i else 2
                lo = i if k > i else k
                hi = k if k > i else i
                if (
                    _delta(
                        order,
                        kind,
                        i,
                        k,
                        lo,
                        hi,
                        p,
                        w,
                        d,
                        r,
                        hard,
                        penalty,
                        completion,
                        prefix_cost,
                    )
                    < 0
                ):
                    _apply(order, kind, i, k)
                    cost = _prefix(order, p, w, d, r, hard, penalty, completion, prefix_cost)
                    improved = True
    return cost


@njit(cache=True)
def _segment_delta(order, kind, a, b, lo, hi, p, w, d, r, hard, penalty, completion, prefix_cost):
    """Cost change of a move within [lo, hi], or a huge value if it shifts jobs after hi."""
    t = completion[lo - 1] if lo > 0 else 0
    new = 0
    for m in range(lo, hi + 1):
        job = _at(order, m, kind, a, b)
        if r[job] > t:
            t = r[job]
        t += p[job]
        new += _job_cost(job, t, w, d, hard, penalty)
    if t != completion[hi]:
        return np.int64(2**62)
    return new - (prefix_cost[hi] - (prefix_cost[lo - 1] if lo > 0 else 0))


@njit(cache=True)
def _move_deltas(
    order,
    p,
    w,
    d,
    r,
    hard,
    penalty,
    completion,
    prefix_cost,
    span,
    no_release,
    delta,
    kind_of,
    swap_span,
):
    """Fill ``delta[j, k]``: the best segment move on [j - k, j] (k = 1..span), and its kind.

    Kinds: 0 swap the two ends; 1 move the first job after the last (forward insertion);
    2 move the last job before the first (backward insertion). Without release dates the
    insertions are evaluated incrementally (O(1) each) and a swap in O(length); with
    release dates every move is evaluated over its segment.
    """
    n = order.shape[0]
    big = np.int64(2**62)
    for j in range(n):
        for k in range(span + 1):
            delta[j, k] = big
            kind_of[j, k] = -1
    if no_release:
        # forward insertions: for each first position i, extend j
        for i in range(n - 1):
            job_i = order[i]
            before = prefix_cost[i - 1] if i > 0 else 0
            acc = 0
            top = min(n - 1, i + span)
            for j in range(i + 1, top + 1):
                acc += _job_cost(order[j], completion[j] - p[job_i], w, d, hard, penalty)
                value = (
                    acc
                    + _job_cost(job_i, completion[j], w, d, hard, penalty)
                    - (prefix_cost[j] - before)
                )
                if value < delta[j, j - i]:
                    delta[j, j - i] = value
                    kind_of[j, j - i] = 1
        # backward insertions: for each last position j, extend i downwards
        for j in range(1, n):
            job_j = order[j]
            acc = 0
            bottom = max(0, j - span)
            for i in range(j - 1, bottom - 1, -1):
                acc += _job_cost(order[i], completion[i] + p[job_j], w, d, hard, penalty)
                start = completion[i - 1] if i > 0 else 0
                before = prefix_cost[i - 1] if i > 0 else 0
                value = (
                    _job_cost(job_j, start + p[job_j], w, d, hard, penalty)
                    + acc
                    - (prefix_cost[j] - before)
                )
                if value < delta[j, j - i]:
                    delta[j, j - i] = value
                    kind_of[j, j - i] = 2
        # swaps
        for i in range(n - 1):
            job_i = order[i]
            start = completion[i - 1] if i > 0 else 0
            before = prefix_cost[i - 1] if i > 0 else 0
            top = min(n - 1, i + min(span, swap_span))
            for j in range(i + 1, top + 1):
                job_j = order[j]
                shift = p[job_j] - p[job_i]
                value = _job_cost(job_j, start + p[job_j], w, d, hard, penalty)
                for m in range(i + 1, j):
                    value += _job_cost(order[m], completion[m] + shift, w, d, hard, penalty)
                value += _job_cost(job_i, completion[j], w, d, hard, penalty) - (
                    prefix_cost[j] - before
                )
                if value < delta[j, j - i]:
                    delta[j, j - i] = value
                    kind_of[j, j - i] = 0
    else:
        for j in range(1, n):
            for i in range(max(0, j - span), j):
                for kind in range(3):
                    if kind == 0 and j - i > swap_span:
                        continue
                    if kind == 2:
                        value = _segment_delta(
                            order, 2, j, i, i, j, p, w, d, r, hard, penalty, completion, prefix_cost
                        )
                    else:
                        value = _segment_delta(
                            order,
                            kind,
                            i,
                            j,
                            i,
                            j,
                            p,
                            w,
                            d,
                            r,
                            hard,
                            penalty,
                            completion,
                            prefix_cost,
                        )
                    if value < delta[j, j - i]:
                        delta[j, j - i] = value
                        kind_of[j, j - i] = kind


@njit(cache=True)
def _dynasearch(order, p, w, d, r, hard, penalty, completion, prefix_cost, span, swap_span):
    """Descent with dynasearch: the best set of independent moves, by dynamic programming.

    A move is a swap of positions i<j or the insertion of the job at i after j (forward)
    or of the job at j before i (backward), on segments of at most ``span + 1`` positions;
    moves on disjoint segments whose completion time at the segment's end is unchanged do
    not interact, so their gains add up (Congram, Potts & van de Velde 2002; insertions as
    in Grosso, Della Croce & Tadei 2004).
    """
    n = order.shape[0]
    span = min(span, n - 1)
    no_release = True
    for job in range(n):
        if r[job] != 0:
            no_release = False
            break
    best = np.zeros(n + 1, dtype=np.int64)
    from_i = np.full(n + 1, -1, dtype=np.int64)
    kind_at = np.zeros(n + 1, dtype=np.int64)
    delta = np.empty((n, span + 1), dtype=np.int64)
    kind_of = np.empty((n, span + 1), dtype=np.int64)
    cost = _prefix(order, p, w, d, r, hard, penalty, completion, prefix_cost)
    while True:
        _move_deltas(
            order,
            p,
            w,
            d,
            r,
            hard,
            penalty,
            completion,
            prefix_cost,
            span,
            no_release,
            delta,
            kind_of,
            swap_span,
        )
        for j in range(n):
            best[j + 1] = best[j]
            from_i[j + 1] = -1
            for k in range(1, min(span, j) + 1):
                value = delta[j, k]
                if value < 0:
                    i = j - k
                    if best[i] + value < best[j + 1]:
                        best[j + 1] = best[i] + value
                        from_i[j + 1] = i
                        kind_at[j + 1] = kind_of[j, k]
        if best[n] >= 0:
            return cost
        saved = order.copy()
        j = n
        while j > 0:
            i = from_i[j]
            if i < 0:
                j -= 1
                continue
            kind = kind_at[j]
            if kind == 2:
                _apply(order, 2, j - 1, i)
            else:
                _apply(order, kind, i, j - 1)
            j = i
        new_cost = _prefix(order, p, w, d, r, hard, penalty, completion, prefix_cost)
        if new_cost >= cost:  # cannot happen without releases; guards interacting moves
            order[:] = saved
            return _prefix(order, p, w, d, r, hard, penalty, completion, prefix_cost)
        cost = new_cost


@njit(cache=True)
def _descend(order, p, w, d, r, hard, penalty, completion, prefix_cost, method, span, swap_span):
    if method == 0:
        return _local_search(order, p, w, d, r, hard, penalty, completion, prefix_cost)
    cost = _dynasearch(order, p, w, d, r, hard, penalty, completion, prefix_cost, span, swap_span)
    if method == 2:
        cost = _local_search(order, p, w, d, r, hard, penalty, completion, prefix_cost)
    return cost


@njit(cache=True)
def _ils(
    order,
    p,
    w,
    d,
    r,
    hard,
    penalty,
    max_kicks,
    patience,
    restart,
    window,
    strength,
    seed,
    method,
    span,
    growth,
    accept_ppm,
    swap_span,
):
    n = order.shape[0]
    np.random.seed(seed)
    completion = np.empty(n, dtype=np.int64)
    prefix_cost = np.empty(n, dtype=np.int64)
    current = order.copy()
    current_cost = _descend(
        current, p, w, d, r, hard, penalty, completion, prefix_cost, method, span, swap_span
    )
    best = current.copy()
    best_cost = current_cost
    kicks = 0
    since_best = 0
    improvements = 0
    if n < 2:
        return best, best_cost, kicks, improvements
    trial = current.copy()
    while kicks < max_kicks and since_best < patience and best_cost > 0:
        trial[:] = current
        kick = strength + (since_best // growth if growth > 0 else 0)
        if kick > n:
            kick = n
        for _ in range(kick):
            a = np.random.randint(0, n)
            b = a + np.random.randint(1, window + 1)
            if b >= n:
                b = a - np.random.randint(1, window + 1)
                if b < 0:
                    b = np.random.randint(0, n)
                    if b == a:
                        continue
            lo = min(a, b)
            hi = max(a, b)
            _apply(trial, 0, lo, hi)
        trial_cost = _descend(
            trial, p, w, d, r, hard, penalty, completion, prefix_cost, method, span, swap_span
        )
        kicks += 1
        since_best += 1
        if trial_cost <= current_cost + (current_cost * accept_ppm) // 1_000_000:
            current[:] = trial
            current_cost = trial_cost
        if trial_cost < best_cost:
            best[:] = trial
            best_cost = trial_cost
            since_best = 0
            improvements += 1
        elif since_best % restart == 0:
            current[:] = best
            current_cost = best_cost
    return best, best_cost, kicks, improvements
