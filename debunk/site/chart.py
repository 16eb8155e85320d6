"""Bar charts drawn at build time: columns, axis and labels that stay readable on a phone.

The bars are one SVG stretched to the width of the page; every text (the axis, the month or day
under a column, the table of numbers) is HTML, so it keeps its font size (12 px or more) at any
width instead of shrinking with the drawing. No client-side chart library, no script.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NARROWEST = 280
"""The narrowest plot a chart is drawn for (a 320 px phone less margins and axis), in CSS pixels."""
LABEL_WIDTH = 40
"""The room a column label needs (`Sep`, `2026`, `16 Nov` at 12 px), in CSS pixels."""
MONTHS_BY_NAME = 18
"""Up to this many months, every month is named; beyond, the years are."""


@dataclass(frozen=True)
class Column:
    """One bar: what it counts, how high it is, and what is written under it."""

    label: str
    """Its full name, for the tooltip and the table: `March 2022`, `Mon 16 Nov 2026`."""
    short: str
    """A short name where every column is named (the email's chart): `Mar 2022`, `Mon 16 Nov`."""
    count: int
    percent: float
    """Height as a share of the tallest bar, 0 to 100."""
    tick: str = ""
    """Written under the column (empty: nothing): `Mar`, `2022`, `Mon`."""
    tick_below: str = ""
    """A second line under `tick`: the year under the first month of a year, the date under a day."""


@dataclass(frozen=True)
class Chart:
    """A bar chart ready for `partials/chart.html` to draw."""

    columns: tuple[Column, ...]
    unit: str
    """`month`, `day` or `week`: what one column is."""
    maximum: int
    axis: tuple[int, ...]
    """The values written on the y-axis, top to bottom (the tallest bar's count down to 0)."""

    @property
    def title(self) -> str:
        return f"Cases per {self.unit}"

    @property
    def description(self) -> str:
        """A sentence for screen readers: the span and the busiest column."""
        if not self.columns:
            return "No cases."
        busiest = max(self.columns, key=lambda column: (column.count, column.label))
        preposition = "on" if self.unit == "day" else "in"
        return (
            f"Cases per {self.unit} from {self.columns[0].label} to {self.columns[-1].label}; "
            f"the most, {busiest.count}, {preposition} {busiest.label}."
        )

    def data(self) -> dict[str, object]:
        """Plain values for a page's template data."""
        return {
            "columns": [column.__dict__ for column in self.columns],
            "unit": self.unit,
            "maximum": self.maximum,
            "axis": list(self.axis),
            "title": self.title,
            "description": self.description,
        }


def _axis(maximum: int) -> tuple[int, ...]:
    """The tallest count, its half when that is a whole number, and 0."""
    if maximum <= 0:
        return (0,)
    if maximum % 2 == 0 and maximum >= 4:
        return (maximum, maximum // 2, 0)
    return (maximum, 0)


def _percent(count: int, maximum: int) -> float:
    return round(100 * count / maximum, 2) if maximum else 0.0


def _stride(columns: int) -> int:
    """Label every n-th column so that labels never overlap on the narrowest screen."""
    return max(1, math.ceil(LABEL_WIDTH * columns / NARROWEST))


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_chart(dates: Iterable[dt.date]) -> Chart:
    """Cases per month, every month from the first to the last (empty ones too).

    Up to `MONTHS_BY_NAME` months each is named (`Mar`, with the year under the first and
    under January); a longer span names the years, every year or every few years.
    """
    tally = Counter((date.year, date.month) for date in dates)
    if not tally:
        return Chart((), "month", 0, (0,))
    months = _months(dt.date(*min(tally), 1), dt.date(*max(tally), 1))
    maximum = max(tally.values())
    by_name = len(months) <= MONTHS_BY_NAME
    stride = _stride(len(months))
    columns = []
    last = -stride  # the column of the last label: the next is at least `stride` columns on
    for index, (year, month) in enumerate(months):
        label = f"{MONTHS[month - 1]} {year}"
        count = tally.get((year, month), 0)
        tick = below = ""
        if by_name and index % stride == 0:
            tick = MONTHS[month - 1][:3]
            below = str(year) if index == 0 or month <= stride else ""
        elif not by_name and _year_label(index, month, year, stride) and index - last >= stride:
            tick, last = str(year), index
        short = f"{MONTHS[month - 1][:3]} {year}"
        columns.append(Column(label, short, count, _percent(count, maximum), tick, below))
    return Chart(tuple(columns), "month", maximum, _axis(maximum))


def _year_label(index: int, month: int, year: int, stride: int) -> bool:
    """A year is named under its January, and under the first column when the next January is
    far enough not to overlap it."""
    if index == 0:
        return month == 1 or 13 - month >= stride
    return month == 1 and year % math.ceil(stride / 12) == 0


def period_chart(days: Sequence[tuple[dt.date, int]], unit: str) -> Chart:
    """Cases per day (`Mon` over `16 Nov`) or per ISO week (`W47` over its year) of a review."""
    maximum = max((count for _day, count in days), default=0)
    every = _stride(len(days))
    columns = []
    for index, (day, count) in enumerate(days):
        if unit == "day":
            short = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3]}"
            label = f"{short} {day.year}"
            tick, below = DAYS[day.weekday()], f"{day.day} {MONTHS[day.month - 1][:3]}"
        else:
            year, week, _ = day.isocalendar()
            label, short = f"week {week}, {year}", f"W{week} {year}"
            tick, below = f"W{week}", str(year) if index == 0 or week <= every else ""
        shown = index % every == 0
        percent = _percent(count, maximum)
        columns.append(Column(label, short, count, percent, tick if shown else "", below if shown else ""))
    return Chart(tuple(columns), unit, maximum, _axis(maximum))
