"""Folders a command writes its output into, and the files it may replace there: only its own.

A command that writes many files (`debunk generate`, `debunk export`) records each file it wrote
and its hash in a manifest in the output folder. The next run replaces a file only when it is
still what the manifest says, so a folder that holds anything else (the repository itself, an
edited page, a file put there by hand) is refused with the names, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from debunk.content.files import write_file

CONTENT_DIRS = ("cases", "narratives", "vocabularies", "reviews")
"""The folders of a repository that hold what editors write."""
REPOSITORY_MARKERS = (*CONTENT_DIRS, "mkdocs.yml", "overrides", "docs", ".git", "pyproject.toml")
"""Entries that say a folder is a repository (or a project), not an output folder."""
ANY = "*"
"""The hash recorded for a file a run meant to write but may not have finished."""
_SHOWN = 8
"""How many file names a refusal lists before it says how many more there are."""


class OutputRefusedError(Exception):
    """The output folder holds files the command did not write; the message names them."""


@dataclass(frozen=True)
class Output:
    """An output folder and the command that owns its files."""

    folder: Path
    command: str
    """`generate` or `export`: the manifest is `.debunk-<command>.json`, one per command."""
    exclusive: bool
    """True: the folder holds only this command's files. False: other files may be beside them,
    and are left alone. Either way its own files that a run no longer makes are removed."""

    @property
    def manifest(self) -> Path:
        return self.folder / f".debunk-{self.command}.json"


def content_file(root: Path, path: Path) -> str | None:
    """What a path is in the repository when writing to it could destroy an editor's work, else None."""
    base, target = root.resolve(), path.resolve()
    if target == base / "mkdocs.yml":
        return "the site's configuration"
    for name in CONTENT_DIRS:
        if target == base / name or (base / name) in target.parents:
            return f"inside {name}/, which holds the repository's content"
    return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _recorded(output: Output) -> dict[str, list[str]] | None:
    """{file: [accepted hashes]} of the manifest; None when there is none (or it is not ours)."""
    try:
        data = json.loads(output.manifest.read_bytes())
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    pending = data.get("pending", [])
    if not isinstance(files, dict) or not isinstance(pending, list):
        return None
    recorded = {str(name): [str(h) for h in (hashes if isinstance(hashes, list) else [hashes])]
                for name, hashes in files.items()}  # fmt: skip
    # Named by a run that was cut short: its own, whatever it holds.
    return {**recorded, **{str(name): [ANY] for name in pending}}


def _entries(folder: Path) -> list[str]:
    """Every file or link under `folder`, relative, sorted; links to folders are not followed."""
    found = []
    for current, dirs, files in os.walk(folder):
        base = Path(current).relative_to(folder)
        links = [name for name in dirs if (Path(current) / name).is_symlink()]
        dirs[:] = sorted(name for name in dirs if name not in links)
        found += [(base / name).as_posix() for name in (*files, *links)]
    return sorted(found)


def _listed(names: list[str]) -> str:
    more = f", and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    return ", ".join(names[:_SHOWN]) + more


def check_output(output: Output, names: Collection[str] = ()) -> str | None:
    """Why the command may not write into the folder (None when it may).

    Exclusive: every file in the folder must be one the manifest lists, unchanged. Otherwise
    only the files to write (`names`) and its own files that the run will remove (recorded, not
    in `names`; none when `names` is empty: not known yet) are checked: each must be new, or
    unchanged since written.
    """
    folder, command = output.folder, f"debunk {output.command}"
    if folder.exists() and not folder.is_dir():
        return f"{folder.as_posix()} is a file, not a folder; give a new or empty folder"
    if not folder.exists():
        return None
    recorded = _recorded(output)
    present = [name for name in _entries(folder) if name != output.manifest.name]
    stale = set(recorded or {}) - set(names) if names else set()
    candidates = present if output.exclusive else [name for name in present if name in {*names, *stale}]
    if recorded is None and candidates:
        markers = [name for name in REPOSITORY_MARKERS if (folder / name).exists()]
        what = f"is a repository (it holds {', '.join(markers)})" if markers else "is not empty"
        return (
            f"refusing to write into {folder.as_posix()}: it {what}, and {command} did not write "
            f"{_listed(candidates)}. Give a new or empty folder (e.g. {command} {output.command}d/)"
        )
    edited, foreign = [], []
    for name in candidates:
        hashes = (recorded or {}).get(name)
        if hashes is None or (folder / name).is_symlink():
            foreign.append(name)
        elif ANY not in hashes and _digest((folder / name).read_bytes()) not in hashes:
            edited.append(name)
    if not edited and not foreign:
        return None
    parts = [f"changed since {command} wrote them: {_listed(edited)}"] if edited else []
    parts += [f"not written by {command}: {_listed(foreign)}"] if foreign else []
    return (
        f"refusing to write into {folder.as_posix()}: {'; '.join(parts)}. Move these files out of the "
        "folder (or delete them if you do not need them), or give another folder, then run this again"
    )


def write_output(output: Output, names: Collection[str], files: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write the files, record them, and remove its old ones no longer made; OutputRefusedError first
    when the folder holds a file the command did not write, or one of its own edited since (`check_output`).

    `names` are the files that `files` yields: they are recorded before any is written, so that
    a run cut short still knows them as its own (any content) and the next run replaces them.
    """
    refusal = check_output(output, names)
    if refusal is not None:
        raise OutputRefusedError(refusal)
    output.folder.mkdir(parents=True, exist_ok=True)
    old = _recorded(output) or {}
    _save(output, old, pending=names)
    written: dict[str, list[str]] = {}
    for name, data in files:
        write_file(output.folder / name, data)
        written[name] = [_digest(data)]
    for name in sorted(set(old) - set(written)):
        _remove(output.folder, name)
    _save(output, written)
    return [output.folder / name for name in written]


def _save(output: Output, files: dict[str, list[str]], pending: Collection[str] = ()) -> None:
    data: dict[str, object] = {"written by": f"debunk {output.command}", "files": dict(sorted(files.items()))}
    if pending:
        data["pending"] = sorted(pending)
    write_file(output.manifest, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def _remove(folder: Path, name: str) -> None:
    """Remove a file it wrote that is no longer made, and the folders that leaves empty."""
    path = folder / name
    path.unlink(missing_ok=True)
    for parent in path.parents:
        if parent == folder or folder not in parent.parents:
            break
        try:
            parent.rmdir()
        except OSError:
            break
