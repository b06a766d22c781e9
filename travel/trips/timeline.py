"""Geometry of the trip timeline picture: stops as bars across the trip's dates.

Positions are percentages of the width, so the SVG scales with the page without
stretching its text, and needs no inline styles (the CSP forbids them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from travel.trips.models import Stop

ROW_HEIGHT = 34
BAR_HEIGHT = 24
AXIS_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    stop: Stop
    x: float
    width: float
    y: int
    label_x: float
    label_anchor: str


@dataclass(frozen=True)
class Tick:
    day: date
    x: float


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None
    height: int
    start: date | None
    end: date | None


def _pct(value: float) -> float:
    return round(value * 100, 3)


def build_timeline(stops: list[Stop], *, today: date) -> Timeline:
    """Bars for stops in date order; ticks on Mondays (or month starts for long trips)."""
    if not stops:
        return Timeline([], [], None, AXIS_HEIGHT, None, None)
    start = min(s.arrive for s in stops)
    end = max(s.depart for s in stops)
    days = (end - start).days + 1

    def x_of(d: date) -> float:
        return (d - start).days / days

    bars = []
    for i, stop in enumerate(stops):
        x = x_of(stop.arrive)
        width = max((stop.depart - stop.arrive).days + 1, 1) / days
        # The name goes beside a bar in the left half, before one in the right half.
        right_half = x + width / 2 > 0.5
        bars.append(
            Bar(
                stop=stop,
                x=_pct(x),
                width=_pct(width),
                y=AXIS_HEIGHT + i * ROW_HEIGHT,
                label_x=_pct(x - 0.005) if right_half else _pct(x + width + 0.005),
                label_anchor="end" if right_half else "start",
            )
        )
    ticks = []
    day = start
    step_months = days > 120
    while day <= end:
        if (step_months and day.day == 1) or (not step_months and day.weekday() == 0):
            ticks.append(Tick(day, _pct(x_of(day))))
        day += timedelta(days=1)
    if not ticks or ticks[0].day != start:
        ticks.insert(0, Tick(start, 0.0))
    # Keep tick labels from overlapping: at most about twelve.
    stride = max(1, len(ticks) // 12 + (1 if len(ticks) % 12 else 0)) if len(ticks) > 12 else 1
    ticks = ticks[::stride]
    today_x = _pct(x_of(today)) if start <= today <= end else None
    return Timeline(bars, ticks, today_x, AXIS_HEIGHT + len(stops) * ROW_HEIGHT + 6, start, end)
