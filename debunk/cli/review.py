"""`debunk digest`: the weekly review of a week or an issue, its file under reviews/ and its email."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from debunk.cli.content import load_repository, published
from debunk.cli.options import ROOT_OPTION

if TYPE_CHECKING:
    from debunk.content.repository import Content
    from debunk.model import Case
    from debunk.review.digest import Digest
    from debunk.review.files import ReviewUpdate
    from debunk.review.selection import Selection
    from debunk.settings import Settings


def _digest_selection(
    root: Path, week: str | None, issue: int | None, filters: dict[str, Any]
) -> tuple[Selection, Content, Settings]:
    """The resolved selection of `debunk digest`'s options, the content and the settings."""
    from debunk.review.selection import Selection, current_week, resolve_selection  # noqa: PLC0415
    from debunk.settings import load_settings  # noqa: PLC0415

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
    content = load_repository(root)
    selection, errors = resolve_selection(content, dataclasses.replace(base, **filters))
    if errors:
        raise click.UsageError("\n".join(errors))
    return selection, content, settings


@click.command()
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
    from debunk.content.held import held_notes  # noqa: PLC0415
    from debunk.review.digest import EmptySelectionError, build_digest  # noqa: PLC0415
    from debunk.review.email import write_email  # noqa: PLC0415
    from debunk.review.files import ReviewFileError, plan_review  # noqa: PLC0415

    selection, loaded, settings = _digest_selection(root, week, issue, filters)
    day = _review_day(selection, review_day, include_held)
    content, released = _review_content(root, loaded, day if include_held else None)
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
    click.echo(_summary(result))
    for line in held_notes(content, update.review.selection, released, day):
        click.echo(line)


def _review_content(
    root: Path, loaded: Content, release_day: dt.date | None
) -> tuple[Content, tuple[Case, ...] | None]:
    """The published content, with the held cases released by `release_day` (--include-held), and those.

    Content errors are a warning here: the cases they leave out are not in the review.
    """
    from debunk.content.held import with_released  # noqa: PLC0415

    content = published(root, loaded)
    released: tuple[Case, ...] | None = None
    if release_day is not None:
        content, released = with_released(content, release_day)
    if content.errors:
        click.echo(f"warning: {len(content.errors)} content error(s); those cases are left out "
                   "(run 'debunk validate')", err=True)  # fmt: skip
    return content, released


def _summary(result: Digest) -> str:
    """The review's title, its number of cases, and its new and rising narratives."""
    new = ", ".join(trend.title for trend in result.new_narratives) or "none"
    rising = ", ".join(trend.title for trend in result.rising_narratives) or "none"
    count = f"{len(result.cases)} case{'s' * (len(result.cases) != 1)}"
    return f"{result.title}: {count}; new narratives: {new}; rising: {rising}"


def _review_day(selection: Selection, value: str | None, include_held: bool) -> dt.date | None:
    """`--review-day`, else the last day of the selection's week; None when not needed."""
    from debunk.review.selection import week_days  # noqa: PLC0415

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
    from debunk.publish.outputs import content_file  # noqa: PLC0415

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
    from debunk.review.files import save_review  # noqa: PLC0415

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
