"""Data for tools: one JSON file per case and per term, at stable addresses, with JSON Schemas.

- `/api/cases/<id>.json`: every field of the case (as in `cases.jsonl.gz`), its verdict's label and
  rating, its ClaimReview, and the related cases shown on its page with the reasons.
- `/api/<taxonomy>/<slug>.json` (narratives, keywords, countries, languages, outlets): the term,
  its page and feed, and its case ids, newest first.
- `/api/index.json` lists the taxonomies and where the files are; `/api/case.schema.json` and
  `/api/term.schema.json` describe the files (JSON Schema 2020-12, generated from the same
  column table as the CSV files, so they cannot drift apart).

Every file is compact JSON (`compact_json`: 4.1 KB a case where indented it was 5.0 KB), its keys
in the order written here. A case's file is made again only when its inputs changed (`ApiMemo`,
handed from one build to the next by `mkdocs serve`); the bytes are deterministic, so a rebuilt
file equals a clean one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from debunk.content.schema import CASE_ID_PATTERN
from debunk.content.vocab import Verdict
from debunk.model import Case
from debunk.publish.claimreview import claim_review
from debunk.publish.export import WHOLE_FEED, case_record, compact_json
from debunk.publish.opendata import CASE_COLUMNS
from debunk.settings import Settings
from debunk.site.pages.base import Site
from debunk.site.paths import API, DATA_FOLDER, FEED_TAXONOMIES, case_api_path, case_path, feed_folder
from debunk.site.taxonomy import Term

VERSION = 1
"""The shape of the files; raised when a field changes meaning or goes away (added fields keep it)."""
_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "list": {"type": "array", "items": {"type": "string"}},
    "integer": {"type": ["integer", "null"]},
    "array": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["url", "archive", "outlet"],
            "properties": {
                "url": {"type": "string", "format": "uri"},
                "archive": {"type": ["string", "null"], "format": "uri"},
                "outlet": {"type": ["string", "null"]},
            },
            "additionalProperties": False,
        },
    },
}


def term_api_path(term: Term) -> str:
    return f"{API}{term.taxonomy}/{term.slug}.json"


def case_data(case: Case, site: Site, verdict: Verdict) -> dict[str, Any]:
    """Everything a tool needs of one case, JSON-ready."""
    settings = site.settings
    record = case_record(case, settings)
    related = [
        {
            "id": item.case.id,
            "url": settings.site_url + case_path(item.case),
            "api": settings.site_url + case_api_path(item.case.id),
            "reasons": list(item.reasons),
        }
        for item in site.related.get(case.id, ())
    ]
    return {
        "version": VERSION,
        **record,
        "api": settings.site_url + case_api_path(case.id),
        "verdict_label": verdict.label,
        "rating": verdict.rating,
        "related_cases": related,
        "claimreview": claim_review(case, settings, verdict),
    }


def term_data(term: Term, settings: Settings) -> dict[str, Any]:
    """A term, its page, its feed and its case ids, newest first."""
    data: dict[str, Any] = {
        "version": VERSION,
        "taxonomy": term.taxonomy,
        "name": term.name,
        "label": term.label,
        "url": settings.site_url + term.url,
        "api": settings.site_url + term_api_path(term),
        "count": len(term.cases),
        "cases": [case.id for case in term.cases],
    }
    if term.taxonomy in {*FEED_TAXONOMIES, "narratives"}:
        data["feed"] = settings.site_url + feed_folder(term.taxonomy, term.name) + "feed.json"
    return data


@dataclass
class ApiMemo:
    """The last build's case files by case id, with the inputs they were made from."""

    cases: dict[str, tuple[object, bytes]] = field(default_factory=dict)


def _verdict(site: Site, case: Case) -> Verdict:
    verdicts = site.content.vocabularies.verdicts
    return verdicts.get(case.verdict) or Verdict(case.verdict, case.verdict, "", 1)


def api_files(site: Site, memo: ApiMemo | None = None) -> Iterator[tuple[str, bytes]]:
    """(site-relative path, bytes) of every API file, in a stable order; `memo` is updated.

    Without a `memo` (`mkdocs build`: no next build to reuse them) no file is kept: at 20,000
    cases the case files are 93 MB, which the build's peak memory carried until its end.
    """
    made: dict[str, tuple[object, bytes]] = {}
    last_build = memo.cases if memo is not None else {}
    for case in site.content.cases:
        verdict = _verdict(site, case)
        related = tuple((item.case.id, item.reasons) for item in site.related.get(case.id, ()))
        inputs = (case, site.settings, verdict, related)
        last = last_build.get(case.id)
        if last is None or last[0] != inputs:
            last = (inputs, compact_json(case_data(case, site, verdict)))
        if memo is not None:
            made[case.id] = last
        yield case_api_path(case.id), last[1]
    if memo is not None:
        memo.cases = made
    for term in all_terms(site):
        yield term_api_path(term), compact_json(term_data(term, site.settings))
    yield f"{API}index.json", compact_json(api_index(site))
    yield f"{API}case.schema.json", compact_json(case_schema(site.settings))
    yield f"{API}term.schema.json", compact_json(term_schema(site.settings))


def all_terms(site: Site) -> list[Term]:
    """Every term with a page, the narratives included, by taxonomy then name."""
    narratives = [
        Term("narratives", key, narrative.title, key, site.narratives.get(key, ()))
        for key, narrative in site.content.narratives.items()
    ]
    terms = [term for taxonomy in site.terms.values() for term in taxonomy.values()] + narratives
    return sorted(terms, key=lambda term: (term.taxonomy, term.name))


def api_index(site: Site) -> dict[str, Any]:
    """What the API holds and where: the entry point for a tool."""
    url = site.settings.site_url
    return {
        "version": VERSION,
        "cases": {"count": len(site.content.cases), "url": f"{url}{API}cases/{{id}}.json"},
        "taxonomies": {
            taxonomy: {"count": count, "url": f"{url}{API}{taxonomy}/{{slug}}.json"}
            for taxonomy, count in sorted(
                [(key, len(terms)) for key, terms in site.terms.items()]
                + [("narratives", len(site.content.narratives))]
            )
        },
        "schemas": {"case": f"{url}{API}case.schema.json", "term": f"{url}{API}term.schema.json"},
        "bulk": {  # the whole files, gzip-compressed; the data package lists each year's part too
            "jsonl": f"{url}{DATA_FOLDER}cases.jsonl.gz",
            "csv": f"{url}{DATA_FOLDER}cases.csv.gz",
            "claimreview": f"{url}{DATA_FOLDER}{WHOLE_FEED}.gz",
            "datapackage": f"{url}{DATA_FOLDER}datapackage.json",
        },
    }


def _schema(settings: Settings, name: str, title: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{settings.site_url}{API}{name}.schema.json",
        "title": title,
        "type": "object",
    }


def case_schema(settings: Settings) -> dict[str, Any]:
    """The JSON Schema of `/api/cases/<id>.json`, from the columns of the CSV files."""
    properties: dict[str, Any] = {"version": {"const": VERSION}}
    for name, kind, description in CASE_COLUMNS:
        properties[name] = {**_TYPES[kind], "description": description}
    properties["id"]["pattern"] = CASE_ID_PATTERN
    properties["url"]["format"] = "uri"
    properties |= {
        "api": {"type": "string", "format": "uri", "description": "This file's address."},
        "verdict_label": {"type": "string", "description": "The verdict as readers see it."},
        "rating": {"type": "integer", "minimum": 1, "maximum": 5, "description": "schema.org ratingValue."},
        "related_cases": {
            "type": "array",
            "description": "The related cases shown on the case page, most related first, with why.",
            "items": {
                "type": "object",
                "required": ["id", "url", "api", "reasons"],
                "properties": {
                    "id": {"type": "string", "pattern": CASE_ID_PATTERN},
                    "url": {"type": "string", "format": "uri"},
                    "api": {"type": "string", "format": "uri"},
                    "reasons": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                },
                "additionalProperties": False,
            },
        },
        "claimreview": {
            "type": "object",
            "description": "The schema.org ClaimReview of the case, as on its page.",
            "required": ["@context", "@type", "url", "claimReviewed", "reviewRating", "itemReviewed"],
            "properties": {"@type": {"const": "ClaimReview"}},
        },
    }
    required = [name for name in properties if name not in {"reported_in"}]
    return _schema(settings, "case", "A debunked case") | {
        "required": required,
        "properties": properties,
        "additionalProperties": True,
    }


def term_schema(settings: Settings) -> dict[str, Any]:
    """The JSON Schema of `/api/<taxonomy>/<slug>.json`."""
    text = {"type": "string"}
    uri = {"type": "string", "format": "uri"}
    properties = {
        "version": {"const": VERSION},
        "taxonomy": {"enum": ["countries", "keywords", "languages", "narratives", "outlets"]},
        "name": {**text, "description": "The term as cases store it (a language's ISO 639-1 code)."},
        "label": {**text, "description": "The term as readers see it."},
        "url": uri,
        "api": uri,
        "feed": {**uri, "description": "Its JSON Feed (every taxonomy but outlets)."},
        "count": {"type": "integer", "minimum": 0},
        "cases": {
            "type": "array",
            "items": {"type": "string", "pattern": CASE_ID_PATTERN},
            "description": "Ids of its cases, newest first: /api/cases/<id>.json has each.",
        },
    }
    required = [name for name in properties if name != "feed"]
    return _schema(settings, "term", "A narrative, keyword, country, language or outlet") | {
        "required": required,
        "properties": properties,
        "additionalProperties": True,
    }


def write_api(site: Site, site_dir: Path, memo: ApiMemo | None = None) -> list[str]:
    """Write every API file under `site_dir`; the site-relative paths, in a stable order."""
    written = []
    folders: set[Path] = set()
    for path, data in api_files(site, memo):
        target = site_dir / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_bytes(data)
        written.append(path)
    return written
