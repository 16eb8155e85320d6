"""schema.org ClaimReview of a case: for JSON-LD on case pages and for the ClaimReview data feed."""

from __future__ import annotations

from typing import Any

from debunk.content.dates import CaseDates, case_dates
from debunk.content.vocab import Verdict
from debunk.model import Case
from debunk.settings import Settings
from debunk.site.paths import case_path


def _organisation(name: str, url: str | None = None) -> dict[str, Any]:
    organisation: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        organisation["url"] = url
    return organisation


def _appearances(case: Case) -> list[dict[str, Any]]:
    """Each source as a CreativeWork, with its archived copy and outlet when known."""
    works = []
    for source in case.sources:
        work: dict[str, Any] = {"@type": "CreativeWork", "url": source.url}
        if source.archive:
            work["archivedAt"] = source.archive
        if source.outlet:
            work["author"] = _organisation(source.outlet)
        works.append(work)
    return works


def claim_review(
    case: Case, settings: Settings, verdict: Verdict, dates: CaseDates | None = None
) -> dict[str, Any]:
    """The ClaimReview of a case as a JSON-ready dict (https://schema.org/ClaimReview): dated
    by the debunk (`dates`, from `debunk.content.dates`), its `itemReviewed` by the claim."""
    dates = dates or case_dates([case])[case.id]
    claim: dict[str, Any] = {"@type": "Claim", "datePublished": case.date.isoformat()}
    appearances = _appearances(case)
    if appearances:
        claim["appearance"] = appearances
    if case.outlets:
        claim["author"] = _organisation(case.outlets[0])
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.site_url + case_path(case),
        "claimReviewed": case.title,
        "datePublished": dates.published.isoformat(),
        "author": _organisation(settings.organisation, settings.organisation_url),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": verdict.label,
            "name": verdict.label,
        },
        "itemReviewed": claim,
    }
    if dates.modified is not None:
        review["dateModified"] = dates.modified.isoformat()
    return review
