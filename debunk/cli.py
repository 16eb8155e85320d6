"""The `debunk` command: what contributors and editors run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from debunk.clioptions import ROOT_OPTION
from debunk.files import write_file
from debunk.links.cli import links
from debunk.model import Problem, Severity
from debunk.report import (
    FEW,
    MANY,
    github_annotation,
    problem_lines,
    step_summary,
    summary_line,
)
from debunk.scaffold import ScaffoldError, new_case
from debunk.validate import load_content

if TYPE_CHECKING:
    from debunk.config import Settings
    from debunk.model import Case
    from debunk.review_files import ReviewUpdate
    from debunk.selection import Selection
    from debunk.validate import Content

FORMAT_OPTION = click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints GitHub Actions annotations and writes $GITHUB_STEP_SUMMARY.",
)


def _loaded(root: Path) -> Content:
    """The repository as the build loads it: with the settings' case cache and archive rule
    (`archive_required_from`), so that generate, verify-site, digest and export see the cases
    the site publishes."""
    from debunk.config import load_settings  # noqa: PLC0415

    try:
        settings = load_settings(root)
    except (ValueError, OSError):
        return load_content(root)  # the settings' own problems are reported by validate and the build
    return load_content(root, settings.cache_dir, archive_required_from=settings.archive_required_from)


def _published(root: Path, content: Content) -> Content:
    """The content as the site publishes it today: held cases set aside (`debunk.held`)."""
    from debunk.config import load_settings  # noqa: PLC0415
    from debunk.held import build_day, publishable  # noqa: PLC0415

    try:
        return publishable(content, build_day(load_settings(root).timezone))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


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
    from debunk.config import checked_settings  # noqa: PLC0415

    selection = _selection(paths, root)
    settings, wrong = checked_settings(root)
    cache_dir = None if no_cache or wrong else settings.cache_dir
    content = load_content(root, cache_dir, archive_required_from=settings.archive_required_from)
    # A wrong setting is reported whatever the selection: it changes what every case needs.
    problems = wrong + [problem for problem in content.problems if _selected(problem, selection)]
    checked = sum(1 for name in content.files if _selected(Problem(name, 0, "", ""), selection))
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


@main.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@ROOT_OPTION
def generate(out: Path, root: Path) -> None:
    """Write every generated page as Markdown with front matter, for engines without MkDocs hooks.

    OUT mirrors a docs folder: index.md, cases/<year>/<id>.md, narratives/, keywords/, ...
    Links between pages are relative .md links. Content with errors is reported, not written.
    OUT must be new, empty or an earlier output of this command (its .debunk-generate.json lists
    the files it wrote): a folder holding any other file, or a page edited since, is refused.
    """
    from debunk.config import load_settings  # noqa: PLC0415
    from debunk.dates import repository_dates  # noqa: PLC0415
    from debunk.outputs import Output, OutputRefusedError, check_output, content_file  # noqa: PLC0415
    from debunk.pages import build_pages, build_site, write_pages  # noqa: PLC0415 - keeps `validate` quick
    from debunk.review_files import load_reviews  # noqa: PLC0415
    from debunk.reviews import build_review_pages  # noqa: PLC0415

    inside = content_file(root, out)
    refusal = check_output(Output(out, "generate", exclusive=True))
    if inside is not None or refusal is not None:  # before the build: a refusal costs no wait
        raise click.ClickException(refusal or f"refusing to write into {out.as_posix()}: it is {inside}")
    loaded = _loaded(root)
    content = _published(root, loaded)
    settings = load_settings(root)
    site = build_site(content, settings)
    site.dates = repository_dates(root, content.cases)  # as `mkdocs build` dates them
    reviews, review_problems = load_reviews(root, loaded)  # a review of held cases waits for them
    problems = [p for p in content.problems + site.problems + review_problems if p.severity is Severity.ERROR]
    for problem in problems:
        click.echo(str(problem), err=True)
    try:
        written = write_pages(build_pages(site) + build_review_pages(content, reviews, settings), out)
    except OutputRefusedError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {len(written)} pages to {out.as_posix()}")
    if problems:
        raise SystemExit(1)


@main.command("verify-site")
@click.argument("site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@ROOT_OPTION
def verify_site_command(site_dir: Path, root: Path) -> None:
    """Prove that a built site holds every case, narrative, term and index page, once.

    Also checks that each case is listed on the pages of each of its terms and narratives, and
    names each case file that has no page, with the errors that left it out; and that no file
    of the site shows a held case (a draft, or one whose `publish_on` is still to come: today
    in the configured time zone, or DEBUNK_TODAY as the build saw it).
    """
    from debunk.config import load_settings  # noqa: PLC0415
    from debunk.pages import build_pages, build_site  # noqa: PLC0415
    from debunk.verify import held_in_site, unloaded_case_files, verify_site  # noqa: PLC0415

    content = _published(root, _loaded(root))
    site = build_site(content, load_settings(root))
    result = verify_site(site, build_pages(site), site_dir)
    left_out = set(unloaded_case_files(content))
    for problem in content.errors:  # why each case file left out has no page
        if problem.path in left_out:
            click.echo(str(problem), err=True)
    leaks = held_in_site(site_dir, content.held)
    for line in [*result.left_out, *result.problems, *leaks]:
        click.echo(line, err=True)
    click.echo(result.summary)
    if content.held:
        shown = f"{len(leaks)} shown in the site" if leaks else "none shown in the site"
        click.echo(f"held cases (drafts and embargoed): {len(content.held)}, {shown}")
    if not result.ok or leaks:
        raise SystemExit(1)


@main.command("schema")
@ROOT_OPTION
@click.option("--check", is_flag=True, help="Write nothing; print a diff and exit 1 if a file is stale.")
def schema_command(root: Path, check: bool) -> None:
    """Write the JSON Schemas of case and narrative front matter to schema/.

    They are generated from the field table that the validator enforces, so the two agree.
    """
    from debunk.schema import schema_diff, schema_files  # noqa: PLC0415

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


@main.command("pr-check")
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
    from debunk.changes import ChangesError  # noqa: PLC0415
    from debunk.prcheck import pr_summary, report_lines, run_pr_check  # noqa: PLC0415

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


def _digest_selection(
    root: Path, week: str | None, issue: int | None, filters: dict[str, Any]
) -> tuple[Selection, Content, Settings]:
    """The resolved selection of `debunk digest`'s options, the content and the settings."""
    from debunk.config import load_settings  # noqa: PLC0415
    from debunk.selection import Selection, current_week, resolve_selection  # noqa: PLC0415

    if week and issue:
        raise click.UsageError("give --week or --issue, not both")
    settings = load_settings(root)
    try:
        base = Selection(issue=issue) if issue else Selection(week=week or current_week(settings.timezone))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--week") from None
    except KeyError:
        message = f"extra.debunk.timezone: unknown time zone {settings.timezone!r}"
        raise click.ClickException(message) from None
    content = _loaded(root)
    selection, errors = resolve_selection(content, dataclasses.replace(base, **filters))
    if errors:
        raise click.UsageError("\n".join(errors))
    return selection, content, settings


@main.command()
@click.option("--week", help="ISO week, e.g. 2026-W47 (default: this week in the configured time zone).")
@click.option("--issue", type=click.IntRange(min=1), help="Review issue number: the cases 'reported_in' it.")
@click.option("--keyword", "keywords", multiple=True, help="Only cases with this keyword; repeatable.")
@click.option("--narrative", "narratives", multiple=True, help="Only cases with this narrative; repeatable.")
@click.option("--country", "countries", multiple=True, help="Only cases about this country; repeatable.")
@click.option("--exclude-keyword", "exclude_keywords", multiple=True, help="Leave out this keyword.")
@click.option("--exclude-narrative", "exclude_narratives", multiple=True, help="Leave out this narrative.")
@click.option("--exclude-country", "exclude_countries", multiple=True, help="Leave out this country.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Email HTML file (.txt beside).")
@click.option("--save", is_flag=True, help="Write the new selection into an existing reviews/<key>.md.")
@click.option(
    "--include-held",
    is_flag=True,
    help="Also the held cases (not drafts) whose publish_on is on or before the review's day.",
)
@click.option("--review-day", help="The day the review is published, YYYY-MM-DD [the week's Sunday].")
@ROOT_OPTION
def digest(  # noqa: PLR0917 - click passes every option
    root: Path,
    week: str | None,
    issue: int | None,
    out: Path | None,
    save: bool,
    include_held: bool,
    review_day: str | None,
    **filters: Any,
) -> None:
    """Build the weekly review of a week or an issue: reviews/<key>.md and an email.

    The first run creates reviews/<key>.md with a placeholder introduction for the editor.
    An existing file is changed only with --save, and then only its front matter, when the
    selection differs (filters given on the command line replace the file's; without filter
    options the file's filters are kept); the introduction is never changed. The email goes to
    build/email/<key>.html and .txt unless --out says otherwise; with --out the review file is
    neither created nor changed unless --save is given. A week or issue without cases writes
    nothing and exits 1. Held cases (drafts, and cases whose publish_on is still to come) are
    left out unless --include-held adds those that publish on or before the review's day.
    """
    from debunk.digest import EmptySelectionError, build_digest  # noqa: PLC0415
    from debunk.email import write_email  # noqa: PLC0415
    from debunk.held import held_notes, with_released  # noqa: PLC0415
    from debunk.review_files import ReviewFileError, plan_review  # noqa: PLC0415

    selection, loaded, settings = _digest_selection(root, week, issue, filters)
    day = _review_day(selection, review_day, include_held)
    content = _published(root, loaded)
    released: tuple[Case, ...] | None = None
    if include_held and day is not None:
        content, released = with_released(content, day)
    if content.errors:
        click.echo(f"warning: {len(content.errors)} content error(s); those cases are left out "
                   "(run 'debunk validate')", err=True)  # fmt: skip
    html_path = out if out is not None else root / "build" / "email" / f"{selection.key}.html"
    _check_email_path(root, html_path)
    try:
        update = plan_review(root, selection, content, keep_filters=not any(filters.values()))
        result = build_digest(content, update.review.selection)
    except (EmptySelectionError, ReviewFileError) as exc:
        raise click.ClickException(f"{exc}; nothing written") from None
    _save_review(root, update, save or (out is None and update.status == "created"))
    text_path = write_email(update.review, result, content, settings, html_path)
    click.echo(f"wrote {html_path.as_posix()} and {text_path.as_posix()}")
    new = ", ".join(trend.title for trend in result.new_narratives) or "none"
    rising = ", ".join(trend.title for trend in result.rising_narratives) or "none"
    count = f"{len(result.cases)} case{'s' * (len(result.cases) != 1)}"
    click.echo(f"{result.title}: {count}; new narratives: {new}; rising: {rising}")
    for line in held_notes(content, update.review.selection, released, day):
        click.echo(line)


def _review_day(selection: Selection, value: str | None, include_held: bool) -> dt.date | None:
    """`--review-day`, else the last day of the selection's week; None when not needed."""
    from debunk.selection import week_days  # noqa: PLC0415

    if value is not None:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            message = f"{value!r} is not a date; write YYYY-MM-DD"
            raise click.BadParameter(message, param_hint="--review-day") from None
    if selection.week is not None:
        return week_days(selection.week)[1]
    if include_held:
        raise click.UsageError("--include-held with --issue needs --review-day, the day the review is out")
    return None


def _check_email_path(root: Path, html_path: Path) -> None:
    """Refuse an email path that would overwrite a content file (the email's .txt goes beside it)."""
    from debunk.outputs import content_file  # noqa: PLC0415

    text_path = html_path.with_suffix(".txt")
    for path in (html_path, text_path):
        owner = content_file(root, path)
        if owner is not None:
            outside = "cases/, narratives/, vocabularies/ and reviews/"
            message = f"{path.as_posix()} is {owner}; choose an --out outside {outside}"
            raise click.BadParameter(message, param_hint="--out")
    if text_path.exists() and not html_path.exists():  # not an earlier email's text: someone's file
        message = f"{text_path.as_posix()} exists and is not the text of an email; choose another --out"
        raise click.BadParameter(message, param_hint="--out")


def _save_review(root: Path, update: ReviewUpdate, save: bool) -> None:
    """Write the review file when asked (or when creating it loses nothing); say what was done."""
    from debunk.review_files import save_review  # noqa: PLC0415

    path = update.review.path
    if update.status == "unchanged":
        click.echo(f"{path} is up to date (the introduction is unchanged)")
    elif not save:
        if update.status == "created":
            click.echo(f"{path} does not exist; not created (--out); add --save to create it")
            return
        changes = "; ".join(update.changes)
        click.echo(f"{path} records another selection ({changes}); not changed: the email uses the "
                   "command line's. Run again with --save to write it into the file.")  # fmt: skip
    else:
        try:
            save_review(root, update)
        except FileExistsError:
            raise click.ClickException(f"{path} appeared meanwhile; not replaced, run this again") from None
        if update.status == "created":
            click.echo(f"created {path}: write the introduction there, then run this again")
        else:
            click.echo(f"updated the selection in {path} (the introduction is unchanged)")


@main.command("import")
@click.argument(
    "format_name",
    metavar="FORMAT",
    type=click.Choice(["euvsdisinfo-fulltext", "euvsdisinfo-metadata", "debunk", "mapped"]),
)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@ROOT_OPTION
@click.option(
    "--into", type=click.Path(file_okay=False, path_type=Path), help="Folder for the case files [ROOT/cases]."
)
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Column -> field mapping (YAML or JSON) for FORMAT 'mapped'.",
)
@click.option(
    "--extend-vocabulary",
    is_flag=True,
    help="Add unknown keywords, outlets and countries to vocabularies/ instead of leaving them out.",
)
@click.option("--keep-duplicates", is_flag=True, help="Also import records that repeat another exactly.")
@click.option("--dry-run", is_flag=True, help="Print the report; write no case, vocabulary or manifest.")
@click.option(
    "--update",
    is_flag=True,
    help="Update the cases an earlier import of this data wrote (imports/*.json), unless edited since.",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as JSON to this file.",
)
def import_cases(
    *,
    format_name: str,
    files: tuple[Path, ...],
    root: Path,
    into: Path | None,
    mapping_file: Path | None,
    extend_vocabulary: bool,
    keep_duplicates: bool,
    dry_run: bool,
    update: bool,
    report_file: Path | None,
) -> None:
    """Write one case file per record of FILES, then print what was imported, fixed, flagged and skipped.

    FORMAT is euvsdisinfo-fulltext (the ';'-delimited CSV), euvsdisinfo-metadata (the metadata CSV,
    then optionally the sources CSV joined on the case URL), debunk (cases.csv or cases.jsonl from
    'debunk export') or mapped (any CSV or JSON, with --mapping). Existing files are never overwritten
    (--update: only a case this import wrote and nobody edited since): importing the same file again
    changes nothing. Exits 1 when a record was skipped for an error.
    """
    import json  # noqa: PLC0415

    from debunk.importer import FORMATS, ImportOptions, MappingError, load_mapping, run_import  # noqa: PLC0415

    if (format_name == "mapped") != (mapping_file is not None):
        raise click.UsageError("--mapping goes with FORMAT 'mapped', and only with it")
    try:
        mapping = load_mapping(mapping_file) if mapping_file is not None else FORMATS[format_name]
        options = ImportOptions(
            root, into or root / "cases", extend_vocabulary, keep_duplicates, dry_run=dry_run, update=update
        )
        report = run_import(format_name, mapping, list(files), options)
    except (MappingError, OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.table())
    if report_file is not None:  # asked for by name, so written even by a dry run
        text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
        write_file(report_file, text)
    failed = report.error_skips()
    if failed:
        click.echo(f"{failed} of {report.records} records skipped for errors (listed above)")
        raise SystemExit(1)


@main.command("export")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@ROOT_OPTION
def export_data(out: Path, root: Path) -> None:
    """Write the open data to OUT: cases.csv, cases.jsonl, datapackage.json, ClaimReview feed, schema."""
    from debunk.config import load_settings  # noqa: PLC0415
    from debunk.dates import repository_dates  # noqa: PLC0415
    from debunk.export import write_exports  # noqa: PLC0415
    from debunk.outputs import OutputRefusedError, content_file  # noqa: PLC0415

    inside = content_file(root, out)
    if inside is not None:
        raise click.ClickException(f"refusing to write into {out.as_posix()}: it is {inside}")
    content = _published(root, _loaded(root))
    for problem in content.errors:
        click.echo(str(problem), err=True)
    if content.errors:
        raise click.ClickException(f"{len(content.errors)} errors; fix them first (see debunk validate)")
    try:
        written = write_exports(content, load_settings(root), out, repository_dates(root, content.cases))
    except OutputRefusedError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path}")


main.add_command(links)
