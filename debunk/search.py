"""The search index: Pagefind over the built case pages, written into the site as static files.

Pagefind splits the index into small files (words in alphabetical chunks, one fragment per
page, one file per filter), so a reader downloads only what a query needs: that is what keeps
search usable at 20,000 cases, where a single-file index is tens of megabytes. The case
template marks what is indexed (`data-pagefind-body`) and which values are filters, metadata
and sort keys; this module only runs the indexer over the built site.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

_SIGNATURE = b"pagefind_dcd"
"""What every decompressed Pagefind index file starts with, before its CBOR data."""

PAGEFIND_VERSION = "1.5.2"
"""The Pagefind release whose file format `canonicalise_bundle` rewrites (pinned in pyproject)."""

SEARCH_DIR = "pagefind"
"""The bundle folder in the site: `/pagefind/pagefind.js`, index chunks, fragments, filters."""

FILTERS = ("narrative", "keyword", "country", "language", "outlet", "year")
"""The filter names the case template tags, in the order the search page shows them."""

INDEXED_PAGES = "cases/**/*.html"
"""Only case pages carry `data-pagefind-body`; the others need not even be read."""

EXCLUDE_SELECTORS = (
    ".debunk-case__body a[href^='../']",
    ".debunk-case__body .debunk-list-meta",
)
"""Titles and reasons of related cases: other cases' words, not this case's."""


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


def _index(site_dir: Path, output: Path) -> None:
    """Run the Pagefind indexer (the binary shipped in the `pagefind[bin]` wheel) over the case pages."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(output),
               "--glob", INDEXED_PAGES, "--silent"]  # fmt: skip
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, cwd=site_dir, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()}")


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind index file")
    return cbor2.loads(data[len(_SIGNATURE) :])


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: Any) -> str:
    """Write `value` as `<prefix><content hash><suffix>` in `folder`; return the hash part."""
    data = _SIGNATURE + cbor2.dumps(value)
    digest = prefix + hashlib.sha256(data).hexdigest()[:digits]
    (folder / f"{digest}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return digest.removeprefix("pagefind.")


def _canonical_filters(bundle: Path, language: str, meta: list[Any]) -> None:
    """Sort each filter's values and the filter list; name the filter files by their new content."""
    filters = []
    for name, filter_hash in meta[3]:
        filter_path = bundle / "filter" / f"{filter_hash}.pf_filter"
        key, values = _read(filter_path)
        filter_path.unlink()
        canonical = [key, sorted(values, key=lambda item: (item[0], item[1]))]
        filters.append([name, _write(bundle / "filter", f"{language}_", 7, ".pf_filter", canonical)])
    meta[3] = sorted(filters)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if number == 0:
            return text


def _short_fragment_names(bundle: Path, language: str, meta: list[Any]) -> None:
    """Name fragments `<lang>_<digest>_<page number>` instead of a random-looking hash each.

    The metadata file, which every search loads first, lists every page's fragment name: at
    20,000 cases Pagefind's 7 hex digits per page make it 172 KB, and numbers make it 115 KB.
    The digest of all original fragment hashes changes whenever any page changes, so a
    browser never pairs a cached fragment of an earlier build with a new metadata file.
    """
    folder = bundle / "fragment"
    pages = meta[1]
    originals = [str(page[0]) for page in pages]
    digest = hashlib.sha256("\n".join(originals).encode()).hexdigest()[:8]
    contents = {name: (folder / f"{name}.pf_fragment").read_bytes() for name in set(originals)}
    for name in contents:
        (folder / f"{name}.pf_fragment").unlink()
    for number, page in enumerate(pages):
        page[0] = f"{language}_{digest}_{_base36(number)}"
        (folder / f"{page[0]}.pf_fragment").write_bytes(contents[originals[number]])


_CHUNK_REQUEST = "let index_resp=this.backend.request_indexes(ptr,term);"
_FILTER_ONLY_REQUEST = 'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'


def patch_filter_only(bundle: Path) -> None:
    """Stop a search without words (filters only) from downloading the whole word index.

    Pagefind 1.5 asks for the word chunks of the empty query, and its loose prefix match
    takes every chunk: 5 MB at 20,000 cases for a view such as `?year=2020`, which needs
    none of them (the filter files and the page list answer it). Both copies of the search
    code, the page's and the web worker's, get the one-line change; a different Pagefind
    build fails here instead of silently keeping the cost.
    """
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        code = path.read_text(encoding="utf-8")
        if code.count(_CHUNK_REQUEST) != 1:
            raise ValueError(f"{path}: Pagefind's chunk request changed; update debunk.search")
        path.write_text(code.replace(_CHUNK_REQUEST, _FILTER_ONLY_REQUEST), encoding="utf-8")


def canonicalise_bundle(bundle: Path) -> None:
    """Make the bundle byte-identical from one run to the next, and its metadata file smaller.

    Pagefind 1.5 writes filter values and the filter list in hash-map order, which changes
    between runs (its fragments and word index are already stable). This sorts them, gives
    fragments short names, and renames the rewritten files by the hash of their content.
    The file layout is Pagefind's internal format: the version is checked, not assumed.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != PAGEFIND_VERSION:
        raise ValueError(
            f"Pagefind {entry.get('version')!r} wrote the search index; debunk.search knows the files "
            f"of Pagefind {PAGEFIND_VERSION!r} only: pin pagefind[bin]=={PAGEFIND_VERSION}"
        )
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        _canonical_filters(bundle, language, meta)
        _short_fragment_names(bundle, language, meta)
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}_", 10, ".pf_meta", meta)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def build_search_index(site_dir: Path, output: str = SEARCH_DIR) -> SearchIndex:
    """Index the built site in `site_dir` into `site_dir/output`, replacing any earlier bundle.

    Pagefind names index files by the hash of their content, so the same pages give the same
    files: the bundle is reproducible, and a stale one is removed first so that no file of an
    earlier build lingers.
    """
    started = time.perf_counter()
    target = site_dir / output
    if target.exists():
        shutil.rmtree(target)
    _index(site_dir.resolve(), target.resolve())
    canonicalise_bundle(target)
    patch_filter_only(target)
    entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(int(info["page_count"]) for info in entry["languages"].values())
    files = [path for path in target.rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files)
    return SearchIndex(pages, len(files), size, time.perf_counter() - started)
