"""One file of `vocabularies/` read and checked: a regular file, UTF-8, strict YAML.

`debunk.content.vocab` reads its lists and `debunk.content.archives` reads `archives.yml` through
here, so every vocabulary file gets the same checks and messages; it is a module of its own because
`debunk.content.vocab` imports `debunk.content.archives`.
"""

from __future__ import annotations

from pathlib import Path

from debunk.content.frontmatter import FieldPath, Value, parse_yaml
from debunk.model import Problem

Parsed = tuple[Value, dict[FieldPath, int]]
"""A file's data and the line of each of its values."""

MISSING = ("vocabulary", "file is missing")


def read_vocabulary_file(
    path: Path, root: Path, problems: list[Problem], *, not_a_file: tuple[str, str] = MISSING
) -> Parsed | None:
    """The data of `path`, or None when it cannot be read; every problem goes to `problems`.

    `not_a_file` is the field and message when `path` is not a regular file: a vocabulary that
    is not there is missing, while `archives.yml` falls back to debunk's own list when absent.
    """
    rel = path.relative_to(root).as_posix()
    if path.is_symlink():
        message = "is a symbolic link; vocabulary files must be regular files in the repository"
        problems.append(Problem(rel, 0, "file", message))
        return None
    if not path.is_file():
        problems.append(Problem(rel, 0, *not_a_file))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"file is not valid UTF-8 (byte {raw[exc.start]:#04x}); save it as UTF-8"
        problems.append(Problem(rel, line, "file", message))
        return None
    return parse_vocabulary_text(text, rel, problems)


def parse_vocabulary_text(text: str, rel: str, problems: list[Problem]) -> Parsed | None:
    """The data of a vocabulary file's text, read by the strict YAML reader; None on an error."""
    parsed = parse_yaml(text)
    if isinstance(parsed, list):
        problems.extend(Problem(rel, error.line, "front matter", error.message) for error in parsed)
        return None
    return parsed
