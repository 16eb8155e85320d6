"""Read case and narrative files into the model, collecting every problem on the way."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from debunk.body import PLACEHOLDER, parse_body
from debunk.frontmatter import Document, FieldPath, Value, format_path, read_document
from debunk.model import Case, Narrative, Problem, Severity, Source
from debunk.schema import (
    CASE_FIELDS,
    CASE_ID_PATTERN,
    DATE_PATTERN,
    FORBIDDEN_KEYS,
    ISSUE_PATTERN,
    MAX_LIST_ITEMS,
    MAX_TERM_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    NARRATIVE_FIELDS,
    SLUG_PATTERN,
    SOURCE_KEYS,
    FieldSpec,
)
from debunk.text import html_problem, lookalike_problems, text_problems
from debunk.urls import url_problem
from debunk.vocab import Vocabularies, Vocabulary, did_you_mean

CASES_DIR = "cases"
NARRATIVES_DIR = "narratives"
_CASE_PATH = re.compile(r"^cases/([0-9]{4})/(([0-9]{4}-[0-9]{2}-[0-9]{2})-([^/]+))\.md$")
# The same patterns as the published JSON Schema; always `fullmatch`: in Python `$` also matches
# before a final newline, so `match` would let `abc\n` through.
_SLUG = re.compile(SLUG_PATTERN)
_CASE_ID = re.compile(CASE_ID_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_ISSUE = re.compile(ISSUE_PATTERN)
MAX_SLUG_CHARS = 80


@dataclass
class _Reader:
    """Problems of one file, with the line of each field at hand."""

    rel: str
    lines: dict[FieldPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: FieldPath) -> int:
        if path == ("file",):
            return 0  # the file as a whole, not one of its lines
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: FieldPath, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.rel, self.line(path), format_path(path), message, severity))

    def warn(self, path: FieldPath, message: str) -> None:
        self.error(path, message, Severity.WARNING)

    @property
    def failed(self) -> bool:
        return any(problem.severity is Severity.ERROR for problem in self.problems)


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes (the form used in every message)."""
    # Strings, not `Path.relative_to`: this runs three times per case file.
    text, base = path.as_posix(), root.as_posix().rstrip("/")
    if text.startswith(base + "/") and base not in {"", "."}:
        return text[len(base) + 1 :]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return text


@functools.lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    """The real path of a folder (the root, a year folder), resolved once rather than once per file.

    Forgotten at the start of each load (`debunk.batch.load_cases`), so a long `mkdocs serve`
    sees a folder that became a link."""
    return os.path.realpath(folder)


def forget_folders() -> None:
    """Resolve folders again: one may have been replaced by a link since the last load."""
    _real_folder.cache_clear()


def _place(path: Path, root: Path) -> tuple[str | None, str | None]:
    """(the file's real path, None), or (None, why it may not be read from where it is)."""
    try:
        status = os.lstat(path)
    except OSError:
        return None, "is not a regular file"
    if stat.S_ISLNK(status.st_mode):
        return None, "is a symbolic link; content files must be regular files in the repository"
    # Not a link: its real path is its folder's, resolved once per folder (strings, not Path:
    # this runs for every case file of every build, and Path's parsing was most of its time).
    absolute = os.path.abspath(path)  # noqa: PTH100
    folder, name = absolute.rsplit(os.sep, 1)
    folder, base = _real_folder(folder or os.sep), _real_folder(os.path.abspath(root))  # noqa: PTH100
    if folder != base and not folder.startswith(base.rstrip(os.sep) + os.sep):
        return None, "is outside the repository"
    if not stat.S_ISREG(status.st_mode):
        return None, "is not a regular file"
    return folder.rstrip(os.sep) + os.sep + name, None


def readable(path: Path, root: Path) -> bool:
    """True when the file is a regular file inside the repository: what it holds decides the rest."""
    return _place(path, root)[1] is None


def _read_file(path: Path, root: Path, reader: _Reader) -> Document | None:
    """Read a content file, refusing links and anything outside the repository."""
    resolved, refused = _place(path, root)
    if resolved is None:
        reader.error(("file",), refused or "is not a regular file")
        return None
    result = read_document(Path(resolved).read_bytes())
    if isinstance(result, list):
        for problem in result:
            reader.problems.append(Problem(reader.rel, problem.line, problem.field, problem.message))
        return None
    reader.lines = dict(result.lines)
    return result


def _check_keys(meta: dict[str, Value], fields: tuple[FieldSpec, ...], reader: _Reader) -> None:
    names = [spec.name for spec in fields]
    for key in meta:
        if key in FORBIDDEN_KEYS:
            reader.error((key,), f"{key!r} {FORBIDDEN_KEYS[key]}")
        elif key not in names:
            reader.error(
                (key,), f"unknown field {key!r}{did_you_mean(key, names)}; allowed: {', '.join(names)}"
            )
    for spec in fields:
        if spec.required and spec.name not in meta:
            reader.error((spec.name,), f"required field {spec.name!r} is missing")


def _text(
    meta: dict[str, Value], path: FieldPath, reader: _Reader, limit: int = MAX_TITLE_CHARS
) -> str | None:
    value = meta.get(str(path[-1])) if len(path) == 1 else None
    return _plain(value, path, reader, limit)


def _plain(value: Value | None, path: FieldPath, reader: _Reader, limit: int = MAX_TITLE_CHARS) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        reader.error(path, "must be plain text, not a list or mapping")
        return None
    if not value.strip():
        reader.error(path, "must not be empty")
        return None
    if len(value) > limit:
        reader.error(path, f"is {len(value)} characters long; the limit is {limit}")
    if PLACEHOLDER.search(value):
        reader.error(path, f"{value!r} is a placeholder left by 'debunk new'; fill it in")
        return None
    for message in text_problems(value):
        reader.error(path, message)
    if path[-1] not in {"url", "archive"}:
        _untrusted_text(value, path, reader)
    return value


def _untrusted_text(value: str, path: FieldPath, reader: _Reader) -> None:
    """HTML is an error anywhere; a look-alike word is an error in a term, a warning in prose
    (real titles have such typos, e.g. a Cyrillic `у` in `Zelenskyу`)."""
    html = html_problem(value)
    if html:
        reader.error(path, html)
    severity = Severity.WARNING if path[0] in {"title", "summary"} else Severity.ERROR
    for message in lookalike_problems(value):
        reader.error(path, message, severity)


def _string_list(meta: dict[str, Value], name: str, reader: _Reader) -> list[tuple[int, str]]:
    """(index, value) of every valid string of a list field; reports everything else."""
    value = meta.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        shown = value if isinstance(value, str) else "a mapping"
        reader.error((name,), f"must be a list, e.g. [{shown}]")
        return []
    if len(value) > MAX_LIST_ITEMS:
        reader.error((name,), f"has {len(value)} items; the limit is {MAX_LIST_ITEMS}")
    items = []
    for index, item in enumerate(value):
        text = _plain(item, (name, index), reader, MAX_TERM_CHARS)
        if text is not None:
            items.append((index, text))
    return items


def _term(value: str, path: FieldPath, vocabulary: Vocabulary, reader: _Reader) -> str | None:
    """The canonical form of a vocabulary value, or None (reported) when it is unknown."""
    match = vocabulary.match(value)
    if match is None:
        hints = {
            "country": "; use an ISO 3166 country name or a region from vocabularies/countries.yml",
            "language": "; use an ISO 639-1 code such as 'en' or 'ru'",
        }
        hint = vocabulary.suggest(value) or hints.get(
            vocabulary.kind, f"; add it to vocabularies/{vocabulary.kind}s.yml if it is new"
        )
        reader.error(path, f"unknown {vocabulary.kind} {value!r}{hint}")
        return None
    if match.alias:
        reader.warn(path, f"{value!r} is another name for {match.canonical!r}; write {match.canonical!r}")
    return match.canonical


def _terms(meta: dict[str, Value], name: str, vocabulary: Vocabulary, reader: _Reader) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for index, value in _string_list(meta, name, reader):
        canonical = _term(value, (name, index), vocabulary, reader)
        if canonical in seen:
            reader.error(
                (name, index), f"{value!r} repeats {seen[canonical]!r}; list each {vocabulary.kind} once"
            )
        elif canonical is not None:
            seen[canonical] = value
    return tuple(seen)


def _ids(meta: dict[str, Value], name: str, pattern: re.Pattern[str], reader: _Reader) -> tuple[str, ...]:
    ids: list[str] = []
    for index, value in _string_list(meta, name, reader):
        if not pattern.fullmatch(value):
            reader.error((name, index), f"{value!r} is not an id: lowercase letters, digits and hyphens")
        elif value in ids:
            reader.error((name, index), f"{value!r} is listed twice")
        else:
            ids.append(value)
    return tuple(ids)


def _date(meta: dict[str, Value], reader: _Reader) -> dt.date | None:
    value = _text(meta, ("date",), reader)
    if value is None:
        return None
    if not _DATE.fullmatch(value):
        reader.error(("date",), f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2022-12-14")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        reader.error(("date",), f"{value!r} is not a real calendar date")
        return None


def _url(value: Value | None, path: FieldPath, reader: _Reader) -> str | None:
    text = _plain(value, path, reader, MAX_URL_CHARS)
    if text is None:
        return None
    problem = url_problem(text)
    if problem is None:
        return text
    message, severity = problem
    reader.error(path, message, severity)
    return text if severity is Severity.WARNING else None


def _sources(meta: dict[str, Value], outlets: Vocabulary, reader: _Reader) -> tuple[Source, ...]:
    value = meta.get("sources")
    if value is None:
        return ()
    if not isinstance(value, list):
        reader.error(("sources",), "must be a list of '- url: ...' entries")
        return ()
    if len(value) > MAX_LIST_ITEMS:
        reader.error(("sources",), f"has {len(value)} items; the limit is {MAX_LIST_ITEMS}")
    sources = []
    for index, entry in enumerate(value):
        path: FieldPath = ("sources", index)
        if not isinstance(entry, dict):
            reader.error(path, "must be a mapping with 'url', 'archive' and 'outlet'")
            continue
        for key in sorted(set(entry) - set(SOURCE_KEYS)):
            reader.error((*path, key), f"unknown field {key!r}{did_you_mean(key, SOURCE_KEYS)}")
        if "url" not in entry:
            reader.error(path, "required field 'url' is missing")
        url = _url(entry.get("url"), (*path, "url"), reader)
        archive = _url(entry.get("archive"), (*path, "archive"), reader)
        if "archive" not in entry and url is not None:
            reader.warn(path, f"no archived copy of {url!r}; add 'archive:' (e.g. a web.archive.org link)")
        outlet_name = _plain(entry.get("outlet"), (*path, "outlet"), reader, MAX_TERM_CHARS)
        outlet = _term(outlet_name, (*path, "outlet"), outlets, reader) if outlet_name else None
        if url is not None:
            sources.append(Source(url, archive, outlet))
    return tuple(sources)


def _issue(meta: dict[str, Value], reader: _Reader) -> int | None:
    value = _text(meta, ("reported_in",), reader)
    if value is None:
        return None
    if not _ISSUE.fullmatch(value):
        reader.error(("reported_in",), f"{value!r} is not a review issue number (a whole number from 1)")
        return None
    return int(value)


def _case_path(rel: str, reader: _Reader) -> tuple[str, str] | None:
    """(id, date prefix) from `cases/<year>/<yyyy-mm-dd>-<slug>.md`, or None with problems."""
    match = _CASE_PATH.fullmatch(rel)
    if match is None:
        reader.error(("file",), "case files must be named cases/<year>/<yyyy-mm-dd>-<slug>.md")
        return None
    year, case_id, prefix, slug = match.groups()
    if not _SLUG.fullmatch(slug) or len(slug) > MAX_SLUG_CHARS:
        reader.error(
            ("file",), f"slug {slug!r} must be 1-{MAX_SLUG_CHARS} lowercase letters, digits and hyphens"
        )
        return None
    if prefix[:4] != year:
        reader.error(("file",), f"the date {prefix!r} is not in the year folder {year!r}")
    return case_id, prefix


def load_case(path: Path, root: Path, vocabularies: Vocabularies) -> tuple[Case | None, list[Problem]]:
    """Read one case file; return the case (None when it has errors) and every problem."""
    reader = _Reader(relative(path, root))
    identity = _case_path(reader.rel, reader)
    document = _read_file(path, root, reader)
    if document is None:
        return None, reader.problems
    meta = document.meta
    _check_keys(meta, CASE_FIELDS, reader)
    title = _text(meta, ("title",), reader)
    date = _date(meta, reader)
    if identity is not None and date is not None and date.isoformat() != identity[1]:
        reader.error(("date",), f"{date.isoformat()!r} does not match the file name date {identity[1]!r}")
    verdict = _text(meta, ("verdict",), reader)
    if verdict is not None and verdict not in vocabularies.verdicts:
        allowed = ", ".join(sorted(vocabularies.verdicts))
        reader.error(
            ("verdict",),
            f"unknown verdict {verdict!r}{did_you_mean(verdict, vocabularies.verdicts)}; allowed: {allowed}",
        )
    terms = {
        name: _terms(meta, name, vocabulary, reader)
        for name, vocabulary in (
            ("keywords", vocabularies.keywords),
            ("countries", vocabularies.countries),
            ("languages", vocabularies.languages),
            ("outlets", vocabularies.outlets),
        )
    }
    for name, items in terms.items():
        if not items and name not in meta:
            kind = name[:-1].replace("ie", "y")
            reader.warn((name,), f"no {name!r} field: readers cannot find this case by {kind}")
    narratives = _ids(meta, "narratives", _SLUG, reader)
    related = _ids(meta, "related", _CASE_ID, reader)
    sources = _sources(meta, vocabularies.outlets, reader)
    if "sources" not in meta:
        reader.warn(("sources",), "no 'sources' field: add the original publication and an archived copy")
    reported_in = _issue(meta, reader)
    body = parse_body(document.body)
    for line, name, message in body.problems:
        reader.problems.append(Problem(reader.rel, document.body_line + line, name, message))
    for line, name in body.placeholders:
        reader.problems.append(
            Problem(
                reader.rel,
                document.body_line + line,
                name,
                "placeholder text 'TODO' left by 'debunk new'; replace it",
            )
        )
    if reader.failed or identity is None or title is None or date is None or verdict is None:
        return None, reader.problems
    case = Case(
        id=identity[0],
        path=reader.rel,
        title=title,
        date=date,
        verdict=verdict,
        narratives=narratives,
        keywords=terms["keywords"],
        countries=terms["countries"],
        languages=terms["languages"],
        outlets=terms["outlets"],
        sources=sources,
        reported_in=reported_in,
        related=related,
        summary=body.sections["Summary"],
        response=body.sections["Response"],
        lines={format_path(key): line for key, line in reader.lines.items() if key},
    )
    return case, reader.problems


def load_narrative(path: Path, root: Path) -> tuple[Narrative | None, list[Problem]]:
    """Read one narrative file."""
    reader = _Reader(relative(path, root))
    narrative_id = path.stem
    if path.parent.name != NARRATIVES_DIR or path.suffix != ".md" or not _SLUG.fullmatch(narrative_id):
        reader.error(("file",), "narrative files must be named narratives/<id>.md with a lowercase id")
    elif narrative_id == "index":
        reader.error(("file",), "the id 'index' is taken by the list of narratives (/narratives/); rename it")
    document = _read_file(path, root, reader)
    if document is None:
        return None, reader.problems
    _check_keys(document.meta, NARRATIVE_FIELDS, reader)
    title = _text(document.meta, ("title",), reader)
    summary = _text(document.meta, ("summary",), reader)
    body = parse_body(document.body, structured=False)
    for line, name, message in body.problems:
        reader.problems.append(Problem(reader.rel, document.body_line + line, name, message))
    if not document.body.strip():
        reader.error(("body",), "the description (the text after the front matter) is empty")
    if reader.failed or title is None or summary is None:
        return None, reader.problems
    return Narrative(narrative_id, reader.rel, title, summary, document.body.strip()), reader.problems


def content_files(root: Path, directory: str) -> Iterator[Path]:
    """Every entry under `root/directory` that is a file or a link, in a stable order.

    Links to folders are yielded, not followed, so that the loader can refuse them.
    """
    base = root / directory
    if not base.is_dir():
        return
    for entry in sorted(base.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            yield from content_files(root, relative(entry, root))
        elif entry.name != ".gitkeep":
            yield entry
