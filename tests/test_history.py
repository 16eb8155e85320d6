"""Last-changed dates from git: right on the main line, empty (never wrong) without full history."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from pathlib import Path

import pytest

from debunk.content.history import Change, branch_of, case_history, commit_url, current_commit, history_url

CASE_A = "cases/2024/2024-03-04-a.md"
CASE_B = "cases/2024/2024-05-20-b.md"


class Git:
    """A repository in a temporary folder whose commits carry chosen dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self("init", "-q", "-b", "main")

    def __call__(self, *args: str, when: str = "2024-01-01T00:00:00Z") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Editor",
            "GIT_AUTHOR_EMAIL": "editor@example.org",
            "GIT_COMMITTER_NAME": "Editor",
            "GIT_COMMITTER_EMAIL": "editor@example.org",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        command = ["git", *args]
        done = subprocess.run(command, check=False, cwd=self.root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def commit(self, files: dict[str, str], when: str) -> str:
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self("add", "-A", "--", *files)
        self("commit", "-q", "-m", f"change at {when}", when=when)
        return self("rev-parse", "HEAD")


@pytest.fixture
def git(tmp_path: Path) -> Git:
    return Git(tmp_path / "repo")


def test_each_file_gets_its_latest_commit(git: Git) -> None:
    first = git.commit({CASE_A: "a\n", CASE_B: "b\n", "narratives/n.md": "n\n"}, "2024-03-05T10:00:00Z")
    second = git.commit({CASE_B: "b, corrected\n"}, "2024-06-01T23:30:00+02:00")
    assert case_history(git.root, [CASE_A, CASE_B, "narratives/n.md"]) == {
        CASE_A: Change(dt.date(2024, 3, 5), first),
        CASE_B: Change(dt.date(2024, 6, 1), second),
        "narratives/n.md": Change(dt.date(2024, 3, 5), first),
    }
    assert case_history(git.root, [CASE_B])[CASE_B].short == second[:7]


def test_dates_are_utc_days(git: Git) -> None:
    commit = git.commit({CASE_A: "a\n"}, "2024-06-01T23:30:00-05:00")
    assert case_history(git.root, [CASE_A]) == {CASE_A: Change(dt.date(2024, 6, 2), commit)}


def test_a_merged_pull_request_dates_its_files_to_the_merge(git: Git) -> None:
    git.commit({CASE_A: "a\n"}, "2024-01-01T00:00:00Z")
    git("checkout", "-q", "-b", "correction")
    git.commit({CASE_A: "a, corrected\n"}, "2024-02-01T00:00:00Z")
    git("checkout", "-q", "main")
    git.commit({CASE_B: "b\n"}, "2024-02-10T00:00:00Z")
    git("merge", "-q", "--no-ff", "correction", "-m", "merge the correction", when="2024-03-01T00:00:00Z")
    merge = git("rev-parse", "HEAD")
    assert case_history(git.root, [CASE_A]) == {CASE_A: Change(dt.date(2024, 3, 1), merge)}


def test_uncommitted_and_unknown_files_are_left_out(git: Git) -> None:
    git.commit({CASE_A: "a\n"}, "2024-01-01T00:00:00Z")
    (git.root / CASE_B).write_text("new\n", encoding="utf-8")
    assert list(case_history(git.root, [CASE_B, "cases/2024/none.md", CASE_A])) == [CASE_A]


def test_a_removed_and_restored_file_counts_its_restoration(git: Git) -> None:
    git.commit({CASE_A: "a\n", CASE_B: "b\n"}, "2024-01-01T00:00:00Z")
    git("rm", "-q", CASE_A)
    git("commit", "-q", "-m", "remove", when="2024-02-01T00:00:00Z")
    restored = git.commit({CASE_A: "a again\n"}, "2024-03-01T00:00:00Z")
    assert case_history(git.root, [CASE_A])[CASE_A] == Change(dt.date(2024, 3, 1), restored)


def test_odd_file_names_are_read_exactly(git: Git) -> None:
    odd = "cases/2024/é space\ttab.md"
    commit = git.commit({odd: "x\n"}, "2024-01-01T00:00:00Z")
    assert case_history(git.root, [odd]) == {odd: Change(dt.date(2024, 1, 1), commit)}


def test_a_site_in_a_subfolder_of_the_repository(git: Git) -> None:
    commit = git.commit({"site/" + CASE_A: "a\n", CASE_A: "other\n"}, "2024-01-01T00:00:00Z")
    git.commit({CASE_A: "other, changed\n"}, "2024-02-01T00:00:00Z")
    assert case_history(git.root / "site", [CASE_A]) == {CASE_A: Change(dt.date(2024, 1, 1), commit)}


def test_not_a_git_checkout_gives_nothing(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    assert case_history(tmp_path, [CASE_A]) == {}


def test_a_shallow_clone_gives_nothing_rather_than_wrong_dates(git: Git, tmp_path: Path) -> None:
    git.commit({CASE_A: "a\n"}, "2024-01-01T00:00:00Z")
    git.commit({CASE_B: "b\n"}, "2024-02-01T00:00:00Z")
    clone = tmp_path / "clone"
    git("clone", "-q", "--depth", "1", f"file://{git.root}", str(clone))
    assert case_history(clone, [CASE_A, CASE_B]) == {}
    full = tmp_path / "full"
    git("clone", "-q", f"file://{git.root}", str(full))
    assert case_history(full, [CASE_A])[CASE_A].date == dt.date(2024, 1, 1)


def test_current_commit(git: Git, tmp_path: Path) -> None:
    assert current_commit(git.root) is None  # no commit yet
    commit = git.commit({CASE_A: "a\n"}, "2024-01-01T00:00:00Z")
    assert current_commit(git.root) == commit
    (tmp_path / "plain").mkdir()
    assert current_commit(tmp_path / "plain") is None


def test_no_paths_runs_nothing(tmp_path: Path) -> None:
    assert case_history(tmp_path, []) == {}


def test_twenty_thousand_cases_in_one_pass(git: Git) -> None:
    """One git process for the whole repository, stopped once every case is found."""
    names = [f"cases/{2000 + i % 25}/{2000 + i % 25}-01-01-case-{i:05d}.md" for i in range(20_000)]
    # Straight into the index: writing 20,000 files would slow the test, not the code under test.
    hashing = ["git", "hash-object", "-w", "--stdin"]
    blob = subprocess.run(hashing, cwd=git.root, input="x\n", capture_output=True, text=True, check=True)
    index = "".join(f"100644 {blob.stdout.strip()}\t{name}\n" for name in names)
    subprocess.run(["git", "update-index", "--index-info"], cwd=git.root, input=index, text=True, check=True)
    git("commit", "-q", "-m", "import", when="2024-01-01T00:00:00Z")
    latest = git.commit(dict.fromkeys(names[:100], "y\n"), "2024-02-01T00:00:00Z")
    for day in range(2, 12):
        git.commit({"docs/index.md": f"{day}\n"}, f"2024-03-{day:02d}T00:00:00Z")
    start = time.perf_counter()
    history = case_history(git.root, names)
    elapsed = time.perf_counter() - start
    assert len(history) == 20_000
    assert history[names[0]] == Change(dt.date(2024, 2, 1), latest)
    assert history[names[-1]].date == dt.date(2024, 1, 1)
    assert elapsed < 5, f"{elapsed:.1f} s"


@pytest.mark.parametrize(
    ("repo_url", "branch", "path", "expected"),
    [
        (
            "https://github.com/debunk/site",
            "main",
            CASE_A,
            "https://github.com/debunk/site/commits/main/cases/2024/2024-03-04-a.md",
        ),
        (
            "https://github.com/debunk/site/",
            "release/2024",
            "cases/2024/é.md",
            "https://github.com/debunk/site/commits/release%2F2024/cases/2024/%C3%A9.md",
        ),
    ],
)
def test_history_url(repo_url: str, branch: str, path: str, expected: str) -> None:
    assert history_url(repo_url, branch, path) == expected


def test_commit_url() -> None:
    assert (
        commit_url("https://github.com/debunk/site/", "abc123")
        == "https://github.com/debunk/site/commit/abc123"
    )


@pytest.mark.parametrize(
    ("edit_uri", "expected"),
    [
        ("edit/main/docs/", "main"),
        ("blob/gh-pages/", "gh-pages"),
        ("", "main"),
        (None, "main"),
        ("docs/", "main"),
    ],
)
def test_branch_of(edit_uri: str | None, expected: str) -> None:
    assert branch_of(edit_uri) == expected
