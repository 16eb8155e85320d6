"""What the open data is: the columns of the case files, the Frictionless Data Package that
describes them and the `/data/` page that explains them to readers (`debunk.publish.export` writes them)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from slugify import slugify

from debunk.content.schema import CASE_ID_PATTERN
from debunk.settings import Settings

LIST_SEPARATOR = "|"
"""Joins the values of a list column in the CSV files (`NATO|EU`); the JSON Lines file has real lists."""
CASE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "string", "The case id, `<date>-<slug>`: stable, the name of the case file."),
    ("url", "string", "The case page on the site."),
    ("title", "string", "The claim, as plain text."),
    ("date", "date", "When the disinformation was published (YYYY-MM-DD)."),
    ("published", "date", "When the debunk was published (YYYY-MM-DD)."),
    ("verdict", "string", "The verdict id."),
    ("narratives", "list", "Ids of the recurring narratives the claim repeats."),
    ("keywords", "list", "Keywords."),
    ("countries", "list", "Countries or regions the claim is about or aimed at."),
    ("languages", "list", "ISO 639-1 codes of the languages it was published in."),
    ("outlets", "list", "Outlets that published it."),
    (
        "sources",
        "array",
        "JSON list of the publications: {url, archive, outlet}; archive and outlet may be null.",
    ),
    ("reported_in", "integer", "The weekly review issue that reported it, if any."),
    ("related", "list", "Ids of hand-picked related cases."),
    ("summary", "string", "What was claimed (Markdown)."),
    ("response", "string", "Why it is false or misleading (Markdown)."),
    (
        "updates",
        "array",
        "JSON list of corrections and updates, oldest first: {date, kind, note}; note is Markdown.",
    ),
)
"""(column, Table Schema type, description) of the CSV files; the keys of each line of `cases.jsonl.gz`."""
FILES: tuple[tuple[str, str, str], ...] = (
    (
        "cases.csv.gz",
        "CSV (UTF-8, comma-separated, one row per case), gzip-compressed",
        "Every case with every field. List values are joined with `\\|`; `sources` holds a JSON list.",
    ),
    (
        "cases.jsonl.gz",
        "JSON Lines (one JSON object per line), gzip-compressed",
        "The same cases and fields, with real lists: the easiest file for programs.",
    ),
    (
        "claimreview-feed.json.gz",
        "schema.org DataFeed (JSON-LD), gzip-compressed",
        "A ClaimReview for every case, for fact-check aggregators.",
    ),
    (
        "datapackage.json",
        "Frictionless Data Package",
        "Describes every file here, each year's too: columns, types, license, sizes and SHA-256 hashes.",
    ),
    (
        "case.schema.json",
        "JSON Schema (draft 2020-12)",
        "The front matter of a case file, for editors and tools.",
    ),
)
"""(file, format, what it holds) of every export file, for the data page."""


def license_url(license_id: str) -> str:
    """The SPDX page of a license id: where the data's license is explained."""
    return f"https://spdx.org/licenses/{license_id}.html"


def _table_schema() -> dict[str, Any]:
    fields: list[dict[str, Any]] = []
    for name, kind, description in CASE_COLUMNS:
        field: dict[str, Any] = {"name": name, "type": kind, "description": description}
        if kind == "list":
            field |= {"delimiter": LIST_SEPARATOR, "itemType": "string"}
        if name in {"id", "title", "date", "published", "verdict", "url", "summary", "response"}:
            field["constraints"] = {"required": True}
        if name == "id":
            field["constraints"] |= {"unique": True, "pattern": CASE_ID_PATTERN}
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def _resource(name: str, data: bytes, **extra: Any) -> dict[str, Any]:
    return {
        "name": name.replace(".", "-"),
        "path": name,
        **extra,
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }


def _described(name: str, data: bytes) -> dict[str, Any]:
    """The resource of one export file, told by its name: a year's part, a whole gzip file, or the schema."""
    if name.endswith(".gz"):
        return _resource(name, data, type="file", format="gz", mediatype="application/gzip")
    if name.endswith(".csv"):
        return _resource(
            name,
            data,
            type="table",
            format="csv",
            mediatype="text/csv",
            profile="tabular-data-resource",
            schema=_table_schema(),
        )
    if name.endswith(".jsonl"):
        return _resource(name, data, type="file", format="jsonl", mediatype="application/jsonl")
    if name == "case.schema.json":
        return _resource(name, data, type="file", format="json", mediatype="application/schema+json")
    return _resource(name, data, type="file", format="json", mediatype="application/ld+json")


def datapackage(settings: Settings, files: dict[str, bytes]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the export files: one resource for each file
    (each year's part its own, so that a reader takes the years it needs), this one excepted."""
    return {
        "name": slugify(settings.site_name) or "debunk",
        "title": settings.site_name,
        "homepage": settings.site_url,
        "licenses": [{"name": settings.license, "path": license_url(settings.license)}],
        "resources": [_described(name, data) for name, data in files.items() if name != "datapackage.json"],
    }


def _year_rows(years: Mapping[int, int]) -> list[str]:
    """One row for each year's part: its case count and its two files."""
    return [
        f"| {year} | {count} | [`cases-{year}.csv`](cases-{year}.csv)"
        f" | [`claimreview-feed-{year}.json`](claimreview-feed-{year}.json) |"
        for year, count in sorted(years.items(), reverse=True)
    ]


def data_page_markdown(settings: Settings, years: Mapping[int, int] | None = None) -> str:
    """The `/data/` page: what each file holds, its format, each year's part ({year: cases}),
    the columns and the license."""
    lines = [
        "# Open data",
        "",
        f"Every case of {settings.site_name} as data, rebuilt with the site. Ids are stable: a case keeps "
        "its id, which is also the name of its page and of its file.",
        "",
        f"**License:** the data is published under [{settings.license}]({license_url(settings.license)}).",
        "",
        "| File | Format | What it holds |",
        "| --- | --- | --- |",
        *(f"| [`{name}`]({name}) | {kind} | {what} |" for name, kind, what in FILES),
        "",
        "## By year",
        "",
        "The CSV and the ClaimReview feed, one file for each year of the claims' dates, uncompressed: "
        "a spreadsheet opens a year's CSV as it is, and an aggregator fetches the feed of the years it "
        "needs. A new case changes only its year's files.",
        "",
        "| Year | Cases | CSV | ClaimReview feed |",
        "| --- | ---: | --- | --- |",
        *_year_rows(years or {}),
        "",
        "## Columns of the CSV files",
        "",
        "| Column | Type | Meaning |",
        "| --- | --- | --- |",
        *(f"| `{name}` | {kind} | {description} |" for name, kind, description in CASE_COLUMNS),
        "",
        "Lists are joined with `|` in the CSV files; an empty cell is an empty list or no value. Each line "
        "of `cases.jsonl.gz` is one case with the same keys. `debunk import debunk cases.jsonl.gz` (or "
        "`cases.csv.gz`, or the `cases-<year>.csv` files) reads them back into case files.",
        "",
        "Earlier versions published `cases.csv`, `cases.jsonl` and `claimreview-feed.json` uncompressed: "
        "the same files are now `cases.csv.gz`, `cases.jsonl.gz` and `claimreview-feed.json.gz` "
        "(pandas, R and `zcat` read them as they are), with each year's CSV and feed beside them.",
        "",
        "What each `verdict` means, and its schema.org rating: the [ratings page](../ratings/index.md).",
        "",
        "## One case or one term at a time",
        "",
        "For tools that follow one case or one keyword, every case and every term also has a JSON file "
        "at a stable address ([`api/index.json`](../api/index.json) lists them):",
        "",
        "| File | What it holds |",
        "| --- | --- |",
        "| `api/cases/<id>.json` | Every field above, the verdict's label and rating, the ClaimReview, and "
        "the related cases shown on the case page with the reasons |",
        "| `api/<taxonomy>/<slug>.json` | A narrative, keyword, country, language or outlet: its page, "
        "its feed and the ids of its cases, newest first |",
        "",
        "Both are described by JSON Schemas: [`api/case.schema.json`](../api/case.schema.json) and "
        "[`api/term.schema.json`](../api/term.schema.json). Fields may be added; a field that changes "
        "meaning or goes away raises `version`.",
        "",
    ]
    return "\n".join(lines)
