"""Markdown to sanitised HTML for generated pages: in parallel, and cached by content.

MkDocs renders one page at a time with a fresh Markdown instance per page. For thousands of
generated pages this module does the work once: each page's HTML (and table of contents) is
stored under a key made of everything that decides it (the Markdown, the page's location,
the Markdown extensions and the code of this module and the sanitiser), so an unchanged page
costs a file read, and a changed input always misses. Misses are rendered on every core.
"""

from __future__ import annotations

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

from debunk import sanitize
from debunk.pagecache import write_atomic

PARALLEL_THRESHOLD = 200
"""Below this many pages to render, a process pool costs more than it saves."""
_CODE = hashlib.sha256(Path(__file__).read_bytes() + Path(sanitize.__file__).read_bytes()).hexdigest()
_MD_LINK = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^?#]*\.md)(#.*)?$")


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

    @property
    def key(self) -> str:
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
    relative = posixpath.relpath(there, here)
    relative = "./" if relative == "." else relative + "/"
    return relative + (match.group(2) or "")


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

    def __init__(self, extensions: Extensions) -> None:
        self.md = markdown.Markdown(extensions=list(extensions.names), extension_configs=extensions.configs)
        self.links = _Links(self.md)
        self.md.treeprocessors.register(self.links, "debunk_links", 1)

    def render(self, src_uri: str, text: str) -> Rendered:
        self.md.reset()
        self.links.src_uri = src_uri
        html = sanitize.sanitize_html(self.md.convert(text))
        return Rendered(html, list(getattr(self.md, "toc_tokens", [])))


_worker: _Renderer | None = None


def _init_worker(extensions: Extensions) -> None:
    global _worker  # noqa: PLW0603 - one renderer per worker process
    _worker = _Renderer(extensions)


def _render_in_worker(item: tuple[str, str]) -> Rendered:
    assert _worker is not None
    return _worker.render(*item)


def cache_key(src_uri: str, text: str, extensions: Extensions) -> str:
    """Everything that decides a page's HTML, hashed."""
    parts = (_CODE, extensions.key, src_uri, text)
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
        path = self._path(key)
        return key in self._memory if path is None else path.is_file()

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


def render_pages(
    pages: Sequence[tuple[str, str]], extensions: Extensions, cache: RenderCache, workers: int | None = None
) -> dict[str, str]:
    """Make sure every (src_uri, markdown) pair is rendered into `cache`; {src_uri: its key}.

    Misses are rendered on every core and stored as they arrive (never all held at once).
    """
    keys: dict[str, str] = {}
    missing: list[tuple[str, str, str]] = []
    for src_uri, text in pages:
        key = keys[src_uri] = cache_key(src_uri, text, extensions)
        if not cache.has(key):
            missing.append((key, src_uri, text))
    cache.misses += len(missing)
    cache.hits += len(keys) - len(missing)
    items = [(src_uri, text) for _key, src_uri, text in missing]
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and len(items) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(count, initializer=_init_worker, initargs=(extensions,)) as pool:
            results = pool.map(_render_in_worker, items, chunksize=64)
            for (key, _src_uri, _text), page in zip(missing, results, strict=True):
                cache.put(key, page)
    else:
        renderer = _Renderer(extensions)
        for key, src_uri, text in missing:
            cache.put(key, renderer.render(src_uri, text))
    return keys
