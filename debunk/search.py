"""The search index: Pagefind over the built case pages, written into the site as static files.

Pagefind splits the index into small files (words in alphabetical chunks, one fragment per
page, one file per filter), so a reader downloads only what a query needs: that is what keeps
search usable at 20,000 cases, where a single-file index is tens of megabytes. The case
template marks what is indexed (`data-pagefind-body`) and which values are filters, metadata
and sort keys; this module only runs the indexer over the built site.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2
from pagefind.index import IndexConfig, PagefindIndex

_SIGNATURE = b"pagefind_dcd"
"""What every decompressed Pagefind index file starts with, before its CBOR data."""

SEARCH_DIR = "pagefind"
"""The bundle folder in the site: `/pagefind/pagefind.js`, index chunks, fragments, filters."""

FILTERS = ("narrative", "keyword", "country", "language", "outlet", "year")
"""The filter names the case template tags, in the order the search page shows them."""

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


async def _index(site_dir: Path, output: Path) -> None:
    config = IndexConfig(exclude_selectors=list(EXCLUDE_SELECTORS), output_path=str(output))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site_dir))
    # Leaving the context writes the files to `output_path` and stops the indexer.


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


def canonicalise_bundle(bundle: Path) -> None:
    """Make the filter and metadata files byte-identical from one run to the next.

    Pagefind 1.5 writes filter values and the filter list in hash-map order, which changes
    between runs (its fragments and word index are already stable). This sorts them and
    renames the files by the hash of their new content, so the same site gives the same bundle.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, filter_hash in meta[3]:
            filter_path = bundle / "filter" / f"{filter_hash}.pf_filter"
            key, values = _read(filter_path)
            filter_path.unlink()
            canonical = [key, sorted(values, key=lambda item: (item[0], item[1]))]
            filters.append([name, _write(bundle / "filter", f"{language}_", 7, ".pf_filter", canonical)])
        meta[3] = sorted(filters)
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
    asyncio.run(_index(site_dir.resolve(), target.resolve()))
    canonicalise_bundle(target)
    entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(int(info["page_count"]) for info in entry["languages"].values())
    files = [path for path in target.rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files)
    return SearchIndex(pages, len(files), size, time.perf_counter() - started)
