"""Bar-chart geometry for build-time SVG charts (no client-side chart library)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 160
MARGIN_BOTTOM = 20
MARGIN_LEFT = 28


@dataclass(frozen=True)
class Bar:
    """One bar: position, size and what it stands for."""

    x: float
    y: float
    width: float
    height: float
    label: str
    count: int


@dataclass(frozen=True)
class Chart:
    """A bar chart ready for a template to draw."""

    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    """(x, label) of the year ticks along the bottom."""
    maximum: int
    width: int = WIDTH
    height: int = HEIGHT
    margin_bottom: int = MARGIN_BOTTOM
    margin_left: int = MARGIN_LEFT

    @property
    def description(self) -> str:
        """A sentence for screen readers: the span and the busiest month."""
        if not self.bars:
            return "No cases."
        busiest = max(self.bars, key=lambda bar: (bar.count, bar.label))
        return (
            f"Cases per month from {self.bars[0].label} to {self.bars[-1].label}; "
            f"the most, {busiest.count}, in {busiest.label}."
        )


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_chart(dates: Iterable[dt.date]) -> Chart:
    """Cases per month, every month from the first to the last shown (empty ones too)."""
    tally = Counter((date.year, date.month) for date in dates)
    if not tally:
        return Chart((), (), 0)
    months = _months(dt.date(*min(tally), 1), dt.date(*max(tally), 1))
    maximum = max(tally.values())
    plot_width = WIDTH - MARGIN_LEFT
    plot_height = HEIGHT - MARGIN_BOTTOM
    step = plot_width / len(months)
    bars = []
    ticks = []
    for index, (year, month) in enumerate(months):
        count = tally.get((year, month), 0)
        height = plot_height * count / maximum
        x = MARGIN_LEFT + index * step
        label = dt.date(year, month, 1).strftime("%B %Y")
        bars.append(
            Bar(
                round(x, 2),
                round(plot_height - height, 2),
                round(max(step - 1, 1), 2),
                round(height, 2),
                label,
                count,
            )
        )
        if month == 1 or index == 0:
            ticks.append((round(x, 2), str(year)))
    return Chart(tuple(bars), tuple(ticks), maximum)
