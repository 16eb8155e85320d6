"""Held cases: drafts (`status: draft`) and cases embargoed until their `publish_on` day.

They are validated like any other case, then split off before any page, list, feed or data
file is made (`publishable`): what a build publishes depends on the day it runs, which is
today in `extra.debunk.timezone`, or `DEBUNK_TODAY` (YYYY-MM-DD) for tests, reproducible
builds and a check run after the build (`debunk verify-site`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from debunk.content.repository import Content
from debunk.model import Case
from debunk.review.selection import Selection, select_from

TODAY_VARIABLE = "DEBUNK_TODAY"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def build_day(
    timezone: str, environ: Mapping[str, str] | None = None, now: dt.datetime | None = None
) -> dt.date:
    """The day a build publishes for: `DEBUNK_TODAY`, else today in `timezone`.

    ValueError naming the variable when it is not a date, or the setting for an unknown zone.
    """
    value = (os.environ if environ is None else environ).get(TODAY_VARIABLE, "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{TODAY_VARIABLE}={value!r} is not a date; write YYYY-MM-DD") from None
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        raise ValueError(f"extra.debunk.timezone: unknown time zone {timezone!r}") from None
    return moment.astimezone(zone).date()


def is_held(case: Case, day: dt.date) -> bool:
    """Whether the case stays off the site on `day`: a draft, or before its `publish_on`."""
    return case.status == "draft" or (case.publish_on is not None and case.publish_on > day)


def hold_label(case: Case) -> str:
    """What a preview says of a held case: `DRAFT — not published`, `Publishes on 12 December 2026`."""
    if case.status == "draft" or case.publish_on is None:
        return "DRAFT \u2014 not published"
    day = case.publish_on
    return f"Publishes on {day.day} {_MONTHS[day.month - 1]} {day.year}"


def held_labels(cases: Iterable[Case], day: dt.date) -> dict[str, str]:
    """{id: `hold_label`} of the cases held on `day`, for a preview that shows them."""
    return {case.id: hold_label(case) for case in cases if is_held(case, day)}


def publishable(content: Content, day: dt.date) -> Content:
    """The content as published on `day`: the held cases moved from `cases` to `held`, and
    hand-picked links to them left out of the others.

    Everything public is made from `cases`; `held` is kept only so that checks can tell a held
    case from a lost one. The same object when nothing is held.
    """
    held = tuple(case for case in content.cases if is_held(case, day))
    if not held:
        return content
    ids = {case.id for case in held}
    public = tuple(_unlinked(case, ids) for case in content.cases if case.id not in ids)
    return dataclasses.replace(content, cases=public, held=content.held + held)


def _unlinked(case: Case, held: set[str]) -> Case:
    """The case without its hand-picked links to held cases: a link would name one (its id,
    in the data files) before its day. The file keeps them; they return when it is published."""
    if held.isdisjoint(case.related):
        return case
    return dataclasses.replace(case, related=tuple(other for other in case.related if other not in held))


def releasable(content: Content, day: dt.date) -> tuple[Case, ...]:
    """The held cases that are no drafts and publish on or before `day` (a review's day)."""
    return tuple(case for case in content.held if case.status != "draft" and not is_held(case, day))


def with_released(content: Content, day: dt.date) -> tuple[Content, tuple[Case, ...]]:
    """The published content plus the held cases that publish on or before `day` (a review's
    publication day: `debunk digest --include-held`), and those cases."""
    released = releasable(content, day)
    if not released:
        return content, ()
    cases = tuple(sorted((*content.cases, *released), key=lambda case: (case.date, case.id)))
    ids = {case.id for case in released}
    held = tuple(case for case in content.held if case.id not in ids)
    return dataclasses.replace(content, cases=cases, held=held), released


def held_notes(
    content: Content, selection: Selection, released: Sequence[Case] | None, day: dt.date | None
) -> list[str]:
    """What `debunk digest` says of held cases: those it included (`released`; None when it was
    not asked to), and those it left out."""
    notes = []
    chosen = select_from(released or (), selection)
    if chosen:
        ids = ", ".join(case.id for case in chosen)
        notes.append(f"included {len(chosen)} held case(s) that publish on or before {day}: {ids}")
    left = select_from(content.held, selection)
    if left:
        why = "; ".join(f"{case.id} ({hold_label(case)})" for case in left)
        notes.append(f"left out {len(left)} held case(s): {why}")
        if released is None and any(case.status != "draft" for case in left):
            notes.append("--include-held adds the ones that publish on or before the review's day")
    return notes
