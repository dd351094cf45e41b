"""Monte Carlo forecasting computed exactly by convolution (flow-metrics.md §11).

Model (§11.1): every future day's throughput is drawn independently from the days of a history
window (zeros included), each past day equally likely. Then `N_H` (items done in H days) has
the H-fold convolution of the daily pmf, and `P(T_R <= t) = P(N_t >= R)` (§11.3).

Percentile semantics (§11.2):
* "when": the smallest T with `P(T_R <= T) >= p`; the date is `start + T - 1` (day 1 = start).
* "how many": the largest n with `P(N_H >= n) >= p`; `H = target - start + 1`.

Probabilities are `Fraction` when `exact=True` (tests), floats otherwise; the float path compares
with a 1e-12 slack so a probability that is exactly p is not lost to rounding.
`simulate_*` are the seeded 10,000-trial Monte Carlo of the tools, used by tests only (§11.4).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

PERCENTS: tuple[int, ...] = (50, 70, 85, 95)
MAX_DAYS = 9_999  # like jira-agile-metrics' cap per trial (§11.4 degenerate inputs)
SLACK = 1e-12

Probability = Fraction | float


def daily_pmf(sample: Sequence[int], exact: bool = False) -> dict[int, Probability]:
    """Empirical pmf of daily throughput: each past day equally likely (§11.1)."""
    if not sample:
        raise ValueError("The throughput sample is empty.")
    if any(value < 0 for value in sample):
        raise ValueError("Throughput is never negative.")
    counts = Counter(sample)
    size = len(sample)
    return {
        value: (Fraction(count, size) if exact else count / size)
        for value, count in sorted(counts.items())
    }


def _at_least(probability: Probability, percent: int) -> bool:
    threshold = Fraction(percent, 100)
    if isinstance(probability, Fraction):
        return probability >= threshold
    return probability >= float(threshold) - SLACK


def how_many_pmf(sample: Sequence[int], days: int, exact: bool = False) -> list[Probability]:
    """pmf of `N_H`, items done in `days` days: the H-fold convolution (§11.3)."""
    if days < 0:
        raise ValueError("Days are not negative.")
    pmf = daily_pmf(sample, exact)
    zero: Probability = Fraction(0) if exact else 0.0
    one: Probability = Fraction(1) if exact else 1.0
    result: list[Probability] = [one]
    for _ in range(days):
        top = len(result) - 1 + max(pmf)
        following = [zero] * (top + 1)
        for total, p_total in enumerate(result):
            if not p_total:
                continue
            for value, p_value in pmf.items():
                following[total + value] += p_total * p_value
        result = following
    return result


def p_at_least(sample: Sequence[int], items: int, days: int, exact: bool = False) -> Probability:
    """`P(N_H >= n)` (§11.2 "how many"; equals `P(T_n <= H)`, the duality invariant)."""
    pmf = how_many_pmf(sample, days, exact)
    zero: Probability = Fraction(0) if exact else 0.0
    return sum(pmf[max(items, 0) :], zero)


def how_many(
    sample: Sequence[int], days: int, percents: Sequence[int] = PERCENTS, exact: bool = False
) -> dict[int, int]:
    """For each p, the largest n with `P(N_H >= n) >= p` (§11.2): "p % chance of n or more"."""
    pmf = how_many_pmf(sample, days, exact)
    survival: list[Probability] = [0.0] * len(pmf)
    running: Probability = Fraction(0) if exact else 0.0
    for n in range(len(pmf) - 1, -1, -1):
        running += pmf[n]
        survival[n] = running
    answers = {}
    for percent in percents:
        answers[percent] = max(n for n in range(len(pmf)) if _at_least(survival[n], percent))
    return answers


def _done_by_day(
    pmf: dict[int, Probability], items: int, max_days: int, exact: bool
) -> Iterator[Probability]:
    """`P(T_R <= t)` for t = 1, 2, ... `max_days` (§11.3).

    Keeps the pmf of items done truncated below R; the mass at R or more is "done".
    """
    zero: Probability = Fraction(0) if exact else 0.0
    below: list[Probability] = [zero] * items
    below[0] = Fraction(1) if exact else 1.0
    done: Probability = zero
    for _ in range(max_days):
        following = [zero] * items
        for total, p_total in enumerate(below):
            if not p_total:
                continue
            for value, p_value in pmf.items():
                if total + value >= items:
                    done += p_total * p_value
                else:
                    following[total + value] += p_total * p_value
        below = following
        yield done


def p_done_within(sample: Sequence[int], items: int, days: int, exact: bool = False) -> Probability:
    """`P(T_R <= t)` (§11.2 "when"; the chance of hitting a target date)."""
    if items <= 0:
        return Fraction(1) if exact else 1.0
    steps = list(_done_by_day(daily_pmf(sample, exact), items, days, exact))
    return steps[-1] if steps else (Fraction(0) if exact else 0.0)


def when(
    sample: Sequence[int],
    items: int,
    percents: Sequence[int] = PERCENTS,
    max_days: int = MAX_DAYS,
    exact: bool = False,
) -> dict[int, int | None]:
    """For each p, the smallest T with `P(T_R <= T) >= p` (§11.2).

    None means never: an all-zero window ("insufficient data", §11.4) or not reached within
    `max_days`.
    """
    if items <= 0:
        return dict.fromkeys(percents, 0)
    answers: dict[int, int | None] = dict.fromkeys(percents)
    pmf = daily_pmf(sample, exact)
    if set(pmf) == {0}:
        return answers
    pending = sorted(percents)
    for day, done in enumerate(_done_by_day(pmf, items, max_days, exact), start=1):
        while pending and _at_least(done, pending[0]):
            answers[pending.pop(0)] = day
        if not pending:
            break
    return answers


# --- Dates (§11.2 "date arithmetic") -----------------------------------------------------------


def horizon_days(start: date, target: date) -> int:
    """H for "how many by D": `D - S + 1`, day 1 being the start date S (§11.2)."""
    return (target - start).days + 1


def finish_date(start: date, days: int) -> date:
    """The date of day T of a simulation starting on S: `S + T - 1` (§11.2)."""
    return start + timedelta(days=days - 1)


@dataclass(frozen=True)
class WhenForecast:
    days: dict[int, int | None]
    dates: dict[int, date | None]


def when_dates(
    sample: Sequence[int], items: int, start: date, percents: Sequence[int] = PERCENTS
) -> WhenForecast:
    """ "When will N items be done", as day counts and dates (§11.2)."""
    days = when(sample, items, percents)
    return WhenForecast(
        days=days,
        dates={p: None if t is None else finish_date(start, t) for p, t in days.items()},
    )


def how_many_by(
    sample: Sequence[int], start: date, target: date, percents: Sequence[int] = PERCENTS
) -> dict[int, int]:
    """ "How many items by day D", D included (§11.2)."""
    return how_many(sample, horizon_days(start, target), percents)


# --- Seeded simulation (tests only, §11.1, §11.4) ----------------------------------------------


def simulate_how_many(
    sample: Sequence[int], days: int, trials: int = 10_000, seed: int = 1
) -> list[int]:
    """Per trial, the sum of `days` days drawn with replacement from the sample (§11.1)."""
    rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
    return [sum(rng.choices(sample, k=days)) for _ in range(trials)]


def simulate_when(
    sample: Sequence[int], items: int, trials: int = 10_000, seed: int = 1
) -> list[int | None]:
    """Per trial, the days drawn until the running sum reaches `items` (§11.1); None past
    `MAX_DAYS`."""
    rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
    results: list[int | None] = []
    for _ in range(trials):
        total = day = 0
        while total < items and day < MAX_DAYS:
            total += rng.choice(sample)
            day += 1
        results.append(day if total >= items else None)
    return results


def simulated_how_many(
    results: Sequence[int], percents: Sequence[int] = PERCENTS
) -> dict[int, int]:
    """Largest n with share of trials `>= n` at least p (§11.2, as MonteCarloCSV scans)."""
    counts = Counter(results)
    answers = {}
    for percent in percents:
        reached = 0
        for n in sorted(counts, reverse=True):
            reached += counts[n]
            if reached * 100 >= percent * len(results):
                answers[percent] = n
                break
    return answers


def simulated_when(
    results: Sequence[int | None], percents: Sequence[int] = PERCENTS
) -> dict[int, int | None]:
    """Smallest T with share of trials finished by T at least p (§11.2)."""
    counts = Counter(t for t in results if t is not None)
    answers: dict[int, int | None] = dict.fromkeys(percents)
    for percent in percents:
        reached = 0
        for t in sorted(counts):
            reached += counts[t]
            if reached * 100 >= percent * len(results):
                answers[percent] = t
                break
    return answers
