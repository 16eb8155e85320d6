"""Term pages (paginated), term indexes, narrative pages and the narrative index."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import partial
from string import ascii_uppercase
from typing import Any, NamedTuple

from markupsafe import Markup

from debunk.model import Case, Narrative
from debunk.site.chart import monthly_chart
from debunk.site.pages.base import GeneratedPage, Site, case_items, date_label, render
from debunk.site.pages.memo import PageMemo
from debunk.site.paths import FEED_TAXONOMIES, feed_links, link, term_uri
from debunk.site.taxonomy import TAXONOMIES, Term, counts

_FILTERS = {taxonomy.key: taxonomy.singular for taxonomy in TAXONOMIES}
"""The search page's filter of each taxonomy (`?keyword=NATO`): its values are the labels."""


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
        body = render(
            "term.html.j2", uri, cases=case_items(chunk, uri, site), total=len(term.cases),
            number=number, pages=len(chunks), newer=newer, older=older,
        )  # fmt: skip
        data = {
            "kind": "term", "taxonomy": term.taxonomy, "taxonomy_title": taxonomy_title,
            "name": term.name, "label": term.label, "slug": term.slug, "count": len(term.cases),
            "page": number, "pages": len(chunks),
            "description": f"{len(term.cases)} debunked cases: {term.label}",
        }  # fmt: skip
        data["search"] = {"filter": _FILTERS[term.taxonomy], "value": term.label}
        if term.taxonomy in FEED_TAXONOMIES:
            data["feeds"] = feed_links(term.taxonomy, term.name, site.settings, term.label)
        title = term.label if number == 1 else f"{term.label} (page {number})"
        data["title"] = title
        pages.append(
            GeneratedPage(
                uri, body, {"template": "term.html", "title": title, "debunk": data}, None, "term"
            )
        )
    return pages


TOP_TERMS = 20
"""An index with more terms than this lists the ones with most cases first."""
_OTHER = "#"
"""The letter of terms that start with no letter from A to Z (a digit, another script)."""


def term_index_page(taxonomy_key: str, title: str, noun: str, site: Site) -> GeneratedPage:
    """The index of one taxonomy: every term with its count, A to Z, and the top terms first."""
    uri = f"{taxonomy_key}/index.md"
    terms = [
        IndexTerm(term.label, link(term_uri(taxonomy_key, term.slug), uri), len(term.cases))
        for term in site.terms[taxonomy_key].values()
    ]
    top = sorted(terms, key=lambda term: -term.cases)[:TOP_TERMS] if len(terms) > TOP_TERMS else []
    sections: dict[str, list[IndexTerm]] = {}
    for term in terms:  # sorted by label already
        sections.setdefault(first_letter(term.label), []).append(term)
    letters = [
        {"letter": letter, "anchor": _anchor(letter) if letter in sections else None}
        for letter in [*ascii_uppercase, _OTHER]
        if letter != _OTHER or _OTHER in sections
    ]
    groups = [{"letter": letter, "anchor": _anchor(letter), "terms": sections[letter]}
              for letter in [*ascii_uppercase, _OTHER] if letter in sections]  # fmt: skip
    body = render("term_index.html.j2", uri, terms=terms, top=top, groups=groups, noun=noun)
    data = {
        "kind": "term-index", "title": title, "count": len(terms), "description": f"{title} with counts",
        "letters": letters, "noun": noun,
    }  # fmt: skip
    return GeneratedPage(
        uri, body, {"template": "term.html", "title": title, "debunk": data}, None, "term-index"
    )


class IndexTerm(NamedTuple):
    """A term in an index: a named tuple for Jinja, as `CaseItem`."""

    label: str
    link: str
    cases: int


def first_letter(label: str) -> str:
    """The A-Z section of a label: its first letter without accents (`Élysée` under E), or `#`."""
    letter = unicodedata.normalize("NFKD", label.strip()[:1])[:1].upper()
    return letter if len(letter) == 1 and letter in ascii_uppercase else _OTHER


def _anchor(letter: str) -> str:
    return "letter-other" if letter == _OTHER else f"letter-{letter.lower()}"


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


def remembered_narrative_pages(narrative: Narrative, site: Site, memo: PageMemo) -> Sequence[GeneratedPage]:
    """`narrative_pages`, from `memo` when the narrative, its cases and the terms are unchanged."""
    inputs = (narrative, site.narratives.get(narrative.id, ()), memo.terms)
    return memo.pages("narrative", narrative.id, inputs, lambda: narrative_pages(narrative, site))


def narrative_uri(narrative_id: str, number: int = 1) -> str:
    return f"narratives/{narrative_id}.md" if number == 1 else f"narratives/{narrative_id}/page/{number}.md"


def narrative_pages(narrative: Narrative, site: Site) -> list[GeneratedPage]:
    """A narrative: description, cases over time and where it spread on its first page, and its
    cases, `page_size` a page, newest first."""
    cases = site.narratives.get(narrative.id, ())
    size = max(1, site.settings.page_size)
    chunks = [cases[i : i + size] for i in range(0, len(cases), size)] or [()]
    data = {
        "kind": "narrative",
        "id": narrative.id,
        "title": narrative.title,
        "summary": narrative.summary,
        "count": len(cases),
        "first_seen": date_label(cases[-1]) if cases else None,
        "last_seen": date_label(cases[0]) if cases else None,
        "description": narrative.summary,
        "feeds": feed_links("narratives", narrative.id, site.settings, narrative.title),
        "search": {"filter": "narrative", "value": narrative.title},
        "pages": len(chunks),
    }
    pages = []
    for number, chunk in enumerate(chunks, 1):
        uri = narrative_uri(narrative.id, number)
        newer = link(narrative_uri(narrative.id, number - 1), uri) if number > 1 else None
        older = link(narrative_uri(narrative.id, number + 1), uri) if number < len(chunks) else None
        description = Markup(narrative.html) if number == 1 else ""  # noqa: S704 - rendered and checked at load
        body = render(
            "narrative.html.j2", uri, description=description, cases=case_items(chunk, uri, site),
            total=len(cases), number=number, pages=len(chunks), newer=newer, older=older,
        )  # fmt: skip
        title = narrative.title if number == 1 else f"{narrative.title} (page {number})"
        page_data = {**data, "page": number}
        if number == 1:
            page_data["chart"] = monthly_chart(case.date for case in cases).data()
            page_data["reach"] = _reach(cases, site)
        meta = {"template": "narrative.html", "title": title, "debunk": page_data}
        pages.append(GeneratedPage(uri, body, meta, narrative.path, "narrative"))
    return pages


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
    body = render("narrative_index.html.j2", uri, narratives=items)
    data = {
        "kind": "narrative-index",
        "title": "Narratives",
        "count": len(items),
        "description": "Recurring narratives",
    }
    return GeneratedPage(
        uri, body, {"template": "term.html", "title": "Narratives", "debunk": data}, None, "narrative-index"
    )
