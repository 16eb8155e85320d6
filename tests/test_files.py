"""`debunk.content.files`: which entries of the content folders the loader sees, and in what order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from debunk.content.files import content_files, create_file, readable, write_file


def test_every_entry_in_name_order_links_yielded_not_followed(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    for folder in ("2024", "2023", "2023/extra"):
        (cases / folder).mkdir(parents=True)
    for name in ("2024/b.md", "2024/a.md", "2023/z.md", "2023/extra/m.md", "2024/.gitkeep", "2024/B.md"):
        (cases / name).write_text("x", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "hidden.md").write_text("x", encoding="utf-8")
    (cases / "2022").symlink_to(outside, target_is_directory=True)  # a folder link: not walked
    (cases / "2024" / "c.md").symlink_to(outside / "hidden.md")  # a file link: yielded, refused

    found = [path.relative_to(tmp_path).as_posix() for path in content_files(tmp_path, "cases")]

    assert found == [
        "cases/2022",
        "cases/2023/extra/m.md",
        "cases/2023/z.md",
        "cases/2024/B.md",
        "cases/2024/a.md",
        "cases/2024/b.md",
        "cases/2024/c.md",
    ]
    assert not readable(tmp_path / "cases/2022", tmp_path)
    assert not readable(tmp_path / "cases/2024/c.md", tmp_path)
    assert readable(tmp_path / "cases/2024/a.md", tmp_path)


def test_a_missing_folder_has_no_entries(tmp_path: Path) -> None:
    assert list(content_files(tmp_path, "narratives")) == []


def test_write_file_replaces_whole_keeps_the_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "a.md"
    write_file(path, "first\n")
    path.chmod(0o640)
    write_file(path, b"second\n")
    assert path.read_bytes() == b"second\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["a.md"]


def test_write_file_cut_short_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_text("mine\n", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_file(path, "new\n")
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_create_file_never_replaces(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    create_file(path, "first\n")
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    with pytest.raises(FileExistsError):
        create_file(path, "second\n")
    assert path.read_text(encoding="utf-8") == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
