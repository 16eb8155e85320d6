"""What a pull request changes: content to validate, and code or configuration to review.

Most pull requests add or correct cases and can be merged on the validator's word. A pull
request that also touches how the site is built (code, templates, settings, workflows,
dependencies) or removes a published case needs a maintainer's eyes; this module says which
files, and CODEOWNERS makes GitHub ask for that review.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from debunk.content.load import CASES_DIR, NARRATIVES_DIR
from debunk.content.vocab import VOCABULARY_DIR

CONTENT_DIRS = (CASES_DIR, NARRATIVES_DIR, VOCABULARY_DIR)
"""Folders whose files contributors change; everything else is reviewed by a maintainer."""

_KINDS: tuple[tuple[str, str], ...] = (
    (".github/workflows/", "workflow"),
    (".github/", "repository settings"),
    ("debunk/", "code"),
    ("debunk_mkdocs/", "code"),
    ("hooks/", "code"),
    ("scripts/", "code"),
    (".ci/", "code"),
    ("tests/", "tests"),
    ("overrides/", "templates"),
    ("docs/", "site pages"),
    ("mkdocs.yml", "site configuration"),
    ("pyproject.toml", "dependencies"),
    ("requirements", "dependencies"),
    (".pre-commit-config.yaml", "configuration"),
    (".cache/", "build cache: never commit it"),
)
"""Path prefixes and what to call the file in the review list; first match wins."""
_SINGULAR = {CASES_DIR: "case", NARRATIVES_DIR: "narrative", VOCABULARY_DIR: "vocabulary"}


class ChangesError(Exception):
    """The changed files could not be listed (for example, an unknown commit)."""


@dataclass(frozen=True)
class Review:
    """A file a maintainer must look at, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class ChangeSet:
    """A pull request's changed files, sorted into what is validated and what is reviewed."""

    content: tuple[str, ...]
    """Added or modified files under cases/, narratives/ and vocabularies/: validated."""
    review: tuple[Review, ...]
    """Files that need a maintainer's review: code, configuration, removed content."""

    @property
    def needs_review(self) -> bool:
        return bool(self.review)

    @property
    def cases(self) -> tuple[str, ...]:
        return tuple(path for path in self.content if path.startswith(CASES_DIR + "/"))


def kind_of(path: str) -> str:
    """What a file outside the content folders is, in a maintainer's words."""
    for prefix, kind in _KINDS:
        if path.startswith(prefix):
            return kind
    return "other file"


def is_content(path: str) -> bool:
    """True for files under cases/, narratives/ or vocabularies/."""
    return path.split("/", 1)[0] in CONTENT_DIRS and "/" in path


def classify(changes: Iterable[tuple[str, str]]) -> ChangeSet:
    """Sort `(status, path)` pairs, as from `git diff --name-status` (A, M, D, T...)."""
    content: set[str] = set()
    review: dict[str, str] = {}
    for status, path in changes:
        removed = status.startswith("D")
        if not is_content(path):
            review[path] = ("removed " if removed else "") + kind_of(path)
        elif removed:
            review[path] = f"removes a published {_SINGULAR[path.split('/', 1)[0]]}"
        else:
            content.add(path)
    return ChangeSet(
        content=tuple(sorted(content)),
        review=tuple(Review(path, reason) for path, reason in sorted(review.items())),
    )


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ChangesError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise ChangesError(f"git {' '.join(args[:2])} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout


def changed_files(root: Path, base: str, head: str = "HEAD") -> list[tuple[str, str]]:
    """`(status, path)` of every file that `head` changes since it left `base` (`base...head`).

    Renames count as a removal and an addition: renaming a published case changes its URL.
    Paths are relative to `root`; files outside it are kept with a `../` prefix so they are
    still reviewed.
    """
    for ref in (base, head):
        if ref.startswith("-"):
            raise ChangesError(f"{ref!r} is not a commit")
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    out = _git(root, "diff", "--name-status", "--no-renames", "-z", f"{base}...{head}", "--")
    fields = out.split("\0")
    pairs = []
    for status, path in zip(fields[0::2], fields[1::2], strict=False):
        if not status:
            continue
        pairs.append((status, path[len(prefix) :] if path.startswith(prefix) else "../" + path))
    return sorted(pairs, key=lambda pair: pair[1])


def fork_point(root: Path, base: str, head: str = "HEAD") -> str:
    """The commit where `head` left `base` (their merge base): what `changed_files` compares with."""
    return _git(root, "merge-base", base, head).strip()


def file_at(root: Path, commit: str, path: str) -> bytes | None:
    """A file (relative to `root`) as `commit` had it, or None when it did not exist there."""
    try:
        return _git(root, "show", f"{commit}:./{path}").encode("utf-8", "surrogateescape")
    except ChangesError:
        return None
