"""One record made into case values: every fix recorded as a report entry, nothing dropped silently."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from dataclasses import dataclass, field

from debunk.content.archives import ArchiveServices
from debunk.content.schema import MAX_LIST_ITEMS, MAX_TERM_CHARS, MAX_TITLE_CHARS
from debunk.content.vocab import fold
from debunk.importer.cleantext import clean_text, plain_to_markdown
from debunk.importer.mapping import Mapping
from debunk.importer.records import Record
from debunk.importer.report import Notes
from debunk.importer.sources import DraftSource, DraftSources, draft_sources

_TIME_CODES = re.compile(r"(?:,\s*\d{1,2}:\d{2}(?::\d{2})?)+$")
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
_ISSUE = re.compile(r"^[1-9][0-9]{0,5}$")
TERM_FIELDS = ("keywords", "countries", "languages", "outlets")


@dataclass
class Draft:
    """The values of one case, cleaned; terms still as the data spells them until they are resolved."""

    record: Record
    notes: Notes
    title: str
    date: dt.date
    verdict: str
    summary: str
    response: str
    terms: dict[str, list[str]]
    sources: list[DraftSource]
    reported_in: int | None
    narratives: list[str]
    related: list[str]
    shared: list[tuple[str, str]] = field(default_factory=list)
    """(url, where) of sources named in the summary instead of the front matter: a source of another
    case (`where` says which), or one that does not fit in the front matter (`where` names its archive)."""
    loose_archives: list[str] = field(default_factory=list)
    published: dt.date | None = None
    """When the debunk was published, when the input says (else the site's default applies)."""
    updates: list[tuple[str, str, str]] = field(default_factory=list)
    """(date, kind, note) of its corrections and updates, written as given: the validator checks them."""
    """Archive links of no source that add none (no address, or one already listed): in the summary."""
    case_id: str = ""

    @property
    def identity(self) -> tuple[str, ...]:
        """Everything the case says: two records with the same identity are the same case."""
        sources = tuple(f"{s.url} {s.archive} {s.outlet}" for s in self.sources)
        return (
            self.title,
            self.date.isoformat(),
            self.verdict,
            self.summary,
            self.response,
            *(";".join(self.terms[name]) for name in TERM_FIELDS),
            *sources,
            *self.loose_archives,
            str(self.reported_in),
            str(self.published),
            *("|".join(update) for update in self.updates),
        )


def parse_date(value: str, formats: Sequence[str]) -> dt.date | None:
    """The date in one of the formats (an ISO date-time gives its date), or None."""
    text = value.strip()
    match = _ISO_DATETIME.match(text)
    if match is not None:
        text = match.group(1)
    for pattern in formats:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def shorten_title(title: str) -> str:
    """A title within the limit, cut at a word boundary with an ellipsis."""
    cut = title[: MAX_TITLE_CHARS - 1]
    if " " in cut[MAX_TITLE_CHARS // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _line(value: str, notes: Notes, what: str) -> str:
    text, changes = clean_text(value, single_line=True)
    for change in changes:
        notes.fix("text cleaned", f"{what} {_quote(value)}: {change}")
    return text


def _quote(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _body(value: str, record: Record, notes: Notes, section: str) -> str:
    text, changes = clean_text(value, single_line=False, html_allowed=record.markdown)
    for change in changes:
        notes.fix("text cleaned", f"{section}: {change}")
    if not text:
        notes.flag("no text", f"no {section.lower()} in the data: a stub says so")
        place = f"{record.label} ({record.link})" if record.link else record.label
        stub = f"Imported from {place}; the {section.lower()} has not been written yet."
        return plain_to_markdown(stub)
    return text if record.markdown else plain_to_markdown(text)


def _terms(record: Record, name: str, mapping: Mapping, notes: Notes) -> list[str]:
    found: list[str] = []
    for raw in getattr(record, name):
        value = _line(raw, notes, name[:-1].replace("ie", "y"))
        if value in mapping.ignore.get(name, ()):
            notes.fix("artefact removed", f"{name}: dropped {value!r}, an artefact of the data")
            continue
        if name == "outlets" and _TIME_CODES.search(value):
            stripped = _TIME_CODES.sub("", value).strip()
            notes.fix("outlet time code", f"outlet {value!r} written as {stripped!r}")
            value = stripped
        if len(value) > MAX_TERM_CHARS:
            notes.flag(
                "term too long", f"{name}: {_quote(value)} is over {MAX_TERM_CHARS} characters; left out"
            )
        elif value:
            found.append(value)
    return found


def _sources(record: Record, mapping: Mapping, services: ArchiveServices, notes: Notes) -> DraftSources:
    def outlet(name: str) -> str | None:
        found = _terms(Record("", "", outlets=(name,)), "outlets", mapping, notes)
        return found[0] if found else None

    return draft_sources(record.sources, services, notes, outlet)


def limit_terms(values: list[str], name: str, notes: Notes) -> list[str]:
    unique = list(dict.fromkeys(values))
    if len(unique) < len(values):
        notes.fix("repeated term", f"{name}: repeated values kept once")
    if len(unique) > MAX_LIST_ITEMS:
        dropped = ", ".join(repr(value) for value in unique[MAX_LIST_ITEMS:])
        notes.flag(
            "too many terms",
            f"{name}: {len(unique)} values, over the limit of {MAX_LIST_ITEMS}; left out: {dropped}",
        )
    return unique[:MAX_LIST_ITEMS]


def _issue(value: str, notes: Notes) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not _ISSUE.match(text):
        notes.flag("issue left out", f"review issue {text!r} is not a whole number from 1; left out")
        return None
    return int(text)


def _verdict(record: Record, verdicts: MappingABC[str, str], notes: Notes) -> str:
    """The verdict id; a verdict's label (any letter case) is read as its id, anything else skips."""
    value = record.verdict.strip()
    if value in verdicts:
        return value
    by_name = {fold(name): id_ for id_, label in verdicts.items() for name in (id_, label)}
    found = by_name.get(fold(value))
    where = f" (from the {record.verdict_label})" if record.verdict_label else ""
    if found is not None:
        notes.fix("verdict label", f"verdict {value!r}{where} read as {found!r}")
        return found
    hint = "; add the label to verdict_from.labels" if record.verdict_label else ""
    known = ", ".join(f"{id_} ({label})" for id_, label in sorted(verdicts.items()))
    notes.skip("unknown verdict", f"verdict {value!r}{where} is not one of {known}{hint}")
    return value


def normalise(
    record: Record, mapping: Mapping, verdicts: MappingABC[str, str], services: ArchiveServices
) -> Draft | Notes:
    """The record as a `Draft`, or its notes with the reason it is skipped.

    `verdicts` maps each verdict id to its label.
    """
    notes = Notes(record.origin)
    for kind, code, message in record.notes:
        (notes.fix if kind == "normalised" else notes.flag)(code, message)
    title = _line(record.title, notes, "title")
    date = parse_date(record.date, mapping.dates)
    verdict = _verdict(record, verdicts, notes)
    if not title:
        notes.skip("no title", "the record has no title")
    if date is None:
        notes.skip("bad date", f"date {record.date!r} is not in a known format ({', '.join(mapping.dates)})")
    elif record.date.strip() != date.isoformat():
        notes.fix("date format", f"date {record.date!r} read as {date.isoformat()}")
    if any(entry.kind == "skipped" for entry in notes.entries) or date is None:
        return notes
    summary = _body(record.summary, record, notes, "Summary")
    if len(title) > MAX_TITLE_CHARS:
        notes.flag(
            "title shortened",
            f"title of {len(title)} characters shortened to {MAX_TITLE_CHARS}; the "
            "full title opens the summary",
        )
        summary = f"{plain_to_markdown('Full title: ' + title)}\n\n{summary}"
        title = shorten_title(title)
    sources = _sources(record, mapping, services, notes)
    return Draft(
        record=record,
        notes=notes,
        title=title,
        date=date,
        verdict=verdict,
        summary=summary,
        response=_body(record.response, record, notes, "Response"),
        terms={name: _terms(record, name, mapping, notes) for name in TERM_FIELDS},
        sources=sources.sources,
        loose_archives=sources.loose_archives,
        reported_in=_issue(record.reported_in, notes),
        narratives=[_line(value, notes, "narrative") for value in record.narratives],
        related=[_line(value, notes, "related case") for value in record.related],
        published=_published(record, mapping, notes),
        updates=list(record.updates),
    )


def _published(record: Record, mapping: Mapping, notes: Notes) -> dt.date | None:
    """The debunk's publication date, when the record has one in a known format (else flagged)."""
    if not record.published.strip():
        return None
    published = parse_date(record.published, mapping.dates)
    if published is None:
        notes.flag("bad published date", f"published {record.published!r} is not in a known format; left out")
    return published
