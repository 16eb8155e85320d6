"""Where each imported case goes: written, unchanged, updated (`--update`) or skipped with the reason.

An existing file is never overwritten, except by `--update` when the manifest shows that this
import wrote it and its bytes are still the ones it wrote. `--dry-run` decides the same, writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from debunk.content.files import write_file
from debunk.importer.manifest import Imported, changes, sha256
from debunk.importer.normalise import Draft
from debunk.importer.writer import case_path, write_case


@dataclass
class Store:
    """The case files of one import and its manifest."""

    root: Path
    cases_dir: Path
    manifest: dict[str, Imported]
    update: bool = False
    dry_run: bool = False
    changed: dict[str, list[str]] = field(default_factory=dict)
    """Updated case file -> its changes (`field: old -> new`)."""
    _keys: Counter[str] = field(default_factory=Counter)
    _claimed: set[str] = field(default_factory=set)
    _by_path: dict[str, str] = field(default_factory=dict)

    def plan(self, drafts: list[Draft]) -> None:
        """With `--update`, a record the manifest knows keeps its case file (and so its id)."""
        self._keys = Counter(draft.record.key for draft in drafts)
        if self.update:
            for draft in drafts:
                known = self.manifest.get(self.key(draft))
                if known is not None:
                    draft.case_id = Path(known.path).stem
        self._claimed = {self.key(draft) for draft in drafts}
        self._by_path = {item.path: key for key, item in self.manifest.items()}

    def key(self, draft: Draft) -> str:
        """The record's key when it names one record only, else its key and case id."""
        key = draft.record.key
        return key if key and self._keys[key] == 1 else f"{key}#{draft.case_id}"

    def shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def path(self, draft: Draft) -> Path:
        known = self._known(draft)
        if self.update and known is not None:
            return self.root / known.path
        return case_path(self.cases_dir, draft)

    def _known(self, draft: Draft) -> Imported | None:
        found = self.manifest.get(self.key(draft))
        if found is not None:
            return found
        # An earlier import may have keyed the record otherwise (its key was not unique then);
        # an entry another record of this import claims by its key is that record's, never this one's.
        shown = self.shown(case_path(self.cases_dir, draft))
        key = self._by_path.get(shown)
        return self.manifest[key] if key is not None and key not in self._claimed else None

    def place(self, draft: Draft, text: str) -> tuple[str, str]:
        """Write (or, dry, decide): ('written'|'unchanged'|'updated', '') or ('skipped', code: reason)."""
        path = self.path(draft)
        shown = self.shown(path)
        data = text.encode("utf-8")
        known = self._known(draft)
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            outcome = "unchanged"
        elif not path.exists() and not path.is_symlink():
            outcome = "written" if self.dry_run else write_case(path, text)
        elif not self.update or known is None or known.path != shown:
            ours = known is not None and known.path == shown and self._as_written(path, known)
            hint = " (an earlier import wrote it and nobody edited it: --update updates it)" if ours else ""
            return "skipped", f"file exists: {shown} exists with other content; not overwritten{hint}"
        elif not self._as_written(path, known):
            return "skipped", (
                f"edited since import: {shown} was changed after it was imported (its bytes differ from "
                "the manifest); not updated, so that the edit is kept"
            )
        else:
            self.changed[shown] = changes(path.read_text(encoding="utf-8"), text)
            if not self.dry_run:
                write_file(path, data)
            outcome = "updated"
        if outcome == "conflict":
            return "skipped", f"file exists: {shown} exists with other content; not overwritten"
        key = self.key(draft)
        stale = self._by_path.get(shown)
        if stale is not None and stale != key:
            self.manifest.pop(stale, None)  # the same case under the key form of an earlier import
        self._by_path[shown] = key
        self.manifest[key] = Imported(shown, sha256(data))
        return outcome, shown

    @staticmethod
    def _as_written(path: Path, known: Imported) -> bool:
        """The file still has the bytes the import wrote (the manifest's hash)."""
        return path.is_file() and not path.is_symlink() and sha256(path.read_bytes()) == known.sha256
