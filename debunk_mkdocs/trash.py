"""The previous build's files, deleted while the next build runs rather than before it.

MkDocs empties the site folder before every build, one file at a time: for a 20,000-case site
that is 52,000 files and 17 s of every warm build and `mkdocs serve` rebuild, mostly spent
waiting on the disk. `take_out` moves what MkDocs would delete (every entry whose name does not
start with a dot, as `mkdocs.utils.clean_directory` does) into one hidden folder inside the site
folder, a rename per entry, and deletes that folder in another process while the build goes on;
`Trash.wait` at the end of the build, so no file of the old site outlives the build. An entry
that cannot be moved is left where it is, for MkDocs to delete as before.

A build writes the same 30,000 pages into the same folder again, most of them unchanged. When
it knows what the last build wrote there (`debunk.build.written`: in memory across `mkdocs serve`
rebuilds, in a record under the cache folder across `mkdocs build` runs), the deletion starts
later (`take_out(..., start=False)`, then `Trash.start`): first `OldSite.move_back` returns each
page whose key is the one the last build wrote to that address, and whose file is still as it
left it (size and modification time), a rename instead of a render or a copy. A top-level folder
that held nothing but such pages (`cases/`: 20,000 of them) is not taken out at all: `set_aside`
hides it from MkDocs' emptying under another name, `OldSite.restore` renames it back and deletes
what in it is not such a page, and only its changed pages are written and its pages that are
gone deleted (`OldSite.remove_stale`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from debunk.build.written import Stamp, file_stamp

PREFIX = ".debunk-old-site-"
"""Hidden, so MkDocs' own emptying of the site folder passes it by."""
KEPT = ".debunk-kept-"
"""Hidden too: a folder of the last build's pages set aside for a `mkdocs serve` rebuild."""

_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1])"


@dataclass
class Trash:
    """A folder of old files being deleted by another process (or nothing to delete)."""

    folder: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start deleting the folder in another process (`wait` deletes it here if that fails)."""
        if self.folder is None or self.process is not None:
            return
        with contextlib.suppress(OSError):  # no second interpreter: `wait` deletes it here
            self.process = subprocess.Popen(
                [sys.executable, "-c", _DELETE, str(self.folder)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip

    def wait(self) -> None:
        """Return when the folder is gone (deleted here if the other process could not)."""
        if self.process is not None:
            self.process.wait()
        if self.folder is not None and self.folder.exists():
            shutil.rmtree(self.folder)


def _movable(name: str) -> bool:
    return not name.startswith(".") or name.startswith((PREFIX, KEPT))


def take_out(site_dir: Path, start: bool = True, keep: Iterable[Path] = ()) -> Trash:
    """Move the site folder's files into a hidden folder and (with `start`) start deleting it;
    not the folders in `keep` (`set_aside`)."""
    if not site_dir.is_dir():
        return Trash()
    kept = set(keep)
    # Also what an interrupted build left: MkDocs never deletes hidden entries.
    movable = sorted(entry for entry in site_dir.iterdir() if _movable(entry.name) and entry not in kept)
    if not movable:
        return Trash()
    try:
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=site_dir))
    except OSError:
        return Trash()  # MkDocs empties the folder itself, or reports why it cannot
    for entry in movable:
        try:
            entry.rename(folder / entry.name)
        except OSError:
            continue  # stays for MkDocs' own emptying
    trash = Trash(folder)
    if start:
        trash.start()
    return trash


def take_out_around(site_dir: Path, pages: Iterable[str], kept: Mapping[str, Path]) -> tuple[Trash, Trash]:
    """Take out the site for a build that moves `pages` back: (the top-level entries that hold
    none of them, being deleted from now on; those that do, to delete once the pages are back).

    So the bulk of the old site (the JSON and citation files, feeds, assets) is deleted while
    the build loads and renders, as without pages to take back, not while it writes the new ones.
    """
    holding = {site_dir / _top(path) for path in pages}
    now = take_out(site_dir, keep=[*holding, *kept.values()])
    later = take_out(site_dir, start=False, keep=[*kept.values(), *([now.folder] if now.folder else [])])
    return now, later


def _top(path: str) -> str:
    """The top-level entry of the site that a site-relative path is in (or is)."""
    return path.split("/", 1)[0]


def exclusive_folders(pages: Iterable[str], others: Iterable[str]) -> frozenset[str]:
    """The top-level folders of the site that hold some of `pages` and none of `others` (paths
    relative to the site folder): the folders a `mkdocs serve` rebuild may leave in place."""
    tops = {_top(path) for path in pages if "/" in path}
    return frozenset(tops - {_top(path) for path in others})


def set_aside(site_dir: Path, folders: Iterable[str]) -> dict[str, Path]:
    """Rename each folder to a hidden name, which MkDocs' emptying of the site passes by;
    {folder: its hidden path} of those renamed."""
    kept = {}
    for name in sorted(folders):
        hidden = site_dir / f"{KEPT}{name}"
        try:
            if hidden.exists():  # an interrupted build's: `take_out` deletes it
                continue
            (site_dir / name).rename(hidden)
        except OSError:
            continue
        kept[name] = hidden
    return kept


@dataclass
class OldSite:
    """The pages the last build of this process wrote, now in the trash, by their keys."""

    folder: Path | None = None
    """The trash folder (None: nothing to move back from)."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """{site-relative path: key of the page written there}."""
    stamps: Mapping[str, Stamp] = field(default_factory=dict)
    """{site-relative path: the page's stamp when it was written}: a page changed since is not taken back."""
    kept: Mapping[str, Path] = field(default_factory=dict)
    """{top-level folder: where it waits, hidden} for the folders set aside (`set_aside`)."""
    restored: frozenset[str] = frozenset()
    """The kept folders back in place (`restore`): their pages are where they were."""
    present: frozenset[str] = frozenset()
    """The pages in the restored folders that are as the last build left them (`restore`)."""

    def restore(self, site_dir: Path) -> None:
        """Rename the kept folders back. One MkDocs wrote into meanwhile goes to the trash
        instead, where `move_back` finds its pages as if it had been taken out."""
        restored = set()
        for name, hidden in self.kept.items():
            with contextlib.suppress(OSError):
                if not os.path.lexists(site_dir / name):
                    hidden.rename(site_dir / name)
                    restored.add(name)
                    continue
            with contextlib.suppress(OSError):
                if self.folder is not None:
                    hidden.rename(self.folder / name)
            shutil.rmtree(hidden, ignore_errors=True)
        self.restored = frozenset(restored)
        self.present = frozenset(path for name in sorted(restored) for path in self._sweep(site_dir, name))

    def _sweep(self, site_dir: Path, name: str) -> list[str]:
        """The pages of a restored folder that are what the last build wrote; every other entry
        in it (a file changed or added by hand, a link) is deleted, as MkDocs' emptying would."""
        ours: list[str] = []
        others: list[str] = []
        for folder, dirs, files in os.walk(site_dir / name):
            here = Path(folder)
            base = here.relative_to(site_dir).as_posix()
            links = [entry for entry in dirs if (here / entry).is_symlink()]
            for entry in [*files, *links]:
                path = f"{base}/{entry}"
                same = path in self.keys and file_stamp(site_dir / path) == self.stamps.get(path)
                (ours if same else others).append(path)
        for path in others:
            _remove(site_dir, site_dir / path)
        return ours

    def in_place(self, dest_uri: str, key: str) -> bool:
        """Whether the page is at its address already, unchanged: in a restored folder, under `key`."""
        return self.keys.get(dest_uri) == key and dest_uri in self.present

    def remove_stale(self, site_dir: Path, written: Iterable[str]) -> int:
        """Delete the last build's pages in the restored folders that this build did not write
        (and the folders that leaves empty); how many."""
        current = set(written)
        removed = 0
        for dest_uri in sorted(self.present - current):
            _remove(site_dir, site_dir / dest_uri)
            removed += 1
        return removed

    def move_back(self, dest_uri: str, key: str, destination: Path) -> bool:
        """Put the old page at `destination` when it was written under `key`; False otherwise.

        A page alone in its folder (`cases/2023/<slug>/index.html`) goes back with its folder,
        one rename; other pages one file at a time. Nothing else of the old site comes back.
        """
        if self.folder is None or self.keys.get(dest_uri) != key:
            return False
        old = self.folder / dest_uri
        if file_stamp(old) != self.stamps.get(dest_uri):
            return False  # changed since the last build wrote it (or gone): not ours any more
        try:
            if not destination.parent.exists() and _only_entry(old):
                destination.parent.parent.mkdir(parents=True, exist_ok=True)
                try:
                    old.parent.rename(destination.parent)
                    return True
                except OSError:
                    pass  # made meanwhile (by a page below it, in another worker): the file alone
            destination.parent.mkdir(parents=True, exist_ok=True)
            old.rename(destination)
        except OSError:
            return False
        return True


def _remove(site_dir: Path, path: Path) -> None:
    """Delete a file (or link), and the folders up to `site_dir` that this leaves empty."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir:
        try:
            folder.rmdir()  # only when empty
        except OSError:
            break
        folder = folder.parent


def _only_entry(path: Path) -> bool:
    """Whether `path` is the only entry of its folder."""
    with os.scandir(path.parent) as entries:
        return [entry.name for entry in entries] == [path.name]
