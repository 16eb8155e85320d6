"""Reproducible builds: the same commit built twice gives the same bytes, whatever the clock says.

The fixture publication is committed to a fresh git repository (case history comes from git),
then built twice, from two clones at different paths, at different times and with different
`SOURCE_DATE_EPOCH` values. Every file of the two sites must be byte-identical: the sitemap is
dated from the cases (`debunk.publish.sitemap`), never from the build time.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from debunk.content.repository import load_content
from debunk.publish import sitemap
from debunk.publish.sitemap import page_dates
from debunk.settings import Settings
from debunk.site.pages import build_pages, build_site

REPO = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"
COMMIT_DATE = "2024-04-02T12:00:00+00:00"


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ}
    for role in ("AUTHOR", "COMMITTER"):
        env.update(
            {
                f"GIT_{role}_NAME": "Test",
                f"GIT_{role}_EMAIL": "test@example.org",
                f"GIT_{role}_DATE": COMMIT_DATE,
            }
        )
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture publication as one git commit."""
    repo = tmp_path_factory.mktemp("origin") / "repo"
    shutil.copytree(FIXTURE, repo)
    shutil.copytree(REPO / "hooks", repo / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "overrides", repo / "overrides")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Publication")
    return repo


def build(origin: Path, where: Path, epoch: str | None) -> Path:
    """Clone the commit to `where` and build it; return the site folder."""
    subprocess.run(["git", "clone", "-q", str(origin), str(where)], check=True, capture_output=True)
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=where, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return where / "site"


def digests(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_two_builds_of_one_commit_are_byte_identical(origin: Path, tmp_path: Path) -> None:
    first = digests(build(origin, tmp_path / "a" / "clone", "1700000000"))
    second = digests(build(origin, tmp_path / "b" / "elsewhere", "1700000000"))
    assert len(first) > 30
    assert first == second


def test_the_build_time_does_not_reach_the_output(origin: Path, tmp_path: Path) -> None:
    """Even a different SOURCE_DATE_EPOCH, or none, changes no byte."""
    first = digests(build(origin, tmp_path / "a", "1700000000"))
    assert digests(build(origin, tmp_path / "b", "1900000000")) == first
    assert digests(build(origin, tmp_path / "c", None)) == first


def test_the_sitemap_is_dated_by_the_cases(origin: Path, tmp_path: Path) -> None:
    site = build(origin, tmp_path / "clone", "1900000000")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    # A case page: the last commit that changed its file; a term page: its newest case.
    assert (
        "<loc>https://desk.example.org/cases/2023/2023-01-05-gas-storage-empty-by-february/</loc>\n"
        "    <lastmod>2024-04-02</lastmod>"
    ) in sitemap
    assert "<loc>https://desk.example.org/about/</loc>\n  </url>" in sitemap  # no date to give
    assert "2030-" not in sitemap  # SOURCE_DATE_EPOCH=1900000000 is in 2030
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    assert (site / "sitemap.xml.gz").read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime 0


def test_every_page_of_a_term_is_dated_by_the_newest_case_of_the_whole_term() -> None:
    """The newest date is found once per term; every page of it, and only of it, gets that date."""
    content = load_content(REPO)
    site = build_site(content, Settings(page_size=1))  # one case per page: every term paginates
    pages = build_pages(site)
    changed = {content.cases[0].path: dt.date(2031, 1, 1)}  # a later commit to the oldest case
    dates = page_dates(site, pages, changed)
    expected = {
        page.url: max(changed.get(case.path, case.date) for case in cases).isoformat()
        for page in pages
        if (cases := list(sitemap._page_cases(page, site)[1]))
    }
    assert dates == expected
    paged = [page for page in pages if page.kind == "term" and "/page/" in page.url]
    assert len(paged) > 10
    for page in paged:
        first = page.url.split("page/")[0]
        assert dates[page.url] == dates[first]
    assert dates[""] == "2031-01-01"  # the home page: the newest of all, the edited case
