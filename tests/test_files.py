"""`debunk.files`: which entries of the content folders the loader sees, and in what order."""

from __future__ import annotations

from pathlib import Path

from debunk.files import content_files, readable


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
