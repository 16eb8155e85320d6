"""The case and narrative front-matter fields: one table that the loader enforces and that
the published JSON Schema is generated from, so the two cannot disagree."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "date", "verdict", "terms", "ids", "sources", "issue"]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CASE_ID_PATTERN = r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
URL_PATTERN = r"^https?://[^\s/?#]+[^\s]*$"
MAX_TITLE_CHARS = 300
MAX_TERM_CHARS = 120
MAX_LIST_ITEMS = 50


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field."""

    name: str
    kind: Kind
    required: bool
    description: str


CASE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text", True, "The claim, as plain text, in neutral words."),
    FieldSpec("date", "date", True, "When the disinformation was published, YYYY-MM-DD."),
    FieldSpec("verdict", "verdict", True, "A verdict id from vocabularies/verdicts.yml."),
    FieldSpec("narratives", "ids", False, "Ids of recurring narratives (files in narratives/)."),
    FieldSpec("keywords", "terms", False, "Keywords from vocabularies/keywords.yml."),
    FieldSpec("countries", "terms", False, "Countries (ISO 3166 short names) or listed regions."),
    FieldSpec("languages", "terms", False, "ISO 639-1 codes of the languages it was published in."),
    FieldSpec("outlets", "terms", False, "Outlets from vocabularies/outlets.yml."),
    FieldSpec("sources", "sources", False, "Where it was published, with archived copies."),
    FieldSpec("reported_in", "issue", False, "The weekly review issue number that reported it."),
    FieldSpec("related", "ids", False, "Ids of hand-picked related cases; links become two-way."),
)

NARRATIVE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text", True, "The narrative, as plain text."),
    FieldSpec("summary", "text", True, "One plain-text sentence describing it."),
)

SOURCE_KEYS = ("url", "archive", "outlet")

FORBIDDEN_KEYS = {
    "id": "is inferred from the file name; remove it",
    "slug": "is inferred from the file name; remove it",
    "year": "is inferred from the file's folder; remove it",
    "template": "changes how the page renders and is not allowed in content files",
    "hide": "changes how the page renders and is not allowed in content files",
    "search": "changes how the page renders and is not allowed in content files",
    "layout": "changes how the page renders and is not allowed in content files",
    "status": "changes how the page renders and is not allowed in content files",
}


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    text = {"type": "string", "minLength": 1, "maxLength": MAX_TERM_CHARS}
    schemas: dict[Kind, dict[str, Any]] = {
        "text": {"type": "string", "minLength": 1, "maxLength": MAX_TITLE_CHARS},
        "date": {"type": "string", "pattern": DATE_PATTERN, "format": "date"},
        "verdict": {"type": "string", "pattern": SLUG_PATTERN},
        "terms": {"type": "array", "items": text, "uniqueItems": True, "maxItems": MAX_LIST_ITEMS},
        "ids": {
            "type": "array",
            "items": {
                "type": "string",
                "pattern": CASE_ID_PATTERN if spec.name == "related" else SLUG_PATTERN,
            },
            "uniqueItems": True,
            "maxItems": MAX_LIST_ITEMS,
        },
        "sources": {
            "type": "array",
            "maxItems": MAX_LIST_ITEMS,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["url"],
                "properties": {
                    "url": {"type": "string", "pattern": URL_PATTERN},
                    "archive": {"type": "string", "pattern": URL_PATTERN},
                    "outlet": text,
                },
            },
        },
        "issue": {"type": ["string", "integer"], "pattern": r"^[1-9][0-9]{0,5}$", "minimum": 1},
    }
    return {"description": spec.description, **schemas[spec.kind]}


def json_schema(fields: tuple[FieldSpec, ...] = CASE_FIELDS, title: str = "debunk case") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a front matter, as the strict reader returns it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://debunk.invalid/schema/" + title.replace(" ", "-") + ".schema.json",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in fields if spec.required],
        "properties": {spec.name: _field_schema(spec) for spec in fields},
    }


def schema_text(fields: tuple[FieldSpec, ...] = CASE_FIELDS, title: str = "debunk case") -> str:
    """The schema as the file `schema/case.schema.json` holds it."""
    return json.dumps(json_schema(fields, title), indent=2, ensure_ascii=False) + "\n"
