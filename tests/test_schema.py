"""The published JSON Schema and the loader agree: same fields, same shapes, same verdicts."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CASE, FORMAT_FIXTURES, REPO_ROOT, Repo
from jsonschema import Draft202012Validator

from debunk.cli import main
from debunk.content.files import content_files
from debunk.content.frontmatter import read_document
from debunk.content.schema import (
    CASE_DERIVED_FIELDS,
    CASE_FIELDS,
    NARRATIVE_DERIVED_FIELDS,
    NARRATIVE_FIELDS,
    SOURCE_KEYS,
    json_schema,
    schema_files,
    schema_text,
)
from debunk.model import Case, Narrative, Severity, Source

CASE_SCHEMA = REPO_ROOT / "schema/case.schema.json"
NARRATIVE_SCHEMA = REPO_ROOT / "schema/narrative.schema.json"


def validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def front(path: Path) -> dict[str, Any]:
    document = read_document(path.read_bytes())
    assert not isinstance(document, list), document
    return document.meta


def test_committed_schema_files_are_generated() -> None:
    files = schema_files()
    assert sorted(files) == ["schema/case.schema.json", "schema/narrative.schema.json"]
    for rel, text in files.items():
        assert (REPO_ROOT / rel).read_text(encoding="utf-8") == text, f"run 'debunk schema' to update {rel}"
    assert files["schema/case.schema.json"] == schema_text(CASE_FIELDS, "debunk case")
    assert files["schema/narrative.schema.json"] == schema_text(NARRATIVE_FIELDS, "debunk narrative")


def test_schema_check_command(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schema", "--check", "--root", str(REPO_ROOT)]).exit_code == 0
    root = tmp_path / "repo"
    result = runner.invoke(main, ["schema", "--check", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stdout.startswith("--- /dev/null\n+++ schema/case.schema.json (generated)\n")
    assert result.stderr == "2 schema file(s) out of date; run 'debunk schema' to update\n"
    assert not root.exists()
    result = runner.invoke(main, ["schema", "--root", str(root)])
    assert (result.exit_code, result.stdout) == (
        0,
        "wrote schema/case.schema.json\nwrote schema/narrative.schema.json\n",
    )
    stale = root / "schema/case.schema.json"
    stale.write_text(
        stale.read_text(encoding="utf-8").replace('"maxLength": 300', '"maxLength": 200'), "utf-8"
    )
    result = runner.invoke(main, ["schema", "--check", "--root", str(root)])
    assert result.exit_code == 1
    assert '-      "maxLength": 200\n+      "maxLength": 300\n' in result.stdout
    assert result.stderr == "1 schema file(s) out of date; run 'debunk schema' to update\n"
    assert runner.invoke(main, ["schema", "--root", str(root)]).stdout == "wrote schema/case.schema.json\n"
    assert runner.invoke(main, ["schema", "--check", "--root", str(root)]).exit_code == 0


def test_schema_properties_are_the_field_table() -> None:
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    assert list(schema["properties"]) == [spec.name for spec in CASE_FIELDS]
    assert (
        schema["required"]
        == [spec.name for spec in CASE_FIELDS if spec.required]
        == ["title", "date", "verdict"]
    )
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]["sources"]["items"]["properties"]) == list(SOURCE_KEYS)
    narrative = json.loads(NARRATIVE_SCHEMA.read_text(encoding="utf-8"))
    assert list(narrative["properties"]) == [spec.name for spec in NARRATIVE_FIELDS] == ["title", "summary"]


@pytest.mark.parametrize(
    ("model", "fields", "derived"),
    [(Case, CASE_FIELDS, CASE_DERIVED_FIELDS), (Narrative, NARRATIVE_FIELDS, NARRATIVE_DERIVED_FIELDS)],
)
def test_every_model_attribute_is_a_field_or_derived(
    model: type, fields: tuple[Any, ...], derived: dict[str, str]
) -> None:
    attributes = [field.name for field in dataclasses.fields(model)]
    names = [spec.name for spec in fields]
    assert not set(names) & set(derived)
    assert sorted(attributes) == sorted([*names, *derived])


def test_source_attributes_are_the_source_keys() -> None:
    assert [field.name for field in dataclasses.fields(Source)] == list(SOURCE_KEYS)


def sample_files(directory: str) -> list[Path]:
    return [path for path in content_files(REPO_ROOT, directory) if path.suffix == ".md"]


@pytest.mark.parametrize("path", sample_files("cases"), ids=lambda p: p.name)
def test_every_sample_case_matches_the_schema(path: Path) -> None:
    errors = [error.message for error in validator(CASE_SCHEMA).iter_errors(front(path))]
    assert errors == []


@pytest.mark.parametrize("path", sample_files("narratives"), ids=lambda p: p.name)
def test_every_sample_narrative_matches_the_schema(path: Path) -> None:
    assert [error.message for error in validator(NARRATIVE_SCHEMA).iter_errors(front(path))] == []


@pytest.mark.parametrize("path", sorted(FORMAT_FIXTURES.glob("cases/*/*.md")), ids=lambda p: p.name)
def test_every_fixture_case_matches_the_schema(path: Path) -> None:
    assert [error.message for error in validator(CASE_SCHEMA).iter_errors(front(path))] == []


def test_there_are_sample_cases_to_check() -> None:
    assert len(sample_files("cases")) >= 20
    assert len(sample_files("narratives")) >= 2


SOURCE = "\n  - url: https://example.org/a\n    archive: https://archive.ph/abc12"

# Front matters the loader rejects for their shape or type, and jsonschema must reject too.
REJECTED: list[tuple[str, dict[str, str | None]]] = [
    ("missing title", {"title": None}),
    ("missing date", {"date": None}),
    ("missing verdict", {"verdict": None}),
    ("unknown field", {"titel": "a"}),
    ("id restated", {"id": "2023-06-01-wind-farms-cause-storms"}),
    ("template key", {"template": "x.html"}),
    ("title is a list", {"title": "[a, b]"}),
    ("title is a mapping", {"title": "{a: b}"}),
    ("title is empty", {"title": '""'}),
    ("title has a leading space", {"title": '" Wind"'}),
    ("title is two lines", {"title": '"Wind\\nfarms"'}),
    ("title ends with a line break", {"title": "|\n  Wind farms"}),
    ("id ends with a line break", {"narratives": '["energy-blackmail\\n"]'}),
    ("url ends with a line break", {"sources": '\n  - url: "https://example.org/a\\n"'}),
    ("issue ends with a line break", {"reported_in": '"12\\n"'}),
    ("title is too long", {"title": "x" * 301}),
    ("date is not YYYY-MM-DD", {"date": "2023-6-1"}),
    ("date is impossible", {"date": "2023-02-30"}),
    ("date has a time", {"date": "2023-06-01T00:00:00"}),
    ("verdict is not an id", {"verdict": "Dis information"}),
    ("keywords is a string", {"keywords": "Energy"}),
    ("keyword is a list", {"keywords": "[[Energy]]"}),
    ("keyword is empty", {"keywords": '[""]'}),
    ("keyword is too long", {"keywords": f"[{'k' * 121}]"}),
    ("keyword repeated", {"keywords": "[Energy, Energy]"}),
    ("countries is a mapping", {"countries": "{a: b}"}),
    ("languages is a string", {"languages": "da"}),
    ("too many narratives", {"narratives": "[" + ", ".join(f"n{i}" for i in range(51)) + "]"}),
    ("narrative id uppercase", {"narratives": "[Energy-Blackmail]"}),
    ("narrative repeated", {"narratives": "[energy-blackmail, energy-blackmail]"}),
    ("related is not a case id", {"related": "[wind-farms]"}),
    ("sources is a string", {"sources": "https://example.org/a"}),
    ("source is a string", {"sources": "\n  - https://example.org/a"}),
    ("source without url", {"sources": "\n  - archive: https://archive.ph/abc12"}),
    ("source with unknown key", {"sources": SOURCE + "\n    link: https://example.org/b"}),
    (
        "source url not http",
        {"sources": "\n  - url: ftp://example.org/a\n    archive: https://archive.ph/abc12"},
    ),
    ("source url relative", {"sources": "\n  - url: example.org/a\n    archive: https://archive.ph/abc12"}),
    ("archive with spaces", {"sources": "\n  - url: https://example.org/a\n    archive: not archived"}),
    (
        "url too long",
        {"sources": f"\n  - url: https://example.org/{'a' * 1990}\n    archive: https://archive.ph/a"},
    ),
    ("too many sources", {"sources": "".join(f"\n  - url: https://example.org/{i}" for i in range(51))}),
    ("issue zero", {"reported_in": "0"}),
    ("issue not a number", {"reported_in": "12a"}),
    ("issue too large", {"reported_in": "1234567"}),
    ("issue is a list", {"reported_in": "[1]"}),
    ("unknown status", {"status": "hidden"}),
    ("status is a list", {"status": "[draft]"}),
    ("publish_on is not YYYY-MM-DD", {"publish_on": "12/12/2026"}),
    ("publish_on is impossible", {"publish_on": "2026-02-30"}),
]


def loader_errors(repo: Repo, fields: dict[str, str | None]) -> list[str]:
    repo.write_case(**fields)
    return [str(p) for p in repo.problems() if p.severity is Severity.ERROR]


def schema_errors(repo: Repo) -> list[str]:
    return [error.message for error in validator(CASE_SCHEMA).iter_errors(front(repo.root / CASE))]


@pytest.mark.parametrize("fields", [pytest.param(fields, id=name) for name, fields in REJECTED])
def test_what_the_loader_rejects_the_schema_rejects(fields: dict[str, str | None], repo: Repo) -> None:
    assert loader_errors(repo, fields) != []
    assert schema_errors(repo) != []


ACCEPTED: list[tuple[str, dict[str, str | None]]] = [
    ("the base case", {}),
    (
        "only required fields",
        dict.fromkeys(("narratives", "keywords", "countries", "languages", "outlets", "sources")),
    ),
    ("unquoted date", {"date": "2023-06-01"}),
    ("issue number", {"reported_in": "321"}),
    ("related case", {"related": "[2023-01-05-gas-storage-empty-by-february]"}),
    ("empty lists", {"keywords": "[]", "countries": "[]", "languages": "[]", "outlets": "[]"}),
    ("source without archive or outlet", {"sources": "\n  - url: https://example.org/a"}),
    ("Cyrillic title", {"title": "Ветряки вызывают бури"}),
    ("draft", {"status": "draft"}),
    ("published", {"status": "published"}),
    ("held until a day", {"publish_on": '"2026-12-12"'}),
]


@pytest.mark.parametrize("fields", [pytest.param(fields, id=name) for name, fields in ACCEPTED])
def test_what_the_loader_accepts_the_schema_accepts(fields: dict[str, str | None], repo: Repo) -> None:
    assert loader_errors(repo, fields) == []
    assert schema_errors(repo) == []


def test_schema_accepts_what_editors_send_as_numbers() -> None:
    """YAML-aware editors read `reported_in: 321` as a number; the schema must not flag it."""
    schema = Draft202012Validator(json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    base = {"title": "A claim", "date": "2023-06-01", "verdict": "disinformation"}
    assert list(schema.iter_errors({**base, "reported_in": 321})) == []
    assert [e.message for e in schema.iter_errors({**base, "reported_in": 0})] == [
        "0 is less than the minimum of 1"
    ]
