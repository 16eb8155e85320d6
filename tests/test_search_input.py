"""Pagefind indexes case pages cut down to their indexed element (debunk/search/indexed.py), and
that gives the very same index as the whole pages."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from test_search import digest

from debunk.search import indexed as search_input
from debunk.search import pagefind as search
from debunk.search import runs as search_runs
from debunk.search.bundle import canonicalise_bundle, patch_search_code
from debunk.search.indexed import cut_page
from debunk.search.pagefind import FILTER_BUCKET_BYTES, _index, build_search_index
from debunk.search.shards import ONE_SHARD, drop_unused

PAGE = (
    '<!doctype html>\n<html lang="en" class="no-js">\n<head>\n<meta charset="utf-8">\n'
    '<title>A claim - Site</title>\n<script type="application/ld+json">{"a": "<article>"}</script>\n'
    '</head>\n<body><nav><a href="/">Home</a></nav>\n<article class="outer">\n'
    '<article class="debunk-case" data-case-id="x" data-pagefind-body>\n<h1>A claim</h1>\n'
    '<article class="nested"><p>Inner</p></article>\n<p data-pagefind-filter="year:2024">Text</p>\n'
    "</article>\n</article>\n<footer>Footer</footer></body>\n</html>\n"
)
CUT = (
    '<!doctype html><html lang="en" class="no-js"><head><meta charset="utf-8">'
    "<title>A claim - Site</title></head><body>"
    '<article class="debunk-case" data-case-id="x" data-pagefind-body>\n<h1>A claim</h1>\n'
    '<article class="nested"><p>Inner</p></article>\n<p data-pagefind-filter="year:2024">Text</p>\n'
    "</article></body></html>"
)


def test_a_page_is_cut_to_its_html_tag_title_and_indexed_element() -> None:
    assert cut_page(PAGE) == CUT


@pytest.mark.parametrize(
    "change",
    [
        ("<footer>Footer", "<footer data-pagefind-meta='x'>Footer"),  # Pagefind reads this
        ("<nav>", "<nav data-pagefind-body>"),  # two indexed elements
        (" data-pagefind-body>", ">"),  # none
        ("</article>\n</article>", ""),  # never closed
        ('data-case-id="x"', 'data-case-id="<x>"'),  # a start tag this reader is unsure of
    ],
)
def test_a_page_that_cannot_be_cut_with_certainty_is_indexed_whole(change: tuple[str, str]) -> None:
    page = PAGE.replace(*change)
    assert page != PAGE
    assert cut_page(page) == page


def copy_on_disk(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built site whose cut pages go to `tmp_path`, not to memory.

    Pagefind numbers pages in the order the file system lists them: on the site's own file
    system the same names are listed in the same order, so the bundles can be compared."""
    monkeypatch.setattr(search_input, "MEMORY", tmp_path / "no-such-folder")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


def whole_page_bundle(site: Path, out: Path) -> str:
    """The bundle as the build made it before pages were cut: Pagefind over the site itself."""
    _index(site.resolve(), out.resolve())
    canonicalise_bundle(out, FILTER_BUCKET_BYTES)
    patch_search_code(out)
    drop_unused(out)
    return digest(out)


def test_the_cut_pages_give_the_same_index_as_the_whole_pages(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = copy_on_disk(site, tmp_path, monkeypatch)
    indexed: list[tuple[str, int]] = []

    class Spy(search_runs.Run):
        def __init__(self, command: list[str], cwd: Path) -> None:
            folder = Path(command[command.index("--site") + 1])
            indexed.append((folder.name, sum(path.stat().st_size for path in folder.rglob("*.html"))))
            super().__init__(command, cwd)

    monkeypatch.setattr(search_runs, "Run", Spy)
    index = build_search_index(copy)
    assert index.pages > 0
    whole = sum(path.stat().st_size for path in (copy / "cases").rglob("*.html"))
    assert indexed[0][0].startswith("debunk-search-") and indexed[0][1] < whole / 2
    assert digest(copy / "pagefind" / ONE_SHARD) == whole_page_bundle(site, tmp_path / "whole")
    assert not list(tmp_path.glob("debunk-search-*"))  # the copies are gone


def test_when_the_copies_cannot_be_written_the_site_is_indexed_whole(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_input, "_cut_pages", full_disk)
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    build_search_index(copy)
    assert digest(copy / "pagefind" / ONE_SHARD) == whole_page_bundle(site, tmp_path / "whole")


def test_an_index_given_up_stops_pagefind_and_deletes_the_copies(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexing = search.start_search_index(copy_on_disk(site, tmp_path, monkeypatch))
    assert list(tmp_path.glob("debunk-search-*"))  # Pagefind reads the copies while the build goes on
    indexing.stop()
    current = indexing.runs.current
    assert current is None or current.process.returncode is not None  # stopped, or never started
    assert not indexing.runs.thread.is_alive()
    assert not list(tmp_path.glob("debunk-search-*"))
