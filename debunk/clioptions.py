"""Options that several `debunk` commands share (the main group's and the `links` group's)."""

from __future__ import annotations

from pathlib import Path

import click

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="The repository root (the folder holding cases/ and vocabularies/).",
)
