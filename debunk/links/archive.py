"""`debunk links archive`: ask the Wayback Machine for a copy of each source that has none, write it in.

The capture goes through waybackpy (its Save Page Now client); the file edit is `debunk.links.edit`,
checked by loading the case again: a file that does not load as before plus the new archive is
put back as it was and reported.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
from waybackpy import WaybackMachineSaveAPI
from waybackpy.exceptions import TooManyRequestsError, WaybackError

from debunk.content.files import write_file
from debunk.content.load import load_case
from debunk.content.vocab import Vocabularies
from debunk.links import WAYBACK_ENV
from debunk.links.edit import EditRefusedError, Insertion, insert_archives
from debunk.model import Case, Severity, Source

WAYBACK_URL = "https://web.archive.org"


class RateLimitedError(RuntimeError):
    """The archive service said "too many requests": stop this run, try the rest on the next."""


@dataclass(frozen=True)
class Wanted:
    """A source of a case with no archived copy."""

    case: Case
    index: int
    """Its position in the case's `sources`."""
    source: Source


@dataclass(frozen=True)
class Outcome:
    """What became of one wanted archive."""

    wanted: Wanted
    status: str
    """'archived', 'would archive' (dry run), 'failed', 'edit by hand' or 'not tried'."""
    detail: str


def wanted_archives(cases: list[Case], skip: frozenset[str] = frozenset()) -> list[Wanted]:
    """Sources without an archive, in case order; `skip` holds urls known to be gone."""
    return [
        Wanted(case, index, source)
        for case in cases
        for index, source in enumerate(case.sources)
        if source.archive is None and source.url not in skip
    ]


def wayback_capture(user_agent: str, endpoint: str | None = None) -> Callable[[str], str]:
    """A function that asks Save Page Now for a capture of a url and returns the archive URL."""
    base = (endpoint or os.environ.get(WAYBACK_ENV) or WAYBACK_URL).rstrip("/")

    def capture(url: str) -> str:
        api = WaybackMachineSaveAPI(url, user_agent=user_agent, max_tries=1)
        # waybackpy builds the request address from a fixed host in __init__; its public
        # `request_url` attribute is what `save()` requests, so a mirror or test stand-in is set here.
        api.request_url = f"{base}/save/{api.url}"
        try:
            return api.save()
        except TooManyRequestsError as exc:
            raise RateLimitedError(str(exc).splitlines()[0]) from exc

    return capture


def archive_sources(
    wanted: list[Wanted],
    root: Path,
    vocabularies: Vocabularies,
    capture: Callable[[str], str],
    interval: float = 5.0,
) -> list[Outcome]:
    """Capture each wanted source and write the archives into their cases; stop at the first rate limit.

    A case's archives are written together, in one edit checked by one reload.
    """
    outcomes: list[Outcome] = []
    limited = ""
    asked = 0
    for group in _by_case(wanted):
        captured: dict[int, str] = {}
        for item in group:
            refusal = _refusal(item)
            if refusal or limited:
                outcomes.append(Outcome(item, "edit by hand" if refusal else "not tried", refusal or limited))
                continue
            if asked and interval:
                time.sleep(interval)
            asked += 1
            try:
                captured[item.index] = capture(item.source.url)
            except RateLimitedError as exc:
                limited = f"rate limited earlier in this run: {exc}"
                outcomes.append(Outcome(item, "failed", f"rate limited: {exc}"))
            except (WaybackError, requests.RequestException, ValueError) as exc:
                message = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"
                outcomes.append(Outcome(item, "failed", message))
        if captured:
            outcomes += write_archives(group[0].case, captured, root, vocabularies)
    return outcomes


def _by_case(wanted: list[Wanted]) -> list[list[Wanted]]:
    groups: dict[str, list[Wanted]] = {}
    for item in wanted:
        groups.setdefault(item.case.path, []).append(item)
    return list(groups.values())


def _refusal(item: Wanted) -> str:
    if f"sources[{item.index}].archive" in item.case.lines:
        return "has an empty 'archive:' field; fill it in by hand"
    if f"sources[{item.index}].url" not in item.case.lines:
        return "the line of its url is not known; edit by hand"
    return ""


def write_archives(
    case: Case, archives: dict[int, str], root: Path, vocabularies: Vocabularies
) -> list[Outcome]:
    """Insert the archive lines, then load the case again; restore the file unless it loads as expected."""
    items = [Wanted(case, index, case.sources[index]) for index in sorted(archives)]
    path = root / case.path
    original = path.read_bytes()
    insertions = [
        Insertion(case.lines[f"sources[{item.index}].url"], item.source.url, archives[item.index])
        for item in items
    ]
    try:
        text = insert_archives(original.decode("utf-8"), insertions)
    except (EditRefusedError, UnicodeDecodeError) as exc:
        return [
            Outcome(item, "edit by hand", f"{exc}; add: archive: {archives[item.index]}") for item in items
        ]
    write_file(path, text)
    reloaded, problems = load_case(path, root, vocabularies)
    if not same_except_archives(case, archives, reloaded):
        write_file(path, original)
        errors = [problem.message for problem in problems if problem.severity is Severity.ERROR]
        why = f" ({errors[0]})" if errors else ""
        message = f"the case did not load back as before{why}; left it as it was. The capture: "
        return [Outcome(item, "edit by hand", message + archives[item.index]) for item in items]
    return [Outcome(item, "archived", archives[item.index]) for item in items]


def same_except_archives(case: Case, archives: dict[int, str], reloaded: Case | None) -> bool:
    """Whether the case loads as before with these sources' archives set (line numbers aside)."""
    if reloaded is None:
        return False
    sources = [
        dataclasses.replace(source, archive=archives[index]) if index in archives else source
        for index, source in enumerate(case.sources)
    ]
    expected = dataclasses.replace(case, sources=tuple(sources), lines={})
    return dataclasses.replace(reloaded, lines={}) == expected
