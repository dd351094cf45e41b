"""Sparse ranks: an order in which one row moves without renumbering the others.

Each row of an ordered list (the cards of a board's cell, later a Scrum backlog) carries a
signed 64-bit integer. Laid out, neighbours are `GAP` apart, so a row dropped between two others
takes the midpoint and is the only row written. Sixteen halvings later two neighbours may
touch: the caller then lays the list out again (`spread`), under the lock that already
serialises its writers. A row added at either end steps `GAP` past the last one: 2**47 of them
fit before the integer would overflow.
"""

GAP = 1 << 16


def rank_after(last: int | None) -> int:
    """The rank of a row added below `last` (None: the list is empty)."""
    return GAP if last is None else last + GAP


def rank_between(before: int | None, after: int | None) -> int | None:
    """A rank strictly between `before` and `after` (None: no row on that side), or None when
    the two touch and the list must be spread first."""
    if after is None:
        return rank_after(before)
    if before is None:
        return after - GAP
    if after - before > 1:
        return (before + after) // 2
    return None


def spread(count: int) -> list[int]:
    """The ranks of `count` rows laid out afresh, `GAP` apart."""
    return [GAP * (index + 1) for index in range(count)]
