"""What a build wrote into the site folder, and the record of it the next build reads.

The next build takes back a page of the last one instead of writing it again when two things
hold: it would write it under the same key (a digest of everything that decides its bytes,
`debunk_mkdocs.theme_keys`), and the file is still what the build wrote (the size and
modification and change times recorded here; a file someone changed by hand is written
again, even with its modification time set back, since that sets the change time).

`mkdocs serve` keeps the record in memory from one rebuild to the next; `mkdocs build` keeps it
in a file under the cache folder, one per site folder. Taking the record deletes the file, and
only a build that finished writes it again, so a build that failed or was stopped leaves none.
No record, or one that is damaged, of another site folder or of other debunk code, means a
clean build: every page rendered or copied from the page cache, the old site deleted.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from debunk.build.pagecache import digest, package_digest
from debunk.build.store import Store

Stamp = tuple[int, int, int]
"""A file's modification and change (inode) times in nanoseconds and its size: equal while
nobody wrote to it. Hashing the pages instead would read the whole site (600 MB at 20,000 cases)."""

FORMAT = 2
"""The record file's layout; a record of another layout is not read."""


def stamp_of(status: os.stat_result) -> Stamp:
    return status.st_mtime_ns, status.st_ctime_ns, status.st_size


def file_stamp(path: Path | str) -> Stamp | None:
    """The file's stamp; None when it is not a regular file (gone, a folder, a link)."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return stamp_of(status) if stat.S_ISREG(status.st_mode) else None


@dataclass(frozen=True)
class Written:
    """The pages a finished build wrote that the next one may take back."""

    site_dir: str
    keys: Mapping[str, str]
    """{site-relative path: key of the page written there}."""
    stamps: Mapping[str, Stamp]
    """{site-relative path: the file's stamp when the build finished}."""
    folders: frozenset[str]
    """The top-level folders of the site that held only these pages (`trash.exclusive_folders`)."""


def record_store(folder: Path | None) -> Store:
    """The records in `folder` (`<cache_dir>/site/`; None: nothing kept)."""
    return Store(folder, ".json", shard=False)


def _name(site_dir: Path) -> str:
    return digest("site record", str(site_dir))


def take_record(store: Store, site_dir: Path) -> Written | None:
    """The record of the last build into `site_dir`, deleted from disk (None: a clean build).

    Deleted first: whatever this build does to the site folder, no record describes it until
    `save_record` writes one at its end.
    """
    path = store.path(_name(site_dir))
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    path.unlink(missing_ok=True)
    try:
        return _parse(orjson.loads(data), site_dir)
    except (orjson.JSONDecodeError, TypeError, ValueError, KeyError, AttributeError):
        return None  # damaged: a clean build


def _parse(value: Any, site_dir: Path) -> Written | None:
    header = (value["format"], value["code"], value["site_dir"])
    if header != (FORMAT, package_digest(), str(site_dir)):
        return None
    keys: dict[str, str] = {}
    stamps: dict[str, Stamp] = {}
    for path, (key, *numbers) in value["pages"].items():
        if not (isinstance(key, str) and len(numbers) == 3 and all(isinstance(n, int) for n in numbers)):
            return None
        keys[path], stamps[path] = key, (numbers[0], numbers[1], numbers[2])
    folders = value["folders"]
    if not all(isinstance(folder, str) for folder in folders):
        return None
    return Written(str(site_dir), keys, stamps, frozenset(folders))


def save_record(store: Store, written: Written) -> None:
    """Write the record of a finished build, for the next `take_record` (atomically)."""
    stamps = written.stamps
    pages = {path: [key, *stamps[path]] for path, key in written.keys.items() if path in stamps}
    value = {
        "format": FORMAT,
        "code": package_digest(),
        "site_dir": written.site_dir,
        "folders": sorted(written.folders),
        "pages": pages,
    }
    store.write(_name(Path(written.site_dir)), orjson.dumps(value, option=orjson.OPT_SORT_KEYS))
