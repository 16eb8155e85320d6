"""The GitHub side of contributing: workflows, forms, code owners and the pre-commit hook.

The linters (actionlint with shellcheck, zizmor, check-jsonschema) are pinned in the test
extra and run offline. Each is first shown to catch a known-bad workflow, so a linter that
silently checks nothing cannot pass for a clean result.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from debunk.cli import main
from debunk.rules.changes import CONTENT_DIRS

ROOT = Path(__file__).parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
BAD_WORKFLOW = """\
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo ${{ github.event.pull_request.title }} $NAME
"""


def run(*command: str, cwd: Path = ROOT, **extra: str) -> subprocess.CompletedProcess[str]:
    binaries = str(Path(sys.executable).parent)
    path = os.pathsep.join([binaries, os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "NO_COLOR": "1", **extra}
    return subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True, check=False)


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return on if isinstance(on, dict) else {on: None}


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.fixture(scope="module")
def bad_workflow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad") / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    return folder / "bad.yml"


def test_actionlint_and_shellcheck_catch_a_bad_workflow(bad_workflow: Path) -> None:
    assert shutil.which("shellcheck", path=str(Path(sys.executable).parent)) or shutil.which("shellcheck")
    done = run("actionlint", "-no-color", str(bad_workflow))
    assert done.returncode == 1
    assert "SC2086" in done.stdout
    assert '"github.event.pull_request.title" is potentially untrusted' in done.stdout


def test_actionlint_passes_the_workflows() -> None:
    done = run("actionlint", "-no-color", *map(str, WORKFLOWS))
    assert (done.returncode, done.stdout) == (0, "")


def test_zizmor_catches_a_bad_workflow(bad_workflow: Path) -> None:
    done = run("zizmor", "--offline", "--persona", "pedantic", "--format", "plain", str(bad_workflow))
    assert done.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert f"[{audit}]" in done.stdout


def test_zizmor_passes_the_workflows_and_hooks() -> None:
    done = run(
        "zizmor", "--offline", "--persona", "pedantic", "--format", "plain",
        ".github", ".pre-commit-config.yaml",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert "No findings to report" in done.stdout


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", [str(path) for path in WORKFLOWS]),
        ("vendor.github-issue-forms", [".github/ISSUE_TEMPLATE/suggest-a-case.yml",
                                       ".github/ISSUE_TEMPLATE/report-a-correction.yml"]),
        ("vendor.github-issue-config", [".github/ISSUE_TEMPLATE/config.yml"]),
        ("vendor.dependabot", [".github/dependabot.yml"]),
    ],
)  # fmt: skip
def test_github_files_match_their_schemas(schema: str, paths: list[str]) -> None:
    done = run("check-jsonschema", "--builtin-schema", schema, *paths)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pull_requests_run_with_a_read_only_token() -> None:
    workflow = load(GITHUB / "workflows" / "pull-request.yml")
    assert list(triggers(workflow)) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    assert "secrets." not in (GITHUB / "workflows" / "pull-request.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_and_no_credentials_persist(path: Path) -> None:
    workflow = load(path)
    assert "pull_request_target" not in triggers(workflow)
    for step in steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), "pass expressions to scripts through env"


def test_the_pull_request_workflow_runs_the_checks_in_order() -> None:
    workflow = load(GITHUB / "workflows" / "pull-request.yml")
    check = [step.get("run") for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert check[-1] == 'debunk pr-check --base "$BASE_SHA" --head "$HEAD_SHA" --format github'
    build = workflow["jobs"]["build"]["steps"]
    commands = [step["run"] for step in build if "run" in step]
    assert commands[1:] == [
        "npm ci --ignore-scripts --no-audit --no-fund",  # Pagefind, which the build runs
        "mkdocs build --strict --site-dir site",
        "debunk verify-site site",
        "command -v chromium || (sudo apt-get update && sudo apt-get install -y chromium)",
        "python -m pytest tests/test_browser_smoke.py -q",
    ]
    upload = build[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "site/"
    for job in ("check", "build"):
        job_steps = workflow["jobs"][job]["steps"]
        setup = next(s for s in job_steps if s.get("uses", "").startswith("actions/setup-python"))
        assert setup["with"]["cache"] == "pip"
        checkout = job_steps[0]
        assert checkout["with"]["fetch-depth"] == 0


def test_publishing_uses_the_official_pages_actions_with_full_history() -> None:
    workflow = load(GITHUB / "workflows" / "publish.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    build = workflow["jobs"]["build"]["steps"]
    assert build[0]["with"]["fetch-depth"] == 0
    uses = [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert build[3]["run"] == "npm ci --ignore-scripts --no-audit --no-fund"  # Pagefind
    assert 'echo "DEBUNK_TODAY=$day" >> "$GITHUB_ENV"' in build[5]["run"]  # one day for both
    assert "mkdocs build --strict --site-dir site" in build[6]["run"]
    assert build[7]["run"] == "debunk verify-site site"


def test_publishing_runs_daily_for_held_cases() -> None:
    """Held cases are published on their day by the daily build, without a commit."""
    workflow = load(GITHUB / "workflows" / "publish.yml")
    assert triggers(workflow)["schedule"] == [{"cron": "17 0 * * *"}]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["build"].get("permissions") is None  # the read-only default above


def test_every_debunk_command_in_a_workflow_exists() -> None:
    used = {
        match.group(1)
        for path in WORKFLOWS
        for match in re.finditer(r"\bdebunk ([a-z-]+)", path.read_text(encoding="utf-8"))
    }
    assert used == {"pr-check", "verify-site", "links"}
    assert used <= set(main.commands)
    links = {
        match.group(1)
        for path in WORKFLOWS
        for match in re.finditer(r"\bdebunk links ([a-z-]+)", path.read_text(encoding="utf-8"))
    }
    assert links == {"check", "archive"}
    assert links <= set(main.commands["links"].commands)  # type: ignore[attr-defined]


def test_the_links_workflow_writes_only_in_its_job() -> None:
    workflow = load(GITHUB / "workflows" / "links.yml")
    assert set(triggers(workflow)) == {"schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["links"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    commands = [step["run"] for step in workflow["jobs"]["links"]["steps"] if "run" in step]
    assert commands[1].startswith("debunk links check")
    assert commands[2].startswith("debunk links archive --limit")
    assert "gh pr create" in commands[3]


def test_code_owners_own_everything_but_the_content() -> None:
    rules = [
        line.split()
        for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules[0] == ["*", "@debunk/maintainers"]
    assert rules[1:] == [[f"/{folder}/"] for folder in CONTENT_DIRS]


def test_pre_commit_validates_the_changed_cases(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "pullrequest" / "repo", repo)
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    bad = repo / "cases" / "2024" / "2024-09-09-ballots-printed-abroad.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("[Elections]", "[Elektions]"), encoding="utf-8")
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    assert run("git", "init", "-q", cwd=repo).returncode == 0
    assert run("git", "add", "-A", cwd=repo).returncode == 0
    assert run("pre-commit", "validate-config", cwd=repo, **home).returncode == 0
    case = "cases/2024/2024-09-09-ballots-printed-abroad.md"
    done = run("pre-commit", "run", "--files", case, cwd=repo, **home)
    assert done.returncode == 1
    assert f"{case}:6: keywords[0]: unknown keyword 'Elektions' (did you mean 'Elections'?)" in done.stdout
    done = run("pre-commit", "run", "--files", "narratives/stolen-votes.md", cwd=repo, **home)
    assert done.returncode == 0, done.stdout
