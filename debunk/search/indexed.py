"""What the search indexer reads: each case page cut down to its indexed element.

A case page is about 24 KB, of which Pagefind indexes the `data-pagefind-body` element (8 to
10 KB); the rest is the theme (navigation, header, scripts) that Pagefind still has to parse.
At 20,000 cases, indexing the cut-down pages instead took 12.6 s instead of 19.3 s and half the
CPU time, and gave the same index: Pagefind reads nothing of a page outside that element but
the `<html>` tag's language and the `<title>`, both kept. A page is cut only when nothing
outside its element mentions Pagefind (`data-pagefind-*` in a custom template, say); any other
page is copied whole. `tests/test_search.py` builds the index both ways and compares the files.

The copies go to a folder in memory (`/dev/shm`) where there is one with room, else to the
temporary folder, and are deleted after indexing. Pagefind numbers pages in the order it lists
the folders: they are made one by one in sorted order, so that the same pages give the same
numbers on every run.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from debunk.build import workers

BODY_ATTRIBUTE = "data-pagefind-body"
MEMORY = Path("/dev/shm")  # noqa: S108 - a private folder is made inside it (`mkdtemp`)
"""A file system in memory on Linux: the copies never reach the disk."""
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\s[^<>]*")
"""The start tag up to the indexed element's attribute: a name, then attributes."""
_HTML_TAG = re.compile(r"<html(?:\s[^>]*)?>", re.IGNORECASE)
_TITLE = re.compile(r"<title>[^<]*</title>", re.IGNORECASE)


def cut_page(html: str) -> str:
    """The page as Pagefind needs it: `<html>` tag, `<title>`, and the indexed element.

    The page itself when that is not certain: no indexed element or more than one, an element
    whose end is not found, or `data-pagefind` anywhere outside it.
    """
    attribute = html.find(BODY_ATTRIBUTE)
    if attribute < 0 or html.find(BODY_ATTRIBUTE, attribute + 1) >= 0:
        return html
    start = html.rfind("<", 0, attribute)
    tag = _START_TAG.fullmatch(html, start, attribute)
    if start < 0 or tag is None:
        return html
    end = _element_end(html, start, tag.group(1).lower())
    html_tag, title = _HTML_TAG.search(html, 0, start), _TITLE.search(html, 0, start)
    if end is None or html_tag is None or "data-pagefind" in html[:start] + html[end:]:
        return html
    head = f'<head><meta charset="utf-8">{title.group(0) if title else ""}</head>'
    return f"<!doctype html>{html_tag.group(0)}{head}<body>{html[start:end]}</body></html>"


def _element_end(html: str, start: int, name: str) -> int | None:
    """Where the element opened at `start` ends, counting nested elements of the same name."""
    tags = re.compile(rf"<(/?){re.escape(name)}[\s>/]", re.IGNORECASE)
    depth = 0
    for tag in tags.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = html.find(">", tag.end() - 1)
            return None if close < 0 else close + 1
    return None


def _cut_share(pages: Sequence[str]) -> int:
    """Cut `pages` from the source folder into the target folder (`workers.shared()`: both)."""
    source: Path
    target: Path
    source, target = workers.shared()  # set by `_cut_pages`
    for page in pages:
        # Bytes that are not UTF-8 (a page another plugin wrote) are carried through as they are.
        html = (source / page).read_bytes().decode("utf-8", errors="surrogateescape")
        (target / page).write_bytes(cut_page(html).encode("utf-8", errors="surrogateescape"))
    return len(pages)


def _memory_with_room(needed: int) -> Path | None:
    """`/dev/shm` when it is writable and has room for `needed` bytes twice over, else None."""
    try:
        free = shutil.disk_usage(MEMORY).free
    except OSError:
        return None
    return MEMORY if free > 2 * needed and os.access(MEMORY, os.W_OK) else None


@contextmanager
def search_input(site_dir: Path, pages: Sequence[str]) -> Iterator[Path]:
    """The folder to index: the cut-down copy of each page (paths relative to `site_dir`), at
    the same relative paths, deleted on leaving; `site_dir` itself when a copy fails (a full
    disk, say), which indexes the same."""
    needed = sum((site_dir / page).stat().st_size for page in pages)
    folder = Path(tempfile.mkdtemp(prefix="debunk-search-", dir=_memory_with_room(needed)))
    try:
        try:
            _cut_pages(site_dir, folder, pages)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            yield site_dir
        else:
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _cut_pages(site_dir: Path, folder: Path, pages: Sequence[str]) -> None:
    """Folders made one by one in sorted order; each folder's pages cut by one process."""
    by_folder: dict[str, list[str]] = {}
    for page in sorted(pages):
        by_folder.setdefault(posixpath.dirname(page), []).append(page)
    for parent in sorted(by_folder):
        (folder / parent).mkdir(parents=True, exist_ok=True)
    count = workers.worker_count(len(pages), "search input")
    groups = list(by_folder.values())
    shares = [[page for group in groups[index::count] for page in group] for index in range(count)]
    with workers.sharing((site_dir, folder)):
        workers.run(_cut_share, shares)
