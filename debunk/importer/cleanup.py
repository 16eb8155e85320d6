"""Mapping options that fix a column before it is read: `clean` patterns and `verdict_from` labels.

Real exports put things in a cell that are not its value: a `DISINFO:` label before a title (the
verdict, which belongs in its own field), or a repeat of the title after the tags. `clean` removes
them by regular expression (`{title}` stands for the record's title), and every removal is reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from typing import Any

from debunk.importer.errors import MappingError

TITLE_TOKEN = "{title}"  # noqa: S105 - a placeholder, not a secret
"""In a `clean` pattern: the record's title, as the file writes it or as cleaned (either is removed)."""


@dataclass(frozen=True)
class VerdictFrom:
    """Take the verdict from a label that another column writes, e.g. `DISINFO:` before a title."""

    column: str
    pattern: str
    """A regular expression with a group named `label`."""
    labels: dict[str, str]
    """Label (any letter case) -> verdict id or label."""

    def label_in(self, cell: str) -> str | None:
        match = _compiled(self.pattern).search(cell)
        return match.group("label").strip() if match is not None and match.group("label") else None

    def verdict_for(self, label: str) -> str | None:
        """The verdict the table gives the label, or None when the table does not list it."""
        folded = {key.casefold(): value for key, value in self.labels.items()}
        return folded.get(label.casefold())


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _regex(pattern: Any, where: str) -> str:
    """The pattern, checked: a text that compiles (with `{title}` standing for any text)."""
    if not isinstance(pattern, str) or not pattern:
        raise MappingError(f"{where}: {pattern!r} is not a regular expression (write it as quoted text)")
    try:
        compiled = re.compile(pattern.replace(TITLE_TOKEN, "(?:x)"))
    except re.error as exc:
        position = "" if exc.pos is None else f" at position {exc.pos}"
        raise MappingError(f"{where}: invalid regular expression {pattern!r}: {exc.msg}{position}") from None
    if compiled.match(""):
        raise MappingError(f"{where}: {pattern!r} matches an empty text, so it would remove nothing useful")
    return pattern


def parse_clean(value: Any, columns: MappingABC[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """`clean: {Column: [pattern, ...]}`, each column one that `columns` reads."""
    if value is None:
        return {}
    if not isinstance(value, MappingABC):
        raise MappingError("clean: must be a mapping of 'Column: [pattern, ...]' lines")
    clean: dict[str, tuple[str, ...]] = {}
    for column, patterns in value.items():
        where = f"clean.{column}"
        if str(column) not in columns:
            known = ", ".join(map(repr, columns)) or "none"
            raise MappingError(f"{where}: {column!r} is not a column of 'columns' (those are {known})")
        items = patterns if isinstance(patterns, list) else [patterns]
        clean[str(column)] = tuple(_regex(item, f"{where}[{index}]") for index, item in enumerate(items))
    return clean


def parse_verdict_from(value: Any) -> VerdictFrom | None:
    """`verdict_from: {column: Title, pattern: '^(?P<label>[A-Z ]+):', labels: {DISINFO: disinformation}}`."""
    if value is None:
        return None
    if not isinstance(value, MappingABC):
        raise MappingError("verdict_from: must be a mapping with 'column', 'pattern' and 'labels'")
    for key in sorted(set(value) - {"column", "pattern", "labels"}):
        raise MappingError(f"verdict_from: unknown key {key!r} (allowed: column, pattern, labels)")
    column = value.get("column")
    if not isinstance(column, str) or not column:
        raise MappingError(f"verdict_from.column: {column!r} must name the column that holds the label")
    pattern = _regex(value.get("pattern"), "verdict_from.pattern")
    if "label" not in _compiled(pattern.replace(TITLE_TOKEN, "(?:x)")).groupindex:
        raise MappingError(
            f"verdict_from.pattern: {pattern!r} has no group named 'label'; write it as (?P<label>...)"
        )
    labels = value.get("labels") or {}
    if not isinstance(labels, MappingABC) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
    ):
        raise MappingError("verdict_from.labels: must be a mapping of 'LABEL: verdict' lines")
    return VerdictFrom(column, pattern, dict(labels))


def _title_pattern(pattern: str, titles: tuple[str, ...]) -> str:
    if TITLE_TOKEN not in pattern:
        return pattern
    spelled = sorted({t.strip() for t in titles if t.strip()}, key=len, reverse=True)
    if not spelled:
        return ""
    # Spaces in a title may be any run of white space in the cell that repeats it.
    alternatives = "|".join(r"\s+".join(map(re.escape, title.split())) for title in spelled)
    return pattern.replace(TITLE_TOKEN, f"(?:{alternatives})")


def clean_cell(
    column: str, cell: str, patterns: tuple[str, ...], titles: tuple[str, ...]
) -> tuple[str, list[str]]:
    """The cell without what the patterns match, and what was removed, in words."""
    removed: list[str] = []
    for pattern in patterns:
        actual = _title_pattern(pattern, titles)
        if not actual:
            continue
        compiled = re.compile(actual)
        found = [match.group(0) for match in compiled.finditer(cell) if match.group(0)]
        if found:
            cell = compiled.sub("", cell)
            removed += [f"{column}: removed {_quote(text)} (pattern {pattern!r})" for text in found]
    return cell.strip(), removed


def _quote(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")
