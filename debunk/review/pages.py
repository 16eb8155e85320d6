"""Review pages: each review's digest as plain template data, and the `/reviews/` archive.

URLs in the data are site-relative (`cases/2022/<id>/`): site templates make them relative to
the page with MkDocs' `| url` filter; the email passes an absolute-URL function instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from debunk.content.repository import Content
from debunk.model import Case
from debunk.render.commonmark import render_text
from debunk.review.digest import Bar, Count, Digest, EmptySelectionError, Trend, build_digest
from debunk.review.files import Review
from debunk.review.selection import SINGULAR, Periods, Selection
from debunk.settings import Settings
from debunk.site.chart import period_chart
from debunk.site.pages import GeneratedPage
from debunk.site.paths import (
    REVIEW_INDEX_URI,
    case_path,
    feed_links,
    review_emails,
    review_path,
    review_uri,
    term_path,
)

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

Link = Callable[[str], str]
"""Turns a site-relative path into the URL a template writes."""


def digest_reviews(content: Content, reviews: Iterable[Review]) -> list[tuple[Review, Digest]]:
    """Each review with its digest in publication order (see `_sequence`); empty reviews left out.

    `load_reviews` already reports a review that selects nothing, so it is skipped quietly here.
    """
    periods = Periods.of(content.cases)
    found = []
    for review in reviews:
        try:
            found.append((review, build_digest(content, review.selection, periods)))
        except EmptySelectionError:
            continue
    return sorted(found, key=lambda pair: _sequence(pair[0].selection))


def _sequence(selection: Selection) -> tuple[int, int, str]:
    """Issues in number order, then weeks in calendar order (a publication normally uses one kind)."""
    if selection.issue is not None:
        return (0, selection.issue, "")
    return (1, 0, str(selection.week))


def date_range(digest: Digest) -> str:
    """`16-22 November 2026`, `28 November - 4 December 2026`, across years in full."""
    start, end = digest.start, digest.end
    last = f"{end.day} {_MONTHS[end.month - 1]} {end.year}"
    if start == end:
        return last
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{last}"
    first = f"{start.day} {_MONTHS[start.month - 1]}" + ("" if start.year == end.year else f" {start.year}")
    return f"{first} \u2013 {last}"


def review_title(review: Review, digest: Digest) -> str:
    """The editor's headline, or `Review 321`."""
    return review.title or digest.title


def _case_item(case: Case, content: Content, link: Link) -> dict[str, Any]:
    verdicts = content.vocabularies.verdicts
    return {
        "id": case.id,
        "title": case.title,
        "url": link(case_path(case)),
        "date": case.date.isoformat(),
        "date_label": f"{case.date.day} {_MONTHS[case.date.month - 1]} {case.date.year}",
        "verdict": verdicts[case.verdict].label if case.verdict in verdicts else case.verdict,
        "verdict_id": case.verdict,
        "countries": list(case.countries),
        "outlets": list(case.outlets),
        "languages": [content.vocabularies.language_name(code) for code in case.languages],
    }


def _counts(kind: str, counts: Sequence[Count], link: Link) -> list[dict[str, Any]]:
    return [{"label": c.label, "url": link(term_path(kind, c.name)), "count": c.count} for c in counts]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 case`, `2 cases`, `0 cases` (`many` for irregular plurals)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def trend_phrase(trend: Trend, unit: str, compared: int) -> str:
    """The trend in plain words: `2 cases this week; usually fewer than 1`."""
    now = f"{plural(trend.count, 'case')} this {unit}"
    if not any(trend.previous):
        return f"{now}; none in the {plural(compared, unit)} before" if compared else now
    history = trend.previous[-compared:]
    average = sum(history) / len(history)
    if average < 1:
        usual = "usually fewer than 1"
    elif average == int(average):
        usual = f"usually {int(average)}"
    else:
        usual = f"usually {int(average)} or {int(average) + 1}"
    article = "an" if unit[0] in "aeiou" else "a"
    return f"{now}; {usual} {article} {unit} in the {plural(compared, unit)} before"


def _trends(trends: Sequence[Trend], link: Link, unit: str, compared: int) -> list[dict[str, Any]]:
    return [
        {
            "title": trend.title,
            "url": link(term_path("narratives", trend.narrative)),
            "count": trend.count,
            "previous": list(trend.previous),
            "average": round(trend.average, 2),
            "phrase": trend_phrase(trend, unit, compared),
        }
        for trend in trends
    ]


def _groups(digest: Digest, content: Content, link: Link) -> list[dict[str, Any]]:
    groups = []
    for group in digest.groups:
        keywords = [
            {
                "label": sub.label,
                "heading": f"Keyword: {sub.keyword}" if sub.keyword else "No keyword",
                "url": link(term_path("keywords", sub.keyword)) if sub.keyword else None,
                "count": len(sub.cases),
                "cases": [_case_item(case, content, link) for case in sub.cases],
            }
            for sub in group.keywords
        ]
        url = link(term_path("narratives", group.narrative)) if group.narrative else None
        heading = f"Narrative: {group.title}" if group.narrative else "No narrative"
        groups.append(
            {"title": group.title, "heading": heading, "url": url, "count": group.count, "keywords": keywords}
        )
    return groups


def chart_data(bars: Sequence[Bar]) -> dict[str, Any]:
    """The review's chart (`debunk.site.chart.period_chart`): per day, or per ISO week for a long issue."""
    unit = "day" if len(bars) < 2 or (bars[1].start - bars[0].start).days == 1 else "week"
    return period_chart([(bar.start, bar.count) for bar in bars], unit).data()


def digest_data(review: Review, digest: Digest, content: Content, link: Link) -> dict[str, Any]:
    """Everything a review page or email shows, as plain JSON-able values."""
    selection = digest.selection
    filters = [
        {"name": name, "label": ("not " if name.startswith("exclude_") else "")
         + SINGULAR[name.removeprefix("exclude_")], "values": list(values)}
        for name, values in selection.filters.items()
    ]  # fmt: skip
    count = len(digest.cases)
    unit = "issue" if selection.issue is not None else "week"
    return {
        "kind": "review",
        "key": digest.key,
        "title": review_title(review, digest),
        "heading": digest.title,
        "period": {
            "start": digest.start.isoformat(),
            "end": digest.end.isoformat(),
            "label": date_range(digest),
        },
        "selection": {"issue": selection.issue, "week": selection.week, "filters": filters},
        "count": count,
        "count_label": plural(count, "case"),
        "unit": unit,
        "description": f"{digest.title}: {plural(count, 'debunked case')}, {date_range(digest)}.",
        "groups": _groups(digest, content, link),
        "countries": _counts("countries", digest.countries, link),
        "languages": _counts("languages", digest.languages, link),
        "outlets": _counts("outlets", digest.outlets, link),
        "new_narratives": _trends(digest.new_narratives, link, unit, len(digest.compared)),
        "rising_narratives": _trends(digest.rising_narratives, link, unit, len(digest.compared)),
        "compared": list(digest.compared),
        "chart": chart_data(digest.chart),
        "url": link(review_path(digest.key)),
    }


def _neighbour(pair: tuple[Review, Digest] | None) -> dict[str, str] | None:
    if pair is None:
        return None
    return {"title": review_title(*pair), "url": review_path(pair[1].key)}


def build_review_pages(
    content: Content,
    reviews: Iterable[Review],
    settings: Settings,
    digests: Sequence[tuple[Review, Digest]] | None = None,
) -> list[GeneratedPage]:
    """A page per review (`reviews/<key>.md`), plus the archive `reviews/index.md` (when any);
    `digests` as `digest_reviews` returns them (a build computes them once)."""
    pairs = digest_reviews(content, reviews) if digests is None else list(digests)
    feeds = feed_links("reviews", "", settings)
    pages = []
    for index, (review, digest) in enumerate(pairs):
        data = digest_data(review, digest, content, str)
        data["previous"] = _neighbour(pairs[index - 1] if index > 0 else None)
        data["next"] = _neighbour(pairs[index + 1] if index + 1 < len(pairs) else None)
        data["email"] = review_emails(digest.key)
        data["feeds"] = feeds
        meta = {"template": "review.html", "title": data["title"], "debunk": data}
        uri = review_uri(digest.key)
        # Read from its file, the introduction comes rendered from the tokens that were checked.
        introduction = review.html if review.html is not None else render_text(review.introduction, uri).html
        pages.append(GeneratedPage(uri, introduction, meta, review.path, "review"))
    pages.append(archive_page(pairs, feeds if pairs else []))  # always: the navigation links to it
    return pages


def archive_page(pairs: Sequence[tuple[Review, Digest]], feeds: list[dict[str, str]]) -> GeneratedPage:
    """`/reviews/`: every review, newest first."""
    items = [
        {
            "title": review_title(review, digest),
            "heading": digest.title,
            "url": review_path(digest.key),
            "period": date_range(digest),
            "count": len(digest.cases),
            "count_label": plural(len(digest.cases), "case"),
        }
        for review, digest in reversed(pairs)
    ]
    data = {
        "kind": "review-index",
        "title": "Reviews",
        "reviews": items,
        "count": len(items),
        "description": f"{plural(len(items), 'weekly review')} of debunked disinformation"
        if items
        else "No weekly review has been published yet.",
        "feeds": feeds,
    }
    meta = {"template": "review.html", "title": "Reviews", "debunk": data}
    return GeneratedPage(REVIEW_INDEX_URI, "", meta, None, "review-index")
