"""The case and narrative front-matter fields: one table that the loader enforces and that
the published JSON Schema is generated from, so the two cannot disagree."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "date", "verdict", "terms", "ids", "sources", "issue", "updates", "status"]

# Patterns must mean the same in Python's `re` (which python-jsonschema uses) and in ECMA 262
# (JSON Schema's dialect, used by editors): so [0-9], not \d, and the string ends with
# `(?![\s\S])`, not `$`, which in Python also matches before a final newline.
_END = r"(?![\s\S])"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*" + _END
CASE_ID_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*" + _END
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}" + _END
ISSUE_PATTERN = r"^[1-9][0-9]{0,5}" + _END
URL_PATTERN = r"^https?://[^\s/?#]+[^\s]*" + _END
TEXT_PATTERN = r"^\S(?:.*\S)?" + _END
"""One line of text without leading or trailing spaces."""
MAX_TITLE_CHARS = 300
MAX_TERM_CHARS = 120
MAX_URL_CHARS = 2000
MAX_LIST_ITEMS = 50
MAX_ISSUE = 999_999
SCHEMA_DIR = "schema"


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

UPDATE_KINDS = {"correction": "Corrected", "clarification": "Clarified", "update": "Updated"}
"""The kinds of `updates` entry, with the word a reader sees before its date."""
UPDATE_KEYS = ("date", "kind", "note")
MAX_NOTE_CHARS = 1000
CORRECTION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("published", "date", False, "When the debunk was published, YYYY-MM-DD (default: git's add)."),
    FieldSpec("updates", "updates", False, "Corrections, clarifications and updates, oldest first."),
)
"""The fields of corrections in the open (issue 26), kept together."""
CASE_FIELDS += CORRECTION_FIELDS
STATUSES = ("published", "draft")
"""`status` values: `draft` holds a case back from the site; `published` is the default."""
HELD_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("status", "status", False, "'draft' keeps the case off the site; 'published' (the default)."),
    FieldSpec("publish_on", "date", False, "The day the case is published (YYYY-MM-DD); held until then."),
)
"""The fields that hold a case back from the published site (`debunk.content.held`)."""
CASE_FIELDS += HELD_FIELDS

NARRATIVE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text", True, "The narrative, as plain text."),
    FieldSpec("summary", "text", True, "One plain-text sentence describing it."),
)

SOURCE_KEYS = ("url", "archive", "outlet")

CASE_DERIVED_FIELDS = {
    "id": "the file stem, inferred from the file's location",
    "path": "the file's path, relative to the repository root",
    "summary": "the '## Summary' section of the body",
    "response": "the '## Response' section of the body",
    "lines": "the line of each front-matter value, for messages",
    "html": "the body rendered from the tokens its checks read (debunk.render.commonmark)",
}
"""`Case` attributes that do not come from a front-matter field, so are not in the schema."""

NARRATIVE_DERIVED_FIELDS = {
    "id": "the file stem",
    "path": "the file's path, relative to the repository root",
    "description": "the body of the file",
    "html": "the description rendered from the tokens its checks read (debunk.render.commonmark)",
}
"""`Narrative` attributes that do not come from a front-matter field."""

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
"""Not allowed in a file unless its own field table has the name (a case's `status`)."""


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    text = {"type": "string", "pattern": TEXT_PATTERN, "maxLength": MAX_TERM_CHARS}
    url = {"type": "string", "pattern": URL_PATTERN, "maxLength": MAX_URL_CHARS}
    schemas: dict[Kind, dict[str, Any]] = {
        "text": {"type": "string", "pattern": TEXT_PATTERN, "maxLength": MAX_TITLE_CHARS},
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
                    "url": url,
                    "archive": url,
                    "outlet": text,
                },
            },
        },
        "updates": _updates_schema(),
        "status": {"type": "string", "enum": list(STATUSES)},
        "issue": {
            "type": ["string", "integer"],
            "pattern": ISSUE_PATTERN,
            "minimum": 1,
            "maximum": MAX_ISSUE,
        },
    }
    return {"description": spec.description, **schemas[spec.kind]}


def _updates_schema() -> dict[str, Any]:
    """A list of `{date, kind, note}` entries."""
    return {
        "type": "array",
        "maxItems": MAX_LIST_ITEMS,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": list(UPDATE_KEYS),
            "properties": {
                "date": {"type": "string", "pattern": DATE_PATTERN, "format": "date"},
                "kind": {"enum": list(UPDATE_KINDS)},
                "note": {"type": "string", "minLength": 1, "maxLength": MAX_NOTE_CHARS},
            },
        },
    }


def json_schema(fields: tuple[FieldSpec, ...] = CASE_FIELDS, title: str = "debunk case") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a front matter, as the strict reader returns it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://debunk.invalid/schema/{_file_name(title)}",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in fields if spec.required],
        "properties": {spec.name: _field_schema(spec) for spec in fields},
    }


def _file_name(title: str) -> str:
    """`debunk case` -> `case.schema.json`."""
    return title.rsplit(maxsplit=1)[-1] + ".schema.json"


def schema_text(fields: tuple[FieldSpec, ...] = CASE_FIELDS, title: str = "debunk case") -> str:
    """The schema as the file `schema/case.schema.json` holds it."""
    return json.dumps(json_schema(fields, title), indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """The published schema files, by path relative to the repository root."""
    return {
        f"{SCHEMA_DIR}/{_file_name(title)}": schema_text(fields, title)
        for fields, title in ((CASE_FIELDS, "debunk case"), (NARRATIVE_FIELDS, "debunk narrative"))
    }


def schema_diff(rel: str, current: str | None, expected: str) -> str:
    """A unified diff from a schema file as committed (None: missing) to what it should be."""
    lines = difflib.unified_diff(
        (current or "").splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"{rel} (committed)" if current is not None else "/dev/null",
        tofile=f"{rel} (generated)",
    )
    return "".join(lines)
