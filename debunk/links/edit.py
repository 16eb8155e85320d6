"""Insert an `archive:` line after a source's `url:` line, changing no other byte of the case file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

_URL_LINE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>url|'url'|\"url\")[ ]*:[ ]+(?P<value>\S.*)$")
_PLAIN_SAFE = re.compile(r"^https?://[A-Za-z0-9\-._~:/?\[\]@!$&()*+,;=%]+$")


@dataclass(frozen=True)
class Insertion:
    """An archive to write for the source whose `url:` key is on `line` (1-based, as the loader counts)."""

    line: int
    url: str
    archive: str


class EditRefusedError(ValueError):
    """The source's `url:` line is not in a form this writer changes safely: edit by hand."""


def insert_archives(text: str, insertions: list[Insertion]) -> str:
    """`text` with one `archive:` line after each source's `url:` line; EditRefusedError when unsure.

    Lines are split on LF only, so CRLF files and any other character survive as they were; each
    new line copies the indentation, quoting and line ending of its `url:` line.
    """
    lines = text.split("\n")
    for insertion in sorted(insertions, key=lambda item: item.line, reverse=True):
        index = insertion.line - 1
        if not 0 <= index < len(lines):
            raise EditRefusedError(f"line {insertion.line}: no such line")
        lines.insert(index + 1, _archive_line(lines[index], insertion))
    return "\n".join(lines)


def _archive_line(line: str, insertion: Insertion) -> str:
    body, eol = (line[:-1], "\r") if line.endswith("\r") else (line, "")
    match = _URL_LINE.match(body)
    if match is None:
        raise EditRefusedError(
            f"line {insertion.line}: not a block 'url: ...' line (a flow mapping?); edit by hand"
        )
    value = match["value"]
    try:
        parsed = yaml.safe_load(f"url: {value}")
    except yaml.YAMLError:
        parsed = None
    if not isinstance(parsed, dict) or parsed.get("url") != insertion.url:
        raise EditRefusedError(f"line {insertion.line}: the url does not fit on this one line; edit by hand")
    indent = " " * len(match["lead"])
    return f"{indent}archive: {_quoted(insertion.archive, value[0])}{eol}"


def _quoted(archive: str, style: str) -> str:
    """The archive URL written in the url's style: plain, 'single' or "double" quoted."""
    if style == "'" or (style != '"' and not _PLAIN_SAFE.match(archive)):
        return "'" + archive.replace("'", "''") + "'"
    if style == '"':
        return json.dumps(archive, ensure_ascii=False)
    return archive
