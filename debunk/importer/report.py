"""The import report: what was imported, normalised, flagged and skipped, and why, record by record."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

_ORIGIN = re.compile(r"(?::\d+|\[\d+\])$")
_NUMBER = re.compile(r"[:\[](\d+)\]?$")
Kind = Literal["normalised", "flagged", "skipped"]
KINDS: tuple[Kind, ...] = ("normalised", "flagged", "skipped")
NOT_ERRORS = frozenset({"duplicate record", "edited since import"})
"""Skips that are what the user asked for (a repeat imported once, an edit kept), not errors."""


def origin_key(origin: str) -> tuple[str, int]:
    """Sorts `file:10` after `file:9`."""
    match = _NUMBER.search(origin)
    return (origin[: match.start()], int(match.group(1))) if match else (origin, 0)


def _entry_key(entry: Entry) -> tuple[tuple[str, int], int, str, str]:
    return origin_key(entry.origin), KINDS.index(entry.kind), entry.code, entry.message


@dataclass(frozen=True)
class Entry:
    """One thing the import did to a record, or did not do and why."""

    origin: str
    """`file:line` of the record."""
    kind: Kind
    code: str
    """A short category that the table groups by, e.g. 'date format' or 'archive repaired'."""
    message: str
    case: str = ""
    """The id of the case written from the record, when there is one."""


@dataclass
class Notes:
    """The entries of one record."""

    origin: str
    entries: list[Entry] = field(default_factory=list)

    def _add(self, kind: Kind, code: str, message: str) -> None:
        entry = Entry(self.origin, kind, code, message)
        if entry not in self.entries:
            self.entries.append(entry)

    def fix(self, code: str, message: str) -> None:
        self._add("normalised", code, message)

    def flag(self, code: str, message: str) -> None:
        self._add("flagged", code, message)

    def skip(self, code: str, message: str) -> None:
        self._add("skipped", code, message)


@dataclass
class ImportReport:
    """Everything an import did, for the table printed at the end and the `--report` JSON."""

    format: str
    files: list[str]
    """The names of the input files."""
    dry_run: bool = False
    """Nothing was written: `written` and `updated` are what the import would write."""
    case_files: list[str] = field(default_factory=list)
    """The names of the files that hold cases (not links)."""
    records: int = 0
    """Rows of the case file(s), readable or not."""
    written: list[str] = field(default_factory=list)
    """Case files created (paths relative to the repository)."""
    unchanged: list[str] = field(default_factory=list)
    """Case files that were already there with the same content."""
    updated: list[str] = field(default_factory=list)
    """Case files this import wrote before and updated now (`--update`)."""
    changes: dict[str, list[str]] = field(default_factory=dict)
    """Updated case file -> `field: old -> new` lines."""
    entries: list[Entry] = field(default_factory=list)
    vocabulary: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Vocabulary file -> new name -> its other spellings."""
    manifest: str = ""
    """The manifest written (`imports/<name>.json`), if any."""

    def _origins(self, kind: Kind, cases_only: bool = True) -> set[str]:
        return {
            entry.origin
            for entry in self.entries
            if entry.kind == kind and (not cases_only or _ORIGIN.sub("", entry.origin) in self.case_files)
        }

    def error_skips(self) -> int:
        """Records skipped for an error: anything but a repeat imported once or an edit kept."""
        records = self._origins("skipped")
        return len(
            {
                entry.origin
                for entry in self.entries
                if entry.kind == "skipped" and entry.code not in NOT_ERRORS and entry.origin in records
            }
        )

    def counts(self) -> dict[str, int]:
        """The counts; `normalised` and `flagged` are the records with such an entry in the table."""
        skipped = self._origins("skipped")
        return {
            "records": self.records,
            "imported": len(self.written) + len(self.updated) + len(self.unchanged),
            "written": len(self.written),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(skipped),
            "normalised": len(self._origins("normalised")),
            "flagged": len(self._origins("flagged")),
            "other rows skipped": len(self._origins("skipped", cases_only=False) - skipped),
            "vocabulary terms added": sum(len(names) for names in self.vocabulary.values()),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "files": self.files,
            "counts": self.counts(),
            "dry_run": self.dry_run,
            "written": self.written,
            "updated": {path: self.changes.get(path, []) for path in self.updated},
            "unchanged": self.unchanged,
            "manifest": self.manifest,
            "vocabulary_added": self.vocabulary,
            "entries": [asdict(entry) for entry in sorted(self.entries, key=_entry_key)],
        }

    def table(self) -> str:
        """The counts, then each kind of fix, flag and skip with how many records and an example."""
        counts = self.counts()
        dry = " - dry run: nothing written; 'written' and 'updated' say what would be" if self.dry_run else ""
        lines = [f"Import ({self.format}): {', '.join(self.files)}{dry}"]
        lines += [f"  {name:<24}{value:>8}" for name, value in counts.items()]
        groups: dict[tuple[str, str], list[Entry]] = {}
        for entry in sorted(self.entries, key=lambda e: (KINDS.index(e.kind), e.code, origin_key(e.origin))):
            groups.setdefault((entry.kind, entry.code), []).append(entry)
        if groups:
            lines += ["", f"  {'kind':<11}{'what':<30}{'records':>8}  first example"]
        for (kind, code), entries in groups.items():
            records = len({entry.origin for entry in entries})
            example = f"{entries[0].origin}: {entries[0].message}"
            lines.append(f"  {kind:<11}{code:<30}{records:>8}  {_shorten(example, 110)}")
        for name, added in sorted(self.vocabulary.items()):
            lines.append(f"\n  added to {name}: {', '.join(sorted(added)) or 'nothing'}")
        for path in self.updated:
            lines += ["", f"  updated {path}:"] + [f"    {change}" for change in self.changes.get(path, [])]
        skips = [entry for entry in sorted(self.entries, key=_entry_key) if entry.kind == "skipped"]
        if skips:
            lines += ["", "  skipped:"] + [f"    {entry.origin}: {entry.message}" for entry in skips]
        return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
