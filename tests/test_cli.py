"""`debunk new` and `debunk validate` as contributors and CI run them: exit codes and output."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CASE, REPO_ROOT, Repo

from debunk.build.report import github_annotation
from debunk.cli import main
from debunk.content.repository import load_content
from debunk.model import Problem, Severity

NEW = "cases/2023/2023-06-01-wind-farms-cause-storms.md"
PLACEHOLDER = "is a placeholder left by 'debunk new'; fill it in"


def fill_placeholders(text: str) -> str:
    """What a contributor does after `debunk new`: replace every TODO with real content."""
    replacements = {
        "keywords: [TODO]": "keywords: [Energy]",
        "countries: [TODO]": "countries: [Denmark]",
        "languages: [TODO]": "languages: [da]",
        "outlets: [TODO]": "outlets: [Harbour Herald]",
        "url: TODO": "url: https://example.org/herald/turbines",
        "archive: TODO": "archive: https://web.archive.org/web/2023/https://example.org/herald/turbines",
        "outlet: TODO": "outlet: Harbour Herald",
        "TODO: what was claimed, in neutral words, without repeating the claim as fact.": (
            "A post said that turbines push storms towards the coast."
        ),
        "TODO: why it is false or misleading, with links to the evidence.": (
            "Storms are driven by pressure systems far larger than any wind farm."
        ),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    assert "TODO" not in text
    return text


@pytest.fixture
def in_repo(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Run commands from the repository root, as contributors do."""
    monkeypatch.chdir(repo.root)
    return repo


def test_new_creates_the_case_file(in_repo: Repo, runner: CliRunner) -> None:
    result = runner.invoke(main, ["new", "Wind farms cause storms", "--date", "2023-06-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"created {NEW}\nFill in every TODO, then run: debunk validate {NEW}\n")
    text = (in_repo.root / NEW).read_text(encoding="utf-8")
    assert text.startswith("---\n# The claim, in neutral words")
    assert 'title: "Wind farms cause storms"\n' in text
    assert 'date: "2023-06-01"\n' in text
    assert "# One of: disinformation, misleading (vocabularies/verdicts.yml).\n" in text


BODY_PLACEHOLDER = "placeholder text 'TODO' left by 'debunk new'; replace it"


def body_line(repo: Repo, start: str) -> int:
    """The line of the new case's body that starts with `start` (the template's placeholders)."""
    lines = (repo.root / NEW).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def test_a_new_case_fails_only_because_of_its_placeholders(in_repo: Repo, runner: CliRunner) -> None:
    runner.invoke(main, ["new", "Wind farms cause storms", "--date", "2023-06-01"])
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{NEW}:11: keywords[0]: 'TODO' {PLACEHOLDER}",
        f"{NEW}:14: countries[0]: 'TODO' {PLACEHOLDER}",
        f"{NEW}:16: languages[0]: 'TODO' {PLACEHOLDER}",
        f"{NEW}:18: outlets[0]: 'TODO' {PLACEHOLDER}",
        f"{NEW}:22: sources[0].url: 'TODO' {PLACEHOLDER}",
        f"{NEW}:23: sources[0].archive: 'TODO' {PLACEHOLDER}",
        f"{NEW}:24: sources[0].outlet: 'TODO' {PLACEHOLDER}",
        f"{NEW}:{body_line(in_repo, 'TODO: what')}: Summary: {BODY_PLACEHOLDER}",
        f"{NEW}:{body_line(in_repo, 'TODO: why')}: Response: {BODY_PLACEHOLDER}",
    ]
    assert result.stderr == "9 errors, 0 warnings in 11 files checked\n"


def test_a_filled_in_new_case_passes_strict_validation(in_repo: Repo, runner: CliRunner) -> None:
    runner.invoke(main, ["new", "Wind farms cause storms", "--date", "2023-06-01"])
    path = in_repo.root / NEW
    path.write_text(fill_placeholders(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(main, ["validate", "--strict"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "0 errors, 0 warnings in 11 files checked\n",
        "",
    )
    case = load_content(in_repo.root).case("2023-06-01-wind-farms-cause-storms")
    assert case is not None
    assert (case.title, case.verdict, case.keywords) == (
        "Wind farms cause storms",
        "disinformation",
        ("Energy",),
    )


def test_new_fills_in_the_fields_it_is_given(in_repo: Repo, runner: CliRunner) -> None:
    args = ["new", 'Wind: farms, 100% "sure"', "--date", "2023-06-01", "--slug", "wind-farms-cause-storms"]
    args += ["--verdict", "misleading", "--narrative", "energy-blackmail", "--keyword", "Energy"]
    args += [
        "--keyword",
        "Sanctions",
        "--country",
        "Denmark",
        "--language",
        "da",
        "--outlet",
        "Harbour Herald",
    ]
    args += ["--url", "https://example.org/herald/turbines"]
    assert runner.invoke(main, args).exit_code == 0
    result = runner.invoke(main, ["validate", NEW])
    assert result.stdout.splitlines() == [
        f"{NEW}:23: sources[0].archive: 'TODO' {PLACEHOLDER}",
        f"{NEW}:{body_line(in_repo, 'TODO: what')}: Summary: {BODY_PLACEHOLDER}",
        f"{NEW}:{body_line(in_repo, 'TODO: why')}: Response: {BODY_PLACEHOLDER}",
    ]
    text = (in_repo.root / NEW).read_text(encoding="utf-8")
    assert 'title: "Wind: farms, 100% \\"sure\\""\n' in text
    assert 'keywords: ["Energy", "Sanctions"]\n' in text


def test_new_never_overwrites_a_case(in_repo: Repo, runner: CliRunner) -> None:
    in_repo.write(NEW, "my work\n")
    result = runner.invoke(main, ["new", "Wind farms cause storms", "--date", "2023-06-01"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {NEW} already exists; choose another --slug\n"
    assert (in_repo.root / NEW).read_text(encoding="utf-8") == "my work\n"


def test_new_refuses_an_id_that_exists_in_another_folder(in_repo: Repo, runner: CliRunner) -> None:
    misfiled = "cases/2024/2023-06-01-wind-farms-cause-storms.md"
    in_repo.write(misfiled, "misfiled\n")
    result = runner.invoke(main, ["new", "Wind farms cause storms", "--date", "2023-06-01"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {misfiled} already exists; choose another --slug\n"
    assert not (in_repo.root / NEW).exists()


def test_new_transliterates_a_cyrillic_title(in_repo: Repo, runner: CliRunner) -> None:
    title = "Ветряные электростанции вызывают штормы"
    result = runner.invoke(main, ["new", title, "--date", "2023-06-01"])
    path = "cases/2023/2023-06-01-vetrianye-elektrostantsii-vyzyvaiut-shtormy.md"
    assert result.stdout.splitlines()[0] == f"created {path}"
    text = (in_repo.root / path).read_text(encoding="utf-8")
    # The title stays readable in the file, not `\u0412...` escapes.
    assert f'title: "{title}"\n' in text
    (in_repo.root / path).write_text(fill_placeholders(text), encoding="utf-8")
    case = load_content(in_repo.root).case("2023-06-01-vetrianye-elektrostantsii-vyzyvaiut-shtormy")
    assert case is not None
    assert case.title == title


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2023-02-30", "Invalid value for --date: '2023-02-30' is not a date; write YYYY-MM-DD"),
        ("01/06/2023", "Invalid value for --date: '01/06/2023' is not a date; write YYYY-MM-DD"),
        ("tomorrow", "Invalid value for --date: 'tomorrow' is not a date; write YYYY-MM-DD"),
    ],
)
def test_new_refuses_a_bad_date(date: str, message: str, in_repo: Repo, runner: CliRunner) -> None:
    result = runner.invoke(main, ["new", "Wind farms cause storms", "--date", date])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert not (in_repo.root / "cases/2023").joinpath("2023-06-01-wind-farms-cause-storms.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "Error: the title must not be empty"),
        (
            ["Шторм", "--slug", "Storm!"],
            "Error: cannot use 'Storm!' as a slug; pass --slug with lowercase letters, digits and hyphens",
        ),
    ],
)
def test_new_refuses_a_bad_title_or_slug(
    args: list[str], message: str, in_repo: Repo, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["new", *args, "--date", "2023-06-01"])
    assert (result.exit_code, result.stderr) == (1, message + "\n")


def test_validate_a_valid_repository(repo: Repo, runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--strict", "--root", str(repo.root)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "0 errors, 0 warnings in 10 files checked\n",
        "",
    )


def test_validate_fails_on_errors(repo: Repo, runner: CliRunner) -> None:
    repo.write_case(verdict="fake", countries="[USA]")
    result = runner.invoke(main, ["validate", "--root", str(repo.root)])
    assert result.exit_code == 1
    assert result.stdout == (  # the error last, under a heading, after the warnings
        f"{CASE}:7: countries[0]: warning: 'USA' is another name for 'United States'; write 'United States'\n"
        "1 error, which fails the check:\n"
        f"{CASE}:4: verdict: unknown verdict 'fake'; allowed: disinformation, misleading\n"
    )
    assert result.stderr == "1 error, 1 warning in 11 files checked\n"


@pytest.mark.parametrize(("strict", "exit_code"), [([], 0), (["--strict"], 1)])
def test_warnings_fail_only_with_strict(
    strict: list[str], exit_code: int, repo: Repo, runner: CliRunner
) -> None:
    repo.write_case(countries="[USA]")
    result = runner.invoke(main, ["validate", *strict, "--root", str(repo.root)])
    assert result.exit_code == exit_code
    assert result.stdout == (
        f"{CASE}:7: countries[0]: warning: 'USA' is another name for 'United States'; write 'United States'\n"
    )
    assert result.stderr == "0 errors, 1 warning in 11 files checked\n"


def test_validate_paths_selects_files_and_folders(in_repo: Repo, runner: CliRunner) -> None:
    in_repo.write_case(verdict="fake")
    other = "cases/2024/2024-01-01-other.md"
    in_repo.write_case(other, date='"2024-01-01"', title="TODO")
    result = runner.invoke(main, ["validate", CASE])
    assert result.exit_code == 1
    assert (
        result.stdout == f"{CASE}:4: verdict: unknown verdict 'fake'; allowed: disinformation, misleading\n"
    )
    assert result.stderr == "1 error, 0 warnings in 1 file checked\n"
    result = runner.invoke(main, ["validate", "cases/2024"])
    assert result.stdout == f"{other}:2: title: 'TODO' {PLACEHOLDER}\n"
    assert result.stderr == "1 error, 0 warnings in 2 files checked\n"
    result = runner.invoke(main, ["validate", "narratives", "vocabularies/keywords.yml"])
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings in 3 files checked\n")


def test_validate_paths_still_checks_across_the_repository(in_repo: Repo, runner: CliRunner) -> None:
    """Selecting one file reports its clash with a file outside the selection."""
    in_repo.write_case(
        sources="\n  - url: https://example.org/herald/gas-storage\n    archive: https://archive.ph/x1"
    )
    result = runner.invoke(main, ["validate", CASE])
    assert result.stdout == (
        f"{CASE}:11: sources[0].url: warning: 'https://example.org/herald/gas-storage' is also a source of "
        "cases/2023/2023-01-05-gas-storage-empty-by-february.md; check that it is not the same case\n"
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("cases/2023/nope.md", "Invalid value for PATHS: 'cases/2023/nope.md' does not exist"),
        ("/", "Invalid value for PATHS: '/' is outside the repository '.'"),
    ],
)
def test_validate_refuses_bad_paths(path: str, message: str, in_repo: Repo, runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", path])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


FORGING_TITLE = '"50% sure, wind: farms\\n::error file=cases/x.md,line=1::forged %0A"'


def test_github_annotations_cannot_be_forged(repo: Repo, runner: CliRunner) -> None:
    repo.write_case(title=FORGING_TITLE, countries="[USA]")
    result = runner.invoke(main, ["validate", "--format", "github", "--root", str(repo.root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file={CASE},line=2,title=title::"
        "'50%25 sure, wind: farms\\n::error file=cases/x.md,line=1::forged %250A' must be a single line",
        f"::warning file={CASE},line=7,title=countries[0]::"
        "'USA' is another name for 'United States'; write 'United States'",
        "1 error, 1 warning in 11 files checked",
    ]
    assert result.stderr == ""


def test_annotation_escapes_every_property_and_the_message() -> None:
    problem = Problem("cases/a,b:c%\n.md", 3, "title,x:y\r", "100%\r\n::error::forged", Severity.WARNING)
    annotation = github_annotation(problem)
    assert annotation == (
        "::warning file=cases/a%2Cb%3Ac%25%0A.md,line=3,title=title%2Cx%3Ay%0D::100%25%0D%0A::error::forged"
    )
    assert "\n" not in annotation
    assert "\r" not in annotation


def test_annotation_leaves_out_line_zero() -> None:
    assert (
        github_annotation(Problem("cases/x.txt", 0, "file", "bad"))
        == "::error file=cases/x.txt,title=file::bad"
    )


def test_a_file_name_cannot_forge_an_annotation(in_repo: Repo, runner: CliRunner) -> None:
    name = "cases/2023/x\n::error file=y.md::forged.md"
    in_repo.write(name, "x")
    result = runner.invoke(main, ["validate", "--format", "github"])
    assert result.stdout.splitlines() == [
        "::error file=cases/2023/x%0A%3A%3Aerror file=y.md%3A%3Aforged.md,title=file::"
        "case files must be named cases/<year>/<yyyy-mm-dd>-<slug>.md",
        "::error file=cases/2023/x%0A%3A%3Aerror file=y.md%3A%3Aforged.md,line=1,title=front matter::"
        "file must start with a '---' line opening the front matter",
        "2 errors, 0 warnings in 11 files checked",
    ]


def test_step_summary_table_escapes_cells(
    repo: Repo, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = repo.root.parent / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    repo.write_case(title='"<img src=x onerror=alert(1)> | TODO & *more*"', countries="[USA]")
    result = runner.invoke(main, ["validate", "--format", "github", "--root", str(repo.root)])
    assert result.exit_code == 1
    assert summary.read_text(encoding="utf-8") == (
        "earlier step\n"
        "## Case validation\n"
        "\n"
        "11 files checked: **1 error**, 1 warning.\n"
        "\n"
        "| | File | Line | Field | Problem |\n"
        "| --- | --- | --- | --- | --- |\n"
        f"| ❌ | {CASE} | 2 | title | '&lt;img src=x onerror=alert(1)&gt; \\| TODO &amp; \\*more\\*' "
        "is a placeholder left by 'debunk new'; fill it in |\n"
        f"| ⚠️ | {CASE} | 7 | countries\\[0\\] | 'USA' is another name for 'United States'; "
        "write 'United States' |\n"
    )


def test_step_summary_without_problems(
    repo: Repo, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = repo.root.parent / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = runner.invoke(main, ["validate", "--format", "github", "--root", str(repo.root)])
    assert result.exit_code == 0
    assert summary.read_text(encoding="utf-8") == (
        "## Case validation\n\n10 files checked: **0 errors**, 0 warnings.\n\nNo problems found.\n"
    )


def test_text_format_never_writes_the_step_summary(
    repo: Repo, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = repo.root.parent / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    runner.invoke(main, ["validate", "--root", str(repo.root)])
    assert not summary.exists()


def test_the_sample_corpus_validates(runner: CliRunner) -> None:
    """The repository's own cases, narratives and vocabularies pass `validate --strict`."""
    started = time.perf_counter()
    result = runner.invoke(main, ["validate", "--strict", "--root", str(REPO_ROOT)])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("0 errors, 0 warnings in ")
    assert len(load_content(REPO_ROOT).cases) >= 20
    assert elapsed < 10


def test_validate_runs_as_a_program(repo: Repo) -> None:
    """A separate process, as CI calls it: the exit code and streams are real."""
    result = subprocess.run(
        [sys.executable, "-c", "from debunk.cli import main; main()", "validate", "--root", str(repo.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "0 errors, 0 warnings in 10 files checked\n",
        "",
    )


def test_python_m_debunk_is_the_debunk_command(repo: Repo) -> None:
    """`python3 -m debunk`, for a machine where the console script is not on the PATH."""
    runs = [
        subprocess.run(
            [sys.executable, *way, "validate", "--root", str(repo.root)],
            capture_output=True,
            text=True,
            check=False,
        )
        for way in (["-m", "debunk"], ["-c", "from debunk.cli import main; main()"])
    ]
    assert [(run.returncode, run.stdout, run.stderr) for run in runs] == [(0, runs[1].stdout, "")] * 2
    assert runs[1].stdout.startswith("0 errors, 0 warnings in ")


def test_problems_are_sorted_and_stable(repo: Repo) -> None:
    repo.write_case(verdict="fake", keywords="[Enrgy]", title="TODO")
    first = [str(p) for p in load_content(repo.root).problems]
    assert first == sorted(first, key=lambda s: (s.split(":")[0], int(s.split(":")[1])))
    assert first == [str(p) for p in load_content(Path(repo.root)).problems]
