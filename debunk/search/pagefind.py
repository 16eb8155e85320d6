"""The search index: Pagefind over the built case pages, written into the site as static files.

Pagefind splits the index into small files (words in alphabetical chunks, one fragment per
page, one file per filter), so a reader downloads only what a query needs: that is what keeps
search usable at 20,000 cases, where a single-file index is tens of megabytes. The case
template marks what is indexed (`data-pagefind-body`) and which values are filters and
metadata; this module runs the indexer over the built site, has `debunk.search.bundle`
rewrite its files, and tells the search page what they are called.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from platform import machine as os_machine

from debunk.search.bundle import (
    PAGEFIND_VERSION,
    canonicalise_bundle,
    patch_search_code,
)
from debunk.search.filters import Buckets
from debunk.search.indexed import search_input
from debunk.search.page import ShardLink, link_search_page
from debunk.search.runs import Run, Runs
from debunk.search.shards import BY_YEAR, ONE_SHARD, Shard, ShardCache, drop_unused, input_digest, plan_shards

SEARCH_DIR = "pagefind"
"""The bundle folder in the site: a folder per shard (`/pagefind/2021/`), each Pagefind's files."""

SEARCH_PAGES = ("search/index.html", "search.html")
"""Where MkDocs writes `docs/search.md`, with and without directory URLs."""

FILTERS = ("verdict", "narrative", "keyword", "country", "language", "outlet", "year")
"""The filter names the case template tags, in the order the search page shows them."""

FILTER_BUCKET_BYTES = 8_000
"""A filter file bigger than this (gzipped) is split into buckets of about this size.

A filter in the URL loads its whole file before the first result: at 20,000 cases the
keyword file is 134 KB, a bucket of it 8 to 11 KB (a value found in a third of the cases
is 17 KB on its own, whatever the buckets). The counts next to each value load every
bucket, after the results: 59 files instead of 6 at 20,000 cases, about the same bytes.
"""

INDEXED_PAGES = "cases/**/*.html"
"""Only case pages carry `data-pagefind-body`; the others need not even be read."""

EXCLUDE_SELECTORS = (
    ".debunk-case__body a[href^='../']",
    ".debunk-case__body .debunk-list-meta",
    ".debunk-case__body h2",
)
"""Titles and reasons of related cases: other cases' words, not this case's. And the section
headings (Summary, Response, Sources): every case has them, so they find nothing, and a
snippet would show them as a sentence ("Summary. An article claimed...")."""


@dataclass(frozen=True)
class SearchIndex:
    """What one indexing run wrote."""

    pages: int
    """Pages indexed: the case pages (only they carry `data-pagefind-body`)."""
    files: int
    """Files in the bundle folder."""
    size: int
    """Bytes of the bundle folder, as stored (Pagefind's index files are already compressed)."""
    seconds: float
    shards: int = 1
    indexed: int = 1
    """The shards Pagefind indexed; the others were copied from the cache, unchanged."""

    def __str__(self) -> str:
        return (
            f"search index: {self.pages} pages, {self.files} files, "
            f"{self.size / 1_000_000:.1f} MB in {self.seconds:.1f} s; "
            f"{self.indexed} of {self.shards} shards indexed, the others unchanged"
        )


BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"
"""Names the Pagefind binary to run, as for Pagefind's own npm and Python wrappers."""

_NPM_PLATFORMS = {"win32": "windows", "cygwin": "windows"}
_NPM_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


class PagefindMissingError(RuntimeError):
    """Pagefind's binary is not where the build looks for it."""


def _npm_binaries(base: Path) -> list[Path]:
    """Where `npm ci` puts Pagefind's binary for this machine under `base`: the platform package
    that the `pagefind` npm package depends on (the extended build: it also splits Chinese and
    Japanese words)."""
    platform = _NPM_PLATFORMS.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = os_machine().lower()
    cpu = _NPM_CPUS.get(machine, machine)
    folder = base / "node_modules" / "@pagefind" / f"{platform}-{cpu}" / "bin"
    suffix = ".exe" if platform == "windows" else ""
    return [folder / f"pagefind_extended{suffix}", folder / f"pagefind{suffix}"]


def pagefind_binary(*near: Path) -> Path:
    """The Pagefind binary: `$PAGEFIND_BINARY_PATH`, or the one `npm ci` installed (package.json
    pins it) in the working folder, in a folder above it or above one of `near`, or beside the
    debunk package's own checkout."""
    named = os.environ.get(BINARY_VARIABLE)
    if named:
        if not Path(named).is_file():
            raise PagefindMissingError(f"{BINARY_VARIABLE}={named}: no such file")
        return Path(named)
    starts = [path.resolve() for path in (Path.cwd(), *near, Path(__file__).parent)]
    bases = dict.fromkeys(base for start in starts for base in (start, *start.parents))
    for base in bases:
        for binary in _npm_binaries(base):
            if binary.is_file():
                return binary
    raise PagefindMissingError(
        f"Pagefind {PAGEFIND_VERSION}, which builds the search index, is not installed: run "
        "`npm ci` in the project (its package.json pins Pagefind), or set "
        f"{BINARY_VARIABLE} to a Pagefind {PAGEFIND_VERSION} binary"
    )


SERVE_INDEX_LIMIT = 2_000
"""Case pages up to which a `mkdocs serve` rebuild makes the search index too. Pagefind takes
about a millisecond a page on two cores (18.9 s at 20,000 cases), and a rebuild after one edit
indexes every case again (one shard): about 2 s here, 20 s at 20,000 cases, longer than the rest
of the rebuild. Above it the preview's search page says that `mkdocs build` makes the index."""


def serve_index_skipped(case_pages: int) -> str:
    """Why a `mkdocs serve` rebuild leaves the search index out, or ""."""
    if case_pages <= SERVE_INDEX_LIMIT:
        return ""
    return (
        f"search index: not made by `mkdocs serve` for {case_pages:,} case pages (more than "
        f"{SERVE_INDEX_LIMIT:,}: Pagefind would add about {case_pages // 1000} s to every rebuild); "
        "`mkdocs build` makes it"
    )


def pagefind_missing(*near: Path) -> str:
    """Why the search index cannot be built here (Pagefind is not installed), or ""."""
    try:
        pagefind_binary(*near)
    except PagefindMissingError as exc:
        return f"{exc}; until then the preview's search page has no index"
    return ""


def pagefind_command(
    site_dir: Path, output: Path, binary: Path | None = None, glob: str = INDEXED_PAGES
) -> list[str]:
    """The Pagefind indexer (`binary`, or `pagefind_binary()`) over the `glob` pages of `site_dir`."""
    command = [str(binary or pagefind_binary(site_dir)), "--site", str(site_dir),
               "--output-path", str(output), "--glob", glob, "--silent"]  # fmt: skip
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def _index(site_dir: Path, output: Path) -> None:
    """Pagefind over `site_dir` as it is, into `output`, as Pagefind writes it."""
    Run(pagefind_command(site_dir, output), site_dir).wait()


def build_search_index(
    site_dir: Path,
    output: str = SEARCH_DIR,
    bucket_bytes: int = FILTER_BUCKET_BYTES,
    cache: Path | None = None,
    by_year: bool = BY_YEAR,
) -> SearchIndex:
    """Index the built site in `site_dir` into `site_dir/output`, replacing any earlier bundle.

    Every file is named by the hash of its content, so the same pages give the same files:
    the bundle is reproducible, and a stale one is removed first so that no file of an
    earlier build lingers. The search page, if the site has one, is told the new names.
    """
    return start_search_index(site_dir, output, bucket_bytes, cache, by_year).finish()


@dataclass
class Indexing:
    """A search index being built (`start_search_index`): Pagefind runs in the background
    over the shards that changed while the build does other work, and `finish` completes it."""

    site_dir: Path
    target: Path
    bucket_bytes: int
    started: float
    shards: list[Shard]
    digests: dict[str, str]
    reused: dict[str, dict[str, Buckets]]
    """The shards copied from the cache, with their buckets."""
    store: ShardCache
    runs: Runs
    pages: contextlib.ExitStack
    """Holds the folders Pagefind reads (`debunk.search.indexed`) until it is done."""

    def finish(self) -> SearchIndex:
        """Wait for Pagefind, then make each new shard reproducible, keep it, link the search page."""
        with self.pages:
            self.runs.wait()
        links = []
        for shard in self.shards:
            bundle = self.target / shard.name
            buckets = self.reused.get(shard.name)
            if buckets is None:
                buckets = canonicalise_bundle(bundle, self.bucket_bytes)
                patch_search_code(bundle)
                drop_unused(bundle)
                self.store.keep(shard, self.digests[shard.name], bundle, buckets)
            entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
            links.append(ShardLink(shard.name, entry, buckets))
        self.store.prune(self.shards)
        for name in SEARCH_PAGES:
            if (self.site_dir / name).is_file():
                link_search_page(self.site_dir / name, links)
                break
        pages = sum(int(info["page_count"]) for link in links for info in link.entry["languages"].values())
        files = [path for path in self.target.rglob("*") if path.is_file()]
        size = sum(path.stat().st_size for path in files)
        seconds = time.perf_counter() - self.started
        return SearchIndex(pages, len(files), size, seconds, len(self.shards), len(self.runs.jobs))

    def stop(self) -> None:
        """Give up (the build failed meanwhile): stop Pagefind and delete what it read."""
        with self.pages:
            self.runs.stop()


def _options(bucket_bytes: int) -> str:
    """How the pages are indexed, besides the code: part of every shard's input digest."""
    return json.dumps([PAGEFIND_VERSION, INDEXED_PAGES, EXCLUDE_SELECTORS, bucket_bytes])


def start_search_index(
    site_dir: Path,
    output: str = SEARCH_DIR,
    bucket_bytes: int = FILTER_BUCKET_BYTES,
    cache: Path | None = None,
    by_year: bool = BY_YEAR,
) -> Indexing:
    """Start indexing the case pages of `site_dir` (which must all be written) into
    `site_dir/output`, a folder per shard (`debunk.search.shards`); `finish()` the result.

    Pagefind reads the pages cut down to what it indexes (`debunk.search.indexed`): a third of
    the bytes, the same index. A shard whose cut pages are the same as when it was kept in
    `cache` is copied from there instead.
    """
    started = time.perf_counter()
    binary = pagefind_binary(site_dir)
    target = site_dir / output
    if target.exists():
        shutil.rmtree(target)
    found = (path.relative_to(site_dir).as_posix() for path in site_dir.glob(INDEXED_PAGES))
    shards = plan_shards(found, by_year)
    store, options = ShardCache(cache), _options(bucket_bytes)
    pages = contextlib.ExitStack()
    try:
        digests, reused, jobs = {}, {}, []
        for shard in shards:
            folder = pages.enter_context(search_input(site_dir, shard.pages)).resolve()
            digests[shard.name] = input_digest(folder, shard, options)
            buckets = store.reuse(shard, digests[shard.name], target / shard.name)
            if buckets is not None:
                reused[shard.name] = buckets
            else:
                bundle = (target / shard.name).resolve()
                jobs.append(pagefind_command(folder, bundle, binary, _glob(site_dir, folder, shard)))
        runs = Runs(jobs, site_dir)
    except BaseException:
        pages.close()
        raise
    return Indexing(site_dir, target, bucket_bytes, started, shards, digests, reused, store, runs, pages)


def _glob(site_dir: Path, folder: Path, shard: Shard) -> str:
    """The pages of `shard` in `folder`: all of them, unless the pages could not be copied."""
    if folder != site_dir.resolve():
        return INDEXED_PAGES
    if shard.name == ONE_SHARD:  # the other pages carry no `data-pagefind-body`: left out
        return INDEXED_PAGES
    year = shard.pages[0].split("/")[1]
    if shard.name == year:
        return f"cases/{year}/**/*.html"
    raise OSError(f"no room to copy the pages of the search shard {shard.name} for the indexer")
