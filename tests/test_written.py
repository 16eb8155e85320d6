"""The record of what a build wrote (`debunk.build.written`), and `mkdocs build` keeping its site
folder with it: only a record of this site folder and this code is used, and only once."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from test_site import make_repo, mkdocs_build

from debunk.build import written as record_module
from debunk.build.written import Written, file_stamp, record_store, save_record, take_record

CASE = "cases/2024/2024-03-20-nato-drills-cover-for-attack"


def _record(site: Path) -> Written:
    keys = {"cases/a/index.html": "k1", "x.html": "k2"}
    stamps = {"cases/a/index.html": (5, 6, 7), "x.html": (1, 1, 2)}
    return Written(str(site), keys, stamps, frozenset({"cases"}))


def test_a_record_is_read_once_and_only_for_its_site_folder_and_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = record_store(tmp_path / "cache" / "site")
    site = tmp_path / "site"
    save_record(store, _record(site))
    assert take_record(store, site) == _record(site)
    assert take_record(store, site) is None  # taken: a build that fails next leaves none behind

    save_record(store, _record(site))
    assert take_record(store, tmp_path / "other-site") is None  # each site folder has its own
    assert take_record(store, site) == _record(site)

    save_record(store, _record(site))
    monkeypatch.setattr(record_module, "package_digest", lambda: "other code")
    assert take_record(store, site) is None
    assert not any(store.directory.iterdir())  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: b"\0" + data,
        lambda data: data.replace(b'"format":2', b'"format":3'),
        lambda data: data.replace(b'["k1",5,6,7]', b'["k1","5",6,7]'),
        lambda data: data.replace(b'["k1",5,6,7]', b'["k1",5,7]'),
        lambda data: b"[]",
    ],
)
def test_a_damaged_record_means_a_clean_build(tmp_path: Path, damage: object) -> None:
    store = record_store(tmp_path / "cache" / "site")
    site = tmp_path / "site"
    save_record(store, _record(site))
    path = store.path(record_module._name(site))
    assert path is not None
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert take_record(store, site) is None
    assert not path.exists()


def test_without_a_cache_folder_nothing_is_recorded(tmp_path: Path) -> None:
    store = record_store(None)
    save_record(store, _record(tmp_path))
    assert take_record(store, tmp_path) is None


def test_a_stamp_is_only_of_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("page", encoding="utf-8")
    (tmp_path / "link.html").symlink_to(tmp_path / "page.html")
    status = (tmp_path / "page.html").stat()
    assert file_stamp(tmp_path / "page.html") == (status.st_mtime_ns, status.st_ctime_ns, 4)
    assert file_stamp(tmp_path / "link.html") is None
    assert file_stamp(tmp_path) is None
    assert file_stamp(tmp_path / "gone.html") is None


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _kept(log: str) -> int:
    """How many theme pages the build took back from the last one (0 when it says nothing)."""
    found = re.search(r"(\d+) unchanged kept from the last build", log)
    return int(found.group(1)) if found else 0


def _theme_pages(log: str) -> int:
    found = re.search(r"theme pages: (\d+) pages outside the navigation", log)
    assert found, log
    return int(found.group(1))


def test_mkdocs_build_takes_back_its_own_unchanged_pages_and_nothing_else(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    first = mkdocs_build(repo)
    assert first.returncode == 0, first.stderr
    assert _kept(first.stderr) == 0
    clean = _tree(repo / "site")
    records = repo / ".cache" / "debunk" / "site"
    assert len(list(records.iterdir())) == 1

    # By hand since: a page changed, another one changed and its time set back, a file added.
    page = repo / "site" / CASE / "index.html"
    page.write_bytes(page.read_bytes().replace(b"<h1>", b"<h1>Edited by hand: "))
    other = next(
        p for p in (repo / "site" / "narratives").rglob("index.html") if p.parent.name != "narratives"
    )
    status = other.stat()
    other.write_bytes(other.read_bytes()[:-1] + b"!")
    os.utime(other, ns=(status.st_atime_ns, status.st_mtime_ns))  # same size and time: its change time
    (repo / "site" / "cases" / "2024" / "notes.txt").write_text("by hand", encoding="utf-8")

    second = mkdocs_build(repo)
    assert second.returncode == 0, second.stderr
    total = _theme_pages(second.stderr)
    assert _kept(second.stderr) == total - 2
    assert _tree(repo / "site") == clean


def test_after_a_build_that_stopped_half_way_the_next_one_is_clean(tmp_path: Path) -> None:
    """A build that fails after it took the record (here in `on_env`, after the old site was set
    aside) leaves none: the next build writes every page anew, and nothing of either is left."""
    repo = make_repo(tmp_path / "repo")
    assert mkdocs_build(repo).returncode == 0
    clean = _tree(repo / "site")
    records = repo / ".cache" / "debunk" / "site"
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    (repo / "hooks" / "stop.py").write_text(
        "def on_env(env, config, files):\n    raise RuntimeError('stopped')\n", encoding="utf-8"
    )
    config.write_text(
        text.replace("  - hooks/debunk_hooks.py\n", "  - hooks/debunk_hooks.py\n  - hooks/stop.py\n")
    )
    stopped = mkdocs_build(repo)
    assert stopped.returncode != 0 and "stopped" in stopped.stderr
    assert not list(records.iterdir())

    config.write_text(text, encoding="utf-8")
    again = mkdocs_build(repo)
    assert again.returncode == 0, again.stderr
    assert _kept(again.stderr) == 0
    assert _tree(repo / "site") == clean  # nothing hidden left behind either
    assert len(list(records.iterdir())) == 1
