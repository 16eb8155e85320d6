"""When each case last changed, from git: corrections are visible on the page, offline.

One `git log` over the content folders, read newest first and stopped as soon as every asked-for
file has been seen, so a repository of 20,000 cases costs one process, not one per case. A
folder that is not a git checkout, or is a shallow clone (whose oldest commit would claim to
have changed every file), gives no dates at all rather than wrong ones: the Pages workflow
checks out with `fetch-depth: 0` for that reason.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

_RECORD = "\x1e"
_GIT = (
    "git",
    "-c", "core.quotepath=off",
    "-c", "log.showSignature=false",
    "-c", "diff.renames=false",
)  # fmt: skip


@dataclass(frozen=True)
class Change:
    """The last commit on the main line that changed a file."""

    date: dt.date
    """The commit date, in UTC: when the change landed."""
    commit: str
    """The full commit hash."""

    @property
    def short(self) -> str:
        """The abbreviated hash shown to readers."""
        return self.commit[:7]


def _git(root: Path, *args: str) -> str | None:
    """Output of a quick git command in `root`, or None when git or the repository is missing."""
    try:
        done = subprocess.run(
            [*_GIT, "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _prefix(root: Path) -> str | None:
    """The root's path inside its repository ('' at the top), or None when dates can't be trusted."""
    out = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if out is None:
        return None
    lines = out.split("\n")
    if len(lines) < 2 or lines[0] != "false":
        return None
    return lines[1]


def _records(stream: IO[str]) -> Iterator[str]:
    """The log's records, split on the separator, read in chunks so that reading can stop early."""
    pending = ""
    while chunk := stream.read(65536):
        pending += chunk
        *complete, pending = pending.split(_RECORD)
        yield from complete
    yield pending


def _parse(record: str) -> tuple[Change, list[str]] | None:
    """`<hash> <unix time>\\0\\n<file>\\0<file>\\0...` into a change and its files."""
    header, _, names = record.partition("\0")
    commit, _, stamp = header.partition(" ")
    if not commit or not stamp.isdigit():
        return None
    date = dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
    return Change(date, commit), [name.strip("\n") for name in names.split("\0") if name.strip("\n")]


def _scan(stream: IO[str], wanted: dict[str, str]) -> dict[str, Change]:
    """The first (newest) change of each wanted file, stopping once every one is found."""
    found: dict[str, Change] = {}
    for record in _records(stream):
        parsed = _parse(record)
        if parsed is None:
            continue
        change, names = parsed
        for name in names:
            path = wanted.get(name)
            if path is not None and path not in found:
                found[path] = change
        if len(found) == len(wanted):
            break
    return found


def case_history(root: Path, paths: Iterable[str]) -> dict[str, Change]:
    """The last change of each path (relative to `root`, as in `Case.path`) that git knows.

    Files never committed are left out; so is everything when `root` is not in a full git
    checkout. Follows only the first parent, so a merged pull request dates its files to the
    merge, the day the correction was published.
    """
    prefix = _prefix(root)
    wanted = {prefix + path: path for path in paths} if prefix is not None else {}
    if not wanted:
        return {}
    folders = sorted({path.split("/", 1)[0] for path in wanted.values()})
    command = [
        *_GIT, "-C", str(root), "log", "--first-parent", "--diff-merges=first-parent",
        "--no-color", "--format=" + _RECORD + "%H %ct", "--name-only", "-z", "--", *folders,
    ]  # fmt: skip
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
        errors="surrogateescape",
    ) as process:  # fmt: skip
        assert process.stdout is not None
        found = _scan(process.stdout, wanted)
        complete = len(found) == len(wanted)
        if complete:
            process.kill()
        process.stdout.close()
    if not complete and process.returncode != 0:
        return {}
    return dict(sorted(found.items()))


def added_dates(root: Path, paths: Iterable[str]) -> dict[str, dt.date]:
    """The day each path (as in `case_history`) was first added on the main line: when its
    debunk was published. One `git log` of the whole history, read to its end for the oldest add."""
    prefix = _prefix(root)
    wanted = {prefix + path: path for path in paths} if prefix is not None else {}
    if not wanted:
        return {}
    folders = sorted({path.split("/", 1)[0] for path in wanted.values()})
    out = _git(
        root, "log", "--first-parent", "--diff-merges=first-parent", "--diff-filter=A", "--no-color",
        "--format=" + _RECORD + "%H %ct", "--name-only", "-z", "--", *folders,
    )  # fmt: skip
    found: dict[str, dt.date] = {}
    for record in (out or "").split(_RECORD):
        parsed = _parse(record)
        for name in parsed[1] if parsed else ():
            path = wanted.get(name)
            if path is not None and parsed is not None:
                found[path] = parsed[0].date  # newest first: the last one seen is the first add
    return dict(sorted(found.items()))


def current_commit(root: Path) -> str | None:
    """The checked-out commit, or None outside git: a cache key for `case_history` on rebuilds."""
    out = (_git(root, "rev-parse", "--verify", "--quiet", "HEAD") or "").strip()
    return out or None


def history_url(repo_url: str, branch: str, path: str) -> str:
    """The page listing every commit to `path`: GitHub's `<repo>/commits/<branch>/<path>`."""
    return f"{repo_url.rstrip('/')}/commits/{quote(branch, safe='')}/{quote(path)}"


def commit_url(repo_url: str, commit: str) -> str:
    """The page of one commit: `<repo>/commit/<hash>`."""
    return f"{repo_url.rstrip('/')}/commit/{commit}"


def branch_of(edit_uri: str | None, default: str = "main") -> str:
    """The branch named in MkDocs' `edit_uri` (`edit/main/docs/` -> `main`), else `default`."""
    parts = [part for part in (edit_uri or "").split("/") if part]
    if len(parts) >= 2 and parts[0] in {"edit", "blob", "tree"}:
        return parts[1]
    return default
