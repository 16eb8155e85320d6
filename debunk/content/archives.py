"""Web archive services, as data: which hosts keep archived copies, and under what name.

`vocabularies/archives.yml` lists them (a repository without the file gets debunk's own list,
`debunk/data/archives.yml`). The validator, the importer, the case pages and the link tools all
read this one list: an archive link on a host it names is an archived copy of that service; a
link on any other host is kept and flagged, never dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from debunk.content.frontmatter import FieldPath, Value
from debunk.content.vocabfile import parse_vocabulary_text, read_vocabulary_file
from debunk.model import Problem

ARCHIVES_FILE = "archives.yml"
DEFAULT_ARCHIVES = Path(__file__).parents[1] / "data" / ARCHIVES_FILE
"""debunk's own list, used when a repository has no `vocabularies/archives.yml`."""
_EMBEDDED = re.compile(r"(https?)(?::|%3A)(?:/|%2F){1,2}(.+)$", re.IGNORECASE)
_BARE_AFTER_TIMESTAMP = re.compile(
    r"/[0-9]{4,14}(?:[a-z]{2}_)?/((?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/?].*)?)$", re.I
)
"""`/web/20221215000000/example.org/a` (the Wayback Machine's form without a scheme)."""
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")


@dataclass(frozen=True)
class ArchiveService:
    """One web archive: the name readers see and the hosts its links are on."""

    name: str
    hosts: tuple[str, ...]
    """Lower-case host names; a subdomain of one belongs to the service too."""


@dataclass(frozen=True)
class ArchiveServices:
    """Every archive service a repository knows."""

    services: tuple[ArchiveService, ...] = ()

    def service(self, url: str) -> ArchiveService | None:
        """The service that keeps `url`, or None when its host is not a known archive.

        The host, then each domain above it (`a.web.archive.org`, `web.archive.org`,
        `archive.org`), is looked up in one table: a case page asks for each of its sources
        (40,000 at 20,000 cases), and going through every service's hosts took 60 us a time.
        """
        host = host_of(url)
        while host:
            found = self._by_host.get(host)
            if found is not None:
                return found
            host = host.partition(".")[2]
        return None

    @functools.cached_property
    def _by_host(self) -> dict[str, ArchiveService]:
        table: dict[str, ArchiveService] = {}
        for service in self.services:
            for host in service.hosts:
                table.setdefault(host, service)  # a host listed twice is reported; the first counts
        return table

    def hosts(self) -> tuple[str, ...]:
        return tuple(host for service in self.services for host in service.hosts)


def host_of(url: str) -> str:
    """The lower-case host of `url` without a leading `www.`, or '' when it has none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def embedded_url(archive_url: str) -> str | None:
    """The original address an archive link carries in its path, if it has one.

    Wayback-style links (`https://web.archive.org/web/20221215000000/https://example.org/a`,
    `archive.ph/2022.../https://...`, Archive-It, Arquivo.pt) embed it; short ids (`archive.ph/AbC12`,
    `perma.cc/XXXX-YYYY`) do not. The Wayback Machine also takes the address without its scheme
    after the timestamp (`/web/20221215000000/example.org/a`): read as http://.
    """
    try:
        parts = urlsplit(archive_url.strip())
    except ValueError:
        return None
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    match = _EMBEDDED.search(rest)
    if match is None:
        bare = _BARE_AFTER_TIMESTAMP.search(rest)
        address = f"http://{bare.group(1)}" if bare is not None else ""
        return address if _has_host(address) else None
    encoded = "%" in match.group(0)[len(match.group(1)) : len(match.group(0)) - len(match.group(2))]
    address = unquote(match.group(2)) if encoded else match.group(2)
    return f"{match.group(1).lower()}://{address}" if _has_host(f"http://{address}") else None


def _has_host(url: str) -> bool:
    """A host a source could have (`debunk.rules.urls`): `localhost` or a bare `https://` is no address."""
    return bool(_HOST.match(host_of(url)))


def load_archives(root: Path, problems: list[Problem]) -> ArchiveServices:
    """Read `vocabularies/archives.yml` under `root`, else debunk's own list; problems are collected."""
    path = root / "vocabularies" / ARCHIVES_FILE
    if not path.exists() and not path.is_symlink():
        rel = str(DEFAULT_ARCHIVES)
        parsed = parse_vocabulary_text(DEFAULT_ARCHIVES.read_text(encoding="utf-8"), rel, problems)
    else:
        rel = path.relative_to(root).as_posix()
        parsed = read_vocabulary_file(path, root, problems, not_a_file=("file", "is not a regular file"))
    return ArchiveServices() if parsed is None else _services(*parsed, rel, problems)


def _services(data: Value, lines: dict[FieldPath, int], rel: str, problems: list[Problem]) -> ArchiveServices:
    """The services of a read `archives.yml`; every problem of every entry is reported."""
    if not isinstance(data, list):
        problems.append(Problem(rel, 1, "archives", "must be a list of '- name: ...' entries with 'hosts'"))
        return ArchiveServices()
    services: list[ArchiveService] = []
    owners: dict[str, str] = {}
    for index, entry in enumerate(data):
        service = _service(entry, rel, lines, index, problems)
        if service is None:
            continue
        for number, host in enumerate(service.hosts):
            if host in owners:
                message = f"host {host!r} is listed twice (also under {owners[host]!r}); list it once"
                line = lines.get((index, "hosts", number), lines.get((index,), 0))
                problems.append(Problem(rel, line, f"[{index}].hosts", message))
            owners.setdefault(host, service.name)
        services.append(service)
    return ArchiveServices(tuple(services))


def _service(
    entry: object, rel: str, lines: dict[FieldPath, int], index: int, problems: list[Problem]
) -> ArchiveService | None:
    """One entry; every problem of it is reported, not only the first."""
    line = lines.get((index,), 0)
    if not isinstance(entry, dict):
        problems.append(Problem(rel, line, f"[{index}]", "each entry needs a 'name' and a list of 'hosts'"))
        return None
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        message = "each entry needs a 'name', e.g. 'Wayback Machine'"
        problems.append(Problem(rel, line, f"[{index}].name", message))
    for key in sorted(set(entry) - {"name", "hosts"}):
        message = f"unknown key {key!r}; allowed: 'name', 'hosts'"
        problems.append(Problem(rel, lines.get((index, key), line), f"[{index}].{key}", message))
    hosts = entry.get("hosts")
    if not isinstance(hosts, list) or not hosts or not all(isinstance(host, str) for host in hosts):
        message = "'hosts' must be a list of host names, e.g. [web.archive.org]"
        problems.append(Problem(rel, lines.get((index, "hosts"), line), f"[{index}].hosts", message))
        return None
    good: list[str] = []
    for number, host in enumerate(hosts):
        clean = host.strip().lower().removeprefix("www.")
        if _HOST.match(clean):
            good.append(clean)
        else:
            message = f"{host!r} is not a host name; write it without scheme or path, e.g. 'web.archive.org'"
            where = lines.get((index, "hosts", number), line)
            problems.append(Problem(rel, where, f"[{index}].hosts", message))
    if not isinstance(name, str) or not name.strip() or not good:
        return None
    return ArchiveService(name.strip(), tuple(good))
