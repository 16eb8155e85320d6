"""The search index in shards: the case pages of each year indexed into a folder of their own.

One Pagefind run over 20,000 pages took 19 s and 1.3 GB, and any edit meant all of it again.
Indexed by year (a case's year is its folder's, and never changes), an edit re-indexes one
shard, and a shard whose indexed input is the same as at the last build is not indexed at all:
its finished files are copied from the cache (`<cache_dir>/search/<shard>/`), where each shard
keeps the digest of what Pagefind read, and the code and options that made it. The browser
merges the shards (Pagefind's `mergeIndex`, see debunk/search_worker.js).
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from debunk.search.filters import Buckets

BY_YEAR = False
"""Whether builds split the index by year. Not yet: Pagefind answers a word that one shard lacks
with that shard's words sharing a shorter prefix ("Tokayev" finds the cases with "to" in a year
without Tokayev), which a single index does only for words the whole site lacks; merged shards
then find cases without the word. `build_search_index(by_year=True)` makes them, for measuring."""

SHARD_PAGES = 5_000
"""A year with more case pages than this is split into consecutive parts (in page order). The
one shard of every case page is never split: parts are merged shards, with the fault `BY_YEAR`
describes, and a site of 20,000 cases would otherwise get four."""

UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
)  # fmt: skip
"""Pagefind's own search interfaces: the search page is debunk's; 0.4 MB a shard otherwise."""

_CODE = ("bundle.py", "filters.py", "search_worker.js")
"""The code that rewrites Pagefind's files: a change to it makes every cached shard stale."""


@dataclass(frozen=True)
class Shard:
    """The case pages one Pagefind run indexes into `pagefind/<name>/`."""

    name: str
    pages: tuple[str, ...]
    """Site-relative paths, sorted."""


ONE_SHARD = "all"
"""The folder of the index when it is not split by year: every case page in one Pagefind run."""


def plan_shards(pages: Iterable[str], by_year: bool = False, limit: int = SHARD_PAGES) -> list[Shard]:
    """A shard per year folder (`cases/<year>/...`), split in parts of at most `limit` pages,
    in order of name: the year's, so that the shards come in date order. Or, unless `by_year`,
    one shard of every case page: see `BY_YEAR` for why that is the default.

    Pages outside a year folder (the list of cases and its pages, `cases/page/2/`) are left
    out: none is a case page, and Pagefind indexes the whole of every page in a run where no
    page marks what it indexes.
    """
    years: dict[str, list[str]] = {}
    for page in sorted(pages):
        parts = page.split("/")
        if len(parts) > 2 and parts[1].isdigit():
            years.setdefault(parts[1] if by_year else ONE_SHARD, []).append(page)
    shards = []
    for year, listed in sorted(years.items()):
        count = math.ceil(len(listed) / limit) if by_year else 1
        size = math.ceil(len(listed) / count)
        for part in range(count):
            name = year if count == 1 else f"{year}-{part + 1}"
            shards.append(Shard(name, tuple(listed[part * size : (part + 1) * size])))
    return shards


def input_digest(folder: Path, shard: Shard, options: str) -> str:
    """The digest of what Pagefind reads for `shard` in `folder`, and of how it is indexed."""
    total = hashlib.sha256(options.encode("utf-8") + b"\0")
    for name in _CODE:
        total.update((Path(__file__).with_name(name)).read_bytes() + b"\0")
    for page in shard.pages:
        total.update(page.encode("utf-8") + b"\0" + (folder / page).read_bytes() + b"\0")
    return total.hexdigest()


@dataclass(frozen=True)
class ShardCache:
    """Finished shard folders from earlier builds, each with its input's digest and its buckets.

    `folder` None keeps nothing (a build without a cache folder indexes every shard).
    """

    folder: Path | None

    def reuse(self, shard: Shard, digest: str, target: Path) -> dict[str, Buckets] | None:
        """Copy the shard's files to `target` if they were made from the same input; its buckets."""
        if self.folder is None:
            return None
        kept = self.folder / shard.name
        try:
            if (kept / "digest").read_text(encoding="utf-8") != digest:
                return None
            buckets = json.loads((kept / "buckets.json").read_text(encoding="utf-8"))
            files = json.loads((kept / "files.json").read_text(encoding="utf-8"))
            if _sizes(kept / "bundle") != files:  # a file of it deleted or changed since
                return None
            shutil.copytree(kept / "bundle", target)
        except (OSError, ValueError):
            shutil.rmtree(target, ignore_errors=True)
            return None
        return {name: Buckets(int(count), int(salt)) for name, (count, salt) in buckets.items()}

    def keep(self, shard: Shard, digest: str, bundle: Path, buckets: dict[str, Buckets]) -> None:
        """Store a finished shard; its digest is written last, so a half-stored one is never used."""
        if self.folder is None:
            return
        kept = self.folder / shard.name
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(bundle, kept / "bundle")
        spread = {name: [bucket.count, bucket.salt] for name, bucket in sorted(buckets.items())}
        (kept / "buckets.json").write_text(json.dumps(spread), encoding="utf-8")
        (kept / "files.json").write_text(json.dumps(_sizes(kept / "bundle")), encoding="utf-8")
        (kept / "digest").write_text(digest, encoding="utf-8")

    def prune(self, shards: Sequence[Shard]) -> None:
        """Remove the kept shards no longer in the site (a year whose cases all went)."""
        if self.folder is None or not self.folder.is_dir():
            return
        names = {shard.name for shard in shards}
        for kept in self.folder.iterdir():
            if kept.is_dir() and kept.name not in names:
                shutil.rmtree(kept, ignore_errors=True)


def _sizes(bundle: Path) -> dict[str, int]:
    """The size of every file in `bundle`, by path."""
    return {path.relative_to(bundle).as_posix(): path.stat().st_size for path in sorted(bundle.rglob("*"))
            if path.is_file()}  # fmt: skip


def drop_unused(bundle: Path) -> None:
    """Delete the Pagefind files the site never loads from a shard's folder."""
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)
