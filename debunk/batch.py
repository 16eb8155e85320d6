"""Loading many case files: in parallel on every core, and remembered across rebuilds.

`mkdocs serve` rebuilds everything after each edit; a case file whose modification time,
size and inode are unchanged, read against the same vocabularies, is taken from memory.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from debunk.load import load_case, relative
from debunk.model import Case, Problem
from debunk.vocab import VOCABULARY_DIR, Vocabularies, load_vocabularies

PARALLEL_THRESHOLD = 1000
"""Below this many files to read, starting worker processes costs more than it saves."""

Loaded = tuple[Case | None, list[Problem]]
_remembered: dict[str, tuple[tuple[int, int, int, str], Loaded]] = {}
_worker: tuple[Path, Vocabularies] | None = None


def vocabulary_digest(root: Path) -> str:
    """A hash of the vocabulary files: a case's problems depend on them."""
    digest = hashlib.sha256()
    for path in sorted((root / VOCABULARY_DIR).glob("*.yml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stamp(path: Path, vocabulary: str) -> tuple[int, int, int, str] | None:
    if path.is_symlink():
        return None  # never remembered: the loader refuses it, with its message, every time
    status = path.stat()
    return (status.st_mtime_ns, status.st_size, status.st_ino, vocabulary)


def _init_worker(root: Path) -> None:
    global _worker  # noqa: PLW0603 - one set of vocabularies per worker process
    _worker = (root, load_vocabularies(root))


def _load_in_worker(path: Path) -> Loaded:
    assert _worker is not None
    return load_case(path, _worker[0], _worker[1])


def load_cases(
    paths: Sequence[Path], root: Path, vocabularies: Vocabularies, workers: int | None = None
) -> list[Loaded]:
    """(case or None, problems) for each path, in order."""
    digest = vocabulary_digest(root)
    results: list[Loaded | None] = []
    missing: list[int] = []
    for index, path in enumerate(paths):
        stamp = _stamp(path, digest)
        known = _remembered.get(relative(path, root))
        if stamp is not None and known is not None and known[0] == stamp:
            results.append(known[1])
        else:
            results.append(None)
            missing.append(index)
    count = workers if workers is not None else (os.cpu_count() or 1)
    todo = [paths[index] for index in missing]
    if count > 1 and len(todo) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(count, initializer=_init_worker, initargs=(root,)) as pool:
            loaded = list(pool.map(_load_in_worker, todo, chunksize=128))
    else:
        loaded = [load_case(path, root, vocabularies) for path in todo]
    for index, result in zip(missing, loaded, strict=True):
        results[index] = result
        stamp = _stamp(paths[index], digest)
        if stamp is not None:
            _remembered[relative(paths[index], root)] = (stamp, result)
    return [result for result in results if result is not None]
