"""Read case and narrative files into the model, collecting every problem on the way.

Each field is read by `debunk.content.fields`; where a file may be read from is `debunk.content.files`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from debunk.content import corrections, fields
from debunk.content.archives import ArchiveServices, host_of
from debunk.content.body import Body, parse_body
from debunk.content.files import place, relative
from debunk.content.frontmatter import Document, FieldPath, Value, format_path, read_document
from debunk.content.schema import (
    CASE_FIELDS,
    CASE_ID_PATTERN,
    MAX_LIST_ITEMS,
    MAX_TERM_CHARS,
    NARRATIVE_FIELDS,
    SLUG_PATTERN,
    SOURCE_KEYS,
)
from debunk.content.vocab import Verdict, Vocabularies, did_you_mean
from debunk.model import Case, Narrative, Problem, Source
from debunk.render.commonmark import render
from debunk.rules.urls import url_key

CASES_DIR = "cases"
NARRATIVES_DIR = "narratives"
_CASE_PATH = re.compile(r"^cases/([0-9]{4})/(([0-9]{4}-[0-9]{2}-[0-9]{2})-([^/]+))\.md$")
# The same patterns as the published JSON Schema; always `fullmatch` (see `debunk.content.fields`).
_SLUG = re.compile(SLUG_PATTERN)
_CASE_ID = re.compile(CASE_ID_PATTERN)
MAX_SLUG_CHARS = 80


def _read_file(path: Path, root: Path, reader: fields.Reader) -> Document | None:
    """Read a content file, refusing links and anything outside the repository."""
    resolved, refused = place(path, root)
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


def _archive(
    url: str | None, archive: str, path: FieldPath, services: ArchiveServices, reader: fields.Reader
) -> None:
    """An archive link should be a copy on a known web archive; anything else is kept, with a warning."""
    if url is not None and url_key(archive) == url_key(url):
        message = f"{archive!r} is the source URL itself, not an archived copy; link a copy on a web archive"
        reader.warn(path, f"{message} (e.g. web.archive.org)")
    elif services.service(archive) is None:
        reader.warn(
            path,
            f"{archive!r} is not on a known web archive (host {host_of(archive)!r}); "
            "add the service to vocabularies/archives.yml",
        )


def _sources(
    meta: dict[str, Value],
    vocabularies: Vocabularies,
    reader: fields.Reader,
    required: bool,
    since: dt.date | None,
) -> tuple[Source, ...]:
    """The sources; a missing archive is an error when `required` (a case dated from `since`)."""
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
        url = fields.url(entry.get("url"), (*path, "url"), reader)
        archive = fields.url(entry.get("archive"), (*path, "archive"), reader)
        if archive is not None:
            _archive(url, archive, (*path, "archive"), vocabularies.archives, reader)
        if "archive" not in entry and url is not None:
            _missing_archive(url, path, reader, required, since)
        outlet_name = fields.plain(entry.get("outlet"), (*path, "outlet"), reader, MAX_TERM_CHARS)
        outlet = (
            fields.term(outlet_name, (*path, "outlet"), vocabularies.outlets, reader) if outlet_name else None
        )
        if url is not None:
            sources.append(Source(url, archive, outlet))
    return tuple(sources)


def _missing_archive(
    url: str, path: FieldPath, reader: fields.Reader, required: bool, since: dt.date | None
) -> None:
    if required and since is not None:
        reader.error(
            path,
            f"no archived copy of {url!r}; archive it (debunk links archive) and add 'archive:' "
            f"\N{EM DASH} required for cases from {since.isoformat()}",
        )
    else:
        reader.warn(path, f"no archived copy of {url!r}; add 'archive:' (e.g. a web.archive.org link)")


def _body(document: Document, reader: fields.Reader, structured: bool) -> Body:
    """The parsed body; its problems (and `TODO` placeholders) at their lines in the file."""
    body = parse_body(document.body, structured=structured)
    for line, name, message in body.problems:
        reader.problems.append(Problem(reader.rel, document.body_line + line, name, message))
    for line, name in body.placeholders:
        message = "placeholder text 'TODO' left by 'debunk new'; replace it"
        reader.problems.append(Problem(reader.rel, document.body_line + line, name, message))
    return body


def _case_path(rel: str, reader: fields.Reader) -> tuple[str, str] | None:
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


def load_case(
    path: Path, root: Path, vocabularies: Vocabularies, archive_required_from: dt.date | None = None
) -> tuple[Case | None, list[Problem]]:
    """Read one case file; return the case (None when it has errors) and every problem.

    A case dated from `archive_required_from` (the `extra.debunk` setting) needs an archived
    copy of each source: without one it has an error, before that day a warning."""
    reader = fields.Reader(relative(path, root))
    identity = _case_path(reader.rel, reader)
    document = _read_file(path, root, reader)
    if document is None:
        return None, reader.problems
    meta = document.meta
    fields.check_keys(meta, CASE_FIELDS, reader)
    title = fields.text(meta, ("title",), reader)
    date = fields.date(meta, reader)
    if identity is not None and date is not None and date.isoformat() != identity[1]:
        reader.error(("date",), f"{date.isoformat()!r} does not match the file name date {identity[1]!r}")
    verdict = _verdict(fields.text(meta, ("verdict",), reader), vocabularies.verdicts, reader)
    terms = {
        name: fields.terms(meta, name, vocabulary, reader)
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
    narratives = fields.ids(meta, "narratives", _SLUG, reader)
    related = fields.ids(meta, "related", _CASE_ID, reader)
    required = archive_required_from is not None and date is not None and date >= archive_required_from
    sources = _sources(meta, vocabularies, reader, required, archive_required_from)
    if "sources" not in meta:
        reader.warn(("sources",), "no 'sources' field: add the original publication and an archived copy")
    reported_in = fields.issue(meta, reader)
    published = corrections.published(meta, date, reader)
    updates = corrections.updates(meta, published or date, reader)
    status, publish_on = fields.status(meta, reader), fields.publish_on(meta, reader)
    body = _body(document, reader, structured=True)
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
        published=published,
        updates=updates,
        status=status,
        publish_on=publish_on,
        lines={format_path(key): line for key, line in reader.lines.items() if key},
        html=render(body.tokens, reader.rel).html,
    )
    return case, reader.problems


def load_narrative(path: Path, root: Path) -> tuple[Narrative | None, list[Problem]]:
    """Read one narrative file."""
    reader = fields.Reader(relative(path, root))
    narrative_id = path.stem
    if path.parent.name != NARRATIVES_DIR or path.suffix != ".md" or not _SLUG.fullmatch(narrative_id):
        reader.error(("file",), "narrative files must be named narratives/<id>.md with a lowercase id")
    elif narrative_id == "index":
        reader.error(("file",), "the id 'index' is taken by the list of narratives (/narratives/); rename it")
    document = _read_file(path, root, reader)
    if document is None:
        return None, reader.problems
    fields.check_keys(document.meta, NARRATIVE_FIELDS, reader)
    title = fields.text(document.meta, ("title",), reader)
    summary = fields.text(document.meta, ("summary",), reader)
    body = _body(document, reader, structured=False)
    if not document.body.strip():
        reader.error(("body",), "the description (the text after the front matter) is empty")
    if reader.failed or title is None or summary is None:
        return None, reader.problems
    page = f"{NARRATIVES_DIR}/{narrative_id}.md"  # its page's docs path: links are relative to it
    description = render(body.tokens, page).html
    narrative = Narrative(narrative_id, reader.rel, title, summary, document.body.strip(), description)
    return narrative, reader.problems


def _verdict(value: str | None, verdicts: Mapping[str, Verdict], reader: fields.Reader) -> str | None:
    """The verdict id of the value: an id, or (with a warning) an id or label in another letter case."""
    if value is None or value in verdicts:
        return value
    spelling = value.strip().casefold()
    for verdict in verdicts.values():
        if spelling in {verdict.id.casefold(), verdict.label.casefold()}:
            reader.warn(("verdict",), f"{value!r} is another name for {verdict.id!r}; write {verdict.id!r}")
            return verdict.id
    allowed = ", ".join(sorted(verdicts))
    message = f"unknown verdict {value!r}{did_you_mean(value, verdicts)}; allowed: {allowed}"
    reader.error(("verdict",), message)
    return None
