"""The `debunk` command: what contributors and editors run."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from debunk.model import Problem, Severity
from debunk.report import github_annotation, step_summary, summary_line
from debunk.scaffold import ScaffoldError, new_case
from debunk.validate import load_content

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="The repository root (the folder holding cases/ and vocabularies/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="debunk")
def main() -> None:
    """Build and check a debunk publication: one Markdown file per debunked claim."""


def _selected(problem: Problem, selection: list[str]) -> bool:
    return not selection or any(
        problem.path == item or problem.path.startswith(item + "/") for item in selection
    )


def _selection(paths: tuple[Path, ...], root: Path) -> list[str]:
    """The given paths relative to the root; a path that does not exist is a usage error."""
    selection = []
    base = root.resolve()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise click.BadParameter(f"{str(path)!r} does not exist", param_hint="PATHS")
        absolute = (Path.cwd() / path).absolute()
        try:
            selection.append(Path(os.path.normpath(absolute)).relative_to(base).as_posix().rstrip("."))
        except ValueError:
            raise click.BadParameter(
                f"{str(path)!r} is outside the repository {str(root)!r}", param_hint="PATHS"
            ) from None
    return [item.rstrip("/") for item in selection if item not in {"", "."}] if selection else []


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints GitHub Actions annotations and writes $GITHUB_STEP_SUMMARY.",
)
def validate(paths: tuple[Path, ...], root: Path, strict: bool, output: str) -> None:
    """Check cases, narratives and vocabularies; print every problem.

    With PATHS, report only the problems of those files or folders (the rules across cases
    still see the whole repository). Exits 1 on any error, or on any warning with --strict.
    """
    selection = _selection(paths, root)
    content = load_content(root)
    problems = [problem for problem in content.problems if _selected(problem, selection)]
    checked = sum(1 for name in content.files if _selected(Problem(name, 0, "", ""), selection))
    for problem in problems:
        click.echo(github_annotation(problem) if output == "github" else str(problem))
    click.echo(summary_line(problems, checked), err=output == "text" and bool(problems))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if output == "github" and summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as handle:
            handle.write(step_summary(problems, checked))
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(problem.severity in failing for problem in problems):
        raise SystemExit(1)


@main.command()
@click.argument("title")
@ROOT_OPTION
@click.option("--date", "date", help="Publication date of the claim, YYYY-MM-DD (default: today).")
@click.option("--slug", help="The file-name slug (default: made from the title).")
@click.option("--verdict", default="disinformation", show_default=True)
@click.option("--narrative", "narratives", multiple=True, help="Narrative id; repeatable.")
@click.option("--keyword", "keywords", multiple=True, help="Keyword; repeatable.")
@click.option("--country", "countries", multiple=True, help="Country or region; repeatable.")
@click.option("--language", "languages", multiple=True, help="ISO 639-1 code; repeatable.")
@click.option("--outlet", "outlets", multiple=True, help="Outlet; repeatable.")
@click.option("--url", help="The original publication's URL.")
def new(root: Path, title: str, date: str | None, **fields: object) -> None:
    """Create a case file from the template, ready to fill in.

    The file is cases/<year>/<date>-<slug>.md; an existing file is never overwritten.
    """
    try:
        day = dt.date.fromisoformat(date) if date else dt.datetime.now(dt.UTC).date()
    except ValueError:
        raise click.BadParameter(f"{date!r} is not a date; write YYYY-MM-DD", param_hint="--date") from None
    try:
        path = new_case(root, title, day, **fields)  # type: ignore[arg-type]
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path.relative_to(root).as_posix() if not path.is_absolute() else path}")
    click.echo("Fill in every TODO, then run: debunk validate " + path.as_posix())
