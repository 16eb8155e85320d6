"""The neutral form every input format is read into: values as written, before any fix."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawSource:
    """Publications as the input gives them: one, or (with a mapping's list separators) a cell of
    addresses, a cell of archive links and a cell of outlets, paired on import."""

    urls: tuple[str, ...] = ()
    archives: tuple[str, ...] = ()
    """In any order: each is paired with the address it embeds, else in order (`debunk.importer.sources`)."""
    outlets: tuple[str, ...] = ()
    """By position, like the addresses."""


@dataclass(frozen=True)
class Record:
    """One case as an input file holds it; readers split lists but fix nothing else."""

    origin: str
    """`file:line` of the record, for the report."""
    label: str
    """What the data is called in stub texts, e.g. 'euvsdisinfo-2015-2021-metadata.csv'."""
    key: str = ""
    """A stable identity from the input (an id column, else the first source URL)."""
    link: str = ""
    """The case's own address in the database it comes from, if any."""
    title: str = ""
    date: str = ""
    published: str = ""
    """When the debunk was published, if the input says."""
    verdict: str = ""
    summary: str = ""
    response: str = ""
    markdown: bool = False
    """The summary and response are Markdown already (else plain text, escaped on import)."""
    keywords: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    narratives: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    reported_in: str = ""
    sources: tuple[RawSource, ...] = field(default_factory=tuple)
    updates: tuple[tuple[str, str, str], ...] = ()
    """(date, kind, note) of each correction or update, as the input gives them (`debunk export`)."""
    verdict_label: str = ""
    """Where the verdict came from when a `verdict_from` label gave it, e.g. "label 'DISINFO' in Title"."""
    notes: tuple[tuple[str, str, str], ...] = ()
    """(kind, code, message) of what the reader changed ('normalised', e.g. a `clean` removal) or found
    ('flagged'); reported with the record."""
