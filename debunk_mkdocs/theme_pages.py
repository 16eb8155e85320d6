"""The generated pages outside the navigation, put through the theme by debunk, not MkDocs' loop.

MkDocs renders every page through the whole theme, one page at a time, on every build and
every `mkdocs serve` rebuild; with mkdocs-material that is about 4 ms a page, and a
20,000-case site has some 30,000 case, term and narrative pages. This module does the same
work (a MkDocs `Page`, the same template, the context from MkDocs' own `get_context`, the
same `page_context` and `post_page` events) with these savings:

1. The theme's navigation, tabs and footer are identical on every page outside the navigation
   from which the navigation's links are the same (same depth, same section): each is
   rendered once per such group and reused. Beyond them, only the template's blocks that show
   the page are rendered per page, into a frame of the rest rendered once per group
   (`debunk_mkdocs.frames`, `ThemePages._framed`), and the frame's whitespace is collapsed once.
2. Finished pages are cached on disk (`debunk.pagecache`) under a digest of everything that
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

from debunk import forked
from debunk.build import page_meta
from debunk.pagecache import PageCache, stable_json
from debunk.render import Rendered
from debunk_mkdocs.chrome import ThemeEnv
from debunk_mkdocs.frame_reads import Read, extends_chain, inner_blocks, ordered, read_values
from debunk_mkdocs.frames import PAGE_BLOCKS, Frame, interleave, make_frame
from debunk_mkdocs.state import Current, PageKeys, Served
from debunk_mkdocs.theme_keys import ThemePage, page_keys, site_key, sitemap_urls, template_name
from debunk_mkdocs.trash import OldSite
from debunk_mkdocs.whitespace import Collapsed, collapse_piece, join_collapsed

PARALLEL_THRESHOLD = 200
"""Below this many pages to render, starting workers costs more than it saves."""
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
    """{dest_uri: key} of every page written, for the next rebuild's `old`."""
    remembered: PageKeys = field(default_factory=dict)
    """This build's cache keys, for the next rebuild's `last_keys`."""
    _site: str = ""
    _keys: dict[str, str] = field(default_factory=dict)
    _theme: ThemeEnv | None = None
    _targets: list[str] = field(default_factory=list)
    _families: dict[_FamilyKey, _Family] = field(default_factory=dict)
    _skips: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    _framed_pages: int = 0

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

    def _theme_env(self) -> ThemeEnv:
        """The theme's environment, with each chrome partial behind a memo (`debunk_mkdocs.chrome`)."""
        if self._theme is None:
            self._theme = ThemeEnv.over(self.env)
        return self._theme

    def render(self, page: Page) -> str:
        """The page's HTML, as MkDocs' `_build_page` would write it."""
        config = self.config
        page.active = True
        try:
            template = self._theme_env().env.get_template(template_name(page))
            given = get_context(self.nav, self.files, config, page)
            given = config.plugins.on_page_context(given, page=page, config=config, nav=self.nav)
            context: dict[str, Any] = dict(given)
            chrome = self._chrome_key(page)
            context["debunk_chrome"] = self._theme_env().chrome(chrome, context)
            first = next(iter(page.toc), None)
            family = (template.name or "", chrome, first.url if first is not None else None)
            return self._framed(page, template, context, family)
        finally:
            page.active = False

    def _post_page(self, page: Page, output: str) -> str:
        return str(self.config.plugins.on_post_page(output, page=page, config=self.config))

    def _framed(
        self, page: Page, template: jinja2.Template, context: dict[str, Any], key: _FamilyKey
    ) -> str:
        """The finished page of `context` (after `on_post_page`), through its group's frame
        (`debunk_mkdocs.frames`) once a second page of the group has shown the frame right.

        A family is the pages with the same template and chrome (`_chrome_key`) whose table of
        contents starts the same way (`base.html` links its first entry outside any block); a
        group, the pages of a family on which everything the frame reads is equal
        (`debunk_mkdocs.frame_reads`): the templates its first render loaded, outside the
        page's blocks. A page that makes a frame load other templates widens its family's reads
        and starts its groups again.
        """
        theme = self._theme_env()
        family = self._families.get(key)
        values = read_values(theme.env, family.reads, context) if family is not None else ()
        state = family.groups.get(values) if family is not None else None
        if state is not None and state.checked:
            if state.frame is None:
                return self._post_page(page, template.render(context))
            self._framed_pages += 1
            return self._assemble(page, state, template, context)
        whole = self._post_page(page, template.render(context))
        if state is None:
            with theme.recording() as loaded:
                frame = make_frame(theme.env, template.name or "", context)
            reads = theme.reads(loaded, self._skipped(template.name or ""))
            if family is None or not set(reads) <= set(family.reads):
                family = _Family(ordered([*reads, *(family.reads if family is not None else ())]))
                self._families[key] = family
                values = read_values(theme.env, family.reads, context)
            texts = tuple(collapse_piece(text) for text in frame.texts) if frame and self.collapse else ()
            family.groups[values] = _Group(frame, texts, checked=frame is None)
        elif state.frame is not None:
            right = self._assemble(page, state, template, context) == whole
            family.groups[values] = _Group(state.frame if right else None, state.texts, checked=True)  # type: ignore[union-attr]
        return whole

    def _skipped(self, name: str) -> dict[str, frozenset[str]]:
        """{template: blocks that do not run in a frame} for the chain `name` extends."""
        if name not in self._skips:
            theme = self._theme_env().env
            chain = extends_chain(theme, name)
            blocks = inner_blocks(theme, chain, PAGE_BLOCKS)
            self._skips[name] = dict.fromkeys(chain, blocks)
        return self._skips[name]

    def _assemble(
        self, page: Page, group: _Group, template: jinja2.Template, context: dict[str, Any]
    ) -> str:
        """The page in its group's frame. When `on_post_page` is only debunk's whitespace
        collapsing, the frame's texts were collapsed once, and only the page's blocks are."""
        assert group.frame is not None
        filled = group.frame.fill(template, context)
        if group.texts:
            joined = join_collapsed(interleave(group.texts, [collapse_piece(block) for block in filled]))
            if joined is not None:
                return joined
        return self._post_page(page, "".join(interleave(group.frame.texts, filled)))

    def write(self, items: Sequence[ThemePage]) -> _Written:
        """Render, cache and write pages; how many came from the old site and the cache."""
        done = _Written()
        framed = self._framed_pages
        for item in items:
            src_uri, dest_uri = item.file.src_uri, item.file.dest_uri
            key = done.keys[dest_uri] = self._keys[dest_uri]
            if self.old.in_place(dest_uri, key):
                done.reused += 1
                continue
            destination = Path(item.file.abs_dest_path)
            if self.old.move_back(dest_uri, key, destination):
                done.reused += 1
                continue
            if self.cache.copy_to(key, destination):
                done.hits += 1
                continue
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
        done.framed = self._framed_pages - framed
        return done

    def build(self) -> str:
        """Write every page; a line for the log."""
        self._site = site_key(self.config, self.nav)
        self._keys, self.remembered = page_keys(self._site, self.pages, self.bodies, self.last_keys)
        site_dir = Path(self.config.site_dir)
        self.old.restore(site_dir)
        workers = forked.worker_count(len(self.pages), PARALLEL_THRESHOLD)
        done = _in_workers(self, workers) if workers > 1 else self.write(self.pages)
        self.written = done.keys
        self.old.remove_stale(site_dir, done.keys)
        rendered = len(self.pages) - done.hits - done.reused
        kept = f", {done.reused} unchanged kept from the last build" if self.old.keys else ""
        return (
            f"theme pages: {len(self.pages)} pages outside the navigation, "
            f"{rendered} rendered, {done.hits} unchanged from the cache{kept}; "
            f"{done.framed} rendered in a shared frame"
            + (" (its whitespace collapsed once)" if self.collapse else "")
        )


_FamilyKey = tuple[str, str, str | None]
"""(template, chrome key, address of the first table-of-contents entry)."""


@dataclass
class _Family:
    """The groups of a family of pages (`ThemePages._framed`), by the values of what frames read."""

    reads: tuple[Read, ...]
    """What the frames of the family read: the reads of every template they loaded."""
    groups: dict[tuple[object, ...], _Group] = field(default_factory=dict)


@dataclass(frozen=True)
class _Group:
    """The frame of a group of pages (`ThemePages._framed`) and whether it was checked."""

    frame: Frame | None
    """None: this group's pages are rendered whole."""
    texts: tuple[Collapsed, ...]
    """The frame's texts with their whitespace collapsed (`ThemePages.collapse`), or none."""
    checked: bool


@dataclass
class _Written:
    """What `ThemePages.write` did: pages from the cache, pages moved back, every page's key."""

    hits: int = 0
    reused: int = 0
    framed: int = 0
    """Pages rendered through their group's frame (`ThemePages._framed`)."""
    keys: dict[str, str] = field(default_factory=dict)

    def add(self, other: _Written) -> _Written:
        self.hits += other.hits
        self.reused += other.reused
        self.framed += other.framed
        self.keys.update(other.keys)
        return self


def make_page(file: File, config: MkDocsConfig, meta: dict[str, Any], edit_url: str | None) -> Page:
    """The file's MkDocs page with the data it would have after reading (see `on_page_markdown`)."""
    page = file.page if file.page is not None else Page(None, file, config)
    page.markdown = ""
    page.meta = meta
    page.edit_url = edit_url or page.edit_url
    return page


_job: ThemePages | None = None
"""The job that forked workers share while `_in_workers` runs (`debunk.forked`: what a worker
reads must be where its module set it before the fork); None otherwise."""


def _write_share(share: range) -> _Written:
    assert _job is not None
    return _job.write([_job.pages[index] for index in share])


def _in_workers(job: ThemePages, workers: int) -> _Written:
    """Forked workers share the build in memory (nothing is pickled) and write disjoint pages."""
    global _job  # noqa: PLW0603 - read by the forked workers
    _job = job
    try:
        done = _Written()
        shares = [range(start, len(job.pages), workers) for start in range(workers)]
        for share in forked.run(_write_share, shares):
            done.add(share)
        return done
    finally:
        _job = None


def write_theme_pages(
    current: Current, config: MkDocsConfig, served: Served, collapse: bool
) -> tuple[str, list[str], dict[str, str]]:
    """Write the pages kept from MkDocs in `on_files`: a line for the log, their sitemap
    locations and {dest_uri: key} of the pages written."""
    build = current.build
    if current.nav is None or current.env is None or current.files is None:
        raise RuntimeError("the theme pages are written after MkDocs' `on_nav` and `on_env`")
    docs_dir = Path(config.docs_dir)
    pages = []
    for file in current.theme_files:
        generated = build.pages[file.src_uri]
        meta, edit_url = page_meta(build, generated, config.repo_url, config.edit_uri, docs_dir)
        pages.append(ThemePage(file, meta, edit_url))
    folder = build.settings.cache_dir
    cache = PageCache(build.root / folder / "pages" if folder else None)
    old_site, current.old_site = current.old_site, OldSite()
    job = ThemePages(
        config, current.nav, current.env, current.files, pages, build.rendered, build.body, cache, old_site,
        collapse=collapse, last_keys=served.page_keys,
    )  # fmt: skip
    line = job.build()
    served.page_keys = job.remembered
    return line, sitemap_urls(config, current.theme_files), job.written
