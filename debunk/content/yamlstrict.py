"""debunk's strict YAML: every scalar a string, each value's line, whatever could change meaning refused.

PyYAML reads YAML 1.1 values (`NO` becomes `false`, `012` becomes 10). This reader reads every
scalar as a string, and rejects duplicate keys, anchors, aliases, tags, deep nesting and several
documents, each at its line. Front matter (`debunk.content.frontmatter`), vocabularies and mappings use it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, TypeAlias

import yaml

from debunk.content.yamlhints import LOADER, explain

MAX_DEPTH = 4
_LOADER = LOADER
_COLLECTION_STARTS = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_COLLECTION_ENDS = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})

Value: TypeAlias = str | list["Value"] | dict[str, "Value"]
"""A front-matter value: every scalar is a string."""
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class ReadError:
    """Why a file could not be read: a line (1-based, 0 for the whole file) and a message."""

    line: int
    message: str
    field: str = "front matter"
    """`file` for problems of the whole file (size, encoding), else `front matter`."""


@functools.lru_cache(maxsize=4096)  # the same few dozen paths in every case
def format_path(path: FieldPath) -> str:
    """`("sources", 1, "url")` -> `sources[1].url`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def parse_yaml(text: str, first_line: int = 1) -> tuple[Value, dict[FieldPath, int]] | list[ReadError]:
    """Parse one YAML document strictly: every scalar a string, with the line of each value."""
    events, errors = _scan_events(text, first_line)
    if errors:
        return errors
    start = next((i for i, event in enumerate(events) if isinstance(event, yaml.NodeEvent)), None)
    if start is None:
        return "", {}
    lines: dict[FieldPath, int] = {}
    value, _end = _value(events, start, (), first_line=first_line, lines=lines, errors=errors)
    return errors or (value, lines)


def _scan_events(text: str, first_line: int) -> tuple[list[yaml.Event], list[ReadError]]:
    """The document's events; anchors, aliases, tags, deep nesting and several documents refused.

    Working on the event stream means an alias bomb is refused before it is expanded, and a
    deeply nested document before values are built from it (the parser is read once: the
    values are built from these events, not by a second parse).
    """
    errors: list[ReadError] = []
    events: list[yaml.Event] = []
    depth = 0
    documents = 0
    try:
        # Dispatch on the exact class (libyaml makes no subclasses): a case has ~50 events, and
        # this loop was a fifth of reading one; lines are worked out only for a problem.
        event: Any
        for event in yaml.parse(text, Loader=_LOADER):
            events.append(event)
            kind = type(event)
            if kind is yaml.ScalarEvent or kind in _COLLECTION_STARTS:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    errors.extend(_node_problems(event, first_line))
                if kind is not yaml.ScalarEvent:
                    depth += 1
                    if depth > MAX_DEPTH:
                        message = f"values are nested more than {MAX_DEPTH} levels deep"
                        return events, [*errors, ReadError(_line(event, first_line), message)]
            elif kind in _COLLECTION_ENDS:
                depth -= 1
            elif kind is yaml.AliasEvent:
                line = _line(event, first_line)
                errors.append(
                    ReadError(line, f"YAML aliases are not allowed (*{event.anchor}); write the value out")
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line = _line(event, first_line)
                    return events, [*errors, ReadError(line, "only one YAML document is allowed")]
    except yaml.YAMLError as exc:
        return events, [*errors, _yaml_error(exc, text, first_line)]
    return events, errors


def _node_problems(event: yaml.NodeEvent, first_line: int) -> list[ReadError]:
    """An anchor or a tag on a value: refused, as they change what a value means elsewhere."""
    line = _line(event, first_line)
    problems = []
    if event.anchor is not None:
        problems.append(ReadError(line, f"YAML anchors are not allowed (&{event.anchor})"))
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!":
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(ReadError(line, f"YAML tags are not allowed ({shown!r}); write plain values"))
    return problems


def _yaml_error(exc: yaml.YAMLError, text: str, first_line: int) -> ReadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = int(mark.line) + first_line if mark is not None else first_line
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    lines = text.split("\n")
    explained = explain(str(problem), str(context), getattr(exc, "context_mark", None), mark, lines)
    if explained is not None:
        offset, field, message = explained
        number = offset + first_line
        return ReadError(number, f"invalid YAML: {message.replace('{line}', str(number))}", field)
    text = f"{context}, {problem}" if context else str(problem)
    return ReadError(line, f"invalid YAML: {text}")


def _skip(events: list[yaml.Event], index: int) -> int:
    """The index after the value that starts at `index`."""
    depth = 0
    while True:
        kind = type(events[index])
        index += 1
        if kind in _COLLECTION_STARTS:
            depth += 1
        elif kind in _COLLECTION_ENDS:
            depth -= 1
        if depth == 0:
            return index


def _line(event: yaml.Event, first_line: int) -> int:
    return (event.start_mark.line if event.start_mark else 0) + first_line


def _value(
    events: list[yaml.Event],
    index: int,
    path: FieldPath,
    *,
    first_line: int,
    lines: dict[FieldPath, int],
    errors: list[ReadError],
) -> tuple[Value, int]:
    """The value that starts at `events[index]`, and the index after it.

    A scalar inside a list or mapping (most values) is read in place, without a call.
    """
    event: Any = events[index]
    lines[path] = _line(event, first_line)
    kind = type(event)
    if kind is yaml.ScalarEvent:
        return str(event.value), index + 1
    index += 1
    if kind is yaml.SequenceStartEvent:
        items: list[Value] = []
        while type(item_event := events[index]) is not yaml.SequenceEndEvent:
            if type(item_event) is yaml.ScalarEvent:
                lines[(*path, len(items))] = _line(item_event, first_line)
                items.append(str(item_event.value))
                index += 1
                continue
            item, index = _value(
                events, index, (*path, len(items)), first_line=first_line, lines=lines, errors=errors
            )
            items.append(item)
        return items, index + 1
    assert kind is yaml.MappingStartEvent
    result: dict[str, Value] = {}
    while type(key_event := events[index]) is not yaml.MappingEndEvent:
        key_line = _line(key_event, first_line)
        if type(key_event) is not yaml.ScalarEvent:
            errors.append(ReadError(key_line, "a key must be a plain name, not a list or mapping"))
            index = _skip(events, _skip(events, index))
            continue
        key = str(key_event.value)
        if key in result:
            where = format_path((*path, key))
            errors.append(ReadError(key_line, f"duplicate key {where!r}; each field may appear once"))
            index = _skip(events, index + 1)
            continue
        value_event: Any = events[index + 1]
        if type(value_event) is yaml.ScalarEvent:
            result[key] = str(value_event.value)
            index += 2
        else:
            result[key], index = _value(
                events, index + 1, (*path, key), first_line=first_line, lines=lines, errors=errors
            )
        lines[(*path, key)] = key_line  # a field's line is its key's
    return result, index + 1
