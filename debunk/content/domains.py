"""Outlets by web domain: `domains: [tass.ru, tass.com]` in `vocabularies/outlets.yml`.

Imported data often names an outlet by a link to its article or by its bare domain; the domains an
outlet entry lists let the importer write the outlet's name instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from debunk.content.archives import host_of
from debunk.model import Problem

_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")
_BARE_DOMAIN = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,63}(?:[/?#]\S*)?$", re.IGNORECASE)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)


def address_host(value: str) -> str | None:
    """The host of a URL or bare domain (`https://www.tass.ru/a`, `tass.ru`), without `www.`; else None."""
    text = value.strip()
    if _URL.match(text):
        host = host_of(text)
    elif _BARE_DOMAIN.match(text):
        host = host_of("http://" + text)
    else:
        return None
    return host if _HOST.match(host) else None


def domain_owner(host: str, domains: Mapping[str, str]) -> str | None:
    """The outlet whose listed domain is `host` or a parent domain of it (`en.tass.ru` is `tass.ru`)."""
    parts = host.split(".")
    for start in range(len(parts) - 1):
        owner = domains.get(".".join(parts[start:]))
        if owner is not None:
            return owner
    return None


def read_domains(
    value: object, name: str, where: tuple[str, int, str], owners: dict[str, str], problems: list[Problem]
) -> list[str]:
    """The `domains` of one outlet entry, checked: host names only, none listed twice in the file."""
    rel, line, field = where
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(Problem(rel, line, field, "'domains' must be a list of host names, e.g. [tass.ru]"))
        return []
    good: list[str] = []
    for domain in value:
        host = domain.strip().lower()
        if not _HOST.match(host) or host.startswith("www."):
            message = (
                f"{domain!r} is not a host name; write the domain alone, without 'https://', 'www.' "
                "or a path, e.g. 'tass.ru'"
            )
            problems.append(Problem(rel, line, field, message))
        elif host in owners:
            message = f"domain {host!r} is listed twice (also under {owners[host]!r})"
            problems.append(Problem(rel, line, field, message))
        else:
            owners[host] = name
            good.append(host)
    return good
