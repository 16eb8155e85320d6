"""The weekly review's content: the selected cases grouped, counted and compared with earlier weeks.

Rules (also in docs):
- Groups: a case is listed once, under its first narrative and, inside it, under its first
  keyword; cases without a narrative (keyword) go to a last group "Other". Narrative groups are
  ordered by number of cases, then title; keyword groups likewise; cases by (date, id).
- Counts of countries, languages and outlets count each case once per tag, ordered by count
  (highest first), then name.
- Trends compare the review with the four periods before it: the four ISO weeks before a week,
  or the four issue numbers before an issue that have cases. Every narrative of a case counts.
  A narrative is *new* when it has cases now and none in those four periods; it is *rising* when
  it is not new, has at least two cases now and more than its average over the four periods.
  The same tag filters apply to the earlier periods.
- The chart counts cases per day of the period (a week: Monday to Sunday; an issue: its first
  to last case date), per ISO week when an issue spans more than 31 days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from debunk.content.repository import Content
from debunk.model import Case
from debunk.review.selection import Periods, Selection, shift_week, week_days, week_of

OTHER = "Other"
TREND_PERIODS = 4
MAX_DAILY_BARS = 31
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class EmptySelectionError(ValueError):
    """The selection holds no case: there is nothing to review."""


@dataclass(frozen=True)
class KeywordGroup:
    """The cases of one narrative group whose first keyword is `keyword`."""

    keyword: str | None
    """None for the cases without a keyword ("Other")."""
    cases: tuple[Case, ...]

    @property
    def label(self) -> str:
        return self.keyword or OTHER


@dataclass(frozen=True)
class NarrativeGroup:
    """The cases whose first narrative is `narrative`, grouped by keyword."""

    narrative: str | None
    """A narrative id; None for the cases without a narrative ("Other")."""
    title: str
    keywords: tuple[KeywordGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(group.cases) for group in self.keywords)


@dataclass(frozen=True)
class Count:
    """How many of the review's cases carry one tag."""

    name: str
    """The tag as stored on cases (a language code for languages)."""
    label: str
    """The tag as shown to readers (a language's English name)."""
    count: int


@dataclass(frozen=True)
class Trend:
    """A narrative that is new or rising in this review."""

    narrative: str
    title: str
    count: int
    previous: tuple[int, ...]
    """Its cases in each of the earlier periods compared, oldest first."""

    @property
    def average(self) -> float:
        return sum(self.previous) / len(self.previous) if self.previous else 0.0


@dataclass(frozen=True)
class Bar:
    """One bar of the chart: a day (or an ISO week) and its cases."""

    label: str
    start: dt.date
    count: int


@dataclass(frozen=True)
class Digest:
    """Everything a review shows, computed from the corpus."""

    selection: Selection
    title: str
    start: dt.date
    """First day of the period: a week's Monday, or an issue's earliest case date."""
    end: dt.date
    cases: tuple[Case, ...]
    groups: tuple[NarrativeGroup, ...]
    countries: tuple[Count, ...]
    languages: tuple[Count, ...]
    outlets: tuple[Count, ...]
    new_narratives: tuple[Trend, ...]
    rising_narratives: tuple[Trend, ...]
    compared: tuple[str, ...]
    """The keys of the earlier periods the trends compare with, oldest first."""
    chart: tuple[Bar, ...]

    @property
    def key(self) -> str:
        return self.selection.key


def digest_title(selection: Selection) -> str:
    """`Review 321` or `Review of week 47, 2026`."""
    if selection.issue is not None:
        return f"Review {selection.issue}"
    year, week = str(selection.week).split("-W")
    return f"Review of week {int(week)}, {year}"


def build_digest(content: Content, selection: Selection, periods: Periods | None = None) -> Digest:
    """The review of a selection; EmptySelectionError when it holds no case.

    `periods` (the corpus bucketed once) makes building many digests fast; without it the
    corpus is bucketed for this call.
    """
    periods = periods if periods is not None else Periods.of(content.cases)
    cases = periods.select(selection)
    if not cases:
        raise EmptySelectionError(empty_message(selection))
    if selection.week is not None:
        start, end = week_days(selection.week)
    else:
        start, end = cases[0].date, max(case.date for case in cases)
    titles = {key: narrative.title for key, narrative in content.narratives.items()}
    compared = previous_periods(periods, selection)
    earlier = [periods.select(period) for period in compared]
    new, rising = narrative_trends(cases, earlier, titles)
    return Digest(
        selection=selection,
        title=digest_title(selection),
        start=start,
        end=end,
        cases=cases,
        groups=group_cases(cases, titles),
        countries=count_tags(cases, lambda case: case.countries),
        languages=count_tags(cases, lambda case: case.languages, content.vocabularies.language_name),
        outlets=count_tags(cases, lambda case: case.outlets),
        new_narratives=new,
        rising_narratives=rising,
        compared=tuple(period.key for period in compared),
        chart=chart_bars(cases, start, end),
    )


def empty_message(selection: Selection) -> str:
    """`no cases in week 2026-W47 (...)`, saying when filters are the reason."""
    if selection.filters:
        return f"no cases in {selection.describe()} match the filters"
    return f"no cases in {selection.describe()}"


def group_cases(cases: Iterable[Case], titles: dict[str, str]) -> tuple[NarrativeGroup, ...]:
    """Cases by first narrative, then by first keyword ("Other" last at each level)."""
    by_narrative: dict[str | None, list[Case]] = {}
    for case in cases:
        by_narrative.setdefault(case.narratives[0] if case.narratives else None, []).append(case)
    groups = []
    for narrative, members in by_narrative.items():
        by_keyword: dict[str | None, list[Case]] = {}
        for case in members:
            by_keyword.setdefault(case.keywords[0] if case.keywords else None, []).append(case)
        keywords = [KeywordGroup(keyword, _by_date(items)) for keyword, items in by_keyword.items()]
        keywords.sort(key=lambda g: (g.keyword is None, -len(g.cases), g.label.casefold(), g.label))
        title = OTHER if narrative is None else titles.get(narrative, narrative)
        groups.append(NarrativeGroup(narrative, title, tuple(keywords)))
    groups.sort(key=lambda g: (g.narrative is None, -g.count, g.title.casefold(), g.narrative or ""))
    return tuple(groups)


def _by_date(cases: Iterable[Case]) -> tuple[Case, ...]:
    return tuple(sorted(cases, key=lambda case: (case.date, case.id)))


def count_tags(
    cases: Iterable[Case],
    tags: Callable[[Case], tuple[str, ...]],
    label: Callable[[str], str] = str,
) -> tuple[Count, ...]:
    """How many cases carry each tag, highest count first, then by name."""
    counter = Counter(tag for case in cases for tag in set(tags(case)))
    counts = [Count(name, label(name), count) for name, count in counter.items()]
    return tuple(sorted(counts, key=lambda c: (-c.count, c.label.casefold(), c.name)))


def previous_periods(periods: Periods, selection: Selection) -> tuple[Selection, ...]:
    """The earlier periods trends compare with, oldest first, with the same filters."""
    if selection.week is not None:
        weeks = [shift_week(selection.week, -offset) for offset in range(TREND_PERIODS, 0, -1)]
        return tuple(replace(selection, week=week) for week in weeks)
    issue = int(selection.issue or 0)
    issues = sorted(number for number in periods.by_issue if number < issue)
    return tuple(replace(selection, issue=number) for number in issues[-TREND_PERIODS:])


def narrative_trends(
    cases: tuple[Case, ...], earlier: list[tuple[Case, ...]], titles: dict[str, str]
) -> tuple[tuple[Trend, ...], tuple[Trend, ...]]:
    """(new, rising) narratives of `cases` against the earlier periods (rules in the module doc)."""
    now = Counter(narrative for case in cases for narrative in case.narratives)
    before = [Counter(n for case in period for n in case.narratives) for period in earlier]
    padding = (0,) * (TREND_PERIODS - len(before))
    new, rising = [], []
    for narrative, count in now.items():
        history = padding + tuple(period[narrative] for period in before)
        trend = Trend(narrative, titles.get(narrative, narrative), count, history)
        if not any(history):
            new.append(trend)
        elif count >= 2 and count > trend.average:
            rising.append(trend)

    def order(trend: Trend) -> tuple[int, str, str]:
        return (-trend.count, trend.title.casefold(), trend.narrative)

    return tuple(sorted(new, key=order)), tuple(sorted(rising, key=order))


def chart_bars(cases: Iterable[Case], start: dt.date, end: dt.date) -> tuple[Bar, ...]:
    """Cases per day from `start` to `end` (per ISO week beyond 31 days), empty days included."""
    per_day = Counter(case.date for case in cases)
    days = (end - start).days + 1
    if days <= MAX_DAILY_BARS:
        dates = [start + dt.timedelta(days=offset) for offset in range(days)]
        return tuple(Bar(_day_label(day), day, per_day[day]) for day in dates)
    per_week = Counter(week_of(day) for day in per_day.elements())
    first = start - dt.timedelta(days=start.weekday())
    mondays = [first + dt.timedelta(weeks=offset) for offset in range((end - first).days // 7 + 1)]
    return tuple(Bar(week_of(day), day, per_week[week_of(day)]) for day in mondays)


def _day_label(day: dt.date) -> str:
    """`Mon 16 Nov`, the same in every locale."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
