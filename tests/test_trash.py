"""The old site is deleted while the next build runs (`debunk_mkdocs.trash`), and nothing of it is left."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest
from test_site import make_repo, mkdocs_build

from debunk.build.written import Stamp, file_stamp
from debunk_mkdocs.trash import KEPT, PREFIX, OldSite, exclusive_folders, set_aside, take_out, take_out_around


def _stamps(site: Path, names: Iterable[str]) -> dict[str, Stamp]:
    """The stamps a build records for the pages it wrote (`debunk.build.written`)."""
    found = {name: file_stamp(site / name) for name in names}
    return {name: stamp for name, stamp in found.items() if stamp is not None}


def _old_site(site: Path) -> None:
    (site / "cases" / "2020" / "gone").mkdir(parents=True)
    (site / "cases" / "2020" / "gone" / "index.html").write_text("old", encoding="utf-8")
    (site / "stale.html").write_text("old", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")  # hidden: MkDocs keeps it, so do we


def test_take_out_moves_what_mkdocs_would_delete_and_deletes_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _old_site(site)
    leftover = site / f"{PREFIX}interrupted"
    leftover.mkdir()
    (leftover / "x.html").write_text("old", encoding="utf-8")

    trash = take_out(site)

    assert trash.folder is not None and trash.folder.parent == site
    assert sorted(path.name for path in site.iterdir() if path != trash.folder) == [".nojekyll"]
    trash.wait()
    assert sorted(path.name for path in site.iterdir()) == [".nojekyll"]


def test_without_a_second_process_the_wait_deletes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _old_site(site)

    def no_process(*args: object, **kwargs: object) -> None:
        raise OSError("no interpreter to start")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    trash = take_out(site)
    assert trash.process is None and trash.folder is not None and trash.folder.exists()
    trash.wait()
    assert sorted(path.name for path in site.iterdir()) == [".nojekyll"]


def test_nothing_to_take_out(tmp_path: Path) -> None:
    assert take_out(tmp_path / "missing").folder is None
    (tmp_path / "empty").mkdir()
    assert take_out(tmp_path / "empty").folder is None


def test_a_build_over_an_old_site_leaves_only_the_new_one(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _old_site(repo / "site")

    result = mkdocs_build(repo)

    assert result.returncode == 0, result.stderr
    site = repo / "site"
    assert not (site / "stale.html").exists()
    assert not (site / "cases" / "2020" / "gone").exists()
    assert (site / ".nojekyll").exists()
    assert not [path for path in site.iterdir() if path.name.startswith(PREFIX)]
    assert (site / "index.html").is_file()
    assert "old site deleted alongside the build" in result.stderr


def test_the_old_site_gives_back_only_pages_written_under_the_same_key(tmp_path: Path) -> None:
    site = tmp_path / "site"
    old = {
        "cases/2020/alone/index.html": "case",  # alone in its folder: the folder comes back
        "keywords/nato/index.html": "term",  # beside its feed: the page alone comes back
        "keywords/nato/feed.xml": "feed",
        "cases/2020/changed/index.html": "old",
        "cases/2020/by-hand/index.html": "ours",
    }
    for name, text in old.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    stamps = _stamps(site, old)
    (site / "cases/2020/by-hand/index.html").write_text("changed by hand", encoding="utf-8")
    trash = take_out(site, start=False)
    assert trash.process is None and trash.folder is not None
    keys = {name: f"key-{name}" for name in old}
    back = OldSite(trash.folder, keys, stamps)

    assert back.move_back(
        "cases/2020/alone/index.html",
        keys["cases/2020/alone/index.html"],
        site / "cases/2020/alone/index.html",
    )
    assert back.move_back(
        "keywords/nato/index.html", keys["keywords/nato/index.html"], site / "keywords/nato/index.html"
    )
    assert not back.move_back(
        "cases/2020/changed/index.html", "another key", site / "cases/2020/changed/index.html"
    )
    assert not back.move_back("cases/2020/new/index.html", "key", site / "cases/2020/new/index.html")
    by_hand = "cases/2020/by-hand/index.html"  # the same key, but not the file the build wrote
    assert not back.move_back(by_hand, keys[by_hand], site / by_hand)
    assert not OldSite().move_back("keywords/nato/feed.xml", keys["keywords/nato/feed.xml"], site / "x")
    assert sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and trash.folder not in p.parents
    ) == [
        "cases/2020/alone/index.html",
        "keywords/nato/index.html",
    ]
    assert (site / "cases/2020/alone/index.html").read_text(encoding="utf-8") == "case"
    trash.start()
    assert trash.process is not None
    trash.wait()
    assert sorted(path.name for path in site.iterdir()) == ["cases", "keywords"]


def _files(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith(".")
    }


def test_only_folders_of_nothing_but_pages_are_left_in_place() -> None:
    pages = ["cases/2020/a/index.html", "keywords/nato/index.html", "index-page-at-the-top.html"]
    others = ["keywords/nato/feed.xml", "assets/x.css", "sitemap.xml"]
    assert exclusive_folders(pages, others) == {"cases"}
    assert exclusive_folders(pages, [*others, "cases/notes/index.html"]) == frozenset()


def test_a_folder_set_aside_comes_back_with_only_this_builds_pages(tmp_path: Path) -> None:
    """`mkdocs serve`: `cases/` waits under a hidden name while MkDocs empties the site; then
    unchanged pages stay as they are, changed ones are written over, gone ones deleted."""
    site = tmp_path / "site"
    old = {
        "cases/2020/same/index.html": "same",
        "cases/2020/changed/index.html": "old",
        "cases/2021/gone/index.html": "gone",
        "keywords/nato/index.html": "term",
        "keywords/nato/feed.xml": "feed",
        "cases/2022/by-hand/index.html": "ours",
    }
    for name, text in old.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    inode = (site / "cases/2020/same/index.html").stat().st_ino
    keys = {name: f"key-{name}" for name in old if name.endswith("index.html")}
    stamps = _stamps(site, keys)
    # Since the last build: a page changed by hand, a file and a link added by hand.
    (site / "cases/2022/by-hand/index.html").write_text("changed by hand", encoding="utf-8")
    (site / "cases/2020/notes.txt").write_text("added by hand", encoding="utf-8")
    (site / "cases/2021/link").symlink_to(tmp_path)
    kept = set_aside(site, ["cases"])
    assert kept == {"cases": site / f"{KEPT}cases"}
    trash = take_out(site, start=False, keep=kept.values())
    assert sorted(p.name for p in site.iterdir() if p != trash.folder) == [f"{KEPT}cases"]
    back = OldSite(trash.folder, keys, stamps, kept)
    back.restore(site)
    assert back.restored == {"cases"}
    assert not (site / "cases/2020/notes.txt").exists() and not (site / "cases/2021/link").is_symlink()
    assert not (site / "cases/2022").exists()  # what is not the last build's is deleted at once
    assert not back.in_place("cases/2022/by-hand/index.html", keys["cases/2022/by-hand/index.html"])

    written = {}
    for name in ["cases/2020/same/index.html", "cases/2020/changed/index.html", "keywords/nato/index.html"]:
        key = "new" if "changed" in name else keys[name]
        written[name] = key
        if not (back.in_place(name, key) or back.move_back(name, key, site / name)):
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text("new", encoding="utf-8")
    assert not back.in_place("keywords/nato/index.html", keys["keywords/nato/index.html"])  # taken out
    assert back.remove_stale(site, written) == 1
    assert _files(site) == {
        "cases/2020/same/index.html": "same",
        "cases/2020/changed/index.html": "new",
        "keywords/nato/index.html": "term",
    }
    assert (site / "cases/2020/same/index.html").stat().st_ino == inode
    assert not (site / "cases/2021").exists()  # no empty folder left behind
    trash.start()
    trash.wait()
    assert sorted(p.name for p in site.iterdir()) == ["cases", "keywords"]


def test_a_folder_mkdocs_wrote_into_meanwhile_is_moved_back_page_by_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "cases/2020/same").mkdir(parents=True)
    (site / "cases/2020/same/index.html").write_text("same", encoding="utf-8")
    (site / "cases/2020/stray.html").write_text("not a page of the last build", encoding="utf-8")
    (site / "index.html").write_text("home", encoding="utf-8")
    keys = {"cases/2020/same/index.html": "key"}
    stamps = _stamps(site, keys)
    kept = set_aside(site, ["cases"])
    trash = take_out(site, start=False, keep=kept.values())
    (site / "cases/notes").mkdir(parents=True)  # a page from docs/cases/ since the last build
    (site / "cases/notes/index.html").write_text("notes", encoding="utf-8")
    back = OldSite(trash.folder, keys, stamps, kept)
    back.restore(site)
    assert back.restored == frozenset()
    assert not back.in_place("cases/2020/same/index.html", "key")
    assert back.move_back("cases/2020/same/index.html", "key", site / "cases/2020/same/index.html")
    trash.start()
    trash.wait()
    assert _files(site) == {"cases/2020/same/index.html": "same", "cases/notes/index.html": "notes"}
    assert sorted(p.name for p in site.iterdir()) == ["cases"]

    # With nothing else taken out there is no trash to move it to: it is deleted.
    kept = set_aside(site, ["cases"])
    assert take_out(site, start=False, keep=kept.values()).folder is None
    (site / "cases").mkdir()
    OldSite(None, keys, stamps, kept).restore(site)
    assert sorted(p.name for p in site.iterdir()) == ["cases"] and not list((site / "cases").iterdir())


def test_an_interrupted_builds_hidden_folder_is_deleted_not_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "cases").mkdir(parents=True)
    (site / f"{KEPT}cases").mkdir()
    (site / f"{KEPT}cases" / "old.html").write_text("old", encoding="utf-8")
    assert set_aside(site, ["cases"]) == {}
    trash = take_out(site)
    trash.wait()
    assert list(site.iterdir()) == []


def test_what_holds_no_page_to_take_back_is_deleted_at_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ["cases/2020/a/index.html", "keywords/nato/index.html", "api/x.json", "feed.xml"]:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, encoding="utf-8")
    pages = ["cases/2020/a/index.html", "keywords/nato/index.html"]
    kept = set_aside(site, ["cases"])
    now, later = take_out_around(site, pages, kept)
    assert now.process is not None and later.process is None  # only the first is being deleted
    assert now.folder is not None and later.folder is not None
    assert sorted(p.name for p in now.folder.iterdir()) == ["api", "feed.xml"]
    assert sorted(p.name for p in later.folder.iterdir()) == ["keywords"]
    now.wait()
    later.start()
    later.wait()
    assert sorted(p.name for p in site.iterdir()) == [f"{KEPT}cases"]
