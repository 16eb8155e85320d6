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


def _cell(text: str) -> str:
    """Text safe for a Markdown table cell that GitHub renders as HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=True)).replace("\n", " ")


def step_summary(problems: Sequence[Problem], checked: int) -> str:
    """The Markdown written to `$GITHUB_STEP_SUMMARY`: counts and a table of problems."""
    errors, warnings = count(problems)
    lines = [
        "## Case validation",
        "",
        f"{checked} files checked: **{errors} errors**, {warnings} warnings.",
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
    plural = {1: ""}
    return (
        f"{errors} error{plural.get(errors, 's')}, {warnings} warning{plural.get(warnings, 's')} "
        f"in {checked} file{plural.get(checked, 's')} checked"
    )
