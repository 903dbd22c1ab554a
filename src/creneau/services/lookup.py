"""Find a client or job from what the user typed: an id, or a unique part of its name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from creneau.domain.errors import AmbiguousError, NotFoundError
from creneau.domain.text import normalize

T = TypeVar("T")


def resolve(
    items: Sequence[T],
    query: str,
    *,
    what: str,
    key: Callable[[T], str],
    name: Callable[[T], str],
) -> T:
    """The one item whose id is ``query``, or whose name contains it.

    Matching ignores case and accents. An exact id wins, then an exact name, then a unique
    item whose name contains the query.

    Args:
        items: the candidates.
        query: what the user typed.
        what: ``"client"`` or ``"job"`` (for messages).
        key: the item's id.
        name: the item's name (for a job, its title; clients' names may prefix it).

    Raises:
        NotFoundError: nothing matches.
        AmbiguousError: several items match; lists them.
    """
    for item in items:
        if key(item) == query.strip():
            return item
    wanted = normalize(query)
    if not wanted:
        raise NotFoundError(what, query)
    exact = [item for item in items if normalize(name(item)) == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [item for item in items if wanted in normalize(name(item))]
    if not partial:
        raise NotFoundError(what, query)
    if len(partial) > 1:
        raise AmbiguousError(what, query, [(key(i), name(i)) for i in partial])
    return partial[0]
