"""Generated pages as HTML plus template data, for MkDocs or any other engine.

Every page is a `GeneratedPage`: a path as if it were a file in `docs/`, its HTML body (from
Jinja templates over page data and contributor HTML rendered at load), and a `meta` mapping that
the theme's templates read (template name, title, and a `debunk` dict of plain values).
Collect, then render: `build_site` computes every index once, `build_pages` renders from it.
"""

from __future__ import annotations

from debunk.site.pages.all_cases import all_cases_pages
from debunk.site.pages.base import (
    GeneratedPage,
    Site,
    date_label,
    page_source,
    write_pages,
)
from debunk.site.pages.cases import case_page, case_pages
from debunk.site.pages.home import build_pages, build_site, data_page, home_page
from debunk.site.pages.terms import narrative_index_page, narrative_pages, term_index_page, term_pages

__all__ = [
    "GeneratedPage",
    "Site",
    "all_cases_pages",
    "build_pages",
    "build_site",
    "case_page",
    "case_pages",
    "data_page",
    "date_label",
    "home_page",
    "narrative_index_page",
    "narrative_pages",
    "page_source",
    "term_index_page",
    "term_pages",
    "write_pages",
]
