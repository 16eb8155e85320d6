"""Term pages (paginated), term indexes, narrative pages and the narrative index."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from debunk.chart import monthly_chart
from debunk.model import Case, Narrative
from debunk.pages.base import GeneratedPage, Site, case_items, date_label, link, render, term_uri
from debunk.pages.memo import PageMemo
from debunk.slugs import FEED_TAXONOMIES, feed_links
from debunk.taxonomy import TAXONOMIES, Term, counts


def remembered_term_pages(
    term: Term, taxonomy_title: str, site: Site, memo: PageMemo
) -> Sequence[GeneratedPage]:
    """`term_pages`, from `memo` when the term and its cases are unchanged."""
    inputs = (term.name, term.label, term.slug, term.cases, taxonomy_title)
    return memo.pages(
        f"term/{term.taxonomy}", term.name, inputs, partial(term_pages, term, taxonomy_title, site)
    )


def term_pages(term: Term, taxonomy_title: str, site: Site) -> list[GeneratedPage]:
    """A term's pages, `page_size` cases each, newest first."""
    size = max(1, site.settings.page_size)
    chunks = [term.cases[i : i + size] for i in range(0, len(term.cases), size)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        uri = term_uri(term.taxonomy, term.slug, number)
        newer = link(term_uri(term.taxonomy, term.slug, number - 1), uri) if number > 1 else None
        older = link(term_uri(term.taxonomy, term.slug, number + 1), uri) if number < len(chunks) else None
        markdown = render(
            "term.md.j2", cases=case_items(chunk, uri, site), total=len(term.cases),
            number=number, pages=len(chunks), newer=newer, older=older,
        )  # fmt: skip
        data = {
            "kind": "term", "taxonomy": term.taxonomy, "taxonomy_title": taxonomy_title,
            "name": term.name, "label": term.label, "slug": term.slug, "count": len(term.cases),
            "page": number, "pages": len(chunks),
            "description": f"{len(term.cases)} debunked cases: {term.label}",
        }  # fmt: skip
        if term.taxonomy in FEED_TAXONOMIES:
            data["feeds"] = feed_links(term.taxonomy, term.name, site.settings, term.label)
        title = term.label if number == 1 else f"{term.label} (page {number})"
        data["title"] = title
        pages.append(
            GeneratedPage(
                uri, markdown, {"template": "term.html", "title": title, "debunk": data}, None, "term", 0
            )
        )
    return pages


def term_index_page(taxonomy_key: str, title: str, noun: str, site: Site) -> GeneratedPage:
    """The index of one taxonomy: every term with its count."""
    uri = f"{taxonomy_key}/index.md"
    terms = [
        {"label": term.label, "link": link(term_uri(taxonomy_key, term.slug), uri), "count": len(term.cases)}
        for term in site.terms[taxonomy_key].values()
    ]
    markdown = render("term_index.md.j2", terms=terms, noun=noun)
    data = {"kind": "term-index", "title": title, "count": len(terms), "description": f"{title} with counts"}
    return GeneratedPage(
        uri, markdown, {"template": "term.html", "title": title, "debunk": data}, None, "term-index", 0
    )


def _reach(cases: Sequence[Case], site: Site) -> list[dict[str, Any]]:
    groups = []
    for taxonomy in TAXONOMIES[1:]:
        terms = site.terms[taxonomy.key]
        items = [
            {"label": terms[name].label, "url": terms[name].url, "count": count}
            for name, count in counts(cases, taxonomy.values)
            if name in terms
        ]
        groups.append({"key": taxonomy.key, "title": taxonomy.title, "items": items})
    return groups


def remembered_narrative_page(narrative: Narrative, site: Site, memo: PageMemo) -> Sequence[GeneratedPage]:
    """`narrative_page`, from `memo` when the narrative, its cases and the terms are unchanged."""
    inputs = (narrative, site.narratives.get(narrative.id, ()), memo.terms)
    return memo.pages("narrative", narrative.id, inputs, lambda: (narrative_page(narrative, site),))


def narrative_page(narrative: Narrative, site: Site) -> GeneratedPage:
    """A narrative: description, cases over time, where it spread, and all its cases."""
    uri = f"narratives/{narrative.id}.md"
    cases = site.narratives.get(narrative.id, ())
    own = render("narrative_tail.md.j2", cases=case_items(cases, uri, site))
    markdown = render("narrative.md.j2", narrative=narrative) + own
    chart = monthly_chart(case.date for case in cases)
    data = {
        "kind": "narrative",
        "id": narrative.id,
        "title": narrative.title,
        "summary": narrative.summary,
        "count": len(cases),
        "first_seen": date_label(cases[-1]) if cases else None,
        "last_seen": date_label(cases[0]) if cases else None,
        "chart": chart.data(),
        "reach": _reach(cases, site),
        "description": narrative.summary,
        "feeds": feed_links("narratives", narrative.id, site.settings, narrative.title),
    }
    meta = {"template": "narrative.html", "title": narrative.title, "debunk": data}
    return GeneratedPage(uri, markdown, meta, narrative.path, "narrative", len(markdown) - len(own))


def narrative_index_page(site: Site) -> GeneratedPage:
    """Every narrative with its number of cases."""
    uri = "narratives/index.md"
    items = [
        {
            "title": n.title,
            "summary": n.summary,
            "link": link(f"narratives/{n.id}.md", uri),
            "count": len(site.narratives.get(n.id, ())),
        }
        for n in sorted(site.content.narratives.values(), key=lambda n: (n.title.casefold(), n.id))
    ]
    markdown = render("narrative_index.md.j2", narratives=items)
    data = {
        "kind": "narrative-index",
        "title": "Narratives",
        "count": len(items),
        "description": "Recurring narratives",
    }
    return GeneratedPage(
        uri,
        markdown,
        {"template": "term.html", "title": "Narratives", "debunk": data},
        None,
        "narrative-index",
        0,
    )
