"""The search index: Pagefind over the built case pages, written into the site as static files.

Pagefind splits the index into small files (words in alphabetical chunks, one fragment per
page, one file per filter), so a reader downloads only what a query needs: that is what keeps
search usable at 20,000 cases, where a single-file index is tens of megabytes. The case
template marks what is indexed (`data-pagefind-body`) and which values are filters and
metadata; this module runs the indexer over the built site, has `debunk.search_bundle`
rewrite its files, and tells the search page what they are called.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from platform import machine as os_machine
from typing import Any

from debunk.search_bundle import (
    PAGEFIND_VERSION,
    canonicalise_bundle,
    patch_search_code,
)
from debunk.search_filters import Buckets
from debunk.search_input import search_input

SEARCH_DIR = "pagefind"
"""The bundle folder in the site: `/pagefind/pagefind.js`, index chunks, fragments, filters."""

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

    def __str__(self) -> str:
        return (
            f"search index: {self.pages} pages, {self.files} files, "
            f"{self.size / 1_000_000:.1f} MB in {self.seconds:.1f} s"
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


def pagefind_command(site_dir: Path, output: Path, binary: Path | None = None) -> list[str]:
    """The Pagefind indexer (`binary`, or `pagefind_binary()`) over the case pages of `site_dir`."""
    command = [str(binary or pagefind_binary(site_dir)), "--site", str(site_dir),
               "--output-path", str(output), "--glob", INDEXED_PAGES, "--silent"]  # fmt: skip
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def _index(site_dir: Path, output: Path) -> None:
    """Pagefind over `site_dir` as it is, into `output`, as Pagefind writes it."""
    _Run(site_dir, output, pagefind_binary(site_dir)).wait()


class _Run:
    """Pagefind running over `site_dir` in the background, its messages kept in a file (a pipe
    nobody reads while it runs could fill and stop it)."""

    def __init__(self, site_dir: Path, output: Path, binary: Path) -> None:
        self.messages = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `wait`
        self.process = subprocess.Popen(
            pagefind_command(site_dir, output, binary),
            cwd=site_dir,
            stdout=self.messages,
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> None:
        try:
            code = self.process.wait()
            self.messages.seek(0)
            said = self.messages.read().decode("utf-8", errors="replace").strip()
        finally:
            self.messages.close()
        if code != 0:
            raise RuntimeError(f"pagefind failed ({code}): {said}")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.messages.close()


_PAGE_INDEX = re.compile(
    r'<meta name="debunk-search-index" content="([^"]*)"(?: data-[a-z]+="[^"]*")*>'
    r'(?:<link rel="preload" [^>]*>)*'
)
_PAGE_LANGUAGE = re.compile(r'<html lang="([^"]*)"')


def index_language(languages: Mapping[str, Any], page_language: str) -> str:
    """The index Pagefind loads on a page in `page_language`: its own, its base, or the biggest."""
    wanted = page_language.lower()
    for candidate in (wanted, wanted.split("-")[0]):
        if candidate in languages:
            return candidate
    return max(languages, key=lambda language: int(languages[language]["page_count"]))


def link_search_page(page: Path, entry: Mapping[str, Any], buckets: Mapping[str, Buckets]) -> None:
    """Give the search page the index's file names, which are known only now, and its buckets.

    The template leaves `<meta name="debunk-search-index" content="BUNDLE URL">` in the head;
    this fills in the tag that makes `pagefind-entry.json` cacheable (Pagefind otherwise asks
    for it with the time in the URL) and the filter buckets the search worker maps values to, and
    preloads the files every query needs before the first result, so that they download
    while the page and its theme load. Running it again on the same page gives the same page.
    """
    text = page.read_text(encoding="utf-8")
    found = _PAGE_INDEX.findall(text)
    if len(found) != 1:
        raise ValueError(f'{page}: expected one <meta name="debunk-search-index">, found {len(found)}')
    base = html.unescape(found[0])
    languages = entry["languages"]
    match = _PAGE_LANGUAGE.search(text)
    info = languages[index_language(languages, match.group(1) if match else "unknown")]
    tag = "-".join(str(languages[language]["hash"]) for language in sorted(languages))
    spread = {name: [bucket.count, bucket.salt] for name, bucket in sorted(buckets.items())}
    preloads = ["pagefind-worker.js", f"pagefind-entry.json?ts={tag}", f"pagefind.{info['hash']}.pf_meta",
                f"wasm.{info.get('wasm') or 'unknown'}.pagefind"]  # fmt: skip
    attribute = html.escape
    filled = (
        f'<meta name="debunk-search-index" content="{attribute(base)}" data-tag="{attribute(tag)}" '
        f'data-buckets="{attribute(json.dumps(spread, separators=(",", ":")))}">'
    ) + "".join(f'<link rel="preload" href="{attribute(base + n)}" as="fetch" crossorigin>' for n in preloads)
    page.write_text(_PAGE_INDEX.sub(lambda _: filled, text), encoding="utf-8")


def build_search_index(
    site_dir: Path, output: str = SEARCH_DIR, bucket_bytes: int = FILTER_BUCKET_BYTES
) -> SearchIndex:
    """Index the built site in `site_dir` into `site_dir/output`, replacing any earlier bundle.

    Every file is named by the hash of its content, so the same pages give the same files:
    the bundle is reproducible, and a stale one is removed first so that no file of an
    earlier build lingers. The search page, if the site has one, is told the new names.
    """
    return start_search_index(site_dir, output, bucket_bytes).finish()


@dataclass
class Indexing:
    """A search index being built (`start_search_index`): Pagefind runs in the background
    while the build does other work, and `finish` completes the bundle."""

    site_dir: Path
    target: Path
    bucket_bytes: int
    started: float
    run: _Run
    pages: contextlib.ExitStack
    """Holds the folder Pagefind reads (`debunk.search_input`) until it is done."""

    def finish(self) -> SearchIndex:
        """Wait for Pagefind, then make its bundle reproducible and link the search page."""
        with self.pages:
            self.run.wait()
        buckets = canonicalise_bundle(self.target, self.bucket_bytes)
        patch_search_code(self.target)
        entry = json.loads((self.target / "pagefind-entry.json").read_text(encoding="utf-8"))
        for name in SEARCH_PAGES:
            if (self.site_dir / name).is_file():
                link_search_page(self.site_dir / name, entry, buckets)
                break
        pages = sum(int(info["page_count"]) for info in entry["languages"].values())
        files = [path for path in self.target.rglob("*") if path.is_file()]
        size = sum(path.stat().st_size for path in files)
        return SearchIndex(pages, len(files), size, time.perf_counter() - self.started)

    def stop(self) -> None:
        """Give up (the build failed meanwhile): stop Pagefind and delete what it read."""
        with self.pages:
            self.run.stop()


def start_search_index(
    site_dir: Path, output: str = SEARCH_DIR, bucket_bytes: int = FILTER_BUCKET_BYTES
) -> Indexing:
    """Start indexing the case pages of `site_dir` (which must all be written) into
    `site_dir/output`; `finish()` the result. Pagefind reads the pages cut down to what it
    indexes (`debunk.search_input`): a third of the bytes, the same index."""
    started = time.perf_counter()
    binary = pagefind_binary(site_dir)
    target = site_dir / output
    if target.exists():
        shutil.rmtree(target)
    indexed = [path.relative_to(site_dir).as_posix() for path in site_dir.glob(INDEXED_PAGES)]
    pages = contextlib.ExitStack()
    try:
        folder = pages.enter_context(search_input(site_dir, indexed))
        run = _Run(folder.resolve(), target.resolve(), binary)
    except BaseException:
        pages.close()
        raise
    return Indexing(site_dir, target, bucket_bytes, started, run, pages)
