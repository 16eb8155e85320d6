"""Review source files, `reviews/<key>.md`: the selection in front matter, the editor's introduction below.

The case lists are not stored: they are computed from the corpus at build time. `debunk digest`
creates the file with a placeholder introduction; re-running it never touches the introduction
(the bytes after the closing `---` are kept exactly) and rewrites the front matter only when the
selection changes and the editor asked for it (`--save`): an edited file is never changed unasked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from debunk.content.body import PLACEHOLDER, parse_body
from debunk.content.files import content_files, create_file, relative, write_file
from debunk.content.frontmatter import Document, Value, read_document
from debunk.content.repository import Content
from debunk.content.vocab import did_you_mean
from debunk.model import Problem, Severity
from debunk.render.commonmark import render
from debunk.review.digest import EmptySelectionError, empty_message
from debunk.review.selection import FILTER_KINDS, Selection, resolve_selection, select_cases
from debunk.rules.text import text_problems
from debunk.site.paths import review_uri

REVIEWS_DIR = "reviews"
FILTER_FIELDS = (*FILTER_KINDS, *(f"exclude_{kind}" for kind in FILTER_KINDS))
REVIEW_FIELDS = ("issue", "week", "title", *FILTER_FIELDS)
_ISSUE = re.compile(r"^[1-9][0-9]{0,5}$")
_NAME = re.compile(r"^(?:[1-9][0-9]{0,5}|\d{4}-W\d{2})$")
PLACEHOLDER_INTRO = (
    "TODO: write the introduction to this review here, in Markdown. `debunk digest` never changes\n"
    "the text below the front matter; the case lists come from the cases themselves.\n"
)


@dataclass(frozen=True)
class Review:
    """One review: which cases it holds and the editor's introduction."""

    key: str
    """`321` or `2026-W47`: the file stem."""
    path: str
    """`reviews/<key>.md`, relative to the repository root."""
    selection: Selection
    title: str | None
    """The editor's headline, if any (otherwise `Review 321`)."""
    introduction: str
    """The Markdown after the front matter."""
    html: str | None = None
    """The introduction's HTML for its page, rendered from the very tokens `read_review` checked
    (as a case's `Case.html`); None for a review made in code, not read from its file."""


class ReviewFileError(Exception):
    """An existing review file cannot be read; the message lists the problems."""


def load_reviews(root: Path, content: Content) -> tuple[list[Review], list[Problem]]:
    """Every review file under `root/reviews/`, with every problem; reviews with errors are left out."""
    reviews: list[Review] = []
    problems: list[Problem] = []
    for path in content_files(root, REVIEWS_DIR):
        review, found = read_review(path, root, content)
        problems.extend(found)
        if review is not None:
            reviews.append(review)
    return reviews, sorted(problems)


def read_review(path: Path, root: Path, content: Content) -> tuple[Review | None, list[Problem]]:
    """Read and check one review file."""
    rel = relative(path, root)
    if path.is_symlink() or not path.is_file():
        return None, [
            Problem(rel, 0, "file", "is not a regular file; review files must be in the repository")
        ]
    if path.suffix != ".md" or not _NAME.match(path.stem) or path.parent != root / REVIEWS_DIR:
        message = "review files must be named reviews/<issue>.md or reviews/<YYYY-Www>.md"
        return None, [Problem(rel, 0, "file", message)]
    document = read_document(path.read_bytes())
    if isinstance(document, list):
        return None, [Problem(rel, error.line, "front matter", error.message) for error in document]
    problems = _check_fields(rel, document)
    selection = _selection(rel, path.stem, document, content, problems)
    title = document.meta.get("title")
    body = parse_body(document.body, structured=False)
    for line, name, message in body.problems:
        problems.append(Problem(rel, document.body_line + line, name, message))
    if PLACEHOLDER.search(document.body):
        message = "the introduction is still the placeholder written by 'debunk digest'; write it"
        problems.append(Problem(rel, document.body_line, "introduction", message, Severity.WARNING))
    if selection is not None and not select_cases(content, selection):
        field = "issue" if selection.issue is not None else "week"
        problems.append(Problem(rel, _line(document, field), field, empty_message(selection)))
    if any(problem.severity is Severity.ERROR for problem in problems) or selection is None:
        return None, problems
    text = title if isinstance(title, str) else None
    html = render(body.tokens, review_uri(path.stem)).html  # its page's docs path: links are relative to it
    return Review(path.stem, rel, selection, text, document.body, html), problems


def _line(document: Document, name: str) -> int:
    return document.lines.get((name,), 1)


def _check_fields(rel: str, document: Document) -> list[Problem]:
    problems = []
    for key in document.meta:
        if key not in REVIEW_FIELDS:
            hint = did_you_mean(key, REVIEW_FIELDS)
            message = f"unknown field {key!r}{hint}; allowed: {', '.join(REVIEW_FIELDS)}"
            problems.append(Problem(rel, _line(document, key), key, message))
    title = document.meta.get("title")
    if title is not None:
        messages = text_problems(title) if isinstance(title, str) else ["must be plain text"]
        problems.extend(Problem(rel, _line(document, "title"), "title", text) for text in messages)
    return problems


def _selection(
    rel: str, stem: str, document: Document, content: Content, problems: list[Problem]
) -> Selection | None:
    """The selection of the front matter, checked against the file name and the vocabularies."""
    meta = document.meta
    kind = "week" if "-W" in stem else "issue"
    value = meta.get(kind)
    if value != stem:
        shown = "missing" if value is None else f"{value!r}"
        problems.append(
            Problem(rel, _line(document, kind), kind, f"is {shown}; the file {rel} needs '{kind}: {stem}'")
        )
        return None
    other = "issue" if kind == "week" else "week"
    if other in meta:
        problems.append(
            Problem(rel, _line(document, other), other, f"a review has a {kind} or an issue, not both")
        )
        return None
    try:
        base = Selection(week=stem) if kind == "week" else Selection(issue=int(stem))
    except ValueError as exc:
        problems.append(Problem(rel, _line(document, kind), kind, str(exc)))
        return None
    filters: dict[str, Any] = {}
    for name in FILTER_FIELDS:
        values = meta.get(name, [])
        if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
            problems.append(
                Problem(rel, _line(document, name), name, "must be a list of tags, e.g. [Kosovo]")
            )
            continue
        one: dict[str, Any] = {name: tuple(map(str, values))}
        resolved, errors = resolve_selection(content, replace(base, **one))
        problems.extend(Problem(rel, _line(document, name), name, error) for error in errors)
        filters[name] = getattr(resolved, name)
    return replace(base, **filters)


def front_matter(selection: Selection, title: str | None = None) -> str:
    """The YAML front matter of a review file, fences included."""
    data: dict[str, Value] = {}
    if selection.issue is not None:
        data["issue"] = str(selection.issue)
    else:
        data["week"] = str(selection.week)
    if title:
        data["title"] = title
    data.update({name: list(values) for name, values in selection.filters.items()})
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000)
    return f"---\n{text}---\n"


@dataclass(frozen=True)
class ReviewUpdate:
    """What `debunk digest` would do to `reviews/<key>.md`: nothing is written until `save_review`."""

    review: Review
    status: str
    """'created' (no file yet), 'updated' (the selection differs from the file's) or 'unchanged'."""
    data: bytes | None
    """The file's new bytes; None when unchanged."""
    changes: tuple[str, ...] = ()
    """For 'updated': what differs, one `field: old -> new` each."""


def plan_review(
    root: Path, selection: Selection, content: Content, keep_filters: bool = False
) -> ReviewUpdate:
    """The review of `selection` and what writing `reviews/<key>.md` would change.

    An existing file keeps its introduction byte for byte and its title; its front matter
    changes only when the selection differs from the one it records. With `keep_filters`
    the file's filters are kept (the command line named none).
    """
    path = root / REVIEWS_DIR / f"{selection.key}.md"
    rel = f"{REVIEWS_DIR}/{selection.key}.md"
    if not path.exists() and not path.is_symlink():
        _check_not_empty(content, selection)
        data = (front_matter(selection) + PLACEHOLDER_INTRO).encode("utf-8")
        return ReviewUpdate(Review(selection.key, rel, selection, None, PLACEHOLDER_INTRO), "created", data)
    recorded, title, body = read_existing(root, selection.key, content)
    if keep_filters:
        if isinstance(recorded, list):
            # Rewriting would drop the editor's filters: name the problems instead.
            raise ReviewFileError("\n".join(map(str, recorded)))
        selection = recorded
    _check_not_empty(content, selection)
    review = Review(selection.key, rel, selection, title, body)
    if recorded == selection:
        return ReviewUpdate(review, "unchanged", None)
    raw = path.read_bytes()
    data = front_matter(selection, title).encode("utf-8") + raw[_body_offset(raw) :]
    return ReviewUpdate(review, "updated", data, _changes(recorded, selection))


def _changes(recorded: Selection | list[Problem], selection: Selection) -> tuple[str, ...]:
    if isinstance(recorded, list):
        return tuple(f"{problem.field}: replaced ({problem.message})" for problem in recorded)
    old, new = recorded.filters, selection.filters
    return tuple(
        f"{name}: {list(old.get(name, ()))} -> {list(new.get(name, ()))}"
        for name in FILTER_FIELDS
        if old.get(name, ()) != new.get(name, ())
    )


def save_review(root: Path, update: ReviewUpdate) -> None:
    """Write the file `plan_review` planned; a file that appeared since is not replaced."""
    path = root / update.review.path
    if update.status == "created" and update.data is not None:
        create_file(path, update.data)
    elif update.status == "updated" and update.data is not None:
        write_file(path, update.data)


def _check_not_empty(content: Content, selection: Selection) -> None:
    if not select_cases(content, selection):
        raise EmptySelectionError(empty_message(selection))


def read_existing(
    root: Path, key: str, content: Content
) -> tuple[Selection | list[Problem], str | None, str]:
    """(selection, or its problems when it is invalid; title; introduction) of `reviews/<key>.md`.

    ReviewFileError when the file cannot be read at all: then it is not safe to rewrite.
    """
    path = root / REVIEWS_DIR / f"{key}.md"
    if path.is_symlink() or not path.is_file():
        raise ReviewFileError(f"{REVIEWS_DIR}/{key}.md: is not a regular file")
    document = read_document(path.read_bytes())
    if isinstance(document, list):
        rel = f"{REVIEWS_DIR}/{key}.md"
        raise ReviewFileError(
            "\n".join(str(Problem(rel, e.line, "front matter", e.message)) for e in document)
        )
    problems: list[Problem] = []
    selection = _selection(f"{REVIEWS_DIR}/{key}.md", key, document, content, problems)
    title = document.meta.get("title")
    recorded = problems if problems or selection is None else selection
    return recorded, (title if isinstance(title, str) else None), document.body


def _body_offset(raw: bytes) -> int:
    """The byte offset just after the closing `---` line (read_document already accepted the file)."""
    offset = raw.index(b"\n") + 1
    while True:
        end = raw.find(b"\n", offset)
        line = raw[offset : end if end >= 0 else len(raw)]
        if line.rstrip() == b"---":
            return end + 1 if end >= 0 else len(raw)
        offset = end + 1
