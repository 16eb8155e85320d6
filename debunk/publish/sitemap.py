"""A reproducible sitemap: `<lastmod>` from the cases, never from the clock of the build.

MkDocs dates every page of `sitemap.xml` with the build time, and gzips it with that time in
the header, so two builds of one commit differ. Here each page is dated by the content it
shows: a case page by the last commit that changed the case file (or the case date when there
is no history), a term or narrative page by its newest case, the home page and the indexes by
the newest case of all. Other pages get no `<lastmod>` (it is optional in the protocol).
"""

from __future__ import annotations

import datetime as dt
import gzip
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from debunk.content.files import write_file
from debunk.model import Case
from debunk.site.pages import GeneratedPage, Site

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
_SITE_WIDE = frozenset({"home", "term-index", "narrative-index"})


def _newest(cases: Iterable[Case], changed: Mapping[str, dt.date]) -> dt.date | None:
    return max((changed.get(case.path, case.date) for case in cases), default=None)


def _page_cases(page: GeneratedPage, site: Site) -> tuple[tuple[str, ...] | None, Iterable[Case]]:
    """The cases a page shows, and a key shared by every page showing the same ones (a term's
    pages, the site-wide pages; None for a case page)."""
    data = page.meta.get("debunk", {})
    if page.kind == "case":
        case = site.content.case(str(data.get("id")))
        return None, [case] if case else []
    if page.kind == "term":
        taxonomy, name = str(data.get("taxonomy")), str(data.get("name"))
        term = site.terms.get(taxonomy, {}).get(name)
        return ("term", taxonomy, name), term.cases if term else []
    if page.kind == "narrative":
        narrative = str(data.get("id"))
        return ("narrative", narrative), site.narratives.get(narrative, ())
    if page.kind in _SITE_WIDE:
        return ("site",), site.content.cases
    return None, []


def page_dates(site: Site, pages: Iterable[GeneratedPage], changed: Mapping[str, dt.date]) -> dict[str, str]:
    """{site-relative URL: `YYYY-MM-DD`} for every generated page that shows cases.

    `changed` maps a case file (`cases/2023/x.md`) to the date of the last commit that changed it.
    The newest date of a term is found once, not once per page of it (a term with 8,000 cases
    has 160 pages): 14 s of every 20,000-case build before.
    """
    dates: dict[str, str] = {}
    known: dict[tuple[str, ...], dt.date | None] = {}
    for page in pages:
        key, cases = _page_cases(page, site)
        if key is None:
            newest = _newest(cases, changed)
        elif key in known:
            newest = known[key]
        else:
            newest = known[key] = _newest(cases, changed)
        if newest is not None:
            dates[page.url] = newest.isoformat()
    return dates


def sitemap_xml(locations: Iterable[str], site_url: str, dates: Mapping[str, str]) -> str:
    """The sitemap of `locations` (absolute URLs), dated from `dates` (keyed by site-relative URL)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    for location in locations:
        relative = location.removeprefix(site_url) if site_url else location.lstrip("/")
        lines.append(f"  <url>\n    <loc>{escape(location)}</loc>")
        if relative in dates:
            lines.append(f"    <lastmod>{escape(dates[relative])}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def rewrite_sitemap(site_dir: Path, site_url: str, dates: Mapping[str, str], more: Iterable[str] = ()) -> int:
    """Rewrite MkDocs' `sitemap.xml` and its `.gz` reproducibly, sorted by address.

    `more` adds the locations of pages written outside MkDocs' page loop. Returns the number
    of pages listed; 0 when there is no sitemap to rewrite.
    """
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return 0
    tree = ET.parse(path)  # noqa: S314 - our own build output, not untrusted XML
    listed = [(element.text or "").strip() for element in tree.iter(f"{{{NAMESPACE}}}loc")]
    locations = sorted({*listed, *more})
    text = sitemap_xml(locations, site_url, dates)
    write_file(path, text)
    # mtime=0 and no file name in the header: the same bytes on every build.
    write_file(site_dir / "sitemap.xml.gz", gzip.compress(text.encode("utf-8"), mtime=0))
    return len(locations)
