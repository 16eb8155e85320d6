"""The `/corrections/` page: every correction, clarification and update, newest first."""

from __future__ import annotations

from debunk.corrections import newest_updates, update_anchor
from debunk.pages.base import GeneratedPage, Site, case_uri, day_label, link, render
from debunk.schema import UPDATE_KINDS
from debunk.slugs import feed_links

CORRECTIONS_URI = "corrections/index.md"


def corrections_page(site: Site) -> GeneratedPage:
    """Each update with its kind, date, case and note; the notes are the cases' own Markdown."""
    uri = CORRECTIONS_URI
    items = [
        {
            "label": UPDATE_KINDS[update.kind],
            "date_label": day_label(update.date),
            "title": case.title,
            "link": f"{link(case_uri(case), uri)}#{update_anchor(index)}",
            # One paragraph (`debunk.corrections`), indented to stay inside its list item.
            "note": update.note.replace("\n", "\n  "),
        }
        for case, index, update in newest_updates(site.content.cases)
    ]
    markdown = render("corrections.md.j2", items=items, site_name=site.settings.site_name)
    data = {
        "kind": "corrections",
        "title": "Corrections",
        "count": len(items),
        "description": f"Every correction and update to a case of {site.settings.site_name}",
        "feeds": feed_links("corrections", "", site.settings),
    }
    meta = {"template": "term.html", "title": "Corrections", "debunk": data}
    return GeneratedPage(uri, markdown, meta, None, "corrections")
