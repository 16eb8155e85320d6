"""URL paths of site pages: term slugs, case and term page paths (relative to the site root)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from slugify import slugify

from debunk.config import Settings
from debunk.model import Case

TERM_KINDS = ("narratives", "keywords", "countries", "languages", "outlets")
"""The URL folders of term pages, one per taxonomy."""


@lru_cache(maxsize=65_536)
def term_slug(name: str) -> str:
    """The URL slug of a term name: lowercase ASCII `[a-z0-9-]`, transliterated (`Côte d'Ivoire`).

    A name with nothing to transliterate (only punctuation) gets a stable hash instead of an empty
    slug, so that every term has a page. Cached: every page and feed asks for the same few names.
    """
    slug = slugify(name, lowercase=True)
    if slug:
        return slug
    return "term-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def term_path(kind: str, name: str) -> str:
    """`keywords/ethnic-tensions/`: the page of a term. Narratives keep their id, languages their code."""
    if kind not in TERM_KINDS:
        raise ValueError(f"unknown term kind {kind!r}; known: {', '.join(TERM_KINDS)}")
    slug = name if kind in {"narratives", "languages"} else term_slug(name)
    return f"{kind}/{slug}/"


def case_path(case: Case) -> str:
    """`cases/2022/2022-12-14-foo/`: the page of a case."""
    return f"cases/{case.year}/{case.id}/"


def review_path(key: str) -> str:
    """`reviews/321/`: the page of a review."""
    return f"reviews/{key}/"


FEED_TAXONOMIES = ("keywords", "countries", "languages")
"""Term kinds with feeds. Outlets have none: thousands of long-tail outlets, few followers."""
FEED_FORMATS = (
    ("feed.xml", "application/atom+xml", "Atom"),
    ("feed.json", "application/feed+json", "JSON Feed"),
)
"""(file name, media type, name) of each feed written for a page."""


def feed_folder(kind: str, key: str = "") -> str:
    """The folder of a feed: `` for the whole site, `reviews/`, or a term's page (`keywords/kosovo/`)."""
    if kind == "site":
        return ""
    if kind in {"reviews", "corrections"}:
        return kind + "/"
    return term_path(kind, key)


def feed_links(kind: str, key: str, settings: Settings, label: str | None = None) -> list[dict[str, str]]:
    """`<link rel="alternate">` data for a page's feeds: `type`, `title`, site-relative `href`.

    `kind` is `site`, `reviews`, or a term kind (`narratives`, `keywords`, `countries`,
    `languages`, `outlets`) with `key` the narrative id, term name or language code.
    """
    what = {"site": "all cases", "reviews": "reviews", "corrections": "corrections"}.get(kind, label or key)
    folder = feed_folder(kind, key)
    return [
        {"type": media, "title": f"{settings.site_name}: {what} ({name})", "href": folder + filename}
        for filename, media, name in FEED_FORMATS
    ]
