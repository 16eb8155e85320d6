"""The dates of a debunk, each meaning one thing: the claim's (`Case.date`), the debunk's
publication, and its last update. Also the rule that neither lies in the future.

`published` defaults, in order, to the day git added the case file (`history.added_dates`;
its `publish_on` when that is later), the date of the review issue it was reported in, and the
claim's date: the best evidence first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from debunk.content.history import Change, added_dates, case_history
from debunk.model import Case, Problem


@dataclass(frozen=True)
class CaseDates:
    """When a case's debunk was published and last updated."""

    published: dt.date
    modified: dt.date | None
    """The newest `updates` entry, else the last git change; None when neither is known."""


def review_dates(cases: Iterable[Case]) -> dict[int, dt.date]:
    """The date of each review issue: that of its newest case, as its feed entry is dated."""
    dates: dict[int, dt.date] = {}
    for case in cases:
        if case.reported_in is not None:
            dates[case.reported_in] = max(case.date, dates.get(case.reported_in, case.date))
    return dates


def case_dates(
    cases: Iterable[Case],
    added: Mapping[str, dt.date] | None = None,
    history: Mapping[str, Change] | None = None,
) -> dict[str, CaseDates]:
    """The dates of every case by id; `added` and `history` are git's, by path (none outside git)."""
    cases = tuple(cases)
    added, history = added or {}, history or {}
    reviews = review_dates(cases)
    dates = {}
    for case in cases:
        # A held case (`debunk.content.held`) is published on its `publish_on` day, not when it was merged.
        published = case.published or max(filter(None, (added.get(case.path), case.publish_on)), default=None)
        if published is None and case.reported_in is not None:
            published = reviews[case.reported_in]
        published = max(published or case.date, case.date)
        change = history.get(case.path)
        modified = case.updates[-1].date if case.updates else change.date if change else None
        dates[case.id] = CaseDates(published, modified if modified and modified >= published else None)
    return dates


def repository_dates(root: Path, cases: Sequence[Case]) -> dict[str, CaseDates]:
    """`case_dates` with what git knows of the repository at `root` (two `git log` calls)."""
    paths = [case.path for case in cases]
    return case_dates(cases, added_dates(root, paths), case_history(root, paths))


def today_in(timezone: str, now: dt.datetime | None = None) -> dt.date:
    """Today's date in `timezone` (`extra.debunk.timezone`; UTC when that is not a known zone,
    which `debunk digest` reports)."""
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).date()


def check_dates(cases: Iterable[Case], today: dt.date) -> Iterable[Problem]:
    """No debunk published, and no update made, after today (a typo such as 2062 for 2026)."""
    for case in cases:
        if case.published is not None and case.published > today:
            yield Problem(
                case.path,
                case.line_of("published"),
                "published",
                f"{case.published.isoformat()!r} is in the future (today is {today.isoformat()}); "
                "write the day the debunk was published",
            )
        for index, update in enumerate(case.updates):
            if update.date > today:
                name = f"updates[{index}].date"
                yield Problem(
                    case.path,
                    case.line_of(name),
                    name,
                    f"{update.date.isoformat()!r} is in the future (today is {today.isoformat()}); "
                    "date an update the day it is made",
                )
