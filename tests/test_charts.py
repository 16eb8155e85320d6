"""Charts that read well: labels of 12 px or more at any width, months named on short spans, an
axis, and the numbers as text; checked on the geometry and in Chromium on the sample site."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from pathlib import Path

import pytest
from browser import build_sample_site, chromium, reader, serve

from debunk.content.repository import load_content
from debunk.site.chart import LABEL_WIDTH, MONTHS, NARROWEST, monthly_chart, period_chart

ROOT = Path(__file__).parent.parent


def months_between(first: dt.date, months: int) -> list[dt.date]:
    steps = [first.month - 1 + n for n in range(months)]
    return [dt.date(first.year + step // 12, step % 12 + 1, 1) for step in steps]


def ticks(chart_columns: tuple) -> list[int]:  # type: ignore[type-arg]
    return [index for index, column in enumerate(chart_columns) if column.tick]


@pytest.mark.parametrize("span", [1, 3, 7, 12, 18])
def test_a_short_span_names_its_months(span: int) -> None:
    dates = months_between(dt.date(2022, 3, 1), span)
    chart = monthly_chart(dates)
    named = [column.tick for column in chart.columns if column.tick]
    assert named and all(tick in {name[:3] for name in MONTHS} for tick in named)
    assert chart.columns[0].tick == "Mar" and chart.columns[0].tick_below == "2022"
    assert [column.label for column in chart.columns] == [f"{MONTHS[d.month - 1]} {d.year}" for d in dates]


@pytest.mark.parametrize("span", [19, 40, 100, 240])
def test_a_long_span_names_years_and_labels_never_overlap(span: int) -> None:
    chart = monthly_chart(months_between(dt.date(2015, 10, 1), span))
    indices = ticks(chart.columns)
    assert indices and all(column.tick.isdigit() for column in chart.columns if column.tick)
    narrowest_column = NARROWEST / span
    assert all((b - a) * narrowest_column >= LABEL_WIDTH for a, b in itertools.pairwise(indices))


def test_heights_and_axis_follow_the_counts() -> None:
    dates = [dt.date(2023, 1, 5)] * 4 + [dt.date(2023, 3, 9)] * 2
    chart = monthly_chart(dates)
    assert [(c.count, c.percent) for c in chart.columns] == [(4, 100.0), (0, 0.0), (2, 50.0)]
    assert chart.axis == (4, 2, 0)
    assert chart.description == (
        "Cases per month from January 2023 to March 2023; the most, 4, in January 2023."
    )


def test_a_week_of_days_names_each_day() -> None:
    monday = dt.date(2026, 11, 16)
    chart = period_chart([(monday + dt.timedelta(days=n), n % 3) for n in range(7)], "day")
    assert [c.tick for c in chart.columns] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert chart.columns[0].tick_below == "16 Nov" and chart.columns[0].label == "Mon 16 Nov 2026"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_site(tmp_path_factory)


@pytest.mark.parametrize("width", [375, 1280])
def test_chart_text_is_readable_and_the_numbers_match_the_cases(site: Path, width: int) -> None:
    content = load_content(ROOT)
    busiest = max(content.narratives, key=lambda n: (sum(n in c.narratives for c in content.cases), n))
    expected = Counter(
        f"{MONTHS[c.date.month - 1]} {c.date.year}" for c in content.cases if busiest in c.narratives
    )
    with (
        chromium() as browser,
        serve(site) as base,
        reader(browser, base, width=width, height=800) as visitor,
    ):
        page = visitor.open(f"/narratives/{busiest}/")
        figure = page.locator("figure.debunk-chart")
        sizes = figure.evaluate(
            """f => [...f.querySelectorAll(
                     'figcaption, .debunk-chart__y span, .debunk-chart__ticks span, summary')]
                   .map(e => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert len(sizes) >= 4 and min(sizes) >= 12, sizes
        box = figure.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        page.get_by_text("The numbers").click()
        rows = page.locator("figure.debunk-chart table tbody tr").all_inner_texts()
        table = {row.split("\t")[0]: int(row.split("\t")[1]) for row in rows}
        assert {month: count for month, count in table.items() if count} == dict(expected)
        assert sum(table.values()) == sum(expected.values())
        assert page.locator("figure.debunk-chart [role=img]").get_attribute("aria-label", timeout=1000)
    assert not visitor.foreign and not visitor.errors
