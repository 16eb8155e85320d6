"""`debunk links check`: which links to fetch this run, fetching them concurrently, merging with the cache."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

from debunk.content.archives import ArchiveServices, embedded_url, host_of
from debunk.links.fetch import HostLimiter, fetch
from debunk.links.report import LinkResult
from debunk.model import Case
from debunk.rules.urls import url_key

EVERY_RUN = frozenset({"dead", "soft-404", "error"})
"""Statuses checked again on every run: a dead page may come back, an error may have been passing."""


@dataclass(frozen=True)
class Link:
    """One address to check, with every case that cites it in that role."""

    url: str
    role: str
    cases: tuple[str, ...]
    static: tuple[str, str] | None = None
    """(status, note) known without fetching: an archive of another page, or on no known service."""


@dataclass(frozen=True)
class CheckOptions:
    """How politely and how often links are fetched."""

    user_agent: str
    concurrency: int = 8
    per_host_interval: float = 1.0
    """Seconds between two requests to one host."""
    timeout: float = 20.0
    max_age: int = 7
    """Days after which a source that answered is checked again."""
    archive_max_age: int = 90
    """The same for archived copies: they do not change, and archive hosts carry most links."""
    check_all: bool = False


def user_agent(organisation: str, organisation_url: str, version: str) -> str:
    """Names debunk and the publication, so a site owner knows who checks their pages and why."""
    return f"debunk-links/{version} (+{organisation_url}; link check for {organisation})"


def collect_links(cases: Iterable[Case], services: ArchiveServices) -> list[Link]:
    """Every source and archive address of `cases`, once per (url, role), sorted."""
    cited: dict[tuple[str, str], set[str]] = {}
    static: dict[tuple[str, str], tuple[str, str]] = {}
    for case in cases:
        for source in case.sources:
            cited.setdefault((source.url, "source"), set()).add(case.id)
            if source.archive is None:
                continue
            key = (source.archive, "archive")
            cited.setdefault(key, set()).add(case.id)
            problem = archive_problem(source.url, source.archive, services)
            if problem is not None:
                static.setdefault(key, problem)
    return [
        Link(url, role, tuple(sorted(ids)), static.get((url, role)))
        for (url, role), ids in sorted(cited.items())
    ]


def archive_problem(source: str, archive: str, services: ArchiveServices) -> tuple[str, str] | None:
    """Why an archive link cannot be the copy of `source` it claims to be, if it cannot."""
    if services.service(archive) is None:
        return ("unknown-service", "not on an archive service listed in vocabularies/archives.yml")
    embedded = embedded_url(archive)
    if embedded is not None and url_key(embedded) != url_key(source):
        return ("mismatch", f"archives {embedded}, not the source")
    return None


def is_due(previous: LinkResult | None, today: dt.date, options: CheckOptions) -> bool:
    """Whether a link is fetched this run: new, failing, or last answered `max_age` days ago or more."""
    if options.check_all or previous is None or previous.status in EVERY_RUN:
        return True
    max_age = options.archive_max_age if previous.role == "archive" else options.max_age
    return (today - previous.checked).days >= max_age


def check_links(
    links: list[Link],
    cache: dict[tuple[str, str], LinkResult],
    options: CheckOptions,
    today: dt.date,
    session_factory: Callable[[], requests.Session] = requests.Session,
) -> list[LinkResult]:
    """A result for every link: static problems, fresh cache entries, and fetches of the rest."""
    results: dict[tuple[str, str], LinkResult] = {}
    due: list[Link] = []
    for link in links:
        previous = cache.get((link.url, link.role))
        if link.static is not None:
            results[(link.url, link.role)] = LinkResult(
                link.url, link.role, link.cases, link.static[0], None, None, today, link.static[1]
            )
        elif previous is not None and not is_due(previous, today, options):
            results[(link.url, link.role)] = LinkResult(
                link.url,
                link.role,
                link.cases,
                previous.status,
                previous.http_status,
                previous.final_url,
                previous.checked,
                previous.note,
            )
        else:
            due.append(link)
    local = threading.local()
    limiter = HostLimiter(options.per_host_interval)
    sessions: list[requests.Session] = []

    def check_one(link: Link) -> LinkResult:
        if not hasattr(local, "session"):
            local.session = session_factory()
            local.session.headers["User-Agent"] = options.user_agent
            sessions.append(local.session)
        outcome = fetch(link.url, local.session, limiter, options.timeout, read_page=link.role == "source")
        return LinkResult(
            link.url,
            link.role,
            link.cases,
            outcome.status,
            outcome.http_status,
            outcome.final_url,
            today,
            outcome.note,
        )

    try:
        with ThreadPoolExecutor(max_workers=max(1, options.concurrency)) as pool:
            for result in pool.map(check_one, interleave(due)):
                results[result.key] = result
    finally:
        for session in sessions:
            session.close()
    return [results[key] for key in sorted(results)]


def interleave(links: list[Link]) -> list[Link]:
    """One link of each host in turn, so that workers are not all waiting on one host's rate limit."""
    by_host: dict[str, list[Link]] = {}
    for link in links:
        by_host.setdefault(host_of(link.url), []).append(link)
    queues = [by_host[host] for host in sorted(by_host)]
    ordered: list[Link] = []
    for round_ in range(max((len(queue) for queue in queues), default=0)):
        ordered.extend(queue[round_] for queue in queues if round_ < len(queue))
    return ordered
