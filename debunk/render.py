"""Markdown to sanitised HTML for generated pages: in parallel, and cached by content.

MkDocs renders one page at a time with a fresh Markdown instance per page. For thousands of
generated pages this module does the work once: each page's HTML (and table of contents) is
stored under a key made of everything that decides it (the Markdown, the page's location,
the Markdown extensions and the code of this module and the sanitiser), so an unchanged page
costs a file read, and a changed input always misses. Misses are rendered on every core.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from debunk import mdescape, own_lists, sanitize
from debunk.pagecache import write_atomic
from debunk.progress import Report, track

PARALLEL_THRESHOLD = 200
"""Below this many pages to render, a process pool costs more than it saves."""
_CODE = hashlib.sha256(
    b"".join(Path(module.__file__ or "").read_bytes() for module in (own_lists, mdescape, sanitize))
    + Path(__file__).read_bytes()
).hexdigest()
_MD_LINK = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^?#]*\.md)(#.*)?$")


Page = tuple[str, str, int | None]
"""(src_uri, Markdown, where debunk's own Markdown starts or None: see `_Renderer.render`)."""


@dataclass(frozen=True)
class Rendered:
    """The HTML of a page and its table of contents (Python-Markdown's toc tokens)."""

    html: str
    toc: list[dict[str, Any]]


@dataclass(frozen=True)
class Extensions:
    """The Markdown extensions and their options, as in mkdocs.yml."""

    names: tuple[str, ...]
    configs: dict[str, dict[str, Any]]

    @functools.cached_property
    def key(self) -> str:
        """The names and options as one string (once: it is part of every page's key)."""
        return json.dumps([self.names, self.configs], sort_keys=True, default=str)


def page_url(src_uri: str) -> str:
    """`a/b.md` -> `a/b/`, `a/index.md` -> `a/`, `index.md` -> `` (directory URLs)."""
    stem = src_uri.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def url_of_link(href: str, src_uri: str) -> str:
    """A relative `.md` link as written in a page's Markdown -> a relative directory URL."""
    match = _MD_LINK.match(href)
    if match is None:
        return href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), match.group(1)))
    here = page_url(src_uri) or "."
    there = page_url(target) or "."
    relative = relative_path(there, here)
    relative = "./" if relative == "." else relative + "/"
    return relative + (match.group(2) or "")


_UNUSUAL = frozenset({"", ".", ".."})


def relative_path(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` without its two `abspath` calls in the usual case (both
    relative and normalised, neither going up: every link between generated pages)."""
    there = [] if path == "." else path.rstrip("/").split("/")
    here = [] if start == "." else start.rstrip("/").split("/")
    if not _UNUSUAL.isdisjoint(there + here):  # absolute, `//`, `.` or `..` inside
        return posixpath.relpath(path, start)
    common = 0
    while common < len(there) and common < len(here) and there[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


class _Links(Treeprocessor):
    """Rewrites `.md` links the way MkDocs would, for the page being rendered."""

    src_uri = "index.md"

    def run(self, root: Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            if href:
                element.set("href", url_of_link(href, self.src_uri))


class _Renderer:
    """One Markdown instance reused for many pages (MkDocs builds one per page)."""

    def __init__(self, extensions: Extensions, own: bool = True) -> None:
        self.own = own_lists.OwnLists() if own and own_lists.usable(extensions.names) else None
        self.md = markdown.Markdown(
            extensions=[*extensions.names, *([self.own] if self.own else [])],
            extension_configs=extensions.configs,
        )
        self.links = _Links(self.md)
        self.md.treeprocessors.register(self.links, "debunk_links", 1)

    def render(self, src_uri: str, text: str, generated_from: int | None = None) -> Rendered:
        """`generated_from`: where the Markdown that debunk wrote alone starts (`debunk.own_lists`)."""
        self.md.reset()
        self.links.src_uri = src_uri
        if self.own is not None:
            self.own.generated(text, generated_from)
        html = sanitize.sanitize_html(self.md.convert(text))
        return Rendered(html, list(getattr(self.md, "toc_tokens", [])))


_worker: _Renderer | None = None
_worker_cache: RenderCache | None = None


def _init_worker(extensions: Extensions, directory: Path | None = None) -> None:
    global _worker, _worker_cache  # noqa: PLW0603 - one renderer per worker process
    _worker = _Renderer(extensions)
    _worker_cache = RenderCache(directory) if directory is not None else None


def _render_in_worker(item: tuple[str, Page]) -> Rendered | None:
    """Render a page under its key; with a cache folder, store it there and send nothing back
    (30,000 pages at 20,000 cases: the parent then neither receives nor writes them on the
    cores the workers need)."""
    assert _worker is not None
    rendered = _worker.render(*item[1])
    if _worker_cache is None:
        return rendered
    _worker_cache.put(item[0], rendered)
    return None


def cache_key(src_uri: str, text: str, extensions: Extensions, generated_from: int | None = None) -> str:
    """Everything that decides a page's HTML, hashed."""
    parts = (_CODE, extensions.key, src_uri, str(generated_from), text)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


@dataclass
class RenderCache:
    """Rendered pages by key: on disk, one JSON file per key, or in memory without a directory.

    Pages are read back only when a page is actually put together, so a build whose finished
    pages are all cached (`debunk.pagecache`) never loads their HTML.
    """

    directory: Path | None
    hits: int = 0
    misses: int = 0
    _memory: dict[str, Rendered] = field(default_factory=dict, repr=False)

    def _path(self, key: str) -> Path | None:
        return None if self.directory is None else self.directory / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        if self.directory is None:
            return key in self._memory
        # A string, not `_path`: this runs for all 30,000 pages of every build (0.8 s as `Path`s).
        return os.path.isfile(f"{self.directory}/{key[:2]}/{key}.json")  # noqa: PTH113

    def get(self, key: str) -> Rendered | None:
        path = self._path(key)
        if path is None:
            return self._memory.get(key)
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return Rendered(data["html"], data["toc"])

    def put(self, key: str, rendered: Rendered) -> None:
        path = self._path(key)
        if path is None:
            self._memory[key] = rendered
        else:
            write_atomic(path, json.dumps({"html": rendered.html, "toc": rendered.toc}).encode("utf-8"))


_last_keys: dict[str, tuple[str, int | None, str, str]] = {}
"""{src_uri: (Markdown, generated_from, extensions' key, cache key)} of the last call: a page
whose Markdown is the very same string as last time (`debunk.pages.memo` reuses unchanged
pages in `mkdocs serve` rebuilds) is not hashed again."""


def _key(src_uri: str, text: str, extensions: Extensions, generated_from: int | None) -> str:
    last = _last_keys.get(src_uri)
    if last is not None and last[0] is text and last[1] == generated_from and last[2] == extensions.key:
        return last[3]
    return cache_key(src_uri, text, extensions, generated_from)


def render_pages(
    pages: Sequence[Page],
    extensions: Extensions,
    cache: RenderCache,
    workers: int | None = None,
    report: Report | None = None,
) -> dict[str, str]:
    """Make sure every page (`Page`) is rendered into `cache`; {src_uri: its key}.

    Misses are rendered on every core and stored as they arrive (never all held at once).
    """
    global _last_keys  # noqa: PLW0603 - one remembered set of keys per process
    keys: dict[str, str] = {}
    remembered: dict[str, tuple[str, int | None, str, str]] = {}
    missing: list[tuple[str, Page]] = []
    for page in pages:
        key = keys[page[0]] = _key(page[0], page[1], extensions, page[2])
        remembered[page[0]] = (page[1], page[2], extensions.key, key)
        if not cache.has(key):
            missing.append((key, page))
    _last_keys = remembered
    cache.misses += len(missing)
    cache.hits += len(keys) - len(missing)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and len(missing) >= PARALLEL_THRESHOLD:
        setup = (extensions, cache.directory)
        with ProcessPoolExecutor(count, initializer=_init_worker, initargs=setup) as pool:
            results = track(
                pool.map(_render_in_worker, missing, chunksize=64), len(missing), "rendering", report
            )
            for (key, _page), rendered in zip(missing, results, strict=True):
                if rendered is not None:  # None: the worker stored it
                    cache.put(key, rendered)
    else:
        renderer = _Renderer(extensions)
        for key, page in track(missing, len(missing), "rendering", report):
            cache.put(key, renderer.render(*page))
    return keys
