"""The home page, the data page, and the whole set of generated pages."""

from __future__ import annotations

from collections import Counter

from debunk.build.previous import Previous
from debunk.content.dates import case_dates
from debunk.content.repository import Content
from debunk.publish.opendata import data_page_markdown
from debunk.render.commonmark import render_text
from debunk.settings import Settings
from debunk.site.pages.all_cases import remembered_all_cases_pages
from debunk.site.pages.base import GeneratedPage, Site, case_items, render
from debunk.site.pages.cases import case_pages
from debunk.site.pages.corrections import corrections_page
from debunk.site.pages.memo import PageMemo
from debunk.site.pages.ratings import ratings_page
from debunk.site.pages.terms import (
    narrative_index_page,
    remembered_narrative_pages,
    remembered_term_pages,
    term_index_page,
)
from debunk.site.paths import DATA_INDEX_URI, feed_links, link
from debunk.site.related import related_cases
from debunk.site.taxonomy import TAXONOMIES, build_terms, narrative_cases

HOME_LATEST = 10


def build_site(content: Content, settings: Settings, previous: Previous | None = None) -> Site:
    """Collect the indexes (terms, narratives, related cases) before rendering any page; the
    related cases from `previous` when nothing they read changed."""
    terms, problems = build_terms(content)
    titles = {narrative_id: narrative.title for narrative_id, narrative in content.narratives.items()}
    last = previous.related if previous is not None else None
    related = related_cases(content.cases, titles, settings.related_count, last)
    dates = case_dates(content.cases)  # without git; `debunk.build.run` adds what git knows
    return Site(content, settings, terms, narrative_cases(content), related, problems, dates)


def home_page(site: Site) -> GeneratedPage:
    """The home page: latest cases and the narratives with counts."""
    uri = "index.md"
    latest = list(reversed(site.content.cases[-HOME_LATEST:]))
    narratives = sorted(
        site.content.narratives.values(),
        key=lambda n: (-len(site.narratives.get(n.id, ())), n.title.casefold()),
    )
    items = [
        {
            "title": n.title,
            "link": link(f"narratives/{n.id}.md", uri),
            "count": len(site.narratives.get(n.id, ())),
        }
        for n in narratives
    ]
    body = render("home.html.j2", uri, cases=case_items(latest, uri, site), narratives=items)
    data = {
        "kind": "home", "title": site.settings.site_name, "count": len(site.content.cases),
        "description": site.settings.site_name,
        "feeds": feed_links("site", "", site.settings),
    }  # fmt: skip
    return GeneratedPage(
        uri,
        body,
        {"template": "home.html", "title": site.settings.site_name, "debunk": data},
        None,
        "home",
    )


def data_page(site: Site) -> GeneratedPage:
    """The `/data/` page explaining the downloads (the files themselves come from `debunk.publish.export`)."""
    years = Counter(case.date.year for case in site.content.cases)
    body = render_text(data_page_markdown(site.settings, years), DATA_INDEX_URI).html
    data = {
        "kind": "data",
        "title": "Open data",
        "description": f"Every case of {site.settings.site_name} as data",
    }
    return GeneratedPage(DATA_INDEX_URI, body, {"title": "Open data", "debunk": data}, None, "data")


def build_pages(site: Site, previous: Previous | None = None) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order.

    Case, term and narrative pages whose inputs equal those of the last build's (`previous`)
    are its pages (`debunk.site.pages.memo`): a `mkdocs serve` rebuild makes only what changed.
    """
    remembered = PageMemo(site, previous.pages if previous is not None else None)
    pages = [home_page(site), *case_pages(site, remembered), *remembered_all_cases_pages(site, remembered)]
    pages += [narrative_index_page(site), data_page(site), corrections_page(site), ratings_page(site)]
    for _, narrative in sorted(site.content.narratives.items()):
        pages.extend(remembered_narrative_pages(narrative, site, remembered))
    for taxonomy in TAXONOMIES:
        pages.append(term_index_page(taxonomy.key, taxonomy.title, taxonomy.key, site))
        for term in site.terms[taxonomy.key].values():
            pages.extend(remembered_term_pages(term, taxonomy.title, site, remembered))
    if previous is not None:
        previous.pages = remembered.kept()
    return pages
