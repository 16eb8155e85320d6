"""Options and arguments that several commands share (the main group's and the `links` group's).

It stays outside the `debunk.cli` package: `debunk.cli` imports `debunk.cli.links`, which needs
these, and a module of the package would make `import debunk.cli.links` on its own circular.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from debunk.model import Problem

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="The repository root (the folder holding cases/ and vocabularies/).",
)

FORMAT_OPTION = click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints GitHub Actions annotations and writes $GITHUB_STEP_SUMMARY.",
)


def selected(problem: Problem, selection: list[str]) -> bool:
    """Whether a problem is of a file in the selection (every problem when nothing is selected)."""
    return not selection or any(
        problem.path == item or problem.path.startswith(item + "/") for item in selection
    )


def path_selection(paths: tuple[Path, ...], root: Path) -> list[str]:
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
