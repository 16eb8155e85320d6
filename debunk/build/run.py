"""One build of the site, engine-free: load once, index, generate, render, then prove it.

`debunk_mkdocs.events` calls these in MkDocs' events; another engine's adapter would call
the same functions. A build is handed what the last one in the process left
(`debunk.build.previous.Previous`; `mkdocs serve` keeps it), and reuses what did not change: the
history when the commit is the same, the cases whose files did not change, and so on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from debunk.build.previous import Previous
from debunk.build.progress import Report
from debunk.build.timing import Phases
from debunk.build.verify import PageReads, verify_site
from debunk.content.dates import case_dates
from debunk.content.held import build_day, held_labels, publishable
from debunk.content.history import Change, added_dates, branch_of, case_history, current_commit, history_url
from debunk.content.repository import Content, load_content
from debunk.model import Problem
from debunk.publish.api import ApiMemo, write_api
from debunk.publish.cite import write_citations
from debunk.publish.feeds import write_feeds
from debunk.publish.sitemap import page_dates, rewrite_sitemap
from debunk.render.html import Rendered, render_pages
from debunk.review.digest import Digest
from debunk.review.email import write_review_emails
from debunk.review.files import Review, load_reviews
from debunk.review.pages import build_review_pages, digest_reviews
from debunk.rules.collisions import check_unique_urls
from debunk.rules.symlinks import check_docs_links
from debunk.search.pagefind import start_search_index
from debunk.settings import Settings
from debunk.site.pages import GeneratedPage, Site, build_pages, build_site
from debunk.site.pages.base import day_label
from debunk.site.pages.cases import citation_item
from debunk.site.paths import review_uri

WATCHED = ("cases", "narratives", "vocabularies", "reviews", "links")

@dataclass
class Build:
    """Everything one build computes, in the order it computes it."""

    root: Path
    settings: Settings
    site: Site
    reviews: list[Review]
    problems: list[Problem]
    history: dict[str, Change]
    commit: str | None
    added: dict[str, dt.date] = field(default_factory=dict)
    """The day git added each case file: when its debunk was published (`debunk.content.dates`)."""
    phases: Phases = field(default_factory=Phases)
    public: Content | None = None
    """The published content when it is not `site.content`: a preview's site shows held cases
    (`debunk.content.held`); reviews, feeds and data files never do."""
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    rendered: dict[str, str] = field(default_factory=dict)
    """{src_uri: key} of each generated page's HTML in `bodies` (`render_all`)."""
    bodies: dict[str, Rendered] = field(default_factory=dict)
    previous: Previous = field(default_factory=Previous)
    """What the next build may reuse (this build filled it): keeping only this, not the whole
    build, lets a `mkdocs serve` rebuild free the last pages before it makes new ones."""
    digests: list[tuple[Review, Digest]] = field(default_factory=list)
    """Each published review with its digest, computed once for the review pages, the feeds
    and the emails (`debunk.review.pages.digest_reviews`)."""

    def cache(self, name: str) -> Path | None:
        """The folder `name` of the cache (`<cache_dir>/<name>`); None when caching is off."""
        folder = self.settings.cache_dir
        return self.root / folder / name if folder else None

    @property
    def published(self) -> Content:
        """What reviews, feeds, emails and data files are made from: never a held case."""
        return self.site.content if self.public is None else self.public

    def body(self, src_uri: str) -> Rendered | None:
        """The rendered, sanitised HTML of a generated page (None for other pages)."""
        key = self.rendered.get(src_uri)
        return None if key is None else self.bodies[key]


def load_build(
    root: Path,
    settings: Settings,
    previous: Previous | None = None,
    report: Report | None = None,
    *,
    preview: bool = False,
) -> Build:
    """Load and check the content, and compute the indexes every page is rendered from.

    `previous` is what the last build in this process left (`Build.previous`; None: a clean
    build); what this one computes is kept in it for the next.
    `report` takes progress lines of the long phases (`debunk.build.progress`). Held cases
    (`debunk.content.held`) are validated, then left out of everything the site shows; a `preview`
    (`mkdocs serve`) shows them on their pages and in lists, marked.
    """
    phases = Phases()
    previous = previous or Previous()
    with phases.measure("load"):
        required_from = settings.archive_required_from
        loaded = load_content(
            root, settings.cache_dir, report, archive_required_from=required_from, previous=previous
        )
        day = build_day(settings.timezone)
        content = publishable(loaded, day)  # the one place held cases leave the published site
        reviews, review_problems = load_reviews(root, loaded)  # a review of held cases waits for them
    with phases.measure("index"):
        site = build_site(loaded if preview else content, settings, previous)
        if preview:
            site.held = held_labels(loaded.cases, day)
        digests = digest_reviews(content, reviews)
    with phases.measure("history"):
        history, commit, added = _history(root, site, previous)
        site.dates = case_dates(site.content.cases, added, history)
    problems = content.problems + site.problems + review_problems
    public = content if preview and content is not loaded else None
    build = Build(root, settings, site, reviews, problems, history, commit, added, phases, public)
    build.previous, build.digests = previous, digests
    return build


def _history(
    root: Path, site: Site, previous: Previous
) -> tuple[dict[str, Change], str | None, dict[str, dt.date]]:
    """Each case file's last change and first add, and the commit: `git log` once per commit."""
    commit = current_commit(root)
    kept = previous.history.recall(commit) if commit is not None else None
    if kept is not None:
        return kept[0], commit, kept[1]
    paths = [case.path for case in site.content.cases]
    history, added = case_history(root, paths), added_dates(root, paths)
    if commit is not None:
        previous.history.keep(commit, (history, added))
    return history, commit, added


def generate_pages(build: Build, docs_dir: Path, docs_pages: Iterable[str]) -> list[Problem]:
    """Make every generated page; problems (two pages for one URL, links out) stop the build."""
    with build.phases.measure("pages"):
        site = build.site
        reviews = build_review_pages(build.published, build.reviews, build.settings, build.digests)
        generated = build_pages(site, build.previous) + reviews
        latest = [page for page in reviews if page.kind == "review"][-1:]
        review_urls = {page.src_uri: page.url for page in reviews if page.kind == "review"}
        for page in generated:
            if page.kind == "home" and latest:
                link = {"title": latest[0].meta["title"], "url": latest[0].url}
                page.meta["debunk"] = {**page.meta["debunk"], "latest_review": link}
            elif page.kind == "case":  # set on every build: a remembered page may link a deleted review
                reported = page.meta["debunk"]["reported_in"]
                url = review_urls.get(review_uri(reported)) if reported else None
                page.meta["debunk"] = {**page.meta["debunk"], "review_url": url}
        problems = check_unique_urls(generated, docs_pages) + check_docs_links(docs_dir, build.root)
        build.pages = {page.src_uri: page for page in generated}
    return problems


def render_all(build: Build) -> str:
    """Sanitise every generated page's HTML and read its table of contents; a line for the log."""
    with build.phases.measure("render"):
        kept = build.previous.rendered  # a rebuild sanitises only the pages whose HTML changed
        done = {page.src_uri: kept.recall(page.src_uri, page.html) for page in build.pages.values()}
        todo = [(page.src_uri, page.html) for page in build.pages.values() if done[page.src_uri] is None]
        keys, store = render_pages(todo)
        build.rendered, build.bodies = {}, {}
        for page in build.pages.values():
            key, body = done[page.src_uri] or (keys[page.src_uri], store[keys[page.src_uri]])
            build.rendered[page.src_uri] = key
            build.bodies.setdefault(key, body)
            kept.keep(page.src_uri, page.html, (key, body))
        kept.turn()
    return f"rendered {len(todo)} of {len(build.rendered)} pages ({len(build.bodies)} distinct)"


def release_sources(build: Build) -> None:
    """Once the pages are rendered (`render_all`) in a build that no rebuild follows (`mkdocs
    build`): let their unsanitised HTML go, and every memo only a next build would read
    (`build.previous` starts empty: the page memo, each case's export rows, the compressed
    downloads). Nothing after the render reads them; the pages' metadata stays."""
    build.pages = {uri: dataclasses.replace(page, html="") for uri, page in build.pages.items()}
    build.previous = Previous()


def release_pages(build: Build) -> None:
    """Once the theme has written the pages of a build that no rebuild follows: let their
    rendered HTML go. The checks, sitemap and feeds after it read the pages' metadata only."""
    build.rendered, build.bodies = {}, {}


def page_meta(
    build: Build, page: GeneratedPage, repo_url: str | None, edit_uri: str | None, docs_dir: Path
) -> tuple[dict[str, Any], str | None]:
    """The template data of a page, and its edit URL (None without a repository URL)."""
    # mkdocs-material prints page.meta.title unescaped in <title> and the header.
    meta = {**page.meta, "title": html.escape(page.meta["title"])}
    change = build.history.get(page.source_path) if page.kind == "case" and page.source_path else None
    if change is not None and page.source_path:
        url = history_url(repo_url, branch_of(edit_uri), page.source_path) if repo_url else None
        history = {"date": change.date.isoformat(), "label": day_label(change.date), "url": url}
        meta["debunk"] = {**meta["debunk"], "history": history}
    edit_url = None
    if page.source_path and repo_url and edit_uri:
        source = Path(os.path.relpath(build.root / page.source_path, docs_dir)).as_posix()
        edit_url = repo_url.rstrip("/") + "/" + posixpath.normpath(edit_uri.strip("/") + "/" + source)
    return meta, edit_url


class Finished(NamedTuple):
    """What `finish` found and wrote."""

    errors: list[str]
    """The site is not what the build meant to write (a page missing, a case not listed)."""
    left_out: list[str]
    """A line for each case file with no page because it did not load (its errors say why)."""
    notes: list[str]
    written: list[str]
    """The site-relative paths of the files written besides the search index."""


def finish(
    build: Build,
    site_dir: Path,
    site_url: str,
    *,
    search: bool = True,
    sitemap: Iterable[str] = (),
    reads: PageReads | None = None,
    preview: bool = False,
    api: ApiMemo | None = None,
) -> Finished:
    """After the pages are written: checks, sitemap and feeds, while Pagefind builds the
    search index in its own process (`debunk.search.pagefind.start_search_index`).

    `sitemap` lists the addresses of pages the engine's own sitemap does not know about.

    `search=False` skips the search index: its search page then says that there is none. A
    shard of the index whose pages did not change is copied from `cache_dir` instead. And
    `mkdocs serve` passes the same `reads` to every rebuild (see `PageReads`), and `preview`:
    a case file left out is then "left out of the preview"; `api` the JSON files of the last
    rebuild (`debunk.publish.api.ApiMemo`), so that only the changed cases' are made again.
    """
    notes = []
    indexing = None
    if search:  # Pagefind indexes the case pages while the checks and feeds run
        with build.phases.measure("search index"):
            indexing = start_search_index(site_dir, cache=build.cache("search"))  # unchanged shards
    try:
        with build.phases.measure("checks"):
            result = verify_site(build.site, list(build.pages.values()), site_dir, reads, preview=preview)
            notes.append(result.summary)
            changed = {path: change.date for path, change in build.history.items()}
            dates = page_dates(build.site, build.pages.values(), changed)
            rewrite_sitemap(site_dir, site_url, dates, sitemap)
        with build.phases.measure("feeds"):
            args = (build.published, build.reviews, build.settings, site_dir)
            terms = build.site.terms if build.public is None else None  # a preview's show held cases
            feeds = write_feeds(*args, terms=terms, digests=build.digests, previous=build.previous)
            emails = write_review_emails(*args, build.digests)
            written = [*feeds, *emails, "sitemap.xml", "sitemap.xml.gz"]
            notes.append(f"feeds: {len(feeds)} files; review emails: {len(emails)} files")
        with build.phases.measure("api"):
            files = write_api(build.site, site_dir, api)
            written += files
            notes.append(f"api: {len(files)} JSON files")
        with build.phases.measure("citations"):
            cases = build.site.content.cases
            written += write_citations(
                ((c.id, citation_item(c, build.site)) for c in cases), site_dir
            )
    except BaseException:
        if indexing is not None:
            indexing.stop()
        raise
    if indexing is not None:
        with build.phases.measure("search index"):
            notes.append(str(indexing.finish()))
    else:
        notes.append("search index: skipped")
    notes += [str(build.phases), build.phases.memory()]
    return Finished(list(result.problems), list(result.left_out), notes, written)
