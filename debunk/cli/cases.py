"""Commands that write case files: `new` (one, from the template) and `import` (one per record)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from debunk.cli.options import ROOT_OPTION
from debunk.content.files import write_file
from debunk.content.scaffold import ScaffoldError, new_case


@click.command()
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


@click.command("import")
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
    then optionally the sources CSV joined on the case URL), debunk (cases.jsonl.gz, cases.csv.gz or the
    cases-<year>.csv files of 'debunk export') or mapped (any CSV or JSON, with --mapping); a .gz file
    is read as it is. Existing files are never overwritten (--update: only a case this import wrote
    and nobody edited since): importing the same file again changes nothing. Exits 1 when a record
    was skipped for an error.
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
