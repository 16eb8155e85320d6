"""The old site is deleted while the next build runs (`debunk.trash`), and nothing of it is left."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_site import make_repo, mkdocs_build

from debunk.trash import PREFIX, take_out


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
