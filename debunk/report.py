"""Printing problems: plain `path:line: field: message` lines, or GitHub Actions annotations."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from debunk.model import Problem, Severity


def _escape_data(text: str) -> str:
    """Escape an annotation message the way GitHub's toolkit does, so it cannot end early."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape an annotation property (file, title): also ':' and ',' which delimit them."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """`::error file=...,line=...,title=...::message`; case text can never forge another one."""
    level = "error" if problem.severity is Severity.ERROR else "warning"
    props = f"file={_escape_property(problem.path)}"
    if problem.line:
        props += f",line={problem.line}"
    props += f",title={_escape_property(problem.field)}"
    return f"::{level} {props}::{_escape_data(problem.message)}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#!~])")
_LINE_BREAK = re.compile(r"[\r\n]+")


def _cell(text: str) -> str:
    """Text safe for a Markdown table cell that GitHub renders as HTML.

    Quotes stay as they are: `&#x27;` would have its `#` escaped below and show up verbatim.
    """
    return _LINE_BREAK.sub(" ", _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def step_summary(problems: Sequence[Problem], checked: int) -> str:
    """The Markdown written to `$GITHUB_STEP_SUMMARY`: counts and a table of problems."""
    errors, warnings = count(problems)
    lines = [
        "## Case validation",
        "",
        f"{_count(checked, 'file')} checked: **{_count(errors, 'error')}**, {_count(warnings, 'warning')}.",
        "",
    ]
    if problems:
        lines += ["| | File | Line | Field | Problem |", "| --- | --- | --- | --- | --- |"]
        for problem in problems:
            mark = "❌" if problem.severity is Severity.ERROR else "⚠️"
            cells = [
                mark,
                _cell(problem.path),
                str(problem.line),
                _cell(problem.field),
                _cell(problem.message),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append("No problems found.")
    return "\n".join(lines) + "\n"


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    tally = Counter(problem.severity for problem in problems)
    return tally[Severity.ERROR], tally[Severity.WARNING]


def summary_line(problems: Sequence[Problem], checked: int) -> str:
    """`2 errors, 1 warning in 14 files checked`."""
    errors, warnings = count(problems)
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {_count(checked, 'file')} checked"


def _count(number: int, noun: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
