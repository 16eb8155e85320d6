"""The `/ratings/` page: what each verdict means, and its schema.org rating (`vocabularies/verdicts.yml`).

Each verdict has its own anchor (`/ratings/#misleading`), which a case's verdict badge links to.
"""

from __future__ import annotations

from debunk.site.pages.base import GeneratedPage, Site

RATINGS_URI = "ratings/index.md"
BEST_RATING, WORST_RATING = 5, 1
"""The ClaimReview scale every rating is on (`debunk.publish.claimreview`)."""


def ratings_page(site: Site) -> GeneratedPage:
    """Every verdict in the vocabulary's order: label, description, rating and how many cases carry it."""
    counts: dict[str, int] = {}
    for case in site.content.cases:
        counts[case.verdict] = counts.get(case.verdict, 0) + 1
    verdicts = [
        {
            "id": verdict.id,
            "label": verdict.label,
            "description": verdict.description,
            "rating": verdict.rating,
            "count": counts.get(verdict.id, 0),
        }
        for verdict in site.content.vocabularies.verdicts.values()
    ]
    data = {
        "kind": "ratings",
        "title": "Ratings",
        "description": f"What each verdict of {site.settings.site_name} means",
        "verdicts": verdicts,
        "best": BEST_RATING,
        "worst": WORST_RATING,
    }
    return GeneratedPage(
        RATINGS_URI, "", {"template": "ratings.html", "title": "Ratings", "debunk": data}, None, "ratings"
    )
