"""Feedback on long jobs: warnings summarised by kind, errors last, progress lines in a build log."""

from __future__ import annotations

import io
import logging
import re

import pytest
from click.testing import CliRunner
from conftest import CASE, Repo

from debunk.build.progress import track
from debunk.build.report import FEW, MANY, log_records, problem_kind, problem_lines
from debunk.cli import main
from debunk.content.repository import load_content
from debunk.model import Problem, Severity

USA = "countries: [USA]"


def many_cases(repo: Repo, count: int, **fields: str) -> list[str]:
    """`count` cases that each warn about 'USA' (and whatever `fields` give)."""
    paths = []
    for index in range(count):
        rel = f"cases/2023/2023-06-{index % 28 + 1:02d}-storm-claim-{index}.md"
        repo.write_case(rel, date=f'"2023-06-{index % 28 + 1:02d}"', countries="[USA]", **fields)
        paths.append(rel)
    return paths


def test_many_warnings_are_summarised_by_kind_and_the_error_comes_last(repo: Repo) -> None:
    many_cases(repo, MANY + 5)
    repo.write_case(CASE, verdict="fake")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--root", str(repo.root)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    warnings = [p for p in repo.problems(None) if p.severity is Severity.WARNING]
    errors = [p for p in repo.problems(None) if p.severity is Severity.ERROR]
    assert len(warnings) > MANY and len(errors) == 1
    kinds = {problem_kind(p) for p in warnings}
    assert lines[0] == f"{len(warnings)} warnings of {len(kinds)} kinds (the first {FEW} of each):"
    shown = [line for line in lines if ": warning: " in line]
    assert len(shown) == sum(min(FEW, sum(problem_kind(p) == k for p in warnings)) for k in kinds)
    more = [line for line in lines if line.startswith("  ... and ")]
    counted = sum(int(re.match(r"  \.\.\. and (\d+) more", line).group(1)) for line in more)  # type: ignore[union-attr]
    assert len(shown) + counted == len(warnings)  # every warning is shown or counted
    assert lines[-2:] == ["1 error, which fails the check:", str(errors[0])]
    every = runner.invoke(main, ["validate", "--all-warnings", "--root", str(repo.root)])
    assert sum(": warning: " in line for line in every.stdout.splitlines()) == len(warnings)


def test_a_kind_is_the_message_without_its_values() -> None:
    one = Problem("a.md", 3, "countries[0]", "'USA' is another name for 'United States'", Severity.WARNING)
    two = Problem("b.md", 9, "countries[2]", "'UK' is another name for 'United Kingdom'", Severity.WARNING)
    assert problem_kind(one) == problem_kind(two) == "countries: '…' is another name for '…'"


def test_a_few_problems_are_printed_as_they_are() -> None:
    problems = [Problem("a.md", 1, "title", "too long", Severity.WARNING), Problem("b.md", 2, "date", "bad")]
    assert problem_lines(problems) == [
        "a.md:1: title: warning: too long",
        "1 error, which fails the check:",
        "b.md:2: date: bad",
    ]
    assert problem_lines(problems[1:]) == ["b.md:2: date: bad"]


def test_the_build_log_puts_the_errors_last_and_headings_at_info() -> None:
    warnings = [Problem(f"c{i}.md", i, "countries[0]", f"'X{i}' is odd", Severity.WARNING) for i in range(40)]
    error = Problem("z.md", 1, "verdict", "unknown verdict 'fake'")
    records = log_records([error, *warnings], logging.WARNING)
    assert records[-1] == (logging.ERROR, str(error))
    assert records[-2] == (logging.INFO, "debunk: 1 error, which fails the check:")
    assert sum(level == logging.WARNING for level, _ in records) == FEW + 1  # three, then the count
    assert records[0][0] == logging.INFO and records[0][1].startswith("debunk: 40 warnings of 1 kind")


def test_a_long_job_logs_its_progress_every_few_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(0, 10_000, 1))  # each call to the clock: one second later
    monkeypatch.setattr("debunk.build.progress.time.monotonic", lambda: float(next(clock)))
    lines: list[str] = []
    items = list(track(range(2000), 2000, "reading cases", lines.append, every=300))
    assert items == list(range(2000))
    assert lines[0].startswith("reading cases: ") and " of 2,000 (" in lines[0]
    assert lines[-1].startswith("reading cases: 2,000 of 2,000 done in ")
    assert 5 <= len(lines) <= 8  # about one line per 300 seconds of the fake clock


def test_a_short_job_is_quiet() -> None:
    lines: list[str] = []
    assert list(track(range(10), 10, "x", lines.append)) == list(range(10))
    assert lines == []


def test_a_build_log_shows_progress_of_a_large_repository(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build's load of many cases reports through the given function (the build's logger)."""
    many_cases(repo, 1200)
    lines: list[str] = []
    monkeypatch.setattr("debunk.build.progress.EVERY", 0.0)
    load_content(repo.root, None, lines.append)
    assert [line for line in lines if line.startswith("reading cases: ")][-1].startswith(
        "reading cases: 1,203 of 1,203 done in "
    )


class Terminal(io.StringIO):
    """Standard error as a terminal shows it."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_bar_counts_the_items_and_goes_away(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert list(track(range(1500), 1500, "reading records")) == list(range(1500))
    drawn = screen.getvalue()
    assert "reading records" in drawn and "1500/1500" in drawn
    assert drawn.endswith("\x1b[2K")  # transient: the line is cleared when the job ends


def test_not_on_a_terminal_a_command_prints_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    assert list(track(range(1500), 1500, "reading records")) == list(range(1500))
    assert piped.getvalue() == ""
