"""The old site is deleted while the next build runs (`debunk.trash`), and nothing of it is left."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_site import make_repo, mkdocs_build

from debunk.trash import PREFIX, OldSite, take_out


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
    }
    for name, text in old.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    trash = take_out(site, start=False)
    assert trash.process is None and trash.folder is not None
    keys = {name: f"key-{name}" for name in old}
    back = OldSite(trash.folder, keys)

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
