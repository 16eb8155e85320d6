"""What a theme page's HTML depends on: the cache keys of `theme_pages`, and the pages' addresses.

A finished page is cached on disk (`debunk.build.pagecache`) under a digest of everything that decides
it: the page's data, body, URL and title, and the site's configuration, navigation, templates and
theme version (`site_key`, `page_key`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urljoin

import mkdocs
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from debunk.build.pagecache import digest, package_digest, stable_json, tree_digest
from debunk_mkdocs.state import PageKeys

_CONFIG_SKIPPED = frozenset(
    {"plugins", "hooks", "watch", "site_dir", "theme", "markdown_extensions", "mdx_configs"}
)
"""Configuration hashed apart (the theme, the hooks' code) or that never reaches a template (the
Markdown is rendered and hashed by `debunk.render.html`). Plugins' code is not hashed: delete the
cache folder after upgrading a plugin that changes templates."""


def nav_paths(nav: Any) -> set[str]:
    """Every file path the `nav` of mkdocs.yml may name, as MkDocs looks it up (`src_uri`).

    A generated page named there goes to MkDocs with the other pages of the navigation; the
    others never become MkDocs files (one MkDocs `Page` each was 4 s of a 20,000-case build).
    Paths are normalised as MkDocs' own lookup does, with and without a leading `/`.
    """
    found: set[str] = set()
    if isinstance(nav, str):
        found |= {PurePath(nav).as_posix(), PurePath(nav.lstrip("/") or ".").as_posix()}
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            found |= nav_paths(item)
    return found


def _nav_outline(items: Sequence[Any]) -> list[Any]:
    return [
        [type(item).__name__, item.title, getattr(item, "url", None), _nav_outline(item.children or [])]
        for item in items
    ]


def site_key(config: MkDocsConfig, nav: Navigation) -> str:
    """A digest of everything besides the page itself that its HTML depends on."""
    settings = {name: value for name, value in config.items() if name not in _CONFIG_SKIPPED}
    theme = config.theme
    custom = [Path(theme.custom_dir)] if theme.custom_dir else []
    # Material's own templates never print the build time; an override that does is keyed by it.
    uses_clock = any(
        "build_date_utc" in path.read_text(encoding="utf-8", errors="replace")
        for folder in custom
        for path in folder.glob("**/*.html")
    )
    return digest(
        mkdocs.__version__,
        version("mkdocs-material"),
        stable_json(settings),
        stable_json([theme.name, theme.dirs, theme.static_templates, dict(theme.items())]),
        stable_json(_nav_outline(nav.items)),
        tree_digest(custom),
        tree_digest([Path(__file__).parent], "*.py"),  # this adapter's code
        package_digest(),  # e.g. `debunk_mkdocs.whitespace`
        str(get_context(nav, [], config)["build_date_utc"]) if uses_clock else "",
    )


def page_key(site: str, page: ThemePage, template: str, body: str) -> str:
    """The cache key of one page: the site's digest and everything of the page a template reads.

    `body` is the key of the page's rendered Markdown (`debunk.render.html`), which decides its
    HTML and table of contents, so the HTML need not be read to know the page is unchanged.
    The page's addresses follow from its path and the configuration (in `site`).
    """
    return digest(site, template, body, page.file.src_uri, str(page.edit_url), stable_json(page.meta))


def sitemap_urls(config: MkDocsConfig, files: Iterable[File]) -> list[str]:
    """The sitemap locations of the files' pages, as MkDocs' `sitemap.xml` would list them:
    `Page.canonical_url` without making the `Page`; none without a `site_url`, as MkDocs lists
    no page then."""
    base = config.site_url or ""
    if not base:
        return []
    base = base if base.endswith("/") else base + "/"
    # `Page.url`: the file's, but '' for the home page's './'.
    urls = ["" if file.url in (".", "./") else file.url for file in files]
    if urljoin(base, "a/b") != base + "a/b":  # dot segments, a query... in the site URL itself
        return [urljoin(base, url) for url in urls]
    return [base + url if _plain(url) else urljoin(base, url) for url in urls]


_PLAIN = re.compile(r"(?:[A-Za-z0-9_~%-][A-Za-z0-9_.~%-]*/)*(?:[A-Za-z0-9_~%-][A-Za-z0-9_.~%-]*)?")


def _plain(url: str) -> bool:
    """Whether `urljoin(base, url)` is `base + url` (0.5 s of 30,000 pages' `urljoin` in each
    build): path segments of letters, digits and `_.~%-`, none empty or starting with a dot
    (MkDocs' addresses of generated pages; anything else goes through `urljoin`)."""
    return _PLAIN.fullmatch(url) is not None


@dataclass(frozen=True)
class ThemePage:
    """A page outside the navigation: its MkDocs file and template data. Its MkDocs `Page` is
    made only when it is rendered (`make_page`)."""

    file: File
    meta: dict[str, Any]
    edit_url: str | None
    """From the page's source file (None: MkDocs' own, from the configuration)."""


def template_name(page: ThemePage | Page) -> str:
    """The theme template of a page: its `template` front matter, else `main.html`."""
    return str(page.meta.get("template", "main.html"))


def page_keys(
    site: str, pages: Sequence[ThemePage], bodies: Mapping[str, str], last: PageKeys
) -> tuple[dict[str, str], PageKeys]:
    """{dest_uri: `page_key`} of every page, and what to pass as `last` next time.

    The last build's key of an address is reused when everything it hashed is equal (most of it
    the very same objects in a `mkdocs serve` rebuild, `debunk.site.pages.memo`): hashing 30,000
    pages' data is 1 to 2 s.
    """
    keys: dict[str, str] = {}
    remembered: PageKeys = {}
    for page in pages:
        template, src_uri = template_name(page), page.file.src_uri
        body = bodies[src_uri]
        inputs = (site, template, body, src_uri, page.edit_url, page.meta)
        known = last.get(page.file.dest_uri)
        key = known[1] if known is not None and known[0] == inputs else page_key(site, page, template, body)
        keys[page.file.dest_uri] = key
        remembered[page.file.dest_uri] = (inputs, key)
    return keys, remembered
