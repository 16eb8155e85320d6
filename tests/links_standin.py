"""Stand-ins on 127.0.0.1 for the web the link tools talk to: source sites and Save Page Now.

`SourceSites` answers for every host name (it reads the Host header, or the absolute URL a client
sends to a proxy): the path says what the page does. `LocalAdapter` is a requests transport that
sends every host to it, so that cases can keep real-looking `https://name.example/...` addresses
(the validator accepts no IP addresses). `Wayback` plays Save Page Now: what it answers depends on
the address asked for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

SLOW_SECONDS = 2.0
NOT_FOUND_PAGE = b"<html><head><title>Page not found | Harbour Herald</title></head><body>Sorry</body></html>"
ARTICLE = b"<html><head><title>Storm turbines</title></head><body><h1>Storm turbines</h1></body></html>"


@dataclass
class Seen:
    """Every request a stand-in answered: method, host, path, User-Agent."""

    requests: list[tuple[str, str, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, method: str, host: str, path: str, agent: str) -> None:
        with self.lock:
            self.requests.append((method, host, path, agent))


class _Handler(BaseHTTPRequestHandler):
    seen: Seen
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test asserts on `seen` instead."""

    def _target(self) -> tuple[str, str]:
        parts = urlsplit(self.path)  # absolute when the client treats us as its proxy
        host = (parts.hostname or self.headers.get("Host", "")).split(":")[0]
        return host, parts.path + (f"?{parts.query}" if parts.query else "")

    def _send(self, status: int, body: bytes = b"", headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _SourceHandler(_Handler):
    def do_HEAD(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        host, path = self._target()
        self.seen.add(self.command, host, path, self.headers.get("User-Agent", ""))
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path.startswith("/gone"):
            self._send(404, b"gone", html)
        elif path.startswith("/removed"):
            self._send(410, b"removed", html)
        elif path.startswith("/moved"):
            self._send(301, headers={"Location": f"http://{host}/new-home-of-the-article"})
        elif path.startswith("/to-home"):
            self._send(302, headers={"Location": "/"})
        elif path.startswith("/slow"):
            time.sleep(SLOW_SECONDS)
            self._send(200, ARTICLE, html)
        elif path.startswith("/soft"):
            self._send(200, NOT_FOUND_PAGE, html)
        elif path.startswith("/no-head") and self.command == "HEAD":
            self._send(405, headers={"Allow": "GET"})
        elif path.startswith("/broken"):
            self._send(503, b"down", html)
        else:
            self._send(200, ARTICLE, html)


class _WaybackHandler(_Handler):
    def do_GET(self) -> None:
        _, path = self._target()
        self.seen.add("GET", "wayback", path, self.headers.get("User-Agent", ""))
        target = path.removeprefix("/save/")
        if not path.startswith("/save/"):
            self._send(404)
        elif "rate-limit" in target:
            self._send(429, b"Too many requests")
        elif "capture-fails" in target:
            self._send(500, b"Internal error")
        else:
            stamp = "20261206120000"
            memento = f"https://web.archive.org/web/{stamp}/{target}"
            # The shape of the real service's Link header, which waybackpy reads the capture from.
            when = 'datetime="Sun, 06 Dec 2026 12:00:00 GMT"'
            link = (
                f'<{target}>; rel="original", <{memento}>; rel="memento"; {when}, '
                f'<{memento}>; rel="last memento"; {when}'
            )
            self._send(200, b"<html>saved</html>", {"Link": link, "Content-Type": "text/html"})


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # a check opens many connections at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client closing a kept-alive connection is not the stand-in's concern."""


@contextmanager
def _serve(handler: type[_Handler]) -> Iterator[tuple[int, Seen]]:
    seen = Seen()
    bound = type(handler.__name__, (handler,), {"seen": seen})
    server = _Server(("127.0.0.1", 0), bound)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def source_sites() -> Any:
    """A stand-in for every source site: (port, seen)."""
    return _serve(_SourceHandler)


def wayback() -> Any:
    """A stand-in for Save Page Now: (port, seen)."""
    return _serve(_WaybackHandler)


class LocalAdapter(HTTPAdapter):
    """A requests transport that sends every host to 127.0.0.1:`port` (hosts in `refused` to a closed port).

    The request keeps its host in the Host header and the response its original URL, so redirects,
    rate limits and results are what they would be on the real hosts.
    """

    def __init__(self, port: int, closed_port: int, refused: frozenset[str] = frozenset()) -> None:
        super().__init__(max_retries=0)
        self.port, self.closed_port, self.refused = port, closed_port, refused

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        parts = urlsplit(request.url or "")
        host = parts.hostname or ""
        port = self.closed_port if host in self.refused else self.port
        local = request.copy()
        local.url = f"http://127.0.0.1:{port}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
        local.headers["Host"] = host
        response = super().send(local, *args, **kwargs)
        response.url, response.request = request.url or "", request
        return response


def local_session(port: int, closed_port: int, refused: frozenset[str] = frozenset()) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the machine's environment
    adapter = LocalAdapter(port, closed_port, refused)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
