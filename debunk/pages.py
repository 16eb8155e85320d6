"""Generated pages as Markdown plus template data, for MkDocs or any other engine.

Every page is a `GeneratedPage`: a path as if it were a file in `docs/`, Markdown that any
engine can render (links between pages are relative `.md` links), and a `meta` mapping that
the theme's templates read (template name, title, and a `debunk` dict of plain values).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import yaml

from debunk.chart import monthly_chart
from debunk.claimreview import claim_review
from debunk.config import Settings
from debunk.export import data_page_markdown
from debunk.model import Case, Narrative, Problem
from debunk.related import Related, related_cases
from debunk.taxonomy import TAXONOMIES, Term, build_terms, counts, narrative_cases
from debunk.validate import Content

HOME_LATEST = 10
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def md(text: object) -> str:
    """Plain text made inert in Markdown: no HTML, no links, no emphasis, no attributes."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def mdurl(url: object) -> str:
    """A URL safe inside a Markdown link target (no spaces, brackets or angle brackets)."""
    return quote(str(url), safe=":/?#@!$&'*+,;=%~[]")


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("debunk", "templates/pages"),
    autoescape=False,  # noqa: S701 - renders Markdown; every text value goes through |md
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters["md"] = md
_ENV.filters["mdurl"] = mdurl


@dataclass(frozen=True)
class GeneratedPage:
    """One page the build adds: its path in the docs tree, Markdown and template data."""

    src_uri: str
    """Path as if it were a file in docs/, e.g. `cases/2022/2022-12-14-foo.md`."""
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    """Page metadata for templates: `template`, `title` (plain text) and `debunk` data."""
    source_path: str | None = None
    """The content file the page comes from, for edit and history links."""
    kind: str = "page"
    """case, narrative, term, term-index, narrative-index, home, review, ..."""

    @property
    def url(self) -> str:
        """The site-relative URL (directory URLs): `cases/2022/x.md` -> `cases/2022/x/`."""
        return page_url(self.src_uri)


def page_url(src_uri: str) -> str:
    """`index.md` -> ``, `a/index.md` -> `a/`, `a/b.md` -> `a/b/`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def case_uri(case: Case) -> str:
    """The docs path of a case page: `cases/<year>/<id>.md` -> `/cases/<year>/<id>/`."""
    return f"cases/{case.year}/{case.id}.md"


def link(target: str, current: str) -> str:
    """A relative `.md` link from the page `current` to the page `target` (both docs paths)."""
    return posixpath.relpath(target, posixpath.dirname(current) or ".")


def date_label(case: Case) -> str:
    """`14 December 2022`, the same in every locale."""
    return f"{case.date.day} {case.date.strftime('%B %Y')}"


@dataclass
class Site:
    """Everything computed once from the content, from which the pages are rendered."""

    content: Content
    settings: Settings
    terms: dict[str, dict[str, Term]]
    narratives: dict[str, tuple[Case, ...]]
    related: dict[str, tuple[Related, ...]]
    problems: list[Problem]


def build_site(content: Content, settings: Settings) -> Site:
    """Collect the indexes (terms, narratives, related cases) before rendering any page."""
    terms, problems = build_terms(content)
    titles = {narrative_id: narrative.title for narrative_id, narrative in content.narratives.items()}
    related = related_cases(content.cases, titles, settings.related_count)
    return Site(content, settings, terms, narrative_cases(content), related, problems)


def _term_uri(taxonomy: str, slug: str, number: int = 1) -> str:
    return f"{taxonomy}/{slug}.md" if number == 1 else f"{taxonomy}/{slug}/page/{number}.md"


def _case_items(cases: Iterable[Case], current: str, site: Site) -> list[dict[str, str]]:
    verdicts = site.content.vocabularies.verdicts
    return [
        {
            "title": case.title,
            "link": link(case_uri(case), current),
            "date_label": date_label(case),
            "verdict": verdicts[case.verdict].label if case.verdict in verdicts else case.verdict,
        }
        for case in cases
    ]


def _render(template: str, **values: Any) -> str:
    return _ENV.get_template(template).render(**values)


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


def _neighbour(case: Case | None) -> dict[str, str] | None:
    return None if case is None else {"title": case.title, "url": page_url(case_uri(case))}


def case_page(case: Case, site: Site, previous: Case | None, following: Case | None) -> GeneratedPage:
    """A case page: Summary, Response, sources and related cases; metadata for the template."""
    uri = case_uri(case)
    verdict = site.content.vocabularies.verdicts.get(case.verdict)
    sources = [
        {"url": s.url, "archive": s.archive, "outlet": s.outlet, "host": urlsplit(s.url).hostname or s.url}
        for s in case.sources
    ]
    related = [
        {
            "title": r.case.title,
            "link": link(case_uri(r.case), uri),
            "date_label": date_label(r.case),
            "reason": r.reason,
        }
        for r in site.related.get(case.id, ())
    ]
    markdown = _render("case.md.j2", case=case, sources=sources, related=related)
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
        "previous": _neighbour(previous),
        "next": _neighbour(following),
        "description": case.summary.split("\n\n")[0][:300],
        "jsonld": claim_review(case, site.settings, verdict) if verdict else None,
    }
    meta = {"template": "case.html", "title": case.title, "debunk": data}
    return GeneratedPage(uri, markdown, meta, case.path, "case")


def case_pages(site: Site) -> list[GeneratedPage]:
    """Every case page, with previous/next by (date, id)."""
    cases = site.content.cases
    return [
        case_page(case, site, cases[i - 1] if i > 0 else None, cases[i + 1] if i + 1 < len(cases) else None)
        for i, case in enumerate(cases)
    ]


def term_pages(term: Term, taxonomy_title: str, site: Site) -> list[GeneratedPage]:
    """A term's pages, `page_size` cases each, newest first."""
    size = max(1, site.settings.page_size)
    chunks = [term.cases[i : i + size] for i in range(0, len(term.cases), size)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        uri = _term_uri(term.taxonomy, term.slug, number)
        newer = link(_term_uri(term.taxonomy, term.slug, number - 1), uri) if number > 1 else None
        older = link(_term_uri(term.taxonomy, term.slug, number + 1), uri) if number < len(chunks) else None
        markdown = _render(
            "term.md.j2", cases=_case_items(chunk, uri, site), total=len(term.cases),
            number=number, pages=len(chunks), newer=newer, older=older,
        )  # fmt: skip
        data = {
            "kind": "term", "taxonomy": term.taxonomy, "taxonomy_title": taxonomy_title,
            "name": term.name, "label": term.label, "slug": term.slug, "count": len(term.cases),
            "page": number, "pages": len(chunks),
            "description": f"{len(term.cases)} debunked cases: {term.label}",
        }  # fmt: skip
        title = term.label if number == 1 else f"{term.label} (page {number})"
        data["title"] = title
        pages.append(
            GeneratedPage(
                uri, markdown, {"template": "term.html", "title": title, "debunk": data}, None, "term"
            )
        )
    return pages


def term_index_page(taxonomy_key: str, title: str, noun: str, site: Site) -> GeneratedPage:
    """The index of one taxonomy: every term with its count."""
    uri = f"{taxonomy_key}/index.md"
    terms = [
        {"label": term.label, "link": link(_term_uri(taxonomy_key, term.slug), uri), "count": len(term.cases)}
        for term in site.terms[taxonomy_key].values()
    ]
    markdown = _render("term_index.md.j2", terms=terms, noun=noun)
    data = {"kind": "term-index", "title": title, "count": len(terms), "description": f"{title} with counts"}
    return GeneratedPage(
        uri, markdown, {"template": "term.html", "title": title, "debunk": data}, None, "term-index"
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


def narrative_page(narrative: Narrative, site: Site) -> GeneratedPage:
    """A narrative: description, cases over time, where it spread, and all its cases."""
    uri = f"narratives/{narrative.id}.md"
    cases = site.narratives.get(narrative.id, ())
    markdown = _render("narrative.md.j2", narrative=narrative, cases=_case_items(cases, uri, site))
    chart = monthly_chart(case.date for case in cases)
    data = {
        "kind": "narrative",
        "id": narrative.id,
        "title": narrative.title,
        "summary": narrative.summary,
        "count": len(cases),
        "first_seen": date_label(cases[-1]) if cases else None,
        "last_seen": date_label(cases[0]) if cases else None,
        "chart": {**asdict(chart), "description": chart.description},
        "reach": _reach(cases, site),
        "description": narrative.summary,
    }
    meta = {"template": "narrative.html", "title": narrative.title, "debunk": data}
    return GeneratedPage(uri, markdown, meta, narrative.path, "narrative")


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
    markdown = _render("narrative_index.md.j2", narratives=items)
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
    )


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
    markdown = _render("home.md.j2", cases=_case_items(latest, uri, site), narratives=items)
    data = {
        "kind": "home", "title": site.settings.site_name, "count": len(site.content.cases),
        "description": site.settings.site_name,
    }  # fmt: skip
    return GeneratedPage(
        uri,
        markdown,
        {"template": "home.html", "title": site.settings.site_name, "debunk": data},
        None,
        "home",
    )


def data_page(site: Site) -> GeneratedPage:
    """The `/data/` page explaining the downloads (the files themselves come from `debunk.export`)."""
    markdown = data_page_markdown(site.settings)
    data = {"kind": "data", "title": "Open data", "description": f"Every case of {site.settings.site_name} as data"}
    return GeneratedPage("data/index.md", markdown, {"title": "Open data", "debunk": data}, None, "data")


def build_pages(site: Site) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order."""
    pages = [home_page(site), *case_pages(site), narrative_index_page(site), data_page(site)]
    pages += [narrative_page(narrative, site) for _, narrative in sorted(site.content.narratives.items())]
    for taxonomy in TAXONOMIES:
        pages.append(term_index_page(taxonomy.key, taxonomy.title, taxonomy.key, site))
        for term in site.terms[taxonomy.key].values():
            pages.extend(term_pages(term, taxonomy.title, site))
    return pages


def page_source(page: GeneratedPage) -> str:
    """A page as a standalone Markdown file: YAML front matter with its data, then the body."""
    front = yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{front}---\n\n{page.markdown}"


def write_pages(pages: Iterable[GeneratedPage], out: Path) -> list[Path]:
    """Write each page under `out` at its docs path; return the files written."""
    written = []
    for page in pages:
        path = out / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_source(page), encoding="utf-8")
        written.append(path)
    return written
