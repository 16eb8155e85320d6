"""Lists written without a separator, and outlets written as addresses, read by the vocabularies.

`separators: {keywords: vocabulary}`: a cell like `Elections election meddling Viktor Orban` is
split at the longest term or alias the vocabulary knows at each point (letter case, accents and
spacing aside); the words between known terms stay together as one value, flagged or added later
like any unknown term. An outlet given as a URL or a bare domain is matched to the outlet that
lists the domain in `vocabularies/outlets.yml`, else written as the domain and flagged.
"""

from __future__ import annotations

from dataclasses import replace

from debunk.content.domains import address_host, domain_owner
from debunk.content.vocab import Vocabularies, Vocabulary, fold
from debunk.importer.mapping import Mapping
from debunk.importer.normalise import Draft
from debunk.importer.records import Record

_SHORT = 3
"""A one-word match this short (`is`, `at`: country codes) counts only when written in capitals."""


def split_by_vocabulary(cell: str, vocabulary: Vocabulary) -> list[str]:
    """The known terms of the cell in order, longest first at each point; unknown words kept together."""
    words = cell.split()
    longest = max((len(spelling.split()) for spelling in vocabulary._lookup), default=1)
    parts: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(words):
        end = _longest_known(words, start, longest, vocabulary)
        if end is None:
            unknown.append(words[start])
            start += 1
            continue
        if unknown:
            parts.append(" ".join(unknown))
            unknown = []
        parts.append(" ".join(words[start:end]))
        start = end
    if unknown:
        parts.append(" ".join(unknown))
    return parts


def _longest_known(words: list[str], start: int, longest: int, vocabulary: Vocabulary) -> int | None:
    for end in range(min(len(words), start + longest), start, -1):
        text = " ".join(words[start:end])
        if fold(text) in vocabulary._lookup and (end - start > 1 or len(text) > _SHORT or text.isupper()):
            return end
    return None


def split_record(record: Record, mapping: Mapping, vocabularies: Vocabularies) -> Record:
    """The record with the lists of `separators: {field: vocabulary}` split, each split reported."""
    if not mapping.split_by_vocabulary:
        return record
    changes: dict[str, tuple[str, ...]] = {}
    notes = list(record.notes)
    for name in mapping.split_by_vocabulary:
        vocabulary: Vocabulary = getattr(vocabularies, name)
        parts: list[str] = []
        for value in getattr(record, name):
            pieces = split_by_vocabulary(value, vocabulary)
            if len(pieces) > 1:
                shown = ", ".join(map(repr, pieces))
                notes.append(("normalised", "split by vocabulary", f"{name}: {value!r} read as {shown}"))
            parts += pieces
        changes[name] = tuple(parts)
    return replace(record, notes=tuple(notes), **changes)  # type: ignore[arg-type]


def outlets_by_domain(draft: Draft, outlets: Vocabulary) -> None:
    """Outlets written as a URL or a domain: the outlet listing the domain, else the domain, flagged."""
    draft.terms["outlets"] = [_outlet(value, outlets, draft) for value in draft.terms["outlets"]]
    for source in draft.sources:
        if source.outlet:
            source.outlet = _outlet(source.outlet, outlets, draft)


def _outlet(value: str, outlets: Vocabulary, draft: Draft) -> str:
    host = address_host(value)
    if host is None or outlets.match(value) is not None:
        return value
    owner = domain_owner(host, outlets.domains)
    if owner is not None:
        draft.notes.fix("outlet by domain", f"outlet {value!r} is on {host!r}: written as {owner!r}")
        return owner
    if host != value.strip().lower().removeprefix("www."):  # a URL, not a bare domain
        draft.notes.flag(
            "outlet address",
            f"outlet {value!r} written as its domain {host!r}; list the domain under its outlet's "
            "'domains' in vocabularies/outlets.yml",
        )
    return host
