"""Source and archive URLs as real data has them: repaired when the fix is unambiguous.

A source URL that is not a URL at all is kept out (and reported); an archive link on a host that is
not a known web archive (`vocabularies/archives.yml`) is kept, with a note for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from debunk.content.archives import ArchiveServices, host_of
from debunk.model import Severity
from debunk.rules.urls import url_problem

_SCHEME = re.compile(r"^(?:h?ttps?|hxxps?):/+", re.IGNORECASE)
_BARE_HOST = re.compile(r"^(?:www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/|$))", re.IGNORECASE)
_URI = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
"""Another scheme (`ftp:`, `data:`): the URL rules say what is wrong with it."""
_GLUED = re.compile(r"^(?:https?://)?(web\.archive\.org|archive\.org)(https?:/*.*)$", re.IGNORECASE)
_SAVE = re.compile(r"^https?://web\.archive\.org/save/(.+)$", re.IGNORECASE)


@dataclass
class Link:
    """A cleaned URL (None when it cannot be used), what was fixed, and why it was kept out."""

    url: str | None
    fixes: list[str] = field(default_factory=list)
    problem: str | None = None
    note: str | None = None
    """Something to flag about a URL that is kept (an archive link on an unknown host)."""


def _scheme(text: str, link: Link) -> str:
    match = _SCHEME.match(text)
    if match is not None:
        scheme = "https" if "s" in match.group(0).lower().split(":")[0] else "http"
        fixed = f"{scheme}://{text[match.end() :]}"
        if fixed != text:
            link.fixes.append(f"scheme of {text!r} written as {scheme}://")
        return fixed
    if _BARE_HOST.match(text):
        link.fixes.append(f"added the missing scheme http:// to {text!r}")
        return "http://" + text
    return text


def _host_ascii(text: str, link: Link) -> str:
    parts = urlsplit(text)
    host = parts.hostname or ""
    if host.isascii():
        return text
    try:
        encoded = host.encode("idna").decode("ascii")
    except UnicodeError:
        return text
    netloc = parts.netloc.replace(parts.netloc.rsplit("@", 1)[-1].split(":")[0], encoded)
    link.fixes.append(f"host {host!r} written in ASCII as {encoded!r}")
    return urlunsplit(parts._replace(netloc=netloc))


def _printable(value: str) -> str:
    return "".join(ch for ch in value if ch.isprintable() or ch.isspace()).strip()


def clean_url(value: str) -> Link:
    """A source URL: spaces, missing or mistyped schemes and non-ASCII hosts fixed."""
    text = _printable(value)
    link = Link(None)
    if not text:
        return link
    if text != value.strip(" "):
        link.fixes.append(f"removed invisible characters or spaces around {value!r}")
    text = _scheme(text, link)
    if any(ch.isspace() for ch in text):
        link.fixes.append(f"spaces in {text!r} encoded as %20")
        text = re.sub(r"\s", "%20", text)
    text = _host_ascii(text, link)
    problem = url_problem(text)
    if problem is not None and problem[1] is Severity.ERROR:
        link.problem = problem[0]
        return link
    link.url = text
    return link


def _has_host(url: str) -> bool:
    try:
        return bool(urlsplit(url).hostname) and not any(ch.isspace() for ch in url)
    except ValueError:
        return False


def clean_archive(value: str, services: ArchiveServices) -> Link:
    """An archive URL: `web.archive.orghttps://...` and `/save/` links repaired; a link on a host that
    is not a known web archive is kept with a note (it may be a service the list lacks)."""
    text = _printable(value)
    glued = _GLUED.match(text)
    if glued is not None:
        target = clean_url(glued.group(2))
        # the Wayback Machine keeps pages a source may not name (an IP address): the copy still counts
        address = target.url or (glued.group(2) if _has_host(glued.group(2)) else None)
        if address is None:
            return Link(None, problem=f"malformed archive link {text!r}: the archived address is unreadable")
        repaired = f"https://web.archive.org/web/{address}"
        problem = url_problem(repaired)
        if problem is not None and problem[1] is Severity.ERROR:
            return Link(None, problem=f"malformed archive link {text!r} cannot be repaired: {problem[0]}")
        return Link(repaired, [f"malformed archive link {text!r} repaired as {repaired!r}"])
    if not _SCHEME.match(text) and not _BARE_HOST.match(text) and not _URI.match(text):
        return Link(None, problem="it is not a URL")
    link = clean_url(text)
    if link.url is None:
        return Link(None, problem=link.problem or "it is not a URL")
    save = _SAVE.match(link.url)
    if save is not None:
        link.url = f"https://web.archive.org/web/{save.group(1)}"
        link.fixes.append(f"archive 'save' link {text!r} written as the capture link {link.url!r}")
    if services.service(link.url) is None:
        link.note = (
            f"the archive link {link.url!r} is not on a known web archive (host {host_of(link.url)!r}); "
            "kept. If it is one, add the service to vocabularies/archives.yml"
        )
    return link
