"""What the YAML parser cannot say: the field and the line of a mistake, and how to fix it.

libyaml reports where parsing failed, often a line after the mistake and without the field;
these read the lines around that place to name both (`debunk.content.frontmatter` uses them).
"""

from __future__ import annotations

import json
import re
from typing import Any, cast

import yaml

# libyaml when it is there: the same events and marks, several times faster.
LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"\[\]{},&*!|>%@`-][^:#]*?):(?:\s+|$)")
"""A `key: value` line (a list item's too): the key's text, and where its value starts."""
_COMMENT = re.compile(r"[ ]+#")
_CLOSERS = {"sequence": ("[", "]", "list"), "mapping": ("{", "}", "mapping")}


def explain(
    problem: str, context: str, opened: Any, mark: Any, lines: list[str]
) -> tuple[int, str, str] | None:
    """(0-based line, field, how to fix it) for the YAML mistakes people make, else None.

    libyaml says where parsing failed, which is often a line after the mistake: these name the
    field and the line of the mistake itself.
    """
    if problem == "mapping values are not allowed in this context" and mark is not None:
        line = lines[mark.line] if mark.line < len(lines) else ""
        key = _KEY_LINE.match(line)
        if key is not None and mark.column > key.end(2):
            name, value = key.group(2).strip(), line[key.end() :].strip()
            quoted = json.dumps(value, ensure_ascii=False)
            return mark.line, name, f"a value containing ': ' must be quoted; write {name}: {quoted}"
    kind = context.removeprefix("while parsing a flow ")
    if kind in _CLOSERS and opened is not None and mark is not None:
        start, end, noun = _CLOSERS[kind]
        between = "\n".join(lines[opened.line : mark.line + 1])[opened.column :]
        if end not in between:
            key = _KEY_LINE.match(lines[opened.line])
            name = key.group(2).strip() if key is not None else "front matter"
            message = f"{start!r} opened on line {{line}} is never closed; close the {noun} with {end!r}"
            return opened.line, name, message
    return None


def cut_values(front_lines: list[str], first_line: int) -> list[tuple[int, str, str]]:
    """Plain values that a ` #` cut short: YAML reads the rest of the line as a comment, silently.

    `title: Vote #2 was rigged` is the title 'Vote'. Rare, so the text is searched first and
    parsed again only when it holds a ` #` (it is known to parse).
    """
    text = "\n".join(front_lines)
    if " #" not in text:
        return []
    errors: list[tuple[int, str, str]] = []
    event: Any
    for event in yaml.parse(text, Loader=LOADER):
        if type(event) is not yaml.ScalarEvent or event.style not in {"", None} or not event.value:
            continue
        event = cast("Any", event)  # libyaml's events always have marks
        line, end = front_lines[event.end_mark.line], event.end_mark.column
        if not _COMMENT.match(line, end):
            continue
        key = _KEY_LINE.match(line)
        keyed = key is not None and key.end() <= event.start_mark.column
        name = key.group(2).strip() if key is not None and keyed else "front matter"
        whole = json.dumps(line[event.start_mark.column :].rstrip(), ensure_ascii=False)
        message = (
            f"' #' starts a YAML comment, so the value ends at {event.value!r}; quote the whole value "
            f"({whole}), or put the comment on a line of its own"
        )
        errors.append((event.end_mark.line + first_line, name, message))
    return errors
