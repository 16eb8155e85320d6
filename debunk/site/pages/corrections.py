"""The `/corrections/` page: every correction, clarification and update, newest first."""

from __future__ import annotations

from markupsafe import Markup

from debunk.content.corrections import newest_updates, update_anchor
from debunk.content.schema import UPDATE_KINDS
from debunk.render.markup import absolute_html
from debunk.site.pages.base import GeneratedPage, Site, day_label, render
from debunk.site.paths import case_uri, feed_links, link, page_url

CORRECTIONS_URI = "corrections/index.md"


def corrections_page(site: Site) -> GeneratedPage:
    """Each update with its kind, date, case and note; the notes are the cases' own Markdown."""
    uri, case_url = CORRECTIONS_URI, site.settings.site_url
    items = [
        {
            "label": UPDATE_KINDS[update.kind],
            "date_label": day_label(update.date),
            "title": case.title,
            "link": f"{link(case_uri(case), uri)}#{update_anchor(index)}",
            # One paragraph (`debunk.content.corrections`): its links, relative to the case page,
            # made absolute.
            "note": Markup(absolute_html(update.html, case_url + page_url(case_uri(case)))),  # noqa: S704 - nh3-clean
        }
        for case, index, update in newest_updates(site.content.cases)
    ]
    body = render("corrections.html.j2", uri, items=items)
    data = {
        "kind": "corrections",
        "title": "Corrections",
        "count": len(items),
        "description": f"Every correction and update to a case of {site.settings.site_name}",
        "feeds": feed_links("corrections", "", site.settings),
    }
    meta = {"template": "term.html", "title": "Corrections", "debunk": data}
    return GeneratedPage(uri, body, meta, None, "corrections")
