"""Randomised checks (fixed seeds) of the identities of flow-metrics.md §2.2, §3, §5, §11.

hypothesis is not installed in the shared environment, so the cases come from `random.Random`
with fixed seeds: the same cases every run.
"""

import math
import random
from datetime import date, timedelta
from fractions import Fraction

import pytest

from officina.analytics import forecast
from officina.analytics.flow import (
    ItemHistory,
    NormalisedItem,
    Transition,
    Workflow,
    daily_series,
    item_result,
    littles_law,
    normalise,
)
from officina.analytics.tests.golden import GOLDEN

DAY_ZERO = date(2024, 1, 1)
CASES = 60


def _random_board(rng: random.Random) -> tuple[Workflow, list[ItemHistory]]:
    size = rng.randint(3, 6)
    stages = tuple(f"S{k}" for k in range(size))
    start = rng.randint(1, size - 2)
    finish = rng.randint(start, size - 1)
    workflow = Workflow(stages, stages[start], stages[finish])
    histories = []
    for number in range(rng.randint(1, 15)):
        day = DAY_ZERO + timedelta(days=rng.randint(0, 20))
        stage = rng.choice([0, 0, 0, rng.randrange(size)])
        transitions = [Transition(day, stages[stage])]
        for _ in range(rng.randint(0, 8)):
            day += timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5]))
            roll = rng.random()
            if roll < 0.2 and stage > 0:
                stage = rng.randrange(stage)  # backward move
            elif stage < size - 1:
                stage = rng.randint(stage + 1, size - 1)  # forward, maybe skipping
            transitions.append(Transition(day, stages[stage]))
        histories.append(ItemHistory(f"I{number}", tuple(transitions)))
    return workflow, histories


def _sequential_normalise(history: ItemHistory, workflow: Workflow) -> list[date | None]:
    """The jira-agile-metrics procedure of §4.1, written independently: keep the first entry
    into a stage, wipe all later stages on a backward move, then backfill by reverse scan."""
    dates: list[date | None] = [None] * len(workflow.stages)
    previous = None
    for transition in history.transitions:
        index = workflow.index(transition.stage)
        if previous is not None and index < previous:
            for later in range(index + 1, len(dates)):
                dates[later] = None
        if dates[index] is None:
            dates[index] = transition.on
        previous = index
    following = None
    for k in range(len(dates) - 1, -1, -1):
        if dates[k] is None:
            dates[k] = following
        following = dates[k]
    return dates


def _boards():
    for seed in range(CASES):
        rng = random.Random(seed)
        workflow, histories = _random_board(rng)
        items = [normalise(h, workflow) for h in histories]
        last = max(t.on for h in histories for t in h.transitions)
        yield seed, workflow, histories, items, last


def _results(items: list[NormalisedItem], as_of: date):
    return [item_result(i, as_of) for i in items]


def test_aa_rule_equals_sequential_rule_4_1():
    for seed, workflow, histories, items, _last in _boards():
        for history, item in zip(histories, items, strict=True):
            assert list(item.stage_dates) == _sequential_normalise(history, workflow), seed


def test_stage_dates_never_flow_backwards_4_1():
    for seed, _workflow, _histories, items, _last in _boards():
        for item in items:
            known = [d for d in item.stage_dates if d is not None]
            assert known == sorted(known), seed
            # Once a stage is missing, every later one is missing (backfill, §4.1).
            missing = [d is None for d in item.stage_dates]
            assert missing == sorted(missing), seed


def test_cfd_is_monotonic_and_ordered_5():
    for seed, _workflow, _histories, items, last in _boards():
        points = daily_series(items, DAY_ZERO, last + timedelta(days=2))
        for before, after in zip(points, points[1:], strict=False):
            assert all(a <= b for a, b in zip(before.cfd, after.cfd, strict=True)), seed
        for point in points:
            assert list(point.cfd) == sorted(point.cfd, reverse=True), seed
            assert all(n >= 0 for n in point.occupancy), seed
            assert sum(point.occupancy) == point.cfd[0], seed


def test_wip_matches_cfd_and_throughput_2_2():
    for seed, workflow, _histories, items, last in _boards():
        points = daily_series(items, DAY_ZERO, last)
        for point in points:
            started = point.cfd[workflow.start_index]
            finished = point.cfd[workflow.finish_index]
            assert point.wip_eod == started - finished, seed
            assert point.wip_active == point.wip_eod + point.throughput, seed


def test_throughput_sums_to_finished_count_2_2():
    for seed, _workflow, _histories, items, last in _boards():
        points = daily_series(items, DAY_ZERO, last)
        finished = [r for r in _results(items, last) if r.cycle_time is not None]
        assert sum(p.throughput for p in points) == len(finished), seed
        assert points[-1].cfd[-1] == sum(1 for i in items if i.stage_dates[-1] is not None)


def test_littles_law_bookkeeping_2_2_and_3():
    for seed, _workflow, _histories, items, last in _boards():
        law = littles_law(items, DAY_ZERO, last)
        assert law.holds_exactly, seed
        assert law.sum_wip_active == law.identity_active, seed
        assert law.sum_wip_eod == law.identity_eod, seed
        # Exact finite-window form: average WIP_active = average TP x average (CT or age).
        assert Fraction(law.sum_wip_active, law.days) == Fraction(law.identity_active, law.days)


def test_cycle_time_at_least_one_and_age_positive_1():
    for seed, _workflow, _histories, items, last in _boards():
        for result in _results(items, last):
            assert result.cycle_time is None or result.cycle_time >= 1, seed
            assert result.age is None or result.age >= 1, seed
            if result.cycle_time is not None:
                assert result.cycle_time_first_start is not None
                assert result.cycle_time_first_start >= result.cycle_time, seed


# --- Monte Carlo (§11) -------------------------------------------------------------------------


def _random_sample(rng: random.Random) -> list[int]:
    return [rng.choice([0, 0, 0, 1, 1, 2, 3, 5]) for _ in range(rng.randint(5, 30))]


def test_duality_is_exact_11_2():
    for seed in range(20):
        rng = random.Random(seed)
        sample = _random_sample(rng)
        if not any(sample):
            continue
        items, days = rng.randint(1, 15), rng.randint(1, 12)
        assert forecast.p_at_least(sample, items, days, exact=True) == forecast.p_done_within(
            sample, items, days, exact=True
        )


def test_float_and_exact_percentiles_agree_11_3():
    for seed in range(20):
        rng = random.Random(seed)
        sample = _random_sample(rng)
        if not any(sample):
            continue
        items, days = rng.randint(1, 25), rng.randint(1, 20)
        assert forecast.how_many(sample, days) == forecast.how_many(sample, days, exact=True)
        assert forecast.when(sample, items) == forecast.when(sample, items, exact=True)


def _sigma(percent: int, trials: int) -> float:
    p = percent / 100
    return math.sqrt(p * (1 - p) / trials)


def _allowed_when(sample, items, percent, exact_days, trials):
    """§11.4: the neighbour is allowed only where the exact CDF is within 3 sigma of p."""
    allowed = {exact_days}
    limit = 3 * _sigma(percent, trials)
    p = percent / 100
    if exact_days > 1:
        below = float(forecast.p_done_within(sample, items, exact_days - 1))
        if abs(below - p) < limit:
            allowed.add(exact_days - 1)
    at = float(forecast.p_done_within(sample, items, exact_days))
    if abs(at - p) < limit:
        allowed.add(exact_days + 1)
    return allowed


def _allowed_how_many(sample, days, percent, exact_n, trials):
    allowed = {exact_n}
    limit = 3 * _sigma(percent, trials)
    p = percent / 100
    if abs(float(forecast.p_at_least(sample, exact_n + 1, days)) - p) < limit:
        allowed.add(exact_n + 1)
    if abs(float(forecast.p_at_least(sample, exact_n, days)) - p) < limit:
        allowed.add(exact_n - 1)
    return allowed


def _simulation_cases():
    cases = [
        (c["sample"], c["how_many_days"], c["when_items"])
        for c in GOLDEN["monte_carlo_exact"].values()
    ]
    rng = random.Random(2024)
    while len(cases) < 6:
        sample = _random_sample(rng)
        if any(sample):
            cases.append((sample, rng.randint(5, 20), rng.randint(3, 25)))
    return cases


@pytest.mark.parametrize(("sample", "days", "items"), _simulation_cases())
def test_convolution_matches_10000_trials_11_4(sample, days, items):
    trials = 10_000
    for seed in (1, 2, 3):
        simulated_many = forecast.simulated_how_many(
            forecast.simulate_how_many(sample, days, trials, seed)
        )
        for percent, exact_n in forecast.how_many(sample, days).items():
            allowed = _allowed_how_many(sample, days, percent, exact_n, trials)
            assert simulated_many[percent] in allowed, (seed, percent)
        simulated_days = forecast.simulated_when(
            forecast.simulate_when(sample, items, trials, seed)
        )
        for percent, exact_days in forecast.when(sample, items).items():
            assert exact_days is not None
            allowed = _allowed_when(sample, items, percent, exact_days, trials)
            assert simulated_days[percent] in allowed, (seed, percent)


def test_simulated_probability_within_sampling_error_11_4():
    s1 = GOLDEN["monte_carlo_exact"]["S1"]["sample"]
    results = forecast.simulate_how_many(s1, 10, 10_000, seed=7)
    share = sum(1 for n in results if n >= 5) / len(results)
    exact = float(forecast.p_at_least(s1, 5, 10))
    assert abs(share - exact) < 4 * math.sqrt(exact * (1 - exact) / len(results))
