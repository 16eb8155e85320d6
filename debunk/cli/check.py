"""Commands that check the repository: `validate`, `pr-check`, and `schema`, which keeps the
JSON Schemas in step with the rules that `validate` enforces."""

from __future__ import annotations

import os
from pathlib import Path

import click

from debunk.build.report import (
    FEW,
    MANY,
    github_annotation,
    problem_lines,
    step_summary,
    summary_line,
)
from debunk.cli.options import FORMAT_OPTION, ROOT_OPTION, path_selection, selected
from debunk.content.files import write_file
from debunk.content.repository import load_content
from debunk.model import Problem, Severity


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@FORMAT_OPTION
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every case file again instead of reusing what an earlier run read from the same bytes.",
)
@click.option(
    "--all-warnings",
    "every",
    is_flag=True,
    help=f"Print every warning; by default over {MANY} are shown {FEW} of each kind, with a count.",
)
def validate(
    paths: tuple[Path, ...], root: Path, strict: bool, output: str, no_cache: bool, *, every: bool
) -> None:
    """Check cases, narratives and vocabularies; print the problems, errors last.

    With PATHS, report only the problems of those files or folders (the rules across cases
    still see the whole repository). Exits 1 on any error, or on any warning with --strict.
    """
    from debunk.settings import checked_settings  # noqa: PLC0415

    selection = path_selection(paths, root)
    settings, wrong = checked_settings(root)
    cache_dir = None if no_cache or wrong else settings.cache_dir
    content = load_content(root, cache_dir, archive_required_from=settings.archive_required_from)
    # A wrong setting is reported whatever the selection: it changes what every case needs.
    problems = wrong + [problem for problem in content.problems if selected(problem, selection)]
    checked = sum(1 for name in content.files if selected(Problem(name, 0, "", ""), selection))
    if problems:  # one write: 15,000 lines one `echo` at a time took 0.3 s
        lines = (
            [github_annotation(p) for p in problems]
            if output == "github"
            else problem_lines(problems, every=every)
        )
        click.echo("\n".join(lines))
    click.echo(summary_line(problems, checked), err=output == "text" and bool(problems))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if output == "github" and summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as handle:
            handle.write(step_summary(problems, checked))
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(problem.severity in failing for problem in problems):
        raise SystemExit(1)


@click.command("pr-check")
@click.option("--base", required=True, help="The commit the pull request starts from (its target branch).")
@click.option("--head", default="HEAD", show_default=True, help="The pull request's last commit.")
@ROOT_OPTION
@FORMAT_OPTION
def pr_check(base: str, head: str, root: Path, output: str) -> None:
    """Check a pull request: validate the files in BASE...HEAD, flag code changes for review.

    Reports every problem of the changed cases, narratives and vocabularies, titles close to
    an existing case's, and errors the change causes elsewhere. Files outside cases/,
    narratives/ and vocabularies/ are listed as needing a maintainer's review. Exits 1 on errors.
    """
    from debunk.rules.changes import ChangesError  # noqa: PLC0415
    from debunk.rules.prcheck import pr_summary, report_lines, run_pr_check  # noqa: PLC0415

    try:
        check = run_pr_check(root, base, head)
    except ChangesError as exc:
        raise click.ClickException(str(exc)) from None
    for line in report_lines(check, output):
        click.echo(line)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if output == "github" and summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as handle:
            handle.write(pr_summary(check))
    if check.failed:
        raise SystemExit(1)


@click.command("schema")
@ROOT_OPTION
@click.option("--check", is_flag=True, help="Write nothing; print a diff and exit 1 if a file is stale.")
def schema_command(root: Path, check: bool) -> None:
    """Write the JSON Schemas of case and narrative front matter to schema/.

    They are generated from the field table that the validator enforces, so the two agree.
    """
    from debunk.content.schema import schema_diff, schema_files  # noqa: PLC0415

    stale = []
    for rel, text in schema_files().items():
        path = root / rel
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(rel)
        if check:
            click.echo(schema_diff(rel, current, text), nl=False)
        else:
            write_file(path, text)
            click.echo(f"wrote {rel}")
    if check and stale:
        click.echo(f"{len(stale)} schema file(s) out of date; run 'debunk schema' to update", err=True)
        raise SystemExit(1)
