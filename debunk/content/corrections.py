"""Corrections in the open: a case's `published` date and its `updates:` log, read from the
front matter with every problem at its line (the rules that need today's date or git are in
`debunk.content.dates`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from debunk.content.body import PLACEHOLDER, parse_body
from debunk.content.fields import Reader
from debunk.content.frontmatter import FieldPath, Value
from debunk.content.schema import DATE_PATTERN, MAX_LIST_ITEMS, MAX_NOTE_CHARS, UPDATE_KEYS, UPDATE_KINDS
from debunk.content.vocab import did_you_mean
from debunk.model import Case, Update
from debunk.render.commonmark import inline, render

_DATE = re.compile(DATE_PATTERN)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def day(value: Value | None, path: FieldPath, reader: Reader) -> dt.date | None:
    """A `YYYY-MM-DD` value that is a real calendar day, None (reported) otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        reader.error(path, "must be a date, YYYY-MM-DD, not a list or mapping")
        return None
    if not _DATE.fullmatch(value):
        reader.error(path, f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2022-12-14")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        reader.error(path, f"{value!r} is not a real calendar date")
        return None


def published(meta: dict[str, Value], claim: dt.date | None, reader: Reader) -> dt.date | None:
    """`published`: when the debunk came out, never before the claim it answers."""
    found = day(meta.get("published"), ("published",), reader)
    if found is not None and claim is not None and found < claim:
        reader.error(
            ("published",),
            f"{found.isoformat()!r} is before the claim's date {claim.isoformat()!r}; "
            "a debunk is published on or after the claim",
        )
    return found


def updates(meta: dict[str, Value], since: dt.date | None, reader: Reader) -> tuple[Update, ...]:
    """`updates`: `{date, kind, note}` entries, oldest first, none before `since` (the
    `published` date when the file gives one, else the claim's date)."""
    value = meta.get("updates")
    if value is None:
        return ()
    if not isinstance(value, list):
        reader.error(("updates",), "must be a list of '- date: ..., kind: ..., note: ...' entries")
        return ()
    if len(value) > MAX_LIST_ITEMS:
        reader.error(("updates",), f"has {len(value)} items; the limit is {MAX_LIST_ITEMS}")
    entries: list[Update] = []
    previous: dt.date | None = None
    for index, item in enumerate(value):
        entry = _entry(item, ("updates", index), reader)
        if entry is None:
            continue
        path: FieldPath = ("updates", index, "date")
        if since is not None and entry.date < since:
            what = "the debunk was published" if "published" in meta else "the claim's date"
            reader.error(path, f"{entry.date.isoformat()!r} is before {what} ({since.isoformat()})")
        if previous is not None and entry.date < previous:
            reader.error(
                path,
                f"{entry.date.isoformat()!r} is before the entry above it ({previous.isoformat()}); "
                "list updates oldest first",
            )
        previous = entry.date
        entries.append(entry)
    return tuple(entries)


def _entry(item: Value, path: FieldPath, reader: Reader) -> Update | None:
    """One `{date, kind, note}` entry; every problem of it reported."""
    if not isinstance(item, dict):
        reader.error(path, "must be a mapping with 'date', 'kind' and 'note'")
        return None
    for key in sorted(set(item) - set(UPDATE_KEYS)):
        reader.error(
            (*path, key), f"unknown field {key!r}{did_you_mean(key, UPDATE_KEYS)}; allowed: date, kind, note"
        )
    for key in UPDATE_KEYS:
        if key not in item:
            reader.error(path, f"required field {key!r} is missing")
    date = day(item.get("date"), (*path, "date"), reader)
    kind = item.get("kind")
    if kind is not None and (not isinstance(kind, str) or kind not in UPDATE_KINDS):
        allowed = ", ".join(UPDATE_KINDS)
        shown = repr(kind) if isinstance(kind, str) else "a list or mapping"
        hint = did_you_mean(kind, UPDATE_KINDS) if isinstance(kind, str) else ""
        reader.error((*path, "kind"), f"unknown kind {shown}{hint}; allowed: {allowed}")
        kind = None
    note = _note(item.get("note"), (*path, "note"), reader)
    if date is None or not isinstance(kind, str) or note is None:
        return None
    return Update(date, kind, *note)


def _note(value: Value | None, path: FieldPath, reader: Reader) -> tuple[str, str] | None:
    """A short paragraph of Markdown, checked as a case body is (no raw HTML, safe links), and
    its HTML rendered from the same tokens for the case page (`reader.rel`)."""
    if value is None:
        return None
    if not isinstance(value, str):
        reader.error(path, "must be text (Markdown), not a list or mapping")
        return None
    note = value.strip()
    if not note:
        reader.error(path, "must not be empty: say what changed and why")
        return None
    found = len(reader.problems)
    if len(note) > MAX_NOTE_CHARS:
        reader.error(path, f"is {len(note)} characters long; the limit is {MAX_NOTE_CHARS}")
    if _BLANK_LINE.search(note):
        reader.error(path, "must be one paragraph (no blank line); keep the note short")
    if PLACEHOLDER.search(note):
        reader.error(path, "placeholder text 'TODO' left by 'debunk new'; replace it")
    body = parse_body(note, structured=False)
    for _line, _name, message in body.problems:
        reader.error(path, message)
    if len(reader.problems) != found:
        return None
    return note, inline(render(body.tokens, reader.rel).html)


def newest_updates(cases: Iterable[Case]) -> list[tuple[Case, int, Update]]:
    """Every update of every case as (case, its index in the case's log, update), newest first:
    the `/corrections/` page and its feed."""
    found = [(case, index, update) for case in cases for index, update in enumerate(case.updates)]
    return sorted(found, key=lambda item: (item[2].date, item[0].date, item[0].id, item[1]), reverse=True)


def update_anchor(index: int) -> str:
    """The id of an update on its case page: `update-1` for the first (oldest)."""
    return f"update-{index + 1}"
