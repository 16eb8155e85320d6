"""Case pages: the claim, Summary, Response, sources, related cases and the metadata panel."""

from __future__ import annotations

from functools import partial
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from markupsafe import Markup

from debunk.content.corrections import update_anchor
from debunk.content.schema import UPDATE_KINDS
from debunk.model import Case, Source
from debunk.publish.cite import csl_item, plain_citation
from debunk.publish.claimreview import claim_review
from debunk.site.pages.base import GeneratedPage, Site, date_label, day_label, render
from debunk.site.pages.memo import PageMemo
from debunk.site.paths import case_uri, link, page_url
from debunk.site.taxonomy import TAXONOMIES


class SourceItem(NamedTuple):
    url: str
    archive: str | None
    outlet: str | None
    host: str
    service: str | None
    """The archive service's name (`vocabularies/archives.yml`); None on a host it does not list."""
    gone: str | None
    """When the last link check found the original gone (`links/report.json`), as a date label."""


class RelatedItem(NamedTuple):
    title: str
    link: str
    date_label: str
    reason: str


def _case_terms(case: Case, site: Site) -> list[dict[str, Any]]:
    groups = []
    narratives = site.content.narratives
    items = [
        {"label": narratives[n].title, "url": f"narratives/{n}/"} for n in case.narratives if n in narratives
    ]
    if items:
        groups.append({"key": "narratives", "title": "Narratives", "items": items})
    for taxonomy in TAXONOMIES:
        terms = site.terms[taxonomy.key]
        items = [
            {"label": terms[name].label, "url": terms[name].url}
            for name in taxonomy.values(case)
            if name in terms
        ]
        if items:
            groups.append({"key": taxonomy.key, "title": taxonomy.title, "items": items})
    return groups


def _neighbour(case: Case | None, site: Site) -> dict[str, str] | None:
    return None if case is None else {"title": _title(case, site), "url": page_url(case_uri(case))}


def _title(case: Case, site: Site) -> str:
    """The title, marked as held in a preview that shows held cases (`Site.held`)."""
    label = site.held.get(case.id) if site.held else None
    return case.title if label is None else f"{case.title} ({label})"


def case_page(case: Case, site: Site, previous: Case | None, following: Case | None) -> GeneratedPage:
    """A case page: Summary, Response, sources and related cases; metadata for the template."""
    uri = case_uri(case)
    verdict = site.content.vocabularies.verdicts.get(case.verdict)
    sources = [_source_item(source, site) for source in case.sources]
    related = [
        RelatedItem(_title(r.case, site), link(case_uri(r.case), uri), date_label(r.case), r.reason)
        for r in site.related.get(case.id, ())
    ]
    body = render("case.html.j2", uri, body=Markup(case.html), sources=sources, related=related)  # noqa: S704 - rendered and checked at load
    data = {
        "kind": "case",
        "id": case.id,
        "title": case.title,
        "date": case.date.isoformat(),
        "date_label": date_label(case),
        "verdict": {
            "id": case.verdict,
            "label": verdict.label if verdict else case.verdict,
            "description": verdict.description if verdict else "",
        },
        "terms": _case_terms(case, site),
        "reported_in": case.reported_in,
        "cite": {
            "text": plain_citation(citation_item(case, site)),
            "url": f"{site.settings.site_url}{page_url(uri)}",
        },
        "publisher": site.settings.organisation,
        "previous": _neighbour(previous, site),
        "next": _neighbour(following, site),
        "description": case.summary.split("\n\n")[0][:300],
        "jsonld": claim_review(case, site.settings, verdict, site.dates.get(case.id)) if verdict else None,
        **_dates_data(case, site),
    }
    if site.held and case.id in site.held:
        data["held"] = site.held[case.id]  # the preview's banner (partials/held.html)
    meta = {"template": "case.html", "title": case.title, "debunk": data}
    return GeneratedPage(uri, body, meta, case.path, "case")


def citation_item(case: Case, site: Site) -> dict[str, Any]:
    """The case's CSL-JSON record (`debunk.publish.cite`): its address and the debunk's publication date."""
    dates = site.dates.get(case.id)
    published = dates.published if dates else case.date
    return csl_item(case, site.settings, published, site.settings.site_url + page_url(case_uri(case)))


def _source_item(source: Source, site: Site) -> SourceItem:
    service = site.content.vocabularies.archives.service(source.archive) if source.archive else None
    gone = site.content.links.gone(source.url)
    host = urlsplit(source.url).hostname or source.url
    label = day_label(gone) if gone is not None else None
    name = service.name if service is not None else None
    return SourceItem(source.url, source.archive, source.outlet, host, name, label)


def _dates_data(case: Case, site: Site) -> dict[str, Any]:
    """The debunk's publication date and its log of updates, for the template (`debunk.content.dates`)."""
    dates = site.dates.get(case.id)
    published = dates.published if dates else case.date
    updates = [
        {
            "date": update.date.isoformat(),
            "date_label": day_label(update.date),
            "kind": update.kind,
            "label": UPDATE_KINDS[update.kind],
            "note_html": update.html,
            "anchor": update_anchor(index),
        }
        for index, update in enumerate(case.updates)
    ]
    return {"published": published.isoformat(), "published_label": day_label(published), "updates": updates}


def case_pages(site: Site, memo: PageMemo | None = None) -> list[GeneratedPage]:
    """Every case page, with previous/next by (date, id); from `memo` where its inputs are
    unchanged: the case, its neighbours, its related cases with their reasons, the titles
    and addresses of its narratives and terms, and what the last link check found of its
    sources."""
    cases = site.content.cases
    pages: list[GeneratedPage] = []
    for i, case in enumerate(cases):
        previous = cases[i - 1] if i > 0 else None
        following = cases[i + 1] if i + 1 < len(cases) else None
        make = partial(_one_page, case, site, previous, following)
        if memo is None:
            pages.extend(make())
            continue
        related = tuple((r.case, r.reasons) for r in site.related.get(case.id, ()))
        gone = tuple(site.content.links.gone(source.url) for source in case.sources)
        inputs = (case, previous, following, related, _term_inputs(case, site), gone, site.dates.get(case.id))
        pages.extend(memo.pages("case", case.id, inputs, make))
    return pages


def _term_inputs(case: Case, site: Site) -> tuple[object, ...]:
    """What a case page reads of its narratives and terms (`_case_terms`)."""
    narratives = site.content.narratives
    inputs: list[object] = [narratives[n].title if n in narratives else None for n in case.narratives]
    for taxonomy in TAXONOMIES:
        terms = site.terms[taxonomy.key]
        for name in taxonomy.values(case):
            term = terms.get(name)
            inputs.append(None if term is None else (term.label, term.slug))
    return tuple(inputs)


def _one_page(case: Case, site: Site, previous: Case | None, following: Case | None) -> tuple[GeneratedPage]:
    return (case_page(case, site, previous, following),)
