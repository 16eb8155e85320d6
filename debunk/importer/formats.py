"""Readers: an input file and its mapping in, neutral `Record`s out (plus rows that cannot be read)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from debunk.importer.cleanup import clean_cell
from debunk.importer.errors import MappingError
from debunk.importer.mapping import LIST_FIELDS, Mapping
from debunk.importer.records import RawSource, Record

csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class Row:
    """One row of an input file: where it is and its values by column."""

    origin: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Skip:
    """An input row that did not become a case, and why."""

    origin: str
    reason: str
    code: str = "unreadable row"


def read_rows(path: Path, mapping: Mapping) -> Iterator[Row | Skip]:
    """The rows of a CSV, JSON array or JSON Lines file, `.gz` or not (by the suffix, else the mapping)."""
    suffix = Path(path.stem).suffix if path.suffix == ".gz" else path.suffix
    if suffix in {".json", ".jsonl"} or (mapping.format == "json" and suffix != ".csv"):
        yield from _json_rows(path, mapping)
    else:
        yield from _csv_rows(path, mapping)


def _open(path: Path, encoding: str, newline: str | None) -> IO[str]:
    """The file as text; a `.gz` file decompressed (`debunk export` publishes the whole files so)."""
    return (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding=encoding, newline=newline)


def _csv_rows(path: Path, mapping: Mapping) -> Iterator[Row | Skip]:
    encoding = "utf-8-sig" if mapping.encoding.lower().replace("_", "-") == "utf-8" else mapping.encoding
    with _open(path, encoding, "") as handle:
        reader = csv.reader(handle, delimiter=mapping.delimiter)
        header = next(reader, None)
        if header is None:
            return
        wanted = [*mapping.columns, *([mapping.verdict_from.column] if mapping.verdict_from else [])]
        missing = [column for column in dict.fromkeys(wanted) if column not in header]
        if missing:
            raise MappingError(
                f"{path.name}: no column {', '.join(map(repr, missing))}; the columns are {', '.join(header)}"
            )
        start = reader.line_num + 1
        for cells in reader:
            origin = f"{path.name}:{start}"
            start = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                yield Skip(origin, f"the row has {len(cells)} fields; the header has {len(header)}")
                continue
            values = [_unguard(cell) for cell in cells] if mapping.formula_guard else cells
            yield Row(origin, dict(zip(header, values, strict=True)))


def _unguard(cell: str) -> str:
    """Undo the apostrophe that `debunk export` puts before a cell that looks like a formula.

    The exporter also guards a cell that begins with `'` itself, so the guard is never ambiguous.
    """
    if cell.startswith("'") and cell[1:2] in {"'", "=", "+", "-", "@", "\t", "\r"}:
        return cell[1:]
    return cell


def _json_rows(path: Path, mapping: Mapping) -> Iterator[Row | Skip]:
    with _open(path, mapping.encoding, None) as handle:  # line ends as `read_text` read them
        text = handle.read()
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MappingError(f"{path.name}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        numbered = [(f"{path.name}[{index}]", item) for index, item in enumerate(items)]
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    numbered.append((f"{path.name}:{number}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    numbered.append((f"{path.name}:{number}", f"invalid JSON: {exc.msg}"))
    for origin, item in numbered:
        if isinstance(item, dict):
            yield Row(origin, item)
        else:
            yield Skip(origin, item if isinstance(item, str) else "not a JSON object")


def _split(value: Any, separators: Sequence[str]) -> tuple[str, ...]:
    """List items from a list, or from a text split at any of the separators."""
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(item).strip() for item in value if str(item).strip())
    text = str(value)
    if separators:
        pattern = "|".join(re.escape(separator) for separator in sorted(separators, key=len, reverse=True))
        parts = re.split(pattern, text)
    else:
        parts = [text]
    return tuple(part.strip() for part in parts if part.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _json_objects(value: Any, name: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """A field given whole as a list of objects (or that list as JSON text, as `debunk export`
    writes it); ValueError naming the field and the keys it takes."""
    if isinstance(value, str):
        if not value.strip():
            return []
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name} is not a JSON list ({exc.msg})") from None
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        wanted = ", ".join(repr(key) for key in keys[:-1]) + f" and {keys[-1]!r}"
        raise ValueError(f"{name} must be a list of objects with {wanted}")
    return value


def _json_sources(value: Any) -> tuple[RawSource, ...]:
    """`sources` given whole: a list of {url, archive, outlet} objects."""
    keys = ("url", "archive", "outlet")
    return tuple(
        RawSource(*(_split(_text(item.get(key)), ()) for key in keys))
        for item in _json_objects(value, "sources", keys)
    )


def _json_updates(value: Any) -> tuple[tuple[str, str, str], ...]:
    """`updates` given whole: a list of {date, kind, note} objects."""
    return tuple(
        (_text(item.get("date")), _text(item.get("kind")), _text(item.get("note")))
        for item in _json_objects(value, "updates", ("date", "kind", "note"))
    )


def _row_sources(fields: dict[str, Any], mapping: Mapping) -> tuple[RawSource, ...]:
    """The sources of one row: its cells split at their separators (archives and outlets at those of
    `sources.url` unless the mapping gives their own); nothing when the row has no address or archive."""
    separators = mapping.separators.get("sources.url", ())
    urls, archives, outlets = (
        _split(fields.get(name), mapping.separators.get(name, separators))
        for name in ("sources.url", "sources.archive", "sources.outlet")
    )
    return (RawSource(urls, archives, outlets),) if urls or archives else ()


def _cleaned(row: Row, mapping: Mapping) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The row's values after the mapping's `clean` patterns (title columns first), and what they removed."""
    if not mapping.clean:
        return row.values, []
    values = dict(row.values)
    title_columns = [column for column, names in mapping.columns.items() if "title" in names]
    titles = tuple(_text(row.values.get(column)) for column in title_columns)
    fixes: list[tuple[str, str, str]] = []
    for column in sorted(mapping.clean, key=lambda column: column not in title_columns):
        value = values.get(column)
        if value is None or isinstance(value, (dict, list)):
            continue
        cleaned, removed = clean_cell(column, str(value), mapping.clean[column], titles)
        values[column] = cleaned
        fixes += [("normalised", "cleaned", message) for message in removed]
        if column in title_columns:
            titles = (*titles, cleaned)
    return values, fixes


def _verdict_label(row: Row, mapping: Mapping, fields: dict[str, Any]) -> str:
    """Set the verdict from the `verdict_from` label, when the cell has one; where it came from."""
    rule = mapping.verdict_from
    if rule is None:
        return ""
    label = rule.label_in(_text(row.values.get(rule.column)))
    if label is None:
        return ""
    fields["verdict"] = rule.verdict_for(label) or label
    return f"label {label!r} in {rule.column}"


def to_record(row: Row, mapping: Mapping, label: str) -> Record | Skip:
    """A row as a `Record`, by the mapping."""
    values, fixes = _cleaned(row, mapping)
    fields: dict[str, Any] = {}
    for column, names in mapping.columns.items():
        for name in names:
            fields[name] = values.get(column)
    verdict_label = _verdict_label(row, mapping, fields)
    if mapping.verdict_from is not None and not verdict_label:
        where = mapping.verdict_from.column
        fixes.append(("flagged", "no verdict label", f"no label in {where} matches verdict_from.pattern"))
    for name, value in mapping.defaults.items():
        if not _text(fields.get(name)).strip():
            fields[name] = value
    try:
        sources = _json_sources(fields["sources"]) if "sources" in fields else ()
        updates = _json_updates(fields.get("updates")) if "updates" in fields else ()
    except ValueError as exc:
        return Skip(row.origin, str(exc))
    lists: dict[str, Any] = {
        name: _split(fields.get(name), mapping.separators.get(name, ())) for name in LIST_FIELDS
    }
    texts: dict[str, Any] = {
        name: _text(fields.get(name))
        for name in (
            "key",
            "link",
            "title",
            "date",
            "published",
            "verdict",
            "summary",
            "response",
            "reported_in",
        )
    }
    return Record(
        origin=row.origin,
        label=mapping.label or label,
        markdown=mapping.text == "markdown",
        sources=sources + _row_sources(fields, mapping),
        updates=updates,
        verdict_label=verdict_label,
        notes=tuple(fixes),
        **texts,
        **lists,
    )


def read_records(paths: Sequence[Path], mapping: Mapping) -> tuple[list[Record], list[Skip]]:
    """Every record of the input files, in file order, with the rows that could not be read."""
    if mapping.links is not None and len(paths) > 2:
        raise MappingError("give the cases file and at most one links file")
    case_files = paths[:1] if mapping.links is not None else paths
    records: list[Record] = []
    skipped: list[Skip] = []
    for path in case_files:
        for item in read_rows(path, mapping):
            result = to_record(item, mapping, path.name) if isinstance(item, Row) else item
            (records if isinstance(result, Record) else skipped).append(result)  # type: ignore[arg-type]
    if mapping.links is not None and len(paths) == 2:
        records = _join_links(records, paths[1], mapping, skipped)
    return records, skipped


def _join_links(records: list[Record], path: Path, mapping: Mapping, skipped: list[Skip]) -> list[Record]:
    """Add the sources of the links file to the records with the same key."""
    assert mapping.links is not None
    links = mapping.links
    keys = {record.key for record in records}
    found: dict[str, list[RawSource]] = defaultdict(list)
    columns: dict[str, tuple[str, ...]] = {links.key: ("key",)}
    columns.update({column: (name,) for column, name in links.columns.items()})
    checked = replace(mapping, columns=columns)
    for item in read_rows(path, checked):
        if isinstance(item, Skip):
            skipped.append(item)
            continue
        key = _text(item.values.get(links.key))
        fields = {name: item.values.get(column) for column, name in links.columns.items()}
        if key not in keys:
            reason = f"a link for {key!r}, which is not a case of the cases file"
            skipped.append(Skip(item.origin, reason, "link to no case"))
        else:
            found[key].extend(_row_sources(fields, replace(mapping, separators={})))
    return [replace(record, sources=record.sources + tuple(found.get(record.key, ()))) for record in records]
