"""`debunk links check | archive`: the commands editors and the weekly workflow run."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from collections import Counter
from pathlib import Path

import click

from debunk.cli.options import ROOT_OPTION, path_selection
from debunk.content.files import write_file
from debunk.content.repository import Content, load_content
from debunk.links import WAYBACK_ENV
from debunk.links.report import (
    CACHE_FILE,
    PROBLEMS,
    REPORT_FILE,
    LinkResult,
    read_results,
    render,
    table,
)
from debunk.model import Case
from debunk.settings import Settings, load_settings

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
GONE = frozenset({"dead", "soft-404"})


@click.group()
def links() -> None:
    """Check that sources and archived copies still answer; archive sources that have no copy."""


def _load(root: Path, paths: tuple[Path, ...]) -> tuple[Settings, Content, list[Case]]:
    selection = path_selection(paths, root)
    settings = load_settings(root)
    content = load_content(root, settings.cache_dir or None)
    cases = [
        case
        for case in content.cases
        if not selection or any(case.path == item or case.path.startswith(item + "/") for item in selection)
    ]
    return settings, content, cases


def _agent(settings: Settings) -> str:
    from debunk.links.check import user_agent  # noqa: PLC0415 - requests loads in 0.3 s; other commands skip it

    return user_agent(settings.organisation, settings.organisation_url, importlib.metadata.version("debunk"))


def _previous(root: Path, settings: Settings) -> dict[tuple[str, str], LinkResult]:
    """Earlier results: the committed report, updated by the local cache where that is newer."""
    results = read_results(root / REPORT_FILE)
    if settings.cache_dir:
        for key, result in read_results(root / settings.cache_dir / CACHE_FILE).items():
            if key not in results or result.checked >= results[key].checked:
                results[key] = result
    return results


@links.command("check")
@_PATHS
@ROOT_OPTION
@click.option(
    "--concurrency", type=click.IntRange(min=1), default=8, show_default=True, help="Requests at once."
)
@click.option(
    "--per-host-interval",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to one host.",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, help="Seconds per request."
)
@click.option(
    "--max-age",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    help="Check a source that answered again after this many days (dead and failing links: every run).",
)
@click.option(
    "--archive-max-age",
    type=click.IntRange(min=0),
    default=90,
    show_default=True,
    help="The same for archived copies, which do not change.",
)
@click.option("--all", "check_all", is_flag=True, help="Check every link, however recently it was checked.")
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the results here."
)
@click.option(
    "--report/--no-report",
    default=None,
    help=f"Write {REPORT_FILE} (default: when no PATHS are given, i.e. for all cases).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when a link has a problem.")
def check_command(
    paths: tuple[Path, ...],
    root: Path,
    *,
    concurrency: int,
    per_host_interval: float,
    timeout: float,
    max_age: int,
    archive_max_age: int,
    check_all: bool,
    json_out: Path | None,
    report: bool | None,
    strict: bool,
) -> None:
    """Fetch every source and archive link of the cases (or those under PATHS) and report what is gone."""
    from debunk.links.check import CheckOptions, check_links, collect_links  # noqa: PLC0415

    settings, content, cases = _load(root, paths)
    options = CheckOptions(
        _agent(settings), concurrency, per_host_interval, timeout, max_age, archive_max_age, check_all
    )
    today = dt.date.today()
    previous = _previous(root, settings)
    results = check_links(collect_links(cases, content.vocabularies.archives), previous, options, today)
    report = not paths if report is None else report
    _save(
        root,
        settings,
        previous=previous,
        results=results,
        today=today,
        json_out=json_out,
        write_report=report,
    )
    click.echo(table(results, {case.id: case.path for case in cases}))
    if strict and any(result.status in PROBLEMS for result in results):
        raise SystemExit(1)


def _save(
    root: Path,
    settings: Settings,
    *,
    previous: dict[tuple[str, str], LinkResult],
    results: list[LinkResult],
    today: dt.date,
    json_out: Path | None,
    write_report: bool,
) -> None:
    if settings.cache_dir:
        merged = {**previous, **{result.key: result for result in results}}
        write_file(root / settings.cache_dir / CACHE_FILE, render(merged.values(), today))
    if json_out is not None:
        write_file(json_out, render(results, today))
    if write_report:
        write_file(root / REPORT_FILE, render(results, today))


@links.command("archive")
@_PATHS
@ROOT_OPTION
@click.option(
    "--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Captures to ask for at most."
)
@click.option(
    "--dry-run", is_flag=True, help="List the sources that would be archived; ask nothing, write nothing."
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0),
    default=5.0,
    show_default=True,
    help="Seconds between two capture requests (Save Page Now allows a few a minute).",
)
@click.option(
    "--wayback-url",
    envvar=WAYBACK_ENV,
    default=None,
    help=f"Save Page Now's address (default https://web.archive.org; env {WAYBACK_ENV}): tests, mirrors.",
)
@click.option(
    "--include-gone", is_flag=True, help="Also ask for sources the last check found dead or soft-404."
)
def archive_command(
    paths: tuple[Path, ...],
    root: Path,
    *,
    limit: int,
    dry_run: bool,
    interval: float,
    wayback_url: str | None,
    include_gone: bool,
) -> None:
    """Ask the Wayback Machine for a copy of each source that has none and write it into the case file."""
    from debunk.links.archive import archive_sources, wanted_archives, wayback_capture  # noqa: PLC0415

    settings, content, cases = _load(root, paths)
    gone = frozenset(
        url
        for (url, role), result in _previous(root, settings).items()
        if role == "source" and result.status in GONE and not include_gone
    )
    wanted = wanted_archives(cases, skip=gone)
    left_out = len(wanted_archives(cases)) - len(wanted)
    click.echo(
        f"{len(wanted) + left_out} source(s) without an archived copy; {left_out} of them left out: "
        f"the last check found them dead or soft-404 (--include-gone asks for them too)."
    )
    if dry_run:
        for item in wanted[:limit]:
            click.echo(f"would archive  {item.case.path}  {item.source.url}")
        return
    capture = wayback_capture(_agent(settings), wayback_url)
    outcomes = archive_sources(wanted[:limit], root.resolve(), content.vocabularies, capture, interval)
    for outcome in outcomes:
        click.echo(
            f"{outcome.status:<13} {outcome.wanted.case.path}  {outcome.wanted.source.url}  {outcome.detail}"
        )
    counts = Counter(outcome.status for outcome in outcomes)
    click.echo(
        ", ".join(f"{count} {status}" for status, count in sorted(counts.items())) or "nothing to archive"
    )
