"""The `debunk` command: what contributors and editors run.

`main` is the command group (the console script `debunk`); each command lives in the module
named for what it does:

- `check`: `validate`, `pr-check`, `schema`
- `cases`: `new`, `import`
- `publish`: `generate`, `export`, `verify-site`
- `review`: `digest`
- `links`: `links check`, `links archive` (the work itself is in `debunk.links`)

`content` loads the repository as the build does; `debunk.cli.options` holds what several
commands share (`--root`, `--format`, PATHS).
"""

from __future__ import annotations

from typing import Any

import click

from debunk.cli.cases import import_cases, new
from debunk.cli.check import pr_check, schema_command, validate
from debunk.cli.links import links
from debunk.cli.publish import export_data, generate, verify_site_command
from debunk.cli.review import digest
from debunk.settings import SettingsError

COMMANDS = (
    validate,
    pr_check,
    schema_command,
    new,
    import_cases,
    generate,
    export_data,
    verify_site_command,
    digest,
    links,
)


class _Group(click.Group):
    """The command group: wrong settings in mkdocs.yml end any command with their lines, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, commands=COMMANDS)
@click.version_option(package_name="debunk")
def main() -> None:
    """Build and check a debunk publication: one Markdown file per debunked claim."""
