"""Fetch one link politely and say what became of it: alive, dead, moved, soft-404 or error.

HEAD first (cheap for the site); GET where HEAD is refused, and a GET of the first 32 KB of an
HTML page that answers, because a "not found" page served with 200 says so only in its text.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NameResolutionError

from debunk.content.archives import embedded_url, host_of
from debunk.rules.urls import url_key

PAGE_START = 32 * 1024
"""How much of a page is read to find a "not found" title: titles sit in the first few KB."""
_NOT_FOUND = re.compile(
    r"page not found|404 not found|error 404|^\W*404\b|\bnot found\W*$|page introuvable|"
    r"seite nicht gefunden|página no encontrada|страница не найдена|сторінку не знайдено",
    re.IGNORECASE,
)
"""Conservative on purpose: a headline may say "not found" in passing; a title ending in it, or
naming the error page, is the site's error page."""
_TITLE = re.compile(r"<(title|h1)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
SHORTENERS = frozenset(
    {"bit.ly", "goo.gl", "ow.ly", "t.co", "tinyurl.com", "on.fb.me", "youtu.be", "is.gd", "buff.ly"}
)
"""Hosts whose links are redirects by design: landing elsewhere is their job, not a move."""
_RETRY_HEAD = frozenset({400, 401, 403, 405, 406, 429, 500, 501, 502, 503})
"""HEAD answers that many servers give HEAD alone: the GET decides."""


@dataclass(frozen=True)
class Outcome:
    """What one fetch found."""

    status: str
    """alive, dead, moved, soft-404 or error."""
    http_status: int | None
    final_url: str | None
    """Where redirects ended, when that is another page than the one asked for."""
    note: str


@dataclass
class HostLimiter:
    """At most one request per host every `interval` seconds, across worker threads."""

    interval: float
    _next: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, url: str) -> None:
        host = host_of(url)
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        if start > now:
            time.sleep(start - now)


def fetch(
    url: str, session: requests.Session, limiter: HostLimiter, timeout: float, read_page: bool = True
) -> Outcome:
    """Fetch `url` (redirects followed) and classify the answer; never raises for network trouble.

    `read_page=False` trusts HEAD's answer: an archived copy does not turn into an error page.
    """
    try:
        limiter.wait(url)
        response = session.head(url, allow_redirects=True, timeout=timeout)
        response.close()
        page = ""
        if response.status_code in _RETRY_HEAD or (read_page and response.ok and _is_html(response)):
            limiter.wait(url)
            response, page = _get(url, session, timeout)
    except requests.Timeout:
        return Outcome("error", None, None, f"no answer within {timeout:g} s")
    except requests.TooManyRedirects:
        return Outcome("error", None, None, "too many redirects")
    except requests.ConnectionError as exc:
        return _connection_failure(exc)
    except requests.RequestException as exc:
        return Outcome("error", None, None, f"request failed: {type(exc).__name__}")
    return classify(url, response.status_code, response.url, page)


def _get(url: str, session: requests.Session, timeout: float) -> tuple[requests.Response, str]:
    with session.get(url, allow_redirects=True, timeout=timeout, stream=True) as response:
        raw = b""
        if response.ok and _is_html(response):
            for chunk in response.iter_content(8192):
                raw += chunk
                if len(raw) >= PAGE_START:
                    break
        return response, raw[:PAGE_START].decode(response.encoding or "utf-8", errors="replace")


def _is_html(response: requests.Response) -> bool:
    return "html" in response.headers.get("Content-Type", "").lower()


def classify(url: str, status: int, final_url: str, page: str) -> Outcome:
    """The class of an HTTP answer; see the README's "Keeping evidence alive" for the rules."""
    final = None if _same_page(url, final_url) else final_url
    if status in {404, 410}:
        return Outcome("dead", status, final, f"HTTP {status}")
    if status >= 400:
        return Outcome("error", status, final, f"HTTP {status}")
    if final is not None and urlsplit(final).path in {"", "/"} and urlsplit(url).path not in {"", "/"}:
        return Outcome("soft-404", status, final, "redirected to the site's home page")
    heading = _not_found_heading(page)
    if heading:
        return Outcome("soft-404", status, final, f"the page says {heading!r}")
    if final is not None and host_of(url) not in SHORTENERS:
        return Outcome("moved", status, final, f"redirected to {final}")
    return Outcome("alive", status, final, f"HTTP {status}")


def _same_page(url: str, final_url: str) -> bool:
    """The same address however written; or, for an archive, a capture of the same address.

    The Wayback Machine redirects a link to the nearest capture's timestamp: same page, not a move.
    """
    if url_key(final_url) == url_key(url):
        return True
    embedded, landed = embedded_url(url), embedded_url(final_url)
    return embedded is not None and landed is not None and url_key(embedded) == url_key(landed)


def _not_found_heading(page: str) -> str:
    """The page's title or first heading when it says "not found", else ''."""
    for match in _TITLE.finditer(page):
        text = " ".join(re.sub(r"<[^>]*>", " ", match.group(2)).split())
        if _NOT_FOUND.search(text):
            return text[:80]
    return ""


def _connection_failure(exc: requests.ConnectionError) -> Outcome:
    """DNS failure and refused connections are dead hosts; anything else (resets, TLS) is retried."""
    for cause in _causes(exc):
        if isinstance(cause, NameResolutionError):
            return Outcome("dead", None, None, "host name does not resolve (DNS)")
        if isinstance(cause, ConnectionRefusedError):
            return Outcome("dead", None, None, "connection refused")
    return Outcome("error", None, None, f"connection failed: {type(exc).__name__}")


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and everything it wraps: requests puts urllib3's reason in args, Python in __context__."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [item for item in current.args if isinstance(item, BaseException)]
        reason = getattr(current, "reason", None)
        todo += [
            item
            for item in (reason, current.__cause__, current.__context__)
            if isinstance(item, BaseException)
        ]
