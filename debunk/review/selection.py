"""Which cases a review holds: one ISO week or one review issue, narrowed by tag filters.

Filters: a case passes when, for each kind of tag that has include filters (keywords,
narratives, countries), it carries at least one of the listed tags (OR within a kind, AND
across kinds), and it carries none of the excluded tags.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process, utils

from debunk.content.repository import Content
from debunk.content.vocab import Vocabulary, did_you_mean
from debunk.model import Case

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
FILTER_KINDS = ("keywords", "narratives", "countries")
"""The tags a review can be filtered by (case fields), in the order they are shown."""
SINGULAR = {"keywords": "keyword", "narratives": "narrative", "countries": "country"}


@dataclass(frozen=True)
class Selection:
    """One review's choice of cases: a week or an issue (exactly one), and tag filters."""

    week: str | None = None
    """An ISO week, `2026-W47`: cases dated Monday to Sunday of that week."""
    issue: int | None = None
    """A review issue number: cases whose `reported_in` is that number."""
    keywords: tuple[str, ...] = ()
    narratives: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    exclude_narratives: tuple[str, ...] = ()
    exclude_countries: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.week is None) == (self.issue is None):
            raise ValueError("a selection needs exactly one of a week or an issue")
        if self.week is not None:
            week_days(self.week)

    @property
    def key(self) -> str:
        """The review's identity: `321` or `2026-W47` (file `reviews/<key>.md`, page `/reviews/<key>/`)."""
        return str(self.issue) if self.issue is not None else str(self.week)

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        """The non-empty filters by field name (`keywords`, `exclude_countries`, ...)."""
        return {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if item.name not in {"week", "issue"} and getattr(self, item.name)
        }

    def describe(self) -> str:
        """`issue 321` or `week 2026-W47 (2026-11-16 to 2026-11-22)`, for messages."""
        if self.issue is not None:
            return f"issue {self.issue}"
        start, end = week_days(str(self.week))
        return f"week {self.week} ({start.isoformat()} to {end.isoformat()})"


def week_days(week: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week `YYYY-Www`; ValueError naming the format otherwise."""
    match = _WEEK.match(week)
    try:
        if match is None:
            raise ValueError(week)
        monday = dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise ValueError(f"{week!r} is not an ISO week; write YYYY-Www, e.g. 2026-W47") from None
    return monday, monday + dt.timedelta(days=6)


def week_of(day: dt.date) -> str:
    """The ISO week a date falls in: `2026-W47`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_week(week: str, weeks: int) -> str:
    """The ISO week `weeks` weeks after (negative: before) `week`."""
    return week_of(week_days(week)[0] + dt.timedelta(weeks=weeks))


def current_week(timezone: str, now: dt.datetime | None = None) -> str:
    """The ISO week it is now in `timezone` (case dates are plain dates: only 'now' needs a zone)."""
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return week_of(moment.astimezone(ZoneInfo(timezone)).date())


def in_period(case: Case, selection: Selection) -> bool:
    """Whether a case belongs to the selection's week or issue (filters aside)."""
    if selection.issue is not None:
        return case.reported_in == selection.issue
    start, end = week_days(str(selection.week))
    return start <= case.date <= end


def matches(case: Case, selection: Selection) -> bool:
    """Whether a case passes the selection's tag filters."""
    for kind in FILTER_KINDS:
        tags = set(getattr(case, kind))
        wanted = getattr(selection, kind)
        if wanted and not tags.intersection(wanted):
            return False
        if tags.intersection(getattr(selection, "exclude_" + kind)):
            return False
    return True


@dataclass(frozen=True)
class Periods:
    """The cases bucketed by issue and by ISO week, so that a selection reads only its period."""

    by_issue: dict[int, tuple[Case, ...]]
    by_week: dict[str, tuple[Case, ...]]

    @classmethod
    def of(cls, cases: Iterable[Case]) -> Periods:
        """Bucket cases (kept in their order, normally (date, id))."""
        by_issue: dict[int, list[Case]] = {}
        by_week: dict[str, list[Case]] = {}
        for case in cases:
            by_week.setdefault(week_of(case.date), []).append(case)
            if case.reported_in is not None:
                by_issue.setdefault(case.reported_in, []).append(case)
        return cls(
            {key: tuple(value) for key, value in by_issue.items()},
            {key: tuple(value) for key, value in by_week.items()},
        )

    def select(self, selection: Selection) -> tuple[Case, ...]:
        """The cases of a selection, as `select_cases` finds them."""
        if selection.issue is not None:
            pool = self.by_issue.get(selection.issue, ())
        else:
            pool = self.by_week.get(str(selection.week), ())
        return tuple(case for case in pool if matches(case, selection))


def select_cases(content: Content, selection: Selection) -> tuple[Case, ...]:
    """The cases of a selection, in the corpus order (date, then id)."""
    return select_from(content.cases, selection)


def select_from(cases: Iterable[Case], selection: Selection) -> tuple[Case, ...]:
    """The cases of a selection among `cases`, in their order."""
    if selection.week is not None:
        start, end = week_days(selection.week)
        return tuple(c for c in cases if start <= c.date <= end and matches(c, selection))
    return tuple(c for c in cases if c.reported_in == selection.issue and matches(c, selection))


def resolve_selection(content: Content, selection: Selection) -> tuple[Selection, list[str]]:
    """The selection with every tag in its canonical form, and a message for each unknown tag.

    Aliases are accepted (`Color revolution` -> `Colour revolution`); an unknown tag names the
    closest known ones.
    """
    vocabularies = {
        "keywords": content.vocabularies.keywords,
        "countries": content.vocabularies.countries,
    }
    errors: list[str] = []
    changes: dict[str, Any] = {}
    for name, values in selection.filters.items():
        kind = name.removeprefix("exclude_")
        canonical: list[str] = []
        for value in values:
            found = _canonical(value, kind, content, vocabularies.get(kind))
            if found is None:
                known = content.narratives if kind == "narratives" else vocabularies[kind].names
                errors.append(f"unknown {SINGULAR[kind]} {value!r}{nearest(value, known)}")
            elif found not in canonical:
                canonical.append(found)
        changes[name] = tuple(canonical)
    return replace(selection, **changes), errors


def _canonical(value: str, kind: str, content: Content, vocabulary: Vocabulary | None) -> str | None:
    if vocabulary is None:
        return value if value in content.narratives else None
    match = vocabulary.match(value)
    return match.canonical if match is not None else None


def nearest(value: str, known: Iterable[str]) -> str:
    """` (did you mean ...?)`, or the three closest known tags however far they are."""
    hint = did_you_mean(value, known)
    if hint:
        return hint
    ranked = process.extract(
        value, sorted(set(known)), scorer=fuzz.ratio, processor=utils.default_process, limit=3
    )
    names = [name for name, _score, _index in sorted(ranked, key=lambda hit: (-hit[1], hit[0]))]
    return f" (closest known: {', '.join(map(repr, names))})" if names else " (none are known)"
