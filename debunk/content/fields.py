"""Front-matter fields, one reader each: the value when it is valid, and every problem with
its line (`Reader`). `debunk.content.load` puts them together into cases and narratives."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from debunk.content.body import PLACEHOLDER
from debunk.content.frontmatter import FieldPath, Value, format_path
from debunk.content.schema import (
    DATE_PATTERN,
    FORBIDDEN_KEYS,
    ISSUE_PATTERN,
    MAX_LIST_ITEMS,
    MAX_TERM_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    STATUSES,
    FieldSpec,
)
from debunk.content.vocab import Vocabulary, did_you_mean
from debunk.model import Problem, Severity
from debunk.rules.text import html_problem, lookalike_problems, text_problems
from debunk.rules.urls import url_problem

# The same patterns as the published JSON Schema; always `fullmatch`: in Python `$` also matches
# before a final newline, so `match` would let `abc\n` through.
_DATE = re.compile(DATE_PATTERN)
_ISSUE = re.compile(ISSUE_PATTERN)


@dataclass
class Reader:
    """Problems of one file, with the line of each field at hand."""

    rel: str
    lines: dict[FieldPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: FieldPath) -> int:
        if path == ("file",):
            return 0  # the file as a whole, not one of its lines
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: FieldPath, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.rel, self.line(path), format_path(path), message, severity))

    def warn(self, path: FieldPath, message: str) -> None:
        self.error(path, message, Severity.WARNING)

    @property
    def failed(self) -> bool:
        return any(problem.severity is Severity.ERROR for problem in self.problems)


def check_keys(meta: dict[str, Value], fields: tuple[FieldSpec, ...], reader: Reader) -> None:
    """Forbidden, unknown (with the nearest allowed name) and missing required keys."""
    names = [spec.name for spec in fields]
    for key in meta:
        if key in FORBIDDEN_KEYS and key not in names:
            reader.error((key,), f"{key!r} {FORBIDDEN_KEYS[key]}")
        elif key not in names:
            reader.error(
                (key,), f"unknown field {key!r}{did_you_mean(key, names)}; allowed: {', '.join(names)}"
            )
    for spec in fields:
        if spec.required and spec.name not in meta:
            reader.error((spec.name,), f"required field {spec.name!r} is missing")


def text(meta: dict[str, Value], path: FieldPath, reader: Reader, limit: int = MAX_TITLE_CHARS) -> str | None:
    """A top-level plain-text field (`plain`), None when it is absent or invalid."""
    value = meta.get(str(path[-1])) if len(path) == 1 else None
    return plain(value, path, reader, limit)


def plain(value: Value | None, path: FieldPath, reader: Reader, limit: int = MAX_TITLE_CHARS) -> str | None:
    """A string that is not empty, within `limit`, not a placeholder, and free of hidden
    characters, HTML and look-alike letters (URLs are checked by `url` instead)."""
    if value is None:
        return None
    if not isinstance(value, str):
        reader.error(path, "must be plain text, not a list or mapping")
        return None
    if not value.strip():
        reader.error(path, "must not be empty")
        return None
    if len(value) > limit:
        reader.error(path, f"is {len(value)} characters long; the limit is {limit}")
    if PLACEHOLDER.search(value):
        reader.error(path, f"{value!r} is a placeholder left by 'debunk new'; fill it in")
        return None
    for message in text_problems(value):
        reader.error(path, message)
    if path[-1] not in {"url", "archive"}:
        untrusted_text(value, path, reader)
    return value


def untrusted_text(value: str, path: FieldPath, reader: Reader) -> None:
    """HTML is an error anywhere; a look-alike word is an error in a term, a warning in prose
    (real titles have such typos, e.g. a Cyrillic `у` in `Zelenskyу`)."""
    html = html_problem(value)
    if html:
        reader.error(path, html)
    severity = Severity.WARNING if path[0] in {"title", "summary"} else Severity.ERROR
    for message in lookalike_problems(value):
        reader.error(path, message, severity)


def string_list(meta: dict[str, Value], name: str, reader: Reader) -> list[tuple[int, str]]:
    """(index, value) of every valid string of a list field; reports everything else."""
    value = meta.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        shown = value if isinstance(value, str) else "a mapping"
        reader.error((name,), f"must be a list, e.g. [{shown}]")
        return []
    if len(value) > MAX_LIST_ITEMS:
        reader.error((name,), f"has {len(value)} items; the limit is {MAX_LIST_ITEMS}")
    items = []
    for index, item in enumerate(value):
        if isinstance(item, str) and item in _CLEAN_ITEMS:
            items.append((index, item))
            continue
        found = len(reader.problems)
        text = plain(item, (name, index), reader, MAX_TERM_CHARS)
        if text is not None:
            items.append((index, text))
            if len(reader.problems) == found and len(_CLEAN_ITEMS) < MAX_CLEAN_ITEMS:
                _CLEAN_ITEMS.add(text)
    return items


_CLEAN_ITEMS: set[str] = set()
"""List items that `plain` found nothing wrong with. What it says of an item depends on the
text alone (its path only matters for titles, summaries and URLs, never list items), and the
same few thousand terms recur in every case: each is checked once per process."""
MAX_CLEAN_ITEMS = 100_000


def term(value: str, path: FieldPath, vocabulary: Vocabulary, reader: Reader) -> str | None:
    """The canonical form of a vocabulary value, or None (reported) when it is unknown."""
    match = vocabulary.match(value)
    if match is None:
        hints = {
            "country": "; use an ISO 3166 country name or a region from vocabularies/countries.yml",
            "language": "; use an ISO 639-1 code such as 'en' or 'ru'",
        }
        hint = vocabulary.suggest(value) or hints.get(
            vocabulary.kind, f"; add it to vocabularies/{vocabulary.kind}s.yml if it is new"
        )
        reader.error(path, f"unknown {vocabulary.kind} {value!r}{hint}")
        return None
    if match.alias:
        reader.warn(path, f"{value!r} is another name for {match.canonical!r}; write {match.canonical!r}")
    return match.canonical


def terms(meta: dict[str, Value], name: str, vocabulary: Vocabulary, reader: Reader) -> tuple[str, ...]:
    """The canonical values of a list of vocabulary terms, each once."""
    seen: dict[str, str] = {}
    for index, value in string_list(meta, name, reader):
        canonical = term(value, (name, index), vocabulary, reader)
        if canonical in seen:
            reader.error(
                (name, index), f"{value!r} repeats {seen[canonical]!r}; list each {vocabulary.kind} once"
            )
        elif canonical is not None:
            seen[canonical] = value
    return tuple(seen)


def ids(meta: dict[str, Value], name: str, pattern: re.Pattern[str], reader: Reader) -> tuple[str, ...]:
    """A list of ids (narratives, related cases) matching `pattern`, each once."""
    ids: list[str] = []
    for index, value in string_list(meta, name, reader):
        if not pattern.fullmatch(value):
            reader.error((name, index), f"{value!r} is not an id: lowercase letters, digits and hyphens")
        elif value in ids:
            reader.error((name, index), f"{value!r} is listed twice")
        else:
            ids.append(value)
    return tuple(ids)


def date(meta: dict[str, Value], reader: Reader) -> dt.date | None:
    """`date`: YYYY-MM-DD and a real calendar day."""
    value = text(meta, ("date",), reader)
    if value is None:
        return None
    if not _DATE.fullmatch(value):
        reader.error(("date",), f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2022-12-14")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        reader.error(("date",), f"{value!r} is not a real calendar date")
        return None


def url(value: Value | None, path: FieldPath, reader: Reader) -> str | None:
    """A source or archive URL (`debunk.rules.urls.url_problem`); kept when it only has a warning."""
    address = plain(value, path, reader, MAX_URL_CHARS)
    if address is None:
        return None
    problem = url_problem(address)
    if problem is None:
        return address
    message, severity = problem
    reader.error(path, message, severity)
    return address if severity is Severity.WARNING else None


def issue(meta: dict[str, Value], reader: Reader) -> int | None:
    """`reported_in`: the number of the review issue the case was reported in."""
    value = text(meta, ("reported_in",), reader)
    if value is None:
        return None
    if not _ISSUE.fullmatch(value):
        reader.error(("reported_in",), f"{value!r} is not a review issue number (a whole number from 1)")
        return None
    return int(value)


def status(meta: dict[str, Value], reader: Reader) -> str:
    """`status`: `published` (the default) or `draft`, which keeps the case off the site."""
    value = text(meta, ("status",), reader)
    if value is None or value in STATUSES:
        return value or STATUSES[0]
    hint = did_you_mean(value, STATUSES)
    reader.error(
        ("status",),
        f"unknown status {value!r}{hint}; write 'draft' to keep the case off the site, "
        "or leave the field out to publish it",
    )
    return STATUSES[0]


def publish_on(meta: dict[str, Value], reader: Reader) -> dt.date | None:
    """`publish_on`: YYYY-MM-DD, a real calendar day; the case is held until then."""
    value = text(meta, ("publish_on",), reader)
    if value is None:
        return None
    if not _DATE.fullmatch(value):
        message = f"{value!r} is not a date; write the day it is published, YYYY-MM-DD, e.g. 2026-12-12"
        reader.error(("publish_on",), message)
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        reader.error(("publish_on",), f"{value!r} is not a real calendar date")
        return None
