"""Link results: the dated cache, the committed `links/report.json`, the JSON report and the table."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATUSES = ("alive", "dead", "moved", "soft-404", "mismatch", "unknown-service", "error")
PROBLEMS = tuple(status for status in STATUSES if status != "alive")
REPORT_FILE = "links/report.json"
CACHE_FILE = "links.json"
VERSION = 1


@dataclass(frozen=True)
class LinkResult:
    """What became of one link, the last time it was checked."""

    url: str
    role: str
    """'source' or 'archive'."""
    cases: tuple[str, ...]
    """Ids of the cases that cite it, sorted."""
    status: str
    """One of STATUSES."""
    http_status: int | None
    final_url: str | None
    checked: dt.date
    note: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.url, self.role)


def to_json(result: LinkResult) -> dict[str, Any]:
    return {
        "url": result.url,
        "role": result.role,
        "cases": list(result.cases),
        "status": result.status,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "checked": result.checked.isoformat(),
        "note": result.note,
    }


def from_json(item: dict[str, Any]) -> LinkResult | None:
    """One entry of a report or cache; None when it is not in this version's shape."""
    try:
        status, role = str(item["status"]), str(item["role"])
        http = item["http_status"]
        if status not in STATUSES or role not in {"source", "archive"} or not isinstance(http, int | None):
            return None
        return LinkResult(
            url=str(item["url"]),
            role=role,
            cases=tuple(str(case) for case in item["cases"]),
            status=status,
            http_status=http,
            final_url=None if item["final_url"] is None else str(item["final_url"]),
            checked=dt.date.fromisoformat(str(item["checked"])),
            note=str(item["note"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def render(results: Iterable[LinkResult], checked: dt.date) -> str:
    """The report as text: one link a line, sorted by url then role, so weekly diffs stay small."""
    ordered = sorted(results, key=lambda result: result.key)
    lines = [json.dumps(to_json(result), ensure_ascii=False) for result in ordered]
    head = f'{{"version": {VERSION}, "checked": "{checked.isoformat()}",\n "links": ['
    return head + ("\n  " + ",\n  ".join(lines) + "\n" if lines else "") + "]}\n"


def read_results(path: Path) -> dict[tuple[str, str], LinkResult]:
    """The results in a report or cache file; an absent, unreadable or older file gives none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("version") != VERSION
        or not isinstance(data.get("links"), list)
    ):
        return {}
    results = (from_json(item) for item in data["links"] if isinstance(item, dict))
    return {result.key: result for result in results if result is not None}


def table(results: Iterable[LinkResult], case_paths: dict[str, str]) -> str:
    """The problems for the terminal, grouped by status, each with the files of the cases citing it."""
    by_status: dict[str, list[LinkResult]] = {}
    counts = dict.fromkeys(STATUSES, 0)
    for result in sorted(results, key=lambda result: result.key):
        counts[result.status] += 1
        if result.status != "alive":
            by_status.setdefault(result.status, []).append(result)
    out: list[str] = []
    for status in PROBLEMS:
        if status not in by_status:
            continue
        out.append(f"{status} ({len(by_status[status])})")
        for result in by_status[status]:
            where = ", ".join(case_paths.get(case, case) for case in result.cases)
            out.append(f"  {result.role:<7} {result.url}  [{result.note}]  {where}")
        out.append("")
    out.append(", ".join(f"{counts[status]} {status}" for status in STATUSES))
    return "\n".join(out)
