"""The parts every generated page shares: the page record, its HTML templates and links."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import yaml

from debunk.content.dates import CaseDates
from debunk.content.repository import Content
from debunk.model import Case, Problem
from debunk.publish.outputs import Output, write_output
from debunk.render.commonmark import slugify
from debunk.settings import Settings
from debunk.site.paths import case_uri, link, page_url, url_of_link
from debunk.site.related import Related
from debunk.site.taxonomy import Term

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("debunk", "templates/pages"),
    autoescape=True,  # page data is text; contributor HTML (rendered at load) comes as Markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=False,  # package files: no `stat` of the template for each of 50,000 pages
)
_ENV.filters["url"] = url_of_link  # `{{ link | url(uri) }}`: a relative `.md` link -> its page's URL
_ENV.filters["slug"] = lambda value: slugify(str(value))


@dataclass(frozen=True)
class GeneratedPage:
    """One page the build adds: its path in the docs tree, HTML body and template data."""

    src_uri: str
    """Path as if it were a file in docs/, e.g. `cases/2022/2022-12-14-foo.md`."""
    html: str
    """The page's body: a Jinja HTML template over page data with the contributor HTML in it
    (`debunk.render.commonmark`); sanitised with every other page's by `debunk.render.html`."""
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


def date_label(case: Case) -> str:
    """`14 December 2022`, the same in every locale."""
    return _date_label(case.date)


def day_label(day: date) -> str:
    """Any day as `date_label` writes a case's."""
    return _date_label(day)


@functools.lru_cache(maxsize=1 << 14)
def _date_label(day: date) -> str:  # 300,000 labels of a few thousand dates at 20,000 cases
    return f"{day.day} {day.strftime('%B %Y')}"


@dataclass
class Site:
    """Everything computed once from the content, from which the pages are rendered."""

    content: Content
    settings: Settings
    terms: dict[str, dict[str, Term]]
    narratives: dict[str, tuple[Case, ...]]
    related: dict[str, tuple[Related, ...]]
    problems: list[Problem]
    dates: dict[str, CaseDates] = field(default_factory=dict)
    """When each case's debunk was published and last updated, by id (`debunk.content.dates`)."""
    held: dict[str, str] = field(default_factory=dict)
    """A preview's held cases (`debunk.content.held`), by id, with the label that marks them on their
    page and in lists; empty in a published build, which has none of them."""


class CaseItem(NamedTuple):
    """A case in a list of cases. The lists' items are named tuples, not dictionaries, for
    Jinja: `item.title` on a dictionary first fails as an attribute (1.3 million times)."""

    title: str
    link: str
    date_label: str
    verdict: str


def case_items(cases: Iterable[Case], current: str, site: Site) -> list[CaseItem]:
    verdicts = site.content.vocabularies.verdicts
    held = site.held
    return [
        CaseItem(
            f"{case.title} ({held[case.id]})" if held and case.id in held else case.title,
            link(case_uri(case), current),
            date_label(case),
            verdicts[case.verdict].label if case.verdict in verdicts else case.verdict,
        )
        for case in cases
    ]


@functools.cache
def _template(name: str) -> jinja2.Template:
    _flatten_globals()
    return _ENV.get_template(name)  # once: Jinja's own template cache costs 40 us a lookup


@functools.cache
def _flatten_globals() -> None:
    """Give every template (the included ones too) its globals as a dict.

    Jinja 3 holds them as a ChainMap (the template's over the environment's, which nothing
    changes after start-up) and goes through it in Python for each render and each include:
    37 us a time, 2.5 s of the 30,202 pages at 20,000 cases. Jinja's cache keeps these template
    objects (`auto_reload=False`), so an include finds the same one.
    """
    for name in _ENV.list_templates():
        template = _ENV.get_template(name)
        template.globals = dict(template.globals)


def render(template: str, uri: str, **values: Any) -> str:
    """The HTML template `template` for the page `uri` (relative `.md` links become its URLs)."""
    return _template(template).render(uri=uri, **values)


def page_source(page: GeneratedPage) -> str:
    """A page as a standalone file: YAML front matter with its data, then the HTML body."""
    front = yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{front}---\n\n{page.html}"


def write_pages(pages: Sequence[GeneratedPage], out: Path) -> list[Path]:
    """Write each page under `out` at its docs path; return the files written.

    `out` holds only what this wrote: OutputRefusedError when it holds anything else
    (see `debunk.publish.outputs`).
    """
    files = ((page.src_uri, page_source(page).encode("utf-8")) for page in pages)
    return write_output(Output(out, "generate", exclusive=True), [page.src_uri for page in pages], files)
