"""Commands that write what the site publishes without MkDocs, and check a built site:
`generate`, `export` and `verify-site`."""

from __future__ import annotations

from pathlib import Path

import click

from debunk.cli.content import load_repository, published
from debunk.cli.options import ROOT_OPTION
from debunk.model import Severity


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@ROOT_OPTION
def generate(out: Path, root: Path) -> None:
    """Write every generated page as Markdown with front matter, for engines without MkDocs hooks.

    OUT mirrors a docs folder: index.md, cases/<year>/<id>.md, narratives/, keywords/, ...
    Links between pages are relative .md links. Content with errors is reported, not written.
    OUT must be new, empty or an earlier output of this command (its .debunk-generate.json lists
    the files it wrote): a folder holding any other file, or a page edited since, is refused.
    """
    from debunk.content.dates import repository_dates  # noqa: PLC0415
    from debunk.publish.outputs import Output, OutputRefusedError, check_output, content_file  # noqa: PLC0415
    from debunk.review.files import load_reviews  # noqa: PLC0415
    from debunk.review.pages import build_review_pages  # noqa: PLC0415
    from debunk.settings import load_settings  # noqa: PLC0415
    from debunk.site.pages import build_pages, build_site, write_pages  # noqa: PLC0415 - keeps `validate` quick

    inside = content_file(root, out)
    refusal = check_output(Output(out, "generate", exclusive=True))
    if inside is not None or refusal is not None:  # before the build: a refusal costs no wait
        raise click.ClickException(refusal or f"refusing to write into {out.as_posix()}: it is {inside}")
    loaded = load_repository(root)
    content = published(root, loaded)
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


@click.command("export")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@ROOT_OPTION
def export_data(out: Path, root: Path) -> None:
    """Write the open data to OUT: each year's CSV and ClaimReview feed, the whole CSV, JSON Lines
    and feed gzip-compressed, datapackage.json and the case schema.

    Files of OUT that an earlier export did not write are left alone (one of the same name is
    refused); files it wrote that this export no longer writes (a year without cases) are removed.
    """
    from debunk.content.dates import repository_dates  # noqa: PLC0415
    from debunk.publish.export import write_exports  # noqa: PLC0415
    from debunk.publish.outputs import OutputRefusedError, content_file  # noqa: PLC0415
    from debunk.settings import load_settings  # noqa: PLC0415

    inside = content_file(root, out)
    if inside is not None:
        raise click.ClickException(f"refusing to write into {out.as_posix()}: it is {inside}")
    content = published(root, load_repository(root))
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


@click.command("verify-site")
@click.argument("site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@ROOT_OPTION
def verify_site_command(site_dir: Path, root: Path) -> None:
    """Prove that a built site holds every case, narrative, term and index page, once.

    Also checks that each case is listed on the pages of each of its terms and narratives, and
    names each case file that has no page, with the errors that left it out; and that no file
    of the site shows a held case (a draft, or one whose `publish_on` is still to come: today
    in the configured time zone, or DEBUNK_TODAY as the build saw it).
    """
    from debunk.build.verify import held_in_site, unloaded_case_files, verify_site  # noqa: PLC0415
    from debunk.settings import load_settings  # noqa: PLC0415
    from debunk.site.pages import build_pages, build_site  # noqa: PLC0415

    content = published(root, load_repository(root))
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
