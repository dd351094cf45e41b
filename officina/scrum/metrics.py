"""Sprint metrics as flow-metrics.md §10 defines them, computed from a ledger (no database).

The selectors turn a sprint's membership events (`SprintEvent`) and its cards' history
(`boards.WorkItemEvent`) into `LedgerEntry` rows; everything here is arithmetic on them, so the
worked example of §14.7 is a plain unit test.

Rules (§10.1-10.3):
- Remaining = Scope − Completed at the end of every day; each change goes to one series:
  work done (an item reaching a done column, or leaving it again: an "un-burn") or scope change
  (an item added or removed after the start, or re-estimated while open).
- The commitment is the scope when the sprint starts and is never adjusted afterwards.
- Unestimated items count 0 points and are counted apart (`unestimated_items`).
- The ideal line goes from the commitment to 0 over the working days; it stays flat on
  non-working days.
- Velocity (Jira's semantics): committed at the start vs completed at the end; say/do in the
  four labelled variants of §10.3.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from officina.scrum.calendar import days_between

ZERO = Decimal(0)


class Change(StrEnum):
    COMMIT = "commit"  # in the sprint when it starts
    ADD = "add"  # added after the start
    REMOVE = "remove"  # removed after the start
    ESTIMATE = "estimate"  # the card's estimate changed (points: the new one)
    COMPLETE = "complete"  # the card reached a done column
    REOPEN = "reopen"  # the card left the done columns again


@dataclass(frozen=True)
class LedgerEntry:
    day: date  # in the team's time zone
    kind: Change
    item: int
    points: Decimal | None = None  # commit/add: the estimate then; estimate: the new one
    done: bool = False  # commit/add: the card was already done


@dataclass(frozen=True)
class DayPoint:
    """The sprint at the end of one day (`day` None: at the start)."""

    day: date | None
    working: bool
    completed_change: Decimal  # work done this day (negative: an item reopened)
    scope_change: Decimal
    scope: Decimal
    completed: Decimal
    scope_items: int
    done_items: int
    ideal: Decimal
    lived: bool = True  # False for days still to come: only the ideal line is known

    @property
    def remaining(self) -> Decimal:
        return self.scope - self.completed

    @property
    def remaining_items(self) -> int:
        return self.scope_items - self.done_items


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part ÷ whole as a fraction (None when the whole is 0)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


@dataclass(frozen=True)
class SprintNumbers:
    """The sprint's totals: what the report, the velocity chart and the export show."""

    committed_points: Decimal
    committed_items: int
    completed_points: Decimal
    completed_items: int
    added_points: Decimal
    added_items: int
    removed_points: Decimal
    removed_items: int
    estimate_change: Decimal
    scope_points: Decimal  # the final scope
    scope_items: int
    committed_completed_points: Decimal  # done items of the commitment, at their first estimate
    committed_completed_items: int
    unestimated_items: int

    @property
    def say_do(self) -> Decimal | None:
        """(a) all completed ÷ commitment (Jira's bars)."""
        return ratio(self.completed_points, self.committed_points)

    @property
    def say_do_committed(self) -> Decimal | None:
        """(b) completed from the commitment, at its first estimates ÷ commitment."""
        return ratio(self.committed_completed_points, self.committed_points)

    @property
    def say_do_items(self) -> Decimal | None:
        """(c) items of the commitment done ÷ items committed."""
        return ratio(self.committed_completed_items, self.committed_items)

    @property
    def say_do_all_items(self) -> Decimal | None:
        """(c') every item done ÷ items committed."""
        return ratio(self.completed_items, self.committed_items)

    @property
    def say_do_final_scope(self) -> Decimal | None:
        """(d) completed ÷ final scope."""
        return ratio(self.completed_points, self.scope_points)


@dataclass(frozen=True)
class SprintReport:
    start: DayPoint
    days: list[DayPoint]
    numbers: SprintNumbers
    working_days: int


@dataclass
class _Item:
    points: Decimal = ZERO  # as counted in the scope (or burned, once done)
    estimate: Decimal | None = None  # the card's latest estimate
    in_scope: bool = False
    done: bool = False
    committed: bool = False
    committed_points: Decimal = ZERO


@dataclass
class _Ledger:
    items: dict[int, _Item] = field(default_factory=dict)
    scope: Decimal = ZERO
    completed: Decimal = ZERO
    scope_items: int = 0
    done_items: int = 0
    added: Decimal = ZERO
    added_items: int = 0
    removed: Decimal = ZERO
    removed_items: int = 0
    estimate_change: Decimal = ZERO

    def join(self, entry: LedgerEntry) -> None:
        item = self.items.setdefault(entry.item, _Item())
        if item.in_scope:
            return
        item.in_scope, item.estimate = True, entry.points
        item.points = entry.points or ZERO
        item.done = entry.done
        self.scope += item.points
        self.scope_items += 1
        if item.done:
            self.completed += item.points
            self.done_items += 1
        if entry.kind == Change.COMMIT:
            item.committed, item.committed_points = True, item.points
        else:
            self.added += item.points
            self.added_items += 1

    def leave(self, item: _Item) -> None:
        if not item.in_scope:
            return
        item.in_scope = False
        self.scope -= item.points
        self.scope_items -= 1
        self.removed += item.points
        self.removed_items += 1
        if item.done:
            self.completed -= item.points
            self.done_items -= 1

    def re_estimate(self, item: _Item, points: Decimal | None) -> None:
        item.estimate = points
        if item.in_scope and not item.done:
            change = (points or ZERO) - item.points
            item.points = points or ZERO
            self.scope += change
            self.estimate_change += change
        elif not item.in_scope:
            item.points = points or ZERO

    def set_done(self, item: _Item, done: bool) -> None:
        if item.done == done:
            return
        item.done = done
        if not item.in_scope:
            return
        sign = 1 if done else -1
        self.completed += sign * item.points
        self.done_items += sign
        if not done:  # reopened: an estimate changed while it was done now counts as scope
            self.re_estimate(item, item.estimate)

    def apply(self, entry: LedgerEntry) -> None:
        if entry.kind in (Change.COMMIT, Change.ADD):
            self.join(entry)
            return
        item = self.items.setdefault(entry.item, _Item())
        if entry.kind == Change.REMOVE:
            self.leave(item)
        elif entry.kind == Change.ESTIMATE:
            self.re_estimate(item, entry.points)
        else:
            self.set_done(item, entry.kind == Change.COMPLETE)


def _ideal(commitment: Decimal, elapsed: int, total: int) -> Decimal:
    if total == 0:
        return ZERO
    value = commitment * (total - min(elapsed, total)) / total
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def sprint_report(
    *,
    start_date: date,
    end_date: date,
    last_lived_day: date | None,
    entries: Iterable[LedgerEntry],
    working: Sequence[date],
) -> SprintReport:
    """The burndown/burnup day by day and the sprint's totals.

    `entries` in the order they happened; a change dated before `start_date` counts on the
    first day. `last_lived_day`: the last day with actual values (the close, or today; None
    before the start). The days run to `end_date`, or to the last lived day when later.
    `working`: the working days (others are shown, and the ideal line is flat on them).
    """
    ordered = list(entries)
    ledger = _Ledger()
    for entry in ordered:
        if entry.kind == Change.COMMIT:
            ledger.apply(entry)
    commitment = ledger.scope
    committed_items = ledger.scope_items
    working_set = {day for day in working if start_date <= day <= end_date}
    total_working = len(working_set)
    start = DayPoint(
        None,
        False,
        ZERO,
        ZERO,
        ledger.scope,
        ledger.completed,
        ledger.scope_items,
        ledger.done_items,
        commitment,
    )
    later = [entry for entry in ordered if entry.kind != Change.COMMIT]
    last_day = max(end_date, last_lived_day or end_date)
    days: list[DayPoint] = []
    elapsed = 0
    index = 0
    for day in days_between(start_date, last_day):
        lived = last_lived_day is not None and day <= last_lived_day
        scope_before, completed_before = ledger.scope, ledger.completed
        while lived and index < len(later) and later[index].day <= day:
            ledger.apply(later[index])
            index += 1
        completed_change = ledger.completed - completed_before
        scope_change = ledger.scope - scope_before
        if day in working_set:
            elapsed += 1
        days.append(
            DayPoint(
                day,
                day in working_set,
                completed_change if lived else ZERO,
                scope_change if lived else ZERO,
                ledger.scope,
                ledger.completed,
                ledger.scope_items,
                ledger.done_items,
                _ideal(commitment, elapsed, total_working),
                lived,
            )
        )
    numbers = _numbers(ledger, commitment, committed_items)
    return SprintReport(start, days, numbers, total_working)


def _numbers(ledger: _Ledger, commitment: Decimal, committed_items: int) -> SprintNumbers:
    in_scope = [item for item in ledger.items.values() if item.in_scope]
    committed_done = [item for item in in_scope if item.committed and item.done]
    return SprintNumbers(
        committed_points=commitment,
        committed_items=committed_items,
        completed_points=ledger.completed,
        completed_items=ledger.done_items,
        added_points=ledger.added,
        added_items=ledger.added_items,
        removed_points=ledger.removed,
        removed_items=ledger.removed_items,
        estimate_change=ledger.estimate_change,
        scope_points=ledger.scope,
        scope_items=ledger.scope_items,
        committed_completed_points=sum((item.committed_points for item in committed_done), ZERO),
        committed_completed_items=len(committed_done),
        unestimated_items=sum(1 for item in in_scope if item.estimate is None),
    )


@dataclass(frozen=True)
class VelocityRow:
    """One closed sprint in the velocity chart."""

    sprint_id: int
    name: str
    committed: Decimal
    completed: Decimal
    working_days: int

    @property
    def say_do(self) -> Decimal | None:
        return ratio(self.completed, self.committed)


def average_velocity(rows: Sequence[VelocityRow]) -> Decimal | None:
    """Completed points per sprint, averaged (Jira's velocity)."""
    if not rows:
        return None
    return sum((row.completed for row in rows), ZERO) / len(rows)


def capacity_hint(rows: Sequence[VelocityRow], working_days: int) -> Decimal | None:
    """Points the team may plan: completed per working day over `rows` (the last 3 closed
    sprints) × the working days of the sprint planned, so sprints of different lengths and with
    holidays compare fairly (§10.2). None without a closed sprint that had working days."""
    days = sum(row.working_days for row in rows)
    if not days:
        return None
    per_day = sum((row.completed for row in rows), ZERO) / days
    return (per_day * working_days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
