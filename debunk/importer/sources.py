"""A record's sources and archive links made into case sources: no archive link of the input is lost.

A cell may hold several addresses and several archive links, in any order. Each archive link is
paired with the address it embeds (or is), else in order with the addresses left; one that pairs
with no address becomes a source of its own when it embeds an address, else it is named in the
summary. Every such decision is flagged in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from debunk.content.archives import ArchiveServices, embedded_url
from debunk.importer.links import Link, clean_archive, clean_url
from debunk.importer.records import RawSource
from debunk.importer.report import Notes
from debunk.rules.urls import url_key


@dataclass
class DraftSource:
    url: str
    archive: str | None
    outlet: str | None


@dataclass
class DraftSources:
    """The sources of one case, and the archive links that belong to none of them."""

    sources: list[DraftSource] = field(default_factory=list)
    loose_archives: list[str] = field(default_factory=list)
    """Archive links of no source that add none (no address, or one already listed): in the summary."""


def pair_archives(sources: Sequence[str | None], archives: Sequence[str | None]) -> dict[int, int]:
    """Archive index -> source index, from the keys (`url_key`) of the addresses and of what each
    archive embeds (or is): equal keys pair first, then the rest in order; None never pairs by key."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for index, key in enumerate(archives):
        match = next(
            (i for i, k in enumerate(sources) if k is not None and k == key and i not in taken), None
        )
        if key is not None and match is not None:
            pairs[index] = match
            taken.add(match)
    rest = [i for i in range(len(sources)) if i not in taken]
    pairs.update(zip([i for i in range(len(archives)) if i not in pairs], rest, strict=False))
    return pairs


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _archive_key(link: Link) -> str | None:
    if link.url is None:
        return None
    return url_key(embedded_url(link.url) or link.url)


class _Builder:
    """The sources of one record, built cell by cell; `seen` keeps an address from being listed twice."""

    def __init__(self, services: ArchiveServices, notes: Notes, outlet: Callable[[str], str | None]) -> None:
        self.services, self.notes, self.outlet = services, notes, outlet
        self.result = DraftSources()
        self.seen: dict[str, DraftSource] = {}

    def cell(self, raw: RawSource) -> None:
        if raw.archives and len(raw.urls) != len(raw.archives):
            self.notes.flag(
                "archive count differs",
                f"{_count(len(raw.urls), 'source URL')} and {_count(len(raw.archives), 'archive link')} "
                "in one cell: archives paired by the address they embed, else in order",
            )
        slots = [
            self._source(url, raw.outlets[i] if i < len(raw.outlets) else "")
            for i, url in enumerate(raw.urls)
        ]
        links = [self._link(value) for value in raw.archives]
        keys = [url_key(slot.url) if slot else None for slot in slots]
        pairs = pair_archives(keys, [_archive_key(link) for link in links])
        for index, (value, link) in enumerate(zip(raw.archives, links, strict=True)):
            if link.url is None:
                continue
            slot = slots[pairs[index]] if index in pairs else None
            if slot is not None and url_key(link.url) == url_key(slot.url):
                self.notes.flag(
                    "archive is the source",
                    f"the archive link {value!r} is the source URL itself, not an archived copy; "
                    "kept as the source",
                )
                continue
            if link.note:
                self.notes.flag("unknown archive service", link.note)
            if slot is not None and slot.archive in {None, link.url}:
                slot.archive = link.url
            else:
                self._unpaired(link.url)

    def _source(self, value: str, outlet: str) -> DraftSource | None:
        link = clean_url(value)
        for fix in link.fixes:
            self.notes.fix("source URL repaired", fix)
        if link.url is None:
            if link.problem:
                self.notes.flag("source URL left out", f"source {value!r} left out: {link.problem}")
            return None
        key = url_key(link.url)
        if key in self.seen:
            self.notes.fix("duplicate source", f"source {link.url!r} is listed twice; kept once")
            return self.seen[key]
        source = DraftSource(link.url, None, self.outlet(outlet) if outlet else None)
        self.seen[key] = source
        self.result.sources.append(source)
        return source

    def _link(self, value: str) -> Link:
        link = clean_archive(value, self.services)
        if link.url is None:
            self.notes.flag("archive left out", f"archive link {value!r} left out: {link.problem}")
        for fix in link.fixes if link.url else ():
            self.notes.fix("archive repaired", fix)
        return link

    def _unpaired(self, archive: str) -> None:
        """An archive link of no source: a source of its own when it embeds a new address, else named
        in the summary."""
        embedded = embedded_url(archive)
        address = clean_url(embedded).url if embedded else None
        if address is not None and url_key(address) not in self.seen:
            source = DraftSource(address, archive, None)
            self.seen[url_key(address)] = source
            self.result.sources.append(source)
            self.notes.flag(
                "archive made a source",
                f"the archive link {archive!r} pairs with no source; its address {address!r} is added as one",
            )
        else:
            self.result.loose_archives.append(archive)
            self.notes.flag(
                "archive in the summary",
                f"the archive link {archive!r} pairs with no source; named in the summary instead",
            )


def draft_sources(
    raws: Sequence[RawSource], services: ArchiveServices, notes: Notes, outlet: Callable[[str], str | None]
) -> DraftSources:
    """Every source and archive link of a record, cleaned and paired; `outlet` cleans an outlet name."""
    builder = _Builder(services, notes, outlet)
    for raw in raws:
        builder.cell(raw)
    for source in builder.result.sources:
        if source.archive is None:
            notes.flag("no archive", f"no archived copy of {source.url!r}")
    if not builder.result.sources:
        notes.flag("no source", "no usable source URL")
    return builder.result
