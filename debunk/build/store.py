"""Files by key under the cache folder: the one on-disk layout of debunk's caches.

A key is a hex digest of everything that decides the file's bytes (or a fixed name for a file
whose first line holds that digest, as the case cache's does), so a changed input gives a new
key and a stale file is never read. Keys are sharded into folders by their first two
characters, so that no folder holds 30,000 files; every write goes through a temporary file,
so a reader (another build, a forked worker) never sees half a file.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


def write_atomic(path: Path, data: bytes, make_folder: bool = True) -> None:
    """Write through a temporary file, so a reader never sees half a file."""
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


@dataclass
class Store:
    """One file per key under `directory` (None keeps nothing), named `<key><suffix>`."""

    directory: Path | None
    suffix: str = ""
    shard: bool = True
    """Whether files go into a folder named by the key's first two characters."""
    _folders: set[Path] = field(default_factory=set, repr=False)
    """Folders known to exist: one `mkdir` per folder, not per file (it is slow on some disks)."""

    def path(self, key: str) -> Path | None:
        """Where the file of `key` is (None when nothing is kept)."""
        if self.directory is None:
            return None
        folder = self.directory / key[:2] if self.shard else self.directory
        return folder / f"{key}{self.suffix}"

    def folder(self, path: Path) -> None:
        """Make sure `path`'s folder exists."""
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)

    def read(self, key: str) -> bytes | None:
        """The bytes stored under `key`, or None."""
        path = self.path(key)
        try:
            return None if path is None else path.read_bytes()
        except FileNotFoundError:
            return None

    def write(self, key: str, data: bytes) -> None:
        """Store `data` under `key` (atomically)."""
        path = self.path(key)
        if path is not None:
            self.folder(path)
            write_atomic(path, data, make_folder=False)

    def copy_to(self, key: str, destination: Path) -> bool:
        """Write the file stored under `key` to `destination`; False when it is not stored.

        A copy, not a link: a tool that edits the copy in place must not change the store.
        """
        path = self.path(key)
        if path is None:
            return False
        try:
            self.folder(destination)
            shutil.copyfile(path, destination)
        except FileNotFoundError:
            return False
        return True
