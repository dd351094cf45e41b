"""The burndown, burnup and velocity as server-rendered SVG geometry: the templates draw what
this computes.

One x step per day; the first step is the sprint's start. Lines: the ideal (dashed), the
remaining points, and the scope (so scope change shows apart from work done); the burnup draws
the completed points under the same scope line. Non-working days are shaded; a day with scope
change gets a marker.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from officina.scrum.metrics import DayPoint, SprintReport, VelocityRow

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Band:
    x: float
    width: float


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Burndown:
    width: int
    height: int
    ideal: str  # polyline points
    remaining: str
    scope: str
    completed: str  # the burnup: work done, under the scope line
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    non_working: list[Band]
    scope_markers: list[Marker]
    plot_left: int
    plot_bottom: int
    plot_right: int


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def burndown(report: SprintReport) -> Burndown:
    points: list[DayPoint] = [report.start, *report.days]
    top = max([p.scope for p in points] + [p.ideal for p in points] + [Decimal(1)])
    steps = max(len(points) - 1, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return LEFT + plot_w * index / steps

    def y(value: Decimal) -> float:
        return TOP + plot_h * (1 - float(value) / float(top))

    lived = [(i, p) for i, p in enumerate(points) if p.lived]

    def line(values: Iterable[tuple[int, Decimal]]) -> str:
        return " ".join(f"{_fmt(x(i))},{_fmt(y(v))}" for i, v in values)

    step = max(1, len(report.days) // 10)
    x_ticks = [
        Tick(x(i), HEIGHT - BOTTOM + 16, p.day.strftime("%d/%m"))
        for i, p in enumerate(points)
        if p.day is not None and (i - 1) % step == 0
    ]
    y_ticks = [Tick(LEFT - 6, y(top * k / 4), f"{(top * k / 4):.0f}") for k in range(5)]
    bands = [
        Band(x(i - 1), x(i) - x(i - 1)) for i, p in enumerate(points) if p.day and not p.working
    ]
    markers = [Marker(x(i), y(p.scope), f"{p.scope_change:+}") for i, p in lived if p.scope_change]
    return Burndown(
        width=WIDTH,
        height=HEIGHT,
        ideal=line((i, p.ideal) for i, p in enumerate(points)),
        remaining=line((i, p.remaining) for i, p in lived),
        scope=line((i, p.scope) for i, p in lived),
        completed=line((i, p.completed) for i, p in lived),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        non_working=bands,
        scope_markers=markers,
        plot_left=LEFT,
        plot_bottom=HEIGHT - BOTTOM,
        plot_right=WIDTH - RIGHT,
    )


# --- Velocity: committed vs completed per closed sprint ---------------------------------------

VELOCITY_HEIGHT = 280


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class SprintBars:
    committed: Bar
    completed: Bar
    label: Tick  # the sprint's name under its bars
    say_do: Tick  # the ratio above them ("" when nothing was committed)


@dataclass(frozen=True)
class Velocity:
    width: int
    height: int
    groups: list[SprintBars]
    y_ticks: list[Tick]
    plot_left: int
    plot_top: int
    plot_bottom: int
    plot_right: int


def _points(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1')).normalize():f}"


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else f"{name[: limit - 1]}…"


def velocity(rows: Sequence[VelocityRow]) -> Velocity:
    """Two bars per closed sprint, oldest on the left: committed (outlined) and completed
    (filled), on one scale; the say/do ratio written above each pair."""
    top_margin = TOP + 14  # room for the ratios
    bottom = VELOCITY_HEIGHT - BOTTOM
    plot_w, plot_h = WIDTH - LEFT - RIGHT, bottom - top_margin
    highest = max([r.committed for r in rows] + [r.completed for r in rows] + [Decimal(1)])
    slot = plot_w / max(len(rows), 1)
    bar_w = min(slot * 0.32, 48.0)

    def y(value: Decimal) -> float:
        return top_margin + plot_h * (1 - float(value) / float(highest))

    groups = []
    for index, row in enumerate(rows):
        middle = LEFT + slot * (index + 0.5)
        ratio_text = f"{row.say_do * 100:.0f} %" if row.say_do is not None else ""
        groups.append(
            SprintBars(
                committed=Bar(
                    middle - bar_w - 2, y(row.committed), bar_w, bottom - y(row.committed)
                ),
                completed=Bar(middle + 2, y(row.completed), bar_w, bottom - y(row.completed)),
                label=Tick(middle, bottom + 16, _short(row.name)),
                say_do=Tick(middle, min(y(row.committed), y(row.completed)) - 6, ratio_text),
            )
        )
    y_ticks = [Tick(LEFT - 6, y(highest * k / 4), _points(highest * k / 4)) for k in range(5)]
    return Velocity(
        width=WIDTH,
        height=VELOCITY_HEIGHT,
        groups=groups,
        y_ticks=y_ticks,
        plot_left=LEFT,
        plot_top=top_margin,
        plot_bottom=bottom,
        plot_right=WIDTH - RIGHT,
    )
