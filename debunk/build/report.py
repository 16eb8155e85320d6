"""Printing problems: plain `path:line: field: message` lines, or GitHub Actions annotations."""

from __future__ import annotations

import html
import logging
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


FEW = 3
"""Warnings shown of each kind when there are many."""
MANY = 20
"""Up to this many warnings are all shown; beyond it they are summarised by kind."""
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\d+")
_INDEX = re.compile(r"\[\d+\]")


def problem_kind(problem: Problem) -> str:
    """What a problem is about, without its values: `countries: '…' is another name for '…'; write '…'`."""
    message = _NUMBER.sub("…", _QUOTED.sub("'…'", problem.message))
    return f"{_INDEX.sub('', problem.field)}: {message}"


Line = tuple[str, str]
"""(`warning`, `error` or `heading`, text): one line of a problem report."""


def report_lines(problems: Sequence[Problem], *, every: bool = False) -> list[Line]:
    """Warnings first (the first few of each kind when there are many), then the errors under a heading.

    A long run's one error is the last thing printed, not lost above hundreds of warnings.
    """
    warnings = [problem for problem in problems if problem.severity is not Severity.ERROR]
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if every or len(warnings) <= MANY:
        lines = [("warning", str(problem)) for problem in warnings]
    else:
        lines = _summary(warnings)
    if errors:
        if warnings:
            fail = "fails" if len(errors) == 1 else "fail"
            lines.append(("heading", f"{_count(len(errors), 'error')}, which {fail} the check:"))
        lines += [("error", str(problem)) for problem in errors]
    return lines


def problem_lines(problems: Sequence[Problem], *, every: bool = False) -> list[str]:
    """`report_lines` as text, for a terminal."""
    return [text for _kind, text in report_lines(problems, every=every)]


def _summary(warnings: Sequence[Problem]) -> list[Line]:
    kinds: dict[str, list[Problem]] = {}
    for problem in warnings:
        kinds.setdefault(problem_kind(problem), []).append(problem)
    ordered = sorted(kinds.items(), key=lambda item: (-len(item[1]), item[0]))
    heading = f"{_count(len(warnings), 'warning')} of {_count(len(kinds), 'kind')} (the first {FEW} of each):"
    lines: list[Line] = [("heading", heading)]
    for kind, items in ordered:
        lines += [("warning", str(problem)) for problem in items[:FEW]]
        if len(items) > FEW:
            lines.append(("warning", f"  ... and {len(items) - FEW} more like this ({kind})"))
    return lines


def log_records(problems: Sequence[Problem], warning_level: int) -> list[tuple[int, str]]:
    """A build's log lines for its problems, as (logging level, text), in `report_lines`' order.

    Warnings are logged at `warning_level` (WARNING fails a strict build, INFO does not); headings
    at INFO, so that they count as nothing; errors at ERROR, last.
    """
    levels = {"warning": warning_level, "error": logging.ERROR, "heading": logging.INFO}
    return [
        (levels[kind], f"debunk: {text}" if kind == "heading" else text)
        for kind, text in report_lines(problems)
    ]
