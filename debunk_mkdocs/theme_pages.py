"""The generated pages outside the navigation, put through the theme by debunk, not MkDocs' loop.

MkDocs renders every page through the whole theme, one page at a time, on every build and
every `mkdocs serve` rebuild; with mkdocs-material that is about 4 ms a page, and a
20,000-case site has some 30,000 case, term and narrative pages. This module does the same
work (a MkDocs `Page`, the same template, the context from MkDocs' own `get_context`, the
same `page_context` and `post_page` events) with these savings:

1. The theme's navigation, tabs and footer are identical on every page outside the navigation
   from which the navigation's links are the same (same depth, same section) and on which what
   they read is equal: each is rendered once per such group and reused (`debunk_mkdocs.chrome`).
   Beyond them, only the template's blocks that show the page are rendered per page, into a
   frame of the rest rendered once per group (`debunk_mkdocs.frames`, `debunk_mkdocs.framing`),
   and the frame's whitespace is collapsed once.
2. Finished pages are cached on disk (`debunk.build.pagecache`) under a digest of everything that
   decides them: the page's data, body, URL and title, and the site's configuration,
   navigation, templates and theme version. An unchanged page costs a file copy.
3. Pages that miss the cache are rendered on every core (forked workers).
4. A `mkdocs serve` rebuild moves back, from the last build's files, each page this process
   wrote to the same address under the same key (`debunk_mkdocs.trash.OldSite`): a rename, not a copy;
   in a folder that held only such pages (`cases/`), it leaves them where they are.

The pages in the navigation (home, indexes, search, data, about) stay with MkDocs. When another
plugin handles page events, the generated pages stay with MkDocs too, so that the plugin sees
them. `DEBUNK_THEME_PAGES=mkdocs` does the same on demand; `tests/test_theme_pages.py` builds
the site both ways and compares every byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from debunk.build import workers
from debunk.build.pagecache import PageCache, stable_json
from debunk.build.run import page_meta
from debunk.build.written import Stamp, file_stamp
from debunk.render.html import Rendered
from debunk_mkdocs.chrome import ThemeEnv
from debunk_mkdocs.framing import Framer
from debunk_mkdocs.state import Current, PageKeys, Served
from debunk_mkdocs.theme_keys import ThemePage, page_keys, site_key, sitemap_urls, template_name
from debunk_mkdocs.trash import OldSite


@dataclass
class ThemePages:
    """One build's pages outside the navigation, and how to put each through the theme."""

    config: MkDocsConfig
    nav: Navigation
    env: jinja2.Environment
    files: Files
    pages: list[ThemePage]
    bodies: Mapping[str, str]
    """{src_uri: key of the page's rendered Markdown}."""
    body: Callable[[str], Rendered | None]
    """The rendered Markdown of a page, by src_uri."""
    cache: PageCache
    old: OldSite = field(default_factory=OldSite)
    """The last build's pages of this process, to move back where unchanged (`mkdocs serve`)."""
    collapse: bool = False
    """`on_post_page` is `debunk_mkdocs.whitespace.collapse_whitespace` and nothing else: a frame's
    shared texts are collapsed once, not on every page."""
    last_keys: PageKeys = field(default_factory=dict)
    """The cache keys of the last build of this process (`theme_keys.page_keys`)."""
    written: dict[str, str] = field(default_factory=dict)
    """{dest_uri: key} of every page written, for the next build's `old`."""
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """{dest_uri: stamp} of every page written, for the next build's `old`."""
    remembered: PageKeys = field(default_factory=dict)
    """This build's cache keys, for the next rebuild's `last_keys`."""
    _site: str = ""
    _keys: dict[str, str] = field(default_factory=dict)
    _framer: Framer | None = None
    _targets: list[str] = field(default_factory=list)

    def _chrome_key(self, page: Page) -> str:
        """What makes the chrome differ between two pages outside the navigation.

        The chrome links to the navigation's pages and the theme's assets with page-relative
        URLs, so two pages get the same chrome when those URLs are the same from both (and
        they hide the same parts of the layout).
        """
        if not self._targets:
            self._targets = ["", "assets/", *(item.url for item in self.nav.pages)]
        relative = [get_relative_url(target, page.url) for target in self._targets]
        return stable_json([page.url.count("/"), relative, page.meta.get("hide")])

    def _frames(self) -> Framer:
        """How pages go through the theme here: frames and chrome partials (`debunk_mkdocs.framing`)."""
        if self._framer is None:
            post_page = self.config.plugins.on_post_page
            self._framer = Framer(ThemeEnv.over(self.env), self.config, post_page, self.collapse)
        return self._framer

    def render(self, page: Page) -> str:
        """The page's HTML, as MkDocs' `_build_page` would write it."""
        config = self.config
        page.active = True
        try:
            framer = self._frames()
            template = framer.theme.env.get_template(template_name(page))
            given = get_context(self.nav, self.files, config, page)
            given = config.plugins.on_page_context(given, page=page, config=config, nav=self.nav)
            context: dict[str, Any] = dict(given)
            chrome = self._chrome_key(page)
            context["debunk_chrome"] = framer.theme.chrome(chrome, context)
            first = next(iter(page.toc), None)
            family = (template.name or "", chrome, first.url if first is not None else None)
            return framer.page(page, template, context, family)
        finally:
            page.active = False

    def write(self, items: Sequence[ThemePage]) -> _Written:
        """Render, cache and write pages; how many came from the old site and the cache."""
        done = _Written()
        framed = self._frames().framed_pages
        for item in items:
            dest_uri = item.file.dest_uri
            key = done.keys[dest_uri] = self._keys[dest_uri]
            if self.old.in_place(dest_uri, key):
                done.reused += 1
                done.stamps[dest_uri] = self.old.stamps[dest_uri]
                continue
            destination = Path(item.file.abs_dest_path)
            if self.old.move_back(dest_uri, key, destination):
                done.reused += 1
            elif self.cache.copy_to(key, destination):
                done.hits += 1
            else:
                self._render_to(item, key, destination)
            found = file_stamp(destination)
            if found is not None:
                done.stamps[dest_uri] = found
        done.framed = self._frames().framed_pages - framed
        return done

    def _render_to(self, item: ThemePage, key: str, destination: Path) -> None:
        """Render a page, keep it in the cache and write it to `destination`."""
        src_uri = item.file.src_uri
        rendered = self.body(src_uri)
        if rendered is None:
            raise RuntimeError(f"{src_uri}: its rendered Markdown is missing from the cache")
        page = make_page(item.file, self.config, item.meta, item.edit_url)
        page.content, page.toc = rendered.html, get_toc(rendered.toc)  # type: ignore[arg-type]
        data = self.render(page).encode("utf-8", errors="xmlcharrefreplace")
        page.content, page.toc = None, []  # type: ignore[assignment]
        self.cache.put(key, data)
        self.cache.folder(destination)
        destination.write_bytes(data)

    def build(self) -> str:
        """Write every page; a line for the log."""
        self._site = site_key(self.config, self.nav)
        self._keys, self.remembered = page_keys(self._site, self.pages, self.bodies, self.last_keys)
        site_dir = Path(self.config.site_dir)
        self.old.restore(site_dir)
        count = workers.worker_count(len(self.pages), "theme pages")
        done = _in_workers(self, count) if count > 1 else self.write(self.pages)
        self.written, self.stamps = done.keys, done.stamps
        self.old.remove_stale(site_dir, done.keys)
        rendered = len(self.pages) - done.hits - done.reused
        kept = f", {done.reused} unchanged kept from the last build" if self.old.keys else ""
        return (
            f"theme pages: {len(self.pages)} pages outside the navigation, "
            f"{rendered} rendered, {done.hits} unchanged from the cache{kept}; "
            f"{done.framed} rendered in a shared frame"
            + (" (its whitespace collapsed once)" if self.collapse else "")
        )


@dataclass
class _Written:
    """What `ThemePages.write` did: pages from the cache, pages moved back, every page's key."""

    hits: int = 0
    reused: int = 0
    framed: int = 0
    """Pages rendered through their group's frame (`Framer.page`)."""
    keys: dict[str, str] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """{dest_uri: the file's stamp once written} (`debunk.build.written`)."""

    def add(self, other: _Written) -> _Written:
        self.hits += other.hits
        self.reused += other.reused
        self.framed += other.framed
        self.keys.update(other.keys)
        self.stamps.update(other.stamps)
        return self


def make_page(file: File, config: MkDocsConfig, meta: dict[str, Any], edit_url: str | None) -> Page:
    """The file's MkDocs page with the data it would have after reading (see `on_page_markdown`)."""
    page = file.page if file.page is not None else Page(None, file, config)
    page.markdown = ""
    page.meta = meta
    page.edit_url = edit_url or page.edit_url
    return page


def _write_share(share: range) -> _Written:
    job: ThemePages = workers.shared()  # set by `_in_workers` before the fork
    return job.write([job.pages[index] for index in share])


def _in_workers(job: ThemePages, count: int) -> _Written:
    """Forked workers share the build in memory (`debunk.build.workers.sharing`: nothing is pickled)
    and write disjoint pages."""
    done = _Written()
    shares = [range(start, len(job.pages), count) for start in range(count)]
    with workers.sharing(job):
        for share in workers.run(_write_share, shares):
            done.add(share)
    return done


def write_theme_pages(
    current: Current, config: MkDocsConfig, served: Served, collapse: bool
) -> tuple[str, list[str], dict[str, str], dict[str, Stamp]]:
    """Write the pages kept from MkDocs in `on_files`: a line for the log, their sitemap
    locations, and {dest_uri: key} and {dest_uri: stamp} of the pages written."""
    build = current.build
    if current.nav is None or current.env is None or current.files is None:
        raise RuntimeError("the theme pages are written after MkDocs' `on_nav` and `on_env`")
    docs_dir = Path(config.docs_dir)
    pages = []
    for file in current.theme_files:
        generated = build.pages[file.src_uri]
        meta, edit_url = page_meta(build, generated, config.repo_url, config.edit_uri, docs_dir)
        pages.append(ThemePage(file, meta, edit_url))
    cache = PageCache(build.cache("pages"))
    old_site, current.old_site = current.old_site, OldSite()
    job = ThemePages(
        config, current.nav, current.env, current.files, pages, build.rendered, build.body, cache, old_site,
        collapse=collapse, last_keys=served.page_keys,
    )  # fmt: skip
    line = job.build()
    served.page_keys = job.remembered
    return line, sitemap_urls(config, current.theme_files), job.written, job.stamps
