"""Shared fixtures: a tiny repository in `tmp_path` and helpers to write case files into it.

The repository is `tests/fixtures/format/` (small vocabularies, two narratives, three valid
cases). Tests add one case file, usually built from `front_matter()` with one field changed,
so that every line number in an expected message is known:

    1  ---
    2  title        10  sources:
    3  date         11    - url:
    4  verdict      12      archive:
    5  narratives   13      outlet:
    6  keywords     14  ---
    7  countries    15
    8  languages    16  ## Summary     (18: its text)
    9  outlets      20  ## Response    (22: its text)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import build_sample_site, chromium, serve
from click.testing import CliRunner
from playwright.sync_api import Browser

from debunk.build.previous import Previous
from debunk.content.repository import load_content
from debunk.model import Problem

FIXTURES = Path(__file__).parent / "fixtures"
FORMAT_FIXTURES = FIXTURES / "format"
REPO_ROOT = Path(__file__).parent.parent

CASE = "cases/2023/2023-06-01-wind-farms-cause-storms.md"
"""The path of the case that tests write."""

BASE_FIELDS: dict[str, str] = {
    "title": "Wind farms in the North Sea cause the winter storms",
    "date": '"2023-06-01"',
    "verdict": "disinformation",
    "narratives": "[energy-blackmail]",
    "keywords": "[Energy]",
    "countries": "[Denmark]",
    "languages": "[da]",
    "outlets": "[Harbour Herald]",
    "sources": (
        "\n  - url: https://example.org/herald/wind-storms"
        "\n    archive: https://web.archive.org/web/20230602000000/https://example.org/herald/wind-storms"
        "\n    outlet: Harbour Herald"
    ),
}
"""The raw YAML of each field of a valid case, in file order."""

BODY = """
## Summary

A video claimed that offshore turbines slow the wind down and push the storms towards the coast.

## Response

Weather services explain storms by pressure systems hundreds of kilometres wide; turbines do not steer them.
"""


def front_matter(**fields: str | None) -> str:
    """The YAML of a valid case with some fields replaced by raw YAML (None removes a field).

    New names are appended at the end, after `sources`.
    """
    merged: dict[str, str | None] = {**BASE_FIELDS, **fields}
    return "\n".join(f"{name}: {value}" for name, value in merged.items() if value is not None)


def case_text(front: str | None = None, body: str = BODY, **fields: str | None) -> str:
    """A whole case file: `---`, the front matter, `---`, the body."""
    return f"---\n{front if front is not None else front_matter(**fields)}\n---\n{body}"


@dataclass
class Repo:
    """A repository on disk that tests can add files to and validate."""

    root: Path
    previous: Previous | None = None
    """What the last load left (`debunk.build.previous`): set one to load as `mkdocs serve` rebuilds."""

    def write(self, rel: str, content: str | bytes) -> Path:
        """Write a file at a path relative to the root (bytes are written as they are)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    def write_case(
        self, rel: str = CASE, front: str | None = None, body: str = BODY, **fields: str | None
    ) -> Path:
        """Write a case file from `front_matter(**fields)` (or a whole raw `front`) and a body."""
        return self.write(rel, case_text(front, body, **fields))

    def problems(self, rel: str | None = CASE) -> list[Problem]:
        """The problems `debunk validate` finds in one file (every file with None)."""
        found = load_content(self.root, previous=self.previous).problems
        return [problem for problem in found if rel is None or problem.path == rel]

    def messages(self, rel: str | None = CASE) -> list[str]:
        """The problems of one file as printed: `path:line: field: [warning: ]message`."""
        return [str(problem) for problem in self.problems(rel)]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A valid tiny repository: vocabularies, two narratives, three cases."""
    root = tmp_path / "repo"
    shutil.copytree(FORMAT_FIXTURES, root)
    return Repo(root)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A click runner with no GitHub Actions environment leaking in from the machine."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    yield CliRunner()


# Browser tests: the sample site, served on 127.0.0.1, and Debian's Chromium. A module that
# needs another site defines its own `site` (or `base_url`); these use it.


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once per session (see `browser.build_sample_site`)."""
    return build_sample_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched
