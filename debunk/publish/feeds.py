"""Atom and JSON Feed 1.1 feeds: the whole site, each narrative and term, and the reviews.

Dates come from the content, never from the clock: an entry is dated by its case (midnight
UTC), a review by its newest case, and a feed's `updated` is its newest entry (a feed without
entries, such as an unused narrative's, takes the newest case of the site). Feeds hold the
newest `FEED_LIMIT` entries; text is plain, HTML is rendered from Markdown and sanitised.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
import nh3
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from markupsafe import Markup

from debunk.build.previous import Previous
from debunk.content.corrections import newest_updates, update_anchor
from debunk.content.files import write_file
from debunk.content.repository import Content
from debunk.content.schema import UPDATE_KINDS
from debunk.model import Case
from debunk.render.markup import (
    ATTRIBUTES,
    TAGS,
    absolute_html,
    case_sections,
    html_text,
    plain_text,
    safe_html,
)
from debunk.review.digest import Digest
from debunk.review.files import Review
from debunk.review.pages import digest_reviews, review_title
from debunk.settings import Settings
from debunk.site.paths import (
    FEED_FORMATS,
    FEED_TAXONOMIES,
    REVIEWS_FOLDER,
    case_path,
    feed_folder,
    feed_links,
    review_path,
)
from debunk.site.taxonomy import TAXONOMIES, Terms, build_terms, narrative_cases

__all__ = [
    "FEED_LIMIT",
    "TERM_FEED_LIMIT",
    "Entry",
    "Feed",
    "atom_feed",
    "build_feeds",
    "feed_links",
    "json_feed",
    "write_feeds",
]

FEED_LIMIT = 50
TERM_FEED_LIMIT = 20
"""A narrative's or term's feed: its subscribers poll for what is new, and the site has one pair
of feeds per term (at 5,000 cases 50 entries made them 30 MB, 6 KB a case; 20 entries, 14 MB)."""
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("debunk", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    auto_reload=False,
)


@dataclass(frozen=True)
class Entry:
    """One feed item: a case or a review."""

    url: str
    """The absolute page URL, also the entry's id."""
    title: str
    date: dt.date
    summary: str
    """Plain text."""
    content_html: str
    """Sanitised HTML."""
    tags: tuple[str, ...] = ()
    modified: dt.date | None = None
    """The day of the entry's last correction or update, if any."""

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.combine(self.date, dt.time(0), tzinfo=dt.UTC)

    @property
    def modified_moment(self) -> dt.datetime:
        return dt.datetime.combine(self.modified or self.date, dt.time(0), tzinfo=dt.UTC)


@dataclass(frozen=True)
class Feed:
    """One feed, written as `<folder>feed.xml` (Atom) and `<folder>feed.json` (JSON Feed)."""

    folder: str
    """Site-relative folder of the page the feed belongs to: ``, `reviews/`, `keywords/kosovo/`."""
    title: str
    entries: tuple[Entry, ...]
    """Newest first."""
    updated: dt.date


def case_entry(case: Case, settings: Settings) -> Entry:
    """A case as a feed entry: Summary and Response as sanitised HTML (each section parsed once)."""
    page = settings.site_url + case_path(case)  # the body's HTML was rendered for the case page
    summary, response = (absolute_html(part, page) for part in case_sections(case.html))
    updates = [
        (UPDATE_KINDS[u.kind], f"{u.date.day} {u.date:%B %Y}", Markup(absolute_html(u.html, page)))  # noqa: S704 - nh3-clean
        for u in case.updates
    ]
    rendered = _TEMPLATES.get_template("feed_case.html.j2").render(
        summary=Markup(summary),  # noqa: S704 - sanitised by nh3 in safe_html
        response=Markup(response),  # noqa: S704 - sanitised by nh3 in safe_html
        updates=updates,
    )
    url = settings.site_url + case_path(case)
    modified = case.updates[-1].date if case.updates else None
    return Entry(url, case.title, case.date, html_text(summary), rendered, case.keywords, modified)


def correction_entries(content: Content, settings: Settings, limit: int = FEED_LIMIT) -> tuple[Entry, ...]:
    """The newest corrections and updates of every case, one entry each, linked to the case's log."""
    entries = []
    for case, index, update in newest_updates(content.cases)[:limit]:
        url = f"{settings.site_url}{case_path(case)}#{update_anchor(index)}"
        note = absolute_html(update.html, settings.site_url + case_path(case))
        rendered = _TEMPLATES.get_template("feed_update.html.j2").render(
            note=Markup(note),  # noqa: S704 - sanitised by nh3 in safe_html
            title=case.title,
            case_url=settings.site_url + case_path(case),
        )
        title = f"{UPDATE_KINDS[update.kind]}: {case.title}"
        entries.append(Entry(url, title, update.date, html_text(note), rendered, (update.kind,)))
    return tuple(entries)


def review_entry(review: Review, digest: Digest, settings: Settings) -> Entry:
    """A review as a feed entry, dated by its newest case: the introduction and the case list."""
    url = settings.site_url + review_path(digest.key)
    introduction = Markup(safe_html(review.introduction, settings.site_url + REVIEWS_FOLDER))  # noqa: S704 - nh3-clean
    cases = [(case.title, settings.site_url + case_path(case)) for case in digest.cases]
    rendered = _TEMPLATES.get_template("feed_review.html.j2").render(introduction=introduction, cases=cases)
    content = nh3.clean(rendered, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()})
    summary = f"{digest.title}: {len(digest.cases)} cases. {plain_text(review.introduction)}".strip()
    return Entry(url, review_title(review, digest), max(case.date for case in digest.cases), summary, content)


def build_feeds(
    content: Content,
    reviews: Iterable[Review],
    settings: Settings,
    limit: int = FEED_LIMIT,
    *,
    term_limit: int = TERM_FEED_LIMIT,
    terms: Terms | None = None,
    digests: Sequence[tuple[Review, Digest]] | None = None,
    previous: Previous | None = None,
) -> list[Feed]:
    """Every feed of the site (none when there are no cases), in a stable order.

    `terms` and `digests` are the build's (`Site.terms`, `digest_reviews`), computed here when
    not given. An entry whose case and settings are equal to the last build's (`previous`) is
    taken from it (4 to 5 s of a `mkdocs serve` rebuild at 20,000 cases).
    """
    if not content.cases:
        return []
    newest = content.cases[-1].date
    made = (previous or Previous()).feed_entries

    def entry(case: Case) -> Entry:
        return made.get((case, settings), None, lambda: case_entry(case, settings))

    def feed(folder: str, title: str, cases: Sequence[Case], most: int = term_limit) -> Feed:
        entries = tuple(entry(case) for case in cases[:most])
        return Feed(folder, title, entries, entries[0].date if entries else newest)

    site = settings.site_name
    feeds = [feed("", site, tuple(reversed(content.cases)), limit)]
    for narrative_id, cases in narrative_cases(content).items():
        narrative = content.narratives.get(narrative_id)
        if narrative is not None:
            feeds.append(feed(feed_folder("narratives", narrative_id), f"{site}: {narrative.title}", cases))
    if terms is None:
        terms, _problems = build_terms(content)  # slug clashes are reported with the term pages
    for taxonomy in TAXONOMIES:
        if taxonomy.key not in FEED_TAXONOMIES:
            continue
        for term in terms[taxonomy.key].values():
            feeds.append(feed(term.url, f"{site}: {term.label}", term.cases))
    corrections = correction_entries(content, settings, limit)
    updated = corrections[0].date if corrections else newest
    feeds.append(Feed(feed_folder("corrections"), f"{site}: corrections", corrections, updated))
    pairs = list(reversed(digest_reviews(content, reviews) if digests is None else digests))[:limit]
    if pairs:
        entries = tuple(
            sorted((review_entry(r, d, settings) for r, d in pairs), key=lambda e: (e.date, e.url))
        )
        feeds.append(Feed(feed_folder("reviews"), f"{site}: reviews", entries[::-1], entries[-1].date))
    made.turn()
    return feeds


def atom_feed(feed: Feed, settings: Settings) -> bytes:
    """The feed as Atom 1.0 (feedgen), deterministic for the same content."""
    generator = FeedGenerator()
    page = settings.site_url + feed.folder
    generator.id(page)
    generator.title(feed.title)
    generator.author({"name": settings.organisation, "uri": settings.organisation_url})
    generator.link(href=page, rel="alternate")
    generator.link(href=page + FEED_FORMATS[0][0], rel="self")
    generator.updated(dt.datetime.combine(feed.updated, dt.time(0), tzinfo=dt.UTC))
    generator.rights(settings.license)
    generator.generator("debunk")
    for item in feed.entries:
        entry = generator.add_entry(order="append")
        entry.id(item.url)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        entry.published(item.moment)
        entry.updated(item.modified_moment)
        entry.summary(item.summary)
        entry.content(item.content_html, type="html")
        for tag in item.tags:
            entry.category(term=tag)
    return bytes(generator.atom_str(pretty=True))


def json_feed(feed: Feed, settings: Settings) -> str:
    """The feed as JSON Feed 1.1."""
    page = settings.site_url + feed.folder
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": page,
        "feed_url": page + FEED_FORMATS[1][0],
        "authors": [{"name": settings.organisation, "url": settings.organisation_url}],
        "items": [
            {
                "id": item.url,
                "url": item.url,
                "title": item.title,
                "summary": item.summary,
                "content_html": item.content_html,
                "date_published": item.moment.isoformat().replace("+00:00", "Z"),
                **({"date_modified": _stamp(item.modified_moment)} if item.modified else {}),
                **({"tags": list(item.tags)} if item.tags else {}),
            }
            for item in feed.entries
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _feed_files(feed: Feed, settings: Settings) -> tuple[bytes, bytes]:
    return atom_feed(feed, settings), json_feed(feed, settings).encode("utf-8")


def write_feeds(
    content: Content,
    reviews: Iterable[Review],
    settings: Settings,
    site_dir: Path,
    *,
    terms: Terms | None = None,
    digests: Sequence[tuple[Review, Digest]] | None = None,
    previous: Previous | None = None,
) -> list[str]:
    """Write every feed under `site_dir`; returns the site-relative paths written, sorted.

    `terms`, `digests` and `previous` as `build_feeds`; a feed whose entries, title and dates
    are equal to the last build's is written from its bytes.
    """
    written = []
    previous = previous or Previous()
    made = previous.feed_files
    for feed in build_feeds(content, reviews, settings, terms=terms, digests=digests, previous=previous):
        files = made.get((feed, settings), None, partial(_feed_files, feed, settings))
        folder = site_dir / feed.folder
        write_file(folder / FEED_FORMATS[0][0], files[0])
        write_file(folder / FEED_FORMATS[1][0], files[1])
        written += [feed.folder + name for name, _media, _label in FEED_FORMATS]
    made.turn()
    return sorted(written)
