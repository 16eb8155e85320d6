"""What an install of debunk ships: every file the code reads besides its modules."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

REPO = Path(__file__).parent.parent


def _package_data() -> dict[str, list[str]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data: dict[str, list[str]] = config["tool"]["setuptools"]["package-data"]
    return data


def _shipped(path: Path, data: dict[str, list[str]]) -> bool:
    """Whether a pattern of `path`'s package, or of a package above it, names the file."""
    parts = path.relative_to(REPO).parts
    for depth in range(len(parts) - 1, 0, -1):
        package, rest = ".".join(parts[:depth]), "/".join(parts[depth:])
        if any(fnmatch.fnmatchcase(rest, pattern) for pattern in data.get(package, [])):
            return True
    return False


def test_every_data_file_of_the_packages_is_package_data() -> None:
    """A template, data file or script moved to another package folder must move in pyproject too:
    an editable install reads it from the checkout and hides the loss; a wheel would not have it."""
    data = _package_data()
    files = [
        path
        for package in ("debunk", "debunk_mkdocs")
        for path in sorted((REPO / package).rglob("*"))
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert files, "no data file found: the test would prove nothing"
    assert [str(path.relative_to(REPO)) for path in files if not _shipped(path, data)] == []
