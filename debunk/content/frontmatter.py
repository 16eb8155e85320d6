"""Strict front-matter reader: raw bytes in, a `Document` or line-numbered problems out.

MkDocs (and python-frontmatter's own YAML handler) quietly turn broken front matter into body
text and read YAML 1.1 values (`NO` becomes `false`, `012` becomes 10). `StrictYAMLHandler` is a
python-frontmatter handler carrying debunk's strict YAML (`debunk.content.yamlstrict`): every scalar a
string, and whatever could change meaning silently is refused (BOM, tabs, a missing fence,
duplicate keys, anchors, aliases, tags, deep nesting, non-mapping front matter), each at its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontmatter.default_handlers import YAMLHandler

from debunk.content.yamlhints import cut_values
from debunk.content.yamlstrict import MAX_DEPTH, FieldPath, ReadError, Value, format_path, parse_yaml

__all__ = [
    "FENCE", "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_FRONT_MATTER_BYTES", "Document", "FieldPath",
    "FrontMatterError", "ReadError", "StrictYAMLHandler", "Value", "format_path", "parse_yaml",
    "read_document",
]  # fmt: skip

MAX_FILE_BYTES = 256 * 1024
MAX_FRONT_MATTER_BYTES = 16 * 1024
FENCE = "---"


@dataclass(frozen=True)
class Document:
    """A text file split into front matter and body."""

    meta: dict[str, Value]
    """The front matter, every scalar a string."""
    lines: dict[FieldPath, int]
    """The 1-based line of each value, keyed by its path (`("sources", 0, "url")`)."""
    body: str
    """Everything after the closing fence."""
    body_line: int
    """The line number of the first body line."""


def _decode(raw: bytes) -> str | list[ReadError]:
    """The text of a file, or why it is not a readable UTF-8 text file."""
    if len(raw) > MAX_FILE_BYTES:
        return [ReadError(0, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}", "file")]
    if raw.startswith(b"\xef\xbb\xbf"):
        message = "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
        return [ReadError(1, message, "file")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"file is not valid UTF-8 (byte {raw[exc.start]:#04x}); save it as UTF-8"
        return [ReadError(line, message, "file")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return [ReadError(line, "file contains a NUL character", "file")]
    text = text.replace("\r\n", "\n")
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        return [ReadError(line, "stray carriage return (CR); use LF or CRLF line endings", "file")]
    return text


def _front_problems(front_lines: list[str]) -> list[ReadError]:
    """Tabs, `...` lines and size: what YAML would misread or what is too big to read."""
    errors = [
        ReadError(number, "tab character in front matter; indent with spaces")
        for number, value in enumerate(front_lines, 2)
        if "\t" in value
    ]
    errors += [
        ReadError(number, "a '...' line ends the YAML early; remove it")
        for number, value in enumerate(front_lines, 2)
        if value.rstrip() == "..."
    ]
    size = len("\n".join(front_lines).encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        limit = MAX_FRONT_MATTER_BYTES
        errors.append(ReadError(1, f"front matter is {size:,} bytes; the limit is {limit:,}"))
    return errors


class FrontMatterError(ValueError):
    """Front matter that the strict reader refuses: every problem, each at its line."""

    def __init__(self, errors: list[ReadError]) -> None:
        super().__init__("\n".join(f"{error.line}: {error.field}: {error.message}" for error in errors))
        self.errors = errors


class StrictYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler with debunk's rules: `---` lines, strict YAML, line numbers.

    `frontmatter.loads(text, handler=StrictYAMLHandler())` reads a case as a `Post` (or raises
    FrontMatterError); `read_document` uses the same `detect`, `split` and `read` on the exact
    text, because `frontmatter.parse` strips the body, which moves every body line number and
    turns an indented first line (a code block) into a paragraph.
    """

    def detect(self, text: str) -> bool:
        """Whether the text opens with a `---` line (the first line, nothing before it)."""
        return text.split("\n", 1)[0].rstrip() == FENCE

    def split(self, text: str) -> tuple[str, str]:
        """The front matter (between the first two `---` lines) and the body after it, as written."""
        lines = text.split("\n")
        if lines[0].rstrip() != FENCE:
            raise ValueError("no opening '---' line")
        try:
            close = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE)
        except StopIteration:
            raise ValueError("no closing '---' line") from None
        return "\n".join(lines[1:close]), "\n".join(lines[close + 1 :])

    def load(self, fm: str, **_options: object) -> dict[str, Value]:
        """The front matter's values, every scalar a string; FrontMatterError lists every problem."""
        parsed = self.read(fm)
        if isinstance(parsed, list):
            raise FrontMatterError(parsed)
        return parsed[0]

    def read(self, fm: str) -> tuple[dict[str, Value], dict[FieldPath, int]] | list[ReadError]:
        """The values and the line of each (the front matter starts on line 2), or every problem."""
        front_lines = fm.split("\n")
        errors = _front_problems(front_lines)
        if errors:
            return errors
        parsed = parse_yaml(fm, first_line=2)
        if isinstance(parsed, list):
            return parsed
        cut = cut_values(front_lines, first_line=2)
        if cut:
            return [ReadError(line, message, field) for line, field, message in cut]
        meta, value_lines = parsed
        if meta == "":
            return [ReadError(1, "front matter is empty; write 'field: value' lines between the '---' lines")]
        if not isinstance(meta, dict):
            kind = "a list" if isinstance(meta, list) else "a single value"
            return [ReadError(2, f"front matter must be a mapping of 'field: value' lines, not {kind}")]
        return meta, value_lines


def read_document(raw: bytes) -> Document | list[ReadError]:
    """Split and parse a file; return every problem found rather than the first."""
    text = _decode(raw)
    if isinstance(text, list):
        return text
    handler = StrictYAMLHandler()
    if not handler.detect(text):
        return [ReadError(1, "file must start with a '---' line opening the front matter")]
    try:
        front, body = handler.split(text)
    except ValueError:
        return [ReadError(1, "front matter is not closed: add a '---' line after the last field")]
    parsed = handler.read(front)
    if isinstance(parsed, list):
        return parsed
    # The opening fence, the front matter's lines and the closing fence come before the body.
    body_line = front.count("\n") + 4
    return Document(meta=parsed[0], lines=parsed[1], body=body, body_line=body_line)
