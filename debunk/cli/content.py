"""The repository as the commands read it: loaded as the build loads it, and as the site publishes it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from debunk.content.repository import load_content

if TYPE_CHECKING:
    from debunk.content.repository import Content


def load_repository(root: Path) -> Content:
    """The repository as the build loads it: with the settings' case cache and archive rule
    (`archive_required_from`), so that generate, verify-site, digest and export see the cases
    the site publishes."""
    from debunk.settings import load_settings  # noqa: PLC0415

    try:
        settings = load_settings(root)
    except (ValueError, OSError):
        return load_content(root)  # the settings' own problems are reported by validate and the build
    return load_content(root, settings.cache_dir, archive_required_from=settings.archive_required_from)


def published(root: Path, content: Content) -> Content:
    """The content as the site publishes it today: held cases set aside (`debunk.content.held`)."""
    from debunk.content.held import build_day, publishable  # noqa: PLC0415
    from debunk.settings import load_settings  # noqa: PLC0415

    try:
        return publishable(content, build_day(load_settings(root).timezone))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
