"""`archive_required_from` (extra.debunk): from that day a case without an archived copy has an error.

Cases dated before it keep the warning, so that a publication can require archives for new
cases without failing on its back catalogue.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CASE, Repo
from test_pull_request import FIXTURE as PULL_FIXTURE
from test_pull_request import PullRequest

from debunk.build.previous import Previous
from debunk.build.run import load_build
from debunk.cli import main
from debunk.content.repository import load_content
from debunk.settings import Settings, SettingsError

URL = "https://example.org/herald/wind-storms"
NO_ARCHIVE = f"\n  - url: {URL}\n    outlet: Harbour Herald"
HINT = "add 'archive:' (e.g. a web.archive.org link)"
WARNING = f"{CASE}:11: sources[0]: warning: no archived copy of {URL!r}; {HINT}"


def error(since: str) -> str:
    return (
        f"{CASE}:11: sources[0]: no archived copy of {URL!r}; archive it (debunk links archive) "
        f"and add 'archive:' — required for cases from {since}"
    )


def settings_file(root: Path, value: str) -> None:
    (root / "mkdocs.yml").write_text(
        f"site_name: Desk\nextra:\n  debunk:\n    archive_required_from: {value}\n", encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("required_from", "expected"),
    [
        (None, WARNING),
        (dt.date(2023, 6, 2), WARNING),  # the case (2023-06-01) is older
        (dt.date(2023, 6, 1), error("2023-06-01")),  # the day itself counts
        (dt.date(2020, 1, 1), error("2020-01-01")),
    ],
)
def test_a_missing_archive_is_an_error_only_for_cases_from_the_day(
    repo: Repo, required_from: dt.date | None, expected: str
) -> None:
    repo.write_case(sources=NO_ARCHIVE)
    content = load_content(repo.root, archive_required_from=required_from)
    assert [str(p) for p in content.problems if p.path == CASE] == [expected]
    # An error keeps the case off the site, as every error does (what is validated is published).
    assert (content.case(CASE.split("/")[-1][:-3]) is None) == ("warning" not in expected)


def test_a_case_with_its_archive_is_fine_either_side_of_the_day(repo: Repo) -> None:
    repo.write_case()
    for day in (dt.date(2023, 6, 1), dt.date(2023, 6, 2)):
        assert [
            p for p in load_content(repo.root, archive_required_from=day).problems if p.path == CASE
        ] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2027, 1, 1), dt.date(2027, 1, 1)),  # YAML's own date: `archive_required_from: 2027-01-01`
        ("2027-01-01", dt.date(2027, 1, 1)),
        (None, None),
        ("", None),
    ],
)
def test_the_setting_takes_a_date(value: object, expected: dt.date | None) -> None:
    extra = {"debunk": {"archive_required_from": value}}
    assert Settings.from_mapping("Desk", None, extra).archive_required_from == expected


@pytest.mark.parametrize(
    "value", [2027, "2027-13-01", "next year", "2027-1-1", dt.datetime(2027, 1, 1, tzinfo=dt.UTC), True, []]
)
def test_a_setting_that_is_not_a_date_is_a_clear_error(value: object) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_mapping("Desk", None, {"debunk": {"archive_required_from": value}})
    assert [f"{p.field}: {p.message}" for p in raised.value.problems] == [
        f"extra.debunk.archive_required_from: {value!r} is not a date; write the first day whose cases "
        "need an archived copy as YYYY-MM-DD, e.g. 2027-01-01 (or leave it out)"
    ]


def test_validate_reads_the_setting_and_fails_on_the_error(repo: Repo) -> None:
    repo.write_case(sources=NO_ARCHIVE)
    settings_file(repo.root, "2023-01-01")
    result = CliRunner().invoke(main, ["validate", "--root", str(repo.root)])
    assert result.exit_code == 1
    assert error("2023-01-01") in result.output.splitlines()
    settings_file(repo.root, "2024-01-01")
    result = CliRunner().invoke(main, ["validate", "--root", str(repo.root)])
    assert result.exit_code == 0 and WARNING in result.output.splitlines()


def test_validate_reports_a_wrong_setting_at_its_line(repo: Repo) -> None:
    settings_file(repo.root, "soon")
    result = CliRunner().invoke(
        main, ["validate", "--root", str(repo.root), str(repo.root / "cases" / "2023")]
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "mkdocs.yml:4: extra.debunk.archive_required_from: 'soon' is not a date; write the first day whose "
        "cases need an archived copy as YYYY-MM-DD, e.g. 2027-01-01 (or leave it out)"
    )


def test_the_case_cache_tells_the_settings_apart(repo: Repo) -> None:
    """A case loaded under one setting is never taken from the cache under another."""
    repo.write_case(sources=NO_ARCHIVE)
    cache = ".cache/debunk"
    for required_from, expected in [
        (None, WARNING),
        (dt.date(2023, 1, 1), error("2023-01-01")),
        (None, WARNING),
    ]:
        previous = Previous()
        content = load_content(repo.root, cache, archive_required_from=required_from, previous=previous)
        assert [str(p) for p in content.problems if p.path == CASE] == [expected]
        # And in the same process (`mkdocs serve`), from memory:
        content = load_content(repo.root, cache, archive_required_from=required_from, previous=previous)
        assert [str(p) for p in content.problems if p.path == CASE] == [expected]


def test_the_build_reports_the_error_and_leaves_the_case_out(repo: Repo) -> None:
    repo.write_case(sources=NO_ARCHIVE)
    build = load_build(repo.root, Settings(cache_dir="", archive_required_from=dt.date(2023, 1, 1)))
    assert error("2023-01-01") in [str(p) for p in build.problems]
    assert CASE not in [case.path for case in build.site.content.cases]


@pytest.fixture
def pull_request(tmp_path: Path) -> PullRequest:
    """The pull-request fixture repository, with the setting on `main`."""
    root = tmp_path / "repo"
    shutil.copytree(PULL_FIXTURE / "repo", root)
    settings_file(root, "2024-11-01")
    pr = PullRequest(root, tmp_path / "step-summary.md")
    pr.git("init", "-q", "-b", "main")
    pr.git("add", "-A")
    pr.git("commit", "-q", "-m", "published cases")
    pr.git("checkout", "-q", "-b", "contribution")
    return pr


@pytest.mark.parametrize(("day", "fails"), [("2024-11-02", True), ("2024-10-31", False)])
def test_pr_check_fails_on_a_new_case_without_an_archive_from_the_day(
    pull_request: PullRequest, day: str, fails: bool
) -> None:
    pull_request.add("good")
    good = next((pull_request.root / "cases").rglob("*town-wells*.md"))
    rel = f"cases/2024/{day}-town-wells-salted-by-neighbours.md"
    text = good.read_text(encoding="utf-8").replace('"2024-11-02"', f'"{day}"')
    text = text.replace(
        "    archive: https://web.archive.org/web/20241103000000/https://example.org/courier/salted-wells\n",
        "",
    )
    good.unlink()
    (pull_request.root / rel).write_text(text, encoding="utf-8")
    pull_request.git("add", "-A")
    pull_request.git("commit", "-q", "-m", "no archive")
    result = CliRunner().invoke(main, ["pr-check", "--base", "main", "--root", str(pull_request.root)])
    url = "https://example.org/courier/salted-wells"
    if fails:
        expected = (
            f"{rel}:11: sources[0]: no archived copy of {url!r}; archive it (debunk links archive) "
            "and add 'archive:' — required for cases from 2024-11-01"
        )
    else:
        expected = f"{rel}:11: sources[0]: warning: no archived copy of {url!r}; {HINT}"
    assert expected in result.output.splitlines()
    assert result.exit_code == (1 if fails else 0), result.output


def test_generate_publishes_what_the_build_publishes(repo: Repo, tmp_path: Path) -> None:
    repo.write_case(sources=NO_ARCHIVE)
    settings_file(repo.root, "2023-01-01")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(out), "--root", str(repo.root)])
    assert result.exit_code == 1 and error("2023-01-01") in result.output.splitlines()
    written = {path.relative_to(out).as_posix() for path in out.rglob("*.md")}
    assert CASE not in written
    others = [case.path for case in load_content(repo.root).cases if case.path != CASE]
    assert others and set(others) <= written
