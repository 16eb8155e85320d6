"""The last link check (`links/report.json`, written by `debunk links check`), read for the pages.

A case page says when the last check found a source's original gone, and then links the
archived copy first. The build only reads the committed file, never the network, so that it
stays offline and reproducible. The file comes in pull requests like any content, so it is
untrusted: only the known statuses are used, dates are parsed, URLs are compared by
`debunk.rules.urls.url_key`, and every bad value is a warning `links/report.json:LINE: field: message`,
never a crash. A missing file is an empty report.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import json.decoder
import json.scanner
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from debunk.content.files import file_stamp
from debunk.model import Problem, Severity
from debunk.rules.urls import url_key, url_problem

if TYPE_CHECKING:
    from debunk.build.previous import Previous

REPORT_FILE = "links/report.json"
VERSION = 1
ROLES = ("source", "archive")
STATUSES = ("alive", "dead", "moved", "soft-404", "mismatch", "unknown-service", "error")
GONE = frozenset({"dead", "soft-404"})
"""The statuses that mean the page is no longer online."""
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HINT = "run 'debunk links check' to write it again"


@dataclass(frozen=True)
class LinkStatus:
    """What the last check found at one address."""

    url: str
    role: str
    """`source` (the original publication) or `archive` (an archived copy)."""
    status: str
    """One of `STATUSES`."""
    checked: dt.date
    """The day this address was checked."""
    cases: tuple[str, ...] = ()
    http_status: int | None = None
    final_url: str | None = None
    note: str = ""

    @property
    def gone(self) -> bool:
        return self.status in GONE


@dataclass(frozen=True)
class LinkReport:
    """Every checked address by role and `url_key`, and the problems of the file."""

    checked: dt.date | None = None
    links: Mapping[tuple[str, str], LinkStatus] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[Problem, ...] = ()

    def status(self, url: str, role: str = "source") -> LinkStatus | None:
        return self.links.get((role, url_key(url)))

    def gone(self, url: str) -> dt.date | None:
        """The day the last check found the original at `url` gone, or None (online or unchecked)."""
        found = self.links.get(("source", url_key(url)))
        return found.checked if found is not None and found.gone else None


def load_link_report(root: Path, previous: Previous | None = None) -> LinkReport:
    """The report under `root`; an empty one when there is none or it cannot be used.

    With `previous`, an unchanged file is not read again: a rebuild gets the same objects."""
    path = root / REPORT_FILE
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return LinkReport()
    except OSError:
        return _refused("cannot be read")
    if stat.S_ISLNK(status.st_mode) or not stat.S_ISREG(status.st_mode):
        return _refused("must be a regular file in the repository, not a link")
    inputs = (str(path), file_stamp(status))
    if previous is None:
        return _read(path)
    found = previous.link_report.recall(inputs)
    return found if found is not None else previous.link_report.keep(inputs, _read(path))


def _refused(why: str) -> LinkReport:
    return LinkReport(problems=(_problem(0, "file", why),))


def _problem(line: int, name: str, message: str) -> Problem:
    return Problem(REPORT_FILE, line, name, message, Severity.WARNING)


def _read(path: Path) -> LinkReport:
    """The report in the file at `path`."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return _refused(f"is not valid UTF-8; {_HINT}")
    except OSError:
        return _refused("cannot be read")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return LinkReport(problems=(_problem(exc.lineno, "file", f"is not valid JSON: {exc.msg}; {_HINT}"),))
    except RecursionError:
        return _refused(f"is nested too deeply to be a link report; {_HINT}")
    return _parse(data, functools.partial(_entry_lines, text))


def _parse(data: object, lines_of: Callable[[], list[int]]) -> LinkReport:
    if not isinstance(data, dict):
        message = f"must be a JSON object with 'version' and 'links'; {_HINT}"
        return LinkReport(problems=(_problem(1, "file", message),))
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        message = f"unsupported version {data.get('version')!r}; this debunk reads version {VERSION}"
        return LinkReport(problems=(_problem(1, "version", message),))
    top: list[tuple[str, str]] = []
    checked = _day(data["checked"], "checked", top) if data.get("checked") is not None else None
    problems = [_problem(1, name, message) for name, message in top]
    entries = data.get("links", [])
    if not isinstance(entries, list):
        problems.append(_problem(1, "links", "must be a list of checked addresses"))
        return LinkReport(checked, problems=tuple(problems))
    links: dict[tuple[str, str], LinkStatus] = {}
    bad: list[tuple[int, str, str]] = []
    for index, entry in enumerate(entries):
        found: list[tuple[str, str]] = []
        link = _entry(entry, f"links[{index}]", found)
        bad.extend((index, name, message) for name, message in found)
        if link is None:
            continue
        key = (link.role, url_key(link.url))
        if key in links:
            message = f"{link.url!r} is listed twice as a {link.role}; the first entry is used"
            bad.append((index, f"links[{index}].url", message))
            continue
        links[key] = link
    if bad:
        lines = lines_of()
        problems.extend(_problem(lines[index] if index < len(lines) else 1, n, m) for index, n, m in bad)
    return LinkReport(checked, MappingProxyType(links), tuple(problems))


def _entry(entry: object, name: str, found: list[tuple[str, str]]) -> LinkStatus | None:
    """One checked address, or None when it cannot be used (each reason in `found`)."""
    if not isinstance(entry, dict):
        found.append((name, "must be an object with 'url', 'role', 'status' and 'checked'"))
        return None
    url, role, status = entry.get("url"), entry.get("role"), entry.get("status")
    if not isinstance(url, str) or _bad_url(url):
        found.append((f"{name}.url", f"{url!r} is not an http(s) address"))
    if role not in ROLES:
        found.append((f"{name}.role", f"unknown role {role!r}; allowed: {', '.join(ROLES)}"))
    if status not in STATUSES:
        found.append((f"{name}.status", f"unknown status {status!r}; allowed: {', '.join(STATUSES)}"))
    checked = _day(entry.get("checked"), f"{name}.checked", found)
    cases = entry.get("cases", [])
    if not isinstance(cases, list) or not all(isinstance(case, str) for case in cases):
        found.append((f"{name}.cases", "must be a list of case ids"))
    code, final, note = entry.get("http_status"), entry.get("final_url"), entry.get("note")
    if code is not None and (not isinstance(code, int) or isinstance(code, bool)):
        found.append((f"{name}.http_status", f"{code!r} is not an HTTP status code"))
    if final is not None and not isinstance(final, str):
        found.append((f"{name}.final_url", f"{final!r} is not an address"))
    if note is not None and not isinstance(note, str):
        found.append((f"{name}.note", f"{note!r} is not text"))
    if found or checked is None or not isinstance(url, str):
        return None
    return LinkStatus(url, str(role), str(status), checked, tuple(cases), code, final, note or "")


def _bad_url(url: str) -> bool:
    problem = url_problem(url)
    return problem is not None and problem[1] is Severity.ERROR


def _day(value: Any, name: str, found: list[tuple[str, str]]) -> dt.date | None:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    found.append((name, f"{value!r} is not a date; write YYYY-MM-DD"))
    return None


def _entry_lines(text: str) -> list[int]:
    """The line of each item of the report's `links`, read again only when one has a problem.

    `json` tells no positions; its pure-Python scanner does, with its array reader wrapped to
    note where each item of an array starts (slower: only for a report with problems).
    """
    items: dict[int, list[int]] = {}
    decoder = json.JSONDecoder()

    def array(s_and_end: tuple[str, int], scan_once: Callable[..., Any], *args: Any) -> tuple[Any, int]:
        starts: list[int] = []

        def scan(string: str, index: int) -> Any:
            starts.append(index)  # JSONArray skips the spaces before an item first
            return scan_once(string, index)

        value, end = json.decoder.JSONArray(s_and_end, scan, *args)  # type: ignore[attr-defined]
        items[id(value)] = starts
        return value, end

    decoder.parse_array = array  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        data = decoder.decode(text)
    except RecursionError:  # nested deeper than this scanner goes: the problems say line 1
        return []
    entries = data.get("links") if isinstance(data, dict) else None
    newlines = [match.start() for match in re.finditer("\n", text)]
    return [bisect_right(newlines, start) + 1 for start in items.get(id(entries), [])]
