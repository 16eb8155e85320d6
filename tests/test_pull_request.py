"""The pull-request check, run exactly as the workflow runs it, on fixture pull requests.

Each test makes a git repository from `tests/fixtures/pullrequest/repo/`, commits it on `main`,
adds a fixture pull request (`pulls/<name>/`: files laid over the repository) on a branch, and
runs the `run:` line of the workflow's check step with the environment the workflow gives it.
What a contributor sees (the annotations printed, the step summary written) is compared with
the golden files in `expected/`. Set DEBUNK_UPDATE_GOLDEN=1 to rewrite them after a deliberate
change, and read the diff.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from debunk.cli import main
from debunk.content.repository import load_content
from debunk.rules.changes import ChangeSet, Review, classify, kind_of
from debunk.rules.prcheck import near_duplicates
from debunk.rules.validate import check_near_duplicates

TESTS = Path(__file__).parent
FIXTURE = TESTS / "fixtures" / "pullrequest"
WORKFLOW = TESTS.parent / ".github" / "workflows" / "pull-request.yml"
UPDATE = os.environ.get("DEBUNK_UPDATE_GOLDEN") == "1"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.org",
    "GIT_COMMITTER_NAME": "Fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.org",
    "GIT_AUTHOR_DATE": "2024-12-01T12:00:00Z",
    "GIT_COMMITTER_DATE": "2024-12-01T12:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def check_step() -> dict[str, object]:
    """The workflow step that runs `debunk pr-check`."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [step for step in workflow["jobs"]["check"]["steps"] if "debunk pr-check" in step.get("run", "")]
    assert len(steps) == 1
    return dict(steps[0])


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    summary: str


@dataclass
class PullRequest:
    root: Path
    summary: Path

    def git(self, *args: str) -> str:
        command = ["git", *args]
        env = {**os.environ, **GIT_ENV}
        done = subprocess.run(command, check=False, cwd=self.root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def add(self, name: str) -> None:
        """Lay the files of `pulls/<name>/` over the repository and commit them."""
        # Plain copies: a copied modification time could let git take a changed file for unchanged.
        shutil.copytree(FIXTURE / "pulls" / name, self.root, dirs_exist_ok=True, copy_function=shutil.copy)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", f"pull request {name}")

    def check(self) -> Outcome:
        """Run the workflow's check step here, as GitHub Actions would on this pull request."""
        step = check_step()
        env = {
            **os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
            "BASE_SHA": self.git("rev-parse", "main"),
            "HEAD_SHA": self.git("rev-parse", "HEAD"),
            "GITHUB_STEP_SUMMARY": str(self.summary),
        }
        command = ["bash", "-e", "-c", str(step["run"])]
        done = subprocess.run(command, check=False, cwd=self.root, env=env, capture_output=True, text=True)
        summary = self.summary.read_text(encoding="utf-8") if self.summary.exists() else ""
        return Outcome(done.returncode, done.stdout, done.stderr, summary)


@pytest.fixture
def pull_request(tmp_path: Path) -> PullRequest:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE / "repo", root)
    pr = PullRequest(root, tmp_path / "step-summary.md")
    pr.git("init", "-q", "-b", "main")
    pr.git("add", "-A")
    pr.git("commit", "-q", "-m", "published cases")
    pr.git("checkout", "-q", "-b", "contribution")
    return pr


def golden(name: str, text: str) -> str:
    path = FIXTURE / "expected" / name
    if UPDATE:
        path.write_text(text, encoding="utf-8", newline="\n")
    return path.read_text(encoding="utf-8")


def test_the_check_step_gets_the_pull_requests_commits_through_the_environment() -> None:
    step = check_step()
    assert step["env"] == {
        "BASE_SHA": "${{ github.event.pull_request.base.sha }}",
        "HEAD_SHA": "${{ github.event.pull_request.head.sha }}",
    }
    assert step["run"] == 'debunk pr-check --base "$BASE_SHA" --head "$HEAD_SHA" --format github'


def test_a_good_case_passes_with_no_annotations(pull_request: PullRequest) -> None:
    pull_request.add("good")
    outcome = pull_request.check()
    assert (outcome.returncode, outcome.stderr) == (0, "")
    assert outcome.stdout == "0 errors, 0 warnings in 1 file checked\n"
    assert outcome.summary == golden("good.summary.md", outcome.summary)
    assert "Only cases, narratives and vocabularies changed: no code or configuration." in outcome.summary


def test_a_bad_case_fails_with_an_annotation_on_each_line(pull_request: PullRequest) -> None:
    pull_request.add("bad")
    outcome = pull_request.check()
    assert outcome.returncode == 1
    case = "cases/2024/2024-10-01-river-dye-secret-poison.md"
    assert outcome.stdout.splitlines() == [
        f"::warning file={case},line=2,title=title::'The green dye in the river is secret poison from "
        "across the border' is 99%25 similar to cases/2024/2024-03-04-river-dye-is-secret-poison.md "
        "('The green dye in the river is a secret poison from across the border'); "
        "check that it is not the same case",
        f"::error file={case},line=6,title=keywords[0]::unknown keyword 'Watter' (did you mean 'Water'?)",
        f"::warning file={case},line=11,title=sources[0]::no archived copy of "
        "'https://example.org/courier/river-dye-again'; add 'archive:' (e.g. a web.archive.org link)",
        "1 error, 2 warnings in 1 file checked",
    ]
    assert outcome.summary == golden("bad.summary.md", outcome.summary)
    assert f"| ❌ | {case} | 6 | keywords\\[0\\] |" in outcome.summary


def test_a_case_with_a_code_change_is_flagged_for_maintainer_review(pull_request: PullRequest) -> None:
    pull_request.add("code")
    outcome = pull_request.check()
    assert outcome.returncode == 0
    assert outcome.stdout.splitlines() == [
        "::warning file=hooks/debunk_hooks.py,title=Needs maintainer review::this pull request changes "
        "more than cases, narratives and vocabularies: hooks/debunk_hooks.py (code). "
        "A maintainer must review it before it is merged.",
        "0 errors, 0 warnings in 1 file checked",
    ]
    assert outcome.summary == golden("code.summary.md", outcome.summary)
    assert "### ⚠️ Needs maintainer review" in outcome.summary


def test_a_near_duplicate_is_reported_on_the_new_case_even_if_older(pull_request: PullRequest) -> None:
    pull_request.add("earlier")
    new = "cases/2024/2024-01-15-imported-seeds-make-farmland-barren.md"
    existing = "cases/2024/2024-05-20-seed-banks-sterilise-fields.md"
    # The repository-wide rule warns on the later case, which is not in the pull request ...
    assert [p.path for p in check_near_duplicates(load_content(pull_request.root).cases)] == [existing]
    outcome = pull_request.check()
    # ... the pull request check warns on the new file, naming the published one.
    assert outcome.returncode == 0
    assert outcome.stdout.splitlines() == [
        f"::warning file={new},line=2,title=title::'Imported seeds are designed to make the farmland "
        f"barren' is 96%25 similar to {existing} ('Imported seeds are designed to make farmland barren'); "
        "check that it is not the same case",
        "0 errors, 1 warning in 1 file checked",
    ]


def test_removing_a_narrative_reports_the_cases_it_breaks(pull_request: PullRequest) -> None:
    (pull_request.root / "narratives" / "stolen-votes.md").unlink()
    pull_request.git("commit", "-q", "-am", "remove a narrative")
    outcome = pull_request.check()
    assert outcome.returncode == 1
    assert outcome.stdout.splitlines() == [
        "::error file=cases/2024/2024-09-09-ballots-printed-abroad.md,line=5,title=narratives[0]::"
        "unknown narrative 'stolen-votes'",
        "::warning file=narratives/stolen-votes.md,title=Needs maintainer review::this pull request "
        "changes more than cases, narratives and vocabularies: narratives/stolen-votes.md "
        "(removes a published narrative). A maintainer must review it before it is merged.",
        "1 error, 0 warnings in 0 files checked",
    ]


def test_text_output_for_running_it_locally(pull_request: PullRequest, runner: CliRunner) -> None:
    pull_request.add("bad")
    done = runner.invoke(main, ["pr-check", "--base", "main", "--root", str(pull_request.root)])
    case = "cases/2024/2024-10-01-river-dye-secret-poison.md"
    assert done.exit_code == 1
    assert done.stdout.splitlines()[1:] == [
        f"{case}:6: keywords[0]: unknown keyword 'Watter' (did you mean 'Water'?)",
        f"{case}:11: sources[0]: warning: no archived copy of 'https://example.org/courier/river-dye-again'; "
        "add 'archive:' (e.g. a web.archive.org link)",
        "1 error, 2 warnings in 1 file checked",
    ]


def test_an_unknown_base_is_a_clear_error(pull_request: PullRequest, runner: CliRunner) -> None:
    done = runner.invoke(main, ["pr-check", "--base", "no-such-branch", "--root", str(pull_request.root)])
    assert done.exit_code == 1
    assert done.stderr == (
        "Error: git diff --name-status failed: fatal: bad revision 'no-such-branch...HEAD'\n"
    )


def test_near_duplicates_skip_a_case_compared_with_itself(pull_request: PullRequest) -> None:
    content = load_content(pull_request.root)
    assert near_duplicates(content, [case.path for case in content.cases]) == []


@pytest.mark.parametrize(
    ("status", "path", "review"),
    [
        ("A", "cases/2024/2024-01-01-a.md", None),
        ("M", "narratives/a.md", None),
        ("M", "vocabularies/keywords.yml", None),
        ("D", "cases/2024/2024-01-01-a.md", "removes a published case"),
        ("D", "vocabularies/outlets.yml", "removes a published vocabulary"),
        ("M", "hooks/debunk_hooks.py", "code"),
        ("M", "debunk/rules/validate.py", "code"),
        ("M", "mkdocs.yml", "site configuration"),
        ("M", "pyproject.toml", "dependencies"),
        ("A", ".github/workflows/x.yml", "workflow"),
        ("M", ".github/CODEOWNERS", "repository settings"),
        ("M", "overrides/case.html", "templates"),
        ("A", "docs/about.md", "site pages"),
        ("D", "scripts/bench.py", "removed code"),
        ("A", "cases", "other file"),
        ("A", "README.md", "other file"),
        ("A", ".cache/debunk/cases.pickle", "build cache: never commit it"),
    ],
)
def test_classify(status: str, path: str, review: str | None) -> None:
    """Content is validated; anything else, and any removal, is listed for review with a reason."""
    expected = ChangeSet((path,), ()) if review is None else ChangeSet((), (Review(path, review),))
    assert classify([(status, path)]) == expected


def test_classify_sorts_and_splits_a_mixed_pull_request() -> None:
    changes = classify(
        [("M", "mkdocs.yml"), ("A", "cases/2024/b.md"), ("A", "cases/2024/a.md"), ("M", "narratives/n.md")]
    )
    assert changes.content == ("cases/2024/a.md", "cases/2024/b.md", "narratives/n.md")
    assert changes.cases == ("cases/2024/a.md", "cases/2024/b.md")
    assert changes.needs_review
    assert kind_of("requirements.txt") == "dependencies"


def test_contributing_quotes_what_the_check_really_says() -> None:
    """CONTRIBUTING.md shows contributors the annotations of a bad case; they must stay true."""
    guide = (TESTS.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    quoted = re.findall(r"^> [❌⚠️]+ \*\*(.+?)\*\*: (.+)$", guide, flags=re.MULTILINE)
    assert len(quoted) == 3
    summary = (FIXTURE / "expected" / "bad.summary.md").read_text(encoding="utf-8")
    for field, message in quoted:
        cell = re.sub(r"([\[\]])", r"\\\1", field)
        assert f" | {cell} | {message} |" in summary


BALLOTS = "cases/2024/2024-09-09-ballots-printed-abroad.md"
VERDICT_CHANGE = (
    f"::error file={BALLOTS},line=4,title=verdict::changed from 'misleading' to 'disinformation' without a "
    "correction: add an entry to 'updates' saying why, e.g. "
    "'- {date: YYYY-MM-DD, kind: correction, note: The verdict was ...}'"
)


def _change_verdict(pull_request: PullRequest, updates: str = "") -> None:
    path = pull_request.root / BALLOTS
    text = path.read_text(encoding="utf-8").replace("verdict: misleading", "verdict: disinformation")
    head, body = text.split("\n---\n", 1)
    path.write_text(f"{head}\n{updates}---\n{body}", encoding="utf-8")
    pull_request.git("commit", "-q", "-am", "change a verdict")


@pytest.mark.parametrize(
    ("updates", "expected"),
    [
        ("", [VERDICT_CHANGE, "1 error, 0 warnings in 1 file checked"]),
        (  # a clarification does not say that the rating was wrong
            'updates:\n  - date: "2024-10-01"\n    kind: clarification\n    note: Which election.\n',
            [VERDICT_CHANGE, "1 error, 0 warnings in 1 file checked"],
        ),
        (
            'updates:\n  - date: "2024-10-01"\n    kind: correction\n    note: The ballots were real.\n',
            ["0 errors, 0 warnings in 1 file checked"],
        ),
    ],
)
def test_a_changed_verdict_needs_a_correction_entry(
    pull_request: PullRequest, updates: str, expected: list[str]
) -> None:
    _change_verdict(pull_request, updates)
    outcome = pull_request.check()
    assert outcome.stdout.splitlines() == expected
    assert outcome.returncode == (1 if len(expected) > 1 else 0)


def test_an_earlier_correction_does_not_cover_a_new_verdict_change(pull_request: PullRequest) -> None:
    corrected = 'updates:\n  - date: "2024-10-01"\n    kind: correction\n    note: A date was wrong.\n'
    path = pull_request.root / BALLOTS
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(f"{head}\n{corrected}---\n{body}", encoding="utf-8")
    pull_request.git("commit", "-q", "-am", "an earlier correction")
    pull_request.git("checkout", "-q", "main")
    pull_request.git("merge", "-q", "contribution")
    pull_request.git("checkout", "-q", "-b", "second")
    path.write_text(
        path.read_text(encoding="utf-8").replace("verdict: misleading", "verdict: disinformation")
    )
    pull_request.git("commit", "-q", "-am", "change the verdict")
    outcome = pull_request.check()
    assert outcome.returncode == 1
    assert outcome.stdout.splitlines() == [VERDICT_CHANGE, "1 error, 0 warnings in 1 file checked"]
