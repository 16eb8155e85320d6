"""How the columns of an input file become case fields: the generic mapping and the built-in ones.

A mapping is a small YAML or JSON file (see `examples/import-mapping.yml`), so that a team can
import its own spreadsheet without writing code. The EUvsDisinfo formats are mappings too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from debunk.content.frontmatter import parse_yaml
from debunk.content.vocab import did_you_mean
from debunk.importer.cleanup import VerdictFrom, parse_clean, parse_verdict_from
from debunk.importer.errors import MappingError

LIST_FIELDS = ("keywords", "countries", "languages", "outlets", "narratives", "related")
SOURCE_FIELDS = ("sources.url", "sources.archive", "sources.outlet")
TEXT_FIELDS = ("title", "date", "published", "verdict", "summary", "response", "reported_in", "key", "link")
FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, *SOURCE_FIELDS, "sources", "updates")
DEFAULT_DATES = ("%Y-%m-%d", "%d.%m.%Y", "%d %B %Y", "%B %d, %Y")
"""Date formats tried in order; day-first and month-first slashes are ambiguous, so never guessed."""
_KEYS = {
    "label",
    "format",
    "delimiter",
    "encoding",
    "columns",
    "separators",
    "dates",
    "defaults",
    "text",
    "links",
    "ignore",
    "clean",
    "verdict_from",
}
VOCABULARY_SPLIT = "vocabulary"
"""As a separator: the list has none; it is split at the vocabulary's terms (`debunk.importer.split`)."""
SPLIT_FIELDS = ("keywords", "countries", "outlets")


@dataclass(frozen=True)
class Links:
    """A second file with one row per source, joined to the cases by their key."""

    key: str
    """The column of the links file that holds the case key."""
    columns: dict[str, str]
    """Column -> `sources.url`, `sources.archive` or `sources.outlet`."""


@dataclass(frozen=True)
class Mapping:
    """Column -> field, plus what the file's lists, dates and texts look like."""

    columns: dict[str, tuple[str, ...]]
    """Each column feeds one or more fields."""
    label: str = ""
    """What the data is called in stub texts (default: the file name)."""
    format: str = "csv"
    """`csv`, or `json` (a JSON array of objects, or JSON Lines)."""
    delimiter: str = ","
    encoding: str = "utf-8"
    separators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """How a list field separates its values; each separator is tried."""
    dates: tuple[str, ...] = DEFAULT_DATES
    defaults: dict[str, str] = field(default_factory=dict)
    """A value for a field that no column gives, e.g. `verdict: disinformation`."""
    text: str = "plain"
    """`plain` (escaped into Markdown) or `markdown` for the summary and response."""
    links: Links | None = None
    ignore: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Values of a list field that are known artefacts of the data (dropped and reported)."""
    formula_guard: bool = False
    """Cells were written with a `'` before a leading `'`, `=`, `+`, `-` or `@` (as `debunk export` does)."""
    clean: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Column -> regular expressions whose matches are removed from its cells (`debunk.importer.cleanup`)."""
    verdict_from: VerdictFrom | None = None
    split_by_vocabulary: tuple[str, ...] = ()
    """List fields whose cells have no separator: split at the terms of their vocabulary."""

    def targets(self) -> set[str]:
        return {name for names in self.columns.values() for name in names}


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise MappingError(f"{where}: must be a text or a list of texts")


def _table(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, MappingABC):
        raise MappingError(f"{where}: must be a mapping of 'name: value' lines")
    return dict(value)


def _field(name: str, where: str, allowed: tuple[str, ...] = FIELDS) -> str:
    if name not in allowed:
        raise MappingError(f"{where}: unknown field {name!r}{did_you_mean(name, allowed)}")
    return name


def mapping_from_data(data: Any) -> Mapping:
    """Check a parsed mapping file and build the `Mapping`."""
    data = _table(data, "mapping")
    for key in sorted(set(data) - _KEYS):
        raise MappingError(f"mapping: unknown key {key!r}{did_you_mean(key, _KEYS)}")
    columns = {
        str(column): tuple(_field(name, f"columns.{column}") for name in _strings(names, f"columns.{column}"))
        for column, names in _table(data.get("columns"), "columns").items()
    }
    separators = _separators(data.get("separators"))
    mapping = Mapping(
        columns=columns,
        label=str(data.get("label", "")),
        format=str(data.get("format", "csv")),
        delimiter=str(data.get("delimiter", ",")),
        encoding=str(data.get("encoding", "utf-8")),
        separators={
            name: tuple(value for value in values if value != VOCABULARY_SPLIT)
            for name, values in separators.items()
        },
        dates=_strings(data["dates"], "dates") if "dates" in data else DEFAULT_DATES,
        defaults={
            _field(name, f"defaults.{name}", TEXT_FIELDS): str(value)
            for name, value in _table(data.get("defaults"), "defaults").items()
        },
        text=str(data.get("text", "plain")),
        links=_links(data.get("links")),
        ignore={
            _field(name, f"ignore.{name}", LIST_FIELDS): _strings(value, f"ignore.{name}")
            for name, value in _table(data.get("ignore"), "ignore").items()
        },
        clean=parse_clean(data.get("clean"), columns),
        verdict_from=parse_verdict_from(data.get("verdict_from")),
        split_by_vocabulary=tuple(name for name, values in separators.items() if VOCABULARY_SPLIT in values),
    )
    _check(mapping)
    return mapping


def _separators(value: Any) -> dict[str, tuple[str, ...]]:
    separators = {
        _field(name, f"separators.{name}"): _strings(value, f"separators.{name}")
        for name, value in _table(value, "separators").items()
    }
    for name, values in separators.items():
        if VOCABULARY_SPLIT in values and name not in SPLIT_FIELDS:
            raise MappingError(
                f"separators.{name}: {VOCABULARY_SPLIT!r} splits only a list with a vocabulary "
                f"({', '.join(SPLIT_FIELDS)})"
            )
    return separators


def _links(value: Any) -> Links | None:
    if value is None:
        return None
    table = _table(value, "links")
    if not isinstance(table.get("key"), str):
        raise MappingError("links.key: name the column of the links file that holds the case key")
    columns = {
        str(column): _field(str(name), f"links.columns.{column}", SOURCE_FIELDS)
        for column, name in _table(table.get("columns"), "links.columns").items()
    }
    return Links(str(table["key"]), columns)


def _check(mapping: Mapping) -> None:
    if mapping.format not in {"csv", "json"}:
        raise MappingError(f"format: {mapping.format!r} is not 'csv' or 'json'")
    if mapping.text not in {"plain", "markdown"}:
        raise MappingError(f"text: {mapping.text!r} is not 'plain' or 'markdown'")
    if len(mapping.delimiter) != 1:
        raise MappingError(f"delimiter: {mapping.delimiter!r} must be one character")
    given = mapping.targets() | set(mapping.defaults)
    for name in ("title", "date"):
        if name not in given:
            raise MappingError(f"columns: no column gives the required field {name!r}")
    if mapping.links is not None and "key" not in given:
        raise MappingError("links: the cases need a 'key' column to join the links file on")


def load_mapping(path: Path) -> Mapping:
    """Read a mapping file: YAML (every value read as text) or JSON."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        try:
            return mapping_from_data(json.loads(text))
        except json.JSONDecodeError as exc:
            raise MappingError(f"{path.name}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    parsed = parse_yaml(text)
    if isinstance(parsed, list):
        raise MappingError(f"{path.name}:{parsed[0].line}: {parsed[0].message}")
    return mapping_from_data(parsed[0])


EUVSDISINFO_FULLTEXT = Mapping(
    label="the EUvsDisinfo full-text export",
    delimiter=";",
    columns={
        "issue": ("reported_in",),
        "date": ("date",),
        "outlet": ("outlets", "sources.outlet"),
        "language": ("languages",),
        "origin": ("countries",),
        "keywords": ("keywords",),
        "source": ("sources.url", "key"),
        "title": ("title",),
        "summary": ("summary",),
        "disproof": ("response",),
    },
    separators={"keywords": (",",), "countries": (",",)},
    dates=("%d.%m.%Y",),
    defaults={"verdict": "disinformation"},
)
"""`;`-delimited, dd.mm.yyyy dates, `, `-separated lists, one source and one outlet per case."""

EUVSDISINFO_METADATA = Mapping(
    label="the EUvsDisinfo metadata export",
    columns={
        "date": ("date",),
        "id": ("key", "link"),
        "title": ("title",),
        "countries": ("countries",),
        "keywords": ("keywords",),
        "languages": ("languages",),
        "outlets": ("outlets",),
    },
    separators=dict.fromkeys(("countries", "keywords", "languages", "outlets"), ("+",)),
    dates=("%Y-%m-%d",),
    defaults={"verdict": "disinformation"},
    links=Links("id", {"publication": "sources.url", "archive": "sources.archive"}),
    ignore={"outlets": ("Show more",)},
)
"""ISO dates, `+`-separated lists, no texts; sources come from a second file joined on the case URL."""

_EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    name: (name,)
    for name in (
        "title", "date", "published", "verdict", "summary", "response", "reported_in", "sources", "updates"
    )
}  # fmt: skip
DEBUNK_EXPORT = Mapping(
    label="a debunk export",
    columns=_EXPORT_COLUMNS | {name: (name,) for name in LIST_FIELDS} | {"id": ("key",)},
    separators=dict.fromkeys(LIST_FIELDS, ("|",)),
    dates=("%Y-%m-%d",),
    text="markdown",
    formula_guard=True,
)
"""The CSV and JSON Lines files of `debunk export`, `.gz` or not: the round trip gives the same cases."""

FORMATS = {
    "euvsdisinfo-fulltext": EUVSDISINFO_FULLTEXT,
    "euvsdisinfo-metadata": EUVSDISINFO_METADATA,
    "debunk": DEBUNK_EXPORT,
}
