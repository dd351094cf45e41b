"""Every value of the golden case, flow-metrics.md §14.2-14.6, from the §14.8 fixture."""

from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest

from officina.analytics import forecast
from officina.analytics.flow import (
    BlockedInterval,
    ItemHistory,
    NormalisedItem,
    Transition,
    Workflow,
    blocked_days,
    blocked_hours,
    daily_series,
    daily_throughput,
    flow_efficiency,
    flow_efficiency_summary,
    history_until,
    item_result,
    littles_law,
    normalise,
    observed_occupancy,
    observed_wip,
    pace,
    percentile_higher,
    percentile_linear,
    percentile_nearest_rank,
    weekly_throughput,
)
from officina.analytics.tests.golden import GOLDEN

AS_OF = date.fromisoformat(GOLDEN["as_of"])
FIRST = date(2024, 3, 1)
EXPECTED = GOLDEN["expected"]


def _workflow(queue_stages: frozenset[str] = frozenset()) -> Workflow:
    return Workflow(
        stages=tuple(GOLDEN["workflow"]),
        start_stage=GOLDEN["start_stage"],
        finish_stage=GOLDEN["finish_stage"],
        queue_stages=queue_stages,
    )


def _histories() -> list[ItemHistory]:
    return [
        ItemHistory(
            key=key,
            transitions=tuple(Transition(date.fromisoformat(d), stage) for d, stage in events),
            blocked=tuple(
                BlockedInterval(datetime.fromisoformat(a), datetime.fromisoformat(b))
                for a, b in GOLDEN["blocked"].get(key, [])
            ),
        )
        for key, events in GOLDEN["events"].items()
    ]


def _items(queue_stages: frozenset[str] = frozenset()) -> dict[str, NormalisedItem]:
    workflow = _workflow(queue_stages)
    return {h.key: normalise(h, workflow) for h in _histories()}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def test_normalised_stage_dates_14_2():
    items = _items()
    assert {k: [_iso(d) for d in i.stage_dates] for k, i in items.items()} == EXPECTED[
        "stage_dates"
    ]


def test_backfilled_and_flags_14_2():
    items = _items()
    assert items["B"].backfilled == (False, False, False, True, False)
    assert items["H"].backfilled == (False, True, False, True, False)
    assert items["D"].restarted
    assert not items["C"].restarted
    assert items["C"].backward_moves == 1
    assert items["D"].backward_moves == 1
    assert not any(i.reopened for i in items.values())
    assert not items["H"].skipped_start


def test_cycle_lead_time_and_age_14_3():
    results = {k: item_result(i, AS_OF) for k, i in _items().items()}
    cycle = {k: r.cycle_time for k, r in results.items() if r.cycle_time is not None}
    assert cycle == EXPECTED["cycle_time"]
    first_start = {
        k: r.cycle_time_first_start for k, r in results.items() if r.cycle_time is not None
    }
    assert first_start == EXPECTED["cycle_time_first_start_rule"]
    lead = {k: r.lead_time for k, r in results.items() if r.lead_time is not None}
    assert lead == EXPECTED["lead_time"]
    ages = {k: r.age for k, r in results.items() if r.age is not None}
    assert ages == EXPECTED["age_at_as_of"]
    assert not results["I"].is_wip
    assert results["I"].cycle_time is None


def test_working_day_cycle_time_2_3():
    results = {k: item_result(i, AS_OF) for k, i in _items().items()}
    # C: 2024-03-06 (Wed) .. 03-13 (Wed) = 6 working days; F: 03-11 (Mon) .. 03-15 (Fri) = 5.
    assert results["C"].cycle_time_working_days == 6
    assert results["F"].age_working_days == 5
    assert results["B"].cycle_time_working_days == 1


def test_percentiles_14_3():
    cts = list(EXPECTED["cycle_time"].values())
    assert sorted(cts) == [1, 4, 4, 5, 7, 8, 8]
    assert Fraction(sum(cts), len(cts)) == Fraction(37, 7)
    for percent, value in EXPECTED["percentiles_nearest_rank"].items():
        assert percentile_nearest_rank(cts, int(percent)) == value
    for percent, value in EXPECTED["percentiles_linear"].items():
        assert percentile_linear(cts, int(percent)) == Fraction(str(value))
    assert [percentile_higher(cts, p) for p in (50, 70, 85, 95)] == [5, 8, 8, 8]
    first_start = list(EXPECTED["cycle_time_first_start_rule"].values())
    assert sorted(first_start) == [1, 4, 5, 7, 8, 8, 8]


def test_pace_7_and_14_3():
    cts = list(EXPECTED["cycle_time"].values())
    assert pace(5, cts) == Fraction(4, 7)
    assert pace(4, cts) == Fraction(3, 7)


def test_daily_series_14_4():
    points = daily_series(list(_items().values()), FIRST, AS_OF)
    got = [
        {
            "date": p.day.isoformat(),
            "throughput": p.throughput,
            "wip_active": p.wip_active,
            "wip_eod": p.wip_eod,
            "cfd": list(p.cfd),
        }
        for p in points
    ]
    assert got == EXPECTED["daily"]
    assert [p.wip_eod_age_sum for p in points] == [
        0,
        0,
        0,
        1,
        3,
        6,
        5,
        9,
        13,
        17,
        16,
        17,
        14,
        14,
        9,
    ]


def test_daily_checks_14_4():
    items = _items()
    points = daily_series(list(items.values()), FIRST, AS_OF)
    for p in points:
        assert p.wip_eod == p.cfd[2] - p.cfd[4]
        assert p.wip_active == p.wip_eod + p.throughput
    assert points[-1].occupancy == (0, 1, 1, 1, 7)
    assert sum(p.wip_active for p in points) == 46
    assert sum(p.wip_eod for p in points) == 39
    march_11 = points[10]
    assert march_11.day == date(2024, 3, 11)
    wip_keys = {
        k for k, i in items.items() if i.start and i.start <= march_11.day < (i.finish or AS_OF)
    }
    assert wip_keys == {"C", "D", "E", "F", "H"}


def test_throughput_14_4():
    items = list(_items().values())
    assert (
        daily_throughput(items, date(2024, 3, 4), AS_OF)
        == GOLDEN["monte_carlo_exact"]["S1"]["sample"]
    )
    assert weekly_throughput(items, date(2024, 3, 4), AS_OF) == {(2024, 10): 2, (2024, 11): 5}


def test_littles_law_14_4():
    law = littles_law(list(_items().values()), date(2024, 3, 4), AS_OF)
    assert law.days == 12
    assert law.average_wip == Fraction(13, 4)
    assert law.average_throughput == Fraction(7, 12)
    assert law.implied_cycle_time == Fraction(39, 7)  # 5.571
    assert law.measured_cycle_time == Fraction(37, 7)  # 5.286
    assert Fraction(law.identity_active - 9, law.days) == Fraction(37, 12)
    assert Fraction(37, 12) == law.average_throughput * law.measured_cycle_time
    assert law.wip_at_end == 2  # the window does not end with zero WIP: the law is approximate
    # The window from 03-01 holds every start: the exact identities of §2.2.
    full = littles_law(list(_items().values()), FIRST, AS_OF)
    assert full.holds_exactly
    assert full.sum_wip_active == full.identity_active == 46
    assert full.sum_wip_eod == full.identity_eod == 39


def test_as_observed_view_14_4():
    histories = _histories()
    workflow = _workflow()
    assert observed_wip(histories, workflow, date(2024, 3, 7)) == 3
    points = {p.day: p for p in daily_series(list(_items().values()), FIRST, AS_OF)}
    assert points[date(2024, 3, 7)].wip_eod == 2
    for day in (date(2024, 3, 8), date(2024, 3, 9), date(2024, 3, 10)):
        observed = observed_occupancy(histories, workflow, day)
        normalised = points[day].occupancy
        review = workflow.index("Review")
        in_progress = workflow.index("In Progress")
        # C is observed in Review, counted in In Progress by the normalised CFD.
        assert observed[review] == normalised[review] + 1
        assert observed[in_progress] == normalised[in_progress] - 1


def test_blocked_time_and_flow_efficiency_14_5():
    items = _items()
    e = items["E"]
    assert blocked_days(e, AS_OF) == {date(2024, 3, 11), date(2024, 3, 12)}
    assert blocked_hours(e, AS_OF) == 48
    assert flow_efficiency(e, AS_OF) == Fraction(str(EXPECTED["flow_efficiency"]["E"]))
    with_queue = _items(frozenset({"Review"}))
    assert flow_efficiency(with_queue["E"], AS_OF) == Fraction(5, 8)
    assert flow_efficiency(items["F"], AS_OF) is None
    summary = flow_efficiency_summary(list(items.values()), AS_OF)
    assert summary.item_average == (6 + Fraction(3, 4)) / 7
    assert summary.time_weighted == 1 - Fraction(2, 37)


def test_never_cleared_flag_runs_to_resolution_8():
    workflow = _workflow()
    history = ItemHistory(
        key="X",
        transitions=(
            Transition(date(2024, 3, 11), "In Progress"),
            Transition(date(2024, 3, 15), "Done"),
        ),
        blocked=(BlockedInterval(datetime.fromisoformat("2024-03-11T10:00")),),
    )
    item = normalise(history, workflow)
    assert len(blocked_days(item, AS_OF)) == 4  # (03-15 - 03-11).days, as jira-agile-metrics
    assert flow_efficiency(item, AS_OF) == Fraction(1, 5)


@pytest.mark.parametrize("name", ["S1", "S2"])
def test_monte_carlo_exact_14_6(name):
    case = GOLDEN["monte_carlo_exact"][name]
    sample = case["sample"]
    expected_many = {int(p): v for p, v in case["how_many_at_least"].items()}
    expected_when = {int(p): v for p, v in case["when_days"].items()}
    assert forecast.how_many(sample, case["how_many_days"], exact=True) == expected_many
    assert forecast.how_many(sample, case["how_many_days"]) == expected_many
    assert forecast.when(sample, case["when_items"], exact=True) == expected_when
    assert forecast.when(sample, case["when_items"]) == expected_when


def test_monte_carlo_s1_probabilities_14_6():
    s1 = GOLDEN["monte_carlo_exact"]["S1"]["sample"]
    assert forecast.p_at_least(s1, 5, 10, exact=True) == Fraction(8302607579, 10319560704)
    assert round(float(forecast.p_at_least(s1, 5, 10)), 4) == 0.8046
    assert [round(float(forecast.p_at_least(s1, n, 10)), 4) for n in (4, 5, 6, 7)] == [
        0.9318,
        0.8046,
        0.5908,
        0.3414,
    ]
    cdf = [round(float(forecast.p_done_within(s1, 5, t)), 4) for t in range(5, 16)]
    assert cdf == [
        0.0675,
        0.2083,
        0.3842,
        0.5552,
        0.6977,
        0.8046,
        0.8788,
        0.9274,
        0.9577,
        0.9760,
        0.9867,
    ]
    # Duality: P(N_10 >= 5) = P(T_5 <= 10).
    assert forecast.p_done_within(s1, 5, 10, exact=True) == forecast.p_at_least(
        s1, 5, 10, exact=True
    )
    mean = sum(n * p for n, p in enumerate(forecast.how_many_pmf(s1, 10, exact=True)))
    assert mean == Fraction(35, 6)


def test_monte_carlo_s1_dates_14_6():
    s1 = GOLDEN["monte_carlo_exact"]["S1"]["sample"]
    result = forecast.when_dates(s1, 5, date(2024, 3, 16))
    assert result.dates[85] == date(2024, 3, 26)
    assert date(2024, 3, 15) + timedelta(days=result.days[85] or 0) == date(2024, 3, 26)
    assert forecast.how_many_by(s1, date(2024, 3, 16), date(2024, 3, 25)) == {
        50: 6,
        70: 5,
        85: 4,
        95: 3,
    }


def test_monte_carlo_s2_probabilities_14_6():
    s2 = GOLDEN["monte_carlo_exact"]["S2"]["sample"]
    mean = sum(n * p for n, p in enumerate(forecast.how_many_pmf(s2, 14, exact=True)))
    assert mean == Fraction(16)
    assert round(float(forecast.p_at_least(s2, 14, 14)), 4) == 0.7008
    assert [round(float(forecast.p_done_within(s2, 20, t)), 4) for t in (18, 20, 23, 26)] == [
        0.5686,
        0.7278,
        0.8864,
        0.9610,
    ]


def test_all_zero_window_is_insufficient_data_11_4():
    assert forecast.when([0, 0, 0], 3) == {50: None, 70: None, 85: None, 95: None}
    assert forecast.how_many([0, 0, 0], 10) == {50: 0, 70: 0, 85: 0, 95: 0}


def test_history_until_shows_what_was_known_then_4_1():
    workflow = _workflow()
    d = next(h for h in _histories() if h.key == "D")
    then = normalise(history_until(d, date(2024, 3, 7)), workflow)
    assert item_result(then, date(2024, 3, 7)).age == 1  # started 03-07 as far as anyone knew
    assert item_result(normalise(d, workflow), date(2024, 3, 7)).age is None  # rewritten


def _one(*moves: tuple[str, str]) -> NormalisedItem:
    history = ItemHistory(
        key="X", transitions=tuple(Transition(date.fromisoformat(d), s) for d, s in moves)
    )
    return normalise(history, _workflow())


def test_consequences_4_1():
    # A -> B -> C -> B -> C: B keeps its first date, C the second entry.
    loop = _one(
        ("2024-03-01", "Ready"),
        ("2024-03-02", "In Progress"),
        ("2024-03-04", "Review"),
        ("2024-03-05", "In Progress"),
        ("2024-03-06", "Review"),
    )
    assert loop.stage_dates[2:4] == (date(2024, 3, 2), date(2024, 3, 6))
    # Backlog -> Done directly: start = done, CT 1, flagged skipped_start.
    direct = _one(("2024-03-01", "Backlog"), ("2024-03-04", "Done"))
    assert direct.skipped_start
    assert item_result(direct, AS_OF).cycle_time == 1
    # Reopen: the Done stamp is erased, re-entry restamps (§4.2 ActionableAgile row).
    reopened = _one(
        ("2024-03-01", "In Progress"),
        ("2024-03-03", "Done"),
        ("2024-03-05", "In Progress"),
        ("2024-03-08", "Done"),
    )
    assert reopened.reopened
    assert reopened.finish == date(2024, 3, 8)
    assert item_result(reopened, AS_OF).cycle_time == 8
    still_open = _one(
        ("2024-03-01", "In Progress"), ("2024-03-03", "Done"), ("2024-03-05", "Review")
    )
    assert still_open.finish is None
    assert item_result(still_open, AS_OF).age == 15
