"""Every site path and URL (DESIGN.md §3), relative to the site root: one home for the URL scheme.

Two spellings of a page: its docs path (`cases/2022/x.md`, the `src_uri` a generated page has as
if it were a file in `docs/`) and its directory URL (`cases/2022/x/`); `page_url` maps one to the other.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from functools import lru_cache

from slugify import slugify

from debunk.model import Case
from debunk.settings import Settings

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


def term_key(kind: str, name: str) -> str:
    """The URL slug of a term of `kind`: narratives keep their id, languages their code, other terms
    a slug (`term_slug`). Ids and codes are already URL-safe: the schema allows nothing else."""
    if kind not in TERM_KINDS:
        raise ValueError(f"unknown term kind {kind!r}; known: {', '.join(TERM_KINDS)}")
    return name if kind in {"narratives", "languages"} else term_slug(name)


def term_path(kind: str, name: str) -> str:
    """`keywords/ethnic-tensions/`: the page of a term (`term_key` makes its slug)."""
    return term_folder(kind, term_key(kind, name))


def term_folder(kind: str, slug: str) -> str:
    """`keywords/ethnic-tensions/`: the page of the term whose slug is known."""
    return f"{kind}/{slug}/"


def term_uri(taxonomy: str, slug: str, number: int = 1) -> str:
    """`keywords/kosovo.md`, then `keywords/kosovo/page/2.md`: the docs paths of a term's pages."""
    return f"{taxonomy}/{slug}.md" if number == 1 else f"{taxonomy}/{slug}/page/{number}.md"


def case_path(case: Case) -> str:
    """`cases/2022/2022-12-14-foo/`: the page of a case."""
    return f"cases/{case.year}/{case.id}/"


def case_uri(case: Case) -> str:
    """The docs path of a case page: `cases/<year>/<id>.md` -> `/cases/<year>/<id>/`."""
    return f"cases/{case.year}/{case.id}.md"


def all_cases_uri(number: int = 1) -> str:
    """`cases/index.md`, then `cases/page/2.md`: the docs paths of `/cases/`, every case by date."""
    return "cases/index.md" if number == 1 else f"cases/page/{number}.md"


def review_path(key: str) -> str:
    """`reviews/321/`: the page of a review."""
    return f"{REVIEWS_FOLDER}{key}/"


def review_uri(key: str) -> str:
    """`reviews/321.md`: the docs path of a review's page (and of its source file in the repository)."""
    return f"{REVIEWS_FOLDER}{key}.md"


REVIEWS_FOLDER = "reviews/"
"""`/reviews/`: the archive of reviews, and the folder their pages (and source files) are in."""
REVIEW_INDEX_URI = REVIEWS_FOLDER + "index.md"
"""The docs path of `/reviews/`."""
EMAIL_HTML = "email.html"
EMAIL_TEXT = "email.txt"


def review_emails(key: str) -> dict[str, str]:
    """{"html", "text"}: the site paths of a review's email, in its page's folder."""
    return {"html": review_path(key) + EMAIL_HTML, "text": review_path(key) + EMAIL_TEXT}


DATA_FOLDER = "data/"
"""The folder of the open data files and of the `/data/` page that explains them."""
DATA_INDEX_URI = DATA_FOLDER + "index.md"
API = "api/"
"""The folder of the JSON API (`debunk.publish.api`)."""
CITE_FOLDER = "cite/"
"""The folder of each case's citation downloads (`debunk.publish.cite`)."""


def case_api_path(case_id: str) -> str:
    """`api/cases/<id>.json`: a case in the JSON API."""
    return f"{API}cases/{case_id}.json"


def cite_path(case_id: str, extension: str) -> str:
    """The site-relative path of one download of a case: `cite/<id>.bib`."""
    return f"{CITE_FOLDER}{case_id}.{extension}"


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


_MD_LINK = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^?#]*\.md)(#.*)?$")
_UNUSUAL = frozenset({"", ".", ".."})


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


def link(target: str, current: str) -> str:
    """A relative `.md` link from the page `current` to the page `target` (both docs paths).

    The same as `posixpath.relpath(target, dirname(current))` for normalised relative paths,
    at a fraction of its cost (it runs for every case listed on every page).
    """
    here = current.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])
