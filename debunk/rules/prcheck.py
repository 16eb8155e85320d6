"""The pull-request check: validate what a pull request changed, and say what needs review.

`debunk pr-check` runs this in the pull-request workflow, and contributors can run it on their
own machine: the text it prints and the step summary it writes are all a contributor sees.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from debunk.build.report import github_annotation, step_summary, summary_line
from debunk.content.frontmatter import Value, read_document
from debunk.content.repository import Content, load_content
from debunk.content.vocab import fold
from debunk.model import Problem, Severity
from debunk.rules.changes import ChangeSet, changed_files, classify, file_at, fork_point
from debunk.rules.validate import NEAR_DUPLICATE_SCORE, check_near_duplicates
from debunk.settings import checked_settings

REVIEW_TITLE = "Needs maintainer review"
FIX_HINT = (
    "Fix every ❌ line: open the file from the pull request's *Files changed* tab, choose "
    "*Edit file*, correct the line named in the table and commit; the checks run again. "
    "⚠️ lines do not block merging, but read them: a title close to an existing case's may "
    "mean the case is already published. See CONTRIBUTING.md for every rule."
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#!~])")


@dataclass(frozen=True)
class PrCheck:
    """The outcome: what changed, the problems to show, and how many files were validated."""

    changes: ChangeSet
    problems: tuple[Problem, ...]
    checked: int

    @property
    def failed(self) -> bool:
        return any(problem.severity is Severity.ERROR for problem in self.problems)


def _title(content: Content, path: str) -> tuple[str, int] | None:
    """A changed case's title and its line, even when the case has errors and did not load."""
    case = next((case for case in content.cases if case.path == path), None)
    if case is not None:
        return case.title, case.line_of("title")
    file = content.root / path
    if file.is_symlink() or not file.is_file():
        return None
    document = read_document(file.read_bytes())
    if isinstance(document, list):
        return None
    title = document.meta.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    return title.strip(), document.lines.get(("title",), 1)


def near_duplicates(content: Content, changed_cases: Iterable[str]) -> list[Problem]:
    """Warn on each changed case whose title is close to another case's, naming that case.

    Unlike the repository-wide check, the warning always lands on the changed file (the one in
    the pull request), and a changed case is checked even when it has errors.
    """
    changed = set(changed_cases)
    folded = [fold(case.title) for case in content.cases]
    problems = []
    for path in sorted(changed):
        found = _title(content, path)
        if found is None:
            continue
        title, line = found
        hits = process.extract(
            fold(title), folded, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE, limit=None
        )
        others = [
            (score, content.cases[index])
            for _choice, score, index in hits
            if content.cases[index].path != path
            and (content.cases[index].path not in changed or content.cases[index].path < path)
        ]
        for score, other in sorted(others, key=lambda hit: (-hit[0], hit[1].path)):
            problems.append(
                Problem(
                    path,
                    line,
                    "title",
                    f"{title!r} is {score:.0f}% similar to {other.path} ({other.title!r}); "
                    "check that it is not the same case",
                    Severity.WARNING,
                )
            )
    return problems


def pr_problems(content: Content, changes: ChangeSet) -> list[Problem]:
    """Problems of the changed files, plus errors anywhere (a removed narrative breaks cases)."""
    changed = set(changes.content)
    repository_wide = set(check_near_duplicates(content.cases))
    selected = {
        problem
        for problem in content.problems
        if (problem.path in changed and problem not in repository_wide)
        or (problem.path not in changed and problem.severity is Severity.ERROR)
    }
    selected.update(near_duplicates(content, changes.cases))
    return sorted(selected, key=lambda p: (p.path, p.line, p.field, p.message, p.severity.value))


def _corrections(meta: dict[str, Value]) -> int:
    """How many `kind: correction` entries a front matter's `updates` holds (as written)."""
    updates = meta.get("updates")
    entries = updates if isinstance(updates, list) else []
    return sum(1 for entry in entries if isinstance(entry, dict) and entry.get("kind") == "correction")


def verdict_changes(content: Content, changes: ChangeSet, base: str, head: str = "HEAD") -> list[Problem]:
    """A changed verdict needs a new `correction` entry: readers and search engines must learn
    that the rating changed, and why, from the page itself."""
    problems = []
    changed = set(changes.cases)
    fork = fork_point(content.root, base, head) if changed else ""
    for case in content.cases:
        data = file_at(content.root, fork, case.path) if case.path in changed else None
        before = read_document(data) if data is not None else []  # None: a new case
        if isinstance(before, list) or not isinstance(before.meta.get("verdict"), str):
            continue
        old = str(before.meta["verdict"])
        added = sum(update.kind == "correction" for update in case.updates) - _corrections(before.meta)
        if old != case.verdict and added < 1:
            message = (
                f"changed from {old!r} to {case.verdict!r} without a correction: add an entry to 'updates' "
                "saying why, e.g. '- {date: YYYY-MM-DD, kind: correction, note: The verdict was ...}'"
            )
            problems.append(Problem(case.path, case.line_of("verdict"), "verdict", message))
    return problems


def run_pr_check(root: Path, base: str, head: str = "HEAD") -> PrCheck:
    """Check the working tree at `root` against the files changed in `base...head`."""
    changes = classify(changed_files(root, base, head))
    settings, wrong = checked_settings(root)
    content = load_content(root, archive_required_from=settings.archive_required_from)
    found = wrong + pr_problems(content, changes) + verdict_changes(content, changes, base, head)
    problems = sorted(found, key=lambda p: (p.path, p.line, p.field, p.message, p.severity.value))
    checked = sum(1 for path in changes.content if (root / path).exists() or (root / path).is_symlink())
    return PrCheck(changes, tuple(problems), checked)


def review_problem(changes: ChangeSet) -> Problem | None:
    """One warning, on the first file that needs review, listing them all."""
    if not changes.review:
        return None
    listed = ", ".join(f"{item.path} ({item.reason})" for item in changes.review)
    return Problem(
        changes.review[0].path,
        0,
        REVIEW_TITLE,
        f"this pull request changes more than cases, narratives and vocabularies: {listed}. "
        "A maintainer must review it before it is merged.",
        Severity.WARNING,
    )


def report_lines(check: PrCheck, output: str) -> list[str]:
    """What `debunk pr-check` prints: annotations (`github`) or `path:line: field: message` lines."""
    flagged = review_problem(check.changes)
    problems: Sequence[Problem] = [*check.problems, *([flagged] if flagged else [])]
    lines = [github_annotation(p) if output == "github" else str(p) for p in problems]
    return [*lines, summary_line(check.problems, check.checked)]


def _cell(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=True)).replace("\n", " ")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def pr_summary(check: PrCheck) -> str:
    """The Markdown for `$GITHUB_STEP_SUMMARY`: the review flag, then the validation table."""
    changes = check.changes
    lines = [
        "## Pull request",
        "",
        f"Changed: {_count(len(changes.cases), 'case')}, "
        f"{_count(len(changes.content) - len(changes.cases), 'narrative or vocabulary file')}, "
        f"{_count(len(changes.review), 'other file')}.",
        "",
    ]
    if changes.needs_review:
        lines += [
            f"### ⚠️ {REVIEW_TITLE}",
            "",
            "This pull request changes more than cases, narratives and vocabularies. "
            "A maintainer must review these files before it is merged:",
            "",
            "| File | What it is |",
            "| --- | --- |",
            *(f"| {_cell(item.path)} | {_cell(item.reason)} |" for item in changes.review),
        ]
    else:
        lines.append("Only cases, narratives and vocabularies changed: no code or configuration.")
    text = "\n".join(lines) + "\n\n" + step_summary(check.problems, check.checked)
    if check.problems:
        text += "\n" + FIX_HINT + "\n"
    return text
