"""Where content files are: inside the repository, regular files, not links; in a stable order."""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

FileStamp = tuple[int, int, int]
"""A file's modification time (ns), size and inode: equal while nobody has written to it."""


def file_stamp(status: os.stat_result) -> FileStamp:
    return status.st_mtime_ns, status.st_size, status.st_ino


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes (the form used in every message)."""
    # Strings, not `Path.relative_to`: this runs three times per case file.
    text, base = path.as_posix(), root.as_posix().rstrip("/")
    if text.startswith(base + "/") and base not in {"", "."}:
        return text[len(base) + 1 :]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return text


@functools.lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    """The real path of a folder (the root, a year folder), resolved once rather than once per file.

    Forgotten at the start of each load (`debunk.content.batch.load_cases`), so a long `mkdocs serve`
    sees a folder that became a link."""
    return os.path.realpath(folder)


def forget_folders() -> None:
    """Resolve folders again: one may have been replaced by a link since the last load."""
    _real_folder.cache_clear()


def place(path: Path, root: Path) -> tuple[str | None, str | None]:
    """(the file's real path, None), or (None, why it may not be read from where it is)."""
    try:
        status = os.lstat(path)
    except OSError:
        return None, "is not a regular file"
    if stat.S_ISLNK(status.st_mode):
        return None, "is a symbolic link; content files must be regular files in the repository"
    # Not a link: its real path is its folder's, resolved once per folder (strings, not Path:
    # this runs for every case file of every build, and Path's parsing was most of its time).
    absolute = os.path.abspath(path)  # noqa: PTH100
    folder, name = absolute.rsplit(os.sep, 1)
    folder, base = _real_folder(folder or os.sep), _real_folder(os.path.abspath(root))  # noqa: PTH100
    if folder != base and not folder.startswith(base.rstrip(os.sep) + os.sep):
        return None, "is outside the repository"
    if not stat.S_ISREG(status.st_mode):
        return None, "is not a regular file"
    return folder.rstrip(os.sep) + os.sep + name, None


def readable(path: Path, root: Path) -> bool:
    """True when the file is a regular file inside the repository: what it holds decides the rest."""
    return place(path, root)[1] is None


def content_files(root: Path, directory: str) -> Iterator[Path]:
    """Every entry under `root/directory` that is a file or a link, in a stable order.

    Links to folders are yielded, not followed, so that the loader can refuse them.
    """
    base = root / directory
    if not base.is_dir():
        return
    # `scandir` knows a folder from a link without a `stat` per entry, and names sort as strings
    # (sorting `Path`s and two `stat`s per entry: 0.40 -> 0.15 s for 20,000 cases).
    with os.scandir(base) as scan:
        entries = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in scan)
    for name, folder in entries:
        if folder:
            yield from content_files(root, f"{directory}/{name}")
        elif name != ".gitkeep":
            yield base / name


@functools.cache
def _new_file_mode() -> int:
    """The mode `open()` gives a new file under this process's umask (`mkstemp` gives 0o600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _temporary(path: Path, data: bytes | str) -> Path:
    """`data` in a new temporary file beside `path` (same folder: `os.replace` stays one rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = _new_file_mode()
        os.chmod(name, mode)  # noqa: PTH101
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)  # noqa: PTH108
        raise
    return Path(name)


def write_file(path: Path, data: bytes | str) -> None:
    """Write a file whole or not at all: a temporary file in the same folder, then `os.replace`.

    An interrupted write (a full disk, Ctrl-C) leaves the old file as it was, never half a file;
    an existing file keeps its mode. Text is written as UTF-8 with the newlines it holds.
    """
    temporary = _temporary(path, data)
    try:
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def create_file(path: Path, data: bytes | str) -> None:
    """Like `write_file`, but FileExistsError when `path` exists: it is never replaced.

    A hard link is created only if the name is free, so a file that appears meanwhile is kept.
    """
    if path.exists() or path.is_symlink():
        raise FileExistsError(path)
    temporary = _temporary(path, data)
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: exclusive creation still keeps a file
        with path.open("xb") as stream:
            stream.write(temporary.read_bytes())
    finally:
        temporary.unlink(missing_ok=True)
