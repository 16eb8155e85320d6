"""The one cache store (`debunk.build.store.Store`): a file per key, sharded, written whole."""

from __future__ import annotations

from pathlib import Path

from debunk.build.pagecache import PageCache
from debunk.build.store import Store


def test_a_key_is_one_file_in_its_shard_and_a_missing_key_is_none(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache", ".html")
    key = "ab" + "0" * 62
    assert store.read(key) is None and not store.copy_to(key, tmp_path / "out" / "page.html")
    store.write(key, b"<p>page</p>")
    assert store.path(key) == tmp_path / "cache" / "ab" / f"{key}.html"
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()] == [f"{key}.html"]  # no temp left
    assert store.read(key) == b"<p>page</p>"
    assert store.copy_to(key, tmp_path / "out" / "page.html")
    assert (tmp_path / "out" / "page.html").read_bytes() == b"<p>page</p>"


def test_no_folder_keeps_nothing_and_the_page_cache_counts_on_the_store(tmp_path: Path) -> None:
    nothing = Store(None)
    nothing.write("cd" + "1" * 62, b"x")
    assert nothing.read("cd" + "1" * 62) is None
    pages = PageCache(tmp_path / "pages")
    pages.put("ef" + "2" * 62, b"<html></html>")
    assert pages.copy_to("ef" + "2" * 62, tmp_path / "site" / "a.html")
    assert not pages.copy_to("ef" + "3" * 62, tmp_path / "site" / "b.html")
    assert (pages.hits, pages.misses) == (1, 1)
    assert (tmp_path / "pages" / "ef" / ("ef" + "2" * 62 + ".html")).is_file()
    unsharded = Store(tmp_path / "one", shard=False)
    unsharded.write("cases.pickle", b"data")
    assert (tmp_path / "one" / "cases.pickle").read_bytes() == b"data"
