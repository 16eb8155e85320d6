"""Loading many case files: in parallel on every core, and remembered across rebuilds and runs.

`mkdocs serve` rebuilds everything after each edit; a case file whose modification time,
size and inode are unchanged, read against the same vocabularies, is taken from what the last
build loaded (`debunk.build.previous.CaseFiles`).

Across runs (`debunk validate`, `mkdocs build`), what a case file loaded to is kept in one file
under the cache folder, keyed by the file's bytes and path; the whole file is keyed by the
vocabularies, the settings a case's problems depend on (`archive_required_from`), debunk's code
and the versions of the libraries that read a case, so any change to those reads every case
again. A file is looked up only after the checks on where it is
(not a link, inside the repository), which depend on the disk rather than on its bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Sequence
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path

from debunk.build.collector import fewer_collections
from debunk.build.pagecache import digest, package_digest
from debunk.build.previous import CaseFiles, Previous
from debunk.build.progress import Report, track
from debunk.build.store import Store
from debunk.build.workers import each, shared, sharing, worker_count
from debunk.content.archives import ARCHIVES_FILE, DEFAULT_ARCHIVES
from debunk.content.files import file_stamp, forget_folders, readable, relative
from debunk.content.load import load_case
from debunk.content.vocab import VOCABULARY_DIR, Vocabularies
from debunk.model import Case, Problem

Loaded = tuple[Case | None, list[Problem]]
Stamp = tuple[int, int, int, str]
"""A file's modification time, size and inode, and the digest of the vocabularies and rules."""
Entries = dict[str, tuple[str, Loaded]]
"""{path relative to the root: (SHA-256 of the file's bytes, what it loaded to)}."""


def vocabulary_digest(root: Path, archive_required_from: dt.date | None = None) -> str:
    """A hash of the vocabulary files and the setting: a case's problems depend on them."""
    digest = hashlib.sha256()
    paths = sorted((root / VOCABULARY_DIR).glob("*.yml"))
    if ARCHIVES_FILE not in {path.name for path in paths}:
        paths.append(DEFAULT_ARCHIVES)  # what is read instead: debunk's own list (not a *.py file)
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    if archive_required_from is not None:
        digest.update(b"\0archive_required_from\0" + archive_required_from.isoformat().encode())
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """debunk's code and the libraries whose output decides a case's problems and HTML."""
    libraries = ("PyYAML", "markdown-it-py", "mdit-py-plugins", "rapidfuzz", "pycountry")
    return digest(
        sys.version,
        *(f"{name} {version(name)}" for name in libraries),
        package_digest(),
    )


class DiskCache:
    """What each case file loaded to, by path and content digest, in one file."""

    def __init__(self, path: Path, vocabulary: str, files: CaseFiles) -> None:
        self.path = path
        self.key = digest(code_digest(), vocabulary).encode()
        self.entries: dict[str, tuple[str, Loaded]] = {}
        self.changed = False
        self.files = files
        pending = files.pending
        if pending is not None and (pending.path, pending.key) == (path, self.key):
            self.entries, self.changed = pending.entries, pending.changed  # newer than the file
        elif path.is_file():
            self.entries = self._read(path)

    def _read(self, path: Path) -> dict[str, tuple[str, Loaded]]:
        held = self.files.held
        if held is not None and held[:3] == (path, self.key, file_stamp(path.stat())):
            return dict(held[3])  # the file this process wrote or read last, unchanged since
        with path.open("rb") as handle:
            stamp = file_stamp(os.fstat(handle.fileno()))
            if handle.readline().rstrip(b"\n") != self.key:
                return {}  # other code or vocabularies: every case is read again
            try:
                entries = pickle.load(handle)  # noqa: S301 - written by this class, see `DiskCache.save`
            except Exception:  # a damaged or half-written cache is only a slower run
                return {}
        if not isinstance(entries, dict):
            return {}
        self.files.held = (path, self.key, stamp, entries)
        return dict(entries)

    def get(self, rel: str, content: str) -> Loaded | None:
        known = self.entries.get(rel)
        return known[1] if known is not None and known[0] == content else None

    def put(self, rel: str, content: str, loaded: Loaded) -> None:
        self.entries[rel] = (content, loaded)
        self.changed = True

    def keep_only(self, rels: set[str]) -> None:
        """Forget files that are gone, so the cache does not grow with every rename."""
        gone = set(self.entries) - rels
        for rel in gone:
            del self.entries[rel]
        self.changed = self.changed or bool(gone)

    def save(self) -> None:
        """Write the cache file if anything changed; after `defer_saves`, only at `save_pending`."""
        if self.files.deferring:
            self.files.pending = self
            return
        if self.changed:
            data = self.key + b"\n" + pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL)
            Store(self.path.parent, shard=False).write(self.path.name, data)
            self.changed = False
            self.files.held = (self.path, self.key, file_stamp(self.path.stat()), dict(self.entries))


def defer_saves(previous: Previous) -> None:
    """Keep the cache file's changes in memory from now on, until `save_pending`.

    For `mkdocs serve` after its first build: pickling and writing the 32 MB cache file of
    20,000 cases after each edit was 0.4 to 0.7 s of every rebuild. The next load starts from
    the waiting changes, not from the older file; a server that dies without `save_pending`
    only leaves a cache that misses the files edited meanwhile (they are read again).
    """
    previous.case_files.deferring = True


def save_pending(previous: Previous) -> None:
    """Write what `defer_saves` kept waiting, and save at once again from now on."""
    files = previous.case_files
    files.deferring, pending, files.pending = False, files.pending, None
    if pending is not None:
        pending.save()


def _stamp(path: Path, vocabulary: str) -> Stamp | None:
    status = os.lstat(path)  # of a file that is not a link, the same as `stat`: one call
    if stat.S_ISLNK(status.st_mode):
        return None  # never remembered: the loader refuses it, with its message, every time
    return (*file_stamp(status), vocabulary)


def _content(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load(
    path: Path,
    root: Path,
    vocabularies: Vocabularies,
    hashed: bool,
    vocabulary: str,
    *,
    required_from: dt.date | None = None,
) -> tuple[str | None, Loaded, Stamp | None]:
    """The file's content digest (when it is `readable` and `hashed`), what it loads to, and
    its stamp when the file did not change while it was read (else None: remembered nowhere)."""
    stamp = _stamp(path, vocabulary)
    content = _content(path) if hashed and readable(path, root) else None
    loaded = load_case(path, root, vocabularies, required_from)
    if stamp is not None and _stamp(path, vocabulary) != stamp:
        stamp = None
    return content, loaded, stamp


def _load_in_worker(path: Path, hashed: bool, vocabulary: str) -> tuple[str | None, Loaded, Stamp | None]:
    root: Path
    vocabularies: Vocabularies
    required_from: dt.date | None
    root, vocabularies, required_from = shared()  # set by `_load_cases`
    return _load(path, root, vocabularies, hashed, vocabulary, required_from=required_from)


def _known(
    path: Path, rel: str, root: Path, vocabulary: str, disk: DiskCache | None, *, files: CaseFiles
) -> Loaded | None:
    """What the file loaded to before, from memory or the disk cache, if its bytes are the same."""
    stamp = _stamp(path, vocabulary)
    # Where a file is (a folder may have become a link) is checked again on every load.
    if stamp is None or not readable(path, root):
        return None
    known = files.loaded.recall(rel, stamp)
    if known is not None:
        if disk is not None and rel not in disk.entries:
            disk.put(rel, _content(path), known)
        return files.loaded.keep(rel, stamp, known)
    if disk is not None and rel in disk.entries:
        found = disk.get(rel, _content(path))
        if found is not None:
            return files.loaded.keep(rel, stamp, found)
    return None


def load_cases(
    paths: Sequence[Path],
    root: Path,
    vocabularies: Vocabularies,
    workers: int | None = None,
    cache_file: Path | None = None,
    *,
    report: Report | None = None,
    archive_required_from: dt.date | None = None,
    previous: Previous | None = None,
) -> list[Loaded]:
    """(case or None, problems) for each path, in order.

    `archive_required_from` is the setting of that name (`debunk.content.load.load_case`). What the
    files loaded to is taken from and kept in `previous` (None: every file is read, or taken
    from the cache file).

    `cache_file` keeps the results across runs (`DiskCache`); None keeps them in memory only.
    Only a file that one of the caches knows is looked at here; the others go straight to the
    workers, which also take their stamps (a cold run has no serial pass over 20,000 files).
    A long load shows its progress (`debunk.build.progress.track`; `report` for a build's log).
    """
    with fewer_collections():  # a cold load of 20,000 cases: about 3% less CPU
        files = (previous or Previous()).case_files
        loaded = _load_cases(
            paths,
            root,
            vocabularies,
            workers,
            cache_file,
            files=files,
            report=report,
            required_from=archive_required_from,
        )
        files.loaded.turn()  # only the files of this load are remembered for the next
        return loaded


def _load_cases(
    paths: Sequence[Path],
    root: Path,
    vocabularies: Vocabularies,
    workers: int | None,
    cache_file: Path | None,
    *,
    files: CaseFiles,
    report: Report | None = None,
    required_from: dt.date | None = None,
) -> list[Loaded]:
    vocabulary = vocabulary_digest(root, required_from)
    forget_folders()
    disk = DiskCache(cache_file, vocabulary, files) if cache_file is not None else None
    rels = [relative(path, root) for path in paths]
    results: list[Loaded | None] = []
    missing: list[int] = []
    for index, (path, rel) in enumerate(zip(paths, rels, strict=True)):
        cached = files.loaded.knows(rel) or (disk is not None and rel in disk.entries)
        found = _known(path, rel, root, vocabulary, disk, files=files) if cached else None
        results.append(found)
        if found is None:
            missing.append(index)
    todo = [paths[index] for index in missing]
    count = worker_count(len(todo), "cases", workers)
    one = partial(_load_in_worker, hashed=disk is not None, vocabulary=vocabulary)
    with sharing((root, vocabularies, required_from)):
        answers = each(one, todo, count, chunksize=128)
        loaded = list(track(answers, len(todo), "reading cases", report))
    for index, (content, result, stamp) in zip(missing, loaded, strict=True):
        results[index] = result
        if stamp is None:
            continue  # a link, or changed while it was read: remembered nowhere
        files.loaded.keep(rels[index], stamp, result)
        if disk is not None and content is not None:
            disk.put(rels[index], content, result)
    if disk is not None:
        disk.keep_only(set(rels))
        disk.save()
    return [result for result in results if result is not None]
