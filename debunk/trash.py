"""The previous build's files, deleted while the next build runs rather than before it.

MkDocs empties the site folder before every build, one file at a time: for a 20,000-case site
that is 52,000 files and 17 s of every warm build and `mkdocs serve` rebuild, mostly spent
waiting on the disk. `take_out` moves what MkDocs would delete (every entry whose name does not
start with a dot, as `mkdocs.utils.clean_directory` does) into one hidden folder inside the site
folder, a rename per entry, and deletes that folder in another process while the build goes on;
`Trash.wait` at the end of the build, so no file of the old site outlives the build. An entry
that cannot be moved is left where it is, for MkDocs to delete as before.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PREFIX = ".debunk-old-site-"
"""Hidden, so MkDocs' own emptying of the site folder passes it by."""

_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1])"


@dataclass
class Trash:
    """A folder of old files being deleted by another process (or nothing to delete)."""

    folder: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    def wait(self) -> None:
        """Return when the folder is gone (deleted here if the other process could not)."""
        if self.process is not None:
            self.process.wait()
        if self.folder is not None and self.folder.exists():
            shutil.rmtree(self.folder)


def _movable(name: str) -> bool:
    return not name.startswith(".") or name.startswith(PREFIX)


def take_out(site_dir: Path) -> Trash:
    """Move the site folder's files into a hidden folder and start deleting it."""
    if not site_dir.is_dir():
        return Trash()
    # Also what an interrupted build left: MkDocs never deletes hidden entries.
    movable = sorted(entry for entry in site_dir.iterdir() if _movable(entry.name))
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
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", _DELETE, str(folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except OSError:
        return Trash(folder)  # deleted by `wait`, in this process
    return Trash(folder, process)
