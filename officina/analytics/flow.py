"""The exact core of the flow analytics: pure Python, no database (issue 12).

Every rule cites `shared/domain/flow-metrics.md` ("the doc") by section:

* §1, §2.2: dates are local calendar dates of the team; cycle time and age count both ends
  (`CT = finish - start + 1`, minimum 1); zero-throughput days are data points.
* §4.1: workflow history is normalised with the ActionableAgile rule (one entry date per stage,
  backward moves erase later stamps, skipped stages backfilled from the next later stage).
* §5 / §14.4: CFD (cumulative arrivals per stage), the two WIP variants, daily throughput.
* §6: nearest-rank percentiles (default), linear (type 7) and "higher" for cross-checks.
* §7: pace of an open item.
* §8: blocked days (end-of-day snapshot) and flow efficiency (union of idle days).
* §3 / §2.2: Little's law bookkeeping (exact identities and the approximate law with diagnostics).

Numbers that are ratios come back as `Fraction` so callers and tests see exact values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from fractions import Fraction

from officina.scrum.calendar import days_between, working_days

# --- Inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workflow:
    """The ordered stages of a board and its started / finished points (§1, §14.1).

    `queue_stages` are the stages counted as idle for flow efficiency (§8).
    """

    stages: tuple[str, ...]
    start_stage: str
    finish_stage: str
    queue_stages: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if len(set(self.stages)) != len(self.stages) or not self.stages:
            raise ValueError("The stages of a workflow must be distinct and not empty.")
        for name in (self.start_stage, self.finish_stage, *self.queue_stages):
            if name not in self.stages:
                raise ValueError(f"Unknown stage {name!r}.")
        if self.index(self.start_stage) > self.index(self.finish_stage):
            raise ValueError("The start stage must come before the finish stage.")

    def index(self, stage: str) -> int:
        try:
            return self.stages.index(stage)
        except ValueError:
            raise ValueError(f"Unknown stage {stage!r}.") from None

    @property
    def start_index(self) -> int:
        return self.index(self.start_stage)

    @property
    def finish_index(self) -> int:
        return self.index(self.finish_stage)


@dataclass(frozen=True)
class Transition:
    """The item entered `stage` on local date `on` (§1: convert timestamps to local dates first)."""

    on: date
    stage: str


@dataclass(frozen=True)
class BlockedInterval:
    """The item was flagged blocked from `start` to `end` (None: still flagged), local time (§8)."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class ItemHistory:
    """One work item: its transitions in the order they happened, and its blocked intervals.

    Transitions on the same date keep their list order (the order of the raw timestamps); use
    `history_from_timestamps` to build one from time-zone-aware events.
    """

    key: str
    transitions: tuple[Transition, ...]
    blocked: tuple[BlockedInterval, ...] = ()


def local_date(moment: datetime, tz: tzinfo | None) -> date:
    """The team's calendar date of a timestamp (§1: DST-safe, convert first, then count dates)."""
    if moment.tzinfo is not None and tz is not None:
        moment = moment.astimezone(tz)
    return moment.date()


def local_naive(moment: datetime, tz: tzinfo | None) -> datetime:
    """A timestamp as naive local time of the team (for blocked intervals, §8)."""
    if moment.tzinfo is not None and tz is not None:
        moment = moment.astimezone(tz)
    return moment.replace(tzinfo=None)


def history_from_timestamps(
    key: str,
    events: Iterable[tuple[datetime, str]],
    tz: tzinfo | None,
    blocked: Iterable[tuple[datetime, datetime | None]] = (),
) -> ItemHistory:
    """Sort raw `(timestamp, stage)` events, convert them to local dates (§1, §4)."""
    ordered = sorted(events, key=lambda event: event[0])
    return ItemHistory(
        key=key,
        transitions=tuple(Transition(local_date(at, tz), stage) for at, stage in ordered),
        blocked=tuple(
            BlockedInterval(local_naive(start, tz), None if end is None else local_naive(end, tz))
            for start, end in blocked
        ),
    )


def history_until(history: ItemHistory, day: date) -> ItemHistory:
    """The history as it was known at the end of `day` (for an as-of view of the past).

    Normalising the full history rewrites the past (a later restart erases an earlier start,
    §4.1); normalise `history_until(h, as_of)` when the question is "what did we know then".
    """
    return ItemHistory(
        key=history.key,
        transitions=tuple(t for t in history.transitions if t.on <= day),
        blocked=history.blocked,
    )


# --- Normalisation (§4.1) ----------------------------------------------------------------------


@dataclass(frozen=True)
class NormalisedItem:
    """One entry date per stage after the ActionableAgile rule (§4.1, §14.2).

    `stage_dates[k]` is None when the item never reached stage k (nor any later stage).
    `backfilled[k]` is True when stage k was skipped and took the next later stage's date.
    `backward_moves` counts moves to an earlier stage (rework loops, §4.2 "differentiator").
    `restarted` is True when the item moved back before the start point after starting;
    `reopened` when it moved back out of the finish stage (or later) after finishing.
    `first_start` is the earliest entry into the start stage or a later one ("first start
    wins" alternative policy, §1, §4.1).
    """

    history: ItemHistory
    workflow: Workflow
    stage_dates: tuple[date | None, ...]
    backfilled: tuple[bool, ...]
    backward_moves: int
    restarted: bool
    reopened: bool
    first_start: date | None

    @property
    def key(self) -> str:
        return self.history.key

    @property
    def created(self) -> date | None:
        """Entry into the first stage (§2.1 lead time from creation, §14.1)."""
        return self.stage_dates[0]

    @property
    def start(self) -> date | None:
        return self.stage_dates[self.workflow.start_index]

    @property
    def finish(self) -> date | None:
        return self.stage_dates[self.workflow.finish_index]

    @property
    def skipped_start(self) -> bool:
        """Delivered without ever being seen in the start stage (§4.1 policy: flag, keep)."""
        return self.backfilled[self.workflow.start_index]

    def stage_on(self, day: date) -> int | None:
        """Index of the stage the normalised item is in at the end of `day` (None: not yet)."""
        current: int | None = None
        for index, entered in enumerate(self.stage_dates):
            if entered is not None and entered <= day:
                current = index
        return current


def normalise(history: ItemHistory, workflow: Workflow) -> NormalisedItem:
    """The ActionableAgile bin algorithm of §4.1, verbatim.

    Ordering keys are `(date, position in the history)` so that same-day moves keep their real
    order; with distinct dates this is exactly the doc's timestamp algorithm.
    """
    count = len(workflow.stages)
    bins: list[list[tuple[date, int]]] = [[] for _ in range(count)]
    backward_moves = 0
    restarted = False
    reopened = False
    previous: int | None = None
    reached_start = False
    reached_finish = False
    first_start: date | None = None
    for position, transition in enumerate(history.transitions):
        index = workflow.index(transition.stage)
        bins[index].append((transition.on, position))
        if previous is not None and index < previous:
            backward_moves += 1
            if reached_start and index < workflow.start_index:
                restarted = True
            if reached_finish and index < workflow.finish_index:
                reopened = True
        if index >= workflow.start_index:
            reached_start = True
            if first_start is None:
                first_start = transition.on
        if index >= workflow.finish_index:
            reached_finish = True
        previous = index

    stamps: list[tuple[date, int] | None] = [None] * count
    latest_valid: tuple[date, int] | None = None
    for k in range(count):
        dates = sorted(t for t in bins[k] if latest_valid is None or t >= latest_valid)
        if len(dates) > 1:  # in stage k more than once: a backflow
            cutoff = dates[-1]
            dates = [dates[0]]
            for j in range(k + 1, count):
                bins[j] = [t for t in bins[j] if t >= cutoff]
        if dates:
            stamps[k] = dates[0]
            latest_valid = dates[0]

    stage_dates: list[date | None] = [None if s is None else s[0] for s in stamps]
    backfilled = [False] * count
    following: date | None = None
    for k in range(count - 1, -1, -1):
        if stage_dates[k] is None and following is not None:
            stage_dates[k] = following
            backfilled[k] = True
        following = stage_dates[k]
    return NormalisedItem(
        history=history,
        workflow=workflow,
        stage_dates=tuple(stage_dates),
        backfilled=tuple(backfilled),
        backward_moves=backward_moves,
        restarted=restarted,
        reopened=reopened,
        first_start=first_start,
    )


# --- Per-item results (§1, §2.2, §14.3) --------------------------------------------------------


def inclusive_days(first: date, last: date) -> int:
    """Calendar days from `first` to `last`, both counted, minimum 1 (§1)."""
    return max(1, (last - first).days + 1)


def inclusive_working_days(first: date, last: date) -> int:
    """Italian working days from `first` to `last`, both counted, minimum 1 (§2.3, §1).

    Uses `officina.scrum.calendar` (Monday-Friday minus national holidays).
    """
    return max(1, len(working_days(first, last)))


@dataclass(frozen=True)
class ItemResult:
    """Start, finish, cycle/lead time and age of one item as of a date (§2.2, §14.3)."""

    item: NormalisedItem
    as_of: date
    start: date | None
    finish: date | None
    cycle_time: int | None
    lead_time: int | None
    age: int | None
    cycle_time_working_days: int | None
    age_working_days: int | None
    cycle_time_first_start: int | None = field(default=None)

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def is_wip(self) -> bool:
        return self.age is not None


def item_result(item: NormalisedItem, as_of: date) -> ItemResult:
    """Per-item results (§2.2). Stage dates after `as_of` are not known yet and are ignored."""
    start = item.start if item.start is not None and item.start <= as_of else None
    finish = item.finish if item.finish is not None and item.finish <= as_of else None
    created = item.created if item.created is not None and item.created <= as_of else None
    cycle_time = lead_time = age = ct_working = age_working = ct_first = None
    if finish is not None and start is not None:
        cycle_time = inclusive_days(start, finish)
        ct_working = inclusive_working_days(start, finish)
        first = item.first_start if item.first_start is not None else start
        ct_first = inclusive_days(min(first, start), finish)
        if created is not None:
            lead_time = inclusive_days(created, finish)
    elif start is not None:
        age = inclusive_days(start, as_of)
        age_working = inclusive_working_days(start, as_of)
    return ItemResult(
        item=item,
        as_of=as_of,
        start=start,
        finish=finish,
        cycle_time=cycle_time,
        lead_time=lead_time,
        age=age,
        cycle_time_working_days=ct_working,
        age_working_days=age_working,
        cycle_time_first_start=ct_first,
    )


# --- Percentiles (§6) and pace (§7) ------------------------------------------------------------


def _fraction(percent: float | Fraction) -> Fraction:
    value = Fraction(percent) if isinstance(percent, int | Fraction) else Fraction(str(percent))
    if not 0 < value <= 100:
        raise ValueError("A percentile is above 0 and at most 100.")
    return value / 100


def percentile_nearest_rank(values: Sequence[int], percent: float | Fraction) -> int:
    """`x_(ceil(p n))`, sorted ascending, 1-based (§6, our default: an SLE true by construction)."""
    if not values:
        raise ValueError("No values.")
    ordered = sorted(values)
    rank = math.ceil(_fraction(percent) * len(ordered))
    return ordered[max(rank, 1) - 1]


def percentile_linear(values: Sequence[int], percent: float | Fraction) -> Fraction:
    """Hyndman-Fan type 7 (numpy/pandas default), exact as a Fraction (§6)."""
    if not values:
        raise ValueError("No values.")
    ordered = sorted(values)
    h = (len(ordered) - 1) * _fraction(percent)
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def percentile_higher(values: Sequence[int], percent: float | Fraction) -> int:
    """numpy's "higher" method: `x_ceil((n-1)p)`, 0-based (§14.3 comparison column)."""
    if not values:
        raise ValueError("No values.")
    ordered = sorted(values)
    return ordered[math.ceil((len(ordered) - 1) * _fraction(percent))]


def pace(age: int, cycle_times: Sequence[int]) -> Fraction:
    """Share of past items already finished at this age: `#{CT <= age} / n` (§7)."""
    if not cycle_times:
        raise ValueError("No finished items.")
    return Fraction(sum(1 for ct in cycle_times if ct <= age), len(cycle_times))


# --- Daily series (§2.2, §5, §14.4) ------------------------------------------------------------


@dataclass(frozen=True)
class DailyPoint:
    """One day of §14.4: throughput, both WIP variants, CFD arrivals, occupancy, age of WIP."""

    day: date
    throughput: int
    wip_active: int
    wip_eod: int
    cfd: tuple[int, ...]
    occupancy: tuple[int, ...]
    wip_eod_age_sum: int


def daily_series(items: Sequence[NormalisedItem], first: date, last: date) -> list[DailyPoint]:
    """Every calendar day from `first` to `last` (§2.2, §5)."""
    if not items:
        return [DailyPoint(d, 0, 0, 0, (), (), 0) for d in days_between(first, last)]
    count = len(items[0].stage_dates)
    points = []
    for day in days_between(first, last):
        throughput = wip_active = wip_eod = age_sum = 0
        cfd = [0] * count
        for item in items:
            for k, entered in enumerate(item.stage_dates):
                if entered is not None and entered <= day:
                    cfd[k] += 1
            start, finish = item.start, item.finish
            if finish == day:
                throughput += 1
            if start is None or start > day:
                continue
            if finish is None or day <= finish:
                wip_active += 1
            if finish is None or day < finish:
                wip_eod += 1
                age_sum += inclusive_days(start, day)
        occupancy = tuple(cfd[k] - (cfd[k + 1] if k + 1 < count else 0) for k in range(count))
        points.append(
            DailyPoint(day, throughput, wip_active, wip_eod, tuple(cfd), occupancy, age_sum)
        )
    return points


def observed_stage_on(history: ItemHistory, workflow: Workflow, day: date) -> int | None:
    """The stage the board really showed at the end of `day`, no rewrite (§4.2, §14.4)."""
    current: int | None = None
    for transition in history.transitions:
        if transition.on <= day:
            current = workflow.index(transition.stage)
    return current


def observed_occupancy(
    histories: Sequence[ItemHistory], workflow: Workflow, day: date
) -> tuple[int, ...]:
    """Items per stage at the end of `day` as observed ("as-observed" view, §4.2, §14.4)."""
    counts = [0] * len(workflow.stages)
    for history in histories:
        stage = observed_stage_on(history, workflow, day)
        if stage is not None:
            counts[stage] += 1
    return tuple(counts)


def observed_wip(histories: Sequence[ItemHistory], workflow: Workflow, day: date) -> int:
    """Items between the start and the finish stage at the end of `day`, as observed (§14.4)."""
    occupancy = observed_occupancy(histories, workflow, day)
    return sum(occupancy[workflow.start_index : workflow.finish_index])


def daily_throughput(items: Sequence[NormalisedItem], first: date, last: date) -> list[int]:
    """Finished items per calendar day, zero days included (§2.2, §11.1 sample)."""
    return [point.throughput for point in daily_series(items, first, last)]


def weekly_throughput(
    items: Sequence[NormalisedItem], first: date, last: date
) -> dict[tuple[int, int], int]:
    """Finished items per ISO week (year, week) over the days of the window (§14.4)."""
    weeks: dict[tuple[int, int], int] = {}
    for point in daily_series(items, first, last):
        iso = point.day.isocalendar()
        weeks[(iso.year, iso.week)] = weeks.get((iso.year, iso.week), 0) + point.throughput
    return weeks


def throughput_window(series: Sequence[int], window_days: int) -> list[int]:
    """The last `window_days` complete days of a daily series (§1 default 60, §11.1)."""
    if window_days < 1:
        raise ValueError("A window has at least one day.")
    return list(series[-window_days:])


# --- Blocked time and flow efficiency (§8, §14.5) ----------------------------------------------


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _span_end(item: NormalisedItem, as_of: date) -> datetime:
    """Where a never-cleared flag stops: the finish date (resolution), else the end of as-of."""
    if item.finish is not None and item.finish <= as_of:
        return _midnight(item.finish)
    return _midnight(as_of + timedelta(days=1))


def flagged_at_end_of(item: NormalisedItem, day: date, as_of: date) -> bool:
    """Flagged at the end-of-day snapshot of `day` (§8 recommendation)."""
    end_of_day = _midnight(day + timedelta(days=1))
    open_end = _span_end(item, as_of)
    for interval in item.history.blocked:
        end = interval.end if interval.end is not None else open_end
        if interval.start < end_of_day <= end:
            return True
    return False


def _active_days(item: NormalisedItem, as_of: date) -> list[date]:
    start = item.start
    if start is None or start > as_of:
        return []
    last = item.finish if item.finish is not None and item.finish <= as_of else as_of
    return list(days_between(start, last))


def blocked_days(item: NormalisedItem, as_of: date) -> set[date]:
    """Days from start to finish (or as-of) whose end-of-day snapshot is flagged (§8, §14.5)."""
    return {day for day in _active_days(item, as_of) if flagged_at_end_of(item, day, as_of)}


def blocked_hours(item: NormalisedItem, as_of: date) -> Fraction:
    """Hours of the union of blocked intervals within the item's active span (§8)."""
    start = item.start
    if start is None or start > as_of:
        return Fraction(0)
    low, high = _midnight(start), _span_end(item, as_of)
    spans = sorted(
        (max(i.start, low), min(i.end if i.end is not None else high, high))
        for i in item.history.blocked
    )
    total = timedelta()
    current: tuple[datetime, datetime] | None = None
    for begin, end in spans:
        if end <= begin:
            continue
        if current is not None and begin <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            total += current[1] - current[0]
        current = (begin, end)
    if current is not None:
        total += current[1] - current[0]
    return Fraction(int(total.total_seconds()), 3600)


def queue_days(item: NormalisedItem, as_of: date) -> set[date]:
    """Active days whose end-of-day stage is a queue stage (§8; E's Review 03-14 in §14.5)."""
    queues = {item.workflow.index(name) for name in item.workflow.queue_stages}
    return {day for day in _active_days(item, as_of) if item.stage_on(day) in queues}


def idle_days(item: NormalisedItem, as_of: date) -> int:
    """`|union(queue days, blocked days) ∩ [start, finish]|`, no double counting (§8)."""
    return len(queue_days(item, as_of) | blocked_days(item, as_of))


def flow_efficiency(item: NormalisedItem, as_of: date) -> Fraction | None:
    """`FE = 1 - idle / CT` of a finished item (§8). None if not finished by as-of."""
    result = item_result(item, as_of)
    if result.cycle_time is None:
        return None
    return 1 - Fraction(idle_days(item, as_of), result.cycle_time)


@dataclass(frozen=True)
class FlowEfficiency:
    """Item average (ActionableAgile-comparable) and time-weighted aggregate (§8)."""

    item_average: Fraction | None
    time_weighted: Fraction | None


def flow_efficiency_summary(items: Sequence[NormalisedItem], as_of: date) -> FlowEfficiency:
    values: list[Fraction] = []
    idle_total = ct_total = 0
    for item in items:
        result = item_result(item, as_of)
        if result.cycle_time is None:
            continue
        idle = idle_days(item, as_of)
        values.append(1 - Fraction(idle, result.cycle_time))
        idle_total += idle
        ct_total += result.cycle_time
    if not values:
        return FlowEfficiency(None, None)
    return FlowEfficiency(
        item_average=sum(values, Fraction(0)) / len(values),
        time_weighted=1 - Fraction(idle_total, ct_total),
    )


# --- Little's law (§3, §2.2, §14.4) ------------------------------------------------------------


@dataclass(frozen=True)
class LittlesLaw:
    """The "Little's Law check" panel of §3, all values exact.

    `identity_active` / `identity_eod` are the two sides of the exact §2.2 identities; they are
    equal when the window contains every start (`holds_exactly` tells whether it did).
    """

    days: int
    average_wip: Fraction
    average_throughput: Fraction
    implied_cycle_time: Fraction | None
    measured_cycle_time: Fraction | None
    arrivals: int
    departures: int
    wip_at_start: int
    wip_at_end: int
    average_age_at_start: Fraction | None
    average_age_at_end: Fraction | None
    sum_wip_active: int
    sum_wip_eod: int
    identity_active: int
    identity_eod: int
    holds_exactly: bool


def littles_law(items: Sequence[NormalisedItem], first: date, last: date) -> LittlesLaw:
    """Average WIP (end of day), throughput, implied vs measured CT, diagnostics (§3)."""
    points = daily_series(items, first, last)
    days = len(points)
    sum_eod = sum(p.wip_eod for p in points)
    sum_active = sum(p.wip_active for p in points)
    departures = sum(p.throughput for p in points)
    average_wip = Fraction(sum_eod, days)
    average_tp = Fraction(departures, days)
    finished_cts: list[int] = []
    open_ages: list[int] = []
    arrivals = 0
    all_starts_inside = True
    for item in items:
        result = item_result(item, last)
        if result.start is not None and first <= result.start <= last:
            arrivals += 1
        if result.start is not None and result.start < first:
            all_starts_inside = False
        if result.cycle_time is not None:
            if result.finish is not None and result.finish >= first:
                finished_cts.append(result.cycle_time)
        elif result.age is not None:
            open_ages.append(result.age)

    def average_age(point: DailyPoint) -> Fraction | None:
        return Fraction(point.wip_eod_age_sum, point.wip_eod) if point.wip_eod else None

    return LittlesLaw(
        days=days,
        average_wip=average_wip,
        average_throughput=average_tp,
        implied_cycle_time=average_wip / average_tp if average_tp else None,
        measured_cycle_time=(
            Fraction(sum(finished_cts), len(finished_cts)) if finished_cts else None
        ),
        arrivals=arrivals,
        departures=departures,
        wip_at_start=points[0].wip_eod,
        wip_at_end=points[-1].wip_eod,
        average_age_at_start=average_age(points[0]),
        average_age_at_end=average_age(points[-1]),
        sum_wip_active=sum_active,
        sum_wip_eod=sum_eod,
        identity_active=sum(finished_cts) + sum(open_ages),
        identity_eod=sum(ct - 1 for ct in finished_cts) + sum(open_ages),
        holds_exactly=all_starts_inside,
    )
